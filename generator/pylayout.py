"""Python statements and docstrings in black's layout, without running black.

The python target prints each statement on one logical line; a line longer than black's 88
columns (or a display ending in a magic trailing comma) is split here the way black splits it,
and docstrings get black's docstring treatment. black stays the oracle: the tests run it over
every golden, `generated/` and the vendor spec and require it to change nothing.

What black does to a long line, for the expressions the python target writes (names, dotted
names, strings, numbers, calls, subscripts, tuple and list displays, keyword arguments,
`x: T = v` statements and class headers), is reproduced step by step:

- the annotation and the value of an assignment sit in invisible parentheses;
- a line is split at its last bracket pair (head, body, tail), trying to leave trailers that
  fit glued on ("omits"), and preferring not to use the invisible parentheses;
- a body inside brackets is split at its top-level commas (one item per line, with a trailing
  comma added), and each produced line is laid out again;
- if the first line still does not fit, the invisible parentheses get a second chance
  ("force optional parentheses"), used only when every line then fits.

Leaves are mutable and shared between attempts, as in black: an attempt that makes invisible
parentheses visible leaves them visible for the next attempt. Anything outside this grammar
raises `Unsupported`; the caller then asks black for that one statement.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from typing import Iterator

from generator.render_memo import pure

LINE_LENGTH = 88

COMMA_PRIORITY = 18

OPENING = "([{"
CLOSING = ")]}"
MATCH = {")": "(", "]": "[", "}": "{"}
CLOSER = {"(": ")", "[": "]", "{": "}"}


class Unsupported(Exception):
    """A statement outside the grammar laid out here."""


class CannotSplit(Exception):
    pass


class Leaf:
    __slots__ = ("kind", "value", "prefix", "natural", "parent", "opening", "depth")

    def __init__(self, kind: str, value: str, prefix: str, parent: str = "") -> None:
        self.kind = kind  # NAME NUMBER STRING OP ( ) [ ] { } , . : =
        self.value = value  # "" for an invisible parenthesis
        self.prefix = prefix
        self.natural = prefix  # the prefix black's whitespace() gives it
        # for brackets: "trailer" (call, subscript), "atom" (display, invisible parentheses),
        # "class" (a class's bases); for commas: "arglist" inside a call
        self.parent = parent
        self.opening: Leaf | None = None
        self.depth = 0

    def copy(self) -> "Leaf":
        twin = Leaf(self.kind, self.value, self.natural, self.parent)
        return twin

    def __str__(self) -> str:
        return self.prefix + self.value


# ---------------------------------------------------------------- width


def str_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Cc", "Cf", "Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


# ---------------------------------------------------------------- lines


class Tracker:
    __slots__ = ("depth", "match", "delimiters", "previous", "invisible")

    def __init__(self) -> None:
        self.depth = 0
        self.match: dict[tuple[int, str], Leaf] = {}
        self.delimiters: dict[int, int] = {}
        self.previous: Leaf | None = None
        self.invisible: list[Leaf] = []

    def mark(self, leaf: Leaf) -> None:
        kind = leaf.kind
        depth = self.depth
        if kind in CLOSING:
            if depth == 0 and (0, kind) not in self.match:
                return
            depth -= 1
            self.depth = leaf.depth = depth
            leaf.opening = self.match.pop((depth, kind))
            if not leaf.value:
                self.invisible.append(leaf)
        elif kind in OPENING:
            leaf.depth = depth
            self.match[(depth, CLOSER[kind])] = leaf
            self.depth = depth + 1
            if not leaf.value:
                self.invisible.append(leaf)
        else:
            leaf.depth = depth
            if depth == 0 and kind == ",":
                self.delimiters[id(leaf)] = COMMA_PRIORITY
        self.previous = leaf

    def max_priority(self, exclude: set[int] | None = None) -> int:
        values = [v for k, v in self.delimiters.items() if not exclude or k not in exclude]
        if not values:
            raise ValueError("no delimiters")
        return max(values)

    def count(self, priority: int) -> int:
        return sum(1 for p in self.delimiters.values() if p == priority)


class Line:
    __slots__ = ("depth", "inside", "leaves", "tracker", "magic", "split_rhs")

    def __init__(self, depth: int, inside: bool = False, split_rhs: bool = False) -> None:
        self.depth = depth
        self.inside = inside
        self.leaves: list[Leaf] = []
        self.tracker = Tracker()
        self.magic: Leaf | None = None
        self.split_rhs = split_rhs

    def append(self, leaf: Leaf, preformatted: bool = False, track: bool = False) -> None:
        if self.leaves and not preformatted:
            leaf.prefix = leaf.natural
        if self.inside or not preformatted or track:
            self.tracker.mark(leaf)
            # has_magic_trailing_comma's first test, made here: most leaves close nothing
            if leaf.kind in CLOSING and self.leaves and self.has_magic_trailing_comma(leaf):
                self.magic = leaf
        self.leaves.append(leaf)

    def has_magic_trailing_comma(self, closing: Leaf) -> bool:
        if not (closing.kind in CLOSING and self.leaves and self.leaves[-1].kind == ","):
            return False
        if closing.kind == "}":
            return True
        if closing.kind == "]":
            if closing.parent == "trailer" and closing.opening is not None:
                if one_sequence_between(closing.opening, closing, self.leaves, "[]"):
                    return False
            return True
        if closing.opening is not None and not one_sequence_between(closing.opening, closing, self.leaves):
            return True
        return False

    def __bool__(self) -> bool:
        return bool(self.leaves)

    def render(self) -> str:
        if not self.leaves:
            return ""
        first = self.leaves[0]
        return (
            first.prefix
            + "    " * self.depth
            + first.value
            + "".join([leaf.prefix + leaf.value for leaf in self.leaves[1:]])
        )

    def short_enough(self, text: str | None = None) -> bool:
        return str_width(self.render() if text is None else text) <= LINE_LENGTH

    def with_lengths(self, reverse: bool = False) -> Iterator[tuple[int, Leaf, int]]:
        indexed = list(enumerate(self.leaves))
        for index, leaf in reversed(indexed) if reverse else indexed:
            yield index, leaf, len(leaf.prefix) + len(leaf.value)

    def clone(self) -> "Line":
        twin = Line(self.depth, self.inside, self.split_rhs)
        twin.magic = self.magic
        return twin

    @property
    def is_chained_assignment(self) -> bool:
        return sum(1 for leaf in self.leaves if leaf.kind == "=") > 1


def one_sequence_between(opening: Leaf, closing: Leaf, leaves: list[Leaf], brackets: str = "()") -> bool:
    if (opening.kind, closing.kind) != (brackets[0], brackets[1]):
        return False
    depth = closing.depth + 1
    start = next((i for i, leaf in enumerate(leaves) if leaf is opening), -1)
    if start == -1:
        return False
    commas = 0
    for leaf in leaves[start + 1 :]:
        if leaf is closing:
            break
        if leaf.depth == depth and leaf.kind == ",":
            commas += 1
            if leaf.parent == "arglist":
                commas += 1
                break
    return commas < 2


# ---------------------------------------------------------------- the transforms


def transform(line: Line, force_parens: bool = False) -> list[Line]:
    text = line.render()
    if not line.split_rhs and not line.magic and line.short_enough(text):
        return [line]
    transformers = [delimiter_split, rhs_with_omits] if line.inside else [rhs_with_omits]
    for transformer in transformers:
        try:
            return run(line, transformer, force_parens, text)
        except CannotSplit:
            continue
    return [line]


def run(line: Line, transformer, force_parens: bool, text: str) -> list[Line]:  # type: ignore[no-untyped-def]
    optional = [b for b in line.tracker.invisible if b.depth == 0]
    result: list[Line] = []
    for produced in transformer(line, force_parens):
        if produced.render() == text:
            raise CannotSplit("unchanged")
        result.extend(transform(produced, force_parens))
    if (
        force_parens
        or transformer is not rhs_with_omits
        or not line.tracker.invisible
        or any(b.value for b in optional)
        or result[0].short_enough()
    ):
        return result
    twin = line.clone()
    for leaf in line.leaves:
        twin.append(leaf.copy())
    second = run(twin, transformer, True, text)
    if all(produced.short_enough() for produced in second):
        return second
    return result


def delimiter_split(line: Line, force_parens: bool) -> Iterator[Line]:
    if not line.leaves:
        raise CannotSplit("empty")
    last = line.leaves[-1]
    try:
        priority = line.tracker.max_priority({id(last)})
    except ValueError:
        raise CannotSplit("no delimiters") from None
    current = Line(line.depth, line.inside)
    for leaf in line.leaves:
        current.append(leaf, preformatted=True)
        if line.tracker.delimiters.get(id(leaf)) == priority:
            yield _first_unindented(current)
            current = Line(line.depth, line.inside)
    if current:
        if priority == COMMA_PRIORITY and current.leaves[-1].kind != ",":
            comma = Leaf(",", ",", "")
            current.append(comma)
        yield _first_unindented(current)


def _first_unindented(line: Line) -> Line:
    line.leaves[0].prefix = ""
    return line


def rhs_with_omits(line: Line, force_parens: bool) -> Iterator[Line]:
    first_lines: list[Line] | None = None
    prefix_lengths: dict[int, int] = {}
    length = 4 * line.depth
    for leaf in line.leaves:
        prefix_lengths[id(leaf)] = length
        length += len(leaf.prefix) + len(leaf.value)
    for omit in trailers_to_omit(line):
        if omit:
            target = None
            for leaf in reversed(line.leaves):
                if leaf.kind in CLOSING and id(leaf) not in omit:
                    target = leaf.opening
                    break
            if target is not None and target.value and prefix_lengths.get(id(target), 0) > LINE_LENGTH:
                continue
        lines = list(right_hand_split(line, force_parens, omit))
        if first_lines is None and not omit:
            first_lines = lines
        if lines[0].short_enough():
            yield from lines
            return
    if first_lines is not None:
        yield from first_lines
    else:
        yield from right_hand_split(line, force_parens, set())


def trailers_to_omit(line: Line) -> Iterator[set[int]]:
    omit: set[int] = set()
    if not line.magic:
        yield omit
    length = 4 * line.depth
    opening: Leaf | None = None
    closing: Leaf | None = None
    inner: set[int] = set()
    for index, leaf, leaf_length in line.with_lengths(reverse=True):
        length += leaf_length
        if length > LINE_LENGTH:
            break
        if opening:
            if leaf is opening:
                opening = None
            elif leaf.kind in CLOSING:
                prev = line.leaves[index - 1] if index > 0 else None
                if (
                    prev is not None
                    and prev.kind == ","
                    and leaf.opening is not None
                    and not one_sequence_between(leaf.opening, leaf, line.leaves)
                ):
                    break
                inner.add(id(leaf))
        elif leaf.kind in CLOSING:
            prev = line.leaves[index - 1] if index > 0 else None
            if prev is not None and prev.kind in OPENING:
                inner.add(id(leaf))
                continue
            if closing:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield omit
            if (
                prev is not None
                and prev.kind == ","
                and leaf.opening is not None
                and not one_sequence_between(leaf.opening, leaf, line.leaves)
            ):
                break
            if leaf.value:
                opening = leaf.opening
                closing = leaf


class RHS:
    __slots__ = ("head", "body", "tail", "opening", "closing")

    def __init__(self, head: Line, body: Line, tail: Line, opening: Leaf, closing: Leaf) -> None:
        self.head, self.body, self.tail, self.opening, self.closing = head, body, tail, opening, closing


def right_hand_split(line: Line, force_parens: bool, omit: set[int]) -> Iterator[Line]:
    rhs = first_rhs(line, omit)
    yield from maybe_omitting_optional_parens(rhs, line, force_parens, omit)


def first_rhs(line: Line, omit: set[int]) -> RHS:
    tail: list[Leaf] = []
    body: list[Leaf] = []
    head: list[Leaf] = []
    current = tail
    opening: Leaf | None = None
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.kind in CLOSING and id(leaf) not in omit:
            opening = leaf.opening
            closing = leaf
            current = body
    if not (opening and closing and head):
        raise CannotSplit("no brackets")
    tail.reverse()
    body.reverse()
    head.reverse()
    head_line = build(head, line, opening, "head")
    body_line = build(body, line, opening, "body")
    tail_line = build(tail, line, opening, "tail")
    tail_len = len(tail_line.render().strip())
    if not body_line:
        if tail_len == 0:
            raise CannotSplit("same line")
        if tail_len < 3:
            raise CannotSplit("not worth it")
    return RHS(head_line, body_line, tail_line, opening, closing)


def build(leaves: list[Leaf], original: Line, opening: Leaf, component: str) -> Line:
    result = Line(original.depth)
    if component == "body":
        result.inside = True
        result.depth += 1
    if result.inside:  # every leaf is tracked
        for leaf in leaves:
            result.append(leaf, preformatted=True)
    else:  # only the head's leaves inside matching brackets are; the others are taken as they are
        track: set[int] = inside_matching_brackets(leaves) if component == "head" else set()
        for leaf in leaves:
            if id(leaf) in track:
                result.append(leaf, preformatted=True, track=True)
            else:
                result.leaves.append(leaf)
    if component == "body" and should_split(result, opening):
        result.split_rhs = True
    return result


def inside_matching_brackets(leaves: list[Leaf]) -> set[int]:
    start = next((i for i, leaf in enumerate(leaves) if leaf.kind in OPENING), None)
    if start is None:
        return set()
    ids: set[int] = set()
    stack: list[tuple[str, list[int]]] = []
    for leaf in leaves[start:]:
        if leaf.kind in OPENING:
            stack.append((CLOSER[leaf.kind], [id(leaf)]))
        elif leaf.kind in CLOSING:
            if stack and leaf.kind == stack[-1][0]:
                _, level = stack.pop()
                level.append(id(leaf))
                ids.update(level)
            else:
                break
        elif stack:
            stack[-1][1].append(id(leaf))
    return ids


def should_split(line: Line, opening: Leaf) -> bool:
    if not opening.parent:
        return False
    exclude: set[int] = set()
    trailing = False
    if not line.leaves:
        return False
    last = line.leaves[-1]
    if last.kind == ",":
        trailing = True
        exclude.add(id(last))
    try:
        priority = line.tracker.max_priority(exclude)
    except ValueError:
        return False
    return priority == COMMA_PRIORITY and (trailing or opening.parent == "atom")


def maybe_omitting_optional_parens(rhs: RHS, line: Line, force_parens: bool, omit: set[int]) -> Iterator[Line]:
    if (
        not force_parens
        and rhs.opening.kind == "("
        and not rhs.opening.value
        and rhs.closing.kind == ")"
        and not rhs.closing.value
        and can_omit_invisible_parens(rhs)
    ):
        omit = {id(rhs.closing), *omit}
        try:
            oop = first_rhs(line, omit)
            if prefer_oop(oop, rhs):
                yield from maybe_omitting_optional_parens(oop, line, force_parens, omit)
                return
        except CannotSplit as e:
            if line.is_chained_assignment:
                pass
            elif not can_be_split(rhs.body) and not rhs.body.short_enough():
                raise CannotSplit("body too long") from e
    for bracket in (rhs.opening, rhs.closing):
        if bracket.kind in "()":
            bracket.value = bracket.kind  # invisible parentheses the split uses become visible
    for part in (rhs.head, rhs.body, rhs.tail):
        if part:
            yield part


def prefer_oop(oop: RHS, rhs: RHS) -> bool:
    if not (len(rhs.head.leaves) >= 2 and rhs.head.leaves[-2].kind == "="):
        return True
    if not any(leaf.kind in OPENING + CLOSING for leaf in rhs.head.leaves[:-1]):
        return True
    if str_width(rhs.head.render()) > LINE_LENGTH - 1:
        return True
    if rhs.head.magic is not None:
        return True
    rhs_equals = sum(1 for leaf in rhs.head.leaves if leaf.kind == "=")
    oop_equals = sum(1 for leaf in oop.head.leaves if leaf.kind == "=")
    if rhs_equals > 1 and rhs_equals > oop_equals:
        return False
    closing_after_assign = False
    for leaf in reversed(oop.head.leaves):
        if leaf.kind == "=":
            break
        if leaf.kind in CLOSING:
            closing_after_assign = True
            break
    return closing_after_assign or (any(leaf.kind == "=" for leaf in oop.head.leaves) and oop.head.short_enough())


def can_be_split(line: Line) -> bool:
    leaves = line.leaves
    if len(leaves) < 2:
        return False
    if leaves[0].kind == "STRING" and leaves[1].kind == ".":
        calls = dots = 0
        following = leaves[-1]
        for leaf in leaves[-2::-1]:
            if leaf.kind in OPENING:
                if following.kind not in CLOSING:
                    return False
                calls += 1
            elif leaf.kind == ".":
                dots += 1
            elif leaf.kind == "NAME":
                if not (following.kind == "." or following.kind in OPENING):
                    return False
            elif leaf.kind not in CLOSING:
                return False
            if dots > 1 and calls > 1:
                return False
            following = leaf
    return True


def can_omit_invisible_parens(rhs: RHS) -> bool:
    line = rhs.body
    tracker = line.tracker
    if not tracker.delimiters:
        return True
    priority = tracker.max_priority()
    if tracker.count(priority) > 1:
        return False
    first, second = line.leaves[0], line.leaves[1]
    if first.kind in OPENING and second.kind not in CLOSING:
        if _can_omit_opening(line, first):
            return True
    penultimate, last = line.leaves[-2], line.leaves[-1]
    if last.kind == ")" or last.kind == "}" or (last.kind == "]" and last.parent != "trailer"):
        if penultimate.kind in OPENING:
            return False
        if _can_omit_closing(line, last):
            return True
    return False


def _can_omit_opening(line: Line, first: Leaf) -> bool:
    remainder = False
    length = 4 * line.depth
    index = -1
    for index, leaf, leaf_length in line.with_lengths():
        if leaf.kind in CLOSING and leaf.opening is first:
            remainder = True
        if remainder:
            length += leaf_length
            if length > LINE_LENGTH:
                break
            if leaf.kind in OPENING:
                remainder = False
    else:
        if len(line.leaves) == index + 1:
            return True
    return False


def _can_omit_closing(line: Line, last: Leaf) -> bool:
    length = 4 * line.depth
    seen_other = False
    for _, leaf, leaf_length in line.with_lengths():
        length += leaf_length
        if leaf is last.opening:
            if seen_other or length <= LINE_LENGTH:
                return True
        elif leaf.kind in OPENING:
            seen_other = True
    return False


# ---------------------------------------------------------------- reading a statement

_TOKEN = re.compile(
    r"""(?P<space>[ ]*)(?:
      (?P<string>(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'))
    | (?P<number>(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?))
    | (?P<name>[^\W\d]\w*)
    | (?P<op>\.\.\.|[-+~]|[()\[\]{},:.=])
    )""",
    re.VERBOSE,
)
_KEYWORDS = frozenset(
    "and or not in is if else for lambda await yield async def return del pass import from as with "
    "while try except finally raise assert global nonlocal break continue".split()
)


def _tokens(text: str) -> list[Leaf]:
    leaves: list[Leaf] = []
    pos = 0
    stack: list[Leaf] = []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise Unsupported(text[pos:])
        pos = m.end()
        # the token's group is the last to match (the groups are not nested): one lookup
        found = m.lastgroup
        space, value = m.group(1), m.group(m.lastindex)  # type: ignore[arg-type]
        if found == "string":
            leaf = Leaf("STRING", value, space)
        elif found == "number":
            leaf = Leaf("NUMBER", value, space)
        elif found == "name":
            # a lambda without parameters (`lambda: (A, B)`, deferred references) lays out as a
            # name: black gives its colon no delimiter priority and splits only its body's brackets
            if value in _KEYWORDS and not (value == "lambda" and text.startswith(":", pos)):
                raise Unsupported(value)
            leaf = Leaf("NAME", value, space)
        else:
            if value in OPENING:
                before = leaves[-1] if leaves else None
                kind = (
                    "trailer"
                    if before is not None and (before.kind in ("NAME", "STRING") or before.kind in CLOSING)
                    else "atom"
                )
                if before is not None and before.kind == "NAME" and before.value in ("None", "True", "False"):
                    kind = "atom"
                leaf = Leaf(value, value, space, kind)
                stack.append(leaf)
            elif value in CLOSING:
                if not stack or stack[-1].kind != MATCH[value]:
                    raise Unsupported(text)
                opening = stack.pop()
                leaf = Leaf(value, value, space, opening.parent)
                leaf.opening = opening
            elif value == ",":
                leaf = Leaf(
                    ",",
                    ",",
                    space,
                    "arglist" if stack and stack[-1].kind == "(" and stack[-1].parent == "trailer" else "",
                )
            elif value in (".", ":", "="):
                leaf = Leaf(value, value, space)
            else:
                leaf = Leaf("OP", value, space)
        leaves.append(leaf)
    if stack:
        raise Unsupported(text)
    # black's spacing: nothing before a closing bracket, a comma, or after an opening bracket
    for i, leaf in enumerate(leaves):
        if leaf.kind in CLOSING or leaf.kind == "," or (i and leaves[i - 1].kind in OPENING):
            leaf.prefix = leaf.natural = ""
    return leaves


def _invisible(leaves: list[Leaf]) -> list[Leaf]:
    """`leaves` with invisible parentheses around what follows a top-level `:` or `=`, as black
    puts them around an annotation and an assigned value (a tuple display keeps its own)."""
    depth = 0
    cuts: list[int] = []
    for i, leaf in enumerate(leaves):
        if leaf.kind in OPENING:
            depth += 1
        elif leaf.kind in CLOSING:
            depth -= 1
        elif depth == 0 and leaf.kind in (":", "="):
            cuts.append(i)
    if not cuts:
        return leaves
    out: list[Leaf] = []
    bounds = cuts + [len(leaves)]
    out.extend(leaves[: cuts[0] + 1])
    for start, end in zip(bounds, bounds[1:]):
        child = leaves[start + 1 : end]
        if (
            child
            and child[0].kind == "("
            and child[-1].kind == ")"
            and child[-1].opening is child[0]
            and any(leaf.kind == "," and leaf.depth == 0 for leaf in _depths(child[1:-1]))
        ):
            out.extend(child)  # a tuple display: its parentheses stay
        elif child:
            lpar, rpar = Leaf("(", "", child[0].natural, "atom"), Leaf(")", "", "", "atom")
            child[0].prefix = child[0].natural = ""
            rpar.opening = lpar
            out.append(lpar)
            out.extend(child)
            out.append(rpar)
        if end < len(leaves):
            out.append(leaves[end])
    return out


def _depths(leaves: list[Leaf]) -> list[Leaf]:
    depth = 0
    for leaf in leaves:
        if leaf.kind in CLOSING:
            depth -= 1
        leaf.depth = depth
        if leaf.kind in OPENING:
            depth += 1
    return leaves


def statement(text: str, depth: int = 0) -> str:
    """One statement (`text`, without indentation) at block depth `depth`, as black lays it out:
    the lines, each indented, joined by newlines (no final newline)."""
    indent = "    " * depth
    if len(indent) + len(text) <= LINE_LENGTH and not text.endswith(", )") and ",)" not in text:
        if text.isascii():
            return indent + text  # as it is: nothing worth remembering
    return _long_statement(text, depth)


@pure
@functools.lru_cache(maxsize=None)  # a module repeats some statements (the same field in several classes)
def _long_statement(text: str, depth: int) -> str:
    """`statement` of a line that may not stay as it is."""
    try:
        return _statement(text, depth)
    except Unsupported:
        return _black_statement(text, depth)


def _statement(text: str, depth: int) -> str:
    is_class = text.startswith("class ") and text.endswith(":")
    if is_class:
        leaves = _tokens(text[len("class ") : -1])
        leaves[0].prefix = leaves[0].natural = " "
        for leaf in leaves:
            if leaf.kind in "()" and leaf.depth == 0 and leaf.parent == "trailer":
                leaf.parent = "class"
        keyword = Leaf("NAME", "class", "")
        colon = Leaf(":", ":", "")
        leaves = [keyword, *leaves, colon]
        _fix_class_parents(leaves)
    else:
        leaves = _invisible(_tokens(text))
    line = Line(depth)
    for leaf in leaves:
        line.append(leaf, preformatted=True, track=True)
    return "\n".join(produced.render() for produced in transform(line))


def _fix_class_parents(leaves: list[Leaf]) -> None:
    depth = 0
    for leaf in leaves:
        if leaf.kind in OPENING:
            if depth == 0:
                leaf.parent = "class"
            depth += 1
        elif leaf.kind in CLOSING:
            depth -= 1
            if depth == 0:
                leaf.parent = "class"
        elif leaf.kind == "," and depth == 1:
            leaf.parent = "arglist"


FALLBACKS: list[str] = []


def _black_statement(text: str, depth: int) -> str:
    """black itself, for a statement outside the grammar above (never expected: counted in
    FALLBACKS so the tests can say so)."""
    import black

    FALLBACKS.append(text)
    width = LINE_LENGTH - 4 * depth
    mode = black.Mode(line_length=width, target_versions={black.TargetVersion.PY311})
    if text.endswith(":"):
        laid = black.format_str(f"{text}\n    pass\n", mode=mode).splitlines()[:-1]
    else:
        laid = black.format_str(text + "\n", mode=mode).splitlines()
    indent = "    " * depth
    return "\n".join(indent + part if part else part for part in laid)


# ---------------------------------------------------------------- docstrings


def docstring(literal: str, depth: int) -> str:
    """A docstring literal (`\"\"\"...\"\"\"` as printed, continuation lines already indented)
    the way black rewrites the first statement of a module or class body."""
    if re.search(r"\\\s*\n", literal):
        return literal  # black leaves docstrings with backslash-newline alone
    quote = literal[0]
    quote_len = 3 if literal[1] == quote else 1
    body = literal[quote_len:-quote_len]
    started_empty = not body
    indent = "    " * depth
    if quote_len == 3 and "\n" in literal:
        body = _fix_multiline(body, indent)
    else:
        body = body.strip()
    trailing_backslash = False
    if body:
        if body[0] == quote:
            body = " " + body
        if body[-1] == quote:
            body += " "
        if body[-1] == "\\":
            count = len(body) - len(body.rstrip("\\"))
            if count % 2:
                body += " "
                trailing_backslash = True
    elif not started_empty:
        body = " "
    marks = quote * quote_len
    if quote_len == 3:
        lines = body.splitlines()
        last = len(lines[-1]) if body and not body.endswith("\n") else 0
        if (
            len(lines) > 1
            and last + quote_len > LINE_LENGTH
            and len(indent) + quote_len <= LINE_LENGTH
            and not trailing_backslash
        ):
            if literal[-1 - quote_len] == "\n":
                return marks + body + marks
            return marks + body + "\n" + indent + marks
    return marks + body + marks


_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


def _fix_multiline(body: str, prefix: str) -> str:
    lines = []
    for line in _LINE_BREAK.split(body):
        stripped = line.lstrip()
        if not stripped or stripped == line:
            lines.append(line)
        else:
            lines.append(line[: len(line) - len(stripped)].expandtabs(4) + stripped)
    indent = sys.maxsize
    for line in lines[1:]:
        stripped = line.lstrip()
        if stripped:
            indent = min(indent, len(line) - len(stripped))
    trimmed = [lines[0].strip()]
    if indent < sys.maxsize:
        last_index = len(lines) - 2
        for i, line in enumerate(lines[1:]):
            kept = line[indent:].rstrip()
            if kept or i == last_index:
                trimmed.append(prefix + kept)
            else:
                trimmed.append("")
    return "\n".join(trimmed)
