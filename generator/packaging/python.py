"""The python target's package, `[tool.shapegen.python] package`: declared here, where the
configuration reads it without importing the target."""

from __future__ import annotations

import sys

from generator.packaging import PackageName

PACKAGE_NAME = PackageName(
    key="package",
    pattern=r"[A-Za-z_][A-Za-z0-9_]*",
    what="a Python package name",
    example="shop_shapes",
    derive=lambda name: name.snake,
    # installed, a package named like a standard-library module would hide it from every program
    refuses=lambda package: (
        "it is the name of a module of Python's standard library, which the package would hide"
        if package in sys.stdlib_module_names
        else None
    ),
)
