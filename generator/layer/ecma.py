"""A parser for ECMA-262 regular expressions in Unicode mode (the `u` flag), which is what JSON
Schema's `pattern` means. It produces a small tree (below) that the ReDoS analysis
(`redos.py`) and the dialect translations (`patterns.py`) walk; it does not match anything.

Nodes: `Chars` (one character out of a set: a literal, `.`, `\\d`, `[...]`; a class keeps its
`members` as written, each a `Member`), `Seq`, `Alt`,
`Repeat` (min, max or None for unbounded, lazy), `Group` (capturing or not, with a name),
`Look` (lookahead or lookbehind, negated or not), `Assert` (`^`, `$`, `\\b`, `\\B`),
`Backref` (a number or a name).

Unicode mode is strict: an identity escape of a letter, a lone `{` or `}` and an unterminated
group are errors (`PatternSyntaxError`), as in every ECMA-262 engine with the `u` flag.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from dataclasses import dataclass
from typing import Union

from generator.layer.charset import ANY, DIGIT, DOT, EMPTY, SPACE, WORD, CharSet

# Unicode general categories by their ECMA-262 long names and aliases (shared with the Python translation, generator.layer.python_re)
CATEGORY_NAMES = {
    "Letter": "L",
    "Cased_Letter": "LC",
    "Uppercase_Letter": "Lu",
    "Lowercase_Letter": "Ll",
    "Titlecase_Letter": "Lt",
    "Modifier_Letter": "Lm",
    "Other_Letter": "Lo",
    "Mark": "M",
    "Combining_Mark": "M",
    "Nonspacing_Mark": "Mn",
    "Spacing_Mark": "Mc",
    "Enclosing_Mark": "Me",
    "Number": "N",
    "Decimal_Number": "Nd",
    "digit": "Nd",
    "Letter_Number": "Nl",
    "Other_Number": "No",
    "Punctuation": "P",
    "punct": "P",
    "Connector_Punctuation": "Pc",
    "Dash_Punctuation": "Pd",
    "Open_Punctuation": "Ps",
    "Close_Punctuation": "Pe",
    "Initial_Punctuation": "Pi",
    "Final_Punctuation": "Pf",
    "Other_Punctuation": "Po",
    "Symbol": "S",
    "Math_Symbol": "Sm",
    "Currency_Symbol": "Sc",
    "Modifier_Symbol": "Sk",
    "Other_Symbol": "So",
    "Separator": "Z",
    "Space_Separator": "Zs",
    "Line_Separator": "Zl",
    "Paragraph_Separator": "Zp",
    "Other": "C",
    "Control": "Cc",
    "cntrl": "Cc",
    "Format": "Cf",
    "Surrogate": "Cs",
    "Private_Use": "Co",
    "Unassigned": "Cn",
}


class PatternSyntaxError(ValueError):
    """Not a valid ECMA-262 pattern in Unicode mode."""


@dataclass(frozen=True)
class Member:
    """One member of a character class, as written: a character (`a`, `\\u0041`), a range
    (`a-z`: `set` is the range) or a class escape (`\\d`, `\\s`, `\\p{L}`)."""

    set: CharSet
    text: str
    kind: str  # "char", "range" or "escape"


@dataclass(frozen=True)
class Chars:
    set: CharSet
    # how it was written, for messages: "a", ".", "\\d", "[a-z]"
    text: str = ""
    # False when `set` stands in for a property this parser cannot expand (`\\p{Script=Greek}`):
    # any character, for the analysis; a translation that needs the set must refuse it
    exact: bool = True
    # a class (`[...]`): its members in order, and whether it is negated (`set` is already the
    # complement); empty for anything else
    members: tuple[Member, ...] = ()
    negated: bool = False


@dataclass(frozen=True)
class Seq:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Alt:
    options: tuple["Node", ...]


@dataclass(frozen=True)
class Repeat:
    node: "Node"
    min: int
    max: int | None
    lazy: bool = False
    text: str = ""  # the quantified text as written, for messages


@dataclass(frozen=True)
class Group:
    node: "Node"
    capturing: bool
    name: str | None = None


@dataclass(frozen=True)
class Look:
    node: "Node"
    ahead: bool
    negated: bool


@dataclass(frozen=True)
class Assert:
    kind: str  # "^", "$", "b", "B"


@dataclass(frozen=True)
class Backref:
    ref: Union[int, str]


Node = Union[Chars, Seq, Alt, Repeat, Group, Look, Assert, Backref]

_SYNTAX = "^$\\.*+?()[]{}|/"
_CONTROL = {"f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}

_CATEGORY_NAMES = CATEGORY_NAMES
_CATEGORIES = set(_CATEGORY_NAMES.values()) | {"L", "M", "N", "P", "S", "Z", "C"}


class UnsupportedProperty(PatternSyntaxError):
    """A `\\p{..}` this parser cannot expand (a script or a binary property)."""


@functools.lru_cache(maxsize=None)
def category(name: str) -> CharSet:
    """The code points of a General_Category (`L`, `Lu`, `Letter`, `gc=Nd`), from this Python's
    `unicodedata`."""
    if "=" in name:
        key, _, value = name.partition("=")
        if key not in ("gc", "General_Category"):
            raise UnsupportedProperty(f"unsupported Unicode property \\p{{{name}}}")
        name = value
    cat = _CATEGORY_NAMES.get(name, name)
    if cat not in _CATEGORIES:
        raise UnsupportedProperty(f"unsupported Unicode property \\p{{{name}}}")
    want = {"LC": ("Lu", "Ll", "Lt")}.get(cat) or ((cat,) if len(cat) == 2 else None)
    out: list[tuple[int, int]] = []
    start = -1
    for cp in range(sys.maxunicode + 2):
        c = unicodedata.category(chr(cp)) if cp <= sys.maxunicode else ""
        hit = bool(c) and (c in want if want else c[0] == cat)
        if hit and start < 0:
            start = cp
        elif not hit and start >= 0:
            out.append((start, cp - 1))
            start = -1
    return CharSet.of(out)


class _Parser:
    def __init__(self, source: str):
        self.s = source
        self.i = 0
        self.groups = 0
        self.names: list[str] = []
        self.backrefs: list[Union[int, str]] = []
        self.inexact = 0

    def error(self, message: str) -> PatternSyntaxError:
        return PatternSyntaxError(f"{message} (at offset {self.i})")

    def peek(self, k: int = 0) -> str:
        return self.s[self.i + k] if self.i + k < len(self.s) else ""

    def parse(self) -> Node:
        node = self.alternation()
        if self.i < len(self.s):
            raise self.error(f"unmatched {self.peek()!r}")
        for ref in self.backrefs:
            if isinstance(ref, int) and ref > self.groups or isinstance(ref, str) and ref not in self.names:
                raise PatternSyntaxError(f"back-reference \\{ref} names no group")
        return node

    def alternation(self) -> Node:
        options = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            options.append(self.sequence())
        return options[0] if len(options) == 1 else Alt(tuple(options))

    def sequence(self) -> Node:
        items: list[Node] = []
        while self.i < len(self.s) and self.peek() not in "|)":
            start = self.i
            atom = self.atom()
            items.append(self.quantified(atom, start))
        return items[0] if len(items) == 1 else Seq(tuple(items))

    def quantified(self, atom: Node, start: int) -> Node:
        c = self.peek()
        if c in ("*", "+", "?"):
            lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
            self.i += 1
        elif c == "{":
            bounds = self.braces()
            if bounds is None:
                raise self.error("a lone '{' (write '\\{' in a pattern)")
            lo, hi = bounds
        else:
            if c == "}":
                raise self.error("a lone '}' (write '\\}' in a pattern)")
            return atom
        if isinstance(atom, (Assert, Look)):  # Unicode mode: an assertion cannot be quantified
            raise self.error("nothing to repeat")
        lazy = self.peek() == "?"
        if lazy:
            self.i += 1
        if hi is not None and hi < lo:
            raise self.error("numbers out of order in {} quantifier")
        return Repeat(atom, lo, hi, lazy, self.s[start : self.i])

    def braces(self) -> tuple[int, int | None] | None:
        j = self.i + 1
        k = j
        while k < len(self.s) and self.s[k].isdigit():
            k += 1
        if k == j:
            return None
        lo = int(self.s[j:k])
        hi: int | None = lo
        if k < len(self.s) and self.s[k] == ",":
            k += 1
            m = k
            while k < len(self.s) and self.s[k].isdigit():
                k += 1
            hi = int(self.s[m:k]) if k > m else None
        if k >= len(self.s) or self.s[k] != "}":
            return None
        self.i = k + 1
        return lo, hi

    def atom(self) -> Node:
        c = self.peek()
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class()
        if c == ".":
            self.i += 1
            return Chars(DOT, ".")
        if c in ("^", "$"):
            self.i += 1
            return Assert(c)
        if c == "\\":
            return self.escape()
        if c in ("*", "+", "?"):
            raise self.error("nothing to repeat")
        if c == "{" or c == "}" or c == "]":
            raise self.error(f"a lone {c!r} (write '\\{c}' in a pattern)")
        cp = ord(c)
        self.i += 1
        return Chars(CharSet.char(cp), c)

    def group(self) -> Node:
        self.i += 1
        if self.s.startswith("?:", self.i):
            self.i += 2
            node: Node = Group(self.alternation(), False)
        elif self.s.startswith("?=", self.i) or self.s.startswith("?!", self.i):
            negated = self.s[self.i + 1] == "!"
            self.i += 2
            node = Look(self.alternation(), True, negated)
        elif self.s.startswith("?<=", self.i) or self.s.startswith("?<!", self.i):
            negated = self.s[self.i + 2] == "!"
            self.i += 3
            node = Look(self.alternation(), False, negated)
        elif self.s.startswith("?<", self.i):
            end = self.s.find(">", self.i)
            if end < 0:
                raise self.error("unterminated group name")
            name = self.s[self.i + 2 : end]
            if (
                not name
                or not (name[0].isalpha() or name[0] in "_$")
                or not all(ch.isalnum() or ch in "_$" for ch in name)
            ):
                raise self.error(f"invalid group name {name!r}")
            if name in self.names:
                raise self.error(f"duplicate group name {name!r}")
            self.names.append(name)
            self.i = end + 1
            self.groups += 1
            node = Group(self.alternation(), True, name)
        elif self.peek() == "?":
            raise self.error("invalid group")
        else:
            self.groups += 1
            node = Group(self.alternation(), True)
        if self.peek() != ")":
            raise self.error("unterminated group")
        self.i += 1
        return node

    # ---- escapes

    def hex_digits(self, count: int) -> int | None:
        text = self.s[self.i : self.i + count]
        if len(text) == count and all(ch in "0123456789abcdefABCDEF" for ch in text):
            self.i += count
            return int(text, 16)
        return None

    def code_point_escape(self) -> int:
        """After `\\u`: `{X...}` or `HHHH` (a surrogate pair written as two escapes is one code point)."""
        if self.peek() == "{":
            end = self.s.find("}", self.i)
            digits = self.s[self.i + 1 : end] if end > 0 else ""
            if not digits or not all(ch in "0123456789abcdefABCDEF" for ch in digits) or int(digits, 16) > 0x10FFFF:
                raise self.error("invalid \\u{...} escape")
            self.i = end + 1
            return int(digits, 16)
        cp = self.hex_digits(4)
        if cp is None:
            raise self.error("invalid \\u escape")
        if 0xD800 <= cp <= 0xDBFF and self.s.startswith("\\u", self.i):
            save = self.i
            self.i += 2
            low = self.hex_digits(4)
            if low is not None and 0xDC00 <= low <= 0xDFFF:
                return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
            self.i = save
        return cp

    def property_escape(self, negated: bool) -> CharSet:
        if self.peek() != "{":
            raise self.error("\\p needs {...}")
        end = self.s.find("}", self.i)
        if end < 0:
            raise self.error("unterminated \\p{")
        name = self.s[self.i + 1 : end]
        self.i = end + 1
        if not name:
            raise self.error("empty \\p{}")
        try:
            chars = category(name)
        except UnsupportedProperty:
            self.inexact += 1
            return ANY
        return ~chars if negated else chars

    def class_escape(self, in_class: bool) -> tuple[CharSet, bool]:
        """After `\\`: (the set, whether it is a set rather than one character)."""
        d = self.peek()
        if not d:
            raise self.error("the pattern ends with a backslash")
        self.i += 1
        sets = {"d": DIGIT, "D": ~DIGIT, "w": WORD, "W": ~WORD, "s": SPACE, "S": ~SPACE}
        if d in sets:
            return sets[d], True
        if d in "pP":
            return self.property_escape(d == "P"), True
        if d in _CONTROL:
            return CharSet.char(_CONTROL[d]), False
        if d == "b" and in_class:
            return CharSet.char(0x08), False
        if d == "-" and in_class:
            return CharSet.char(0x2D), False
        if d == "c":
            letter = self.peek()
            if letter.isascii() and letter.isalpha():
                self.i += 1
                return CharSet.char(ord(letter) % 32), False
            raise self.error("invalid \\c escape")
        if d == "0" and not self.peek().isdigit():
            return CharSet.char(0), False
        if d == "x":
            cp = self.hex_digits(2)
            if cp is None:
                raise self.error("invalid \\x escape")
            return CharSet.char(cp), False
        if d == "u":
            return CharSet.char(self.code_point_escape()), False
        if d in _SYNTAX:
            return CharSet.char(ord(d)), False
        raise self.error(f"'\\{d}' is not an escape in Unicode mode")

    def escape(self) -> Node:
        start = self.i
        self.i += 1
        d = self.peek()
        if d in ("b", "B"):
            self.i += 1
            return Assert(d)
        if d.isdigit() and d != "0":
            k = self.i
            while k < len(self.s) and self.s[k].isdigit():
                k += 1
            ref = int(self.s[self.i : k])
            self.i = k
            self.backrefs.append(ref)
            return Backref(ref)
        if d == "k":
            if self.peek(1) != "<":
                raise self.error("\\k needs <name>")
            end = self.s.find(">", self.i)
            if end < 0:
                raise self.error("unterminated \\k<")
            name = self.s[self.i + 2 : end]
            self.i = end + 1
            self.backrefs.append(name)
            return Backref(name)
        before = self.inexact
        chars, _ = self.class_escape(False)
        return Chars(chars, self.s[start : self.i], self.inexact == before)

    def char_class(self) -> Node:
        start = self.i
        before = self.inexact
        self.i += 1
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        acc = EMPTY
        members: list[Member] = []
        while True:
            if self.i >= len(self.s):
                raise self.error("unterminated character class")
            if self.peek() == "]":
                self.i += 1
                break
            at = self.i
            lo, lo_is_set = self.class_atom()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                hi, hi_is_set = self.class_atom()
                if lo_is_set or hi_is_set:
                    raise self.error("a class escape cannot bound a range")
                a, b = lo.single(), hi.single()
                assert a is not None and b is not None
                if a > b:
                    raise self.error("range out of order in character class")
                member = Member(CharSet(((a, b),)), self.s[at : self.i], "range")
            else:
                member = Member(lo, self.s[at : self.i], "escape" if lo_is_set else "char")
            members.append(member)
            acc = acc | member.set
        return Chars(~acc if negated else acc, self.s[start : self.i], self.inexact == before, tuple(members), negated)

    def class_atom(self) -> tuple[CharSet, bool]:
        c = self.peek()
        if c == "\\":
            self.i += 1
            return self.class_escape(True)
        self.i += 1
        return CharSet.char(ord(c)), False


def parse(source: str) -> Node:
    """The tree of an ECMA-262 pattern (Unicode mode); raises PatternSyntaxError."""
    return _Parser(source).parse()


__all__ = [
    "ANY",
    "Alt",
    "Assert",
    "Backref",
    "Chars",
    "Group",
    "Look",
    "Member",
    "Node",
    "PatternSyntaxError",
    "Repeat",
    "Seq",
    "UnsupportedProperty",
    "category",
    "parse",
]
