"""Patterns: one `Pattern` per `pattern` keyword, one translation per regex dialect, made here.

A JSON Schema `pattern` is an ECMA-262 regular expression, matched anywhere in the string
(unanchored search), in Unicode mode. The lowering stores every pattern as a `Pattern` (in
`ir.Constraints.pattern`): a `str` subclass holding the source as written, plus `where`
("file#/json/pointer/pattern"). Being a `str`, it prints exactly as before wherever a target
still reads it as text; a target that checks patterns calls exactly one of:

| dialect | call | how the target uses it |
| --- | --- | --- |
| `python-re` | `p.python_re()` | `re.compile(src).search(value)`: pydantic models (`regex_engine="python-re"`) and the compiled validators, the same text |
| `ecma` | `p.ecma()` | TypeScript `new RegExp(src, "u")`, Dart `RegExp(src, unicode: true)`: the source itself |
| `regress` | `p.regress()` | Rust: `regress::Regex::with_flags(src, REGRESS_FLAGS)` with `REGRESS_FLAGS = "u"`, then `.find(value).is_some()` |
| `dotnet` | `p.dotnet()` | C#: `new Regex(src, DOTNET_OPTIONS)`, `DOTNET_OPTIONS = "RegexOptions.CultureInvariant"`, then `.IsMatch(value)` |

What each translation maps:
- `python-re` (`generator.layer.python_re`, printed from the same parse tree, shared with the validators compiler):
  `$` only at the very end (Python's `$` also matches before a final `\\n`), `\\d \\w \\b` ASCII,
  `\\s` and `.` as ECMA-262 defines them, `\\p{..}` General_Category expanded, `\\u{..}` and
  surrogate-pair escapes as code points.
- `ecma` and `regress`: the source is already the dialect; it is parsed here (Unicode-mode
  syntax) so that an invalid pattern fails at generate time, not in the user's program.
- `dotnet` (`RegexOptions.ECMAScript` is not used: it cannot be combined with most options and
  has no Unicode mode): .NET matches UTF-16 code units, so every character set is written out as
  explicit BMP classes plus surrogate-pair alternations (an astral character is one character,
  as with `u`); `\\d \\w \\s .` are written out as ECMA-262's sets (.NET's are Unicode-wide);
  `$` becomes `\\z`, `^` `\\A`, `\\b`/`\\B` ASCII-word lookarounds; groups, lookarounds and
  back-references are .NET's own. A lone surrogate in the input is not modelled.

A pattern a dialect cannot express exactly raises `ShapegenError` naming the file and pointer
(`where=`); it is never skipped. `python-re` cannot express `\\p{Script=..}` and binary
properties (`\\p{Emoji}`), nor `\\P{..}` inside a class.

Every translation keeps search semantics (the pattern may match anywhere): use `re.search`,
`RegExp.test`, `Regex::find`, `Regex.IsMatch`.

ReDoS: `p.risks` (see `redos.py`) is decided once per pattern. The pipeline reviews every
pattern of a run once (`review(model, bundles=...)`, which also covers `patternProperties` and
other patterns only the validators check): each risky one is a warning with the risk stated at
its file and pointer, an error in strict mode. Called alone, `review(..., strict=True)` raises on
the first and `strict=False` emits a `PatternRiskWarning` per pattern.
"""

from __future__ import annotations

import functools
import warnings
from typing import Iterable, Iterator

from generator import ir
from generator.errors import ShapegenError
from generator.layer import ecma, python_re
from generator.layer.charset import ASTRAL, HIGH_SURROGATES, LOW_SURROGATES, SURROGATES, WORD, CharSet
from generator.layer.redos import Risk, risks

DIALECTS = ("python-re", "ecma", "regress", "dotnet")
REGRESS_FLAGS = "u"
DOTNET_OPTIONS = "RegexOptions.CultureInvariant"


class PatternRiskWarning(UserWarning):
    """A pattern that can take super-linear time; the message names the place and the risk."""


class Pattern(str):
    """An ECMA-262 pattern as written in the schema, and where (`file#pointer`)."""

    where: str

    def __new__(cls, source: str, where: str = "") -> "Pattern":
        obj = super().__new__(cls, source)
        obj.where = where
        return obj

    def __reduce__(self):  # type: ignore[override]
        return (Pattern, (str(self), self.where))

    @property
    def source(self) -> str:
        return str(self)

    def _fail(self, dialect: str, why: str) -> ShapegenError:
        return ShapegenError(
            f"pattern {self.source!r} cannot be checked exactly in {dialect}: {why}",
            where=self.where or None,
            hint="write the pattern with constructs every language shares (see generator/layer/patterns.py)",
        )

    @property
    def tree(self) -> ecma.Node:
        """The parsed pattern; raises ShapegenError (with `where`) when it is not valid ECMA-262."""
        return _parse(self.source, self.where)

    @property
    def risks(self) -> tuple[Risk, ...]:
        return _risks(self.source, self.where)

    def in_dialect(self, dialect: str) -> str:
        return {"python-re": self.python_re, "ecma": self.ecma, "regress": self.regress, "dotnet": self.dotnet}[
            dialect
        ]()

    def python_re(self) -> str:
        try:
            return python_re.emit(self.tree)
        except python_re.UnsupportedPattern as exc:
            raise self._fail("Python re", str(exc)) from None

    def ecma(self) -> str:
        self.tree
        return self.source

    def regress(self) -> str:
        self.tree
        return self.source

    def dotnet(self) -> str:
        tree = self.tree
        try:
            return _dotnet(self.source, tree)
        except _Inexpressible as exc:
            raise self._fail(".NET Regex", str(exc)) from None


@functools.lru_cache(maxsize=4096)
def _parse(source: str, where: str) -> ecma.Node:
    try:
        return ecma.parse(source)
    except ecma.PatternSyntaxError as exc:
        raise ShapegenError(
            f"pattern {source!r} is not a valid ECMA-262 regular expression (Unicode mode): {exc}",
            where=where or None,
            hint="JSON Schema patterns are ECMA-262 regular expressions, read with the 'u' flag",
        ) from None


@functools.lru_cache(maxsize=4096)
def _risks(source: str, where: str) -> tuple[Risk, ...]:
    return tuple(risks(_parse(source, where)))


def as_pattern(value: object, where: str) -> Pattern:
    return value if isinstance(value, Pattern) else Pattern(str(value), where)


# ---------------------------------------------------------------- review (ReDoS), once per run


def patterns_of(t: ir.Type) -> Iterator[Pattern]:
    """The patterns of a type's strings, outermost first (`ir.walk`)."""
    for inner in ir.walk(t):
        if isinstance(inner, ir.Primitive) and inner.constraints.pattern is not None:
            p = inner.constraints.pattern
            yield p if isinstance(p, Pattern) else Pattern(p)


def model_patterns(model: ir.Model) -> list[Pattern]:
    """Every pattern of the model, once each per place, in model order."""
    out: list[Pattern] = []
    seen: set[tuple[str, str]] = set()
    for ns in model.namespaces:
        for shape in ns.shapes:
            types: list[ir.Type] = []
            if isinstance(shape, ir.Object):
                types = [f.type for f in shape.fields]
            elif isinstance(shape, ir.Union_):
                types = [v.type for v in shape.variants]
            elif isinstance(shape, ir.Alias):
                types = [shape.type]
            for t in types:
                for p in patterns_of(t):
                    if (p.source, p.where) not in seen:
                        seen.add((p.source, p.where))
                        out.append(p)
    return out


RISK_HINT = (
    "rewrite it without nested or overlapping quantifiers (e.g. `^(a+)+$` is `^a+$`), "
    "or turn strict mode off to accept it with a warning"
)


def _escape(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def bundle_patterns(bundle: object) -> list[Pattern]:
    """Every regular expression of a normalised bundle (`generator.normalise.Bundle`): `pattern`
    values and `patternProperties` keys, including those the IR does not model (the compiled
    validators check them all), each with where it was written."""
    from generator.walk import walk

    out: list[Pattern] = []
    defs = getattr(bundle, "defs", {})
    sources = getattr(bundle, "sources", {})
    for name, schema in defs.items():
        source = sources.get(name)
        base = f"{source.file}#{source.pointer}" if source is not None else f"#/$defs/{_escape(name)}"
        for path, node in walk(schema):
            pattern = node.get("pattern")
            props = node.get("patternProperties")
            if not isinstance(pattern, str) and not isinstance(props, dict):
                continue  # most schema objects: no pointer spelled out
            at = base + "".join(f"/{_escape(t)}" for t in path)
            if isinstance(pattern, str):
                out.append(Pattern(pattern, at + "/pattern"))
            if isinstance(props, dict):
                out += [Pattern(key, f"{at}/patternProperties/{_escape(key)}") for key in props if isinstance(key, str)]
    return out


def risky(model: ir.Model, bundles: Iterable[object] = ()) -> list[tuple[Pattern, str]]:
    """Every risky pattern of the model (and of the normalised bundles, when given: the
    validators' `patternProperties` too) with its message (the worst risk), after parsing every
    pattern (an invalid one raises). For a pipeline that collects diagnostics: each is a warning
    at `pattern.where`, with `RISK_HINT`, and an error in strict mode."""
    out = []
    seen: set[tuple[str, str]] = set()
    every = model_patterns(model) + [p for b in bundles for p in bundle_patterns(b)]
    for p in every:
        if (p.source, p.where) in seen:
            continue
        seen.add((p.source, p.where))
        p.tree
        if p.risks:
            out.append((p, f"pattern {p.source!r}: {p.risks[0].describe()}"))
    return out


def review(model: ir.Model, *, strict: bool = False, bundles: Iterable[object] = ()) -> list[tuple[Pattern, Risk]]:
    """Parse every pattern (an invalid one is an error) and decide its ReDoS risk: in strict mode
    the first risky pattern is an error; otherwise each is a `PatternRiskWarning`. Returns the
    risky patterns with their worst risk. `bundles`: the normalised bundles, so that patterns
    only the validators check (`patternProperties`) are reviewed too."""
    found = []
    for p, message in risky(model, bundles):
        found.append((p, p.risks[0]))
        if strict:
            raise ShapegenError(message, where=p.where or None, hint=RISK_HINT)
        warnings.warn(PatternRiskWarning(f"{p.where}: {message}" if p.where else message), stacklevel=2)
    return found


# ---------------------------------------------------------------- .NET


class _Inexpressible(Exception):
    pass


def _dn_char(cp: int) -> str:
    if cp < 0x80 and (chr(cp).isalnum() or chr(cp) == "_"):
        return chr(cp)
    return f"\\u{cp:04X}"


def _dn_class_body(cs: CharSet) -> str:
    parts = []
    for lo, hi in cs.ranges:
        parts.append(_dn_char(lo) if lo == hi else f"{_dn_char(lo)}-{_dn_char(hi)}")
    return "".join(parts)


def _dn_set(cs: CharSet) -> str:
    """One code point out of `cs`, in .NET's UTF-16 world."""
    alts: list[str] = []
    astral = cs & ASTRAL
    for lo, hi in astral.ranges:
        alts.extend(_surrogate_ranges(lo, hi))
    bmp = cs - ASTRAL - SURROGATES
    lone_high = cs & HIGH_SURROGATES
    lone_low = cs & LOW_SURROGATES
    if bmp:
        single = bmp.single()
        alts.append(_dn_char(single) if single is not None else f"[{_dn_class_body(bmp)}]")
    if lone_high:
        alts.append(f"[{_dn_class_body(lone_high)}](?![\\uDC00-\\uDFFF])")
    if lone_low:
        alts.append(f"(?<![\\uD800-\\uDBFF])[{_dn_class_body(lone_low)}]")
    if not alts:
        return "(?!)"
    return alts[0] if len(alts) == 1 and not (lone_high or lone_low or astral) else f"(?:{'|'.join(alts)})"


def _surrogate_ranges(lo: int, hi: int) -> list[str]:
    def pair(cp: int) -> tuple[int, int]:
        v = cp - 0x10000
        return 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)

    (h1, l1), (h2, l2) = pair(lo), pair(hi)
    if h1 == h2:
        return [f"\\u{h1:04X}[\\u{l1:04X}-\\u{l2:04X}]"]
    out = [f"\\u{h1:04X}[\\u{l1:04X}-\\uDFFF]"]
    if h2 - h1 > 1:
        out.append(f"[\\u{h1 + 1:04X}-\\u{h2 - 1:04X}][\\uDC00-\\uDFFF]")
    out.append(f"\\u{h2:04X}[\\uDC00-\\u{l2:04X}]")
    return out


_DN_WORD = f"[{_dn_class_body(WORD)}]"


def _dotnet(source: str, tree: ecma.Node) -> str:
    def emit(n: ecma.Node) -> str:
        if isinstance(n, ecma.Chars):
            if not n.exact:
                raise _Inexpressible(f"{n.text} (only General_Category properties are expanded)")
            return _dn_set(n.set)
        if isinstance(n, ecma.Seq):
            return "".join(emit(i) for i in n.items)
        if isinstance(n, ecma.Alt):
            return "|".join(emit(o) for o in n.options)
        if isinstance(n, ecma.Group):
            inner = emit(n.node)
            if n.name is not None:
                return f"(?<{n.name}>{inner})"
            return f"({inner})" if n.capturing else f"(?:{inner})"
        if isinstance(n, ecma.Look):
            head = ("(?=" if not n.negated else "(?!") if n.ahead else ("(?<=" if not n.negated else "(?<!")
            return head + emit(n.node) + ")"
        if isinstance(n, ecma.Assert):
            return {
                "^": "\\A",
                "$": "\\z",
                "b": f"(?:(?<={_DN_WORD})(?!{_DN_WORD})|(?<!{_DN_WORD})(?={_DN_WORD}))",
                "B": f"(?:(?<={_DN_WORD})(?={_DN_WORD})|(?<!{_DN_WORD})(?!{_DN_WORD}))",
            }[n.kind]
        if isinstance(n, ecma.Backref):
            return f"\\k<{n.ref}>" if isinstance(n.ref, str) else f"(?:\\{n.ref})"
        if isinstance(n, ecma.Repeat):
            body = emit(n.node)
            atomic = isinstance(n.node, ecma.Group) or (
                isinstance(n.node, ecma.Chars)
                and (
                    len(body) == 1
                    or (body.startswith("[") and body.endswith("]") and body.count("[") == 1)
                    or (body.startswith("\\u") and len(body) == 6)
                    or body.startswith("(?:")
                )
            )
            if not atomic:
                body = f"(?:{body})"
            q = {(0, None): "*", (1, None): "+", (0, 1): "?"}.get((n.min, n.max))
            if q is None:
                q = f"{{{n.min}}}" if n.max == n.min else f"{{{n.min},{'' if n.max is None else n.max}}}"
            return body + q + ("?" if n.lazy else "")
        raise _Inexpressible(f"unknown construct in {source!r}")

    return emit(tree)


# ---------------------------------------------------------------- RE2 (Go's regexp)

# RE2 refuses a counted repetition above this (`{1001}`)
RE2_MAX_REPEAT = 1000


def re2(p: Pattern) -> str | None:
    """The pattern in RE2 syntax (Go's `regexp`, linear time) when RE2 means exactly what ECMA-262
    means for it, else None (then a target uses a backtracking ECMAScript engine, or refuses).

    Proven equal: every character set is written out as an explicit class of code points
    (ECMA-262's `\\d \\w \\s .` and `\\p{..}` General_Category sets, so RE2's own meanings of those
    escapes never apply), `^`/`$` are text anchors in both (no multiline flag), `\\b`/`\\B` are ASCII
    word boundaries in both, and a match is searched for anywhere (`MatchString`): which match a
    leftmost-first or backtracking engine prefers does not change whether one exists. Not
    expressible: lookarounds, back-references, a property this parser cannot expand, a count
    above 1000. Go strings hold no lone surrogates (JSON's `\\ud800` decodes to U+FFFD), so
    surrogate code points are left out of every class."""
    tree = p.tree
    try:
        return _re2(tree)
    except _Inexpressible:
        return None


def _re2_char(cp: int) -> str:
    if cp < 0x80 and (chr(cp).isalnum() or chr(cp) == "_"):
        return chr(cp)
    return f"\\x{{{cp:X}}}"


def _re2_set(cs: CharSet) -> str:
    cs = cs - SURROGATES
    single = cs.single()
    if single is not None:
        return _re2_char(single)
    if not cs:
        return "[^\\x{0}-\\x{10FFFF}]"
    return (
        "[" + "".join(_re2_char(lo) if lo == hi else f"{_re2_char(lo)}-{_re2_char(hi)}" for lo, hi in cs.ranges) + "]"
    )


def _re2(tree: ecma.Node) -> str:
    def emit(n: ecma.Node) -> str:
        if isinstance(n, ecma.Chars):
            if not n.exact:
                raise _Inexpressible(n.text)
            return _re2_set(n.set)
        if isinstance(n, ecma.Seq):
            return "".join(emit(i) for i in n.items)
        if isinstance(n, ecma.Alt):
            return "|".join(emit(o) for o in n.options)
        if isinstance(n, ecma.Group):
            return f"(?:{emit(n.node)})"
        if isinstance(n, ecma.Assert):
            return {"^": "^", "$": "$", "b": "\\b", "B": "\\B"}[n.kind]
        if isinstance(n, ecma.Repeat):
            if n.min > RE2_MAX_REPEAT or (n.max is not None and n.max > RE2_MAX_REPEAT):
                raise _Inexpressible(f"a count above {RE2_MAX_REPEAT}")
            q = {(0, None): "*", (1, None): "+", (0, 1): "?"}.get((n.min, n.max))
            if q is None:
                q = f"{{{n.min}}}" if n.max == n.min else f"{{{n.min},{'' if n.max is None else n.max}}}"
            return f"(?:{emit(n.node)}){q}" + ("?" if n.lazy else "")
        raise _Inexpressible(type(n).__name__)  # lookarounds and back-references

    return emit(tree)
