"""The go target's module, `[tool.shapegen.go] module` (a Go module path): declared here, where the
configuration reads it without importing the target."""

from __future__ import annotations

from generator.packaging import PackageName

# the module path of go.mod and of every import
PACKAGE_NAME = PackageName(
    key="module",
    pattern=r"[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9._~-]+)*",
    what="a Go module path",
    example="example.com/shopshapes",
    derive=lambda name: "example.com/" + name.snake.replace("_", ""),
    refuses=lambda path: _refused_module(path),
)


def _refused_module(path: str) -> str | None:
    return "it has '..', which no module path may have" if ".." in path else None
