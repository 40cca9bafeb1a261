"""The `go` target: a Go module (`generated/go`), one package per namespace and a small runtime
package `wire` (templates/go/wire/wire.go, copied as it is).

Wire semantics in Go terms (the decide stage answers, `RenderInput.decisions(ns)`: names, union
dispatch, defaults, graph facts, secret-carrying shapes; this module prints them):

- presence: Required -> `T`; Required + nullable -> `wire.Nullable[T]` (null or a value);
  Optional / Default -> `wire.Opt[T]`; Optional + nullable -> `wire.OptNullable[T]` (absent, null
  or a value). Every optional field is tagged `omitzero`, so `json.Marshal` writes exactly what
  was set: an absent field is left out, a null is written;
- a required string/number/boolean constant (a tag such as `"type": "server_vad"`) is not a
  field: the type reads it (any other value is an error) and writes it;
- reading (`json.Unmarshal`, or `wire.Unmarshal`) is strict: a wrong JSON type, a missing
  required property or an unknown property of a closed object is an error with the JSON pointer
  of the offending value; an integer may be written `600.0`; an open object keeps unknown
  properties in `Extra` (`wire.Properties`), written back by `json.Marshal`;
- tagged unions are sealed interfaces (an unexported method) with one type per variant: an
  object variant is the object's own struct; a constant, a primitive, a list or a map variant is
  a named type `<Union><Variant>` (a constant's type is `<Union><Variant>Literal`, built by
  the function `<Union><Variant>()`: `openai.MaxOutputTokensInf()`); an open response union
  has `<Union>Unknown` (the naming stage's name) keeping the raw JSON. Unions are read as the
  layer decides (`layer.unions.dispatch`): by tag, by JSON type, or in order;
- enums are string types with a constant per value (`openai.VoiceIDAlloy`); a closed enum
  rejects another string when read and in `Validate()`, an open enum keeps it;
- `Validate() error` returns every problem (`wire.Errors`) with its pointer; patterns are
  checked with RE2 (`regexp`) when the layer proves RE2 means what ECMA-262 means for them
  (`layer.patterns.re2`); a pattern it cannot prove is refused at generation;
- secrets (`x-shapegen-secret`) are `wire.Secret[T]`: `<redacted>` in every fmt verb, in
  `String()`, `GoString()` and slog, the value itself in `json.Marshal`; a struct that holds a
  secret (at any depth) has `String`, `GoString` and `LogValue` printing it redacted;
- a field with a default has `<Field>OrDefault()` (named by the naming stage), printing the
  layer's default decision (`layer.defaults`).

Generated text is already in gofmt layout (no column alignment is ever needed: fields and
constants are separated by blank lines, and doc comments are single-line paragraphs that gofmt
leaves as they are); tests run `gofmt -l`, `go vet` and staticcheck on it.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, assert_never

from generator import ir
from generator.code import per_character
from generator.errors import ShapegenError
from generator.layer import defaults, facts
from generator.layer.patterns import Pattern, re2
from generator.decide import DecidedNamespace, decide_namespace
from generator.layer.unions import ByJsonType, ByTag
from generator.render_memo import memo_active, own_prose, structure_digest, structured_unit
from generator.rules import Associated, LanguageRules, Names, words
from generator.targets.base import RenderInput, SimpleTarget, SourceTraits
from generator.packaging.go import PACKAGE_NAME
from generator.templating import TEMPLATES_ROOT, environment

TEMPLATES = TEMPLATES_ROOT / "go"
RUNTIME = TEMPLATES / "wire" / "wire.go"
DRIVER_TEMPLATE = "driver/main.go.j2"
RUNTIME_PACKAGE = "wire"
# a module path that names no one; `[tool.shapegen.go] module = "..."` sets the real one
DEFAULT_MODULE = "example.com/realtimeshapes"
# the oldest Go that has everything the code uses (`omitzero` arrived in 1.24)
GO_VERSION = "1.24"

KEYWORDS = frozenset("""
    break case chan const continue default defer else fallthrough for func go goto if import
    interface map package range return select struct switch type var
""".split())
# the methods every generated struct has: a field cannot take their names
METHODS = frozenset(
    "Extra Validate ValidateAt UnmarshalValue UnmarshalJSON MarshalJSON String GoString LogValue".split()
)
# Go's usual initialisms, written in one case (`VoiceID`, `ServerURL`)
INITIALISMS = frozenset("""
    ACL API ASCII CPU CSS DNS EOF GUID HTML HTTP HTTPS ID IP JSON LHS QPS RAM RHS RPC SLA SMTP SQL
    SSH TCP TLS TTL UDP UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS
""".split())
# packages the generated files import: a namespace cannot be called one of them
RESERVED_PACKAGES = frozenset({RUNTIME_PACKAGE, "json", "fmt", "slog", "regexp"})


def go_case(name: str) -> str:
    """PascalCase with Go's initialisms (`voice_id` -> `VoiceID`, `server_url` -> `ServerURL`)."""
    return "".join(w.upper() if w.upper() in INITIALISMS else w[:1].upper() + w[1:] for w in words(name))


def package_case(name: str) -> str:
    """A Go package name: lower-case letters and digits (`realtime-api` -> `realtimeapi`)."""
    return "".join(words(name))


RULES = LanguageRules(
    language="Go",
    type_case=go_case,
    field_case=go_case,
    member_case=go_case,
    keywords=KEYWORDS,
    reserved_fields=METHODS,
    dodge=lambda name: name + "_" if name[:1].islower() else name + "Value",
    module_case=lambda ns: _package_name(ns),
    associated=(
        # the variant type of an open tagged union that keeps an unknown tag's object
        Associated("unknown", "open-union", "types", ("{type}Unknown", "{type}UnknownVariant")),
        # `TemperatureOrDefault()`: the value, or the schema's default when absent
        Associated("or_default", "default-field", "members", ("{field}OrDefault", "{field}OrDefaultValue")),
    ),
    refine_decided=lambda decided, names: _refine(decided, names),
)

# the names Go derives beside the naming stage's (RULES.refine): a union's own variant types
# (`<Union><Variant>`, `<Union><Variant>Literal` for a constant) and a constant's constructor, by
# variant index; an enum's constants (`<Enum><Member>`), by value; the decoder of a union or of a
# type alias (`decode<Name>`)
VARIANT_TYPE, CONSTRUCTOR, ENUM_CONSTANT, DECODE_FN = "variant-type", "constructor", "constant", "decode-fn"


def _refine(decided: DecidedNamespace, names: Names) -> Names:
    """Go's derived names (above); none may take a type's name, and the error names both."""
    ns = decided.namespace
    shapes = {s.name: s for s in ns.shapes}
    recursive = decided.graph.recursive_aliases
    extra = dict(names.extra)
    taken = {name: f"shape {shape}" for shape, name in names.types.items()}
    taken.update({v: f"{k}" for (k, s, w), v in names.extra.items() if k == "unknown"})

    def claim(key: str, shape: str, part: str, name: str) -> None:
        if name in taken:
            raise ShapegenError(
                f"the Go name {name!r} of {names.types[shape]} is already the name of {taken[name]}",
                hint="rename one of them in the schema",
            )
        taken[name] = names.types[shape]
        extra[(key, shape, part)] = name

    for shape in ns.shapes:
        type_name = names.types[shape.name]
        if isinstance(shape, ir.Union_):
            own = [
                (index, v)
                for index, v in enumerate(shape.variants)
                if not (isinstance(v.type, ir.Ref) and _implements(shapes, recursive, v.type))
            ]
            for index, v in own:
                base = type_name + names.variants[(shape.name, index)]
                claim(
                    VARIANT_TYPE, shape.name, str(index), base + "Literal" if isinstance(v.type, ir.Literal) else base
                )
            for index, v in own:
                if isinstance(v.type, ir.Literal):
                    claim(CONSTRUCTOR, shape.name, str(index), type_name + names.variants[(shape.name, index)])
            claim(DECODE_FN, shape.name, "", "decode" + type_name)
        elif isinstance(shape, ir.Enum):
            for value in shape.values:
                claim(ENUM_CONSTANT, shape.name, value, type_name + names.members[(shape.name, value)])
        elif _is_go_alias(shapes, recursive, shape):
            extra[(DECODE_FN, shape.name, "")] = "decode" + type_name
    return dataclasses.replace(names, extra=extra)


# What `shapegen breaking` needs to know about Go source (SourceTraits, read by compat/source.py): fields and
# enum members are printed by their assigned names, enum values are named constants, an optional
# nullable field has a type of its own (`wire.OptNullable[T]`), integers and numbers are
# different types; a `switch` in Go never has to name every case, so a new enum value or union
# variant breaks no code, and an added field or method breaks none either.
SOURCE_TRAITS = SourceTraits()


TRAITS = dataclasses.asdict(SOURCE_TRAITS)  # the same, by name


def _package_name(ns: str) -> str:
    name = package_case(ns) or "namespace"
    if name[0].isdigit():
        name = "ns" + name
    if name in KEYWORDS or name in RESERVED_PACKAGES:
        name += "shapes"
    return name


# ---------------------------------------------------------------- the quoting layer

_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _escaped(c: str) -> bool:
    return (
        c in _BIDI or ord(c) < 0x20 or ord(c) == 0x7F or unicodedata.category(c) in ("Cf", "Zl", "Zp", "Co", "Cn", "Cs")
    )


def _go_char(c: str) -> str:
    """One character inside a Go interpreted string literal."""
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
    if _escaped(c):
        return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
    return c


_go_chars = per_character(_go_char)
_go_doc_chars = per_character(lambda c: f"\\u{ord(c):04x}" if _escaped(c) else c)


def go_str(value: Any) -> str:
    """A Go interpreted string literal whose value is exactly `value`."""
    return _go_str(str(value))


@functools.lru_cache(maxsize=1 << 16)  # a wire name is quoted in a struct's tag, reader and checks
def _go_str(text: str) -> str:
    return '"' + _go_chars(text) + '"'


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_OLD_HEADING = re.compile(r"^[A-Z\u00c0-\u00de].*[A-Za-z0-9\u00c0-\u024f]$")
_LIST_OR_HEADING = re.compile(r"^(?:[-*+\u2022]\s|\d+[.)]\s|#)")


def go_doc(text: str, indent: int = 0) -> str:
    """`//` comment lines whose text is `text`, in the form gofmt leaves as it is: each paragraph
    on one line (whitespace collapsed), paragraphs separated by `//`; a paragraph that gofmt would
    read as a list or a heading starts with a word that keeps it a paragraph. Control and
    bidirectional characters are written as `\\u....`. Returns "" for an empty text."""
    return _go_doc(str(text), indent)


@functools.lru_cache(maxsize=1 << 14)  # a description recurs in many shapes
def _go_doc(text: str, indent: int) -> str:
    pad = "\t" * indent
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text)]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return ""
    lines = []
    for i, p in enumerate(paragraphs):
        p = _go_doc_chars(p)
        if _LIST_OR_HEADING.match(p):
            p = "Text: " + p
        elif i and i + 1 < len(paragraphs) and _OLD_HEADING.match(p):
            # gofmt would make a lone capitalised line between paragraphs a heading (`# ...`)
            p += "."
        if i:
            lines.append(f"{pad}//")
        lines.append(f"{pad}// {p}")
    return "\n".join(lines) + "\n"


_GO_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@functools.lru_cache(maxsize=None)
def go_ident(name: str) -> str:
    """An identifier as given by the naming stage, checked: never a way to inject code."""
    if not _GO_IDENT.fullmatch(name):
        raise ValueError(f"not a Go identifier: {name!r}")
    return name


def go_int(value: Any) -> str:
    return str(int(value))


def go_float(value: Any) -> str:
    """A Go float64 literal (a number beyond float64's range is the largest float64)."""
    try:
        f = float(value)
    except OverflowError:
        f = math.inf if value > 0 else -math.inf
    if math.isinf(f):
        return "math.MaxFloat64" if f > 0 else "-math.MaxFloat64"
    text = repr(f)
    return text if any(c in text for c in ".eE") else text + ".0"


def go_literal(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        return go_str(value)
    if kind == "integer":
        return go_int(value)
    return go_float(value)


def literal_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if facts.fits_i64(value) else "number"
    if isinstance(value, float):
        return "number"
    return "string"


_TAG_PUNCTUATION = set("!#$%&()*+-./:;<=>?@[]^_{|}~ ")


def json_tag_name(name: str) -> bool:
    """Whether encoding/json accepts `name` as the name in a `json:"..."` struct tag (its
    `isValidTag`: letters, digits and some punctuation; no quote, backslash or comma)."""
    return bool(name) and all(map(_tag_character, name))


@functools.lru_cache(maxsize=None)
def _tag_character(c: str) -> bool:
    return (c in _TAG_PUNCTUATION or unicodedata.category(c)[0] == "L" or unicodedata.category(c) == "Nd") and go_str(
        c
    ) == f'"{c}"'


GO_PRIMITIVE = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}
DECODER = {"string": "wire.String", "integer": "wire.Integer", "number": "wire.Number", "boolean": "wire.Boolean"}


# ---------------------------------------------------------------- the namespace model


@dataclass
class _Context:
    decided: DecidedNamespace
    ns: ir.Namespace
    names: Names
    shapes: dict[str, ir.Shape]
    boxed: set[tuple[str, str]]
    package: str
    patterns: dict[tuple[str, str], str]  # (pattern source, where) -> package variable name
    uses_math: bool = False
    secret_holders: frozenset[str] = frozenset()


def _go_alias(ctx: "_Context", shape: ir.Shape) -> bool:
    """An alias printed as a Go type alias (`type X = T`): a nullable alias (`wire.Nullable[T]`)
    or an alias of a union (an interface, which cannot take methods)."""
    return _is_go_alias(ctx.shapes, ctx.decided.graph.recursive_aliases, shape)


def _is_go_alias(shapes: Mapping[str, ir.Shape], recursive: frozenset[str], shape: ir.Shape) -> bool:
    if not isinstance(shape, ir.Alias) or shape.name in recursive:
        # an alias that refers to itself through aliases alone is a defined type: Go refuses a
        # type alias that refers to itself
        return False
    t = shape.type
    return shape.nullable or (isinstance(t, ir.Ref) and isinstance(shapes[t.name], ir.Union_))


def _boxed(ctx: _Context, owner: str, t: ir.Ref) -> bool:
    """A struct that holds itself by value (through other structs) holds a pointer instead; an
    interface (a union) already breaks the cycle."""
    shape = ctx.shapes[t.name]
    return (owner, t.name) in ctx.boxed and isinstance(shape, (ir.Object, ir.Alias)) and not _go_alias(ctx, shape)


def _go_type(ctx: _Context, owner: str, t: ir.Type, direct: bool = True) -> str:
    match t:
        case ir.Primitive():
            return GO_PRIMITIVE[t.kind]
        case ir.Literal():
            return GO_PRIMITIVE[literal_kind(t.value)]
        case ir.AnyValue():
            return "wire.JSON"
        case ir.Ref():
            name = ctx.names.type(t.name)
            return f"*{name}" if direct and _boxed(ctx, owner, t) else name
        case ir.Array():
            return f"[]{_go_type(ctx, owner, t.item, False)}"
        case ir.Map():
            return f"map[string]{_go_type(ctx, owner, t.value, False)}"
        case ir.Nullable():
            return f"wire.Nullable[{_go_type(ctx, owner, t.inner, direct)}]"
        case _:
            assert_never(t)


def _decoder(ctx: _Context, owner: str, t: ir.Type, direct: bool = True) -> str:
    match t:
        case ir.Primitive():
            return DECODER[t.kind]
        case ir.Literal():
            kind = literal_kind(t.value)
            return f"wire.Exactly({DECODER[kind]}, {go_literal(t.value, kind)})"
        case ir.AnyValue():
            return "wire.Any"
        case ir.Ref():
            shape = ctx.shapes[t.name]
            name = ctx.names.type(t.name)
            if isinstance(shape, ir.Union_) or _go_alias(ctx, shape):
                dec = ctx.names.associated(DECODE_FN, t.name)
            else:
                dec = f"wire.Into[{name}]"
            return f"wire.Ptr({dec})" if direct and _boxed(ctx, owner, t) else dec
        case ir.Array():
            return f"wire.List({_decoder(ctx, owner, t.item, False)})"
        case ir.Map():
            return f"wire.Map({_decoder(ctx, owner, t.value, False)})"
        case ir.Nullable():
            return f"wire.NullOr({_decoder(ctx, owner, t.inner, direct)})"
        case _:
            assert_never(t)


def _i64_bounds(c: ir.Constraints) -> bool:
    bounds = [c.minimum, c.maximum, c.exclusive_minimum, c.exclusive_maximum]
    return all(b is None or (float(b).is_integer() and facts.fits_i64(b)) for b in bounds)


class _Checks:
    """What `ValidateAt` checks of a value: Go statements, decided here, printed by the template."""

    def __init__(self, ctx: _Context):
        self.ctx = ctx

    def needs(self, t: ir.Type) -> bool:
        match t:
            case ir.Primitive():
                c = t.constraints
                return any(
                    getattr(c, k) is not None
                    for k in (
                        "minimum",
                        "maximum",
                        "exclusive_minimum",
                        "exclusive_maximum",
                        "multiple_of",
                        "min_length",
                        "max_length",
                        "pattern",
                    )
                )
            case ir.Literal():
                return True
            case ir.Ref():
                shape = self.ctx.shapes[t.name]
                if _go_alias(self.ctx, shape):
                    assert isinstance(shape, ir.Alias)
                    return self.needs(shape.type)
                return not (isinstance(shape, ir.Enum) and shape.open)
            case ir.Array() | ir.Map():
                return True
            case ir.Nullable():
                return self.needs(t.inner)
            case ir.AnyValue():
                return False
            case _:
                assert_never(t)

    def lines(self, owner: str, t: ir.Type, v: str, depth: int, direct: bool = True) -> list[str]:
        """Statements checking value `v` (of t's Go type) at pointer `at`, recording in `errs`."""
        out: list[str] = []
        match t:
            case ir.Primitive():
                c = t.constraints
                if t.kind == "string":
                    if c.min_length is not None or c.max_length is not None:
                        lo = -1 if c.min_length is None else facts.as_count(c.min_length)
                        hi = -1 if c.max_length is None else facts.as_count(c.max_length)
                        out.append(f"wire.Length(errs, at, {v}, {lo}, {hi})")
                    if c.pattern is not None:
                        p = c.pattern if isinstance(c.pattern, Pattern) else Pattern(str(c.pattern))
                        var = self.pattern_var(p)
                        out.append(f"wire.Pattern(errs, at, {v}, {var}, {go_str(p.source)})")
                elif t.kind in ("integer", "number"):
                    as_int = t.kind == "integer" and _i64_bounds(c)
                    value = v if as_int or t.kind == "number" else f"float64({v})"
                    for keyword, bound in (
                        ("Minimum", c.minimum),
                        ("Maximum", c.maximum),
                        ("ExclusiveMinimum", c.exclusive_minimum),
                        ("ExclusiveMaximum", c.exclusive_maximum),
                    ):
                        if bound is not None:
                            lit = go_int(bound) if as_int else self.float_lit(bound)
                            out.append(f"wire.{keyword}(errs, at, {value}, {lit})")
                    if c.multiple_of is not None:
                        out.append(f"wire.MultipleOf(errs, at, {v}, {self.float_lit(c.multiple_of)})")
            case ir.Literal():
                kind = literal_kind(t.value)
                out.append(f"wire.Equal(errs, at, {v}, {go_literal(t.value, kind)})")
            case ir.Ref():
                shape = self.ctx.shapes[t.name]
                if _go_alias(self.ctx, shape):
                    assert isinstance(shape, ir.Alias)
                    expanded: ir.Type = ir.Nullable(shape.type) if shape.nullable else shape.type
                    return self.lines(shape.name, expanded, v, depth, direct)
                if isinstance(shape, ir.Union_):
                    out.append(f'wire.Present(errs, at, {v} == nil, "a value")')
                    out.append(f"if {v} != nil {{")
                    out.append(f"\t{v}.ValidateAt(at, errs)")
                    out.append("}")
                elif direct and _boxed(self.ctx, owner, t):
                    out.append(f"if {v} != nil {{")
                    out.append(f"\t{v}.ValidateAt(at, errs)")
                    out.append("}")
                elif self.needs(t):
                    out.append(f"{v}.ValidateAt(at, errs)")
            case ir.Array() | ir.Map():
                c = t.constraints
                is_array = isinstance(t, ir.Array)
                out.append(f'wire.Present(errs, at, {v} == nil, "{"an array" if is_array else "an object"}")')
                lo, hi = (c.min_items, c.max_items) if is_array else (c.min_properties, c.max_properties)
                if lo is not None or hi is not None:
                    lo_s = -1 if lo is None else facts.as_count(lo)
                    hi_s = -1 if hi is None else facts.as_count(hi)
                    what = "items" if is_array else "properties"
                    out.append(f'wire.Count(errs, at, len({v}), {lo_s}, {hi_s}, "{what}")')
                if is_array and c.unique_items:
                    out.append(f"wire.Unique(errs, at, {v})")
                inner = t.item if isinstance(t, ir.Array) else t.value
                if self.needs(inner):
                    item = f"v{depth}"
                    body = self.lines(owner, inner, item, depth + 1, False)
                    if is_array:
                        out.append(f"for i, {item} := range {v} {{")
                        out.append("\tat := wire.Index(at, i)")
                    else:
                        out.append(f"for _, k := range wire.Keys({v}) {{")
                        out.append(f"\t{item} := {v}[k]")
                        out.append("\tat := wire.Child(at, k)")
                    out += ["\t" + line for line in body]
                    out.append("}")
            case ir.Nullable():
                if self.needs(t.inner):
                    item = f"v{depth}"
                    out.append(f"if {item}, ok := {v}.Get(); ok {{")
                    out += ["\t" + line for line in self.lines(owner, t.inner, item, depth + 1, direct)]
                    out.append("}")
            case ir.AnyValue():
                pass
            case _:
                assert_never(t)
        return out

    def float_lit(self, value: Any) -> str:
        text = go_float(value)
        if "math." in text:
            self.ctx.uses_math = True
        return text

    def pattern_var(self, p: Pattern) -> str:
        key = (p.source, p.where)
        if key not in self.ctx.patterns:
            source = re2(p)
            if source is None:
                raise ShapegenError(
                    f"pattern {p.source!r} cannot be checked exactly in Go: RE2 (Go's regexp) cannot express it "
                    "the way ECMA-262 means it (a lookaround, a back-reference, a property or a count above 1000)",
                    where=p.where or None,
                    hint="write the pattern with constructs every language shares (see generator/layer/patterns.py)",
                )
            self.ctx.patterns[key] = source
        return f"pattern{list(self.ctx.patterns).index(key)}"


# ---------------------------------------------------------------- shapes


def _field_doc(ctx: _Context, shape: ir.Object, f: ir.Field, accessor: str | None) -> str:
    parts = [f.description] if f.description else []
    if f.deprecated:
        parts.append("Deprecated: the schema marks this property deprecated.")
    if f.secret:
        parts.append("A secret: it prints as <redacted>, and json.Marshal writes it as it is.")
    d = ctx.decided.default(shape.name, f.wire_name)
    if d is not None:
        note = f"Absent means the default {_json_text(d.value)}"
        note += f"; see {accessor}." if accessor else " (Go has no value of this field's type for it)."
        parts.append(note)
    return "\n\n".join(parts)


def _json_text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(value, ensure_ascii=False)


def _default_expr(ctx: _Context, owner: str, t: ir.Type, carrier: defaults.Carrier) -> str | None:
    """A Go expression of t's Go type for a default, or None when Go has none."""
    if isinstance(t, ir.Nullable):
        t = t.inner
    if isinstance(carrier, defaults.Scalar):
        if carrier.kind == "integer" and not facts.fits_i64(carrier.value):
            return None
        return go_literal(carrier.value, carrier.kind)
    if isinstance(carrier, defaults.Constant):
        kind = literal_kind(carrier.value)
        return go_literal(carrier.value, kind)
    if isinstance(carrier, defaults.Member):
        enum = ctx.names.type(carrier.enum)
        if carrier.listed:
            return ctx.names.associated(ENUM_CONSTANT, carrier.enum, carrier.value)
        return f"{enum}({go_str(carrier.value)})"
    if isinstance(carrier, defaults.Case):
        union = ctx.shapes[carrier.union]
        assert isinstance(union, ir.Union_)
        vt = union.variants[carrier.index].type
        if isinstance(vt, ir.Literal):
            return f"{_variant_type(ctx, union, carrier.index)}{{}}"
        inner = _default_expr(ctx, owner, vt, carrier.carrier)
        if inner is None:
            return None
        if isinstance(vt, ir.Ref):
            return inner
        return f"{_variant_type(ctx, union, carrier.index)}({inner})"
    if isinstance(carrier, defaults.Json):
        return f"wire.Must({_decoder(ctx, owner, t)}, {go_str(json.dumps(carrier.value, ensure_ascii=False))})"
    return None


def _accessor(ctx: _Context, shape: ir.Object, f: ir.Field, field_name: str, inner: str) -> dict[str, Any] | None:
    d = ctx.decided.default(shape.name, f.wire_name)
    if d is None or not d.offered:
        return None
    name = ctx.names.associated("or_default", shape.name, f.wire_name)
    if f.nullable:
        if isinstance(d.carrier, defaults.Null):
            value = f"wire.Null[{inner}]()"
        else:
            expr = _default_expr(ctx, shape.name, f.type, d.carrier)
            if expr is None:
                return None
            value = f"wire.Value[{inner}]({expr})"
        returns = f"wire.Nullable[{inner}]"
    else:
        expr = _default_expr(ctx, shape.name, f.type, d.carrier)
        if expr is None:
            return None
        value, returns = expr, inner
    return {"name": name, "field": field_name, "returns": returns, "value": value}


def _hidden_constant(f: ir.Field) -> bool:
    return f.required and not f.nullable and isinstance(f.type, ir.Literal) and not f.secret


def _object(ctx: _Context, shape: ir.Object) -> dict[str, Any]:
    checks = _Checks(ctx)
    type_name = ctx.names.type(shape.name)
    fields, reads, validations, accessors, constants = [], [], [], [], []
    for f in shape.fields:
        name = ctx.names.field(shape.name, f.wire_name)
        if _hidden_constant(f):
            assert isinstance(f.type, ir.Literal)
            kind = literal_kind(f.type.value)
            literal = go_literal(f.type.value, kind)
            constants.append({"wire": f.wire_name, "literal": literal})
            reads.append(
                f"wire.Constant({go_str(f.wire_name)}, {literal if kind != 'integer' else f'int64({literal})'})"
            )
            continue
        inner = _go_type(ctx, shape.name, f.type)
        dec = _decoder(ctx, shape.name, f.type)
        if f.secret:
            inner, dec = f"wire.Secret[{inner}]", f"wire.Hidden({dec})"
        if f.required:
            mode = "RequiredNullable" if f.nullable else "Required"
            gtype = f"wire.Nullable[{inner}]" if f.nullable else inner
        else:
            mode = "OptionalNullable" if f.nullable else "Optional"
            gtype = f"wire.OptNullable[{inner}]" if f.nullable else f"wire.Opt[{inner}]"
        omit = "" if f.required else ",omitzero"
        if not json_tag_name(f.wire_name):
            # encoding/json cannot spell this name in a tag: the field is written by name
            constants.append({"wire": f.wire_name, "literal": f"x.{name}"})
        reads.append(f"wire.{mode}({go_str(f.wire_name)}, {dec}, &x.{name})")
        accessor = _accessor(ctx, shape, f, name, inner)
        if accessor:
            accessors.append(accessor)
        fields.append(
            {
                "name": name,
                "type": gtype,
                "tag": f"`json:{go_str(f.wire_name + omit)}`" if json_tag_name(f.wire_name) else '`json:"-"`',
                "doc": _field_doc(ctx, shape, f, accessor["name"] + "()" if accessor else None),
            }
        )
        if checks.needs(f.type):
            value = "v.Reveal()" if f.secret else "v"
            body = checks.lines(shape.name, f.type, value, 0)
            if not body:
                continue
            if f.required and not f.nullable:
                head = [f"v := x.{name}"]
                opener = "{"
            else:
                head = []
                opener = f"if v, ok := x.{name}.Get(); ok {{"
            validations.append(
                {"opener": opener, "lines": head + [f"at := wire.Child(at, {go_str(f.wire_name)})"] + body}
            )
    doc = [f"{type_name} is {'a' if shape.role != 'response' else 'a'} {shape.role} object."]
    if shape.description:
        doc.append(shape.description)
    doc.append(
        "Unknown properties are rejected when read."
        if shape.closed
        else "Unknown properties are accepted, kept in Extra and written back."
    )
    return {
        "kind": "object",
        "name": type_name,
        "doc": "\n\n".join(doc),
        "fields": fields,
        "reads": reads,
        "closed": shape.closed,
        "validations": validations,
        "accessors": accessors,
        "constants": constants,
        "secret": shape.name in ctx.secret_holders,
        "unions": [],
    }


def _variant_type(ctx: _Context, union: ir.Union_, index: int) -> str:
    """The Go type of a union's variant: the referenced type, else its own type (RULES.refine)."""
    t = union.variants[index].type
    if isinstance(t, ir.Ref) and _ref_implements(ctx, t):
        return ctx.names.type(t.name)
    return ctx.names.associated(VARIANT_TYPE, union.name, str(index))


def _ref_implements(ctx: _Context, t: ir.Ref) -> bool:
    return _implements(ctx.shapes, ctx.decided.graph.recursive_aliases, t)


def _implements(shapes: Mapping[str, ir.Shape], recursive: frozenset[str], t: ir.Ref) -> bool:
    """Whether a referenced shape's own type can be the variant (an object, an enum or a
    non-nullable alias: named types that take the union's method); a union or a nullable alias
    is wrapped."""
    shape = shapes[t.name]
    return isinstance(shape, (ir.Object, ir.Enum)) or (
        isinstance(shape, ir.Alias) and not _is_go_alias(shapes, recursive, shape)
    )


def _union(ctx: _Context, shape: ir.Union_) -> dict[str, Any]:
    checks = _Checks(ctx)
    type_name = ctx.names.type(shape.name)
    how = ctx.decided.dispatch(shape.name)
    variants = []
    for index, v in enumerate(shape.variants):
        vtype = _variant_type(ctx, shape, index)
        t = v.type
        entry: dict[str, Any] = {"type": vtype, "own": False, "tag_value": v.tag_value, "wrapper": False}
        if not (isinstance(t, ir.Ref) and _ref_implements(ctx, t)):
            entry["own"] = True
            if isinstance(t, ir.Literal):
                kind = literal_kind(t.value)
                entry["literal"] = go_literal(t.value, kind)
                entry["literal_kind"] = kind
                entry["constructor"] = ctx.names.associated(CONSTRUCTOR, shape.name, str(index))
                entry["decoder"] = _decoder(ctx, shape.name, t)
            else:
                entry["literal"] = None
                entry["underlying"] = _go_type(ctx, shape.name, t)
                # a type whose JSON is its own methods' (a union, wire.JSON, wire.Nullable) would lose
                # them as the underlying type of a named type: the variant holds it in a struct
                entry["wrapper"] = isinstance(t, (ir.Ref, ir.AnyValue, ir.Nullable))
                entry["article"] = "an" if entry["underlying"][:1] in "aeiou" else "a"
                entry["decoder"] = _decoder(ctx, shape.name, t)
                entry["checks"] = checks.lines(shape.name, t, "v", 0) if checks.needs(t) else []
                if entry["checks"]:
                    entry["checks"] = [f"v := {_go_type(ctx, shape.name, t)}(x)"] + entry["checks"]
        variants.append(entry)
    unknown = ctx.names.associated("unknown", shape.name) if isinstance(how, ByTag) and how.open else None
    if isinstance(how, ByTag):
        cases = [(go_str(value), variants[i]["type"]) for value, i in how.cases]
        mode = "tag"
    elif isinstance(how, ByJsonType):
        cases = [(go_str(jt), variants[i]["type"]) for jt, i in how.cases]
        mode = "type"
    else:
        cases = [("", v["type"]) for v in variants]
        mode = "order"
    doc = [
        f"{type_name} is one of: " + ", ".join(v["type"] for v in variants) + (f", {unknown}" if unknown else "") + "."
    ]
    if shape.description:
        doc.append(shape.description)
    if isinstance(how, ByTag):
        doc.append(f"Told apart by the {go_str(how.property)} property.")
    if unknown:
        doc.append(
            f"Open: an object whose {go_str(shape.tag)} is another string is read as {unknown}, kept as it came."
        )
    return {
        "kind": "union",
        "name": type_name,
        "decode_fn": ctx.names.associated(DECODE_FN, shape.name),
        "doc": "\n\n".join(doc),
        "variants": variants,
        "mode": mode,
        "tag": go_str(how.property) if isinstance(how, ByTag) else None,
        "tag_name": how.property if isinstance(how, ByTag) else "",
        # the tag value a value without the tag has (layer.unions: a default tag), as a literal
        "absent": go_str(how.cases[how.default][0]) if isinstance(how, ByTag) and how.default is not None else "",
        "cases": cases,
        "exclusive": "true" if getattr(how, "exclusive", True) else "false",
        "unknown": unknown,
        "marker": "is" + type_name,
        "secret": shape.name in ctx.secret_holders,
    }


def _enum(ctx: _Context, shape: ir.Enum) -> dict[str, Any]:
    type_name = ctx.names.type(shape.name)
    members = []
    for value, vdoc in zip(shape.values, shape.value_descriptions or ("",) * len(shape.values)):
        const = ctx.names.associated(ENUM_CONSTANT, shape.name, value)
        members.append(
            {
                "name": const,
                "value": go_str(value),
                "doc": f"{const} is {go_str(value)}." + (f"\n\n{vdoc}" if vdoc else ""),
            }
        )
    doc = [f"{type_name} is a string, one of the constants below."]
    if shape.description:
        doc.append(shape.description)
    doc.append("Open: any other string is accepted and kept." if shape.open else "Closed: another string is rejected.")
    return {
        "kind": "enum",
        "name": type_name,
        "doc": "\n\n".join(doc),
        "members": members,
        "open": shape.open,
        "value_list": ", ".join(m["value"] for m in members),
        "unions": [],
    }


def _alias(ctx: _Context, shape: ir.Alias) -> dict[str, Any]:
    checks = _Checks(ctx)
    type_name = ctx.names.type(shape.name)
    inner = _go_type(ctx, shape.name, shape.type)
    doc = [f"{type_name} is a named {inner}." if not shape.nullable else f"{type_name} is null or a {inner}."]
    if shape.description:
        doc.append(shape.description)
    go_alias = _go_alias(ctx, shape)
    if shape.nullable:
        inner = f"wire.Nullable[{inner}]"
    t: ir.Type = ir.Nullable(shape.type) if shape.nullable else shape.type
    lines = checks.lines(shape.name, t, "v", 0) if checks.needs(t) and not go_alias else []
    return {
        "kind": "alias",
        "name": type_name,
        "doc": "\n\n".join(doc),
        "go_alias": go_alias,
        "underlying": inner,
        "conversion": f"({inner})" if inner.startswith("*") else inner,
        "decoder": _decoder(ctx, shape.name, ir.Nullable(shape.type) if shape.nullable else shape.type),
        "decode_fn": ctx.names.associated(DECODE_FN, shape.name) if go_alias else None,
        "checks": ([f"v := {inner}(x)"] + lines) if lines else [],
        "unions": [],
    }


# ---------------------------------------------------------------- rendering


def names_for(ns: ir.Namespace, decided: DecidedNamespace | None = None) -> Names:
    """Go's names for `ns`, from the decide stage."""
    return (decided if decided is not None else decide_namespace(ns)).names_with(RULES)


def render_namespace(
    ns: ir.Namespace, module: str, decided: DecidedNamespace | None = None, structure: tuple[Any, ...] = ()
) -> str:
    """One namespace's package. With `structure` (what the model is besides its prose, and where
    `ns` is in it: `render_memo.structure_digest`), each shape's text is reused from the fragment
    memo when the structure and the shape's own prose are those of the last run (a shape's plan
    prints no other shape's prose: descriptions are read in `_field_doc` and the shape builders,
    from the shape itself). Every plan is still made: the package's imports and patterns, and the
    union markers of each variant, come from all of them."""
    decided = decided if decided is not None else decide_namespace(ns)
    names = names_for(ns, decided)
    ctx = _Context(
        decided,
        ns,
        names,
        {s.name: s for s in ns.shapes},
        set(decided.graph.boxed_edges),
        names.module,
        {},
        secret_holders=decided.secret_holders,
    )
    items = []
    by_name: dict[str, dict[str, Any]] = {}
    for shape in ns.shapes:
        if isinstance(shape, ir.Object):
            item = _object(ctx, shape)
        elif isinstance(shape, ir.Union_):
            item = _union(ctx, shape)
        elif isinstance(shape, ir.Enum):
            item = _enum(ctx, shape)
        else:
            item = _alias(ctx, shape)
        items.append(item)
        by_name[shape.name] = item
    # each variant type carries the marker method of the unions it belongs to
    for shape in ns.shapes:
        if isinstance(shape, ir.Union_):
            union_item = by_name[shape.name]
            for v, entry in zip(shape.variants, union_item["variants"]):
                if not entry["own"]:
                    assert isinstance(v.type, ir.Ref)
                    marker = union_item["marker"]
                    if marker not in by_name[v.type.name]["unions"]:
                        by_name[v.type.name]["unions"].append(marker)
    # encoding/json: aliases and constant variants write themselves with json.Marshal
    uses_json = any(i["kind"] == "alias" and not i["go_alias"] for i in items) or any(
        v["own"] and (v["literal"] is not None or v["wrapper"])
        for i in items
        if i["kind"] == "union"
        for v in i["variants"]
    )
    imports = ["encoding/json"] if uses_json else []
    if any(i["kind"] in ("object", "union") and i["secret"] for i in items):
        imports += ["fmt", "log/slog"]
    if ctx.uses_math:
        imports.append("math")
    if ctx.patterns:
        imports.append("regexp")
    patterns = [{"name": f"pattern{i}", "source": go_str(src)} for i, src in enumerate(ctx.patterns.values())]
    env = _env()
    item_text = env.get_template("item.go.j2").module.item_text  # type: ignore[attr-defined]
    texts = []
    for index, (shape, item) in enumerate(zip(ns.shapes, items)):
        (text,) = structured_unit(
            "go.shape", structure, (index, own_prose(shape)), lambda: (item_text(item, names.module),)
        )
        texts.append(text)
    text = env.get_template("package.go.j2").render(
        namespace=ns,
        package=names.module,
        imports=sorted(imports),
        wire=f"{module}/{RUNTIME_PACKAGE}",
        items=texts,
        patterns=patterns,
    )
    # the templates' blocks each begin with a blank line; gofmt keeps one between declarations
    # (each run of three or more line breaks made two: str.replace, a few times over the rare
    # longer runs, scans a large file about five times faster than the regex `\n{3,}` did)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip("\n") + "\n"


def empty_func(header: str) -> str:
    """A function with an empty body, as gofmt lays it out: `header {}` on one line while the
    header is at most 99 columns, else the braces on two lines."""
    return f"{header} {{}}" if len(header) <= 99 else f"{header} {{\n}}"


@functools.lru_cache(maxsize=1)  # one per process: each template is loaded once, not once per namespace
def _env() -> Any:
    return environment("go", {"go_str": go_str, "go_doc": go_doc, "go_ident": go_ident}, {"empty_func": empty_func})


def module_path(options: Any) -> str:
    go = options.get("go", {}) if hasattr(options, "get") else {}
    path = str(go.get("module", DEFAULT_MODULE)) if hasattr(go, "get") else DEFAULT_MODULE
    if PACKAGE_NAME.problem(path) is not None:
        raise ShapegenError(
            f"[tool.shapegen.go] module = {path!r} is not a Go module path",
            hint="use a path such as 'example.com/shopshapes': letters, digits, '.', '-', '_', '~' and '/'",
        )
    return path


def package_dirs(model: ir.Model) -> list[tuple[str, ir.Namespace]]:
    out: list[tuple[str, ir.Namespace]] = []
    seen: dict[str, str] = {}
    for ns in model.namespaces:
        pkg = _package_name(ns.name)
        if pkg in seen:
            raise ShapegenError(
                f"namespaces {seen[pkg]!r} and {ns.name!r} would share the Go package {pkg!r}",
                hint="rename one of them",
            )
        seen[pkg] = ns.name
        out.append((pkg, ns))
    return out


def render(inp: RenderInput) -> dict[str, str]:
    module = module_path(inp.options)
    env = _env()
    files = {
        "go.mod": env.get_template("go.mod.j2").render(module=module, go_version=GO_VERSION),
        f"{RUNTIME_PACKAGE}/wire.go": RUNTIME.read_text(encoding="utf-8"),
    }
    structure = structure_digest(inp.model) if memo_active() else b""
    place = {id(ns): index for index, ns in enumerate(inp.model.namespaces)}
    for pkg, ns in package_dirs(inp.model):
        files[f"{pkg}/{pkg}.go"] = render_namespace(
            ns, module, inp.decisions(ns), (structure, place[id(ns)]) if structure else ()
        )
    return files


def driver_source(model: ir.Model, module: str) -> str:
    """The conformance driver's main.go: one case per shape of every namespace."""
    entries = []
    imports = []
    for pkg, ns in package_dirs(model):
        imports.append(f"{module}/{pkg}")
        names = names_for(ns)
        for shape in ns.shapes:
            name = names.type(shape.name)
            if isinstance(shape, ir.Union_):
                call = f"parsed({pkg}.Parse{name})"
            elif isinstance(shape, ir.Alias) and shape.nullable:
                continue
            else:
                call = f"object[{pkg}.{name}]()"
            entries.append({"shape": go_str(f"{ns.name}:{shape.name}"), "call": call})
    return (
        _env()
        .get_template(DRIVER_TEMPLATE)
        .render(imports=imports, wire=f"{module}/{RUNTIME_PACKAGE}", entries=entries)
    )


def _owns(rel: str) -> bool:
    return rel == "go.mod" or rel.endswith(".go")


TARGET = SimpleTarget(name="go", out_dir="go", render_fn=render, owns_fn=_owns, formatter="none")
