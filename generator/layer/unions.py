"""Union dispatch: how every language picks the variant of a union, decided once.

`dispatch(union, namespace)` returns one of:

- `ByTag(property, cases, open)`: read the string property `property`; `cases` maps each tag
  value to the index of its variant. `open` (= `Union_.open`, responses only): an object whose
  tag is a string none of the known values is accepted and kept as it is (a catch-all variant:
  `Unknown { raw }` in Rust, a catch-all model in Python, `{ type: string & {} }` in
  TypeScript); closed: it is rejected, naming the property and the known values.
- `ByJsonType(cases)`: the variants' JSON types are disjoint (`"inf" | integer`: string vs
  integer); `cases` maps each JSON type (`null boolean integer number string array object`)
  to one variant index. An integer goes to an `integer` case first, else to a `number` case.
  The chosen variant still validates the value in full (`"inf"` is the only string).
- `InOrder(exclusive)`: try each variant in order. `exclusive` (`oneOf`): the value must match
  exactly one, and a value matching two is rejected in every language; not exclusive (`anyOf`):
  the first that matches wins.

`detect_tag(branches, declared=None)` is the one tag detection, on JSON Schema objects (each
branch already followed through pure `$ref`s): the lowering calls it, and so can the validators
compiler (`generator/validators/compiler.py`, `_tag_dispatch`: pass the branch schemas). A tag is
a property every branch requires, whose schema is a string `const` (or an `enum` of strings),
with no value shared by two branches; the `discriminator`'s `propertyName` is tried first, then
each branch-0 required property in order. Keys other than `const`/`enum`/`type`, annotations and
`x-` extensions disqualify a property (`{const: "a", pattern: ...}` is not a plain tag).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence, Union

from generator import ir

# keywords that never affect validation (a tag property may carry them)
ANNOTATIONS = frozenset(
    {
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "discriminator",
        "nullable",
    }
)

JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")


@dataclass(frozen=True)
class Tag:
    """A detected tag: the property, and the tag values each branch accepts (in branch order)."""

    property: str
    values: tuple[tuple[str, ...], ...]
    # every branch says `type: object` (a non-object can then be rejected before the tag is read)
    all_objects: bool


def _tag_values(prop: Any) -> tuple[str, ...] | None:
    if not isinstance(prop, Mapping):
        return None
    if any(k not in ("const", "enum", "type") and k not in ANNOTATIONS and not k.startswith("x-") for k in prop):
        return None
    if "type" in prop and prop["type"] != "string":
        return None
    if "const" in prop:
        if type(prop["const"]) is not str:
            return None
        if "enum" in prop and not (isinstance(prop["enum"], list) and prop["const"] in prop["enum"]):
            return None
        return (prop["const"],)
    enum = prop.get("enum")
    if isinstance(enum, list) and enum and all(type(v) is str for v in enum):
        return tuple(dict.fromkeys(enum))
    return None


def detect_tag(branches: Sequence[Any], declared: str | None = None) -> Tag | None:
    """The tag of a union whose branches are these schemas, or None (see the module notes)."""
    if len(branches) < 2 or not all(isinstance(b, Mapping) for b in branches):
        return None
    first = branches[0]
    required0 = first.get("required")
    candidates = [declared] if isinstance(declared, str) else []
    candidates += [r for r in (required0 if isinstance(required0, list) else []) if isinstance(r, str)]
    for tag in dict.fromkeys(candidates):
        values: list[tuple[str, ...]] = []
        for b in branches:
            req, props = b.get("required"), b.get("properties")
            if not (isinstance(req, list) and tag in req and isinstance(props, Mapping) and tag in props):
                break
            vals = _tag_values(props[tag])
            if not vals:
                break
            values.append(vals)
        else:
            flat = [v for vals in values for v in vals]
            if len(flat) == len(set(flat)):
                return Tag(tag, tuple(values), all(b.get("type") == "object" for b in branches))
    return None


# ---------------------------------------------------------------- dispatch over the IR


@dataclass(frozen=True)
class ByTag:
    property: str
    cases: tuple[tuple[str, int], ...]  # (tag value, variant index), in variant order
    open: bool

    def variant_of(self, value: str) -> int | None:
        return dict(self.cases).get(value)


@dataclass(frozen=True)
class ByJsonType:
    cases: tuple[tuple[str, int], ...]  # (JSON type, variant index), in JSON_TYPES order


@dataclass(frozen=True)
class InOrder:
    exclusive: bool


Dispatch = Union[ByTag, ByJsonType, InOrder]


def json_types(t: ir.Type, ns: ir.Namespace, _seen: frozenset[str] = frozenset()) -> frozenset[str]:
    """The JSON types a value of `t` can have (`integer` is listed apart from `number`; a
    `number` type accepts both)."""
    if isinstance(t, ir.Primitive):
        return frozenset({t.kind} | ({"integer"} if t.kind == "number" else set()))
    if isinstance(t, ir.Literal):
        v = t.value
        if isinstance(v, bool):
            return frozenset({"boolean"})
        if isinstance(v, int):
            return frozenset({"integer"})
        if isinstance(v, float):
            return frozenset({"integer", "number"} if v.is_integer() else {"number"})
        return frozenset({"string"})
    if isinstance(t, ir.Array):
        return frozenset({"array"})
    if isinstance(t, ir.Map):
        return frozenset({"object"})
    if isinstance(t, ir.Nullable):
        return json_types(t.inner, ns, _seen) | {"null"}
    if isinstance(t, ir.Ref):
        if t.name in _seen:
            return frozenset(JSON_TYPES)
        shape = ns.shape(t.name)
        seen = _seen | {t.name}
        if isinstance(shape, ir.Object):
            return frozenset({"object"})
        if isinstance(shape, ir.Enum):
            return frozenset({"string"})
        if isinstance(shape, ir.Alias):
            return json_types(shape.type, ns, seen) | ({"null"} if shape.nullable else set())
        out: frozenset[str] = frozenset()
        for variant in shape.variants:
            out |= json_types(variant.type, ns, seen)
        return out
    return frozenset(JSON_TYPES)


def dispatch(union: ir.Union_, ns: ir.Namespace) -> Dispatch:
    """How a value of `union` finds its variant (see the module notes)."""
    if union.tag is not None and all(v.tag_value is not None for v in union.variants):
        return ByTag(union.tag, tuple((v.tag_value, i) for i, v in enumerate(union.variants)), union.open)  # type: ignore[misc]
    types = [json_types(v.type, ns) for v in union.variants]
    taken: dict[str, int] = {}
    for i, ts in enumerate(types):
        for jt in ts:
            if jt in taken:
                return InOrder(union.exclusive)
            taken[jt] = i
    return ByJsonType(tuple((jt, taken[jt]) for jt in JSON_TYPES if jt in taken))
