"""Defaults: for each field with a `default`, one decision every language prints the same way.

`default_of(field, namespace)` returns None for a field without a default, else a `Decision`:
`value` (the JSON value, numbers normalised: `1.0` for an integer is `1`) and `carrier`, how the
field's type holds that value, one of:

- `Scalar(kind, value)`: a string / integer / number / boolean literal of a primitive type;
- `Constant(value)`: the field's type is that `const` (`Literal`) itself;
- `Member(enum, value)`: a member of the named enum (for an open enum, possibly not a listed
  member: `listed` says which, and a target then prints its catch-all with the raw string);
- `Case(union, index, carrier)`: the union's variant `index` holds it, by `carrier` (the `"inf"`
  of `"inf" | integer` is `Case("MaxOutputTokens", 0, Constant("inf"))`); the variant is
  the first whose type accepts the value;
- `Json(value)`: an array, map, object or free-form value, built from its JSON text;
- `Null()`: the default is `null` on a nullable field;
- `Unfit(reason)`: the value is not a value of the type (a schema mistake the meta-schema cannot
  see); targets document it and offer no accessor.

Every target offers the same thing: a field whose default is not `Unfit` gets the default
(Python fills it in; TypeScript, Rust, C# and Dart give an accessor such as
`max_output_tokens_or_default()` / `maxOutputTokensOrDefault()`, named by the naming stage).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Union

from generator import ir


@dataclass(frozen=True)
class Scalar:
    kind: str  # string / integer / number / boolean
    value: Any


@dataclass(frozen=True)
class Constant:
    value: Any


@dataclass(frozen=True)
class Member:
    enum: str
    value: str
    listed: bool = True


@dataclass(frozen=True)
class Case:
    union: str
    index: int
    carrier: "Carrier"


@dataclass(frozen=True)
class Json:
    value: Any


@dataclass(frozen=True)
class Null:
    pass


@dataclass(frozen=True)
class Unfit:
    reason: str


Carrier = Union[Scalar, Constant, Member, Case, Json, Null, Unfit]


@dataclass(frozen=True)
class Decision:
    value: Any
    carrier: Carrier

    @property
    def offered(self) -> bool:
        """Whether every language offers this default (an accessor or a filled-in value)."""
        return not isinstance(self.carrier, Unfit)


def normalise_number(value: Any, kind: str) -> Any:
    """`1.0` for an integer is `1` (JSON Schema's integer is a mathematical integer)."""
    if kind == "integer" and isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def carrier_of(t: ir.Type, value: Any, ns: ir.Namespace, nullable: bool = False) -> Carrier:
    """How a value of type `t` holds `value` (see the module notes)."""
    if value is None:
        return Null() if nullable or isinstance(t, ir.Nullable) else Unfit("null on a field that cannot be null")
    if isinstance(t, ir.Nullable):
        return carrier_of(t.inner, value, ns)
    if isinstance(t, ir.Primitive):
        v = normalise_number(value, t.kind)
        ok = {
            "string": isinstance(v, str),
            "integer": isinstance(v, int) and not isinstance(v, bool),
            "number": isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v),
            "boolean": isinstance(v, bool),
        }[t.kind]
        return Scalar(t.kind, v) if ok else Unfit(f"{value!r} is not a {t.kind}")
    if isinstance(t, ir.Literal):
        same = value == t.value and (type(value) is type(t.value) or _both_numbers(value, t.value))
        return Constant(t.value) if same else Unfit(f"{value!r} is not the constant {t.value!r}")
    if isinstance(t, ir.AnyValue):
        return Json(value)
    if isinstance(t, (ir.Array, ir.Map)):
        ok = isinstance(value, list) if isinstance(t, ir.Array) else isinstance(value, dict)
        return Json(value) if ok else Unfit(f"{value!r} is not an {'array' if isinstance(t, ir.Array) else 'object'}")
    if isinstance(t, ir.Ref):
        shape = ns.shape(t.name)
        if isinstance(shape, ir.Enum):
            if isinstance(value, str) and (value in shape.values or shape.open):
                return Member(shape.name, value, value in shape.values)
            return Unfit(f"{value!r} is not a value of {shape.name}")
        if isinstance(shape, ir.Object):
            if isinstance(value, dict) and all(f.wire_name in value for f in shape.fields if f.required):
                return Json(value)
            return Unfit(f"{value!r} is not a {shape.name}")
        if isinstance(shape, ir.Alias):
            if value is None and shape.nullable:
                return Null()
            inner = carrier_of(shape.type, value, ns)
            return Json(value) if isinstance(inner, Json) else inner
        for i, variant in enumerate(shape.variants):
            c = carrier_of(variant.type, value, ns)
            if not isinstance(c, Unfit):
                return Case(shape.name, i, c)
        return Unfit(f"{value!r} is none of the variants of {shape.name}")
    return Unfit("unknown type")


def _both_numbers(a: Any, b: Any) -> bool:
    return all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))


def default_of(f: ir.Field, ns: ir.Namespace) -> Decision | None:
    if not isinstance(f.presence, ir.Default):
        return None
    carrier = carrier_of(f.type, f.presence.value, ns, f.nullable)
    value = carrier.value if isinstance(carrier, Scalar) else f.presence.value
    return Decision(value, carrier)
