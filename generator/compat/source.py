"""Source compatibility: each target language's names for both sides, from the decide stage.

Languages are discovered by `generator.layer.registry` (a target module that defines `RULES`,
its `naming.LanguageRules`). Their names are the decided ones (`generator.decide`): the names
each target prints, its own rules (`LanguageRules.refine`, such as C#'s properties named like
their type) included. What else a comparison must know of the source a language prints (which
changes break code written against it) is declared by the target module itself, next to its
`RULES`, as `SOURCE_TRAITS` (`generator.targets.base.SourceTraits`); a language that declares
none gets the defaults. Nothing here names a language. A finding's category is
`source:<target name>`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable

from generator import ir
from generator.decide import DecidedNamespace, decide_namespace
from generator.naming import Names
from generator.targets.base import SourceTraits


@dataclass(frozen=True)
class Language:
    name: str  # the target's name: python, typescript, rust, ...
    title: str  # Python, TypeScript, Rust
    names_fn: Callable[[ir.Namespace], Names] = field(compare=False)
    # the traits of SourceTraits, one field each (see there)
    fields_by_wire_name: bool = False
    enum_values_as_literals: bool = False
    optional_nullable_same_type: bool = False
    named_variants: bool = False
    one_number_type: bool = False
    exhaustive_closed_enums: bool = False
    exhaustive_open_enums: bool = False

    @property
    def category(self) -> str:
        return f"source:{self.name}"


class _Decisions:
    """The decided namespaces of the sides being compared, so that each namespace is decided
    once however many languages ask for its names."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[ir.Namespace, DecidedNamespace]] = {}

    def names(self, ns: ir.Namespace, language: str) -> Names:
        found = self._by_id.get(id(ns))
        if found is None or found[0] is not ns:
            if len(self._by_id) > 16:  # a comparison holds two sides at a time
                self._by_id.clear()
            found = self._by_id[id(ns)] = (ns, decide_namespace(ns))
        return found[1].names(language)


def discover() -> list[Language]:
    """Every language of `generator.layer.registry` (a target with naming rules), in name order."""
    from generator.layer.registry import languages

    decisions = _Decisions()
    return [
        Language(
            name,
            lang.rules.language,
            _names_of(decisions, name),
            **dataclasses.asdict(
                lang.source_traits if isinstance(lang.source_traits, SourceTraits) else SourceTraits()
            ),
        )
        for name, lang in languages().items()
    ]


def _names_of(decisions: _Decisions, language: str) -> Callable[[ir.Namespace], Names]:
    return lambda ns: decisions.names(ns, language)
