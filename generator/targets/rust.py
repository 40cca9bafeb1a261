"""The `rust` target: a crate `realtime_shapes` of serde types, one module per namespace.

Wire semantics in serde terms:
- Required -> `T`; Required + nullable -> `Option<T>` decoded by `runtime::nullable`, so a
  missing property is an error and `null` is kept;
- Optional -> `Option<T>` with `default`, `skip_serializing_if = "Option::is_none"` and decoded
  by `runtime::some`, so an explicit `null` is an error (not silently read as absent);
- Optional + nullable -> `runtime::Nullable<T>` (Absent / Null / Value): absent is never written,
  an explicit `null` survives a round trip; serialisation writes exactly what was set;
- Default(v) -> like Optional (presence kept on the wire) plus an accessor `<field>_or_default()`
  printing the layer's default decision (`generator.layer.defaults`);
- a string-constant field has a single-variant enum of its own (`ServerVadType`), so it cannot
  hold another value;
- every struct is `#[non_exhaustive]`, built with `new(<required fields>)` (and `Default` where
  no field must be given), so a later optional field does not break code that builds values;
- every object keeps the properties it does not define in a flattened `unknown_fields` map:
  open objects keep them (they survive a round trip); a closed object fails to read with one
  (`runtime::closed`, as every language rejects it while reading), and `validate()` reports any
  added in code with a JSON pointer each;
- a struct of more than `WIDE_SERDE` fields has the same wire format, from a written-out
  `Serialize` and `Deserialize` (`runtime::Slots`) in functions of a bounded number of fields;
- a field marked `x-shapegen-secret` prints as `<redacted>` in a written-out `Debug`;
- tagged unions -> internally tagged enums (`#[serde(tag = "...")]`) when every variant struct is
  used only inside such unions (the struct then leaves the tag to the enum); otherwise a
  hand-written dispatch on the tag, the variant structs keeping the tag as a constant type;
  open (response) unions keep an unknown tag's object in `Unknown(runtime::Json)`;
- other unions (`"inf" | integer`, `"auto" | {...}`) -> enums with hand-written Serialize and
  Deserialize that try the constants first, then each variant in schema order;
- open enums -> a unit variant per known value and `Other(String)` that keeps any other string;
- integers are i64 and numbers f64 (a bound beyond i64 is compared as f64); `runtime::from_str`
  reads `600.0` as the integer 600, as JSON Schema does;
- patterns are checked by the `regress` crate (ECMA-262, `u` flag), from `Pattern.regress()`;
- recursion through plain fields or union variants is broken with `Box`.

Names: a module imports only `crate::runtime`; serde, the standard library and the runtime are
reached through qualified paths (`::serde::Serialize`, `runtime::Map<T>`), so no shape or value
name can change what the code means; only the prelude's names are reserved.

Generated text is already rustfmt-formatted: the few layout rules rustfmt applies to what these
templates print (call and attribute argument widths, long field types, signatures, long match
arms) are reproduced here, and tests run `rustfmt --check` on every generated crate.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, assert_never

from pathlib import Path

from generator import ir
from generator.code import per_character
from generator.errors import ShapegenError
from generator.decide import DecidedNamespace, decide_namespace
from generator.layer import defaults, facts
from generator.layer.unions import InOrder
from generator.layer.patterns import Pattern
from generator.render_memo import memo_active, own_prose, structure_digest, structured_unit
from generator.rules import Associated, LanguageRules, Names, pascal_case, snake_case
from generator.targets.base import RenderInput, SimpleTarget, SourceTraits
from generator.packaging.rust import KEYWORDS, PACKAGE_NAME
from generator.identity import identity
from generator.templating import TEMPLATES_ROOT, environment

CRATE = "realtime_shapes"
I64_MIN, I64_MAX = -(2**63), 2**63 - 1
# past this many fields, PartialEq and Debug are written out as one statement per field: derived,
# each is a single expression over every field, which overflows rustc's stack at 10,000 fields
WIDE_STRUCT = 64
# past this many fields, Serialize, Deserialize and validate() are written out, their work split
# into functions of at most SLOTS_CHUNK fields each (`runtime::Slots`): derived, serde reads a
# struct in one function with a local per field: `cargo check` of a struct of 2,000 integer fields
# took 13 s of CPU, of 10,000 fields 95 s; written out, 4 s and about 35 s.
# No schema of the repository comes near the threshold, so what every shape below it prints is
# unchanged.
WIDE_SERDE = 256
SLOTS_CHUNK = 128
TEMPLATES = TEMPLATES_ROOT / "rust"
# the crate's runtime module: a real source file, tested on its own (tests/rust/test_runtime.py)
RUNTIME = TEMPLATES / "runtime.rs"
# the conformance driver's Cargo.toml and main.rs templates and its Cargo.lock
DRIVER_TEMPLATES = TEMPLATES / "driver"
MAX_WIDTH = 100
FN_CALL_WIDTH = 60
ATTR_FN_LIKE_WIDTH = 70

# keywords that cannot be raw identifiers
NOT_RAW = frozenset({"self", "Self", "super", "crate", "_"})
# names the generated modules use unqualified, and the prelude
# the prelude's names, which the generated modules use unqualified; everything else they use is
# reached through a path no shape can take (`::serde::Serialize`, `::std::collections::BTreeMap`,
# `runtime::Nullable`), so a shape or value named `Serialize` or `BTreeMap` changes nothing
RESERVED_TYPES = frozenset("""
    Option Some None Result Ok Err String Vec Box Default Clone Copy Debug PartialEq Eq Hash Send
    Sync Sized From Into Iterator IntoIterator ToString ToOwned Drop Fn FnMut FnOnce AsRef AsMut
    Extend Ord PartialOrd Unpin
""".split())
UNKNOWN_FIELDS = "unknown_fields"
RESERVED_FIELDS = frozenset({UNKNOWN_FIELDS})
RESERVED_MODULES = frozenset({"runtime", "serde", "serde_json", "std", "core", "alloc"})


def _dodge(name: str) -> str:
    if name in KEYWORDS and name not in NOT_RAW and name[:1].islower():
        return "r#" + name
    return name + "_" if name[:1].islower() else name + "Value"


RULES = LanguageRules(
    language="Rust",
    type_case=pascal_case,
    field_case=snake_case,
    member_case=pascal_case,
    keywords=KEYWORDS,
    reserved_fields=RESERVED_FIELDS,
    reserved_types=RESERVED_TYPES,
    dodge=_dodge,
    associated=(
        # the variant of an open enum that keeps any other string
        Associated("other", "open-enum", "members", ("Other", "Unknown", "OtherValue", "UnknownValue")),
        # the variant of an open (response) tagged union that keeps an unknown tag's object
        Associated("unknown", "open-union", "members", ("Unknown", "UnknownVariant", "UnknownValue")),
        # `temperature_or_default()`: the value, or the schema's default when absent
        Associated(
            "or_default",
            "default-field",
            "members",
            (
                lambda type_, shape, field_: field_.removeprefix("r#") + "_or_default",
                lambda type_, shape, field_: field_.removeprefix("r#") + "_or_default_value",
            ),
        ),
    ),
    refine=lambda ns, names: _refine(ns, names),
    # the namespace's module name
    module_case=lambda namespace: _module_case(namespace),
)

# what `shapegen breaking` needs to know of the printed source: variants by name (`Tool::Function`),
# and a `match` names every enum value and variant (an open enum's `Other` too)
SOURCE_TRAITS = SourceTraits(named_variants=True, exhaustive_closed_enums=True, exhaustive_open_enums=True)


# ---------------------------------------------------------------- the quoting layer

# characters that must never appear raw in generated source: rustc denies bidirectional
# controls in comments and literals, and a bare CR ends nothing but is an error in doc comments
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _unsafe_char(c: str) -> bool:
    return c in _BIDI or (ord(c) < 0x20 and c not in "\t\n") or ord(c) == 0x7F or c in "\u2028\u2029\ufeff"


def _invisible(c: str) -> bool:
    """Characters clippy's `invisible_characters` denies in literals, and every other format,
    separator, private-use or unassigned code point: written as `\\u{..}` so a reader sees them."""
    return unicodedata.category(c) in ("Cf", "Zl", "Zp", "Co", "Cn", "Cs")


def _rs_char(c: str) -> str:
    """One character inside a Rust string literal."""
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
    if _unsafe_char(c) or _invisible(c):
        return f"\\u{{{ord(c):x}}}"
    return c


_rs_chars = per_character(_rs_char)
_rs_doc_chars = per_character(lambda c: f"\\u{{{ord(c):x}}}" if _unsafe_char(c) else c)


def rs_str(value: Any) -> str:
    """A Rust string literal whose value is exactly `value`."""
    return '"' + _rs_chars(str(value)) + '"'


def rs_char(c: str) -> str:
    """A Rust char literal."""
    if c == "'":
        return "'\\''"
    return "'" + rs_str(c)[1:-1].replace('\\"', '"') + "'"


def rs_doc(text: str, indent: int = 0, style: str = "///") -> str:
    """Doc comment lines (`///` or `//!`) whose text is `text`: every line break starts a new
    comment line, so nothing in the text can end the comment or become code; control and
    bidirectional characters are written as `\\u{..}`; trailing spaces are dropped (rustfmt
    rejects them). Returns "" for an empty text, else lines ending in a newline."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return ""
    pad = " " * indent
    lines = []
    for line in text.split("\n"):
        line = _rs_doc_chars(line).rstrip()
        lines.append(f"{pad}{style} {line}" if line else f"{pad}{style}")
    return "\n".join(lines) + "\n"


_RS_IDENT = re.compile(r"(r#)?[A-Za-z_][A-Za-z0-9_]*")


@functools.lru_cache(maxsize=None)
def rs_ident(name: str) -> str:
    """An identifier as given by the naming pass, checked: never a way to inject code."""
    if not _RS_IDENT.fullmatch(name):
        raise ValueError(f"not a Rust identifier: {name!r}")
    return name


def rs_literal(value: Any, kind: str) -> str:
    """A Rust literal of a JSON scalar for a value of `kind` (string/integer/number/boolean)."""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        return rs_str(value)
    if kind == "integer":
        return str(int(value))
    try:
        f = float(value)
    except OverflowError:  # an integer past f64's range (a 400-digit bound)
        f = math.inf if value > 0 else -math.inf
    if math.isinf(f):
        return "f64::INFINITY" if f > 0 else "f64::NEG_INFINITY"
    if math.isnan(f):
        return "f64::NAN"
    text = repr(f)
    if "e" in text or "E" in text:
        mantissa, exp = text.lower().split("e")
        if "." not in mantissa:
            mantissa += ".0"
        return f"{mantissa}e{int(exp)}"
    return text if "." in text else text + ".0"


# ---------------------------------------------------------------- rustfmt's layout, reproduced


def call(indent: int, head: str, args: list[str], tail: str = ";") -> str:
    """`head(args)tail` at `indent`, laid out as rustfmt lays out a call: on one line when the
    arguments take at most 60 columns and the line fits in 100, else one argument per line
    (unless even that does not fit, when rustfmt leaves the call as it is)."""
    pad = " " * indent
    joined = ", ".join(args)
    one = f"{pad}{head}({joined}){tail}"
    if len(one) <= MAX_WIDTH and len(joined) <= FN_CALL_WIDTH:
        return one + "\n"
    lines = [f"{pad}{head}("] + [line for a in args for line in _argument(indent + 4, a)] + [f"{pad}){tail}"]
    if any(len(line) > MAX_WIDTH for line in lines):
        return one + "\n"
    return "\n".join(lines) + "\n"


def _argument(indent: int, text: str) -> list[str]:
    """One argument of a call laid out one per line, with its comma. An argument too long for its
    line that is a chain of one-argument calls (`Some(Union::Case(Enum::Value))`) is broken as
    rustfmt overflows a last argument: the calls' heads on the first line, the innermost value on
    the next, the closing brackets after it."""
    pad = " " * indent
    if len(pad) + len(text) + 1 <= MAX_WIDTH:
        return [f"{pad}{text},"]
    heads: list[str] = []
    rest = text
    while (m := re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)\((.*)\)", rest)) and _one_argument(
        m.group(2)
    ):
        heads.append(m.group(1))
        rest = m.group(2)
    if not heads:
        return [f"{pad}{text},"]
    return [f"{pad}{'('.join(heads)}(", f"{pad}    {rest},", f"{pad}{')' * len(heads)},"]


def _one_argument(text: str) -> bool:
    """Whether `text` is one expression: no comma outside brackets or string literals."""
    depth, quoted = 0, False
    for i, c in enumerate(text):
        if quoted:
            quoted = not (c == '"' and text[i - 1] != "\\")
        elif c == '"':
            quoted = True
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            return False
    return depth == 0


def attr(indent: int, name: str, args: list[str]) -> str:
    """`#[name(args)]`, laid out as rustfmt lays out attributes."""
    pad = " " * indent
    joined = ", ".join(args)
    one = f"{pad}#[{name}({joined})]"
    if len(one) <= MAX_WIDTH and len(joined) <= ATTR_FN_LIKE_WIDTH:
        return one + "\n"
    inner = " " * (indent + 4)
    return (
        "\n".join([f"{pad}#[{name}("] + [f"{inner}{a}," for a in args[:-1]] + [f"{inner}{args[-1]}", f"{pad})]"]) + "\n"
    )


def signature(indent: int, head: str, params: list[str], tail: str) -> str:
    """`head(params)tail` as rustfmt lays out a function signature: on one line when it fits in
    100 columns, else one parameter per line."""
    pad = " " * indent
    one = f"{pad}{head}({', '.join(params)}){tail}"
    if len(one) <= MAX_WIDTH:
        return one + "\n"
    inner = " " * (indent + 4)
    return "\n".join([f"{pad}{head}("] + [f"{inner}{p}," for p in params] + [f"{pad}){tail}"]) + "\n"


def derive(traits: list[str]) -> str:
    """`#[derive(..)]`: rustfmt keeps a derive list on one line (every list printed here fits)."""
    return f"#[derive({', '.join(traits)})]\n"


def arm(indent: int, pattern: str, expr: str) -> str:
    """`pattern => expr,` as rustfmt lays out a match arm whose body is an expression."""
    pad = " " * indent
    one = f"{pad}{pattern} => {expr}" + ("" if expr == "{}" else ",")
    if len(one) <= MAX_WIDTH or expr == "{}":
        return one + "\n"
    block = [f"{pad}{pattern} => {{", f"{pad}    {expr}", f"{pad}}}"]
    if any(len(line) > MAX_WIDTH for line in block):
        return one + "\n"
    return "\n".join(block) + "\n"


def static(indent: int, name: str, type_: str, head: str, args: list[str]) -> str:
    """`static name: type_ = head(args);` as rustfmt lays it out: on one line when it fits, else
    broken after `=` with the call on the next line (which rustfmt does not break further for the
    string argument used here)."""
    pad = " " * indent
    one = call(indent, f"static {name}: {type_} = {head}", args)
    if "\n" not in one.rstrip("\n"):
        return one
    rhs = " " * (indent + 4) + f"{head}({', '.join(args)});\n"
    if len(rhs) - 1 <= MAX_WIDTH:
        return f"{pad}static {name}: {type_} =\n" + rhs
    return f"{pad}static {name}: {type_} = {head}({', '.join(args)});\n"


def _type_args(type_: str) -> tuple[str, list[str]] | None:
    """`Head<A, B>` -> ("Head", ["A", "B"]); None for a type without generic arguments."""
    if not type_.endswith(">") or "<" not in type_:
        return None
    head, inner = type_[: type_.index("<")], type_[type_.index("<") + 1 : -1]
    args, depth, start = [], 0, 0
    for i, c in enumerate(inner):
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
        elif c == "," and depth == 0:
            args.append(inner[start:i].strip())
            start = i + 1
    args.append(inner[start:].strip())
    return head, args


def _broken_type(indent: int, lead: str, type_: str, tail: str) -> list[str]:
    """`lead + type_ + tail` at `indent`, its generic arguments one per line when too long."""
    pad = " " * indent
    one = f"{pad}{lead}{type_}{tail}"
    split = _type_args(type_)
    if len(one) <= MAX_WIDTH or split is None:
        return [one]
    head, args = split
    lines = [f"{pad}{lead}{head}<"]
    for arg in args:
        lines.extend(_broken_type(indent + 4, "", arg, ","))
    lines.append(f"{pad}>{tail}")
    return lines


def tuple_struct(name: str, type_: str) -> str:
    """`pub struct name(pub type_);` as rustfmt lays it out."""
    one = f"pub struct {name}(pub {type_});"
    if len(one) <= MAX_WIDTH:
        return one
    return "\n".join([f"pub struct {name}("] + _broken_type(4, "pub ", type_, ",") + [");"])


def field_decl(indent: int, name: str, type_: str) -> str:
    """`pub name: type_,` as rustfmt lays out a struct field: on one line, else the type on the
    next line, else the type's generic arguments one per line."""
    pad = " " * indent
    one = f"{pad}pub {name}: {type_},"
    if len(one) <= MAX_WIDTH:
        return one + "\n"
    if len(f"{pad}    {type_},") <= MAX_WIDTH:
        return f"{pad}pub {name}:\n{pad}    {type_},\n"
    return "\n".join(_broken_type(indent, f"pub {name}: ", type_, ",")) + "\n"


# ---------------------------------------------------------------- the namespace model


@dataclass
class _Context:
    decided: DecidedNamespace
    ns: ir.Namespace
    names: Names
    shapes: dict[str, ir.Shape]
    boxed: set[tuple[str, str]]  # (from shape, to shape) edges that need a Box
    omit_tag: dict[str, str]  # object -> tag property left to its internally tagged union(s)
    internally_tagged: set[str]  # unions rendered with #[serde(tag = ...)]
    # (object, wire name) -> the single-value enum that is the type of a string-constant field
    constants: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def _tag_plan(ns: ir.Namespace) -> tuple[dict[str, str], set[str]]:
    """Which tagged unions become serde internally tagged enums, and which objects then leave
    their tag property to the enum: an object may do so only when it is a part used nowhere
    but as a variant of unions tagged on the same property."""
    as_variant: dict[str, set[str]] = {}
    elsewhere: set[str] = set()
    for shape in ns.shapes:
        if isinstance(shape, ir.Union_) and shape.tag is not None:
            for v in shape.variants:
                if isinstance(v.type, ir.Ref):
                    as_variant.setdefault(v.type.name, set()).add(shape.tag)
                else:
                    elsewhere.update(ir.refs(v.type))
        else:
            elsewhere.update(ir.shape_refs(shape))
    omit: dict[str, str] = {}
    for name, tags in as_variant.items():
        target = ns.shape(name)
        if (
            len(tags) == 1
            and name not in elsewhere
            and isinstance(target, ir.Object)
            and target.role == "part"
            and any(
                f.wire_name in tags and f.required and not f.nullable and isinstance(f.type, ir.Literal)
                for f in target.fields
            )
        ):
            omit[name] = next(iter(tags))
    internally = {
        s.name
        for s in ns.shapes
        if isinstance(s, ir.Union_)
        and s.tag is not None
        and not s.open
        and all(isinstance(v.type, ir.Ref) and omit.get(v.type.name) == s.tag for v in s.variants)
    }
    # an object whose union(s) are not all internally tagged keeps its tag
    unions_of: dict[str, list[str]] = {}
    for s in ns.shapes:
        if isinstance(s, ir.Union_):
            for name in {v.type.name for v in s.variants if isinstance(v.type, ir.Ref)}:
                unions_of.setdefault(name, []).append(s.name)
    for name in list(omit):
        if not all(u in internally for u in unions_of.get(name, ())):
            del omit[name]
    return omit, internally


# ---------------------------------------------------------------- types


def _rust_type(ctx: _Context, owner: str, t: ir.Type, direct: bool = True) -> str:
    match t:
        case ir.Primitive():
            return {"string": "String", "integer": "i64", "number": "f64", "boolean": "bool"}[t.kind]
        case ir.Literal():
            return _literal_type(t.value)
        case ir.AnyValue():
            return "runtime::Json"
        case ir.Ref():
            name = ctx.names.type(t.name)
            return f"Box<{name}>" if direct and (owner, t.name) in ctx.boxed else name
        case ir.Array():
            return f"Vec<{_rust_type(ctx, owner, t.item, False)}>"
        case ir.Map():
            return f"runtime::Map<{_rust_type(ctx, owner, t.value, False)}>"
        case ir.Nullable():
            return f"Option<{_rust_type(ctx, owner, t.inner, direct)}>"
        case _:
            assert_never(t)


def _literal_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "i64" if I64_MIN <= value <= I64_MAX else "f64"
    if isinstance(value, float):
        return "f64"
    return "String"


def _literal_kind(value: Any) -> str:
    return {"bool": "boolean", "i64": "integer", "f64": "number", "String": "string"}[_literal_type(value)]


def _needs_check(ctx: _Context, t: ir.Type) -> bool:
    match t:
        case ir.Primitive():
            c = t.constraints
            return (
                any(
                    x is not None
                    for x in (
                        c.minimum,
                        c.maximum,
                        c.exclusive_minimum,
                        c.exclusive_maximum,
                        c.multiple_of,
                        c.min_length,
                        c.max_length,
                    )
                )
                or c.pattern is not None
            )
        case ir.Literal():
            return True
        case ir.Ref():
            shape = ctx.shapes[t.name]
            return not isinstance(shape, ir.Enum)
        case ir.Array():
            c = t.constraints
            return c.min_items is not None or c.max_items is not None or c.unique_items or _needs_check(ctx, t.item)
        case ir.Map():
            c = t.constraints
            return c.min_properties is not None or c.max_properties is not None or _needs_check(ctx, t.value)
        case ir.Nullable():
            return _needs_check(ctx, t.inner)
        case ir.AnyValue():
            return False
        case _:
            assert_never(t)


def _opt(value: Any, kind: str) -> str:
    """`Some(<literal>)` or `None`: the quoting filter `rs_opt` of the templates."""
    return "None" if value is None else f"Some({rs_literal(value, kind)})"


def _check_plan(ctx: _Context, t: ir.Type) -> list[dict[str, Any]]:
    """What `validate()` checks of a value of type `t`, as data for the `checks` macro
    (templates/rust/checks.rs.j2), which prints each step: the decisions are made here."""
    plan: list[dict[str, Any]] = []
    match t:
        case ir.Primitive():
            c = t.constraints
            if t.kind == "string":
                if c.min_length is not None or c.max_length is not None:
                    plan.append({"kind": "length", "min": c.min_length, "max": c.max_length})
                if c.pattern is not None:
                    source = c.pattern.regress() if isinstance(c.pattern, Pattern) else c.pattern
                    plan.append({"kind": "pattern", "source": source})
            elif t.kind in ("integer", "number"):
                bounds = [c.minimum, c.maximum, c.exclusive_minimum, c.exclusive_maximum]
                # an i64 is compared with integer bounds as an i64; with a bound that is not an integer,
                # or one beyond i64 (the vendor spec's ±9223372036854776000), as an f64, which holds
                # every i64 and those bounds (the field's doc says so)
                kind = (
                    "integer"
                    if t.kind == "integer"
                    and all(b is None or (float(b).is_integer() and I64_MIN <= b <= I64_MAX) for b in bounds)
                    else "number"
                )
                as_f64 = kind != t.kind
                if any(b is not None for b in bounds):
                    plan.append({"kind": "range", "as_f64": as_f64, "bounds": bounds, "bound_kind": kind})
                if c.multiple_of is not None:
                    if t.kind == "integer" and float(c.multiple_of).is_integer() and 0 < c.multiple_of <= I64_MAX:
                        plan.append({"kind": "multiple_of_int", "divisor": c.multiple_of})
                    else:
                        plan.append({"kind": "multiple_of", "as_f64": t.kind == "integer", "divisor": c.multiple_of})
        case ir.Literal():
            plan.append({"kind": "constant", "value": t.value, "value_kind": _literal_kind(t.value)})
        case ir.Ref():
            if _needs_check(ctx, t):
                plan.append({"kind": "nested"})
        case ir.Array() | ir.Map():
            c = t.constraints
            lo, hi = (c.min_items, c.max_items) if isinstance(t, ir.Array) else (c.min_properties, c.max_properties)
            if lo is not None or hi is not None:
                plan.append(
                    {
                        "kind": "count",
                        "min": lo,
                        "max": hi,
                        "what": "items" if isinstance(t, ir.Array) else "properties",
                    }
                )
            if isinstance(t, ir.Array) and c.unique_items:
                plan.append({"kind": "unique"})
            inner = t.item if isinstance(t, ir.Array) else t.value
            if _needs_check(ctx, inner):
                plan.append(
                    {"kind": "each_item" if isinstance(t, ir.Array) else "each_value", "plan": _check_plan(ctx, inner)}
                )
        case ir.Nullable():
            if _needs_check(ctx, t.inner):
                plan.append({"kind": "if_some", "plan": _check_plan(ctx, t.inner)})
        case ir.AnyValue():
            pass
        case _:
            assert_never(t)
    return plan


# ---------------------------------------------------------------- shapes


def _carrier_expr(ctx: _Context, t: ir.Type, carrier: defaults.Carrier) -> str | None:
    """A Rust expression of type `t` for a default carried by `carrier`, or None when Rust has no
    literal for it (an integer outside i64; then the accessor is left out, with a doc note)."""
    if isinstance(t, ir.Nullable):
        t = t.inner
    if isinstance(carrier, defaults.Scalar):
        if carrier.kind == "integer" and not I64_MIN <= carrier.value <= I64_MAX:
            return None
        if carrier.kind == "string":
            return f"{rs_str(carrier.value)}.to_string()"
        return rs_literal(carrier.value, carrier.kind)
    if isinstance(carrier, defaults.Constant):
        kind = _literal_kind(carrier.value)
        if kind == "integer" and not I64_MIN <= carrier.value <= I64_MAX:
            return None
        return f"{rs_str(carrier.value)}.to_string()" if kind == "string" else rs_literal(carrier.value, kind)
    if isinstance(carrier, defaults.Member):
        enum = ctx.names.type(carrier.enum)
        if carrier.listed:
            return f"{enum}::{ctx.names.member(carrier.enum, carrier.value)}"
        return f"{enum}::from({rs_str(carrier.value)})"
    if isinstance(carrier, defaults.Case):
        union = ctx.shapes[carrier.union]
        assert isinstance(union, ir.Union_)
        variant = f"{ctx.names.type(carrier.union)}::{ctx.names.variant(carrier.union, carrier.index)}"
        vtype = union.variants[carrier.index].type
        if isinstance(vtype, ir.Literal):
            return variant
        inner = _carrier_expr(ctx, vtype, carrier.carrier)
        return None if inner is None else f"{variant}({inner})"
    return None


def _accessor(
    ctx: _Context, owner: str, f: ir.Field, name: str, rtype: str, const: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """`<field>_or_default()`, printing the layer's default decision (`generator.layer.defaults`):
    the field's value, or the schema's default when it is absent."""
    decision = ctx.decided.default(owner, f.wire_name)
    if decision is None or not decision.offered:
        return None
    method = ctx.names.associated("or_default", owner, f.wire_name)
    carrier = decision.carrier
    is_str = isinstance(carrier, (defaults.Scalar, defaults.Constant)) and isinstance(decision.value, str)
    if isinstance(carrier, defaults.Null):
        returns = "Option<&str>" if _is_string(f.type) else f"Option<{rtype}>"
        helper = "runtime::nullable_or_str" if _is_string(f.type) else "runtime::nullable_or"
        return {"name": method, "returns": returns, "helper": helper, "arg": "None", "field": name}
    if const is not None:
        expr: str | None = f"{const['name']}::{const['variant']}"
    elif is_str:
        helper = "runtime::nullable_or_str" if f.nullable else "runtime::or_str"
        value = rs_str(decision.value)
        arg = f"Some({value})" if f.nullable else value
        return {
            "name": method,
            "returns": "Option<&str>" if f.nullable else "&str",
            "helper": helper,
            "arg": arg,
            "field": name,
        }
    elif isinstance(carrier, defaults.Json):
        helper = "runtime::nullable_or_json" if f.nullable else "runtime::or_json"
        text = rs_str(json.dumps(decision.value, ensure_ascii=False, sort_keys=True))
        return {
            "name": method,
            "returns": f"Option<{rtype}>" if f.nullable else rtype,
            "helper": helper,
            "arg": text,
            "field": name,
        }
    else:
        expr = _carrier_expr(ctx, f.type, carrier)
    if expr is None:
        return None
    helper = "runtime::nullable_or" if f.nullable else "runtime::or"
    arg = f"Some({expr})" if f.nullable else expr
    return {
        "name": method,
        "returns": f"Option<{rtype}>" if f.nullable else rtype,
        "helper": helper,
        "arg": arg,
        "field": name,
    }


def _is_string(t: ir.Type) -> bool:
    return (isinstance(t, ir.Primitive) and t.kind == "string") or (
        isinstance(t, ir.Literal) and isinstance(t.value, str)
    )


def _json_text(value: Any) -> str:
    """JSON text of a schema value; infinities (YAML's .inf) as JavaScript spells them."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(value, ensure_ascii=False)


def _wide_bounds(ctx: _Context, t: ir.Type) -> bool:
    """Whether an integer type has a bound beyond i64 (compared as an f64)."""
    c = ctx.decided.constraints(t)
    return isinstance(c, facts.NumberConstraints) and c.integer and not c.fits_i64


def _field_doc(ctx: _Context, f: ir.Field, accessor: dict[str, Any] | None) -> str:
    parts = [f.description] if f.description else []
    if _wide_bounds(ctx, f.type):
        parts.append(
            "A bound of this field lies beyond the range of `i64`: `validate()` compares the value as an `f64` with it."
        )
    if isinstance(f.presence, ir.Default):
        note = f"Absent means the default `{_json_text(f.presence.value)}`"
        note += (
            f"; see `{accessor['name']}()`."
            if accessor
            else " (Rust has no value of this field's type for it, so there is no `_or_default()` accessor)."
        )
        parts.append(note)
    return "\n\n".join(parts)


def _object(ctx: _Context, shape: ir.Object) -> dict[str, Any]:
    type_name = ctx.names.type(shape.name)
    omitted = ctx.omit_tag.get(shape.name)
    fields, accessors, checks = [], [], []
    params: list[tuple[str, str]] = []  # the constructor's: every required field but constants
    inits: list[dict[str, Any]] = []
    setters: list[dict[str, str]] = []
    for f in shape.fields:
        if f.wire_name == omitted:
            continue
        name = ctx.names.field(shape.name, f.wire_name)
        const = ctx.constants.get((shape.name, f.wire_name))
        inner = const["name"] if const else _rust_type(ctx, shape.name, f.type)
        # how presence and nullability are carried (the serde attributes, the binding validate()
        # uses, the constructor's initialiser: templates/rust/items.rs.j2 prints each)
        if f.required:
            mode = "required_nullable" if f.nullable else "required"
            rtype = f"Option<{inner}>" if f.nullable else inner
        elif f.nullable:
            mode, rtype = "nullable", f"runtime::Nullable<{inner}>"
        else:
            mode, rtype = "optional", f"Option<{inner}>"
        binding = {"required": "value", "required_nullable": "some", "nullable": "nullable", "optional": "some"}[mode]
        accessor = _accessor(ctx, shape.name, f, name, inner, const)
        if accessor:
            accessors.append(accessor)
        if f.required and const is None:
            # a required nullable field takes an `Option` as it is (`None` would not infer as an `impl Into`)
            params.append((name, rtype if f.nullable else f"impl Into<{inner}>"))
        inits.append({"name": name, "mode": mode, "constant": const if f.required else None})
        if const is None:
            setters.append(_setter(name, f.wire_name, mode, inner))
        fields.append(
            {
                "name": name,
                "wire_name": f.wire_name,
                "decl": field_decl(4, name, rtype),
                "rename": name.removeprefix("r#") != f.wire_name,
                "mode": mode,
                "type": rtype,
                "whole": const is None and _holds_integers(f.type),
                "doc": _field_doc(ctx, f, accessor),
                "deprecated": f.deprecated,
                "secret": f.secret,
            }
        )
        if const is None and _needs_check(ctx, f.type):
            checks.append({"binding": binding, "name": name, "wire": f.wire_name, "plan": _check_plan(ctx, f.type)})
    doc = [shape.description] if shape.description else []
    if omitted is not None:
        doc.append(f"The `{omitted}` property is written and read by the union this is a variant of.")
    doc.append(
        "Unknown properties are rejected: reading fails, and `validate()` reports any added in code."
        if shape.closed
        else "Unknown properties are accepted and kept."
    )
    secret = any(f["secret"] for f in fields)
    # Debug is written out when a field is a secret (it prints a redacted marker instead)
    derive = (["Clone"] if secret else ["Debug", "Clone"]) + ["PartialEq", "::serde::Serialize", "::serde::Deserialize"]
    if not params:
        derive.insert(derive.index("Clone") + 1, "Default")
    wide = len(fields) > WIDE_STRUCT
    if wide:
        derive.remove("PartialEq")
    slots = _slots(ctx, shape, type_name, fields, checks) if _wide_serde(shape, omitted) else None
    if slots:
        derive = [d for d in derive if d not in ("::serde::Serialize", "::serde::Deserialize")]
    return {
        "kind": "struct",
        "name": type_name,
        "doc": "\n\n".join(doc),
        "derive": derive,
        "fields": fields,
        "accessors": accessors,
        "secret": secret,
        "wide": wide,
        "slots": slots,
        "new_signature": signature(4, "pub fn new", [f"{n}: {t}" for n, t in params], " -> Self {"),
        "new_inits": inits,
        "setters": setters,
        "new_many_params": len(params) > 7,
        "new_doc": (
            "A value with the required fields given and every other field absent."
            if params
            else "A value with every field absent (as `Default::default()`)."
        ),
        "field_checks": checks,
        "closed": shape.closed,
        "notes": shape.notes,
        "unknown_doc": (
            "Properties this schema does not define: reading rejects them, and `validate()` reports each one."
            if shape.closed
            else "Properties this schema does not define, kept as they came."
        ),
    }


# how a written-out Deserialize reads a field of each mode: the seed (`runtime::Plain`, ...: what the
# derived code's `deserialize_with` helper, or the type itself, does), whole or not, and what an
# absent field becomes (`default`: the field's default; `required`: a missing-field error;
# `absent`: what the type makes of a missing value, as derived code without a helper asks it)
_SEEDS = {
    ("required", False): ("Plain", "absent"),
    ("required", True): ("Whole", "required"),
    ("required_nullable", False): ("Plain", "required"),
    ("required_nullable", True): ("Whole", "required"),
    ("nullable", False): ("Plain", "default"),
    ("nullable", True): ("Whole", "default"),
    ("optional", False): ("SomeOf", "default"),
    ("optional", True): ("SomeWhole", "default"),
}
# how a written-out Serialize writes a field of each mode (`skip_serializing_if` of the derived code)
_WRITES = {"required": "write", "required_nullable": "write", "nullable": "write_present", "optional": "write_some"}


def fnv1a(text: str) -> int:
    """FNV-1a (64 bits) of the UTF-8 bytes of `text`, as `runtime::bucket` computes it."""
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) % 2**64
    return h


def _call_arm(indent: int, pattern: str, head: str, args: list[str]) -> str:
    """`pattern => head(args),` as rustfmt lays out a match arm whose body is a call: on one line
    when it fits; else in a block, when the call fits on a line of its own there; else the call
    broken after `pattern => head(`, one argument per line, when that first line fits with a
    column to spare; else in a block with the call broken."""
    pad = " " * indent

    def fits(text: str) -> bool:
        return all(len(line) <= MAX_WIDTH for line in text.splitlines())

    same = call(indent, f"{pattern} => {head}", args, ",")
    body = call(indent + 4, head, args, "")
    block = f"{pad}{pattern} => {{\n{body}{pad}}}\n"
    if same.count("\n") == 1 and fits(same):
        return same
    if body.count("\n") == 1 and fits(body):
        return block
    # rustfmt keeps the call beside the pattern when its first line leaves room for the arm's comma
    return same if fits(same) and len(same.split("\n")[0]) < MAX_WIDTH else block


def _slots(
    ctx: _Context, shape: ir.Object, type_name: str, fields: list[dict[str, Any]], checks: list[dict[str, Any]]
) -> dict[str, Any]:
    """The written-out Serialize and Deserialize of a wide struct (templates/rust/items.rs.j2
    prints them): a private struct of a slot per field, the fields read in buckets of their wire
    names' hash (`runtime::bucket`) and written in declaration order, SLOTS_CHUNK to a function."""
    name = ctx.names.associated(SLOTS, shape.name)
    count = -(-len(fields) // SLOTS_CHUNK)
    buckets: list[list[str]] = [[] for _ in range(count)]
    finish = []
    for f in fields:
        seed, absent = _SEEDS[(f["mode"], f["whole"])]
        wire = rs_str(f["wire_name"])
        field_ = f"self.{f['name']}"
        args = ["map", f"&mut {field_}", wire, f"runtime::{seed}::new()"]
        buckets[fnv1a(f["wire_name"]) % count].append(_call_arm(12, wire, "runtime::read", args))
        if absent == "default":
            finish.append(f"            {f['name']}: {field_}.unwrap_or_default(),\n")
        else:
            finish.append(call(12, f"{f['name']}: runtime::{absent}", [field_, wire], "?,"))
    writes = [
        {
            "signature": signature(
                4,
                f"fn write_{i}<M: ::serde::ser::SerializeMap>",
                [f"value: &{rs_ident(type_name)}", "map: &mut M"],
                " -> Result<(), M::Error> {",
            ),
            "lines": [
                call(8, f"runtime::{_WRITES[f['mode']]}", ["map", rs_str(f["wire_name"]), f"&value.{f['name']}"], "?;")
                for f in fields[start : start + SLOTS_CHUNK]
            ],
        }
        for i, start in enumerate(range(0, len(fields), SLOTS_CHUNK))
    ]
    reads = [
        {
            "signature": signature(
                4,
                f"fn read_{i}<'de, A: ::serde::de::MapAccess<'de>>",
                ["&mut self", "key: &str", "map: &mut A"],
                " -> Result<bool, A::Error> {",
            ),
            "index": i,
            "arms": arms,
        }
        for i, arms in enumerate(buckets)
        if arms  # a bucket no wire name falls in has no function (the dispatch's `_` arm answers it)
    ]
    return {
        "name": name,
        # validate() of the struct calls these, each checking SLOTS_CHUNK fields of `this`
        "checks": [
            {
                "signature": signature(
                    4,
                    f"fn validate_{i}",
                    [f"this: &{rs_ident(type_name)}", "at: &str", "errors: &mut Vec<runtime::ValidationError>"],
                    " {",
                ),
                "fields": checks[start : start + SLOTS_CHUNK],
            }
            for i, start in enumerate(range(0, len(checks), SLOTS_CHUNK))
        ],
        "decls": [field_decl(4, f["name"], f"Option<{f['type']}>") for f in fields],
        "expecting": rs_str(f"struct {type_name}"),
        "reads": reads,
        "buckets": count,
        "finish": finish,
        "writes": writes,
    }


def _holds_integers(t: ir.Type) -> bool:
    """Whether a field's own type (not the shapes it names) has an `i64` in it: such a field is
    read through `runtime::whole`, so plain `serde_json::from_str` takes `600.0` as 600."""
    match t:
        case ir.Primitive():
            return t.kind == "integer"
        case ir.Array() | ir.Nullable():
            return _holds_integers(t.item if isinstance(t, ir.Array) else t.inner)
        case ir.Map():
            return _holds_integers(t.value)
        case ir.AnyValue() | ir.Literal() | ir.Ref():
            return False
        case _:
            assert_never(t)


def _setter(name: str, wire_name: str, mode: str, inner: str) -> dict[str, str]:
    """`with_<field>(self, value) -> Self`, the builder-style way to set a field: it takes what
    converts into the field's type (`&str` for a `String` or an open enum, a variant for a union),
    and sets an optional field present (a nullable one to its value; `Nullable::Null` is set on
    the field itself)."""
    plain = name.removeprefix("r#")
    wrap = {"required": "{}", "required_nullable": "Some({})", "nullable": "runtime::Nullable::Value({})"}
    rhs = wrap.get(mode, "Some({})").format("value.into()")
    line = f"        self.{name} = {rhs};"
    body = line if len(line) <= MAX_WIDTH else f"        self.{name} =\n            {rhs};"
    return {
        "doc": f"Sets `{wire_name}`" + (" (present, with this value)." if mode != "required" else "."),
        "signature": signature(4, f"pub fn with_{plain}", ["mut self", f"value: impl Into<{inner}>"], " -> Self {"),
        "body": body + "\n",
    }


def _conversions(ctx: _Context, variants: list[dict[str, Any]], shape: ir.Union_) -> list[dict[str, str]]:
    """The `From` conversions into a union: from each variant's type that no other variant has
    (`From<i64> for MaxOutputTokens`, `From<VoiceId> for Voice`), and from `&str`/`String` when
    exactly one variant is a string or an open enum (`From<&str> for Voice`, through `VoiceId`)."""
    sources: dict[str, list[str]] = {}
    payload = {v["name"]: v.get("type") for v in variants}
    stringy: list[str] = []
    for v, iv in zip(variants, shape.variants):
        if v["literal"] is not None:
            continue
        source = v["type"]
        if source.startswith("Box<") and source.endswith(">"):
            source = source[4:-1]
        sources.setdefault(source, []).append(v["name"])
        t = iv.type
        target = ctx.shapes.get(t.name) if isinstance(t, ir.Ref) else None
        if (isinstance(t, ir.Primitive) and t.kind == "string") or (isinstance(target, ir.Enum) and target.open):
            stringy.append(v["name"])
    pairs = [(src, names[0]) for src, names in sources.items() if len(names) == 1]
    if len(stringy) == 1:
        have = {src for src, _ in pairs}
        pairs += [(src, stringy[0]) for src in ("&str", "String") if src not in have]
    return [
        {"source": src, "variant": name, "value": "value" if payload[name] == src else "value.into()"}
        for src, name in pairs
    ]


def _variant_ident(raw: str, taken: set[str], fallback: str) -> str:
    name = pascal_case(raw) or fallback
    if name[0].isdigit():
        name = "V" + name
    if name in KEYWORDS or name in RESERVED_TYPES:
        name += "Value"
    base, i = name, 2
    while name in taken:
        name = f"{base}{i}"
        i += 1
    taken.add(name)
    return name


def _union(ctx: _Context, shape: ir.Union_) -> dict[str, Any]:
    type_name = ctx.names.type(shape.name)
    taken: set[str] = set()
    variants = []
    for index, v in enumerate(shape.variants):
        t = v.type
        name = ctx.names.variant(shape.name, index)
        taken.add(name)
        entry: dict[str, Any] = {"name": name, "tag_value": v.tag_value, "literal": None, "doc": ""}
        if v.tag_value is not None and shape.name not in ctx.internally_tagged:
            entry["doc"] = f"`{shape.tag}` is {json.dumps(v.tag_value, ensure_ascii=False)}."
        elif isinstance(t, ir.Literal):
            entry["doc"] = f"The constant `{json.dumps(t.value, ensure_ascii=False)}`."
        if isinstance(t, ir.Literal):
            kind = _literal_kind(t.value)
            entry["literal"] = rs_literal(t.value, kind)
            if kind == "integer" and not -(2**31) <= int(t.value) < 2**31:
                # `value == <literal>` compares a serde_json::Value with an i32 unless told otherwise
                entry["literal"] += "i64"
            entry["literal_kind"] = kind
            entry["serialize_fn"] = _serialize_fn(kind)
            entry["plan"] = []
        else:
            rtype = _rust_type(ctx, shape.name, t)
            entry["type"] = rtype
            entry["whole"] = _holds_integers(t)
            entry["plan"] = _check_plan(ctx, t) if _needs_check(ctx, t) else []
        variants.append(entry)
    internally = shape.name in ctx.internally_tagged
    unknown = None
    if shape.open and shape.tag is not None:
        unknown = ctx.names.associated("unknown", shape.name)
    doc = [shape.description] if shape.description else []
    if shape.tag is not None:
        doc.append(f"Tagged by the `{shape.tag}` property.")
    if unknown is not None:
        doc.append(
            f"Open: an object whose `{shape.tag}` is another string is kept, as it came, in `{unknown}`"
            " (a value a later version of the service may send)."
        )
    else:
        doc.append("Told apart by value: constants first, then the first variant the value is valid as, in order.")
    # constants first, then the rest in schema order
    order = [v for v in variants if v["literal"] is not None] + [v for v in variants if v["literal"] is None]
    how = ctx.decided.dispatch(shape.name)
    # a oneOf whose variants overlap: a value valid as two of them is rejected (JSON Schema's oneOf)
    exclusive = isinstance(how, InOrder) and how.exclusive and len(variants) > 1
    if exclusive and unknown is None:
        doc[-1] = "Told apart by value: the one variant the value is valid as; a value valid as two is rejected."
    return {
        "kind": "union",
        "name": type_name,
        "doc": "\n\n".join(doc),
        "variants": variants,
        "order": order,
        "exclusive": exclusive,
        "tag": shape.tag,
        # the variant a value without the tag is (generator.layer.unions: a default tag), or None
        "default_variant": next(
            (v["name"] for v in variants if shape.default_tag is not None and v["tag_value"] == shape.default_tag),
            None,
        ),
        "internally": internally,
        "notes": shape.notes,
        "unknown": unknown,
        "has_checks": any(v["plan"] for v in variants),
        "recursive": shape.name in ctx.decided.graph.recursive_type_aliases,
        "conversions": _conversions(ctx, variants, shape),
    }


def _serialize_fn(kind: str) -> str:
    return {"string": "str", "integer": "i64", "number": "f64", "boolean": "bool"}[kind]


def _enum(ctx: _Context, shape: ir.Enum) -> dict[str, Any]:
    type_name = ctx.names.type(shape.name)
    members = []
    for value, vdoc in zip(shape.values, shape.value_descriptions or [""] * len(shape.values)):
        members.append({"name": ctx.names.member(shape.name, value), "value": value, "doc": vdoc})
    other = None
    if shape.open:
        other = ctx.names.associated("other", shape.name)
    doc = [shape.description] if shape.description else []
    if shape.open:
        doc.append(f"Open: any other string is accepted and kept in `{other}`.")
    return {
        "kind": "enum",
        "name": type_name,
        "doc": "\n\n".join(doc),
        "members": members,
        "other": other,
        "notes": shape.notes,
        "values": [m["value"] for m in members],
    }


def _alias(ctx: _Context, shape: ir.Alias) -> dict[str, Any]:
    inner = _rust_type(ctx, shape.name, shape.type)
    t: ir.Type = ir.Nullable(shape.type) if shape.nullable else shape.type
    rtype = f"Option<{inner}>" if shape.nullable else inner
    plan = _check_plan(ctx, t) if _needs_check(ctx, t) else []
    doc = [shape.description] if shape.description else []
    derive = ["Debug", "Clone", "PartialEq", "::serde::Serialize", "::serde::Deserialize"]
    return {
        "kind": "alias",
        "name": ctx.names.type(shape.name),
        "doc": "\n\n".join(doc),
        "type": rtype,
        "decl": tuple_struct(ctx.names.type(shape.name), rtype),
        "plan": plan,
        "derive": derive,
        "notes": shape.notes,
        "recursive": shape.name in ctx.decided.graph.recursive_type_aliases,
    }


# ---------------------------------------------------------------- rendering


def module_name(ns: ir.Namespace) -> str:
    """The module of a namespace (RULES.module_case; the renderer reads it from the decided names)."""
    return _module_case(ns.name)


def _module_case(namespace: str) -> str:
    name = snake_case(namespace) or "namespace"
    if name[0].isdigit():
        name = "ns_" + name
    if name in KEYWORDS or name in RESERVED_MODULES:
        name += "_shapes"
    return name


def names_for(ns: ir.Namespace, decided: DecidedNamespace | None = None) -> Names:
    return (decided if decided is not None else decide_namespace(ns)).names_with(RULES)


_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_char(c: str) -> str:
    if c in _TOML_ESCAPES:
        return _TOML_ESCAPES[c]
    if ord(c) < 0x20 or ord(c) == 0x7F:
        return f"\\u{ord(c):04X}"
    return c


_toml_chars = per_character(_toml_char)


def _toml_str(value: str) -> str:
    """A TOML basic string. Not JSON's: JSON writes a character past U+FFFF as two `\\u` escapes
    (a surrogate pair), which TOML rejects; here it stays itself (the file is UTF-8) and the
    characters TOML forbids raw are fixed-width `\\uXXXX` escapes."""
    return '"' + _toml_chars(str(value)) + '"'


@functools.lru_cache(maxsize=1)  # one per process: each template is loaded once, not once per namespace
def _env() -> Any:
    filters: dict[str, Any] = {
        "rs_str": rs_str,
        "rs_doc": rs_doc,
        "rs_ident": rs_ident,
        "rs_literal": rs_literal,
        "rs_opt": _opt,
        "toml_str": _toml_str,
    }
    return environment("rust", filters, {"call": call, "attr": attr, "derive": derive, "static": static, "arm": arm})


# the single-value enum that types a string-constant field (`ServerVadType`) and its one variant
# (RULES.refine), by (object, wire name)
CONSTANT, CONSTANT_VARIANT = "constant", "constant-variant"
# the private struct of a wide struct's slots while it is read (`WideSlots`), by object
SLOTS = "slots"


def _refine(ns: ir.Namespace, names: Names) -> Names:
    """The names Rust derives beside the naming pass: a type per string-constant field (the
    object's and the field's names, or with `Constant` after it when a shape already has that
    name) and its variant; a field whose tag the internally tagged union reads has none."""
    omit, _ = _tag_plan(ns)
    taken = set(names.types.values())
    extra = dict(names.extra)
    for shape in ns.shapes:
        if not isinstance(shape, ir.Object):
            continue
        for f in shape.fields:
            if f.wire_name == omit.get(shape.name) or not (
                isinstance(f.type, ir.Literal) and isinstance(f.type.value, str)
            ):
                continue
            base = names.type(shape.name) + pascal_case(names.field(shape.name, f.wire_name).removeprefix("r#"))
            extra[(CONSTANT, shape.name, f.wire_name)] = _free_name(
                taken, base, base + "Constant", base + "ConstantValue"
            )
            extra[(CONSTANT_VARIANT, shape.name, f.wire_name)] = _variant_ident(f.type.value, set(), "Value")
    for shape in ns.shapes:
        if isinstance(shape, ir.Object) and _wide_serde(shape, omit.get(shape.name)):
            base = names.type(shape.name)
            extra[(SLOTS, shape.name, "")] = _free_name(taken, base + "Slots", base + "FieldSlots", base + "ReadSlots")
    return dataclasses.replace(names, extra=extra)


def _free_name(taken: set[str], *candidates: str) -> str:
    """The first of `candidates` that no type has taken, else the last one numbered (2, 3, ...);
    taken from then on."""
    numbered = (f"{candidates[-1]}{number}" for number in itertools.count(2))
    name = next(c for c in itertools.chain(candidates, numbered) if c not in taken)
    taken.add(name)
    return name


def _wide_serde(shape: ir.Object, omitted: str | None) -> bool:
    """Whether the struct of `shape` has its Serialize and Deserialize written out (`WIDE_SERDE`)."""
    return sum(f.wire_name != omitted for f in shape.fields) > WIDE_SERDE


def _constants(ns: ir.Namespace, names: Names) -> dict[tuple[str, str], dict[str, Any]]:
    """A type per string-constant field (`type: {const: server_vad}`): a single-variant enum,
    named by the rules (`CONSTANT`, `CONSTANT_VARIANT`)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for (key, shape_name, wire), name in names.extra.items():
        if key != CONSTANT:
            continue
        f = next(f for f in ns.shape(shape_name).fields if f.wire_name == wire)  # type: ignore[union-attr]
        assert isinstance(f.type, ir.Literal)
        value = f.type.value
        out[(shape_name, wire)] = {
            "kind": "constant",
            "name": name,
            "value": value,
            "variant": names.associated(CONSTANT_VARIANT, shape_name, wire),
            "doc": f"`{wire}` of `{names.type(shape_name)}`: always {json.dumps(value, ensure_ascii=False)}, the only value this type can hold.",
        }
    return out


def render_namespace(ns: ir.Namespace, decided: DecidedNamespace | None = None, structure: tuple[Any, ...] = ()) -> str:
    """One namespace's module. With `structure` (what the model is besides its prose, and where
    `ns` is in it: `render_memo.structure_digest`), each item's text is reused from the fragment
    memo when the structure and the prose of the shape it belongs to are those of the last run (an
    item prints no other shape's prose: descriptions are read in `_field_doc` and the shape
    builders, from the shape itself; a string constant's type prints names only). Every plan is
    still made, in order, as later plans may rest on what earlier ones worked out (`_Context`)."""
    decided = decided if decided is not None else decide_namespace(ns)
    names = decided.names_with(RULES)
    omit, internally = _tag_plan(ns)
    ctx = _Context(decided, ns, names, {s.name: s for s in ns.shapes}, set(decided.graph.boxed_edges), omit, internally)
    ctx.constants = _constants(ns, names)
    constants_of: dict[str, list[dict[str, Any]]] = {}
    for (owner, _), c in ctx.constants.items():
        constants_of.setdefault(owner, []).append(c)
    items = []
    shape_of: list[ir.Shape] = []  # the shape each item belongs to
    for shape in ns.shapes:
        if isinstance(shape, ir.Object):
            items.append(_object(ctx, shape))
            items.extend(constants_of.get(shape.name, ()))
        elif isinstance(shape, ir.Union_):
            items.append(_union(ctx, shape))
        elif isinstance(shape, ir.Enum):
            items.append(_enum(ctx, shape))
        else:
            items.append(_alias(ctx, shape))
        shape_of += [shape] * (len(items) - len(shape_of))
    env = _env()
    item_text = env.get_template("item.rs.j2").module.item_text  # type: ignore[attr-defined]
    texts = []
    for index, (shape, item) in enumerate(zip(shape_of, items)):
        (text,) = structured_unit(
            "rust.item", structure, (index, shape.name, own_prose(shape)), lambda: (item_text(item),)
        )
        texts.append(text)
    body = env.get_template("items.rs.j2").render(items=texts)
    return env.get_template("module.rs.j2").render(namespace=ns, body=body)


def crate_name(options: Any) -> str:
    rust = options.get("rust", {}) if hasattr(options, "get") else {}
    name = str(rust.get("crate", CRATE)) if hasattr(rust, "get") else CRATE
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in KEYWORDS:
        raise ShapegenError(
            f"[tool.shapegen.rust] crate = {name!r} is not a Rust crate name",
            hint="use lower-case letters, digits and underscores, starting with a letter",
        )
    return name


def render(inp: RenderInput) -> dict[str, str]:
    crate = crate_name(inp.options)
    env = _env()
    modules = [(inp.decisions(ns).names_with(RULES).module, ns) for ns in inp.model.namespaces]
    files = {
        "Cargo.toml": env.get_template("Cargo.toml.j2").render(
            crate=crate, version=inp.package_version("rust"), project=identity(inp.options, inp.bundles, inp.licenses)
        ),
        "src/lib.rs": env.get_template("lib.rs.j2").render(
            modules=sorted([m for m, _ in modules] + ["runtime"]),
            recursion_limit=recursion_limit(max((inp.decisions(ns).graph.depth for _, ns in modules), default=0)),
        ),
        "src/runtime.rs": RUNTIME.read_text(encoding="utf-8"),
    }
    structure = structure_digest(inp.model) if memo_active() else b""
    for index, (module, ns) in enumerate(modules):
        files[f"src/{module}.rs"] = render_namespace(ns, inp.decisions(ns), (structure, index) if structure else ())
    return files


def recursion_limit(depth: int) -> int | None:
    """The crate's `#![recursion_limit]` for a chain of `depth` shapes (the decided graph depth),
    or None when rustc's default (128) is enough. Proving an auto trait (`Send`, `Freeze`) of a
    struct takes a level for it and one for the `Option`, `Box` or `Vec` holding it, and clippy's
    lints take a few more: four levels per shape, with room to spare."""
    limit = 4 * depth + 64
    return limit if limit > 128 else None


def driver_files(model: ir.Model, crate_path: Path, crate: str = CRATE) -> dict[str, str]:
    """The conformance driver crate (`Cargo.toml`, `src/main.rs`) for the crate at `crate_path`:
    one dispatch arm per shape that is a wire shape on its own (variant structs that leave their
    tag to an internally tagged union are not)."""
    entries = []
    decided = {ns.name: decide_namespace(ns) for ns in model.namespaces}
    for ns in model.namespaces:
        names = names_for(ns, decided[ns.name])
        omitted, _ = _tag_plan(ns)
        module = module_name(ns)
        for shape in ns.shapes:
            if shape.name not in omitted:
                entries.append(
                    {"shape": f"{ns.name}:{shape.name}", "path": f"{crate}::{module}::{names.type(shape.name)}"}
                )
    env = _env()
    return {
        "Cargo.toml": env.get_template("driver/Cargo.toml.j2").render(crate=crate, crate_path=str(crate_path)),
        "src/main.rs": env.get_template("driver/main.rs.j2").render(
            crate=crate,
            entries=entries,
            # the driver proves the same traits of the same types as the crate does
            recursion_limit=recursion_limit(max((d.graph.depth for d in decided.values()), default=0)),
        ),
    }


def _owns(rel: str) -> bool:
    return rel == "Cargo.toml" or (rel.startswith("src/") and rel.endswith(".rs"))


TARGET = SimpleTarget(name="rust", out_dir="rust", render_fn=render, owns_fn=_owns)
