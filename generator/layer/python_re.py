"""ECMA-262 regular expressions (what JSON Schema's `pattern` means) printed as Python `re`: the
`python-re` dialect of `generator.layer.patterns`, which the validators compiler uses too.

There is one front end: the pattern is parsed by `generator.layer.ecma` (Unicode mode, the `u`
flag), and this module prints that tree. Nothing here reads the pattern's text again, except the
way a class member or an escape was written, where Python's spelling is the same.

Printed:
- `\\d \\D \\w \\W \\b \\B` are ASCII-only in ECMA-262: the pattern is compiled with `(?a)`;
- `\\s \\S` are ECMA-262's white space and line terminators (Unicode spaces and U+FEFF), written out;
- `.` does not match line terminators (`\\n \\r U+2028 U+2029`);
- `$` matches only at the end of the input (Python's `$` also matches before a final `\\n`);
- `\\p{..}` / `\\P{..}` with a General_Category value (`L`, `Lu`, `Letter`, `gc=Nd`, ...), and `\\S`
  inside a class, become explicit code point ranges (the parser's sets, from `unicodedata` at
  generation time);
- every other character (`\\u{X..}`, surrogate-pair escapes, `\\cX`, `\\0`, identity escapes) is
  printed from its code point; `(?<name>` and `\\k<name>` become Python's `(?P<name>` and
  `(?P=name)`; `[]` matches nothing and `[^]` anything.

Refused (`UnsupportedPattern`): what is not valid ECMA-262 in Unicode mode, and `\\p{Script=..}`
and binary properties (`\\p{Emoji}`), which the parser cannot expand. A lookbehind that is not of
fixed width compiles in ECMA-262 but not in Python (`re.error` from `compile_pattern`).
"""

from __future__ import annotations

import functools
import re

from generator.layer import ecma
from generator.layer.charset import SPACE, CharSet

_ECMA_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_DOT = "[^\\n\\r\\u2028\\u2029]"
_CONTROL = {0x09: "\\t", 0x0A: "\\n", 0x0B: "\\v", 0x0C: "\\f", 0x0D: "\\r"}
_SPECIAL = ".^$*+?{}[]\\|()"  # escaped outside a class
_CLASS_SPECIAL = "[]\\^-&~|"  # escaped inside a class (set operators would draw FutureWarnings)


class UnsupportedPattern(ValueError):
    """The pattern is not ECMA-262 in Unicode mode, or uses what Python `re` cannot express."""


def _class_char(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def _char(cp: int, in_class: bool) -> str:
    """One code point, literally."""
    ch = chr(cp)
    if cp in _CONTROL:
        return _CONTROL[cp]
    if cp < 0x20 or cp == 0x7F:
        return f"\\x{cp:02x}"
    if cp >= 0x80:
        return _class_char(cp)
    return "\\" + ch if ch in (_CLASS_SPECIAL if in_class else _SPECIAL) else ch


def _ranges(cs: CharSet) -> str:
    """A set's code points as class contents (`\\u0041-\\u005a...`)."""
    return "".join(_class_char(lo) if lo == hi else f"{_class_char(lo)}-{_class_char(hi)}" for lo, hi in cs.ranges)


def _escape_set(text: str, cs: CharSet, in_class: bool) -> str:
    """A class escape (`\\d`, `\\s`, `\\p{L}`, ...): class contents inside a class, an atom outside."""
    if text in ("\\d", "\\D", "\\w", "\\W"):
        return text  # ASCII under (?a), as in ECMA-262
    if text == "\\s":
        return _ECMA_SPACE if in_class else f"[{_ECMA_SPACE}]"
    if in_class:
        return _ranges(cs)
    if text == "\\S" and cs == ~SPACE:
        return f"[^{_ECMA_SPACE}]"
    if text.startswith("\\P"):
        return f"[^{_ranges(~cs)}]"
    return f"[{_ranges(cs)}]"


def _chars(n: ecma.Chars) -> str:
    if not n.exact:
        raise UnsupportedPattern(f"unsupported Unicode property in {n.text}")
    if n.text.startswith("["):
        if not n.members:
            return "[\\s\\S]" if n.negated else "(?!)"
        body = []
        for m in n.members:
            if m.kind == "range":
                (lo, hi), *_ = m.set.ranges
                body.append(f"{_char(lo, True)}-{_char(hi, True)}")
            elif m.kind == "escape":
                body.append(_escape_set(m.text, m.set, True))
            elif len(m.text) == 1 and m.text not in _CLASS_SPECIAL:
                body.append(m.text)  # a character written as itself means itself in Python too
            else:
                cp = m.set.single()
                assert cp is not None
                body.append(_char(cp, True))
        return "[" + ("^" if n.negated else "") + "".join(body) + "]"
    if n.text == ".":
        return _DOT
    if len(n.text) == 1 and n.text not in _SPECIAL:
        return n.text
    cp = n.set.single()
    if cp is not None and not n.text.startswith(("\\p", "\\P")):
        return _char(cp, False)
    return _escape_set(n.text, n.set, False)


def _repeat(n: ecma.Repeat) -> str:
    q = {(0, None): "*", (1, None): "+", (0, 1): "?"}.get((n.min, n.max))
    if q is None:
        q = f"{{{n.min}}}" if n.max == n.min else f"{{{n.min},{'' if n.max is None else n.max}}}"
    return _node(n.node) + q + ("?" if n.lazy else "")


def _seq(n: ecma.Seq) -> str:
    out: list[str] = []
    for i, item in enumerate(n.items):
        text = _node(item)
        if i and isinstance(n.items[i - 1], ecma.Backref) and text[:1].isdigit():
            out[-1] = f"(?:{out[-1]})"  # `\\1` then `0` is not `\\10`
        out.append(text)
    return "".join(out)


def _node(n: ecma.Node) -> str:
    if isinstance(n, ecma.Chars):
        return _chars(n)
    if isinstance(n, ecma.Seq):
        return _seq(n)
    if isinstance(n, ecma.Alt):
        return "|".join(_node(o) for o in n.options)
    if isinstance(n, ecma.Repeat):
        return _repeat(n)
    if isinstance(n, ecma.Group):
        head = f"(?P<{n.name}>" if n.name is not None else "(" if n.capturing else "(?:"
        return head + _node(n.node) + ")"
    if isinstance(n, ecma.Look):
        head = ("(?=" if not n.negated else "(?!") if n.ahead else ("(?<=" if not n.negated else "(?<!")
        return head + _node(n.node) + ")"
    if isinstance(n, ecma.Assert):
        return {"^": "^", "$": "(?!(?s:.))", "b": "\\b", "B": "\\B"}[n.kind]
    if isinstance(n, ecma.Backref):
        return f"(?P={n.ref})" if isinstance(n.ref, str) else f"\\{n.ref}"
    raise AssertionError(f"unknown node {n!r}")


def emit(tree: ecma.Node) -> str:
    """The Python `re` source for a parsed ECMA-262 pattern (see the module notes)."""
    return "(?a)" + _node(tree)


@functools.lru_cache(maxsize=4096)
def translate(pattern: str) -> str:
    """The Python `re` source equivalent to the ECMA-262 `pattern`; raises UnsupportedPattern."""
    try:
        tree = ecma.parse(pattern)
    except ecma.PatternSyntaxError as exc:
        raise UnsupportedPattern(str(exc)) from None
    return emit(tree)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The translated pattern, compiled; raises UnsupportedPattern or re.error."""
    return re.compile(translate(pattern))
