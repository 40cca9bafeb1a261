"""Fixed helper code copied into generated modules (only the helpers a module uses).

Nothing here is built from schema text. Each entry: name -> (source, names it depends on).
"""

from __future__ import annotations

ERROR_CLASS = '''
class ValidationError:
    """One failed assertion: where in the instance, where in the schema, which keyword, why."""

    __slots__ = ("instance_location", "schema_location", "keyword", "message")

    def __init__(self, instance_location: str, schema_location: str, keyword: str, message: str) -> None:
        self.instance_location = instance_location  # JSON pointer into the instance
        self.schema_location = schema_location  # URI of the failing keyword in the schema
        self.keyword = keyword
        self.message = message

    def __repr__(self) -> str:
        return (
            f"ValidationError(instance_location={self.instance_location!r}, "
            f"schema_location={self.schema_location!r}, keyword={self.keyword!r}, "
            f"message={self.message!r})"
        )

    def __str__(self) -> str:
        return f"{self.instance_location or '/'}: {self.message}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValidationError):
            return NotImplemented
        return (
            self.instance_location == other.instance_location
            and self.schema_location == other.schema_location
            and self.keyword == other.keyword
            and self.message == other.message
        )

    def __hash__(self) -> int:
        return hash((self.instance_location, self.schema_location, self.keyword, self.message))
'''

HELPERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "_fail": (
        '''
_NO_VALUE = object()


def _fail(errs: list[ValidationError], path: Any, index: int, value: Any = _NO_VALUE) -> None:
    """Record error `index` of _ERRORS (schema location, keyword, message prefix and suffix)."""
    pointer = "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)
    i = 4 * index
    shown = "" if value is _NO_VALUE else _r(value)
    message = _ERRORS[i + 2] + shown + _ERRORS[i + 3]
    errs.append(ValidationError(pointer, _ERRORS[i], _ERRORS[i + 1], message))
''',
        ("_r",),
    ),
    "_r": (
        '''
def _r(value: Any) -> str:
    """A short, readable rendering of an instance value for messages."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
''',
        (),
    ),
    "_eq": (
        '''
def _eq(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, true != 1, arrays and objects compared deeply."""
    ta = type(a)
    tb = type(b)
    if ta is bool or tb is bool:
        return ta is tb and bool(a == b)
    if (ta is int or ta is float) and (tb is int or tb is float):
        return bool(a == b)
    if ta is not tb:
        return False
    if ta is list:
        return len(a) == len(b) and all(_eq(x, y) for x, y in zip(a, b))
    if ta is dict:
        return a.keys() == b.keys() and all(_eq(v, b[k]) for k, v in a.items())
    return bool(a == b)
''',
        (),
    ),
    "_unique": (
        '''
def _unique(items: Any) -> bool:
    """uniqueItems: no two items are equal as JSON values."""
    seen = set()
    for x in items:
        t = type(x)
        if t is str or t is int or t is float:
            if x in seen:
                return False
            seen.add(x)
        elif t is bool or x is None:
            key = (t, x)
            if key in seen:
                return False
            seen.add(key)
        else:
            break
    else:
        return True
    n = len(items)
    for i in range(n):
        for j in range(i + 1, n):
            if _eq(items[i], items[j]):
                return False
    return True
''',
        ("_eq",),
    ),
    "_multiple": (
        '''
def _multiple(x: Any, m: Any) -> bool:
    """multipleOf, exact for decimal literals (0.0075 is a multiple of 0.0001)."""
    if type(x) is int and type(m) is int:
        return x % m == 0
    try:
        q = x / m
        if q == int(q) and abs(q) < 2 ** 52:
            return True
    except (OverflowError, ValueError):
        pass
    import decimal

    try:
        with decimal.localcontext() as ctx:
            ctx.prec = 2000
            ctx.Emax = 999999
            ctx.Emin = -999999
            return decimal.Decimal(repr(x)) % decimal.Decimal(repr(m)) == 0
    except (decimal.InvalidOperation, ValueError, OverflowError):
        return False
''',
        (),
    ),
}
