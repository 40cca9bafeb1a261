"""The `csharp` target: a library project (`RealtimeShapes.csproj`) of Newtonsoft.Json classes in
the style of the OCI .NET SDK, one folder and C# namespace per shapegen namespace, one file per
shape. C# 7.2 throughout (mcs compiles it; a current .NET SDK compiles it unchanged).

Wire semantics in C# terms:
- objects are classes deriving from `Shapegen.Runtime.ShapegenObject`, with PascalCase
  `{ get; set; }` properties, `[JsonProperty(PropertyName = ...)]` wire names and
  `[Required(ErrorMessage = ...)]` on required properties; integers are `long`, numbers `double`;
- presence: an optional property is absent while it is null (value types are `T?`); an optional
  *nullable* property tracks whether it was set, Newtonsoft's `ShouldSerialize<Name>()`
  convention: assigning `null` sends an explicit null, never assigning sends nothing, and
  `Unset<Name>()` forgets it. The property keeps its natural type (no wrapper to unwrap), and a
  contract-based serializer honours the same method;
- reading is strict and goes through generated `Read(JToken, pointer)` methods, never
  Newtonsoft's coercing contract reader: `"4096"` is not an integer, `1` is not a string,
  `600.0` is the integer 600; `[JsonConverter(typeof(ShapeConverter))]` routes `JsonConvert`
  through the same readers and the exact `ToJson` writers;
- open objects keep unknown properties in `[JsonExtensionData] AdditionalProperties` and write
  them back; closed objects reject them while reading;
- closed enums are C# enums with `[EnumMember(Value = ...)]`; open enums are string-backed
  structs with the known values as static members (the Azure SDK's expandable enums);
- tagged unions are an abstract class with one subclass per variant (the variant object derives
  from its first union; a variant of further unions is wrapped in a nested `<Variant>Case`), read
  by dispatching on the tag; open response unions keep an `Unknown` subclass that round-trips;
- other unions are structs with one property per case, read as the first valid case (for a
  oneOf, a value valid as two cases is rejected);
- aliases are printed as their type; a static class of the alias's name reads, writes and
  validates it;
- `Validate()` returns every constraint error with a JSON pointer; patterns are the ECMA-262
  source in the language layer's `dotnet` dialect (`Pattern.dotnet()`), and one it cannot express
  is an error at generate time;
- `ToString()` prints the type and its JSON with every secret field replaced by "<redacted>".

The quoting layer is `cs_str` (string literals), `cs_doc` (XML doc comments) and `cs_ident`
(identifiers, checked); every string that came from the schema goes through one of them.
"""

from __future__ import annotations

import dataclasses

import functools
import json
import math
import re
from dataclasses import dataclass, field

import jinja2
from typing import Any, assert_never

from generator import ir
from generator.code import Code, Syntax, code_environment, lines, per_character, verbatim
from generator.identity import identity
from generator import render_memo
from generator.render_memo import own_prose, structure_digest, structured_unit
from generator.errors import ShapegenError
from generator.layer.patterns import DOTNET_OPTIONS, Pattern
from generator.decide import DecidedNamespace, decide_namespace
from generator.layer import defaults
from generator.layer.unions import ByJsonType, InOrder
from generator.rules import fitting_file_name, Associated, LanguageRules, Names, pascal_case
from generator.targets.base import RenderInput, SimpleTarget, SourceTraits
from generator.packaging.csharp import KEYWORDS, PACKAGE_NAME
from generator.templating import TEMPLATES_ROOT

ROOT_NAMESPACE = "RealtimeShapes"
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1
RUNTIME_DIR = TEMPLATES_ROOT / "csharp" / "runtime"
REDACTED = "ShapegenObject.Redacted"

# members every generated type has (or inherits from object / ShapegenObject): a property may not
# take these names (`ToString` would hide the redacting ToString, `Read` the reader, ...)
MEMBER_NAMES = frozenset("""
    ToJson ToJsonString Validate ValidateInto Read FromJson AdditionalProperties Redacted ToString
    Equals GetHashCode GetType MemberwiseClone Finalize ReferenceEquals
""".split())
# and what the structs (open enums, untagged unions) add
STRUCT_MEMBERS = MEMBER_NAMES | {"Value", "IsKnown"}
# the types an open enum's method bodies name unqualified (templates/csharp/shape.cs.j2, open_enum)
OPEN_ENUM_BODY_TYPES = frozenset("""
    ArgumentNullException IEquatable IShape InvalidOperationException JToken JValue Json List
    ShapeReadException StringComparer StringComparison ValidationError
""".split())

# type names the generated files use unqualified (usings of System, System.Collections.Generic,
# Newtonsoft.Json, Newtonsoft.Json.Linq, System.ComponentModel.DataAnnotations,
# System.Runtime.Serialization, System.Text.RegularExpressions and the runtime), and the roots
# of the namespaces they name
RESERVED_TYPES = frozenset("""
    System Newtonsoft Shapegen Object String Math Func Action Exception ArgumentNullException
    InvalidOperationException IEquatable StringComparer StringComparison Nullable List Dictionary
    IDictionary IList ICollection IEnumerable KeyValuePair JToken JObject JArray JValue JProperty
    JTokenType JsonProperty JsonPropertyAttribute JsonConverter JsonConverterAttribute
    JsonExtensionData JsonExtensionDataAttribute JsonIgnore JsonIgnoreAttribute NullValueHandling Formatting Required
    RequiredAttribute EnumMember EnumMemberAttribute Regex RegexOptions Json Check
    ValidationError ShapegenObject ShapeConverter IShape Union WireEnum ShapeReadException Redaction
""".split())


def _dodge(name: str) -> str:
    return name + "Value" if name[:1].isupper() else "@" + name


RULES = LanguageRules(
    language="C#",
    type_case=pascal_case,
    field_case=pascal_case,
    member_case=pascal_case,
    variant_case=pascal_case,
    file_case=pascal_case,
    associated=(
        # the nested class of an open union that keeps an unknown variant
        Associated("unknown", "open-union", "members", ("Unknown", "UnknownVariant", "Unrecognised")),
        # `TemperatureOrDefault`: the value, or the schema's default when absent
        Associated("or_default", "default-field", "members", ("{field}OrDefault", "{field}ValueOrDefault")),
    ),
    keywords=KEYWORDS | MEMBER_NAMES,
    # a property named like a type the method bodies use (`Json`, `Check`, `JValue`, ...) would
    # shadow it there
    # (`Object` is kept for the wire name `object`, as the SDKs spell it: the bodies never name System.Object so)
    reserved_fields=MEMBER_NAMES | (RESERVED_TYPES - {"Object"}),
    reserved_types=RESERVED_TYPES,
    dodge=_dodge,
    refine=lambda ns, names: _refine(ns, names),
    # the namespace's module name
    module_case=lambda namespace: _folder_case(namespace),
)

# what `shapegen breaking` needs to know of the printed source: the defaults (members by name,
# unions of types, no exhaustive switch)
SOURCE_TRAITS = SourceTraits()


# ---------------------------------------------------------------- the quoting layer

# C# line terminators besides \n and \r: inside a // or /// comment they would end it
_LINE_BREAKS = "\u0085\u2028\u2029"
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _unsafe(c: str) -> bool:
    o = ord(c)
    return o < 0x20 or o == 0x7F or c in _LINE_BREAKS or c in _BIDI or c == "\ufeff" or 0xD800 <= o <= 0xDFFF


def _cs_char(c: str) -> str:
    """One character inside a C# regular string literal."""
    if c == "\\":
        return "\\\\"
    if c == '"':
        return '\\"'
    if c == "\n":
        return "\\n"
    if c == "\r":
        return "\\r"
    if c == "\t":
        return "\\t"
    if c == "\0":
        return "\\0"
    if _unsafe(c):
        return f"\\u{ord(c):04x}"
    return c


_cs_chars = per_character(_cs_char)


def cs_str(value: Any) -> Code:
    """A C# regular string literal whose value is exactly `value`."""
    return _cs_str(str(value))


@functools.lru_cache(maxsize=1 << 16)  # a wire name is quoted in a class's attribute, reader, writer and checks
def _cs_str(text: str) -> Code:
    return Code('"' + _cs_chars(text) + '"')


def _xml_char(c: str) -> str:
    """One character of XML doc text."""
    if c == "&":
        return "&amp;"
    if c == "<":
        return "&lt;"
    if c == ">":
        return "&gt;"
    if c == "\t":
        return c
    if _unsafe(c):
        return f"&#x{ord(c):X};" if c in _LINE_BREAKS or c in _BIDI or c == "\ufeff" else f"\\u{ord(c):04x}"
    return c


_xml_chars = per_character(_xml_char)


def _xml_text(line: str) -> str:
    return _xml_chars(line).rstrip()


def cs_doc(paragraphs: Any, indent: int = 0, tag: str = "summary") -> Code:
    """An XML doc comment (`/// <summary>` ... `/// </summary>`) whose text is `paragraphs` (a string
    or a list of them): every line break starts a new `///` line, `&`, `<` and `>` are entities,
    and the line terminators C# knows besides \\n (U+0085, U+2028, U+2029) are character references,
    so nothing in the text can end the comment or become code. "" when there is no text."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    return _cs_doc(tuple(str(p) for p in paragraphs), indent, tag)


@functools.lru_cache(maxsize=1 << 14)  # a description recurs in many shapes (14k doc comments, 5k different)
def _cs_doc(paragraphs: tuple[str, ...], indent: int, tag: str) -> Code:
    texts = [p.replace("\r\n", "\n").replace("\r", "\n").strip("\n") for p in paragraphs]
    texts = [t for t in texts if t.strip()]
    if not texts:
        return Code("")
    pad = " " * indent
    lines = [f"{pad}/// <{tag}>"]
    for n, text in enumerate(texts):
        if n:
            lines.append(f"{pad}/// <para/>")
        for line in text.split("\n"):
            line = _xml_text(line)
            lines.append(f"{pad}/// {line}" if line else f"{pad}///")
    lines.append(f"{pad}/// </{tag}>")
    return Code("\n".join(lines) + "\n")


def cs_xml(text: Any) -> Code:
    """Text for the inside of a one-line XML doc element: entities as in cs_doc, line breaks as spaces."""
    return Code(_xml_text(" ".join(str(text).replace("\r", "\n").split("\n"))))


_IDENT = re.compile(r"@?[A-Za-z_][A-Za-z0-9_]*")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


@functools.lru_cache(maxsize=None)
def cs_ident(name: str) -> Code:
    """An identifier as given by the naming pass, checked: never a way to inject code."""
    if not _IDENT.fullmatch(name):
        raise ValueError(f"not a C# identifier: {name!r}")
    return Code(name)


def cs_dotted(name: str) -> Code:
    """A dotted namespace name (`Acme.Realtime.Shop`), checked."""
    if not _DOTTED.fullmatch(name):
        raise ValueError(f"not a C# namespace name: {name!r}")
    return Code(name)


# builds C# from code parts; a plain str part is quoted as a C# string literal (generator.code)
CS = Syntax("C#", string=cs_str)


def cs_literal(value: Any) -> Code:
    """A C# literal of a JSON scalar: string, long, double or bool."""
    if isinstance(value, bool):
        return Code("true" if value else "false")
    if isinstance(value, str):
        return cs_str(value)
    if isinstance(value, int):
        return Code(f"{value}L")
    f = float(value)
    if math.isinf(f) or math.isnan(f):
        raise ShapegenError(f"the number {value!r} has no C# literal")
    text = repr(f)
    return Code(text if ("." in text or "e" in text) else text + ".0")


def _literal_type(value: Any) -> Code:
    if isinstance(value, bool):
        return verbatim("bool")
    if isinstance(value, str):
        return verbatim("string")
    if isinstance(value, int):
        return verbatim("long")
    return verbatim("double")


# ---------------------------------------------------------------- the namespace model


# the private static fields holding a type's compiled patterns, numbered in the order its checks
# need them
PATTERN_STATIC = re.compile(r"_pattern[0-9]+")


@dataclass
class _Container:
    """One generated type's private statics (compiled patterns)."""

    patterns: list[tuple[Code, str, str]] = field(default_factory=list)  # (field, .NET source, ECMA source)

    def pattern(self, source: str, where: str) -> Code:
        """The private static field holding `source` compiled as .NET translates it (the
        language layer's `dotnet` dialect; one it cannot express is an error naming `where`)."""
        for name, _, src in self.patterns:
            if src == source:
                return name
        pattern = source if isinstance(source, Pattern) else Pattern(source, where)
        # never a backing field's name: RULES.refine keeps those off PATTERN_STATIC
        name = CS("_pattern{n}", n=len(self.patterns))
        self.patterns.append((name, pattern.dotnet(), str(source)))
        return name


@dataclass
class _Context:
    decided: DecidedNamespace
    ns: ir.Namespace
    names: Names
    shapes: dict[str, ir.Shape]
    namespace: Code  # the C# namespace
    primary: dict[str, str]  # variant object -> the tagged union it derives from
    field_names: dict[tuple[str, str], str]  # (shape, wire name) -> property name
    member_names: dict[tuple[str, str], str]  # (enum, value) -> member name
    qualified_names: dict[str, Code] = field(default_factory=dict)  # shape -> `qualified`, made once

    def type_name(self, shape: str) -> Code:
        return cs_ident(self.names.type(shape))

    def field_name(self, shape: str, wire: str) -> Code:
        return cs_ident(self.field_names[(shape, wire)])

    def qualified(self, shape: str) -> Code:
        """The type as method bodies name it: fully qualified, since a property may be named like
        the type it holds (`Voice Voice`), which a `Voice?` or an alias's type would not resolve."""
        found = self.qualified_names.get(shape)
        if found is None:
            found = self.qualified_names[shape] = CS(
                "global::{ns}.{name}", ns=self.namespace, name=self.type_name(shape)
            )
        return found


def nominal_alias(ctx: _Context, name: str) -> ir.Array | ir.Map | None:
    """The list or map an alias that refers to itself through aliases alone (the decided
    `graph.recursive_aliases`) is, when it is one: such an alias is a class deriving from that
    List<...> or Dictionary<string, ...> (`public sealed class Dict : Dictionary<string, Dict>`),
    since C#, which inlines every other alias, cannot inline it (the expansion never ends)."""
    shape = ctx.shapes[name]
    if not isinstance(shape, ir.Alias) or name not in ctx.decided.graph.recursive_aliases:
        return None
    return shape.type if isinstance(shape.type, (ir.Array, ir.Map)) else None


_PRIMITIVE = {"string": "string", "integer": "long", "number": "double", "boolean": "bool"}
_READ = {"string": "ReadString", "integer": "ReadInteger", "number": "ReadNumber", "boolean": "ReadBoolean"}


def cs_type(ctx: _Context, t: ir.Type) -> Code:
    match t:
        case ir.Primitive():
            return verbatim(_PRIMITIVE[t.kind])
        case ir.AnyValue():
            # as the OCI .NET SDK types free-form values (Dictionary<string, Dictionary<string, object>>):
            # a scalar is its .NET value, an object or array a JToken (Json.ReadAny / Json.WriteAny)
            return verbatim("object")
        case ir.Literal():
            return _literal_type(t.value)
        case ir.Ref():
            shape = ctx.shapes[t.name]
            if isinstance(shape, ir.Alias) and nominal_alias(ctx, t.name) is None:
                return cs_type(ctx, ir.Nullable(shape.type) if shape.nullable else shape.type)
            return ctx.type_name(t.name)
        case ir.Array():
            return CS("List<{item}>", item=cs_type(ctx, t.item))
        case ir.Map():
            return CS("Dictionary<string, {value}>", value=cs_type(ctx, t.value))
        case ir.Nullable():
            inner = cs_type(ctx, t.inner)
            return CS("{inner}?", inner=inner) if is_value_type(ctx, t.inner) else inner
        case _:
            assert_never(t)


def is_value_type(ctx: _Context, t: ir.Type) -> bool:
    """Whether the C# type of `t` is a struct that cannot hold null (needs `?` to be nullable)."""
    match t:
        case ir.Primitive():
            return t.kind != "string"
        case ir.Literal():
            return not isinstance(t.value, str)
        case ir.Ref():
            shape = ctx.shapes[t.name]
            if isinstance(shape, ir.Alias):
                return not shape.nullable and is_value_type(ctx, shape.type) and nominal_alias(ctx, t.name) is None
            return isinstance(shape, ir.Enum) or (isinstance(shape, ir.Union_) and shape.tag is None)
        case ir.AnyValue() | ir.Array() | ir.Map() | ir.Nullable():
            return False
        case _:
            assert_never(t)


@functools.lru_cache(maxsize=None)
def _local(letter: str, depth: int) -> Code:
    """A lambda's parameter at nesting depth `depth` (`t0`, `a1`, ...)."""
    return CS(letter + "{d}", d=depth)


def read_expr(ctx: _Context, t: ir.Type, tok: Code, at: Code, depth: int = 0) -> Code:
    """A C# expression reading token `tok` (at pointer `at`) as `t`, or throwing ShapeReadException."""
    x, a = _local("t", depth), _local("a", depth)
    match t:
        case ir.Primitive():
            return CS("Json.{fn}({tok}, {at})", fn=verbatim(_READ[t.kind]), tok=tok, at=at)
        case ir.AnyValue():
            return CS("Json.ReadAny({tok}, {at})", tok=tok, at=at)
        case ir.Literal():
            return CS("Json.ReadConstant({tok}, {at}, {value})", tok=tok, at=at, value=cs_literal(t.value))
        case ir.Ref():
            shape = ctx.shapes[t.name]
            if isinstance(shape, ir.Enum) and not shape.open:
                return CS("WireEnum.Read<{type}>({tok}, {at})", type=ctx.qualified(t.name), tok=tok, at=at)
            return CS("{type}.Read({tok}, {at})", type=ctx.qualified(t.name), tok=tok, at=at)
        case ir.Array():
            item = read_expr(ctx, t.item, x, a, depth + 1)
            return CS("Json.ReadList({tok}, {at}, ({x}, {a}) => {item})", tok=tok, at=at, x=x, a=a, item=item)
        case ir.Map():
            value = read_expr(ctx, t.value, x, a, depth + 1)
            return CS("Json.ReadMap({tok}, {at}, ({x}, {a}) => {value})", tok=tok, at=at, x=x, a=a, value=value)
        case ir.Nullable():
            inner = read_expr(ctx, t.inner, tok, at, depth)
            return CS("Json.IsNull({tok}) ? ({type})null : {inner}", tok=tok, type=cs_type(ctx, t), inner=inner)
        case _:
            assert_never(t)


def _unwrap(ctx: _Context, t: ir.Type, v: Code) -> Code:
    return CS("{v}.Value", v=v) if is_value_type(ctx, t) else v


def write_expr(ctx: _Context, t: ir.Type, v: Code, depth: int = 0, redact: Code = verbatim("redact")) -> Code:
    """A C# expression of type JToken writing `v` (a non-null value of `t`'s C# type); `redact`
    is the expression that says whether secrets are redacted."""
    x = _local("x", depth)
    match t:
        case ir.Primitive() | ir.Literal():
            return CS("new JValue({v})", v=v)
        case ir.AnyValue():
            return CS("Json.WriteAny({v})", v=v)
        case ir.Ref():
            shape = ctx.shapes[t.name]
            if isinstance(shape, ir.Enum) and not shape.open:
                return CS("WireEnum.ToJson({v})", v=v)
            if isinstance(shape, ir.Alias):
                return CS("{type}.ToJson({v}, {redact})", type=ctx.qualified(t.name), v=v, redact=redact)
            return CS("{v}.ToJson({redact})", v=v, redact=redact)
        case ir.Array():
            item = write_expr(ctx, t.item, x, depth + 1, redact)
            return CS("Json.WriteList({v}, {x} => {item})", v=v, x=x, item=item)
        case ir.Map():
            value = write_expr(ctx, t.value, x, depth + 1, redact)
            return CS("Json.WriteMap({v}, {x} => {value})", v=v, x=x, value=value)
        case ir.Nullable():
            inner = write_expr(ctx, t.inner, _unwrap(ctx, t.inner, v), depth, redact)
            return CS("{v} == null ? (JToken)JValue.CreateNull() : {inner}", v=v, inner=inner)
        case _:
            assert_never(t)


def _block(head: Code, inner: list[Code], tail: str) -> list[Code]:
    """`head`, then `inner` indented in braces closed by `tail` (`}` or `});`)."""
    return [head, verbatim("{")] + [CS("    {line}", line=line) for line in inner] + [verbatim(tail)]


def _long(b: int) -> Code:
    return verbatim("long.MinValue") if b == LONG_MIN else CS("{b}L", b=b)


def check_lines(
    ctx: _Context, box: _Container, t: ir.Type, v: Code, at: Code, errors: Code, where: str, depth: int = 0
) -> list[Code]:
    """C# statements adding one ValidationError to `errors` per constraint `v` (a non-null value of
    `t`, at pointer `at`) breaks; [] when `t` has nothing to check."""
    lines: list[Code] = []
    x, a, e = _local("x", depth), _local("a", depth), _local("e", depth)
    match t:
        case ir.Primitive():
            c = t.constraints
            if t.kind == "string":
                for bound, fn in ((c.min_length, "MinLength"), (c.max_length, "MaxLength")):
                    if bound is not None:
                        lines.append(
                            CS(
                                "Check.{fn}({v}, {n}, {at}, {errors});",
                                fn=verbatim(fn),
                                v=v,
                                n=bound,
                                at=at,
                                errors=errors,
                            )
                        )
                if c.pattern is not None:
                    name = box.pattern(c.pattern, where)
                    lines.append(
                        CS(
                            "Check.Pattern({v}, {name}, {source}, {at}, {errors});",
                            v=v,
                            name=name,
                            source=str(c.pattern),
                            at=at,
                            errors=errors,
                        )
                    )
            elif t.kind in ("integer", "number"):
                integer = t.kind == "integer"
                for attr, fn in (
                    ("minimum", "Minimum"),
                    ("maximum", "Maximum"),
                    ("exclusive_minimum", "ExclusiveMinimum"),
                    ("exclusive_maximum", "ExclusiveMaximum"),
                ):
                    bound = getattr(c, attr)
                    if bound is None:
                        continue
                    if integer and float(bound).is_integer() and not isinstance(bound, bool):
                        # integers are compared as integers (exact past 2^53); a bound beyond the
                        # range of long that every long satisfies is no check at all
                        b = int(bound)
                        lower = attr in ("minimum", "exclusive_minimum")
                        if (lower and b < LONG_MIN) or (not lower and b > LONG_MAX):
                            continue
                        if (
                            attr == "exclusive_minimum"
                            and b == LONG_MIN - 1
                            or attr == "exclusive_maximum"
                            and b == LONG_MAX + 1
                        ):
                            continue
                        if LONG_MIN <= b <= LONG_MAX:
                            lines.append(
                                CS(
                                    "Check.{fn}({v}, {b}, {at}, {errors});",
                                    fn=verbatim(fn),
                                    v=v,
                                    b=_long(b),
                                    at=at,
                                    errors=errors,
                                )
                            )
                            continue
                    lines.append(
                        CS(
                            "Check.{fn}((double){v}, {b}, {at}, {errors});",
                            fn=verbatim(fn),
                            v=v,
                            b=cs_literal(float(bound)),
                            at=at,
                            errors=errors,
                        )
                    )
                if c.multiple_of is not None:
                    m = c.multiple_of
                    if integer and float(m).is_integer():
                        lines.append(
                            CS("Check.MultipleOf({v}, {m}L, {at}, {errors});", v=v, m=int(m), at=at, errors=errors)
                        )
                    else:
                        lines.append(
                            CS(
                                "Check.MultipleOf((double){v}, {m}, {at}, {errors});",
                                v=v,
                                m=cs_literal(float(m)),
                                at=at,
                                errors=errors,
                            )
                        )
            return lines
        case ir.Literal():
            return [
                CS(
                    "Check.Constant({v}, {value}, {at}, {errors});",
                    v=v,
                    value=cs_literal(t.value),
                    at=at,
                    errors=errors,
                )
            ]
        case ir.AnyValue():
            return []
        case ir.Ref():
            shape = ctx.shapes[t.name]
            if isinstance(shape, ir.Enum) and not shape.open:
                return []
            if isinstance(shape, ir.Alias):
                return [
                    CS(
                        "{type}.ValidateInto({v}, {at}, {errors});",
                        type=ctx.qualified(t.name),
                        v=v,
                        at=at,
                        errors=errors,
                    )
                ]
            return [CS("{v}.ValidateInto({at}, {errors});", v=v, at=at, errors=errors)]
        case ir.Array() | ir.Map():
            c = t.constraints
            if isinstance(t, ir.Array):
                counts = ((c.min_items, "MinItems"), (c.max_items, "MaxItems"))
                inner_type = t.item
            else:
                counts = ((c.min_properties, "MinProperties"), (c.max_properties, "MaxProperties"))
                inner_type = t.value
            for count, fn in counts:
                if count is not None:
                    lines.append(
                        CS("Check.{fn}({v}, {n}, {at}, {errors});", fn=verbatim(fn), v=v, n=count, at=at, errors=errors)
                    )
            if isinstance(t, ir.Array) and c.unique_items:
                # equality of items is decided on their real JSON, never on the redacted form
                item = write_expr(ctx, t.item, x, depth + 1, redact=verbatim("false"))
                lines.append(
                    CS(
                        "Check.UniqueItems({v}, {x} => {item}, {at}, {errors});",
                        v=v,
                        x=x,
                        item=item,
                        at=at,
                        errors=errors,
                    )
                )
            inner = check_lines(ctx, box, inner_type, x, a, e, where, depth + 1)
            if inner:
                head = CS(
                    "Check.Each({v}, {at}, {errors}, ({x}, {a}, {e}) =>", v=v, at=at, errors=errors, x=x, a=a, e=e
                )
                lines += _block(head, inner, "});")
            return lines
        case ir.Nullable():
            inner = check_lines(ctx, box, t.inner, _unwrap(ctx, t.inner, v), at, errors, where, depth)
            if not inner:
                return []
            return _block(CS("if ({v} != null)", v=v), inner, "}")
        case _:
            assert_never(t)


def _limits(t: ir.Type) -> list[str]:
    """Readable constraint sentences for a doc comment."""
    c = getattr(t, "constraints", None)
    if isinstance(t, ir.Nullable):
        return _limits(t.inner)
    if c is None:
        return []
    out = []
    for attr, label in (
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("exclusive_minimum", "greater than"),
        ("exclusive_maximum", "less than"),
        ("multiple_of", "a multiple of"),
        ("min_length", "at least this many characters:"),
        ("max_length", "at most this many characters:"),
        ("min_items", "at least this many items:"),
        ("max_items", "at most this many items:"),
        ("min_properties", "at least this many entries:"),
        ("max_properties", "at most this many entries:"),
    ):
        value = getattr(c, attr)
        if value is not None:
            out.append(f"{label} {json.dumps(value)}")
    if c.pattern is not None:
        out.append(f"matches the pattern {json.dumps(c.pattern, ensure_ascii=False)}")
    if c.unique_items:
        out.append("items are unique")
    if isinstance(t, ir.Array):
        inner = _limits(t.item)
        if inner:
            out.append("each item: " + ", ".join(inner))
    if isinstance(t, ir.Map):
        inner = _limits(t.value)
        if inner:
            out.append("each value: " + ", ".join(inner))
    return out


def _field_doc(f: ir.Field) -> list[str]:
    parts = [f.description] if f.description else []
    extra = []
    if f.required:
        extra.append("Required" + (" (may be null)." if f.nullable else "."))
    elif f.nullable:
        extra.append("Optional and nullable: absent until set; setting null sends an explicit null.")
    else:
        extra.append("Optional: absent while null.")
    if isinstance(f.presence, ir.Default):
        extra.append(f"Absent means the default {json.dumps(f.presence.value, ensure_ascii=False)}.")
    limits = _limits(f.type)
    if limits:
        extra.append("Limits: " + "; ".join(limits) + ".")
    if f.secret:
        extra.append('A secret: ToString() prints it as "<redacted>"; the wire keeps the value.')
    if f.deprecated:
        extra.append("Deprecated.")
    for note in f.notes:
        extra.append("Deviation from the upstream spec: " + note)
    parts.append(" ".join(extra))
    return parts


def _field_names(ns: ir.Namespace, names: Names) -> dict[tuple[str, str], str]:
    """Property names, with one more rule than the naming pass: a member may not be named like its
    enclosing type (CS0542), so such a property gets `Value` appended (as keywords do)."""
    out: dict[tuple[str, str], str] = {}
    for shape in ns.shapes:
        if not isinstance(shape, ir.Object):
            continue
        type_name = names.type(shape.name)
        taken = {names.field(shape.name, f.wire_name) for f in shape.fields}
        for f in shape.fields:
            name = names.field(shape.name, f.wire_name)
            if name == type_name:
                name = _dodge(name)
                if name in taken:
                    raise ShapegenError(
                        f"{shape.name}.{f.wire_name} cannot be named {type_name!r} in C# (the type's own name) "
                        f"and {name!r} is taken",
                        where=f"{shape.source.file}#{shape.source.pointer}",
                        hint="rename the property or the shape",
                    )
            # room for the longest name derived from it (`ShouldSerialize<Name>`) within mcs's limit
            out[(shape.name, f.wire_name)] = _within_identifier_limit(
                name, f.wire_name, MAX_IDENTIFIER - len("ShouldSerialize")
            )
    return out


def _primary_unions(ns: ir.Namespace) -> dict[str, str]:
    primary: dict[str, str] = {}
    for shape in ns.shapes:
        if isinstance(shape, ir.Union_) and shape.tag is not None:
            for v in shape.variants:
                if isinstance(v.type, ir.Ref):
                    primary.setdefault(v.type.name, shape.name)
    return primary


def _field(ctx: _Context, box: _Container, shape: ir.Object, f: ir.Field, tag: str | None) -> dict[str, Any]:
    name = ctx.field_name(shape.name, f.wire_name)
    value_type = is_value_type(ctx, f.type)
    base = cs_type(ctx, f.type)
    nullable_type = CS("{base}?", base=base) if value_type else base
    if f.required and not f.nullable:
        prop_type = base
    else:
        prop_type = nullable_type
    access = CS("{name}.Value", name=name) if (value_type and prop_type.endswith("?")) else name
    p = CS("Json.Child(at, {wire})", wire=f.wire_name)
    where = f"{shape.source.file}#{shape.source.pointer}/properties/{f.wire_name}"
    read = read_expr(ctx, f.type, verbatim("value"), verbatim("p"))
    if f.nullable:
        read = CS("Json.IsNull(value) ? ({type})null : {read}", type=nullable_type, read=read)
    write = write_expr(ctx, f.type, access)
    if f.secret:
        write = CS("redact ? new JValue({redacted}) : {write}", redacted=verbatim(REDACTED), write=write)
    checks = check_lines(ctx, box, f.type, access, verbatim("p"), verbatim("errors"), where)
    if f.wire_name == tag:
        kind = "tag"
    elif f.required and f.nullable:
        kind = "required_nullable"
    elif f.required:
        kind = "required"
    elif f.nullable:
        kind = "optional_nullable"
    else:
        kind = "optional"
    backing = cs_ident(ctx.names.associated(BACKING, shape.name, f.wire_name))
    # a required property whose C# value can be null (a reference) is reported when unset
    present_check = f.required and not f.nullable and not value_type
    literal = cs_literal(f.type.value) if isinstance(f.type, ir.Literal) else None
    or_default = None
    decided = ctx.decided.default(shape.name, f.wire_name)
    if decided is not None:
        expr = _default_expr(ctx, f.type, decided.carrier)
        if expr is not None:
            if f.nullable:
                flag = cs_ident(ctx.names.associated(BACKING_SET, shape.name, f.wire_name))
                get = CS("{flag} ? {name} : {expr}", flag=flag, name=name, expr=expr)
                get_type = nullable_type
            elif value_type:
                get = CS("{name}.HasValue ? {name}.Value : {expr}", name=name, expr=expr)
                get_type = base
            else:
                get = CS("{name} ?? {expr}", name=name, expr=expr)
                get_type = base
            or_default = {
                "name": cs_ident(ctx.names.associated("or_default", shape.name, f.wire_name)),
                "type": get_type,
                "expr": get,
                "json": json.dumps(decided.value, ensure_ascii=False),
            }
    optional_nullable = kind == "optional_nullable"

    def extra(key: str) -> Code | None:
        found = ctx.names.extra.get((key, shape.name, f.wire_name))
        return cs_ident(found) if found is not None else None

    return {
        "name": name,
        "wire": f.wire_name,
        "type": prop_type,
        "kind": kind,
        "doc": _field_doc(f),
        "read": read,
        "write": write,
        "checks": checks,
        "pointer": p,
        "present_check": present_check,
        "literal": literal,
        "backing": backing,
        "backing_set": extra(BACKING_SET) if optional_nullable else None,
        "should_serialize": extra(SHOULD_SERIALIZE) if optional_nullable else None,
        "unset": extra(UNSET) if optional_nullable else None,
        "always_written": f.required and not f.nullable and value_type,
        "error_message": f"{name} is required.",
        "or_default": None if kind == "tag" else or_default,
        # a tag that may be absent (its union's default variant): whether it is written is kept
        "tag_default": extra(TAG_WRITTEN) if kind == "tag" and not f.required else None,
        "secret": f.secret,
    }


def _default_expr(ctx: _Context, t: ir.Type, carrier: defaults.Carrier) -> Code | None:
    """A C# expression of a field's default as the layer decided to carry it (`generator.layer.
    defaults`), for the `<Name>OrDefault` accessor; None when C# cannot write it as a constant
    expression of the property's type (objects, arrays, maps, aliases: the doc comment says it)."""
    shape = ctx.shapes[t.name] if isinstance(t, ir.Ref) else None
    if isinstance(carrier, defaults.Scalar) and isinstance(t, ir.Primitive):
        if carrier.kind == "integer":
            return CS("{n}L", n=int(carrier.value)) if LONG_MIN <= int(carrier.value) <= LONG_MAX else None
        if carrier.kind == "number":
            return cs_literal(float(carrier.value))
        return cs_str(carrier.value) if carrier.kind == "string" else cs_literal(carrier.value)
    if isinstance(carrier, defaults.Constant) and isinstance(t, ir.Literal):
        return cs_literal(carrier.value)
    if isinstance(carrier, defaults.Member) and isinstance(shape, ir.Enum):
        if carrier.listed:
            member = cs_ident(ctx.member_names[(shape.name, carrier.value)])
            return CS("{type}.{member}", type=ctx.qualified(shape.name), member=member)
        return CS("new {type}({value})", type=ctx.qualified(shape.name), value=str(carrier.value))
    if isinstance(carrier, defaults.Case) and isinstance(shape, ir.Union_) and shape.tag is None:
        if isinstance(carrier.carrier, defaults.Constant):
            case = cs_ident(ctx.names.variant(shape.name, carrier.index))
            return CS("{type}.{case}", type=ctx.qualified(shape.name), case=case)
    return None


def _is_open_enum(ctx: _Context, t: ir.Type) -> bool:
    target = ctx.ns.shape(t.name) if isinstance(t, ir.Ref) else None
    return isinstance(target, ir.Enum) and target.open


def _object(ctx: _Context, shape: ir.Object) -> dict[str, Any]:
    box = _Container()
    type_name = ctx.type_name(shape.name)
    union = ctx.primary.get(shape.name)
    tag = ctx.shapes[union].tag if union else None  # type: ignore[union-attr]
    fields = [_field(ctx, box, shape, f, tag) for f in shape.fields]
    doc = [shape.description] if shape.description else []
    if union:
        doc.append(f"A variant of {ctx.type_name(union)}.")
    doc.append(
        "Closed: reading rejects properties this schema does not define."
        if shape.closed
        else "Open: properties this schema does not define are kept in AdditionalProperties and written back."
    )
    for note in shape.notes:
        doc.append("Deviation from the upstream spec: " + note)
    return {
        "kind": "object",
        "name": type_name,
        "doc": doc,
        "base": ctx.type_name(union) if union else verbatim("ShapegenObject"),
        "hides": bool(union),
        "fields": fields,
        "closed": shape.closed,
        "patterns": box.patterns,
        "source": shape.source,
    }


def _tagged_union(ctx: _Context, shape: ir.Union_) -> dict[str, Any]:
    type_name = ctx.type_name(shape.name)
    assert shape.tag is not None
    variants = []
    tag_names = set()
    for index, v in enumerate(shape.variants):
        assert isinstance(v.type, ir.Ref)
        target = v.type.name
        tag_names.add(ctx.field_name(target, shape.tag))
        wrapped = ctx.primary.get(target) != shape.name
        variants.append(
            {
                "tag_value": cs_str(v.tag_value),
                "type": ctx.type_name(target),
                "qtype": ctx.qualified(target),
                "wrapped": wrapped,
                "case": cs_ident(ctx.names.associated(WRAPPED_CASE, shape.name, str(index))) if wrapped else None,
            }
        )
    tag_prop = tag_names.pop() if len(tag_names) == 1 else None
    # what is a secret in a known variant is printed redacted in an unknown one too
    secrets = sorted(
        {
            f.wire_name
            for v in shape.variants
            if isinstance(v.type, ir.Ref)
            for f in ctx.shapes[v.type.name].fields  # type: ignore[union-attr]
            if f.secret
        }
    )
    if tag_prop == type_name:
        tag_prop = None  # CS0542: the variants keep it; the base does not declare it
    doc = [shape.description] if shape.description else []
    doc.append(f"Tagged by the {json.dumps(shape.tag)} property.")
    unknown = cs_ident(ctx.names.associated("unknown", shape.name)) if shape.open else None
    if unknown:
        doc.append(f"Open: an object with any other tag is kept as {type_name}.{unknown} and written back unchanged.")
    else:
        doc.append("Closed: any other tag is rejected.")
    for note in shape.notes:
        doc.append("Deviation from the upstream spec: " + note)
    return {
        "kind": "tagged",
        "name": type_name,
        "doc": doc,
        "tag": shape.tag,
        "tag_wire": cs_str(shape.tag),
        "tag_prop": tag_prop,
        "default_tag": cs_str(shape.default_tag) if shape.default_tag is not None else None,
        "variants": variants,
        "unknown": unknown,
        "secrets": secrets,
        "source": shape.source,
    }


_A_JSON_TYPE = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}


def _untagged_union(ctx: _Context, shape: ir.Union_) -> dict[str, Any]:
    box = _Container()
    type_name = ctx.type_name(shape.name)
    where = f"{shape.source.file}#{shape.source.pointer}"
    cases = []
    for i, v in enumerate(shape.variants):
        t = v.type
        variant = cs_ident(ctx.names.variant(shape.name, i))
        if isinstance(t, ir.Literal):
            cases.append(
                {
                    "literal": True,
                    "static": variant,
                    "prop": cs_ident(ctx.names.associated(CASE_TEST, shape.name, str(i))),
                    "value": cs_literal(t.value),
                    "type": _literal_type(t.value),
                    "doc": f"The constant {json.dumps(t.value, ensure_ascii=False)}.",
                }
            )
        else:
            prop = variant
            value_type = is_value_type(ctx, t)
            ctype = cs_type(ctx, t)
            access = CS("{prop}.Value", prop=prop) if value_type else prop
            checks = check_lines(ctx, box, t, access, verbatim("at"), verbatim("errors"), where)
            cases.append(
                {
                    "literal": False,
                    "open_enum": _is_open_enum(ctx, t),
                    "prop": prop,
                    "factory": cs_ident(ctx.names.associated(CASE_FACTORY, shape.name, str(i))),
                    "type": ctype,
                    "prop_type": CS("{type}?", type=ctype) if value_type else ctype,
                    "access": access,
                    "read": read_expr(ctx, t, verbatim("t"), verbatim("a")),
                    "read_token": read_expr(ctx, t, verbatim("token"), verbatim("at")),
                    "write": write_expr(ctx, t, access),
                    "checks": checks,
                    "doc": f"Set when the value is this case ({ctype}); otherwise null.",
                }
            )
    # how a value finds its case is the language layer's decision (generator/layer/unions.py)
    how = ctx.decided.dispatch(shape.name)
    by_type: list[dict[str, Any]] | None = None
    expected = ""
    if isinstance(how, ByJsonType):
        by_type = [{"json_type": cs_str(jt), "case": cases[i]} for jt, i in how.cases]
        expected = " or ".join(dict.fromkeys(_A_JSON_TYPE[jt] for jt, _ in how.cases))
    # an implicit conversion per case whose C# type no other case shares
    types = [c["type"] for c in cases if not c["literal"]]
    for c in cases:
        c["implicit"] = not c["literal"] and types.count(c["type"]) == 1 and c["type"] not in ("JToken", "object")
    # and from a string, through the one open enum among the cases (`Voice v = "marin"`: C# applies
    # one user-defined conversion, not string -> VoiceId -> Voice), when no case is a string itself
    through = [c for c in cases if c.get("open_enum") and c["implicit"]]
    from_string = through[0]["prop"] if len(through) == 1 and "string" not in types else None
    doc = [shape.description] if shape.description else []
    doc.append(
        "Exactly one of the cases below is set. "
        + (
            "Read by the value's JSON type."
            if isinstance(how, ByJsonType)
            else "Read as the first case the value is valid as"
            + ("; a value valid as two cases is rejected." if how.exclusive else ".")  # type: ignore[union-attr]
        )
    )
    for note in shape.notes:
        doc.append("Deviation from the upstream spec: " + note)
    return {
        "kind": "untagged",
        "name": type_name,
        "doc": doc,
        "cases": cases,
        "from_string": from_string,
        "by_type": by_type,
        "expected": expected,
        "exclusive": cs_literal(isinstance(how, InOrder) and how.exclusive),
        "patterns": box.patterns,
        "source": shape.source,
    }


def _member_names(ns: ir.Namespace, names: Names) -> dict[tuple[str, str], str]:
    """Enum member names, with the rules the naming pass does not know: no member named like its
    enum (CS0542), and an open enum's members (static fields of a struct) not named like the
    struct's own members (`Value`, `IsKnown`, `ToString`, ...); such a name gets `Value` appended."""
    out: dict[tuple[str, str], str] = {}
    for shape in ns.shapes:
        if not isinstance(shape, ir.Enum):
            continue
        type_name = names.type(shape.name)
        # an open enum's static fields share the struct's scope with its method bodies, which
        # name runtime types unqualified: a member `Json` would hide the class `Json` there
        reserved = (STRUCT_MEMBERS | OPEN_ENUM_BODY_TYPES | {type_name}) if shape.open else {type_name}
        chosen = {names.member(shape.name, v) for v in shape.values}
        for value in shape.values:
            name = names.member(shape.name, value)
            if name in reserved:
                name = _dodge(name)
                if name in chosen:
                    raise ShapegenError(
                        f"{shape.name}: no C# name for the value {value!r} ({name!r} is taken)",
                        where=f"{shape.source.file}#{shape.source.pointer}",
                        hint="rename one of the values",
                    )
            out[(shape.name, value)] = _within_identifier_limit(name, value)
    return out


MAX_IDENTIFIER = 511  # mcs refuses longer identifiers (CS0645: "Identifier too long")


def _within_identifier_limit(name: str, value: str, limit: int = MAX_IDENTIFIER) -> str:
    """`name`, or, past `limit` (mcs's by default), its start and a hash of the wire value
    (unique, stable)."""
    if len(name) <= limit:
        return name
    import hashlib

    return name[: limit - 17] + "_" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def _enum(ctx: _Context, shape: ir.Enum) -> dict[str, Any]:
    type_name = ctx.type_name(shape.name)
    members = []
    descriptions = shape.value_descriptions or ("",) * len(shape.values)
    for value, vdoc in zip(shape.values, descriptions):
        members.append(
            {
                "name": cs_ident(ctx.member_names[(shape.name, value)]),
                "wire": cs_str(value),
                "doc": [vdoc, f"The wire value {json.dumps(value, ensure_ascii=False)}."],
            }
        )
    doc = [shape.description] if shape.description else []
    doc.append(
        "Open: any other string is accepted and kept; the known values are the static members."
        if shape.open
        else "Closed: any other value is rejected."
    )
    for note in shape.notes:
        doc.append("Deviation from the upstream spec: " + note)
    return {
        "kind": "open_enum" if shape.open else "enum",
        "name": type_name,
        "doc": doc,
        "members": members,
        "source": shape.source,
    }


def _alias(ctx: _Context, shape: ir.Alias) -> dict[str, Any]:
    box = _Container()
    t: ir.Type = ir.Nullable(shape.type) if shape.nullable else shape.type
    where = f"{shape.source.file}#{shape.source.pointer}"
    doc = [shape.description] if shape.description else []
    container = nominal_alias(ctx, shape.name)
    if container is None:
        doc.append(
            f"In C# this shape is the type {cs_type(ctx, t)}, used as it is; this class reads, writes and validates it."
        )
    else:
        doc.append(
            f"In C# this shape is this class, a {cs_type(ctx, container)} of its own, since it holds values of "
            "itself" + (" (null where the value is null)" if shape.nullable else "") + "; it reads, writes and "
            "validates them."
        )
    limits = _limits(shape.type)
    if limits:
        doc.append("Limits: " + "; ".join(limits) + ".")
    for note in shape.notes:
        doc.append("Deviation from the upstream spec: " + note)
    value = verbatim("value")
    checks = check_lines(ctx, box, t, value, verbatim("at"), verbatim("errors"), where)
    if container is not None:
        read = CS(
            "new {t}({inner})",
            t=ctx.qualified(shape.name),
            inner=read_expr(ctx, container, verbatim("token"), verbatim("at")),
        )
        if shape.nullable:
            read = CS("Json.IsNull(token) ? null : {read}", read=read)
        return {
            "kind": "alias",
            "name": ctx.type_name(shape.name),
            "doc": doc,
            "type": ctx.qualified(shape.name),
            "base": cs_type(ctx, container),
            "read": read,
            "write": write_expr(ctx, container, value),
            "null_check": True,
            "checks": check_lines(ctx, box, container, value, verbatim("at"), verbatim("errors"), where),
            "patterns": box.patterns,
            "source": shape.source,
        }
    return {
        "kind": "alias",
        "name": ctx.type_name(shape.name),
        "doc": doc,
        "type": cs_type(ctx, t),
        "read": read_expr(ctx, t, verbatim("token"), verbatim("at")),
        "write": write_expr(ctx, t, value),
        "null_check": not is_value_type(ctx, t),
        "checks": checks,
        "patterns": box.patterns,
        "source": shape.source,
    }


# ---------------------------------------------------------------- rendering


def namespace_folder(ns: ir.Namespace) -> str:
    """The folder and namespace suffix of a namespace (RULES.module_case)."""
    return _folder_case(ns.name)


def _folder_case(namespace: str) -> str:
    name = pascal_case(namespace) or "Namespace"
    if name[0].isdigit():
        name = "Ns" + name
    return name


# the names C# derives from a property (RULES.refine): its private backing field, and for an
# optional nullable property the flag saying it was set, Newtonsoft's `ShouldSerialize<Name>()` and
# the `Unset<Name>()` method; for a tag that may be absent, the flag saying whether it is written
BACKING, BACKING_SET, SHOULD_SERIALIZE, UNSET = "backing", "backing-set", "should-serialize", "unset"
TAG_WRITTEN = "tag-written"
# a variant of a tagged union that derives from another union is wrapped in a nested class, by
# variant index
WRAPPED_CASE = "wrapped-case"


def _refine(ns: ir.Namespace, names: Names) -> Names:
    """The C# rules the naming pass does not know (RULES.refine): no property or enum member named
    like its enclosing type, no open enum member named like the struct's own members; and the
    names derived from each property (`BACKING`, `SHOULD_SERIALIZE`, `UNSET`)."""
    fields = _field_names(ns, names)
    extra = dict(names.extra)
    primary = _primary_unions(ns)
    for shape in ns.shapes:
        if isinstance(shape, ir.Union_) and shape.tag is not None:
            for index, v in enumerate(shape.variants):
                if isinstance(v.type, ir.Ref) and primary.get(v.type.name) != shape.name:
                    extra[(WRAPPED_CASE, shape.name, str(index))] = names.types[v.type.name] + "Case"
        if not isinstance(shape, ir.Object):
            continue
        union = ns.shape(primary[shape.name]) if shape.name in primary else None
        tag = union.tag if isinstance(union, ir.Union_) else None
        properties = {fields[(shape.name, f.wire_name)] for f in shape.fields}
        for f in shape.fields:
            prop = fields[(shape.name, f.wire_name)]
            backing = "_" + prop[:1].lower() + prop[1:]
            if PATTERN_STATIC.fullmatch(backing):
                backing += "Value"  # the class's compiled patterns are `_pattern<n>` (_Container)
            extra[(BACKING, shape.name, f.wire_name)] = backing
            if f.wire_name == tag and not f.required:
                extra[(TAG_WRITTEN, shape.name, f.wire_name)] = prop + "Written"
            if f.required or not f.nullable:
                continue
            extra[(BACKING_SET, shape.name, f.wire_name)] = backing + "Set"
            for key, method in ((SHOULD_SERIALIZE, f"ShouldSerialize{prop}"), (UNSET, f"Unset{prop}")):
                if method in properties:
                    raise ShapegenError(
                        f"{shape.name}: the property {method!r} collides with the presence method of {prop!r}",
                        where=f"{shape.source.file}#{shape.source.pointer}",
                        hint="rename one of the two properties",
                    )
                extra[(key, shape.name, f.wire_name)] = method
    variants = dict(names.variants)
    for shape in ns.shapes:
        if isinstance(shape, ir.Union_) and shape.tag is None:
            _name_cases(shape, names.types[shape.name], variants, extra)
    # the names the naming pass derives from a long property (`<Name>OrDefault`), cut as it is
    extra = {key: _within_identifier_limit(name, "\0".join(key)) for key, name in extra.items()}
    return dataclasses.replace(names, fields=fields, members=_member_names(ns, names), variants=variants, extra=extra)


# an untagged union is a struct: a constant case is a static field with an `Is<Case>` test, any
# other case a property with a `From<Case>` factory (RULES.refine), by variant index
CASE_TEST, CASE_FACTORY = "case-test", "case-factory"


def _name_cases(
    shape: ir.Union_, type_name: str, variants: dict[tuple[str, int], str], extra: dict[tuple[str, str, str], str]
) -> None:
    """A case may not be named like the struct's own members or the struct itself (such a name
    gets `Value` appended), and no two of its names may meet."""
    reserved = STRUCT_MEMBERS | {type_name}
    taken: set[str] = set()
    for i, v in enumerate(shape.variants):
        variant = variants[(shape.name, i)]
        if variant in reserved:
            variant = _dodge(variant)
        if isinstance(v.type, ir.Literal):
            key, derived = CASE_TEST, "Is" + variant
            wanted = [variant, derived]
        else:
            key, derived = CASE_FACTORY, "From" + variant
            wanted = [variant, derived]
        clash = [n for n in wanted if n in taken or n in reserved]
        if clash:
            raise ShapegenError(
                f"two cases of {shape.name} would both be named {clash[0]!r} in C#",
                where=f"{shape.source.file}#{shape.source.pointer}",
                hint="give the cases distinct types or name them as shapes of their own",
            )
        taken.update(wanted)
        variants[(shape.name, i)] = variant
        extra[(key, shape.name, str(i))] = derived


def names_for(ns: ir.Namespace) -> Names:
    """The naming pass's names. A type may be named like its namespace (`Acme.Hostile.Hostile`):
    method bodies name every generated type fully qualified, so that never becomes ambiguous."""
    return decide_namespace(ns).names_with(RULES)


def context(ns: ir.Namespace, root: str, decided: DecidedNamespace | None = None) -> _Context:
    decided = decided if decided is not None else decide_namespace(ns)
    names = decided.names_with(RULES)
    return _Context(
        decided=decided,
        ns=ns,
        names=names,
        shapes={s.name: s for s in ns.shapes},
        # a root that already ends in the namespace's name is its namespace (Acme.Shop, not Acme.Shop.Shop)
        namespace=cs_dotted(root if root.rpartition(".")[2] == names.module else f"{root}.{names.module}"),
        primary=_primary_unions(ns),
        field_names=dict(names.fields),
        member_names=dict(names.members),
    )


def block(code: list[Code], indent: int) -> Code:
    """Statements (built by the type visitors above) indented for the template, one per line."""
    return lines(code, indent)


_ENV: jinja2.Environment | None = None


def code_env() -> jinja2.Environment:
    """The environment of the C# templates: `{{ }}` prints only Code (`generator.code`). One per
    process, so that each template is compiled once, not once per namespace."""
    global _ENV
    if _ENV is None:
        _ENV = code_environment(
            "csharp",
            {"cs_str": cs_str, "cs_doc": cs_doc, "cs_xml": cs_xml, "cs_ident": cs_ident, "block": block},
            {"regex_options": verbatim(DOTNET_OPTIONS)},
        )
    return _ENV


def shape_model(ctx: _Context, shape: ir.Shape) -> dict[str, Any]:
    match shape:
        case ir.Object():
            return _object(ctx, shape)
        case ir.Union_():
            return _tagged_union(ctx, shape) if shape.tag is not None else _untagged_union(ctx, shape)
        case ir.Enum():
            return _enum(ctx, shape)
        case ir.Alias():
            return _alias(ctx, shape)
        case _:
            assert_never(shape)


def render_namespace(
    ns: ir.Namespace, root: str, decided: DecidedNamespace | None = None, structure: tuple[Any, ...] = ()
) -> dict[str, str]:
    """Each shape's file. With `structure` (what the model is besides its prose, and where `ns`
    is in it: `render_memo.structure_digest`), a shape's file is reused from the fragment memo
    when the structure and the shape's own prose are those of the last run: a shape's file prints
    no other shape's prose (descriptions are read in `_field_doc` and the shape builders, from
    the shape itself)."""
    ctx = context(ns, root, decided)
    env = code_env()
    template = env.get_template("shape.cs.j2")
    folder = ctx.names.module

    def shape_file(shape: ir.Shape) -> tuple[str, str]:
        item = shape_model(ctx, shape)
        # named after the type it holds, as C# files are (`NullableValue.cs`, not the naming stage's
        # file stem `Nullable`, which is asked for only so that it rejects names differing by case)
        return f"{folder}/{fitting_file_name(item['name'], '.cs')}", str(
            template.render(item=item, namespace=ctx.namespace)
        )

    files = {}
    for index, shape in enumerate(ns.shapes):
        path, text = structured_unit("csharp.shape", structure, (index, own_prose(shape)), lambda: shape_file(shape))
        files[path] = text
    return files


def runtime_files() -> dict[str, str]:
    """The runtime's real source files (templates/csharp/runtime/), copied unchanged."""
    return {f"Runtime/{p.name}": p.read_text(encoding="utf-8") for p in sorted(RUNTIME_DIR.glob("*.cs"))}


def root_namespace(options: Any) -> str:
    root = str(options.get("namespace", ROOT_NAMESPACE))
    if PACKAGE_NAME.malformed(root):
        raise ShapegenError(
            f"[tool.shapegen.csharp] namespace {root!r} is not a C# namespace name",
            hint='use dotted identifiers, such as "ShopShapes" or "Acme.Shop"',
        )
    reason = PACKAGE_NAME.problem(root)
    if reason:
        raise ShapegenError(
            f"[tool.shapegen.csharp] namespace {root!r}: {reason}",
            hint='choose a namespace of your own, such as "Acme.Shop"',
        )
    return root


def render(inp: RenderInput) -> dict[str, str]:
    root = root_namespace(inp.target_options("csharp"))
    env = code_env()
    project = env.get_template("project.csproj.j2")
    identity_ = identity(inp.options, inp.bundles, inp.licenses)
    files = {
        f"{root}.csproj": str(
            project.render(root=cs_dotted(root), version=inp.package_version("csharp"), project=identity_)
        )
    }
    files.update(runtime_files())
    structure = structure_digest(inp.model) if render_memo.memo_active() else b""
    for index, ns in enumerate(inp.model.namespaces):
        files.update(render_namespace(ns, root, inp.decisions(ns), (structure, index) if structure else ()))
    return files


def _owns(rel: str) -> bool:
    return rel.endswith(".cs") or rel.endswith(".csproj")


TARGET = SimpleTarget(name="csharp", out_dir="csharp", render_fn=render, owns_fn=_owns)
