"""ECMA-262 regular expressions (what JSON Schema's `pattern` means) translated to Python `re`: the
`python-re` dialect of `generator.layer.patterns`, which the validators compiler uses too.

Translated:
- `\\d \\D \\w \\W \\b \\B` are ASCII-only in ECMA-262: the pattern is compiled with `(?a)`;
- `\\s \\S` follow ECMA-262's white space and line terminators (Unicode spaces and U+FEFF);
- `.` does not match line terminators (`\\n \\r U+2028 U+2029`);
- `$` matches only at the end of the input (Python's `$` also matches before a final `\\n`);
- `\\p{..}` / `\\P{..}` with a General_Category value (`L`, `Lu`, `Letter`, `gc=Nd`, ...) become
  explicit character classes computed from `unicodedata` at generation time;
- `\\u{X..}`, `\\uHHHH` surrogate pairs, `\\cX`, `\\0`, `(?<name>`, `\\k<name>`, `[^]` and `[]`.

Not translated (documented gaps): `\\p{Script=..}` and binary properties (`\\p{Emoji}`), `\\P{..}` and
`\\S` inside a character class (the latter falls back to Python's ASCII `\\S`), ECMA-262
identity escapes of letters without the `u` flag, lookbehind differences, and case-insensitive
or multiline flags (JSON Schema patterns have none).
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

from generator.layer.ecma import CATEGORY_NAMES

_ECMA_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_DOT = "[^\\n\\r\\u2028\\u2029]"


class UnsupportedPattern(ValueError):
    """The pattern uses ECMA-262 syntax this translation does not cover."""


def _class_char(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


@functools.lru_cache(maxsize=None)
def _category_ranges(cat: str) -> str:
    """The code points of a General_Category as class contents (`a-zA-Z...`)."""
    want: tuple[str, ...] | None = {"LC": ("Lu", "Ll", "Lt")}.get(cat)
    if want is None:
        want = (cat,) if len(cat) == 2 else None
    out: list[str] = []
    start = -1
    for cp in range(sys.maxunicode + 2):
        c = unicodedata.category(chr(cp)) if cp <= sys.maxunicode else ""
        hit = bool(c) and (c in want if want else c[0] == cat)
        if hit and start < 0:
            start = cp
        elif not hit and start >= 0:
            end = cp - 1
            out.append(_class_char(start) if start == end else f"{_class_char(start)}-{_class_char(end)}")
            start = -1
    return "".join(out)


def _property_class(name: str) -> str:
    if "=" in name:
        key, _, value = name.partition("=")
        if key not in ("gc", "General_Category"):
            raise UnsupportedPattern(f"unsupported Unicode property \\p{{{name}}}")
        name = value
    cat = CATEGORY_NAMES.get(name, name)
    valid = {v for v in CATEGORY_NAMES.values()} | {"L", "M", "N", "P", "S", "Z", "C"}
    if cat not in valid:
        raise UnsupportedPattern(f"unsupported Unicode property \\p{{{name}}}")
    return _category_ranges(cat)


def translate(pattern: str) -> str:
    """The Python `re` source equivalent to the ECMA-262 `pattern` (see the module notes)."""
    out: list[str] = ["(?a)"]
    i, n = 0, len(pattern)
    in_class = False
    class_start = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                raise UnsupportedPattern("pattern ends with a backslash")
            d = pattern[i + 1]
            i += 2
            if d == "s":
                out.append(_ECMA_SPACE if in_class else f"[{_ECMA_SPACE}]")
            elif d == "S":
                out.append("\\S" if in_class else f"[^{_ECMA_SPACE}]")
            elif d in "pP" and i < n and pattern[i] == "{":
                end = pattern.find("}", i)
                if end < 0:
                    raise UnsupportedPattern("unterminated \\p{")
                ranges = _property_class(pattern[i + 1 : end])
                i = end + 1
                if in_class:
                    if d == "P":
                        raise UnsupportedPattern("\\P{..} inside a character class")
                    out.append(ranges)
                else:
                    out.append(f"[{'^' if d == 'P' else ''}{ranges}]")
            elif d == "u":
                if i < n and pattern[i] == "{":
                    end = pattern.find("}", i)
                    if end < 0:
                        raise UnsupportedPattern("unterminated \\u{")
                    out.append(_class_char(int(pattern[i + 1 : end], 16)))
                    i = end + 1
                elif re.fullmatch(r"[0-9A-Fa-f]{4}", pattern[i : i + 4]):
                    cp = int(pattern[i : i + 4], 16)
                    i += 4
                    if 0xD800 <= cp <= 0xDBFF and re.fullmatch(r"\\u[dD][c-fC-F][0-9A-Fa-f]{2}", pattern[i : i + 6]):
                        low = int(pattern[i + 2 : i + 6], 16)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    out.append(_class_char(cp))
                else:
                    out.append("u")
            elif d == "c" and i < n and pattern[i].isascii() and pattern[i].isalpha():
                out.append(f"\\x{ord(pattern[i]) % 32:02x}")
                i += 1
            elif d == "0" and not (i < n and pattern[i].isdigit()):
                out.append("\\x00")
            elif d == "k" and i < n and pattern[i] == "<":
                end = pattern.find(">", i)
                if end < 0:
                    raise UnsupportedPattern("unterminated \\k<")
                out.append(f"(?P={pattern[i + 1 : end]})")
                i = end + 1
            elif d == "/":
                out.append("/")
            elif d == "-":
                out.append("\\-")
            else:
                out.append("\\" + d)
            class_start = False
            continue
        if in_class:
            if c == "]" and not class_start:
                in_class = False
                out.append("]")
            elif c == "]":
                # ECMA-262: `[]` matches nothing and `[^]` matches anything
                negated = out[-1] == "[^"
                out[-1] = "[\\s\\S]" if negated else "(?!)"
                in_class = False
            elif c == "[" or (c in "&~|-" and pattern[i + 1 : i + 2] == c):
                out.append("\\" + c)
            else:
                out.append(c)
            class_start = False
            i += 1
            continue
        if c == "[":
            in_class = True
            class_start = True
            if pattern[i + 1 : i + 2] == "^":
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            continue
        if c == ".":
            out.append(_DOT)
        elif c == "$":
            out.append("(?!(?s:.))")
        elif c == "(" and pattern[i + 1 : i + 3] == "?<" and pattern[i + 3 : i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(c)
        i += 1
    if in_class:
        raise UnsupportedPattern("unterminated character class")
    return "".join(out)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The translated pattern, compiled; raises UnsupportedPattern or re.error."""
    return re.compile(translate(pattern))
