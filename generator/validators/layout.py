"""The compiled validator module is emitted in black's style, so the formatter need not run on it
(black takes minutes on a large module; the test suite proves black leaves the output unchanged).

The compiler writes one logical line per statement, `if` bodies on their own lines, two blank
lines between top-level definitions, and string literals quoted the way black quotes them
(`literals.literal`). A statement longer than black's 88 columns is the one thing laid out
elsewhere: `fit` hands that statement alone (a handful per module) to black, at its
indentation, so the layout is exactly black's.
"""

from __future__ import annotations

import functools

LINE_LENGTH = 88
_INDENT = "    "


@functools.lru_cache(maxsize=1)
def _black() -> tuple[object, object]:
    import black

    return black, black.TargetVersion.PY311


@functools.lru_cache(maxsize=None)  # a module repeats some statements (the same property in several schemas)
def _format(source: str, width: int) -> str:
    black, py311 = _black()
    mode = black.Mode(line_length=width, target_versions={py311})  # type: ignore[attr-defined]
    return black.format_str(source, mode=mode)  # type: ignore[attr-defined, no-any-return]


@functools.lru_cache(maxsize=256)
def _scan(text: str) -> tuple[tuple[int, int], ...]:
    """(index, bracket depth) of every character outside string literals (a line is scanned once
    for all the operators it is split at)."""
    out: list[tuple[int, int]] = []
    depth, quote, escaped = 0, "", False
    for i, ch in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
            continue
        if ch in ")]}":
            depth -= 1
        out.append((i, depth))
        if ch in "([{":
            depth += 1
    return tuple(out)


def _split_top(text: str, op: str) -> list[str]:
    """`text` split at every ` op ` outside brackets and strings."""
    token = f" {op} "
    if token not in text:
        return [text]
    parts: list[str] = []
    start = 0
    for i, depth in _scan(text):
        if depth == 0 and text.startswith(token, i) and i >= start:
            parts.append(text[start:i])
            start = i + len(token)
    parts.append(text[start:])
    return parts


def _closes_at_end(text: str, open_at: int) -> bool:
    """Whether the bracket opened at `open_at` is closed by the last character."""
    scanned = _scan(text)
    depth = next((d for i, d in scanned if i == open_at), None)
    if depth is None or text[open_at] not in "([{":
        return False
    for i, d in scanned:
        if i > open_at and d == depth and text[i] in ")]}":
            return i == len(text) - 1
    return False


def _chain(op: str, parts: list[str], indent: str) -> list[str] | None:
    """An operator chain inside brackets, as black's delimiter split writes it."""
    return [indent + parts[0]] + [f"{indent}{op} {part}" for part in parts[1:]]


def _body(expr: str, indent: str) -> list[str] | None:
    """`expr` inside brackets at `indent`: one line if it fits, else split at its top-level
    boolean or `+` operator (one kind only), else None (not a form laid out here)."""
    if len(indent) + len(expr) <= LINE_LENGTH:
        return [indent + expr]
    for op in ("or", "and", "+"):
        parts = _split_top(expr, op)
        if len(parts) > 1:
            if any(len(_split_top(p, other)) > 1 for p in parts for other in ("or", "and", "+") if other != op):
                return None
            return _chain(op, parts, indent)
    return None


def _native(line: str) -> list[str] | None:
    """black's layout of the long lines the compiler writes most (boolean chains in `if`
    headers, sums, frozensets and dicts of literals), or None to ask black."""
    text = line.lstrip(" ")
    pad = line[: len(line) - len(text)]
    inner = pad + _INDENT
    for keyword in ("if ", "elif "):
        if text.startswith(keyword) and text.endswith(":"):
            cond = text[len(keyword) : -1]
            ors, ands = _split_top(cond, "or"), _split_top(cond, "and")
            chain = ors if len(ors) > 1 else ands
            other = ands if chain is ors else ors
            if len(chain) >= 3 and not any(len(_split_top(p, "or" if chain is ands else "and")) > 1 for p in chain):
                body = _body(cond, inner)  # two or more delimiters: black keeps the parentheses
                return None if body is None else [f"{pad}{keyword}(", *body, f"{pad}):"]
            if len(chain) == 1 and len(other) == 1 and cond.startswith("not (") and _closes_at_end(cond, 4):
                body = _body(cond[5:-1], inner)  # `not (...)`: split inside its own parentheses
                return None if body is None else [f"{pad}{keyword}not (", *body, f"{pad}):"]
            if len(chain) == 2 and chain[1].startswith("(") and _closes_at_end(chain[1], 0) and "(" in chain[0]:
                op = "or" if chain is ors else "and"  # `a(..) and (b or c)`: split at the last parenthesis
                body = _body(chain[1][1:-1], inner)
                head = f"{pad}{keyword}{chain[0]} {op} ("
                if body is None or len(head) > LINE_LENGTH:
                    return None
                return [head, *body, f"{pad}):"]
            return None
    if text.startswith("def ") and text.endswith(":") and ") -> " in text:
        # one parameter: black puts it on a line of its own, with the magic trailing comma
        head, _, rest = text.partition("(")
        params, _, ret = rest.rpartition(") -> ")
        if "," in params or "(" in params:
            return None
        return [f"{pad}{head}(", f"{inner}{params},", f"{pad}) -> {ret}"]
    name, sep, value = text.partition(" = ")
    if not sep:
        return _call(text, pad)
    if not (name.isidentifier() or (name.partition(": ")[0].isidentifier() and ": " in name)):
        return None
    if value[:1] in "[({" and value[-1:] in "])}" and _closes_at_end(value, 0) and not value.startswith("{"):
        # a list or tuple display: black explodes it, one element per line
        return [
            f"{pad}{name} = {value[0]}",
            *_exploded(_items(value[1:-1]), inner, value[0] == "("),
            f"{pad}{value[-1]}",
        ]
    if value.startswith("frozenset({") and value.endswith("})") and _closes_at_end(value, 9):
        elements = _items(value[11:-2])
        one = inner + value[10:-1]
        if len(one) <= LINE_LENGTH:
            return [f"{pad}{name} = frozenset(", one, f"{pad})"]
        return [
            f"{pad}{name} = frozenset(",
            inner + "{",
            *(f"{inner}{_INDENT}{e}," for e in elements),
            inner + "}",
            f"{pad})",
        ]
    if value.startswith("{") and value.endswith("}") and _closes_at_end(value, 0):
        return [f"{pad}{name} = {{", *_exploded(_items(value[1:-1]), inner, False), f"{pad}}}"]
    parts = _split_top(value, "+")
    if len(parts) >= 3:
        body = _body(value, inner)
        return None if body is None else [f"{pad}{name} = (", *body, f"{pad})"]
    return None


def _call(text: str, pad: str) -> list[str] | None:
    """A call statement `f(a, (b, c), d)`: its arguments on one line inside the parentheses, or
    one per line with a trailing comma, a tuple argument that still does not fit exploded too."""
    start = text.find("(")
    if start <= 0 or not text[:start].replace(".", "").isidentifier() or not _closes_at_end(text, start):
        return None
    inner = pad + _INDENT
    args = text[start + 1 : -1]
    head, tail = pad + text[: start + 1], pad + ")"
    if len(inner) + len(args) <= LINE_LENGTH:
        return [head, inner + args, tail]
    lines = [head]
    for item in _items(args):
        if len(inner) + len(item) + 1 <= LINE_LENGTH:
            lines.append(f"{inner}{item},")
        elif item.startswith("(") and _closes_at_end(item, 0):
            lines.append(inner + "(")
            lines.extend(f"{inner}{_INDENT}{element}," for element in _items(item[1:-1]))
            lines.append(inner + "),")
        else:
            return None
    return [*lines, tail]


def _exploded(items: list[str], indent: str, is_tuple: bool) -> list[str]:
    """A display's items one per line: black adds the trailing comma when it splits at commas,
    so a single item (nothing to split at) has none, unless it is a one-element tuple."""
    if len(items) == 1 and not is_tuple:
        return [indent + items[0]]
    return [f"{indent}{item}," for item in items]


def _items(text: str) -> list[str]:
    """The comma-separated items of a display, split outside brackets and strings."""
    items: list[str] = []
    start = 0
    for i, depth in _scan(text):
        if depth == 0 and text[i] == ",":
            items.append(text[start:i].strip())
            start = i + 1
    last = text[start:].strip()
    if last or not items:
        items.append(last)  # a trailing comma ends the display: no empty item after it
    return items


def _atomic_item(part: str) -> bool:
    """An item line of a split display or call (`"Key": name,`) that black cannot split further
    (no brackets, no operators): left long, as black leaves it."""
    body = part.strip()
    return body.endswith(",") and not any(c in body for c in "([{") and " or " not in body and " and " not in body


def fit(line: str) -> list[str]:
    """`line` (one indented logical line: a statement or a block header ending in `:`) as the
    lines black would make of it."""
    if len(line) <= LINE_LENGTH:
        return [line]
    laid = _native(line)
    if laid is not None and all(len(part) <= LINE_LENGTH or _atomic_item(part) for part in laid):
        return laid
    text = line.lstrip(" ")
    depth = (len(line) - len(text)) // 4
    width = LINE_LENGTH - 4 * depth
    if text.startswith(("elif ", "else:")):
        laid = _format(f"if x:\n    pass\n{text}\n    pass\n", width).splitlines()[2:-1]
    elif text.endswith(":"):
        laid = _format(f"{text}\n    pass\n", width).splitlines()[:-1]
    else:
        laid = _format(text + "\n", width).splitlines()
    return [(_INDENT * depth + part) if part else part for part in laid]


def fit_all(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(fit(line))
    return out
