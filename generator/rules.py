"""What a language declares about its names, and the answers it gets: the vocabulary shared by
the naming stage (`generator.naming`, which runs the pass), the decide stage (`generator.decide`,
which runs it once per language per namespace) and the targets (which declare their `RULES` with
it and read the decided `Names`, never running the pass themselves).

- case styles: `words`, `pascal_case`, `camel_case`, `snake_case`, `screaming_snake_case`;
- `LanguageRules`: a language's case styles, keywords, reserved names, how it dodges a keyword,
  its associated names (`Associated`) and its own rules beyond the generic pass (`refine`);
- `Names`: the names one language gets for one namespace; `Collision`: a collision the pass
  resolved.
"""

from __future__ import annotations

import hashlib

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Union

if TYPE_CHECKING:
    from generator import ir
    from generator.decide import DecidedNamespace

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
    return list(_words(name, spell_punctuation))


@functools.lru_cache(maxsize=65536)
def _words(name: str, spell_punctuation: bool) -> tuple[str, ...]:
    # every language names the same wire names again: split each once per run
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    if spell_punctuation:
        text = "".join(f" {_SPELLED[c]} " if c in _SPELLED else c for c in text)
    return tuple(w.lower() for w in _WORD.findall(text))


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
    # union variants (default: type_case); the namespace's module / file stem; one file per shape
    variant_case: Callable[[str], str] | None = None
    module_case: Callable[[str], str] | None = None
    file_case: Callable[[str], str] | None = None
    # names derived from shapes and fields (`<Enum>_VALUES`, `<field>_or_default`, catch-alls)
    associated: tuple["Associated", ...] = ()
    # the language's own rules beyond the generic pass, applied to its finished names (C#: no
    # member named like its enclosing type; TypeScript: properties keep their wire names): the
    # names every consumer sees (the target, the docs, `breaking`) are the refined ones
    refine: Callable[[ir.Namespace, "Names"], "Names"] | None = None
    # the language's rules that need the decide stage's other answers too (the graph: which aliases
    # refer to themselves, ...), applied after `refine` by the decide stage
    refine_decided: Callable[["DecidedNamespace", "Names"], "Names"] | None = None


@dataclass(frozen=True)
class Associated:
    """A name a target derives from a shape or a field, declared once in its rules.

    key: how the target asks for it (`names.associated(key, shape[, wire])`);
    of: which things get one: "enum", "open-enum", "object", "union", "open-union", "shape"
        (every shape), "field", "default-field" (fields with a default);
    scope: "types" (beside the namespace's type names: constants, helper types) or "members"
        (inside the shape, beside its fields / members / variants: accessors, catch-alls);
    candidates: format strings over {type} (the shape's name in this language), {shape} (the
        IR name), {field} (the field's name in this language), or callables of those three.
    """

    key: str
    of: str
    scope: str
    candidates: tuple[Union[str, Callable[[str, str, str], str]], ...]


@dataclass(frozen=True)
class Collision:
    """Two things that wanted one name in one scope, and what the later one got."""

    scope: str  # "types of <ns>" / "<Shape> fields" / "<Enum> members" / "<Union> variants"
    wanted: str
    first: str  # a place: "file#pointer" or "Shape.wire"
    second: str
    given: str


@dataclass
class Names:
    """The names one target uses: types by shape, fields by (shape, wire name), enum members by
    (shape, value), variants by (union, index), associated names by (key, shape, wire or "")."""

    rules: LanguageRules
    types: dict[str, str] = field(default_factory=dict)
    fields: dict[tuple[str, str], str] = field(default_factory=dict)
    members: dict[tuple[str, str], str] = field(default_factory=dict)
    variants: dict[tuple[str, int], str] = field(default_factory=dict)
    extra: dict[tuple[str, str, str], str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    module: str = ""
    collisions: list[Collision] = field(default_factory=list)

    def type(self, shape_name: str) -> str:
        return self.types[shape_name]

    def field(self, shape_name: str, wire_name: str) -> str:
        return self.fields[(shape_name, wire_name)]

    def member(self, shape_name: str, value: str) -> str:
        return self.members[(shape_name, value)]

    def variant(self, union_name: str, index: int) -> str:
        return self.variants[(union_name, index)]

    def associated(self, key: str, shape_name: str, wire_name: str = "") -> str:
        return self.extra[(key, shape_name, wire_name)]

    def file(self, shape_name: str) -> str:
        return self.files[shape_name]


NAME_MAX = 255  # bytes in one file or folder name on every file system shapegen writes to


def fitting_file_name(stem: str, suffix: str) -> str:
    """`stem + suffix`, or, when that passes NAME_MAX bytes (a long shape name, or an inline schema
    named after a long chain of parents), the stem cut at a character boundary and ended by a hash
    of the whole stem: still unique and stable, and the same in every run and on every machine."""
    name = stem + suffix
    if len(name.encode("utf-8")) <= NAME_MAX:
        return name
    digest = "-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:16]
    budget = NAME_MAX - len(digest) - len(suffix.encode("utf-8"))
    cut = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    return cut + digest + suffix
