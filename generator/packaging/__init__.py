"""Each target's package-name key, read without importing the target.

The configuration derives and checks every language's package name (`[tool.shapegen.<target>]
<key>`, a `PackageName`, below) on every run, the no-op run included. Importing
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
import keyword
import pkgutil
import re
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class BaseName:
    """The project's `name` ([tool.shapegen] name, e.g. 'acme.shop-shapes') in the two forms
    package names are derived from: `snake` ('acme_shop_shapes') and `pascal`, dotted like the
    name ('Acme.ShopShapes')."""

    snake: str
    pascal: str


@dataclass(frozen=True)
class PackageName:
    """The configuration key that names a language's package, `[tool.shapegen.<target>] <key>`,
    declared for the language as `PACKAGE_NAME` (see above): what a value must be
    (a regular expression the whole value matches, and the words it may not be) and how it is
    derived from the project's `name` when the key is not set. The configuration checks a value
    that a target would refuse before anything is generated, with its line."""

    key: str  # "package", "crate", "namespace", "module"
    pattern: str  # a value must match it as a whole
    what: str  # what a value is, for messages: "a pub package name (lower-case letters, digits, '_')"
    example: str  # a good value, for hints
    derive: Callable[[BaseName], str]
    # words a value may not be: each dotted part is checked against these and Python's keywords;
    # None: only an undotted Python keyword is refused (the value names a Python-side module)
    keywords: frozenset[str] | None = None
    # what else the target refuses, as a reason ("it lies inside System, ..."), else None
    refuses: Callable[[str], str | None] | None = None

    def malformed(self, value: str) -> bool:
        """Whether `value` is not of the declared form (`pattern`), or is a word it may not be
        (`keywords`; an undotted Python keyword always)."""
        if re.fullmatch(self.pattern, value) is None:
            return True
        if keyword.iskeyword(value):
            return self.keywords is None or "." not in value
        return self.keywords is not None and any(part in self.keywords for part in value.split("."))

    def problem(self, value: str) -> str | None:
        """Why the target refuses `value` as its package name, or None when it takes it: the one
        check the configuration and the target's render both make."""
        if self.malformed(value):
            return f"it is not {self.what}"
        return self.refuses(value) if self.refuses is not None else None


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
