"""Sets of Unicode code points as sorted, disjoint, inclusive ranges: what one regular-expression
character (a literal, `.`, `\\d`, `[...]`) can match. Used by the pattern parser (`ecma.py`) for the
ReDoS analysis and the .NET translation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

MAX = 0x10FFFF


@dataclass(frozen=True)
class CharSet:
    ranges: tuple[tuple[int, int], ...] = ()

    @staticmethod
    def of(ranges: Iterable[tuple[int, int]]) -> "CharSet":
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        return CharSet(tuple((lo, hi) for lo, hi in merged))

    @staticmethod
    def char(cp: int) -> "CharSet":
        return CharSet(((cp, cp),))

    @staticmethod
    def text(chars: str) -> "CharSet":
        return CharSet.of((ord(c), ord(c)) for c in chars)

    def __or__(self, other: "CharSet") -> "CharSet":
        return CharSet.of(self.ranges + other.ranges)

    def __and__(self, other: "CharSet") -> "CharSet":
        out = []
        i = j = 0
        a, b = self.ranges, other.ranges
        while i < len(a) and j < len(b):
            lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
            if lo <= hi:
                out.append((lo, hi))
            if a[i][1] < b[j][1]:
                i += 1
            else:
                j += 1
        return CharSet(tuple(out))

    def __invert__(self) -> "CharSet":
        out, start = [], 0
        for lo, hi in self.ranges:
            if lo > start:
                out.append((start, lo - 1))
            start = hi + 1
        if start <= MAX:
            out.append((start, MAX))
        return CharSet(tuple(out))

    def __sub__(self, other: "CharSet") -> "CharSet":
        return self & ~other

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def single(self) -> int | None:
        """The one code point of a one-character set, else None."""
        return self.ranges[0][0] if len(self.ranges) == 1 and self.ranges[0][0] == self.ranges[0][1] else None


EMPTY = CharSet()
ANY = CharSet(((0, MAX),))
DIGIT = CharSet.of([(0x30, 0x39)])
WORD = CharSet.of([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
# ECMA-262 WhiteSpace and LineTerminator
SPACE = CharSet.of(
    [(0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029)]
    + [(0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF)]
)
LINE_TERMINATORS = CharSet.of([(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)])
DOT = ~LINE_TERMINATORS
HIGH_SURROGATES = CharSet(((0xD800, 0xDBFF),))
LOW_SURROGATES = CharSet(((0xDC00, 0xDFFF),))
SURROGATES = CharSet(((0xD800, 0xDFFF),))
ASTRAL = CharSet(((0x10000, MAX),))
