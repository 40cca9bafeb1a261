"""The `docs` target: Markdown reference pages for people, one page per shape.

    generated/docs/index.md            every namespace: its top-level shapes, then its parts
    generated/docs/<ns>/<Name>.md      one page per shape (top-level shapes and parts alike)

A page says everything the IR says about its shape: fields (wire name, type, presence,
nullability, default, constraints, secret), open/closed objects and enums, union variants and
their tag (and whether the union is open: forward-compatible), examples, deviation notes, and a
Mermaid flowchart of the shape and the shapes it refers to. It names the shape and each field in
every registered language (a column per language, from the layer's registry), so that a team
using several packages finds a field in each. Every page lists, with links, the shapes it uses
directly and the shapes that use it.

A page links to the shapes it refers to and never expands them: each page is as long as its own
shape's definition, so the docs grow linearly with the schema (a chain of N nested shapes is N
pages of constant size, not N pages each repeating the rest of the chain).

Quoting: nothing from the schema reaches a template unquoted. Templates call the filters of
the quoting layer below (`md_inline`, `md_cell`, `md_block`, `md_code`, `md_fence`,
`mermaid_label`); the type and constraint texts are built here from already-quoted pieces and
marked as Markdown (`MdText`) so that the template prints them as they are.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, assert_never
from urllib.parse import quote

import jinja2

from generator import ir
from generator.decide import DecidedNamespace, decide_namespace
from generator.layer.unions import JSON_TYPES, ByJsonType, json_types
from generator.render_memo import memo_active, own_prose, structure_digest, unit
from generator.rules import fitting_file_name, Names
from generator.targets.base import RenderInput, SimpleTarget
from generator.identity import Identity, identity
from generator.templating import environment
from generator.visible import bidi_escaped

# ---------------------------------------------------------------- the quoting layer


class MdText(str):
    """Markdown this module built from quoted pieces; the filters print it unchanged."""


# line breaks that Markdown, HTML or JavaScript-based renderers treat as a new line, other than
# \n itself (which stays as it is: matching it would replace each by itself)
_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
# other control characters: never meaningful in documentation, sometimes harmful
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# characters escaped with a backslash wherever they appear (CommonMark: any ASCII punctuation may be)
_ALWAYS = set("\\`*[]|~$")
# characters written as HTML entities (they open tags, entities or autolinks)
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# at the start of a line these begin a block (heading, list, quote, rule, setext underline)
_LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])\s")
_LINE_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")


# any character _normalise changes: text without one is returned as it is (the common case, and
# the case of a description of several plain lines)
_IRREGULAR = re.compile(r"[\r\u2028\u2029\x85\x0b\x0c\x00-\x08\x0e-\x1f\x7f]")


def _normalise(text: Any) -> str:
    text = str(text)
    if _IRREGULAR.search(text) is None:
        return text
    text = _NEWLINES.sub("\n", text)
    return _CONTROL.sub("\ufffd", text)


# the characters _escape_plain changes; text without any is printed as it is (the common case)
_SPECIAL = re.compile(r"[\\`*\[\]|~$<>&_!]")


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    if c in _ENTITIES:
        return _ENTITIES[c]
    if c in _ALWAYS:
        return "\\" + c
    text, i = m.string, m.start()
    if c == "_":
        # intraword underscores never emphasise: leave snake_case readable
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return "_" if before.isalnum() and after.isalnum() else "\\_"
    # "!": only before "[" (an image)
    return "\\!" if text[i + 1 : i + 2] == "[" else "!"


def _escape_plain(text: str, *, table: bool) -> str:
    """Escape a run of text (no code spans, no newlines) so that Markdown prints it literally."""
    return _SPECIAL.sub(_escape_char, text)


_RUN = re.compile(r"`+")
_NUMBERED = re.compile(r"^(\d+)([.)])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_FENCE_RUN = re.compile(r"`{3,}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _code_span(content: str, *, table: bool) -> str:
    """A code span showing `content` literally, whatever backticks it holds."""
    content = content.replace("\n", " ")
    longest = max((len(run) for run in _RUN.findall(content)), default=0) if "`" in content else 0
    fence = "`" * (longest + 1)
    if content.startswith(("`", " ")) or content.endswith(("`", " ")):
        content = f" {content} "
    if table:
        # GFM splits table rows on `|` before it parses code spans: escape it there too
        content = content.replace("|", "\\|")
    return f"{fence}{content}{fence}"


def _inline_line(line: str, *, table: bool) -> str:
    """One line of description: balanced backtick runs stay code spans (descriptions use them for
    values and names), everything else is escaped."""
    out: list[str] = []
    pos = 0
    plain_start = 0
    while True:
        m = _RUN.search(line, pos)
        if m is None:
            break
        # the closing run must be exactly as long as the opening one
        close = None
        for n in _RUN.finditer(line, m.end()):
            if len(n.group()) == len(m.group()):
                close = n
                break
        if close is None:
            pos = m.end()
            continue
        out.append(_escape_plain(line[plain_start : m.start()], table=table))
        inner = line[m.end() : close.start()]
        if inner.strip(" ") == "":
            out.append(_escape_plain(line[m.start() : close.end()], table=table))
        else:
            if len(inner) >= 2 and inner[0] == " " and inner[-1] == " ":
                inner = inner[1:-1]
            out.append(_code_span(inner, table=table))
        pos = plain_start = close.end()
    out.append(_escape_plain(line[plain_start:], table=table))
    text = "".join(out)
    # a line that would start a block element (heading, list item, quote, rule) is escaped
    text = _LINE_START.sub(lambda m: m.group(1) if m.group(1).isdigit() else "\\" + m.group(1), text)
    m = _NUMBERED.match(text)
    if m:
        text = m.group(1) + "\\" + m.group(2) + text[m.end() :]
    return text


def md_inline(text: Any) -> str:
    """Text on one line (a heading, a list item's first line): newlines become spaces."""
    if isinstance(text, MdText):
        return text
    return _md_inline(str(text))


@lru_cache(maxsize=65536)
def _md_inline(text: str) -> str:
    """md_inline of plain text (names and language titles recur on many pages: each is quoted once)."""
    lines = [ln.strip() for ln in _normalise(text).split("\n")]
    return _inline_line(" ".join(ln for ln in lines if ln), table=False)


def md_cell(text: Any) -> str:
    """Text in a table cell: one physical line, `|` escaped, line breaks as `<br>`; never empty."""
    if isinstance(text, MdText):
        out = str(text)
    else:
        out = _md_cell(str(text))
    assert "\n" not in out
    return out if out.strip() else " "


@lru_cache(maxsize=65536)
def _md_cell(text: str) -> str:
    """md_cell of plain text (descriptions recur across shapes: each is quoted once per run)."""
    lines = [ln.strip() for ln in _normalise(text).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    # as in a Markdown paragraph, a single newline is a soft wrap; a blank line, or a line
    # that starts a list item, keeps its break
    pieces: list[str] = []
    for i, ln in enumerate(lines):
        if i:
            pieces.append("<br>" if not ln or not lines[i - 1] or _LIST_ITEM.match(ln) else " ")
        pieces.append(_inline_line(ln, table=True))
    return "".join(pieces)


def md_block(text: Any, indent: int = 0) -> str:
    """Paragraphs: blank lines separate paragraphs, single newlines are soft breaks, nothing
    starts a heading, list, quote or code block. `indent` indents every line but the first (for
    list items)."""
    if isinstance(text, MdText):
        return text
    pad = " " * indent
    paragraphs = _PARAGRAPH_BREAK.split(_normalise(text).strip())
    rendered = []
    for para in paragraphs:
        lines = [ln.strip() for ln in para.split("\n") if ln.strip()]
        if lines:
            rendered.append(("\n" + pad).join(_inline_line(ln, table=False) for ln in lines))
    return ("\n\n" + pad).join(rendered)


def md_code(value: Any, table: bool = True) -> str:
    """A literal (a wire name, a JSON value) as a code span."""
    return _md_code(value if type(value) is str else str(value), table)


@lru_cache(maxsize=65536)
def _md_code(text: str, table: bool) -> str:
    # the same names and values recur on many pages: each is quoted once per run
    return _code_span(_normalise(text), table=table)


def md_fence(text: str, lang: str) -> str:
    """A fenced code block holding `text` literally: the fence is longer than any backtick run
    in it."""
    body = _normalise(text).rstrip("\n")
    longest = max((len(run) for run in _FENCE_RUN.findall(body)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{lang}\n{body}\n{fence}"


# Mermaid labels are quoted ("...") and may hold entity codes (#34;); anything outside a small
# safe set is written as a decimal entity so that quotes, brackets, pipes, semicolons and
# markdown-string backticks cannot end the label or change the diagram.
_MERMAID_UNSAFE = re.compile(r"[^A-Za-z0-9 _.,:/()=+-]")


@lru_cache(maxsize=65536)
def _mermaid_label(text: str) -> str:
    text = " ".join(_normalise(text).split())
    return _MERMAID_UNSAFE.sub(lambda m: f"#{ord(m.group())};", text)


def mermaid_label(text: Any) -> str:
    return _mermaid_label(str(text))


def _not_json(value: Any) -> str:
    """What YAML can load but JSON cannot hold (a bare date in an example) is shown as text."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def json_text(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=_not_json)


def json_inline(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=_not_json)


FILTERS: dict[str, Callable[..., Any]] = {
    "md_inline": md_inline,
    "md_cell": md_cell,
    "md_block": md_block,
    "md_code": md_code,
    "md_fence": md_fence,
    "mermaid_label": mermaid_label,
    "json_text": json_text,
    "json_inline": json_inline,
}


# ---------------------------------------------------------------- pages and links

_SAFE_FILE = re.compile(r"^[A-Za-z0-9_-]+$")


@lru_cache(maxsize=65536)
def page_file(name: str) -> str:
    """A shape's page within its namespace folder: `<Name>.md`; names with other characters
    are spelled with those characters as `_xx` hex codes."""
    stem = (
        name
        if _SAFE_FILE.match(name)
        else "".join(c if re.match(r"[A-Za-z0-9-]", c) else f"_{ord(c):02x}" for c in name)
    )
    return fitting_file_name(stem, ".md")


@lru_cache(maxsize=65536)
def link(text: str, target: str) -> MdText:
    return MdText(f"[{md_inline(text)}]({quote(target, safe='/#._-')})")


def one_line(description: str, limit: int = 160) -> str:
    """The first sentence of a description, for index tables."""
    lines = [ln.strip() for ln in _normalise(description).strip().split("\n")]
    text = lines[0] if lines else ""
    m = _SENTENCE_END.search(text)
    if m:
        text = text[: m.start()]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def kind_of(shape: ir.Shape) -> str:
    match shape:
        case ir.Object():
            return "object (closed)" if shape.closed else "object (open)"
        case ir.Union_():
            if shape.tag is None:
                return "union"
            return f"union tagged by {shape.tag}" + (" (open)" if shape.open else "")
        case ir.Enum():
            return "enum (open)" if shape.open else "enum (closed)"
        case ir.Alias():
            return "alias"
        case _:
            assert_never(shape)


def kind_cell(shape: ir.Shape) -> MdText:
    if isinstance(shape, ir.Union_) and shape.tag is not None:
        return MdText("union tagged by " + md_code(shape.tag) + (" (open)" if shape.open else ""))
    return MdText(kind_of(shape))


# ---------------------------------------------------------------- readable types


def _num(value: float | int) -> str:
    return json.dumps(value)


def constraint_texts(c: ir.Constraints, table: bool = True) -> list[str]:
    """Constraints in words, each a piece of Markdown."""
    out: list[str] = []
    lo = (
        (">=", c.minimum)
        if c.minimum is not None
        else (">", c.exclusive_minimum) if c.exclusive_minimum is not None else None
    )
    hi = (
        ("<=", c.maximum)
        if c.maximum is not None
        else ("<", c.exclusive_maximum) if c.exclusive_maximum is not None else None
    )
    if lo and hi and lo[0] == ">=" and hi[0] == "<=":
        out.append(f"{_num(lo[1])}..{_num(hi[1])}")
    else:
        if lo:
            out.append(f"{'≥' if lo[0] == '>=' else '>'} {_num(lo[1])}")
        if hi:
            out.append(f"{'≤' if hi[0] == '<=' else '<'} {_num(hi[1])}")
    if c.multiple_of is not None:
        out.append(f"multiple of {_num(c.multiple_of)}")
    out += _range("length", c.min_length, c.max_length)
    out += _range("items", c.min_items, c.max_items)
    if c.unique_items:
        out.append("unique items")
    out += _range("entries", c.min_properties, c.max_properties)
    if c.pattern is not None:
        out.append("pattern " + md_code(c.pattern, table))
    return [MdText(x) for x in out]


def _range(what: str, lo: int | None, hi: int | None) -> list[str]:
    if lo is not None and hi is not None:
        return [f"{what} {lo}" if lo == hi else f"{what} {lo}..{hi}"]
    if lo is not None:
        return [f"{what} ≥ {lo}"]
    if hi is not None:
        return [f"{what} ≤ {hi}"]
    return []


def _with(base: str, extras: list[str]) -> str:
    return f"{base} ({', '.join(extras)})" if extras else base


def json_type_cell(t: ir.Type, ns: Catalog) -> str:
    """The JSON types a value of `t` can have, as a union's variant table shows them: the layer's
    (`generator.layer.unions.json_types`), an integer that is not a variant of its own shown as a
    number; "any" when it can be any JSON value."""
    if isinstance(t, ir.Primitive) and t.kind == "integer":
        return "integer"
    types = json_types(t, ns.ns)
    if types == _ANY_JSON:
        return "any"
    return ", ".join(sorted({"number" if jt == "integer" else jt for jt in types}))


_ANY_JSON = frozenset(JSON_TYPES)


class TypeWriter:
    """Readable type expressions as Markdown, shapes linked to their pages."""

    def __init__(self, ns: Catalog, *, table: bool, prefix: str = ""):
        self.ns = ns
        self.table = table  # inside a table cell: `|` is escaped, in code spans too
        self.prefix = prefix  # path from the page to the namespace folder
        self.bar = " \\| " if table else " | "

    def href(self, name: str) -> str:
        return self.prefix + page_file(name)

    def expr(self, t: ir.Type, *, with_constraints: bool = True, nested: bool = False) -> MdText:
        match t:
            case ir.Primitive():
                extras = [f"format {md_code(t.format, self.table)}"] if t.format else []
                if with_constraints:
                    extras += constraint_texts(t.constraints, self.table)
                return MdText(_with(t.kind, extras))
            case ir.AnyValue():
                return MdText("any JSON value")
            case ir.Literal():
                return MdText(md_code(json_inline(t.value), self.table))
            case ir.Ref():
                out = link(t.name, self.href(t.name))
                shape = self.ns.shape(t.name)
                if (
                    isinstance(shape, ir.Union_)
                    and shape.tag is None
                    and not nested
                    and all(not isinstance(v.type, ir.Ref) for v in shape.variants)
                ):
                    # a small untagged union is spelled out: `"inf" | integer (1..4096)`
                    spelled = self.bar.join(self.expr(v.type, nested=True) for v in shape.variants)
                    out = MdText(f"{spelled} ({out})")
                return MdText(out)
            case ir.Array():
                extras = constraint_texts(t.constraints, self.table) if with_constraints else []
                return MdText(_with(f"array of {self._operand(t.item)}", extras))
            case ir.Map():
                extras = constraint_texts(t.constraints, self.table) if with_constraints else []
                return MdText(_with(f"map of {self._operand(t.value)}", extras))
            case ir.Nullable():
                return MdText(f"{self._operand(t.inner)}{self.bar}null")
            case _:
                assert_never(t)

    def _operand(self, t: ir.Type) -> str:
        inner = self.expr(t, nested=True)
        return f"({inner})" if isinstance(t, ir.Nullable) else inner


def _edge_hint(t: ir.Type) -> str:
    match t:
        case ir.Array():
            return "[]" + _edge_hint(t.item)
        case ir.Map():
            return "{}" + _edge_hint(t.value)
        case ir.Nullable():
            return _edge_hint(t.inner)
        case ir.Primitive() | ir.AnyValue() | ir.Literal() | ir.Ref():
            return ""
        case _:
            assert_never(t)


def edges_of(shape: ir.Shape) -> list[tuple[str, str]]:
    """(label, shape name) for every shape `shape` refers to directly, in order, without repeats."""
    out: list[tuple[str, str]] = []
    if isinstance(shape, ir.Object):
        for f in shape.fields:
            for r in ir.refs(f.type):
                out.append((f.wire_name + _edge_hint(f.type), r))
    elif isinstance(shape, ir.Union_):
        for v in shape.variants:
            for r in ir.refs(v.type):
                out.append((f"{shape.tag} = {v.tag_value}" if v.tag_value is not None else "variant", r))
    elif isinstance(shape, ir.Alias):
        for r in ir.refs(shape.type):
            out.append(("is" + (" " + _edge_hint(shape.type) if _edge_hint(shape.type) else ""), r))
    seen: set[tuple[str, str]] = set()
    unique = []
    for e in out:
        if e not in seen:
            seen.add(e)
            unique.append(e)
    return unique


class Catalog:
    """A namespace with its shapes looked up by name and its reachability worked out once."""

    def __init__(self, ns: ir.Namespace, decided: DecidedNamespace):
        self.ns = ns
        self.decided = decided  # the decide stage's answers (how each union dispatches)
        self.name = ns.name
        self.description = ns.description
        self.schema_id = ns.schema_id
        self.shapes = ns.shapes
        self.by_name = {s.name: s for s in ns.shapes}
        self.position = {s.name: i for i, s in enumerate(ns.shapes)}
        self._edges: dict[str, list[tuple[str, str]]] = {}

    def shape(self, name: str) -> ir.Shape:
        return self.by_name[name]

    def edges(self, name: str) -> list[tuple[str, str]]:
        """`edges_of` the shape called `name`, worked out once."""
        found = self._edges.get(name)
        if found is None:
            found = self._edges[name] = edges_of(self.by_name[name])
        return found


def neighbours(ns: Catalog, start: str) -> list[str]:
    """`start`, then the shapes it refers to directly, in namespace order: what its page shows
    (a page links to these and does not expand them further)."""
    found = {r for _, r in ns.edges(start)}
    found.discard(start)
    return [start] + sorted(found, key=ns.position.__getitem__)


# ---------------------------------------------------------------- the Mermaid diagram

_NODE_SHAPES = {
    ir.Object: ('["', '"]'),
    ir.Union_: ('{{"', '"}}'),
    ir.Enum: ('(["', '"])'),
    ir.Alias: ('[/"', '"/]'),
}


def mermaid(ns: Catalog, names: list[str]) -> str:
    """The shape (`names[0]`) and the shapes it refers to (`neighbours`), with an arrow per
    reference (each of those has its own page and diagram)."""
    start = names[0]
    ids = {name: f"s{i}" for i, name in enumerate(names)}
    lines = ["flowchart LR"]
    for name in names:
        shape = ns.shape(name)
        left, right = _NODE_SHAPES[type(shape)]
        lines.append(f"  {ids[name]}{left}{mermaid_label(name)}<br/>{mermaid_label(kind_of(shape))}{right}")
    for label, target in ns.edges(start):
        lines.append(f'  {ids[start]} -->|"{mermaid_label(label)}"| {ids[target]}')
    lines.append(f"  style {ids[start]} stroke-width:3px")
    return "\n".join(lines)


# ---------------------------------------------------------------- every language's names


@dataclass(frozen=True)
class LanguageNames:
    """The names one language's generated code gives a namespace's shapes and fields."""

    language: str  # as the docs print it: "Python", "TypeScript", ...
    names: Names


def language_names(ns: ir.Namespace, decided: DecidedNamespace | None = None) -> list[LanguageNames]:
    """Every registered language's names for `ns` (the decide stage's, generator.decide), in
    registry order, as each language's code prints them. A new language's target appears here
    without a change."""
    decided = decided if decided is not None else decide_namespace(ns)
    return [LanguageNames(rules.language, decided.names(name)) for name, rules in decided.rules.items()]


# ---------------------------------------------------------------- page models


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]


def _default_cell(f: ir.Field) -> str:
    return md_code(json_inline(f.presence.value)) if isinstance(f.presence, ir.Default) else "—"


def _field_constraints(t: ir.Type) -> list[str]:
    if isinstance(t, (ir.Primitive, ir.Array, ir.Map)):
        return constraint_texts(t.constraints)
    return []


def _field_description(f: ir.Field) -> str:
    parts = []
    if f.secret:
        parts.append(SECRET_NOTE)
    if f.deprecated:
        parts.append("**Deprecated.**")
    if f.description:
        parts.append(md_cell(f.description))
    for example in f.examples:
        parts.append("Example: " + md_code(json_inline(example)))
    return "<br>".join(parts) if parts else " "


SECRET_NOTE = (
    "**Secret**: the generated code keeps it out of what it prints (repr, Debug, toString, error "
    "messages); it is sent and received as it is."
)


def field_rows(shape: ir.Object, languages: list[LanguageNames], types: TypeWriter) -> list[Row]:
    rows = []
    for f in shape.fields:
        rows.append(
            Row(
                (
                    md_code(f.wire_name),
                    *(md_code(ln.names.field(shape.name, f.wire_name)) for ln in languages),
                    md_cell(types.expr(f.type, with_constraints=False)),
                    "yes" if f.required else "no",
                    "yes" if f.nullable else "no",
                    _default_cell(f),
                    md_cell(MdText("; ".join(constraints))) if (constraints := _field_constraints(f.type)) else "—",
                    _field_description(f),
                )
            )
        )
    return rows


def used_by(ns: Catalog) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {s.name: [] for s in ns.shapes}
    for s in ns.shapes:
        for r in dict.fromkeys(r for _, r in ns.edges(s.name)):  # each user once, in edge order
            out[r].append(s.name)
    return out


def render_shape(
    ns: Catalog,
    shape: ir.Shape,
    languages: list[LanguageNames],
    page: jinja2.Template,
    users: list[str],
    near: list[str] | None = None,
) -> str:
    """A shape's page, from the docs' `shape.md.j2`."""
    types = TypeWriter(ns, table=True)
    if near is None:  # the shape, then the shapes it refers to: diagram and "Uses"
        near = neighbours(ns, shape.name)
    context: dict[str, Any] = {
        "namespace": ns,
        "shape": shape,
        "kind": kind_cell(shape),
        "is_object": isinstance(shape, ir.Object),
        "is_union": isinstance(shape, ir.Union_),
        "is_enum": isinstance(shape, ir.Enum),
        "is_alias": isinstance(shape, ir.Alias),
        "diagram": mermaid(ns, near),
        "used_by": [link(u, page_file(u)) for u in users],
        "fields": [],
        "variants": [],
        "values": [],
        "alias_type": "",
        "union_rule": "",
        "index_link": link("index", "../index.md"),
        "languages": [ln.language for ln in languages],
        "code_names": MdText(
            ", ".join(f"{md_inline(ln.language)} {md_code(ln.names.type(shape.name), table=False)}" for ln in languages)
        ),
    }
    context["uses"] = [
        Row((link(n, page_file(n)), kind_cell(ns.shape(n)), md_cell(one_line(ns.shape(n).description))))
        for n in near[1:]
    ]
    match shape:
        case ir.Object():
            context["fields"] = field_rows(shape, languages, types)
        case ir.Union_():
            if shape.tag is not None:
                context["union_rule"] = MdText(
                    f"Tagged: the value of the property {md_code(shape.tag, table=False)} picks the variant."
                    + (
                        f"\n\n**Open union** (forward-compatible): an object whose {md_code(shape.tag, table=False)} "
                        "is none of the values below is accepted and kept as it is, so a response from a newer "
                        "version of the service still parses; a listed value still has to match its variant."
                        if shape.open
                        else ""
                    )
                )
            elif isinstance(ns.decided.dispatch(shape.name), ByJsonType):
                context["union_rule"] = MdText("Untagged: the variants are told apart by JSON type.")
            else:
                context["union_rule"] = MdText(
                    "Untagged: the variants share a JSON type and are told apart by their contents (the value is tried against each variant)."
                )
            context["variants"] = [
                Row(
                    (
                        md_cell(types.expr(v.type)),
                        md_code(json_inline(v.tag_value)) if v.tag_value is not None else json_type_cell(v.type, ns),
                    )
                )
                for v in shape.variants
            ]
        case ir.Enum():
            descriptions = shape.value_descriptions or ("",) * len(shape.values)
            context["values"] = [Row((md_code(json_inline(v)), md_cell(d))) for v, d in zip(shape.values, descriptions)]
        case ir.Alias():
            context["alias_type"] = TypeWriter(ns, table=False).expr(shape.type)
        case _:
            assert_never(shape)
    return page.render(**context)


def render_index(model: ir.Model, env: Any, project: Identity | None = None) -> str:
    namespaces = []
    for ns in model.namespaces:
        prefix = page_prefix(ns)
        top = [
            Row((link(s.name, prefix + page_file(s.name)), s.role, md_cell(one_line(s.description))))
            for s in ns.top_level
        ]
        parts = [
            Row((link(s.name, prefix + page_file(s.name)), kind_cell(s), md_cell(one_line(s.description))))
            for s in ns.shapes
            if s.role == "part"
        ]
        namespaces.append({"ns": ns, "top": top, "parts": parts})
    return env.get_template("index.md.j2").render(
        namespaces=namespaces, project=project or identity({}, {ns.name: {} for ns in model.namespaces})
    )


def page_prefix(ns: ir.Namespace | Catalog) -> str:
    return page_file(ns.name)[: -len(".md")] + "/"


def _join(items: Any, separator: str = "") -> str:
    """Jinja's `join` as the docs use it (a table's cells, a page's links): the same text, without
    its checks for markup and async (nothing here is either), and without a str() copy of each
    item when all of them are text already."""
    if type(items) in (list, tuple):
        try:
            return separator.join(items)
        except TypeError:  # an item that is not text: printed as str() prints it
            pass
    return separator.join(map(str, items))


def render(inp: RenderInput) -> dict[str, str]:
    env = environment("docs", FILTERS)
    env.filters["join"] = _join
    # the table macro, made once: a page's `{% from ... import %}` would work out afresh on every
    # page which of the page's globals the imported template may see
    env.globals["table"] = env.get_template("_table.md.j2").module.table  # type: ignore[attr-defined]
    # with a fragment memo, a page is reused when the model's structure (render_memo) and the prose
    # the page prints are those of the last run: its shape's own, and the description of each shape
    # it refers to (the "Uses" table); every other line of a page is made of structure. The index
    # prints the project's identity and the description of every shape.
    structure = structure_digest(inp.model) if memo_active() else b""
    project = identity(inp.options, inp.bundles)
    if structure:
        every_description = tuple(tuple(s.description for s in ns.shapes) for ns in inp.model.namespaces)
        (index,) = unit(
            "docs.index",
            (structure, dataclasses.astuple(project), every_description),
            lambda: (render_index(inp.model, env, project),),
        )
    else:
        index = render_index(inp.model, env, project)
    files = {"index.md": index}
    page = env.get_template("shape.md.j2")  # looked up once, not once per page
    for ns_index, ns in enumerate(inp.model.namespaces):
        decided = inp.decisions(ns)
        languages = language_names(ns, decided)
        catalog = Catalog(ns, decided)
        users = used_by(catalog)
        for index, shape in enumerate(ns.shapes):
            path = page_prefix(ns) + page_file(shape.name)
            if not structure:
                files[path] = render_shape(catalog, shape, languages, page, users[shape.name])
                continue
            near = neighbours(catalog, shape.name)
            prose = (own_prose(shape), tuple(catalog.shape(n).description for n in near[1:]))
            (files[path],) = unit(
                "docs.page",
                (structure, ns_index, index, prose),
                lambda: (render_shape(catalog, shape, languages, page, users[shape.name], near),),
            )
    # a bidi control from the schema (a description, a name, an example) is shown as `\u202e`,
    # in prose, tables, code and diagrams alike: never raw, where it would reorder what is read
    return {rel: bidi_escaped(text) for rel, text in files.items()}


# Markdown as written: no formatter runs
TARGET = SimpleTarget(
    name="docs", out_dir="docs", render_fn=render, owns_fn=lambda rel: rel.endswith(".md"), formatter="none"
)
