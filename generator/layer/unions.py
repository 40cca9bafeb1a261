"""Union dispatch: how every language picks the variant of a union, decided once.

`dispatch(union, namespace)` returns one of:

- `ByTag(property, cases, open)`: read the string property `property`; `cases` maps each tag
  value to the index of its variant. `open` (= `Union_.open`, responses only): an object whose
  tag is a string none of the known values is accepted and kept as it is (a catch-all variant:
  `Unknown { raw }` in Rust, a catch-all model in Python, `{ type: UnknownTag }` in
  TypeScript); closed: it is rejected, naming the property and the known values.
- `ByJsonType(cases)`: the variants' JSON types are disjoint (`"inf" | integer`: string vs
  integer); `cases` maps each JSON type (`null boolean integer number string array object`)
  to one variant index. An integer goes to an `integer` case first, else to a `number` case.
  The chosen variant still validates the value in full (`"inf"` is the only string).
- `InOrder(exclusive)`: try each variant in order. `exclusive` (`oneOf`): the value must match
  exactly one, and a value matching two is rejected in every language; not exclusive (`anyOf`):
  the first that matches wins.

A tag may be absent where the schema says which variant that means: one variant leaves the tag
out of `required` and gives its tag property a `default` equal to its own constant
(`type: {const: audio/pcm, default: audio/pcm}`). `Tag.default` / `ByTag.default` is then that
variant; every language reads a value without the tag as that variant, and writes the value back
without the tag (what was set), as the JSON Schema bundle's `oneOf` gives too (the other
variants require the tag).

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
from collections.abc import Mapping as _AbcMapping
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


# what isinstance(x, Mapping) accepts, a dict found without asking the ABC (most schemas are dicts)
_MAPPINGS = (dict, _AbcMapping)


@dataclass(frozen=True)
class Tag:
    """A detected tag: the property, and the tag values each branch accepts (in branch order)."""

    property: str
    values: tuple[tuple[str, ...], ...]
    # every branch says `type: object` (a non-object can then be rejected before the tag is read)
    all_objects: bool
    # the branch a value without the tag is (see the module notes), or None: the tag is required
    default: int | None = None


def _default_branch(branch: Mapping[str, Any], tag: str) -> bool:
    """Whether `branch` is the one a value without `tag` is: the tag is not required there, and its
    property's `default` is its own single constant."""
    props = branch.get("properties")
    prop = props.get(tag) if isinstance(props, _MAPPINGS) else None
    vals = _tag_values(prop)
    return (
        vals is not None
        and len(vals) == 1
        and isinstance(prop, _MAPPINGS)
        and "default" in prop
        and prop["default"] == vals[0]
    )


def _tag_values(prop: Any) -> tuple[str, ...] | None:
    if not isinstance(prop, _MAPPINGS):
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
    if len(branches) < 2 or not all(isinstance(b, _MAPPINGS) for b in branches):
        return None
    first = branches[0]
    required0 = first.get("required")
    candidates = [declared] if isinstance(declared, str) else []
    candidates += [r for r in (required0 if isinstance(required0, list) else []) if isinstance(r, str)]
    for b in branches:  # a branch that may go without the tag names it through its default
        for name, prop in (b.get("properties") or {}).items() if isinstance(b.get("properties"), _MAPPINGS) else ():
            if isinstance(prop, _MAPPINGS) and "default" in prop and isinstance(name, str):
                candidates.append(name)
    for tag in dict.fromkeys(candidates):
        values: list[tuple[str, ...]] = []
        default: list[int] = []
        for i, b in enumerate(branches):
            req, props = b.get("required"), b.get("properties")
            if not (isinstance(props, _MAPPINGS) and tag in props):
                break
            if not (isinstance(req, list) and tag in req):
                if not _default_branch(b, tag):
                    break
                default.append(i)
            vals = _tag_values(props[tag])
            if not vals:
                break
            values.append(vals)
        else:
            flat = [v for vals in values for v in vals]
            if len(flat) == len(set(flat)) and len(default) <= 1:
                objects = all(b.get("type") == "object" for b in branches)
                return Tag(tag, tuple(values), objects, default[0] if default else None)
    return None


# ---------------------------------------------------------------- dispatch over the IR


@dataclass(frozen=True)
class ByTag:
    property: str
    cases: tuple[tuple[str, int], ...]  # (tag value, variant index), in variant order
    open: bool
    # the variant index a value without the tag property is, or None: the tag is required
    default: int | None = None

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
    `number` type accepts both). A reference met again on its own path counts as any type.

    The types of a referenced shape are worked out once per namespace (a chain of unions, each a
    variant of the one before, is walked once, not once per link); a shape whose walk met such a
    cycle is not remembered, since its answer depends on the path it was reached by."""
    memo: dict[str, frozenset[str]] | None = ns.__dict__.get("_json_types")
    if memo is None:
        memo = {}
        object.__setattr__(ns, "_json_types", memo)  # a cache, not a field, as Namespace.shape's index
    return _json_types(t, ns, _seen, memo, [0])


def _json_types(
    t: ir.Type, ns: ir.Namespace, seen: frozenset[str], memo: dict[str, frozenset[str]], cycles: list[int]
) -> frozenset[str]:
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
        return _json_types(t.inner, ns, seen, memo, cycles) | {"null"}
    if isinstance(t, ir.Ref):
        if t.name in seen:
            cycles[0] += 1
            return frozenset(JSON_TYPES)
        found = memo.get(t.name)
        if found is not None:
            return found
        shape = ns.shape(t.name)
        inner = seen | {t.name}
        before = cycles[0]
        if isinstance(shape, ir.Object):
            out = frozenset({"object"})
        elif isinstance(shape, ir.Enum):
            out = frozenset({"string"})
        elif isinstance(shape, ir.Alias):
            out = _json_types(shape.type, ns, inner, memo, cycles) | ({"null"} if shape.nullable else set())
        else:
            out = frozenset()
            for variant in shape.variants:
                out |= _json_types(variant.type, ns, inner, memo, cycles)
        if cycles[0] == before:
            memo[t.name] = out
        return out
    return frozenset(JSON_TYPES)


def dispatch(union: ir.Union_, ns: ir.Namespace) -> Dispatch:
    """How a value of `union` finds its variant (see the module notes)."""
    if union.tag is not None and all(v.tag_value is not None for v in union.variants):
        default = next((i for i, v in enumerate(union.variants) if v.tag_value == union.default_tag), None)
        cases = tuple((v.tag_value, i) for i, v in enumerate(union.variants))
        return ByTag(union.tag, cases, union.open, default if union.default_tag is not None else None)  # type: ignore[arg-type]
    types = [json_types(v.type, ns) for v in union.variants]
    taken: dict[str, int] = {}
    for i, ts in enumerate(types):
        for jt in ts:
            if jt in taken:
                return InOrder(union.exclusive)
            taken[jt] = i
    return ByJsonType(tuple((jt, taken[jt]) for jt in JSON_TYPES if jt in taken))
