"""The `typescript` target: an npm package (`realtime-shapes`) of interfaces and dependency-free
run-time parsers, one folder per namespace.

Wire semantics in TypeScript terms:
- types: Required -> `name: T`; Optional / Default -> `name?: T`; nullable adds `| null` (so
  absent and null stay different); property names are the wire names, quoted when they are not
  identifiers; closed enums are string-literal unions, open enums `(string & {}) | 'a' | ...`;
  tagged unions are discriminated unions; maps are `Record<string, T>`;
- open (forward-compatible) response unions: `<Name> = <Name>Known | <Name>Unknown`, where
  `<Name>Unknown` is `{ <tag>: UnknownTag; [property: string]: unknown }` (`UNKNOWN_VARIANT`):
  the tag's type is a string type of its own that no literal overlaps, so `v.<tag> === 'a'`,
  `case 'a':` and `?:` narrow to variant `a` alone, and the `else`/`default` branch holds the
  other variants and the unknown one; `isKnown<Name>(value)` still narrows to the known ones.
  (A `string` tag, or a branded `string & {...}` one, is comparable with every literal, so it
  stays in every branch; a `string & {}` one stops narrowing altogether.)
- run time: `parse<Name>(value: unknown): <Name>` checks everything the schema says (see
  templates/typescript/runtime.ts, a real source file with its own `node --test` tests) and
  returns a fresh copy: absent stays absent, null stays null, unknown properties of open
  objects are kept, defaults are never filled in (`<Name>Defaults` holds them), so
  `JSON.stringify` of a parsed value writes exactly what was received; `is<Name>(value)` is
  the type guard; failures throw `ValidationError` (pointer + message);
- secrets (`x-shapegen-secret`): parsed values are plain JSON data, so they print as they are;
  `redact<Name>(value)` (for every shape that can carry one) is the copy to log, with every
  secret reading `REDACTED`, and no `ValidationError` message quotes a secret.

Decisions come from the language layer: union dispatch (`layer.unions.dispatch`), defaults
(`layer.defaults.default_of`), patterns (`Pattern.ecma()`), every exported name from the naming
stage (`RULES.associated`); this module prints them.

The quoting layer is `ts_str` (string literals), `ts_doc` (JSDoc blocks), `ts_prop` (property
keys) and `ts_ident` (identifiers): every string that came from the schema goes through one of
them, in Python or as a Jinja filter; nothing is spliced raw.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
from dataclasses import dataclass, field

import jinja2
from typing import Any, Callable, Mapping, assert_never

from generator import ir
from generator.code import Code, Syntax, code_environment, join, per_character, verbatim
from generator.layer.secrets import REDACTED
from generator.errors import ShapegenError
from generator.layer.patterns import Pattern
from generator.decide import DecidedNamespace, decide_namespace
from generator.layer.unions import ByJsonType, ByTag
from generator.render_memo import memo_active, own_prose, structure_digest, unit
from generator.rules import (
    Associated,
    LanguageRules,
    Names,
    camel_case,
    pascal_case,
    screaming_snake_case,
    snake_case,
)
from generator.targets.base import RenderInput, SimpleTarget, SourceTraits
from generator.packaging.typescript import PACKAGE_NAME
from generator.identity import identity
from generator.templating import TEMPLATES_ROOT, environment
from generator.visible import BIDI_CONTROLS

TYPESCRIPT_VERSION = "5.9.3"

# The run-time library every generated package carries, copied as it is: a real TypeScript source
# file with its own tests (tests/typescript/runtime/, run with `node --test`).
RUNTIME = TEMPLATES_ROOT / "typescript" / "runtime.ts"
# what src/index.ts exports from the runtime beside the namespaces
RUNTIME_EXPORTS = frozenset({"ValidationError", "REDACTED", "Redacted", "UnknownTag"})

KEYWORDS = frozenset("""
    break case catch class const continue debugger default delete do else enum export extends false
    finally for function if import in instanceof new null return super switch this throw true try
    typeof var void while with implements interface let package private protected public static
    yield await any boolean constructor declare get module require number set string symbol type
    from of unknown never object bigint undefined abstract as asserts async infer is keyof namespace
    readonly unique satisfies accessor out override global intrinsic arguments eval
""".split())

# Global names a generated type must not shadow: the ones the generated code uses and the common
# built-ins a reader would expect to keep their meaning.
GLOBAL_TYPES = frozenset("""
    Record Array ReadonlyArray Object String Number Boolean Symbol BigInt Function Date Error
    TypeError RangeError SyntaxError Map ReadonlyMap Set ReadonlySet WeakMap WeakSet Promise
    PromiseLike RegExp JSON Math Reflect Proxy Intl Iterable Iterator IterableIterator Generator
    ArrayLike PropertyKey Partial Required Readonly Pick Omit Exclude Extract NonNullable
    ReturnType Parameters InstanceType Awaited Uppercase Lowercase Capitalize Uncapitalize
    ThisType NoInfer ArrayBuffer DataView Uint8Array Int8Array Infinity NaN
    ValidationError Check Fields FieldSpec
""".split())

# What each shape's files export besides its type, named by the naming stage (each spec's
# candidates in order of preference; the first one free among the namespace's exports wins).
ASSOCIATED = (
    Associated("parse", "shape", "types", ("parse{type}",)),
    Associated("is", "shape", "types", ("is{type}",)),
    Associated(
        "values",
        "enum",
        "types",
        (
            lambda t, s, f: screaming_snake_case(t) + "_VALUES",
            lambda t, s, f: screaming_snake_case(t) + "_KNOWN_VALUES",
        ),
    ),
    Associated("unknown", "open-union", "types", ("{type}Unknown", "{type}UnknownVariant")),
    Associated("known", "open-union", "types", ("{type}Known", "{type}KnownVariant")),
    Associated("is-known", "open-union", "types", ("isKnown{type}", "is{type}Known")),
    Associated("redact", "shape", "types", ("redact{type}", "redacted{type}")),
    Associated("defaults", "object", "types", ("{type}Defaults", "{type}DefaultValues")),
)

RULES = LanguageRules(
    language="TypeScript",
    type_case=pascal_case,
    field_case=camel_case,
    member_case=screaming_snake_case,
    keywords=KEYWORDS,
    reserved_types=GLOBAL_TYPES,
    associated=ASSOCIATED,
    # properties keep their wire names (an interface describes the JSON itself), and the namespace
    # is exported from src/index.ts under a name of its own (`EXPORT`)
    refine=lambda ns, names: dataclasses.replace(
        names,
        fields={key: ts_prop(key[1]) for key in names.fields},
        extra={**names.extra, (EXPORT, "", ""): _export_name(ns.name)},
    ),
    # the namespace's module name
    module_case=lambda namespace: _folder_case(namespace),
)

# what src/index.ts exports a namespace as (`export * as <name>`), a decided name (RULES.refine)
EXPORT = "export"

# The unknown variant of an open tagged union, decided once for every open union: its tag is
# typed UNKNOWN_TAG (runtime.ts: a declared enum whose one member is UNKNOWN_TAG_TEXT, at run time
# any string the known variants do not use), which no string literal is comparable to. tsc narrows
# a union by its tag by keeping each variant whose tag type is comparable to the tested literal: a
# `string` tag (or `string & Brand`, comparable through its `string` part) is kept in every branch,
# an UNKNOWN_TAG one only where no known tag was matched. The rest of the object is open.
UNKNOWN_TAG = "$rt.UnknownTag"
UNKNOWN_TAG_TEXT = "\x00unknown tag"  # the enum member's text; no union may use it as a tag
UNKNOWN_REST = "[property: string]: unknown"


def unknown_variant(shape: ir.Union_) -> list[Code]:
    """The members of the unknown variant of the open tagged union `shape`."""
    assert shape.tag is not None and shape.open
    clash = [v.tag_value for v in shape.variants if v.tag_value == UNKNOWN_TAG_TEXT]
    if clash:
        raise ShapegenError(
            f"union {shape.name!r} has a variant tagged {clash[0]!r}, the text TypeScript's unknown tag type reserves",
            hint="use another tag value",
        )
    return [TS("{prop}: {tag}", prop=ts_prop(shape.tag), tag=verbatim(UNKNOWN_TAG)), verbatim(UNKNOWN_REST)]


# what `shapegen breaking` needs to know of the printed source: properties by wire name, enum
# values as string literal types, one `number` for integers and numbers
SOURCE_TRAITS = SourceTraits(fields_by_wire_name=True, enum_values_as_literals=True, one_number_type=True)

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


# ---------------------------------------------------------------- the quoting layer


def ts_str(value: Any) -> Code:
    """A TypeScript string literal equal to `value`, whatever it contains.

    Built on JSON's escaper (so every control character and backslash is escaped), then quoted the
    way prettier quotes: single quotes unless the text has more single than double quotes.
    U+2028, U+2029 and lone surrogates are escaped too."""
    return _ts_str(str(value))


@functools.lru_cache(maxsize=1 << 16)  # a wire name is quoted in a type, its parser and its checks
def _ts_str(text: str) -> Code:
    quote = '"' if text.count("'") > text.count('"') else "'"
    encoded = json.dumps(text, ensure_ascii=False)[1:-1]
    if quote == "'":
        # a quote in JSON's text is always its escape `\\"`, and `'` is never part of an escape
        encoded = encoded.replace('\\"', '"').replace("'", "\\'")
    return Code(quote + _ts_str_chars(encoded) + quote)


def _ts_str_char(c: str) -> str:
    if c in "\u2028\u2029" or 0xD800 <= ord(c) <= 0xDFFF:
        return f"\\u{ord(c):04x}"
    if c in BIDI_CONTROLS:  # never raw in source: it would reorder how the code reads
        return f"\\u{ord(c):04x}"
    return c


_ts_str_chars = per_character(_ts_str_char)


# builds TypeScript from code parts; a plain str part is quoted as a string literal (generator.code)
TS = Syntax("TypeScript", string=ts_str)


def ts_literal(value: Any) -> Code:
    """A TypeScript expression for a JSON value."""
    if value is None:
        return verbatim("null")
    if isinstance(value, bool):
        return verbatim("true" if value else "false")
    if isinstance(value, str):
        return ts_str(value)
    if isinstance(value, int):
        return Code(str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ShapegenError(f"{value!r} is not a JSON number")
        return Code(str(int(value)) if value.is_integer() and abs(value) < 2**53 else json.dumps(value))
    if isinstance(value, (list, tuple)):
        return TS("[{items}]", items=join(", ", (ts_literal(v) for v in value)))
    if isinstance(value, dict):
        # computed keys: a literal `'__proto__': x` would set the prototype instead of a property
        entries = join(", ", (TS("[{k}]: {v}", k=str(k), v=ts_literal(v)) for k, v in value.items()))
        return TS("{{ {entries} }}", entries=entries)
    raise TypeError(f"not a JSON value: {value!r}")


def _ts_doc_char(c: str) -> str:
    if c in "\n\t" or ord(c) >= 0x20:
        return f"\\u{ord(c):04x}" if c in BIDI_CONTROLS else c
    return f"\\u{ord(c):04x}"


_ts_doc_chars = per_character(_ts_doc_char)


def ts_doc(text: str, indent: int = 0) -> Code:
    """A JSDoc block whose text is `text`; `*/` is written `*\\/` so it cannot end the comment.

    Block comments only: a `//` comment would end at a U+2028 in the text."""
    return _ts_doc(str(text), indent)


@functools.lru_cache(maxsize=1 << 14)  # a description recurs in many shapes
def _ts_doc(text: str, indent: int) -> Code:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return Code("")
    text = text.replace("*/", "*\\/")
    text = _ts_doc_chars(text)
    pad = " " * indent
    lines = text.split("\n")
    if len(lines) == 1 and "\u2028" not in text and "\u2029" not in text and len(lines[0]) + indent < 100:
        return Code(f"{pad}/** {lines[0]} */")
    body = "\n".join(f"{pad} * {line}".rstrip() for line in lines)
    return Code(f"{pad}/**\n{body}\n{pad} */")


def ts_prop(wire_name: str) -> Code:
    """A property key for a wire name: the name itself when it is an identifier, else quoted."""
    return Code(wire_name) if _IDENTIFIER.match(wire_name) else ts_str(wire_name)


@functools.lru_cache(maxsize=None)  # a type's name is printed wherever it is used
def ts_ident(name: str) -> Code:
    """An identifier, checked: names reach templates from the naming pass, never from the schema."""
    if not _IDENTIFIER.match(name) or name in KEYWORDS:
        raise AssertionError(f"not a TypeScript identifier: {name!r}")
    return Code(name)


def json_str(value: Any) -> str:
    """A JSON string literal (for package.json)."""
    return json.dumps(str(value), ensure_ascii=False)


_HOSTED_GIT = re.compile(
    r"^(?:git\+)?https://(github\.com|gitlab\.com|bitbucket\.org)/([^/\s]+)/([^/\s]+?)(?:\.git)?/?$"
)


def npm_repository(url: str) -> str:
    """A repository URL as npm writes it into a published package.json (`git+https://github.com/
    o/r.git` for a GitHub, GitLab or Bitbucket page), so that `npm publish` need not correct it;
    any other URL as it is."""
    hosted = _HOSTED_GIT.match(url)
    return f"git+https://{hosted[1]}/{hosted[2]}/{hosted[3]}.git" if hosted else url


FILTERS: dict[str, Callable[..., Any]] = {
    "json_str": json_str,
    "npm_repository": npm_repository,
    "ts_str": ts_str,
    "ts_doc": ts_doc,
    "ts_prop": ts_prop,
    "ts_ident": ts_ident,
    "ts_literal": ts_literal,
}


# ---------------------------------------------------------------- types


def _limits(pairs: list[tuple[str, Code | int | None]]) -> Code:
    items = [TS("{key}: {value}", key=verbatim(key), value=value) for key, value in pairs if value is not None]
    return TS("{{ {items} }}", items=join(", ", items)) if items else verbatim("")


@dataclass(frozen=True)
class TypeExpr:
    """A TypeScript type expression and what its printing needs to know about it, built by the
    type-expression visitor (`_Namespace.type`) rather than read back from the text."""

    text: Code
    union: bool = False  # `A | B` at its outermost level: `X[]` needs parentheses
    has_null: bool = False  # null is one of its members already
    unknown: bool = False  # `unknown`: takes null too, `| null` adds nothing

    def __str__(self) -> str:
        return self.text

    def array(self) -> TypeExpr:
        return TypeExpr(TS("({t})[]", t=self.text) if self.union else TS("{t}[]", t=self.text))

    def or_null(self) -> TypeExpr:
        if self.has_null or self.unknown:
            return self
        return TypeExpr(TS("{t} | null", t=self.text), union=True, has_null=True)


def union_expr(members: list[TypeExpr]) -> TypeExpr:
    if not members:
        return TypeExpr(verbatim("never"))
    if len(members) == 1:
        return members[0]
    return TypeExpr(join(" | ", (m.text for m in members)), union=True, has_null=any(m.has_null for m in members))


_PRIMITIVE_TYPES = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}


class _Namespace:
    """Everything one namespace's files need: type expressions, checks, redactors, hoisted consts."""

    def __init__(self, ns: ir.Namespace, decided: DecidedNamespace | None = None):
        self.ns = ns
        self.decided = decided if decided is not None else decide_namespace(ns)
        self.names: Names = self.decided.names_with(RULES)
        self.by_name = {s.name: s for s in ns.shapes}
        self.hoisted: dict[Code, Code] = {}  # check expression -> const name
        self.hoisted_redactors: dict[Code, Code] = {}  # redactor expression -> const name
        self.secret_shapes = self.decided.secret_holders

    def type_name(self, shape: str) -> Code:
        return ts_ident(self.names.type(shape))

    # types ---------------------------------------------------------

    def type(self, t: ir.Type) -> TypeExpr:
        """The type-expression visitor: an IR type as a TypeScript type."""
        match t:
            case ir.Primitive():
                return TypeExpr(verbatim(_PRIMITIVE_TYPES[t.kind]))
            case ir.AnyValue():
                return TypeExpr(verbatim("unknown"), unknown=True)
            case ir.Literal():
                return TypeExpr(ts_literal(t.value))
            case ir.Ref():
                return TypeExpr(self.type_name(t.name))
            case ir.Array():
                return self.type(t.item).array()
            case ir.Map():
                if any(r in self.decided.graph.recursive_type_aliases for r in ir.refs(t.value)):
                    # tsc resolves `Record<...>` eagerly, so a type alias reached again through it is
                    # circular (TS2456); an index signature is deferred like an object type
                    return TypeExpr(TS("{{ [key: string]: {value} }}", value=self.type(t.value).text))
                return TypeExpr(TS("Record<string, {value}>", value=self.type(t.value).text))
            case ir.Nullable():
                return self.type(t.inner).or_null()
            case _:
                assert_never(t)

    # checks --------------------------------------------------------

    def check(self, t: ir.Type) -> Code:
        """An expression for the check of `t`, evaluated once at module load."""
        match t:
            case ir.Primitive():
                c = t.constraints
                if t.kind == "string":
                    pattern = (
                        TS("new RegExp({source}, 'u')", source=_pattern(c.pattern).ecma())
                        if c.pattern is not None
                        else None
                    )
                    limits = _limits([("minLength", c.min_length), ("maxLength", c.max_length), ("pattern", pattern)])
                    return TS("$rt.string({limits})", limits=limits)
                if t.kind in ("integer", "number"):
                    num = lambda v: None if v is None else ts_literal(v)  # noqa: E731
                    limits = _limits(
                        [
                            ("minimum", num(c.minimum)),
                            ("maximum", num(c.maximum)),
                            ("exclusiveMinimum", num(c.exclusive_minimum)),
                            ("exclusiveMaximum", num(c.exclusive_maximum)),
                            ("multipleOf", num(c.multiple_of)),
                        ]
                    )
                    return TS("$rt.{kind}({limits})", kind=verbatim(t.kind), limits=limits)
                return verbatim("$rt.boolean()")
            case ir.AnyValue():
                return verbatim("$rt.any()")
            case ir.Literal():
                return TS("$rt.literal({value})", value=ts_literal(t.value))
            case ir.Ref():
                return TS("${name}", name=self.type_name(t.name))
            case ir.Array():
                c = t.constraints
                limits = _limits(
                    [
                        ("minItems", c.min_items),
                        ("maxItems", c.max_items),
                        ("uniqueItems", verbatim("true") if c.unique_items else None),
                    ]
                )
                item = self.check(t.item)
                return (
                    TS("$rt.array({item}, {limits})", item=item, limits=limits)
                    if limits
                    else TS("$rt.array({item})", item=item)
                )
            case ir.Map():
                c = t.constraints
                limits = _limits([("minProperties", c.min_properties), ("maxProperties", c.max_properties)])
                value = self.check(t.value)
                return (
                    TS("$rt.map({value}, {limits})", value=value, limits=limits)
                    if limits
                    else TS("$rt.map({value})", value=value)
                )
            case ir.Nullable():
                return TS("$rt.nullable({inner})", inner=self.check(t.inner))
            case _:
                assert_never(t)

    def checker(self, t: ir.Type, secret: bool = False) -> Code:
        """A name for the check of `t`: a shape's own check function, or a hoisted const. The
        check of a secret never quotes the value in its errors."""
        expr = self.check(t)
        if secret:
            expr = TS("$rt.secret({expr})", expr=expr)
        elif isinstance(t, ir.Ref):
            return expr
        if expr not in self.hoisted:
            self.hoisted[expr] = TS("$t{n}", n=len(self.hoisted))
        return self.hoisted[expr]

    # redaction -----------------------------------------------------

    def carries_secret(self, t: ir.Type) -> bool:
        return any(name in self.secret_shapes for name in ir.refs(t))

    def redact(self, t: ir.Type) -> Code:
        """An expression for the redactor of a value of type `t` (not itself a secret)."""
        if not self.carries_secret(t):
            return verbatim("$rt.keep")
        match t:
            case ir.Ref():
                return TS("$redact${name}", name=self.type_name(t.name))
            case ir.Array():
                return TS("$rt.redactArray({item})", item=self.redact(t.item))
            case ir.Map():
                return TS("$rt.redactMap({value})", value=self.redact(t.value))
            case ir.Nullable():
                return self.redact(t.inner)  # every redactor keeps null as it is
            case ir.Primitive() | ir.Literal() | ir.AnyValue():
                raise TypeError(f"{t} holds no reference, so no secret")
            case _:
                assert_never(t)

    def redactor(self, t: ir.Type) -> Code:
        expr = self.redact(t)
        if not expr.startswith("$rt.redact"):
            return expr
        if expr not in self.hoisted_redactors:
            self.hoisted_redactors[expr] = TS("$r{n}", n=len(self.hoisted_redactors))
        return self.hoisted_redactors[expr]


def _pattern(value: str) -> Pattern:
    """The layer's Pattern for a constraint (the lowering makes every pattern one; an IR built by
    hand may hold the bare source)."""
    return value if isinstance(value, Pattern) else Pattern(value)


def _string_leaved(t: ir.Type) -> bool:
    """Whether REDACTED (a string) is a value of `t` as TypeScript types it: a plain string, or
    arrays, maps and nullables of them."""
    match t:
        case ir.Primitive():
            return t.kind == "string"
        case ir.Array():
            return _string_leaved(t.item)
        case ir.Map():
            return _string_leaved(t.value)
        case ir.Nullable():
            return _string_leaved(t.inner)
        case ir.AnyValue():
            return True
        case ir.Literal() | ir.Ref():
            return False
        case _:
            assert_never(t)


@dataclass
class _Shape:
    kind: str  # object | enum | union | alias
    name: Code
    doc: str
    shape: ir.Shape
    fields: list[dict[str, Any]] = field(default_factory=list)
    expr_block: Code = verbatim("")  # the type alias after `=`, for enum/union/alias
    values_block: Code = verbatim("")  # the values array after `=`, for enums
    values: list[Code] = field(default_factory=list)  # enum values, as literals
    values_const: Code = verbatim("")
    check_body: Code = verbatim("")  # how the check function checks, for enum/union/alias
    variants: list[Code] = field(default_factory=list)  # untagged union checkers
    tags: list[tuple[Code, Code]] = field(default_factory=list)  # (tag value literal, checker)
    by_type: list[tuple[Code, Code]] = field(default_factory=list)  # (JSON type literal, checker)
    dispatch: Any = None  # unions: the layer's decision (ByTag / ByJsonType / InOrder)
    absent: Code = verbatim("")  # tagged unions whose tag may be absent: the default tag value, as a literal
    # open tagged unions: the names of the catch-all type, of the known variants' type and of
    # the guard that tells them apart
    unknown_name: Code = verbatim("")
    known_name: Code = verbatim("")
    guard_name: Code = verbatim("")
    known_block: Code = verbatim("")
    unknown_members: list[Code] = field(default_factory=list)  # the unknown variant's members
    # redaction: the redactor body, the declared result type of redact<Name> and its signature
    # line(s) ("" when the shape cannot carry a secret)
    redactor: Code = verbatim("")
    redacted_type: Code = verbatim("")
    redact_signature: Code = verbatim("")
    # objects: the defaults the layer offers, as (property key, literal), and their type
    defaults: list[tuple[Code, Code]] = field(default_factory=list)
    defaults_type: Code = verbatim("")
    # the associated names (parse, is, values, unknown, known, guard, redact, defaults)
    names: dict[str, Code] = field(default_factory=dict)


def _number_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _limits_doc(t: ir.Type) -> list[str]:
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
        ("pattern", c.pattern),
        ("minimum items", c.min_items),
        ("maximum items", c.max_items),
        ("minimum properties", c.min_properties),
        ("maximum properties", c.max_properties),
    ]
    parts = [f"{w} {_number_text(v)}" for w, v in words if v is not None and w != "pattern"]
    if c.pattern is not None:
        parts.append(f"pattern /{c.pattern}/u")
        risks = _pattern(c.pattern).risks
        if risks:
            parts.append("the pattern can be slow on hostile input: " + "; ".join(r.describe() for r in risks))
    if c.unique_items:
        parts.append("unique items")
    return [f"Limits: {', '.join(parts)}."]


def _field_doc(f: ir.Field, redact_name: str, decision: Any, defaults_name: str) -> str:
    parts = [f.description] if f.description else []
    tags = []
    tags += _limits_doc(f.type)
    if isinstance(f.type, ir.Array):
        tags += [f"Items: {line[0].lower()}{line[1:]}" for line in _limits_doc(f.type.item)]
    if f.secret:
        tags.append(
            f"Secret: {redact_name} gives a copy in which it reads {REDACTED_MARKER!r}, and a\n"
            "ValidationError never quotes it; JSON.stringify writes it as it is."
        )
    if decision is not None:
        tags.append(f"@default {json.dumps(decision.value, ensure_ascii=False)}")
        if not decision.offered:
            tags.append(f"The default is not offered in {defaults_name}: {decision.carrier.reason}.")
    if f.deprecated:
        tags.append("@deprecated")
    if tags:
        parts.append("\n".join(tags))
    return "\n\n".join(parts)


REDACTED_MARKER = REDACTED  # the runtime's REDACTED (templates/typescript/runtime.ts) spells the same


def _shape_doc(shape: ir.Shape, names: Mapping[str, str]) -> str:
    parts = [shape.description] if shape.description else []
    if isinstance(shape, ir.Object):
        parts.append(
            "Closed: unknown properties are rejected."
            if shape.closed
            else "Open: unknown properties are accepted and kept."
        )
    elif isinstance(shape, ir.Enum):
        described = [f"- {ts_literal(v)}: {d}" for v, d in zip(shape.values, shape.value_descriptions) if d]
        if described:
            parts.append("\n".join(described))
        if shape.open:
            parts.append("Open: any other string is accepted and kept.")
    elif isinstance(shape, ir.Union_):
        if shape.tag is not None and shape.open:
            tag = json.dumps(shape.tag, ensure_ascii=False)
            parts.append(
                f"Tagged by {tag}, and open (forward-compatible): an object whose {tag} is none of\n"
                f"the variants' is accepted and kept as it is, typed {names['unknown']}. Testing the\n"
                f"tag against a known one narrows to that variant; {names['guard']}(value) narrows a\n"
                f"value to the variants this package knows."
            )
        else:
            parts.append(
                f"Tagged by {json.dumps(shape.tag, ensure_ascii=False)}."
                if shape.tag is not None
                else (
                    "Untagged: exactly one variant must match."
                    if shape.exclusive
                    else "Untagged: the first variant that matches wins."
                )
            )
    elif isinstance(shape, ir.Alias):
        parts += _limits_doc(shape.type)
    if names.get("redact"):
        parts.append(
            f"Carries secrets: log {names['redact']}(value), a copy in which every secret\n"
            f"reads {REDACTED_MARKER!r}."
        )
    parts += list(shape.notes)
    return "\n\n".join(parts)


def _associated_names(ns: _Namespace, shape: ir.Shape) -> dict[str, Code]:
    """The names a shape's files declare besides its type (from the naming stage): `parse`,
    `is`, `values` (enums), `unknown` / `known` / `guard` (open unions), `redact` (shapes
    that can carry a secret)."""
    get = lambda key: ts_ident(ns.names.associated(key, shape.name))  # noqa: E731
    out = {"parse": get("parse"), "is": get("is")}
    if isinstance(shape, ir.Union_) and shape.tag is not None and shape.open:
        out.update(unknown=get("unknown"), known=get("known"), guard=get("is-known"))
    if shape.name in ns.secret_shapes:
        out["redact"] = get("redact")
    if isinstance(shape, ir.Enum):
        out["values"] = get("values")
    if isinstance(shape, ir.Object) and any(f.default is not None for f in shape.fields):
        out["defaults"] = get("defaults")
    return out


def _object(ns: _Namespace, shape: ir.Object, entry: _Shape) -> None:
    name, extra = entry.name, entry.names
    entry.kind = "object"
    for f in shape.fields:
        optional = not isinstance(f.presence, ir.Required)
        flags = [verbatim("$rt.REQUIRED")] if not optional else []
        if f.nullable:
            flags.append(verbatim("$rt.NULLABLE"))
        texpr = ns.type(f.type)
        entry.fields.append(
            {
                "wire": f.wire_name,
                "optional": optional,
                "type": (texpr.or_null() if f.nullable else texpr).text,
                "doc": _field_doc(
                    f,
                    extra.get("redact", ""),
                    ns.decided.default(shape.name, f.wire_name),
                    extra.get("defaults", ""),
                ),
                "checker": ns.checker(f.type, secret=f.secret),
                "flags": join(" | ", flags) or verbatim("0"),
            }
        )
    offered = [
        (f, d) for f in shape.fields if (d := ns.decided.default(shape.name, f.wire_name)) is not None and d.offered
    ]
    if offered:
        entry.defaults = [
            (
                ts_prop(f.wire_name) if f.wire_name != "__proto__" else TS("[{key}]", key=f.wire_name),
                ts_literal(d.value),
            )
            for f, d in offered
        ]
        keys = [ts_str(f.wire_name) for f, _ in offered]
        one_line = TS("Readonly<Required<Pick<{name}, {keys}>>>", name=name, keys=join(" | ", keys))
        if len(f"export const {extra['defaults']}: {one_line} = {{") <= 100:
            entry.defaults_type = one_line
        else:
            key_lines = join("", (TS("      | {key}\n", key=k) for k in keys))
            entry.defaults_type = TS(
                "Readonly<\n  Required<\n    Pick<\n      {name},\n{keys}    >\n  >\n>", name=name, keys=key_lines
            )
    if "redact" in extra:
        redactors = [
            (f.wire_name, verbatim("$rt.redactSecret") if f.secret else ns.redactor(f.type))
            for f in shape.fields
            if f.secret or ns.carries_secret(f.type)
        ]
        entry.redactor = _call(
            verbatim("$rt.redactObject"), [TS("[{wire}, {redactor}]", wire=w, redactor=r) for w, r in redactors]
        )


def _enum(ns: _Namespace, shape: ir.Enum, entry: _Shape) -> None:
    entry.kind = "enum"
    entry.values = [ts_literal(v) for v in shape.values]
    entry.values_const = entry.names["values"]
    open_member = [verbatim("(string & {})")] if shape.open else []
    entry.expr_block = _block(f"export type {entry.name} =", open_member + entry.values, " |")
    entry.values_block = _block(f"export const {entry.values_const} =", entry.values, ",", brackets=True)


def _union(ns: _Namespace, shape: ir.Union_, entry: _Shape) -> None:
    name, extra = entry.name, entry.names
    entry.kind = "union"
    members = [ns.type(v.type).text for v in shape.variants]
    if "unknown" in extra:  # the naming stage names the catch-all of an open tagged union
        entry.unknown_name = extra["unknown"]
        entry.known_name = extra["known"]
        entry.guard_name = extra["guard"]
        entry.known_block = _block(f"export type {entry.known_name} =", members or [verbatim("never")], " |")
        entry.expr_block = _block(f"export type {name} =", [entry.known_name, entry.unknown_name], " |")
        entry.unknown_members = unknown_variant(shape)
    else:
        entry.expr_block = _block(f"export type {name} =", members or [verbatim("never")], " |")
    how = ns.decided.dispatch(shape.name)
    entry.dispatch = how
    if isinstance(how, ByTag):
        entry.tags = [(ts_str(value), ns.checker(shape.variants[i].type)) for value, i in how.cases]
        if how.default is not None:  # the tag may be absent: the variant a value without it is
            entry.absent = ts_str(shape.variants[how.default].tag_value or "")
    elif isinstance(how, ByJsonType):
        entry.by_type = [(ts_str(jt), ns.checker(shape.variants[i].type)) for jt, i in how.cases]
    else:
        entry.variants = [ns.checker(v.type) for v in shape.variants]
    if "redact" in extra:
        if shape.tag is not None:
            absent = [ts_str(shape.default_tag)] if shape.default_tag is not None else []
            pairs = [
                TS("[{tag}, {redactor}]", tag=str(v.tag_value), redactor=ns.redactor(v.type)) for v in shape.variants
            ]
            entry.redactor = _call(
                verbatim("$rt.redactTaggedOr" if absent else "$rt.redactTagged"), [ts_str(shape.tag), *absent, *pairs]
            )
        else:
            pairs = [
                TS("[{check}, {redactor}]", check=ns.checker(v.type), redactor=ns.redactor(v.type))
                for v in shape.variants
            ]
            entry.redactor = _call(verbatim("$rt.redactUnion"), pairs)


def _alias(ns: _Namespace, shape: ir.Alias, entry: _Shape) -> None:
    entry.kind = "alias"
    texpr = ns.type(shape.type)
    entry.expr_block = TS(" {type}", type=(texpr.or_null() if shape.nullable else texpr).text)
    entry.check_body = ns.checker(ir.Nullable(shape.type) if shape.nullable else shape.type)
    if "redact" in entry.names:
        entry.redactor = ns.redactor(shape.type)


def _shapes(ns: _Namespace) -> list[_Shape]:
    return [_plan(ns, shape) for shape in ns.ns.shapes]


def _plan(ns: _Namespace, shape: ir.Shape) -> _Shape:
    name = ns.type_name(shape.name)
    extra = _associated_names(ns, shape)
    entry = _Shape(kind="", name=name, doc=_shape_doc(shape, extra), shape=shape, names=extra)
    match shape:
        case ir.Object():
            _object(ns, shape, entry)
        case ir.Enum():
            _enum(ns, shape, entry)
        case ir.Union_():
            _union(ns, shape, entry)
        case ir.Alias():
            _alias(ns, shape, entry)
        case _:
            assert_never(shape)
    if "redact" in extra:
        plain = all(_string_leaved(f.type) for f in _secret_fields(ns, shape.name))
        entry.redacted_type = name if plain else TS("$rt.Redacted<{name}>", name=name)
        parts = {"function": extra["redact"], "name": name, "result": entry.redacted_type}
        # `export function redactX(value: X): Y {` on one line when it fits in 100 columns
        signature = TS("export function {function}(value: {name}): {result} {{", **parts)
        if len(signature) > 100:
            signature = TS("export function {function}(\n  value: {name},\n): {result} {{", **parts)
        entry.redact_signature = signature
    return entry


def _call(function: Code, args: list[Code], indent: int = 40) -> Code:
    """A call on one line when it fits in 100 columns (after a declaration of about `indent`
    columns), else one argument per line, as prettier writes it."""
    one_line = TS("{function}({args})", function=function, args=join(", ", args))
    if indent + len(one_line) <= 100:
        return one_line
    return TS("{function}(\n{args})", function=function, args=join("", (TS("  {arg},\n", arg=a) for a in args)))


def _secret_fields(ns: _Namespace, start: str) -> list[ir.Field]:
    """Every secret field a value of the shape `start` can hold, at any depth."""
    seen, todo, out = {start}, [start], []
    while todo:
        shape = ns.by_name[todo.pop()]
        if isinstance(shape, ir.Object):
            out += [f for f in shape.fields if f.secret]
        for r in ir.shape_refs(shape):
            if r not in seen and r in ns.secret_shapes:
                seen.add(r)
                todo.append(r)
    return out


def _block(prefix: str, members: list[Code], sep: str, brackets: bool = False) -> Code:
    """`members` joined by `sep` on one line after `prefix` when that fits in 100 columns, else
    one member per line (a leading `|` for unions, a trailing `,` for arrays)."""
    one_line = join(sep + " ", members)
    if brackets:
        one_line = TS("[{members}]", members=one_line)
    if len(prefix) + 1 + len(one_line) + len(" as const;") <= 100:
        return TS(" {members}", members=one_line)
    if brackets:
        return TS(" [\n{members}]", members=join("", (TS("  {m},\n", m=m) for m in members)))
    return join("", (TS("\n  | {m}", m=m) for m in members))


def _folder_case(namespace: str) -> str:
    """The folder of a namespace under src/ (RULES.module_case)."""
    return snake_case(namespace) or "namespace"


def _export_name(namespace: str) -> str:
    """What src/index.ts exports a namespace as: `export * as <name>`."""
    name = camel_case(namespace) or "namespace"
    if name[0].isdigit():
        name = "ns" + pascal_case(namespace)
    return name + "_" if name in KEYWORDS or name in RUNTIME_EXPORTS else name


def export_names(namespaces: list[str]) -> dict[str, str]:
    """The export name of each namespace (the rule RULES.refine decides it by), for the
    conformance driver, which knows the namespaces' names only."""
    return {ns: _export_name(ns) for ns in namespaces}


def render_namespace(
    ns_ir: ir.Namespace, decided: DecidedNamespace | None = None, structure: tuple[Any, ...] = ()
) -> dict[str, str]:
    """One namespace's folder. With `structure` (what the model is besides its prose, and where
    `ns_ir` is in it: `render_memo.structure_digest`), each shape's part of types.ts and of
    parse.ts is a unit reused whole, plan and print, when the structure and the shape's own prose
    are those of the last run (a shape's plan prints no other shape's prose: descriptions are read
    in `_field_doc` and `_shape_doc`, from the shape itself). What the files read from every plan
    (the hoisted checkers and redactors, numbered in the order the plans, made in order, first
    use them; the type, value and parser names) is a unit of its own, keyed by the structure
    alone: when it is reused, the tables are those a cold run builds, and a plan made again finds
    every hoisted check it uses already named; when it is not, every plan is made, in order."""
    ns = _Namespace(ns_ir, decided)
    env = code_env()
    type_text = env.get_template("shape_types.ts.j2").module.text  # type: ignore[attr-defined]
    parse_text = env.get_template("shape_parse.ts.j2").module.text  # type: ignore[attr-defined]

    def printed(plan: _Shape) -> tuple[Code, Code]:
        return type_text(plan), parse_text(plan, REDACTED_MARKER)

    def made(shape: ir.Shape) -> tuple[Code, Code]:
        return printed(_plan(ns, shape))

    cold: list[tuple[Code, Code]] = []  # every shape's texts, when the tables were made afresh

    def tables() -> tuple[Any, ...]:
        shapes = _shapes(ns)
        cold.extend(printed(plan) for plan in shapes)
        return _tables(ns, shapes)

    if structure:
        summary = unit("typescript.namespace", structure, tables)
        if not cold:  # reused: the hoisted tables as the cold run that made them left them
            ns.hoisted, ns.hoisted_redactors = _from_tables(summary)[:2]
            named = len(ns.hoisted), len(ns.hoisted_redactors)
        texts = [
            unit(
                "typescript.shape",
                (*structure, index, own_prose(shape)),
                functools.partial(tuple, cold[index]) if cold else functools.partial(made, shape),
            )
            for index, shape in enumerate(ns_ir.shapes)
        ]
        if not cold and (len(ns.hoisted), len(ns.hoisted_redactors)) != named:
            # a plan named a check the stored tables did not have: made afresh, as without a memo
            return render_namespace(ns_ir, decided)
    else:
        summary = tables()
        texts = cold
    hoisted, hoisted_redactors, type_names, value_names, parsers, runtime_types = _from_tables(summary)
    folder = ns.names.module
    return {
        f"src/{folder}/types.ts": str(
            env.get_template("types.ts.j2").render(
                namespace=ns_ir, shapes=[t for t, _ in texts], runtime_types=runtime_types
            )
        ),
        f"src/{folder}/parse.ts": str(
            env.get_template("parse.ts.j2").render(
                namespace=ns_ir,
                shapes=[p for _, p in texts],
                hoisted=list(hoisted.items()),
                redacted=REDACTED_MARKER,
                hoisted_redactors=list(hoisted_redactors.items()),
                type_names=sorted(type_names),
                value_names=sorted(value_names),
                parsers=parsers,
            )
        ),
        f"src/{folder}/index.ts": str(env.get_template("namespace_index.ts.j2").render(namespace=ns_ir)),
    }


def _tables(ns: _Namespace, shapes: list[_Shape]) -> tuple[Any, ...]:
    """What a namespace's files read from all its plans, as one tuple of texts (a unit's value):
    the sizes of the parts, then the hoisted checks and redactors (expression, name), the type
    names, the enum value consts, the parsers (shape, function) and whether a type is `$rt.Unknown`."""
    type_names = [s.name for s in shapes] + [s.known_name for s in shapes if s.known_name]
    value_names = [s.values_const for s in shapes if s.kind == "enum"]
    parsers = [(ns.ns.shapes[i].name, s.names["parse"]) for i, s in enumerate(shapes)]
    runtime_types = "unknown" if any(s.unknown_members for s in shapes) else ""
    parts = (
        [text for pair in ns.hoisted.items() for text in pair],
        [text for pair in ns.hoisted_redactors.items() for text in pair],
        type_names,
        value_names,
        [text for pair in parsers for text in pair],
    )
    return (runtime_types, *(str(len(part)) for part in parts), *(text for part in parts for text in part))


def _from_tables(summary: tuple[Any, ...]) -> tuple[Any, ...]:
    """The tables of `_tables`: hoisted checks and redactors (dicts), type names, value names,
    parsers (pairs) and whether a type is `$rt.Unknown`."""
    sizes = [int(n) for n in summary[1:6]]
    parts, at = [], 6
    for size in sizes:
        parts.append(list(summary[at : at + size]))
        at += size
    checks, redactors, type_names, value_names, parsers = parts
    pairs = [dict(zip(part[0::2], part[1::2])) for part in (checks, redactors)]
    return (*pairs, type_names, value_names, list(zip(parsers[0::2], parsers[1::2])), bool(summary[0]))


_CODE_ENV: jinja2.Environment | None = None


def code_env() -> jinja2.Environment:
    """The environment of the TypeScript code templates: `{{ }}` prints only Code
    (`generator.code`); the manifests (package.json, tsconfig.json) keep the plain one."""
    global _CODE_ENV
    if _CODE_ENV is None:
        _CODE_ENV = code_environment("typescript", FILTERS)
    return _CODE_ENV


@dataclass(frozen=True)
class _NamespaceFiles:
    folder: str  # src/<folder>/
    export: str  # export * as <export> from './<folder>/index.js'
    ir: ir.Namespace


def render(inp: RenderInput) -> dict[str, str]:
    options = inp.target_options("typescript")
    package = str(options.get("package", "realtime-shapes"))
    version = inp.package_version("typescript")
    env = environment("typescript", FILTERS)
    namespaces = [
        _NamespaceFiles(names.module, names.associated(EXPORT, ""), ns)
        for ns, names in ((ns, inp.decisions(ns).names_with(RULES)) for ns in inp.model.namespaces)
    ]
    for attr in ("folder", "export"):
        seen: dict[str, str] = {}
        for n in namespaces:
            value = getattr(n, attr)
            if value in seen:
                raise ShapegenError(
                    f"namespaces {seen[value]!r} and {n.ir.name!r} would share the TypeScript {attr} name {value!r}",
                    hint="rename one of them",
                )
            seen[value] = n.ir.name
    files = {
        "package.json": env.get_template("package.json.j2").render(
            package=package,
            version=version,
            namespaces=namespaces,
            typescript_version=TYPESCRIPT_VERSION,
            project=identity(inp.options, inp.bundles, inp.licenses),
        ),
        "tsconfig.json": env.get_template("tsconfig.json.j2").render(),
        "src/runtime.ts": RUNTIME.read_text(encoding="utf-8"),
        "src/index.ts": str(code_env().get_template("index.ts.j2").render(namespaces=namespaces)),
    }
    structure = structure_digest(inp.model) if memo_active() else b""
    for index, ns in enumerate(inp.model.namespaces):
        files.update(render_namespace(ns, inp.decisions(ns), (structure, index) if structure else ()))
    return files


def _owns(rel: str) -> bool:
    return rel in ("package.json", "tsconfig.json") or (rel.startswith("src/") and rel.endswith(".ts"))


# the templates emit formatted text (prettier's layout at 100 columns, single quotes); no formatter runs
TARGET = SimpleTarget(name="typescript", out_dir="typescript", render_fn=render, owns_fn=_owns, formatter="none")
