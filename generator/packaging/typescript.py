"""The typescript target's package, `[tool.shapegen.typescript] package` (an npm package name):
declared here, where the configuration reads it without importing the target."""

from __future__ import annotations

from generator.packaging import PackageName

PACKAGE_NAME = PackageName(
    key="package",
    pattern=r"(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*",
    what="an npm package name",
    example="shop-shapes",
    derive=lambda name: name.snake.replace("_", "-"),
)
