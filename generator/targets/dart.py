"""The `dart` target: a pub package (`realtime_shapes`) of immutable models, one library per
namespace, in the style of the openai_dart package.

Wire semantics in Dart terms (every decision comes from the IR; this module only prints it):
- objects -> `@immutable final class` with `final` lowerCamel fields and a `const` constructor
  taking named parameters, `required` for required properties;
- presence: Required -> `T` (`T?` when nullable: the property must be there, `null` is kept);
  Optional / Default -> `T?`, where Dart's null means absent and an explicit JSON `null` is
  rejected; Optional / Default + nullable -> `Present<T>?` (three states: null = absent,
  `Present(null)` = an explicit JSON null, `Present(v)` = a value). A free-form (any JSON) value
  is `Object?` and, when optional, `Present<Object?>?`. Defaults are never filled in nor
  written: each is documented and given by a getter `<field>OrDefault` (the layer's `defaults`
  decision says how the type holds it; the naming stage names the getter);
- a required property whose type is a constant (a union tag) is a field initialised to it, not a
  constructor parameter;
- `fromJson` checks JSON types, required properties, constants, closed objects' unknown
  properties and closed enums' values, and throws `ShapeFormatException` with a JSON pointer;
  `600.0` is the integer 600, `"4096"` is not an integer. Constraints (lengths, bounds, patterns,
  item counts) are checked by `validate()`, which returns every error with its JSON pointer;
- `toJson()` writes exactly what is set: absent fields are omitted, explicit nulls are written,
  and open objects write back the unknown properties they were read with (`unknownProperties`);
- `==` and `hashCode` are deep over lists and maps (package:collection); `toString()` prints
  `<redacted>` for secret fields (`x-shapegen-secret`); `copyWith` takes plain values (`T?`; null
  keeps a field as it is) and `copyWithout(x: true)` clears a field that can be null;
- tagged unions -> a `sealed class` that the variant classes implement (so a `switch` over it is
  exhaustive); an open (response) tagged union has one more variant, `<Union>Unknown` (an
  associated name of the naming stage), that keeps the raw map of an unknown tag and writes it
  back unchanged; untagged unions (`"inf" | integer`, `"auto" | {...}`) -> a sealed class whose
  object variants implement it and whose other variants are small wrapper classes named
  `<Union><Variant>` (the variant's name from the naming stage: `MaxOutputTokensInteger`,
  `MaxOutputTokensInf`). How a value finds its variant is the language layer's decision
  (`layer.unions.dispatch`): by tag, by JSON type (`600.0` is an integer), or by trying each
  variant in order (a value two variants accept is taken by the one it is valid as; for
  `oneOf`, two valid readings are an error);
- closed enums -> Dart `enum`s carrying their wire value; open enums -> a class holding any
  string, with the known values as `static const` members;
- named non-object types -> `typedef`s;
- patterns are ECMA-262 and checked with `RegExp(source, unicode: true)`, which is ECMA-262.

Names come from the decide stage (`RULES`, `generator.decide`); the quoting layer is `dart_str` (string
literals), `dart_doc` (dartdoc comments) and `dart_ident` (identifiers, checked): every string
that came from the schema goes through one of them.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
from dataclasses import dataclass, field

import jinja2
from typing import Any, Callable, Iterable, assert_never

from generator import ir
from generator.code import Code, Syntax, code_environment, join, per_character, verbatim
from generator.errors import ShapegenError
from generator.layer import defaults, facts
from generator.layer.patterns import Pattern
from generator.layer.secrets import REDACTED
from generator.decide import DecidedNamespace, decide_namespace
from generator.layer.unions import ByJsonType, ByTag, InOrder
from generator.render_memo import memo_active, own_prose, structure_digest, unit
from generator.rules import Associated, LanguageRules, Names, camel_case, pascal_case, snake_case
from generator.targets.base import RenderInput, SimpleTarget, SourceTraits
from generator.packaging.dart import KEYWORDS, PACKAGE_NAME
from generator.identity import identity
from generator.templating import TEMPLATES_ROOT, environment
from generator.visible import BIDI_CONTROLS

PACKAGE = "realtime_shapes"
RUNTIME = TEMPLATES_ROOT / "dart" / "runtime" / "runtime.dart"

# the members every generated class has, and Object's: a field may not take these names
OBJECT_MEMBERS = frozenset({"hashCode", "runtimeType", "toString", "noSuchMethod"})
CLASS_MEMBERS = frozenset({"fromJson", "toJson", "copyWith", "copyWithout", "validate", "unknownProperties"})
# lower-case type names that a field of the same name would shadow inside its class
CORE_LOWER_TYPES = frozenset({"int", "double", "num", "bool", "dynamic", "void", "immutable", "override"})
RESERVED_FIELDS = OBJECT_MEMBERS | CLASS_MEMBERS | CORE_LOWER_TYPES
# enum members are static constants beside these instance members
RESERVED_MEMBERS = OBJECT_MEMBERS | frozenset({"value", "values", "index", "isKnown", "fromJson", "toJson", "name"})

# dart:core, package:meta and package:collection names the generated code relies on, and the
# runtime's public types: a shape may not take these names
RUNTIME_TYPES = frozenset({"JsonValue", "Present", "ShapeFormatException", "ValidationError", "Reader", "Checker"})
CORE_TYPES = frozenset("""
    Object Null Never String int double num bool List Map Set Iterable Iterator Record Enum Type
    Symbol Function Future Stream Duration DateTime Uri RegExp RegExpMatch Match Pattern BigInt
    Comparable Error Exception FormatException ArgumentError RangeError StateError TypeError
    UnsupportedError UnimplementedError Deprecated StringBuffer StringSink Sink Runes Invocation
    StackTrace Expando Finalizer WeakReference MapEntry Comparator Stopwatch Enum
    DeepCollectionEquality
""".split())
RESERVED_TYPES = RUNTIME_TYPES | CORE_TYPES


def _member_case(name: str) -> str:
    member = camel_case(name)
    return member + "_" if member in RESERVED_MEMBERS else member


UNKNOWN_VARIANT = "unknown-variant"
OR_DEFAULT = "or-default"

RULES = LanguageRules(
    language="Dart",
    type_case=pascal_case,
    field_case=camel_case,
    member_case=_member_case,
    keywords=KEYWORDS,
    reserved_fields=RESERVED_FIELDS,
    reserved_types=RESERVED_TYPES,
    # the class of an open union's unknown tags, beside the namespace's types
    associated=(
        Associated(UNKNOWN_VARIANT, "open-union", "types", ("{type}Unknown", "{type}UnknownVariant")),
        # the getter that gives a field's default when the field is absent
        Associated(OR_DEFAULT, "default-field", "members", ("{field}OrDefault", "{field}OrDefaultValue")),
    ),
    refine=lambda ns, names: _refine(ns, names),
    # the namespace's module name
    module_case=lambda namespace: _library_case(namespace),
)

# what `shapegen breaking` needs to know of the printed source: a class per variant, and a switch
# over an enum or sealed class names every case (open enums are classes with constants)
SOURCE_TRAITS = SourceTraits(named_variants=True, exhaustive_closed_enums=True)

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


# ---------------------------------------------------------------- the quoting layer


def _dart_char(c: str) -> str:
    """One character inside a single-quoted Dart string literal."""
    code = ord(c)
    if c == "\\":
        return "\\\\"
    if c == "'":
        return "\\'"
    if c == "$":
        return "\\$"
    if c == "\n":
        return "\\n"
    if c == "\r":
        return "\\r"
    if c == "\t":
        return "\\t"
    if code < 0x20 or code == 0x7F or c in "\u2028\u2029" or 0xD800 <= code <= 0xDFFF:
        return f"\\u{{{code:x}}}"
    if c in BIDI_CONTROLS:  # never raw in source: it would reorder how the code reads
        return f"\\u{{{code:x}}}"
    return c


_dart_chars = per_character(_dart_char)


def dart_str(value: Any) -> Code:
    """A single-quoted Dart string literal equal to `value`, whatever it contains: `\\`, `'` and
    `$` (interpolation) are escaped, and so is every control character, U+2028/U+2029 and lone
    surrogate."""
    return _dart_str(str(value))


@functools.lru_cache(maxsize=1 << 16)  # a wire name is quoted in a class's reader, writer and checks
def _dart_str(text: str) -> Code:
    return Code("'" + _dart_chars(text) + "'")


# builds Dart from code parts; a plain str part is quoted as a Dart string literal (generator.code)
DART = Syntax("Dart", string=dart_str)


def dart_literal(value: Any) -> Code:
    """A Dart constant expression for a JSON scalar."""
    if value is None:
        return verbatim("null")
    if isinstance(value, bool):
        return verbatim("true" if value else "false")
    if isinstance(value, str):
        return dart_str(value)
    if isinstance(value, int):
        return Code(str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ShapegenError(f"{value!r} is not a JSON number")
        return Code(repr(value))
    raise TypeError(f"not a JSON scalar: {value!r}")


def _comment_text(text: str) -> str:
    """Text for a `///` comment: control characters (but line breaks and tabs) and bidi
    controls written as `\\uXXXX`."""
    return _comment_chars(text)


def _comment_char(c: str) -> str:
    if c in "\n\t" or (ord(c) >= 0x20 and ord(c) != 0x7F):
        return f"\\u{ord(c):04x}" if c in BIDI_CONTROLS else c
    return f"\\u{ord(c):04x}"


_comment_chars = per_character(_comment_char)


def dart_doc(text: str, indent: int = 0) -> Code:
    """A dartdoc comment (`///` lines) whose text is `text`. Line comments end only at a line
    break, so nothing in the text can end one early; control characters are written as
    `\\uXXXX`."""
    return _dart_doc(str(text), indent)


@functools.lru_cache(maxsize=1 << 14)  # a description recurs in many shapes
def _dart_doc(text: str, indent: int) -> Code:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return Code("")
    text = _comment_text(text)
    pad = " " * indent
    return Code("\n".join(f"{pad}/// {line}".rstrip() for line in text.split("\n")))


def dart_doc_text(text: str) -> Code:
    """Text for the rest of one `///` line: as `dart_doc` writes it, line breaks as spaces."""
    return Code(_comment_text(" ".join(str(text).replace("\r", "\n").split("\n"))))


@functools.lru_cache(maxsize=None)
def dart_ident(name: str) -> Code:
    """An identifier, checked: names reach templates from the naming pass, never from the schema."""
    if not _IDENTIFIER.match(name) or name in KEYWORDS:
        raise AssertionError(f"not a public Dart identifier: {name!r}")
    return Code(name)


def _yaml_printable(c: str) -> bool:
    """YAML's printable set, less the characters YAML 1.1 reads as line breaks (U+0085, U+2028,
    U+2029) and the byte order mark: everything else is written as an escape."""
    o = ord(c)
    return (0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000) and (
        c not in "\u2028\u2029\ufeff"
    )


def _yaml_char(c: str) -> str:
    if c in '\\"':
        return "\\" + c
    if c == "\n":
        return "\\n"
    if c == "\t":
        return "\\t"
    if _yaml_printable(c):
        return c
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


_yaml_chars = per_character(_yaml_char)


def yaml_str(value: Any) -> str:
    """A YAML double-quoted scalar (for pubspec.yaml). Not JSON's: raw DEL and C1 controls are
    not YAML; they and every other non-printable character become fixed-width `\\xXX`/`\\uXXXX`."""
    return '"' + _yaml_chars(str(value)) + '"'


FILTERS: dict[str, Callable[..., Any]] = {
    "dart_str": dart_str,
    "dart_doc": dart_doc,
    "dart_ident": dart_ident,
    "dart_literal": dart_literal,
    "yaml_str": yaml_str,
}


# ---------------------------------------------------------------- the type-expression visitor


def _literal_type(value: Any) -> Code:
    if isinstance(value, bool):
        return verbatim("bool")
    if isinstance(value, str):
        return verbatim("String")
    if isinstance(value, int):
        return verbatim("int")
    return verbatim("double")


def _nullable(dart_type: Code) -> Code:
    return dart_type if dart_type.endswith("?") else DART("{type}?", type=dart_type)


_PRIMITIVE_TYPES = {
    k: verbatim(v) for k, v in {"string": "String", "integer": "int", "number": "double", "boolean": "bool"}.items()
}
_PRIMITIVE_READERS = {
    "string": verbatim("$rt.readString"),
    "integer": verbatim("$rt.readInt"),
    "number": verbatim("$rt.readDouble"),
    "boolean": verbatim("$rt.readBool"),
}


def _named_args(pairs: Iterable[tuple[str, Code | int | None]]) -> list[Code]:
    """`name: value` arguments of those pairs that have a value."""
    return [DART("{k}: {v}", k=verbatim(k), v=v) for k, v in pairs if v is not None]


def _number_args(c: ir.Constraints, integer: bool = False) -> list[Code]:
    pairs = [
        ("minimum", c.minimum),
        ("maximum", c.maximum),
        ("exclusiveMinimum", c.exclusive_minimum),
        ("exclusiveMaximum", c.exclusive_maximum),
        ("multipleOf", c.multiple_of),
    ]
    return _named_args((k, _bound_literal(k, v, integer)) for k, v in pairs if v is not None)


def _bound_literal(keyword: str, value: Any, integer: bool) -> Code | None:
    """A bound as a Dart literal. An integer past 64 bits is no int literal (an analyzer error):
    a bound every int of an integer field meets (a minimum below -2^63, a maximum above 2^63-1)
    is no check at all; any other is written as a double, which `num` compares with."""
    if not isinstance(value, int) or isinstance(value, bool) or facts.fits_i64(value):
        return dart_literal(value)
    lower = keyword in ("minimum", "exclusiveMinimum")
    if integer and keyword != "multipleOf" and (value < 0) == lower:
        return None
    return dart_literal(float(value))


def _ecma(pattern: str) -> str:
    """The pattern for Dart's `RegExp(source, unicode: true)`, which is ECMA-262: the language
    layer's `ecma` translation (it parses the source, so an invalid pattern fails at generate
    time)."""
    return pattern.ecma() if isinstance(pattern, Pattern) else str(pattern)


_J, _P = verbatim("$j"), verbatim("$p")


class _Answers(dict[str, bool]):
    """Answers being worked out: a missing one is worked out when asked for."""

    def __init__(self, work: Callable[[str], bool]) -> None:
        super().__init__()
        self.work = work

    def __missing__(self, name: str) -> bool:
        return self.work(name)


class _Types:
    """Dart type, reader, checker and writer expressions for IR types, in one namespace."""

    def __init__(self, decided: DecidedNamespace):
        self.decided = decided
        self.ns = decided.namespace
        self.names = decided.names_with(RULES)
        self.shapes = {s.name: s for s in self.ns.shapes}
        # alias -> whether it has `_check<Name>`: worked out for every alias at once, the first
        # time one is asked (`has_check`), so that no plan's answer rests on which came first
        self._alias_checks: dict[str, bool] | None = None
        self._unions: dict[str, _Shape] = {}  # the plan of each union made so far (`union`)

    def type_name(self, shape: str) -> Code:
        return dart_ident(self.names.type(shape))

    def type(self, t: ir.Type) -> Code:
        match t:
            case ir.Primitive():
                return _PRIMITIVE_TYPES[t.kind]
            case ir.AnyValue():
                return verbatim("Object?")
            case ir.Literal():
                return _literal_type(t.value)
            case ir.Ref():
                shape = self.shapes[t.name]
                if isinstance(shape, ir.Alias) and shape.nullable and self.is_class(t.name):
                    return _nullable(self.type_name(t.name))
                return self.type_name(t.name)
            case ir.Array():
                return DART("List<{item}>", item=self.type(t.item))
            case ir.Map():
                return DART("Map<String, {value}>", value=self.type(t.value))
            case ir.Nullable():
                return _nullable(self.type(t.inner))
            case _:
                assert_never(t)

    def read_call(self, t: ir.Type, json_: Code, pointer: Code) -> Code:
        """An expression that reads `json_` at `pointer` as `t`, or throws."""
        match t:
            case ir.Primitive():
                return DART("{read}({json}, {pointer})", read=_PRIMITIVE_READERS[t.kind], json=json_, pointer=pointer)
            case ir.AnyValue():
                return json_
            case ir.Literal():
                value = dart_literal(t.value)
                return DART("$rt.readConst({json}, {pointer}, {value})", json=json_, pointer=pointer, value=value)
            case ir.Ref():
                return DART("_read{name}({json}, {pointer})", name=self.type_name(t.name), json=json_, pointer=pointer)
            case ir.Array():
                item = self.reader(t.item)
                return DART("$rt.readList({json}, {pointer}, {item})", json=json_, pointer=pointer, item=item)
            case ir.Map():
                value = self.reader(t.value)
                return DART("$rt.readMap({json}, {pointer}, {value})", json=json_, pointer=pointer, value=value)
            case ir.Nullable():
                inner = self.reader(t.inner)
                return DART("$rt.nullable({inner})({json}, {pointer})", inner=inner, json=json_, pointer=pointer)
            case _:
                assert_never(t)

    def reader(self, t: ir.Type) -> Code:
        """A `Reader<T>` for `t`: a function tear-off where there is one, else a closure."""
        match t:
            case ir.Primitive():
                return _PRIMITIVE_READERS[t.kind]
            case ir.AnyValue():
                return verbatim("$rt.readAny")
            case ir.Ref():
                return DART("_read{name}", name=self.type_name(t.name))
            case ir.Nullable():
                return DART("$rt.nullable({inner})", inner=self.reader(t.inner))
            case ir.Literal() | ir.Array() | ir.Map():
                return DART("($j, $p) => {read}", read=self.read_call(t, _J, _P))
            case _:
                assert_never(t)

    def checker(self, t: ir.Type) -> Code | None:
        """A `Checker<T>` for what `t`'s Dart type cannot say, or None when there is nothing."""
        match t:
            case ir.Primitive():
                c = t.constraints
                if t.kind == "string":
                    args = _named_args((("minLength", c.min_length), ("maxLength", c.max_length)))
                    if c.pattern is not None:
                        args.append(DART("pattern: {source}", source=_ecma(c.pattern)))
                    return DART("$rt.stringChecker({args})", args=join(", ", args)) if args else None
                if t.kind in ("integer", "number"):
                    args = _number_args(c, t.kind == "integer")
                    return DART("$rt.numChecker({args})", args=join(", ", args)) if args else None
                return None
            case ir.AnyValue() | ir.Literal():
                return None
            case ir.Ref():
                return DART("_check{name}", name=self.type_name(t.name)) if self.has_check(t.name) else None
            case ir.Array():
                c = t.constraints
                item = self.checker(t.item)
                args = _named_args((("minItems", c.min_items), ("maxItems", c.max_items)))
                if c.unique_items:
                    args.append(verbatim("uniqueItems: true"))
                if item is None and not args:
                    return None
                all_args = join(", ", [item or verbatim("null"), *args])
                return DART("$rt.listChecker<{type}>({args})", type=self.type(t.item), args=all_args)
            case ir.Map():
                c = t.constraints
                value = self.checker(t.value)
                args = _named_args((("minProperties", c.min_properties), ("maxProperties", c.max_properties)))
                if value is None and not args:
                    return None
                all_args = join(", ", [value or verbatim("null"), *args])
                return DART("$rt.mapChecker<{type}>({args})", type=self.type(t.value), args=all_args)
            case ir.Nullable():
                inner = self.checker(t.inner)
                return DART("$rt.nullableChecker({inner})", inner=inner) if inner else None
            case _:
                assert_never(t)

    def is_class(self, shape_name: str) -> bool:
        """Whether an alias is a class holding its value: one that refers to itself through
        aliases alone (the decided `graph.recursive_aliases`), which a typedef cannot."""
        return shape_name in self.decided.graph.recursive_aliases

    def has_check(self, shape_name: str) -> bool:
        """Objects and unions always have `_check<Name>`; enums never; aliases when their type
        has something to check."""
        shape = self.shapes[shape_name]
        match shape:
            case ir.Object() | ir.Union_():
                return True
            case ir.Enum():
                return False
            case ir.Alias():
                if self._alias_checks is None:
                    self._alias_checks = self._alias_facts()
                return self._alias_checks[shape_name]
            case _:
                assert_never(shape)

    def _alias_facts(self) -> dict[str, bool]:
        """Whether each alias of the namespace has something to check: the least answer that holds
        for every alias at once (an alias has a check when its type has one, given the answers of
        the aliases it refers to). A cycle through aliases alone adds nothing, and a constraint
        anywhere on a cycle is checked by every alias on it, whatever order the plans ask in.
        Each alias is first worked out in the namespace's order, depth first, reading False for an
        alias still being worked out (exact where no cycle was met); if a cycle was met, every alias
        is worked out again from those answers until none changes."""
        aliases = [s for s in self.ns.shapes if isinstance(s, ir.Alias)]
        pending: set[str] = set()
        cycle = False

        def fact(name: str) -> bool:
            nonlocal cycle
            if name in pending:
                cycle = True  # a provisional answer: the loop below makes it final
                return False
            pending.add(name)
            shape = self.shapes[name]
            assert isinstance(shape, ir.Alias)
            working[name] = answer = self.checker(shape.type) is not None
            pending.discard(name)
            return answer

        working = self._alias_checks = _Answers(fact)
        for s in aliases:
            working[s.name]
        answers = self._alias_checks = dict(working)
        while cycle:
            cycle = False
            for s in aliases:
                if not answers[s.name] and self.checker(s.type) is not None:
                    answers[s.name] = cycle = True
        return answers

    def union(self, shape_name: str) -> _Shape:
        """The plan of a union, made once: objects read the class of each of its variants (a
        default held by a variant is printed with the variant's class)."""
        if shape_name not in self._unions:
            shape = self.shapes[shape_name]
            assert isinstance(shape, ir.Union_)
            self._unions[shape_name] = _union(self, shape)
        return self._unions[shape_name]

    def variant_class(self, union: str, index: int) -> Code:
        return self.union(union).variants[index].class_name

    def writes_as_is(self, t: ir.Type) -> bool:
        """Whether a Dart value of type `t` is its own JSON (no `toJson()` anywhere inside)."""
        match t:
            case ir.Primitive() | ir.Literal():
                return True
            case ir.Nullable():
                return self.writes_as_is(t.inner)
            case ir.AnyValue() | ir.Ref() | ir.Array() | ir.Map():
                return False
            case _:
                assert_never(t)

    def write(self, t: ir.Type, expr: Code) -> Code:
        return expr if self.writes_as_is(t) else DART("$rt.writeJson({expr})", expr=expr)


# ---------------------------------------------------------------- documentation


def _number_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _limits(t: ir.Type) -> list[str]:
    c = getattr(t, "constraints", None)
    if c is None or c.is_empty():
        return []
    words = [
        ("minimum", c.minimum),
        ("maximum", c.maximum),
        ("exclusive minimum", c.exclusive_minimum),
        ("exclusive maximum", c.exclusive_maximum),
        ("multiple of", c.multiple_of),
        ("minimum length", c.min_length),
        ("maximum length", c.max_length),
        ("minimum items", c.min_items),
        ("maximum items", c.max_items),
        ("minimum properties", c.min_properties),
        ("maximum properties", c.max_properties),
    ]
    parts = [f"{w} {_number_text(v)}" for w, v in words if v is not None]
    if c.pattern is not None:
        parts.append(f"pattern `{c.pattern}` (ECMA-262, Unicode)")
    if c.unique_items:
        parts.append("unique items")
    return [f"Limits: {', '.join(parts)}."]


def _field_doc(f: ir.Field, representation: str, getter: str = "") -> str:
    parts = [f.description] if f.description else []
    notes = _limits(f.type)
    if isinstance(f.type, (ir.Array, ir.Map)):
        inner = f.type.item if isinstance(f.type, ir.Array) else f.type.value
        notes += [
            f"Each {'item' if isinstance(f.type, ir.Array) else 'value'}: {line[0].lower()}{line[1:]}"
            for line in _limits(inner)
        ]
    if isinstance(f.presence, ir.Default):
        notes.append(
            f"Defaults to `{json.dumps(f.presence.value, ensure_ascii=False)}` when absent: not filled in, "
            + (f"`{getter}` gives it." if getter else "and no getter offers it (it is not a value of this type).")
        )
    notes.append(representation)
    if f.secret:
        notes.append("Secret: `toString()` prints `<redacted>` instead.")
    if f.deprecated:
        notes.append("Deprecated.")
    notes += list(f.notes)
    parts.append("\n".join(notes))
    return "\n\n".join(parts)


def _representation(f: ir.Field, three_state: bool, nullable: bool) -> str:
    wire = json.dumps(f.wire_name, ensure_ascii=False)
    if isinstance(f.presence, ir.Required):
        if isinstance(f.type, ir.Literal) and not nullable:
            return f"Wire name {wire}: required, always `{json.dumps(f.type.value, ensure_ascii=False)}`."
        return f"Wire name {wire}: required" + (", `null` allowed." if nullable else ".")
    if three_state:
        return f"Wire name {wire}: optional; null = absent, `Present(null)` = an explicit JSON `null`."
    return f"Wire name {wire}: optional; null = absent (an explicit JSON `null` is rejected)."


def _shape_doc(shape: ir.Shape, extra: list[str]) -> str:
    parts = [shape.description] if shape.description else []
    parts += extra
    parts += list(shape.notes)
    return "\n\n".join(parts)


# ---------------------------------------------------------------- shapes


@dataclass
class _Field:
    name: Code
    wire: Code
    dart_type: Code  # the field's declared type
    doc: str
    constant: Code | None  # a required constant: the initializer, not a constructor parameter
    required: bool  # a `required` constructor parameter
    nullable_type: bool  # the declared type admits null (copyWithout can clear it)
    read: Code  # the expression that reads it from `$map`
    write: Code  # the map element of toJson
    check: Code | None  # the statement of _check
    secret: bool
    default_getter: Code = verbatim("")  # `T get xOrDefault => ...;`, for a field with a default


@dataclass
class _Variant:
    kind: str  # object | constant | wrapper
    class_name: Code
    doc: Code = verbatim("")
    value_type: Code = verbatim("")  # wrapper: the type of `value`
    literal: Code = verbatim("")  # constant: the Dart literal of the JSON value
    reader: Code = verbatim("")  # untagged: a Reader<Union> expression
    tag_value: str | None = None
    write: Code = verbatim("")  # wrapper: the toJson expression of `value`
    read_json: Code = verbatim("")  # wrapper: reads `json` at the root
    read_call: Code = verbatim("")  # reads `$json` at `$pointer` as this variant
    check: Code | None = None  # wrapper: the _check statement
    factory: Code = verbatim("")  # wrapper, constant: the union's named constructor for it (`Voice.id`)


# the ending the normaliser gives a shape's response-side copy (`ToolChoice` -> `ToolChoiceResponse`)
RESPONSE_COPY = "Response"


def _without_prefix(name: str, prefix: str) -> str:
    rest = name[len(prefix) :]
    return rest if name.startswith(prefix) and rest[:1].isupper() else name


def _factories(union: str, variants: list[_Variant], suffixes: dict[str, str]) -> None:
    """Names the union's constructor of each wrapper or constant variant after what it holds:
    its variant name without the union's name in front, in lower camel case (`Voice.id` for a
    `VoiceId`, `ToolChoice.mode` for a `ToolChoiceMode`, `MaxOutputTokens.inf`). A response copy
    reads as its request shape does: when the union and the variant both end in `Response`, that
    ending goes too (`ToolChoiceResponse.mode` for a `ToolChoiceModeResponse`). Failing those, the
    whole variant name, when that is taken or a keyword; a variant left with no free name gets none."""
    taken = {"fromJson"}
    for v in variants:
        if v.kind == "object":
            continue
        suffix = suffixes[v.class_name]
        candidates = [_without_prefix(suffix, union), suffix]
        tail = RESPONSE_COPY
        if union.endswith(tail) and suffix.endswith(tail) and len(suffix) > len(tail) and len(union) > len(tail):
            candidates.insert(0, _without_prefix(suffix[: -len(tail)], union[: -len(tail)]))
        for candidate in candidates:
            name = candidate[:1].lower() + candidate[1:]
            if name and name not in taken and name not in KEYWORDS and re.fullmatch(r"[a-z][A-Za-z0-9]*", name):
                v.factory = dart_ident(name)
                taken.add(name)
                break


@dataclass
class _Shape:
    kind: str  # object | union | enum | open_enum | alias
    name: Code
    doc: str
    fields: list[_Field] = field(default_factory=list)
    open: bool = False  # objects: unknown properties kept; unions: unknown tags kept
    implements: list[Code] = field(default_factory=list)
    known: Code = verbatim("")  # objects: the const set of known wire names
    described: Code = verbatim("")  # objects: what toString() prints, inside its string literal
    variants: list[_Variant] = field(default_factory=list)
    tag: Code | None = None
    exclusive: bool = True
    unknown_class: Code = verbatim("")  # open tagged unions
    absent_tag: Code = verbatim("")  # tagged unions whose tag may be absent: the default tag value, as a literal
    dispatch: str = ""  # unions: tag | json_type | in_order (the language layer's decision)
    type_cases: list[tuple[Code, Code]] = field(default_factory=list)  # json_type: (JSON type, read call)
    members: list[dict[str, Any]] = field(default_factory=list)  # enums: name, value, doc
    alias_type: Code = verbatim("")
    alias_reader: Code = verbatim("")
    alias_check: Code | None = None
    alias_class: bool = False  # a recursive alias: a class holding `value`, not a typedef
    alias_nullable: bool = False

    @property
    def params(self) -> list[_Field]:
        """objects: the constructor's (and copyWith's) parameters: every field but a required constant"""
        return [f for f in self.fields if f.constant is None]

    @property
    def clearable(self) -> bool:
        """objects: whether copyWithout has a field to clear (a parameter whose type admits null)"""
        return any(f.nullable_type for f in self.fields if f.constant is None)


# the class that wraps a non-object variant of an untagged union (RULES.refine), by variant index
VARIANT_CLASS = "variant-class"


def _suffix(variant: str) -> str:
    """A variant's name as the end of its wrapper class's name: without the dodge the naming stage
    gave it for standing alone (`String_` -> `String`: `PromptVariableString` is not reserved)."""
    plain = variant[:-1]
    return plain if variant.endswith("_") and (plain in RESERVED_TYPES or plain in KEYWORDS) else variant


def _refine(ns: ir.Namespace, names: Names) -> Names:
    """The classes that wrap a union's non-object variants are top-level types: each is the
    union's name followed by the variant's name from the naming pass (`MaxOutputTokens` +
    `Integer`), then with `Variant` after it; a name still taken is an error, never a counter."""
    taken = {n: f"shape {s!r}" for s, n in names.types.items()}
    taken |= {n: "a Dart or runtime name" for n in RESERVED_TYPES}
    taken |= {n: f"the unknown variant of {s!r}" for (k, s, _), n in names.extra.items() if k == UNKNOWN_VARIANT}
    extra = dict(names.extra)
    for shape in ns.shapes:
        if not isinstance(shape, ir.Union_) or shape.tag is not None:
            continue  # a tagged union's variants are objects (its renderer says so when one is not)
        union = names.types[shape.name]
        what = f"a variant of union {shape.name!r}"
        for index, v in enumerate(shape.variants):
            if isinstance(v.type, ir.Ref) and isinstance(ns.shape(v.type.name), ir.Object):
                continue
            word = _suffix(names.variants[(shape.name, index)])
            for candidate in (union + word, union + word + "Variant"):
                if candidate not in taken:
                    taken[candidate] = what
                    extra[(VARIANT_CLASS, shape.name, str(index))] = dart_ident(candidate)
                    break
            else:
                raise ShapegenError(
                    f"cannot name the Dart class for {what}: {union + word!r} is already used by {taken[union + word]}",
                    hint="rename one of the two shapes",
                )
    return dataclasses.replace(names, extra=extra)


def _json_literal(value: Any) -> Code:
    """A Dart constant expression for a JSON value (inside a `const` literal)."""
    if isinstance(value, dict):
        entries = join(", ", (DART("{k}: {v}", k=str(k), v=_json_literal(v)) for k, v in value.items()))
        return DART("<String, Object?>{{{entries}}}", entries=entries)
    if isinstance(value, list):
        return DART("<Object?>[{items}]", items=join(", ", (_json_literal(v) for v in value)))
    return dart_literal(value)


def _default_expr(types: _Types, t: ir.Type, carrier: defaults.Carrier) -> Code:
    """A Dart expression for a default, by how the layer says the field's type carries it."""
    if isinstance(carrier, defaults.Scalar):
        if carrier.kind == "number":
            return dart_literal(float(carrier.value))
        return dart_literal(carrier.value)
    if isinstance(carrier, defaults.Constant):
        return dart_literal(carrier.value)
    if isinstance(carrier, defaults.Member):
        enum = types.type_name(carrier.enum)
        if carrier.listed:
            return DART(
                "{enum}.{member}", enum=enum, member=dart_ident(types.names.member(carrier.enum, carrier.value))
            )
        return DART("const {enum}({value})", enum=enum, value=str(carrier.value))
    if isinstance(carrier, defaults.Case):
        union = types.shapes[carrier.union]
        assert isinstance(union, ir.Union_)
        variant = union.variants[carrier.index].type
        cls = types.variant_class(carrier.union, carrier.index)
        if isinstance(variant, ir.Ref) and isinstance(types.shapes.get(variant.name), ir.Object):
            return _default_expr(types, variant, carrier.carrier)
        if isinstance(variant, ir.Literal):
            return DART("const {cls}()", cls=cls)
        return DART("{cls}({value})", cls=cls, value=_default_expr(types, variant, carrier.carrier))
    if isinstance(carrier, defaults.Json):
        return types.read_call(t, DART("const {value}", value=_json_literal(carrier.value)), verbatim("''"))
    if isinstance(carrier, defaults.Null):
        return verbatim("null")
    raise TypeError(carrier)


def _default_getter(
    types: _Types, shape: ir.Object, f: ir.Field, fname: Code, inner: Code, three_state: bool
) -> tuple[Code, Code]:
    """The name and declaration of the getter that gives a field's default when it is absent
    (("", "") when the field has no default, or one the layer says its type cannot hold)."""
    decision = types.decided.default(shape.name, f.wire_name)
    if decision is None or not decision.offered:
        return verbatim(""), verbatim("")
    carrier = decision.carrier
    if isinstance(carrier, defaults.Scalar) and carrier.kind == "integer" and not facts.fits_i64(carrier.value):
        return verbatim(""), verbatim("")  # Dart's int (64 bits) cannot hold it: the literal would not compile
    getter = dart_ident(types.names.associated(OR_DEFAULT, shape.name, f.wire_name))
    expr = _default_expr(types, f.type, decision.carrier)
    if three_state:  # absent: the default; an explicit null stays null
        declaration = DART(
            "{type} get {getter} => {name} == null ? {expr} : {name}?.value;",
            type=_nullable(inner),
            getter=getter,
            name=fname,
            expr=expr,
        )
        return getter, declaration
    return getter, DART("{type} get {getter} => {name} ?? {expr};", type=inner, getter=getter, name=fname, expr=expr)


_MAP, _POINTER, _ERRORS = verbatim("$map"), verbatim("$pointer"), verbatim("$errors")


def _object(types: _Types, shape: ir.Object, implements: list[Code]) -> _Shape:
    name = types.type_name(shape.name)
    fields = []
    for f in shape.fields:
        fname = dart_ident(types.names.field(shape.name, f.wire_name))
        wire = dart_str(f.wire_name)
        inner = types.type(f.type)
        any_value = isinstance(f.type, ir.AnyValue)
        nullable = f.nullable or any_value
        required = isinstance(f.presence, ir.Required)
        three_state = not required and nullable
        constant = None
        if required and not nullable and isinstance(f.type, ir.Literal):
            constant = dart_literal(f.type.value)
        reader = types.reader(f.type)
        if required:
            dart_type = _nullable(inner) if nullable else inner
            field_reader = DART("$rt.nullable({reader})", reader=reader) if nullable and not any_value else reader
            read = DART("$rt.readField($map, {wire}, $pointer, {reader})", wire=wire, reader=field_reader)
            write = DART("{wire}: {value}", wire=wire, value=types.write(f.type, fname))
            value = fname
        elif three_state:
            dart_type = DART("Present<{inner}>?", inner=inner)
            read = DART("$rt.readPresentField($map, {wire}, $pointer, {reader})", wire=wire, reader=reader)
            present = DART("{name}?.value", name=fname)
            write = DART(
                "if ({name} != null) {wire}: {value}", name=fname, wire=wire, value=types.write(f.type, present)
            )
            value = present
        else:
            dart_type = _nullable(inner)
            read = DART("$rt.readOptionalField($map, {wire}, $pointer, {reader})", wire=wire, reader=reader)
            write = DART("if ({name} != null) {wire}: {value}", name=fname, wire=wire, value=types.write(f.type, fname))
            value = fname
        getter, getter_line = _default_getter(types, shape, f, fname, inner, three_state)
        checker = types.checker(f.type)
        check = (
            DART(
                "$rt.check({value}, $rt.pointerTo($pointer, {wire}), $errors, {checker});",
                value=value,
                wire=wire,
                checker=checker,
            )
            if checker
            else None
        )
        fields.append(
            _Field(
                name=fname,
                wire=wire,
                dart_type=dart_type,
                doc=_field_doc(f, _representation(f, three_state, nullable), getter),
                constant=constant,
                required=required and constant is None,
                nullable_type=dart_type.endswith("?"),
                read=read,
                write=write,
                check=check,
                secret=f.secret,
                default_getter=getter_line,
            )
        )
    known = DART("const <String>{{{wires}}}", wires=join(", ", (dart_str(f.wire_name) for f in shape.fields)))
    # toString(): every field by name, a secret one as <redacted> (inside a '...' literal: names only)
    described = [
        DART("{name}: " + REDACTED, name=f.name) if f.secret else DART("{name}: ${{{name}}}", name=f.name)
        for f in fields
    ]
    if not shape.closed:
        described.append(verbatim("unknownProperties: ${unknownProperties}"))
    policy = (
        "Closed: `fromJson` rejects properties it does not define."
        if shape.closed
        else "Open: properties it does not define are kept in `unknownProperties` and written back."
    )
    return _Shape(
        kind="object",
        name=name,
        doc=_shape_doc(shape, [policy]),
        fields=fields,
        open=not shape.closed,
        implements=implements or [verbatim("JsonValue")],
        known=known,
        described=DART("{name}({fields})", name=name, fields=join(", ", described)),
    )


def _union(types: _Types, shape: ir.Union_) -> _Shape:
    name = types.type_name(shape.name)
    variants = []
    suffixes: dict[str, str] = {}
    json_, pointer = verbatim("$json"), _POINTER
    for index, v in enumerate(shape.variants):
        t = v.type
        if isinstance(t, ir.Ref) and isinstance(types.shapes.get(t.name), ir.Object):
            variant_class = types.type_name(t.name)
            variants.append(
                _Variant(
                    kind="object",
                    class_name=variant_class,
                    reader=DART("_read{cls}", cls=variant_class),
                    tag_value=v.tag_value,
                    read_call=DART("_read{cls}($json, $pointer)", cls=variant_class),
                )
            )
            continue
        if shape.tag is not None:
            raise ShapegenError(
                f"union {shape.name!r} is tagged by {shape.tag!r}, but a variant is not an object",
                where=f"{shape.source.file}#{shape.source.pointer}",
            )
        cls = dart_ident(types.names.associated(VARIANT_CLASS, shape.name, str(index)))
        suffixes[cls] = _suffix(types.names.variant(shape.name, index))
        if isinstance(t, ir.Literal):
            literal = dart_literal(t.value)
            variants.append(
                _Variant(
                    kind="constant",
                    class_name=cls,
                    doc=dart_doc_text(f"the constant `{json.dumps(t.value, ensure_ascii=False)}`."),
                    literal=literal,
                    value_type=_literal_type(t.value),
                    reader=DART(
                        "($j, $p) => $rt.readConstAs($j, $p, {literal}, const {cls}())", literal=literal, cls=cls
                    ),
                    read_call=DART(
                        "$rt.readConstAs($json, $pointer, {literal}, const {cls}())", literal=literal, cls=cls
                    ),
                )
            )
            continue
        checker = types.checker(t)
        variants.append(
            _Variant(
                kind="wrapper",
                class_name=cls,
                doc=dart_doc_text(f"a value of type `{types.type(t)}`."),
                value_type=types.type(t),
                reader=DART("($j, $p) => {cls}({read})", cls=cls, read=types.read_call(t, _J, _P)),
                read_json=types.read_call(t, verbatim("json"), verbatim("''")),
                read_call=DART("{cls}({read})", cls=cls, read=types.read_call(t, json_, pointer)),
                write=types.write(t, verbatim("value")),
                check=DART("$rt.check(value, $pointer, $errors, {checker});", checker=checker) if checker else None,
            )
        )
    _factories(name, variants, suffixes)
    if shape.tag is not None:
        how = (
            f"Tagged by {json.dumps(shape.tag, ensure_ascii=False)}: "
            + ", ".join(f"`{json.dumps(v.tag_value, ensure_ascii=False)}`" for v in shape.variants)
            + "."
        )
        if shape.open:
            how += " Open: an object with another tag is read as the unknown variant, kept and written back."
    else:
        how = (
            "Untagged: exactly one variant may match (`oneOf`)."
            if shape.exclusive
            else "Untagged: the first variant that matches wins (`anyOf`)."
        )
    decision = types.decided.dispatch(shape.name)
    type_cases = []
    if isinstance(decision, ByTag):
        how_read = "tag"
    elif isinstance(decision, ByJsonType):
        how_read = "json_type"
        type_cases = [(dart_str(json_type), variants[i].read_call) for json_type, i in decision.cases]
        how += (
            " Told apart by JSON type: "
            + ", ".join(f"{json_type} -> `{variants[i].class_name}`" for json_type, i in decision.cases)
            + "."
        )
    else:
        assert isinstance(decision, InOrder)
        how_read = "in_order"
        how += " Told apart by trying each variant in order."
    out = _Shape(
        kind="union",
        dispatch=how_read,
        type_cases=type_cases,
        name=name,
        doc=_shape_doc(shape, [how, "Variants: " + ", ".join(f"`{v.class_name}`" for v in variants) + "."]),
        variants=variants,
        tag=dart_str(shape.tag) if shape.tag is not None else None,
        exclusive=decision.exclusive if isinstance(decision, InOrder) else True,
        open=isinstance(decision, ByTag) and decision.open,
        absent_tag=(
            dart_str(shape.default_tag)
            if isinstance(decision, ByTag) and shape.default_tag is not None
            else verbatim("")
        ),
    )
    if out.open:
        out.unknown_class = dart_ident(types.names.associated(UNKNOWN_VARIANT, shape.name))
    return out


def _enum(types: _Types, shape: ir.Enum) -> _Shape:
    name = types.type_name(shape.name)
    if not shape.values and not shape.open:
        raise ShapegenError(
            f"enum {shape.name!r} has no values, and a Dart enum needs at least one",
            where=f"{shape.source.file}#{shape.source.pointer}",
        )
    descriptions = shape.value_descriptions or ("",) * len(shape.values)
    members = [
        {"name": dart_ident(types.names.member(shape.name, v)), "value": dart_str(v), "doc": d}
        for v, d in zip(shape.values, descriptions)
    ]
    policy = (
        "Open: any other string is accepted and kept (`isKnown` is false for it)."
        if shape.open
        else "Closed: `fromJson` rejects any other string."
    )
    return _Shape(
        kind="open_enum" if shape.open else "enum", name=name, doc=_shape_doc(shape, [policy]), members=members
    )


def _alias(types: _Types, shape: ir.Alias) -> _Shape:
    name = types.type_name(shape.name)
    t: ir.Type = ir.Nullable(shape.type) if shape.nullable else shape.type
    if types.is_class(shape.name):
        # a typedef cannot refer to itself: the value is held by a class of its own
        return _Shape(
            kind="alias",
            name=name,
            doc=_shape_doc(
                shape,
                [
                    *_limits(shape.type),
                    f"A class holding its value, since a `{name}` holds others of its kind"
                    + (" (null where the value is null)." if shape.nullable else "."),
                ],
            ),
            alias_type=types.type(shape.type),
            alias_reader=types.read_call(shape.type, verbatim("$json"), _POINTER),
            alias_check=types.checker(shape.type),
            alias_class=True,
            alias_nullable=shape.nullable,
        )
    return _Shape(
        kind="alias",
        name=name,
        doc=_shape_doc(shape, _limits(shape.type)),
        alias_type=types.type(t),
        alias_reader=types.read_call(t, verbatim("$json"), _POINTER),
        alias_check=types.checker(t),
    )


def names_for(ns: ir.Namespace) -> Names:
    return decide_namespace(ns).names_with(RULES)


def library_name(ns: ir.Namespace) -> str:
    """The file name (without `.dart`) of a namespace's library under lib/src/ (RULES.module_case;
    the renderer reads it from the decided names)."""
    return _library_case(ns.name)


def _library_case(namespace: str) -> str:
    name = snake_case(namespace) or "namespace"
    if name[0].isdigit():
        name = "ns_" + name
    return name + "_shapes" if name in {"runtime", PACKAGE} or name in KEYWORDS else name


# `{`, a line break and white space up to `}`; a run of blank lines (from a line break through the last
# line break of the white space after it). Possessive (`*+`): a line's indentation is not scanned
# again when no `}` or line break follows it
_EMPTY_BRACES = re.compile(r"\{\n\s*+\}")
# a blank line holding spaces, or two or more blank lines: what `_tidy` makes one empty line (a
# single empty line, by far the most common, is no match: the large library is not copied for it)
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]++\n(?:\s*\n)?|\n\s*\n)")


def render_namespace(
    ns: ir.Namespace, decided: DecidedNamespace | None = None, structure: tuple[Any, ...] = ()
) -> tuple[str, list[str]]:
    """The library of one namespace, and the public type names it declares. With `structure` (what
    the model is besides its prose, and where `ns` is in it: `render_memo.structure_digest`), each
    shape is a unit: its text and what the library reads from its plan are reused whole, plan and
    print, when the structure and the shape's own prose are those of the last run. A shape's plan
    prints no other shape's prose (descriptions are read in `_field_doc`, `_shape_doc` and `_enum`,
    from the shape itself), and what it reads from other shapes' plans (`_Types`: which aliases
    have a check, the classes of a union's variants) is worked out from the namespace alone,
    whichever plans are made and in whatever order."""
    types = _Types(decided if decided is not None else decide_namespace(ns))
    implements: dict[str, list[Code]] = {}
    for s in ns.shapes:
        if isinstance(s, ir.Union_):
            for v in s.variants:
                if isinstance(v.type, ir.Ref) and isinstance(types.shapes.get(v.type.name), ir.Object):
                    implements.setdefault(v.type.name, []).append(types.type_name(s.name))
    env = code_env()
    macros = env.get_template("shape.dart.j2").module

    def made(shape: ir.Shape) -> tuple[Any, ...]:
        """A shape's text, its name, whether a field is `Present<...>`, the unknown variant it
        declares (if any) and the class of each non-object variant (a union's)."""
        plan = _plan(types, shape, implements)
        text = getattr(macros, plan.kind if plan.kind in _MACROS else "alias")(plan)
        core, lines = _tidy_core(text) or (text, "")
        present = "present" if any(f.dart_type.startswith("Present<") for f in plan.fields) else ""
        variants = [v.class_name for v in plan.variants if v.kind != "object"]
        return core, lines, plan.name, present, plan.unknown_class, *variants

    units = [
        (
            unit("dart.shape", (*structure, index, own_prose(shape)), functools.partial(made, shape))
            if structure
            else made(shape)
        )
        for index, shape in enumerate(ns.shapes)
    ]
    uses_present = any(u[3] for u in units)
    shown = [verbatim(n) for n in sorted({"JsonValue", "ValidationError"} | ({"Present"} if uses_present else set()))]
    text = _library(env, [(u[0], u[1]) for u in units], shown)
    declared: list[str] = [u[2] for u in units]
    declared += [variant for u in units for variant in u[5:]]
    declared += [u[4] for u in units if u[4]]
    return text, declared


def _plan(types: _Types, shape: ir.Shape, implements: dict[str, list[Code]]) -> _Shape:
    match shape:
        case ir.Object():
            return _object(types, shape, implements.get(shape.name, []))
        case ir.Union_():
            return types.union(shape.name)
        case ir.Enum():
            return _enum(types, shape)
        case ir.Alias():
            return _alias(types, shape)
        case _:
            assert_never(shape)


# the kinds with a macro of their own in shape.dart.j2 (any other is an alias)
_MACROS = frozenset(("object", "union", "enum", "open_enum"))


def _tidy(text: str) -> str:
    """At most one blank line in a row, none at the start, and empty bodies as `{}`."""
    text = _EMPTY_BRACES.sub("{}", text)
    return _BLANK_LINES.sub("\n\n", text).strip("\n") + "\n"


# a shape's text: line breaks, its core (from its first to its last character that is not white space), line breaks
_CORE = re.compile(r"(\n*+)(\S(?:.*\S)?)(\n*+)", re.S)
# two marks in place of shapes' cores: no white space, no brace, in no template
_MARKS = (verbatim("\0first-shape\0"), verbatim("\0last-shape\0"))


def _tidy_core(text: str) -> tuple[Code, str] | None:
    """What `_tidy` makes of a shape's text inside the library, worked out from the text alone,
    when only line breaks surround its core and the core neither starts with `}` nor ends with `{`:
    the core, tidied, and how many line breaks were before and after it ("2,1"). Every match of
    `_tidy`'s patterns then lies inside one core, or inside the line breaks between two cores
    (`_library`). None otherwise."""
    found = _CORE.fullmatch(text)
    if found is None:
        return None
    before, core, after = found.groups()
    if core[0] == "}" or core[-1] == "{":
        return None
    return Code(_BLANK_LINES.sub("\n\n", _EMPTY_BRACES.sub("{}", core))), f"{len(before)},{len(after)}"


def _library(env: jinja2.Environment, shapes: list[tuple[Code, str]], shown: list[Code]) -> str:
    """The tidy library of the shapes' texts: each its text, or its tidy core and the line breaks
    around it (`_tidy_core`). When every shape is a core, the cores are joined without the 11 MB of
    the vendor spec's library being scanned again: the library's head and end are tidied with a
    mark in place of the first and of the last core (with their line breaks), and two cores are
    joined by what `_tidy` makes of the n line breaks between them (one stays one; two or more
    become one blank line), n counting the template's own between two shapes."""
    template = env.get_template("library.dart.j2")
    if len(shapes) >= 2 and all(lines for _, lines in shapes):
        raw = template.render(shapes=list(_MARKS), runtime_shown=shown)
        between = raw.split(_MARKS[0])[1].split(_MARKS[1])[0]
        if between and not between.strip("\n"):
            around = [tuple(map(int, lines.split(","))) for _, lines in shapes]
            first = Code("\n" * around[0][0] + _MARKS[0])
            last = Code(_MARKS[1] + "\n" * around[-1][1])
            head, rest = _tidy(template.render(shapes=[first, last], runtime_shown=shown)).split(_MARKS[0])
            end = rest.split(_MARKS[1])[1]
            parts = [head, shapes[0][0]]
            for index in range(1, len(shapes)):
                breaks = around[index - 1][1] + len(between) + around[index][0]
                parts.append("\n" if breaks == 1 else "\n\n")
                parts.append(shapes[index][0])
            parts.append(end)
            return "".join(parts)
    # a core with its line breaks again: tidy already, it is what the whole's tidying makes of it
    texts = [
        Code("\n" * int(lines.split(",")[0]) + text + "\n" * int(lines.split(",")[1])) if lines else text
        for text, lines in shapes
    ]
    return _tidy(template.render(shapes=texts, runtime_shown=shown))


_ENV: jinja2.Environment | None = None


def code_env() -> jinja2.Environment:
    """The environment of the Dart code templates: `{{ }}` prints only Code (`generator.code`)."""
    global _ENV
    if _ENV is None:
        _ENV = code_environment("dart", FILTERS | {"dart_doc_text": dart_doc_text})
    return _ENV


@dataclass(frozen=True)
class _Library:
    file: str  # under lib/src/, without .dart
    namespace: ir.Namespace
    hide: tuple[str, ...]  # names an earlier namespace's library already exports


def render(inp: RenderInput) -> dict[str, str]:
    options = inp.target_options("dart")
    package = str(options.get("package", PACKAGE))
    version = inp.package_version("dart")
    if PACKAGE_NAME.malformed(package):
        raise ShapegenError(
            f"{package!r} is not a pub package name",
            where="pyproject.toml [tool.shapegen.dart] package",
            hint="use lower-case letters, digits and underscores, starting with a letter",
        )
    files: dict[str, str] = {"lib/src/runtime.dart": RUNTIME.read_text(encoding="utf-8")}
    libraries = []
    exported: dict[str, str] = {}
    seen_files: dict[str, str] = {}
    structure = structure_digest(inp.model) if memo_active() else b""
    for index, ns in enumerate(inp.model.namespaces):
        file = inp.decisions(ns).names_with(RULES).module
        if file == package:
            file += "_shapes"
        if file in seen_files:
            raise ShapegenError(
                f"namespaces {seen_files[file]!r} and {ns.name!r} would share the Dart library lib/src/{file}.dart",
                hint="rename one of them",
            )
        seen_files[file] = ns.name
        text, declared = render_namespace(ns, inp.decisions(ns), (structure, index) if structure else ())
        files[f"lib/src/{file}.dart"] = text
        hide = tuple(sorted(n for n in declared if n in exported))
        for n in declared:
            exported.setdefault(n, ns.name)
        libraries.append(_Library(file, ns, hide))
    env = code_env()
    # the manifest is YAML, not Dart code: its own quoting (yaml_str), in the plain environment
    files["pubspec.yaml"] = (
        environment("dart", FILTERS)
        .get_template("pubspec.yaml.j2")
        .render(package=package, version=version, project=identity(inp.options, inp.bundles, inp.licenses))
    )
    files[f"lib/{package}.dart"] = str(env.get_template("package.dart.j2").render(libraries=libraries))
    for lib in libraries:
        files[f"lib/{lib.file}.dart"] = str(env.get_template("namespace.dart.j2").render(library=lib))
    return files


def _owns(rel: str) -> bool:
    return rel == "pubspec.yaml" or (rel.startswith("lib/") and rel.endswith(".dart"))


TARGET = SimpleTarget(name="dart", out_dir="dart", render_fn=render, owns_fn=_owns)
