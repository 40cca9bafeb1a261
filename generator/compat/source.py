"""Source compatibility: each target language's names for both sides, from the naming stage.

Languages are discovered by `generator.layer.registry` (a target module that defines `RULES`,
its `naming.LanguageRules`); their names are `naming.assign(namespace, RULES)`, the one naming
pass every target prints from. A finding's category is `source:<target name>`.

Two facts about what a target prints are not in `LanguageRules` yet, so they are kept here, next
to the defaults every new language gets (fields and enum members printed by their assigned names):

- TypeScript prints properties by their wire names (interfaces describe the JSON itself);
- Python and TypeScript print enum values as string literals (`Literal[...]`, `'a' | 'b'`), not as
  named members, and an open enum there accepts any string: only a closed enum's removed value
  breaks code written against it;
- Python types an optional field `Optional[T]` whether or not it is nullable (only a run-time
  check tells them apart), where the others have a third state (`T | null` with `?`,
  `Nullable<T>`, `Present<T>?`): an optional field's nullability is no Python source change;
- Rust and Dart print a union's variants by their assigned names (`Tool::Function`, a subclass
  per variant); Python, TypeScript and C# print a union of the variants' types;
- TypeScript has one `number` for integers and numbers: integer <-> number is no source change;
- a `match` / `switch` over a Rust enum or a Dart enum or sealed class must name every case: a
  new enum value or union variant breaks it (Rust's open enums too: `Other(String)` is one more
  case, not a wildcard; Dart's open enums are classes with constants, which no switch exhausts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from generator import ir
from generator.naming import LanguageRules, Names, assign

_FIELDS_BY_WIRE_NAME = frozenset({"typescript"})
_ENUM_VALUES_AS_LITERALS = frozenset({"python", "typescript"})
_OPTIONAL_NULLABLE_SAME_TYPE = frozenset({"python"})
_NAMED_VARIANTS = frozenset({"rust", "dart"})
_ONE_NUMBER_TYPE = frozenset({"typescript"})
_EXHAUSTIVE_CLOSED_ENUMS = frozenset({"rust", "dart"})
_EXHAUSTIVE_OPEN_ENUMS = frozenset({"rust"})


@dataclass(frozen=True)
class Language:
    name: str  # the target's name: python, typescript, rust, ...
    title: str  # Python, TypeScript, Rust
    names_fn: Callable[[ir.Namespace], Names] = field(compare=False)
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


def discover() -> list[Language]:
    """Every language of `generator.layer.registry` (a target with naming rules), in name order."""
    from generator.layer.registry import languages

    return [
        Language(
            name,
            lang.rules.language,
            _assigner(lang.rules),
            fields_by_wire_name=name in _FIELDS_BY_WIRE_NAME,
            enum_values_as_literals=name in _ENUM_VALUES_AS_LITERALS,
            optional_nullable_same_type=name in _OPTIONAL_NULLABLE_SAME_TYPE,
            named_variants=name in _NAMED_VARIANTS,
            one_number_type=name in _ONE_NUMBER_TYPE,
            exhaustive_closed_enums=name in _EXHAUSTIVE_CLOSED_ENUMS,
            exhaustive_open_enums=name in _EXHAUSTIVE_OPEN_ENUMS,
        )
        for name, lang in languages().items()
    ]


def _assigner(rules: LanguageRules) -> Callable[[ir.Namespace], Names]:
    return lambda ns: assign(ns, rules)
