"""Targets are discovered, not listed: every module here that defines `TARGET` is one. Adding a
language is adding a module (and its template folder, and `generator/packaging/<name>.py` for its
package name); nothing else changes."""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from generator.errors import ShapegenError

if TYPE_CHECKING:  # the configuration lists targets (by module name) without loading this contract
    from generator.targets.base import Target


def available() -> dict[str, Target]:
    found: dict[str, Target] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        target = getattr(module, "TARGET", None)
        if target is not None:
            found[target.name] = target
    return found


def select(names: list[str] | tuple[str, ...]) -> list[Target]:
    known = available()
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ShapegenError(
            f"unknown target(s): {', '.join(unknown)}", hint=f"known targets: {', '.join(sorted(known))}"
        )
    return [known[n] for n in names]
