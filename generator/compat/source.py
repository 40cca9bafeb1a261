"""Source compatibility: each target language's names for both sides, from the naming stage.

Languages are discovered from `generator.targets`: a target module that defines `RULES` (its
`naming.LanguageRules`) names things; its `names_for(namespace)` is used when it has one, else
`naming.assign(namespace, RULES)`. A finding's category is `source:<target name>`.

Two facts about what a target prints are not in `LanguageRules` yet, so they are kept here, next
to the defaults every new language gets (fields and enum members printed by their assigned names):

- TypeScript prints properties by their wire names (interfaces describe the JSON itself);
- Python and TypeScript print enum values as string literals (`Literal[...]`, `'a' | 'b'`), not as
  named members, and an open enum there accepts any string: only a closed enum's removed value
  breaks code written against it.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable

from generator import ir
from generator.naming import LanguageRules, Names, assign

_FIELDS_BY_WIRE_NAME = frozenset({"typescript"})
_ENUM_VALUES_AS_LITERALS = frozenset({"python", "typescript"})


@dataclass(frozen=True)
class Language:
    name: str  # the target's name: python, typescript, rust, ...
    title: str  # Python, TypeScript, Rust
    names_fn: Callable[[ir.Namespace], Names] = field(compare=False)
    fields_by_wire_name: bool = False
    enum_values_as_literals: bool = False

    @property
    def category(self) -> str:
        return f"source:{self.name}"


def discover() -> list[Language]:
    import generator.targets as targets

    found: dict[str, Language] = {}
    for info in sorted(pkgutil.iter_modules(targets.__path__), key=lambda m: m.name):
        if info.name == "base" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{targets.__name__}.{info.name}")
        rules = getattr(module, "RULES", None)
        target = getattr(module, "TARGET", None)
        if not isinstance(rules, LanguageRules) or target is None:
            continue
        name = str(target.name)
        names_fn = getattr(module, "names_for", None)
        if not callable(names_fn):
            names_fn = _assigner(rules)
        found[name] = Language(
            name,
            rules.language,
            names_fn,
            fields_by_wire_name=name in _FIELDS_BY_WIRE_NAME,
            enum_values_as_literals=name in _ENUM_VALUES_AS_LITERALS,
        )
    return list(found.values())


def _assigner(rules: LanguageRules) -> Callable[[ir.Namespace], Names]:
    return lambda ns: assign(ns, rules)
