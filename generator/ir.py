"""The intermediate representation: what the wire means, and nothing language-specific.

Every wire decision (presence, nullability, open/closed, tags, constraints) is made once, by
`generator.lower`, and recorded here. Renderers only print what these objects say.

Shapes are always named: the lowering hoists inline objects, unions and enums to named shapes
(parent-prefixed names), so a field's type is built only from the `Type` nodes below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Literal as TypingLiteral, Union, assert_never

JSON = Any  # a JSON value as loaded: dict / list / str / int / float / bool / None

Role = TypingLiteral["request", "response", "part"]


# ---------------------------------------------------------------- presence


@dataclass(frozen=True)
class Required:
    """The property must be present."""


@dataclass(frozen=True)
class Optional:
    """The property may be absent; absent means 'not said', there is no default."""


@dataclass(frozen=True)
class Default:
    """The property may be absent; absent means `value`."""

    value: JSON


Presence = Union[Required, Optional, Default]


# ---------------------------------------------------------------- constraints


@dataclass(frozen=True)
class Constraints:
    """Value constraints that types alone cannot carry. None means 'no constraint'."""

    minimum: float | int | None = None
    maximum: float | int | None = None
    exclusive_minimum: float | int | None = None
    exclusive_maximum: float | int | None = None
    multiple_of: float | int | None = None
    min_length: int | None = None
    max_length: int | None = None
    # ECMA-262 regular expression as written in the schema: a generator.layer.patterns.Pattern (a str
    # that also knows where it was written and how each regex dialect spells it)
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None

    def is_empty(self) -> bool:
        return self == NO_CONSTRAINTS


NO_CONSTRAINTS = Constraints()


# ---------------------------------------------------------------- types


@dataclass(frozen=True)
class Primitive:
    """kind: 'string' | 'integer' | 'number' | 'boolean'."""

    kind: TypingLiteral["string", "integer", "number", "boolean"]
    format: str | None = None
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class AnyValue:
    """Any JSON value (free-form objects such as a JSON Schema `parameters` document)."""


@dataclass(frozen=True)
class Literal:
    """Exactly one JSON scalar value (a `const`)."""

    value: str | int | float | bool


@dataclass(frozen=True)
class Ref:
    """A named shape of the same namespace."""

    name: str


@dataclass(frozen=True)
class Array:
    item: "Type"
    constraints: Constraints = NO_CONSTRAINTS  # min_items, max_items, unique_items


@dataclass(frozen=True)
class Map:
    """An object used as a dictionary: string keys, values of one type."""

    value: "Type"
    constraints: Constraints = NO_CONSTRAINTS  # min_properties, max_properties


@dataclass(frozen=True)
class Nullable:
    """`inner` or JSON null. Used for array items and map values; fields carry
    nullability on `Field.nullable` instead."""

    inner: "Type"


Type = Union[Primitive, AnyValue, Literal, Ref, Array, Map, Nullable]


# ---------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Source:
    """Where a shape was written: file (relative to the project) and JSON pointer in it."""

    file: str
    pointer: str


@dataclass(frozen=True)
class Field:
    wire_name: str
    type: Type
    presence: Presence
    nullable: bool  # JSON null is an accepted value, distinct from absent
    description: str = ""
    deprecated: bool = False
    examples: tuple[JSON, ...] = ()
    notes: tuple[str, ...] = ()  # x-shapegen-deviation notes on this property
    # x-shapegen-secret: a credential; never printed by repr/Debug/toString, kept as-is on the wire
    secret: bool = False

    @property
    def required(self) -> bool:
        return isinstance(self.presence, Required)

    @property
    def default(self) -> Default | None:
        return self.presence if isinstance(self.presence, Default) else None


@dataclass(frozen=True)
class Object:
    name: str
    description: str
    fields: tuple[Field, ...]
    closed: bool  # True: unknown properties are rejected; False: accepted and kept
    role: Role
    source: Source
    examples: tuple[JSON, ...] = ()
    notes: tuple[str, ...] = ()  # x-shapegen-deviation notes, for docs


@dataclass(frozen=True)
class Variant:
    """One branch of a union. `tag_value` is set when the union is tagged."""

    type: Type
    tag_value: str | None = None


@dataclass(frozen=True)
class Union_:
    """A value that is exactly one of `variants`.

    `tag` names the property whose constant value picks the variant (every variant is then a
    Ref to an Object with that property as a required Literal). Without a tag the variants are
    told apart by JSON type or by trying each in order (`"inf" | integer`, `"auto" | {...}`).
    """

    name: str
    description: str
    variants: tuple[Variant, ...]
    tag: str | None
    role: Role
    source: Source
    examples: tuple[JSON, ...] = ()
    notes: tuple[str, ...] = ()
    # untagged unions: True (oneOf) when exactly one variant may match, False (anyOf) when the
    # first that matches wins
    exclusive: bool = True
    # tagged unions only: True when an object whose tag is none of the known values is accepted and
    # kept as it is (forward-compatible response unions); False when it is rejected (requests)
    open: bool = False
    # tagged unions only: the tag value a value without the tag property has (its variant's tag field
    # is then Default, not Required), or None when the tag is required (generator.layer.unions)
    default_tag: str | None = None


@dataclass(frozen=True)
class Enum:
    """A set of string values. `open`: any other string is accepted and kept as it is."""

    name: str
    description: str
    values: tuple[str, ...]
    open: bool
    role: Role
    source: Source
    value_descriptions: tuple[str, ...] = ()  # parallel to values; "" where none
    examples: tuple[JSON, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alias:
    """A named non-object type (a map, an array, a constrained string, ...)."""

    name: str
    description: str
    type: Type
    nullable: bool
    role: Role
    source: Source
    examples: tuple[JSON, ...] = ()
    notes: tuple[str, ...] = ()


Shape = Union[Object, Union_, Enum, Alias]


@dataclass(frozen=True)
class Namespace:
    """One service's shapes, in a deterministic order (top-level shapes first, then parts, each
    group in schema order)."""

    name: str
    description: str
    shapes: tuple[Shape, ...]
    schema_id: str  # the $id of generated/jsonschema/<name>.schema.json

    def shape(self, name: str) -> Shape:
        """The shape called `name` (the first, should two share it), by an index built once."""
        index: dict[str, Shape] | None = self.__dict__.get("_by_name")
        if index is None:
            index = {}
            for s in self.shapes:
                index.setdefault(s.name, s)
            object.__setattr__(self, "_by_name", index)  # a cache, not a field: equality and repr ignore it
        return index[name]

    @property
    def top_level(self) -> tuple[Shape, ...]:
        return tuple(s for s in self.shapes if s.role != "part")


@dataclass(frozen=True)
class Model:
    """Everything a renderer receives: the namespaces, in configuration order."""

    namespaces: tuple[Namespace, ...]
    extras: dict[str, Any] = field(default_factory=dict, compare=False)


# ---------------------------------------------------------------- walking the types


def children(t: Type) -> tuple[Type, ...]:
    """The types directly inside `t`: an array's item, a map's value, a nullable's inner type;
    none for a leaf (a primitive, any value, a constant, a reference). Every kind of `Type` is
    handled, and mypy checks it (`assert_never`): a new kind fails type-checking here, not at
    run time in a renderer."""
    if isinstance(t, Array):
        return (t.item,)
    if isinstance(t, Map):
        return (t.value,)
    if isinstance(t, Nullable):
        return (t.inner,)
    if isinstance(t, (Primitive, AnyValue, Literal, Ref)):
        return ()
    assert_never(t)


def shape_types(shape: Shape) -> tuple[Type, ...]:
    """The types a shape holds directly: its fields', its variants', the aliased type; none for
    an enum (checked by mypy like `children`)."""
    if isinstance(shape, Object):
        return tuple(f.type for f in shape.fields)
    if isinstance(shape, Union_):
        return tuple(v.type for v in shape.variants)
    if isinstance(shape, Alias):
        return (shape.type,)
    if isinstance(shape, Enum):
        return ()
    assert_never(shape)


def walk(t: Type, *, through_containers: bool = True) -> Iterator[Type]:
    """`t` and every type inside it, outermost first. Without `through_containers`, the walk
    does not enter arrays and maps (what a value holds in place, not behind a collection).
    Iterative: one generator however deep the nesting (the deciding stages walk every type of a
    large spec several times)."""
    stack = [t]
    while stack:
        inner = stack.pop()
        yield inner
        if through_containers or not isinstance(inner, (Array, Map)):
            stack.extend(reversed(children(inner)))


def refs(t: Type, *, through_containers: bool = True) -> Iterator[str]:
    """The names of the shapes `t` refers to, outermost first (see `walk`)."""
    stack = [t]
    while stack:
        inner = stack.pop()
        if isinstance(inner, Ref):
            yield inner.name
        elif through_containers or not isinstance(inner, (Array, Map)):
            stack.extend(reversed(children(inner)))


def shape_refs(shape: Shape, *, through_containers: bool = True) -> Iterator[str]:
    """The names of the shapes a shape refers to, in the order its types are declared."""
    for t in shape_types(shape):
        yield from refs(t, through_containers=through_containers)
