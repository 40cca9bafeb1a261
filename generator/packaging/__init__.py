"""Each target's package-name key, read without importing the target.

The configuration derives and checks every language's package name (`[tool.shapegen.<target>]
<key>`, a `generator.targets.base.PackageName`) on every run, the no-op run included. Importing
a target to read its `PACKAGE_NAME` would load its templates, naming rules and everything it
renders with, so a target declares it in a module of its own here, `generator/packaging/<target>.py`
(named like the target's module), as `PACKAGE_NAME`: a `PackageName`, or None for a target that
names no package. The target module imports it from there.

A target without a module here may still declare `PACKAGE_NAME` in its own module; the
configuration then imports the target to read it. Either way, adding a language is adding its
files: nothing here lists the targets.
"""

from __future__ import annotations

import importlib
import pkgutil

from generator.targets.base import PackageName


def declared(targets: tuple[str, ...]) -> dict[str, PackageName]:
    """The package-name key of each of `targets` (module names in `generator/targets/`) that
    declares one, by target name, in the order given."""
    here = {m.name for m in pkgutil.iter_modules(__path__)}
    out: dict[str, PackageName] = {}
    for name in targets:
        if name in here:
            found = getattr(importlib.import_module(f"{__name__}.{name}"), "PACKAGE_NAME", None)
        else:  # declared, if at all, in the target's own module
            module = importlib.import_module(f"generator.targets.{name}")
            target = getattr(module, "TARGET", None)
            if target is None:
                continue
            name, found = target.name, getattr(module, "PACKAGE_NAME", None)
        if isinstance(found, PackageName):
            out[name] = found
    return out
