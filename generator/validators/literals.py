"""The only way schema values reach generated source: as Python literals built here.

`literal(value)` accepts the JSON data model only (None, bool, int, float, str, list, dict with
str keys) and returns a Python expression that evaluates to an equal value. Strings go through
`repr()` (then quoted as black quotes them), which escapes quotes, backslashes, newlines and every non-printable character
(U+2028 and U+2029 included), so no schema text can end a literal or start a statement.
"""

from __future__ import annotations

import math
from typing import Any


def literal(value: Any) -> str:
    t = type(value)
    if value is None:
        return "None"
    if t is bool:
        return "True" if value else "False"
    if t is int:
        return repr(value)
    if t is float:
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else '(-float("inf"))'
        return repr(value).replace("e+", "e")  # black writes 1e100, not 1e+100
    if t is str:
        return string_literal(value)
    if t is list or t is tuple:
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if t is dict:
        for k in value:
            if type(k) is not str:
                raise TypeError(f"JSON object keys are strings, not {type(k).__name__}")
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {t.__name__}")


def string_literal(value: str) -> str:
    """`repr(value)`, quoted as black quotes it: double quotes unless that needs more escapes."""
    text = repr(value)
    if text[0] == '"':
        return text  # repr chose double quotes: the text holds a ' and no "
    body = text[1:-1]
    swapped = body.replace("\\'", "'").replace('"', '\\"')
    if swapped.count('\\"') > body.count("\\'"):
        return text
    return f'"{swapped}"'


def frozenset_literal(values: list[str] | list[int | float]) -> str:
    """A frozenset of strings or numbers, elements sorted so the text does not depend on hashing."""
    items = sorted(set(values), key=lambda v: (type(v).__name__, v))
    if not items:
        return "frozenset()"
    return "frozenset({" + ", ".join(literal(v) for v in items) + "})"
