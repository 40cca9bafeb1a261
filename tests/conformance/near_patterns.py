"""String values near each pattern: what a cross-language differential must try, because each
engine's reading of ECMA-262 differs exactly there (issue 8 item 8).

For a pattern and a value that matches it, the near values are: a trailing `\\n` (Python's `$`
matches before it), a leading and a trailing space, a leading `\\n`, astral characters before
and after (one code point, two UTF-16 units), ASCII digits replaced by non-ASCII digits
(`\\d` is ASCII-only in ECMA-262), the value cut short by one character, and upper-cased.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.layer.patterns import Pattern

ASTRAL = "\U0001f600"
ARABIC_INDIC = {str(d): chr(0x0660 + d) for d in range(10)}


def matching(pattern: Pattern, count: int = 3) -> list[str]:
    """A few values that match `pattern` (as ECMA-262 means it), drawn deterministically."""
    rx = pattern.python_re().replace("(?!(?s:.))", "\\Z")  # hypothesis reads \Z, not the lookahead
    found: list[str] = []

    @settings(
        max_examples=count * 4, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.from_regex(rx, fullmatch=False))
    def collect(value: str) -> None:
        if len(found) < count and re.search(pattern.python_re(), value) and value not in found:
            found.append(value)

    collect()
    return found


def near(value: str) -> list[str]:
    out = [
        value,
        value + "\n",
        " " + value,
        value + " ",
        "\n" + value,
        ASTRAL + value,
        value + ASTRAL,
        "".join(ARABIC_INDIC.get(c, c) for c in value),
        value[:-1],
        value.upper(),
    ]
    return list(dict.fromkeys(out))
