"""Names, decided once per target language.

The IR keeps wire names and language-neutral PascalCase shape names. Each target builds a
`LanguageRules` (case styles, keywords, names its runtime reserves, how to dodge a keyword) and
calls `assign`, which returns the `Names` its templates use. Collisions are resolved here, once,
deterministically; the wire name always survives as an alias in the generated code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from generator import ir
from generator.errors import ShapegenError

# camelCase humps split words, letter/digit boundaries do not: pcm16, G711Ulaw -> g711 ulaw
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z0-9]+")
_SPELLED = {
    "-": "dash",
    ".": "dot",
    "/": "slash",
    "+": "plus",
    ":": "colon",
    "@": "at",
    " ": "space",
    "*": "star",
    "#": "hash",
    "$": "dollar",
    "%": "percent",
    "&": "and",
    "=": "eq",
    "~": "tilde",
}


def words(name: str, *, spell_punctuation: bool = False) -> list[str]:
    """Split an identifier or wire value into lower-case words: camelCase, snake_case,
    kebab-case, dotted.names and digits all split the same way."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    if spell_punctuation:
        text = "".join(f" {_SPELLED[c]} " if c in _SPELLED else c for c in text)
    return [w.lower() for w in _WORD.findall(text)]


def pascal_case(name: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words(name))


def camel_case(name: str) -> str:
    p = pascal_case(name)
    return p[:1].lower() + p[1:]


def snake_case(name: str) -> str:
    return "_".join(words(name))


def screaming_snake_case(name: str) -> str:
    return snake_case(name).upper()


@dataclass(frozen=True)
class LanguageRules:
    language: str
    type_case: Callable[[str], str]
    field_case: Callable[[str], str]
    member_case: Callable[[str], str]
    keywords: frozenset[str]
    # names a field may not take (runtime attributes such as pydantic's `model_config`)
    reserved_fields: frozenset[str] = frozenset()
    # names a type may not take (prelude or global names: `Option`, `Record`, ...)
    reserved_types: frozenset[str] = frozenset()
    # how an identifier that is a keyword or reserved is changed: `from` -> `from_`
    dodge: Callable[[str], str] = lambda name: name + "_"
    # the name used when casing leaves nothing (a wire name such as "" or "+")
    empty: str = "value"


@dataclass
class Names:
    """The names one target uses: types by shape, fields by (shape, wire name), enum members by
    (shape, value)."""

    rules: LanguageRules
    types: dict[str, str] = field(default_factory=dict)
    fields: dict[tuple[str, str], str] = field(default_factory=dict)
    members: dict[tuple[str, str], str] = field(default_factory=dict)

    def type(self, shape_name: str) -> str:
        return self.types[shape_name]

    def field(self, shape_name: str, wire_name: str) -> str:
        return self.fields[(shape_name, wire_name)]

    def member(self, shape_name: str, value: str) -> str:
        return self.members[(shape_name, value)]


def _identifier(raw: str, rules: LanguageRules, case: Callable[[str], str], reserved: frozenset[str]) -> str:
    name = case(raw) or case(rules.empty)
    if name[0].isdigit():
        name = case(rules.empty + "_" + raw) if case(rules.empty + "_" + raw) else "_" + name
    if name in rules.keywords or name in reserved:
        name = rules.dodge(name)
    return name


def _assign_unique(
    items: list[str],
    make: Callable[[str, bool], str],
    prefix: Callable[[str], str],
) -> dict[str, str]:
    """Name every item; on a collision the later item (in schema order) is spelled with its
    punctuation written out, then with the parent's name in front: never a counter."""
    taken: dict[str, str] = {}
    out: dict[str, str] = {}
    # an item the language spells with nothing lost but letter case keeps that spelling
    natural = [item for item in items if make(item, False).lower() == item.lower()]
    for item in natural + [item for item in items if item not in natural]:
        candidates = [make(item, False), make(item, True), prefix(make(item, False))]
        for candidate in candidates:
            if candidate not in taken:
                break
        else:
            raise ShapegenError(
                f"cannot give {item!r} a name of its own: {candidates[0]!r} is already used by {taken[candidates[0]]!r}",
                hint="rename one of the two in the schema",
            )
        taken[candidate] = item
        out[item] = candidate
    return {item: out[item] for item in items}


def assign(namespace: ir.Namespace, rules: LanguageRules) -> Names:
    names = Names(rules)
    by_language: dict[str, str] = {}
    for shape in namespace.shapes:
        name = _identifier(shape.name, rules, rules.type_case, rules.reserved_types)
        if name in by_language:
            raise ShapegenError(
                f"shapes {by_language[name]!r} and {shape.name!r} both become {name!r} in {rules.language}",
                where=f"{shape.source.file}#{shape.source.pointer}",
                hint="rename one of them so that their names differ by more than case or punctuation",
            )
        by_language[name] = shape.name
        names.types[shape.name] = name

    for shape in namespace.shapes:
        parent = rules.field_case(shape.name)
        if isinstance(shape, ir.Object):
            wire = [f.wire_name for f in shape.fields]
            chosen = _assign_unique(
                wire,
                lambda w, spell: _identifier(
                    "_".join(words(w, spell_punctuation=spell)) if spell else w,
                    rules,
                    rules.field_case,
                    rules.reserved_fields,
                ),
                lambda n: rules.field_case(parent + "_" + n),
            )
            for w, n in chosen.items():
                names.fields[(shape.name, w)] = n
        elif isinstance(shape, ir.Enum):
            chosen = _assign_unique(
                list(shape.values),
                lambda v, spell: _identifier(
                    "_".join(words(v, spell_punctuation=spell)) if spell else v, rules, rules.member_case, frozenset()
                ),
                lambda n: rules.member_case(shape.name + "_" + n),
            )
            for v, n in chosen.items():
                names.members[(shape.name, v)] = n
    return names
