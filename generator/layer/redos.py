"""ReDoS: can a pattern take super-linear time in a backtracking engine?

Every engine the targets use backtracks: Python `re`, V8's Irregexp (TypeScript, and Dart on the
VM), the `regress` crate (Rust) and .NET's default `Regex`. So the question is asked once, here,
over the parsed ECMA-262 tree (`ecma.py`), and the answer is the same for every language.

The check is static and conservative (it may call a safe pattern risky, never the reverse for
the three shapes below), in the spirit of the star-height and ambiguity analyses of regexploit
and recheck, which were weighed and not used: regexploit reads Python's regex syntax and has not
been released since 2021; recheck is an npm/JVM tool, and generation must not need node.

1. **Nested quantifiers** (`(a+)+`, `(a*b*)*`, `(a|b+)*`): a repeated body that ends (or starts)
   with an inner repeat whose characters can also start (or end) the next round of the outer
   one: a run of such characters splits between the rounds in exponentially many ways.
2. **Ambiguous alternation under a repeat** (`(a|a)*`, `(\\w|\\d)*`): two options of an
   alternation inside a repeated body can begin with the same character (for options that are
   fixed strings: can match the same text, or one a prefix of the other).
3. **Adjacent overlapping quantifiers** (`a*a*a*b`, `\\d+\\d*`): unbounded repeats in one
   sequence, with only optional things between them, that may match a common text (it begins
   with a character both can begin with, and ends with one both can end with: `(x-)*(x-)*`, not
   `(\\d+\\.)+\\d+`): a near-miss costs O(n^k) for a chain of k of them.

Not modelled (documented limits): back-references (treated as any text), lookarounds (their
bodies are analysed as patterns of their own, not as part of the match), and the implicit
`.*?` of an unanchored search, which makes many harmless unanchored patterns quadratic in every
backtracking engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Literal

from generator.layer.charset import ANY, EMPTY, CharSet
from generator.layer.ecma import Alt, Assert, Backref, Chars, Group, Look, Node, Repeat, Seq


@dataclass(frozen=True)
class Risk:
    """Why a pattern can take super-linear time on a near-miss input."""

    kind: Literal["exponential", "polynomial"]
    cause: Literal["nested quantifiers", "ambiguous alternation", "adjacent quantifiers"]
    part: str  # the part of the pattern responsible, as written
    degree: int | None = None  # polynomial: the exponent (a chain of `degree` quantifiers)

    def describe(self) -> str:
        cost = "exponential time" if self.kind == "exponential" else f"O(n^{self.degree}) time"
        return f"{self.cause} in {self.part!r} can take {cost} on a near-miss input in a backtracking engine"


def nullable(n: Node) -> bool:
    if isinstance(n, Chars):
        return False
    if isinstance(n, Seq):
        return all(nullable(i) for i in n.items)
    if isinstance(n, Alt):
        return any(nullable(o) for o in n.options)
    if isinstance(n, Repeat):
        return n.min == 0 or nullable(n.node)
    if isinstance(n, Group):
        return nullable(n.node)
    return True  # assertions, lookarounds, back-references (which may be empty)


def first(n: Node) -> CharSet:
    """Characters a non-empty match of `n` can begin with."""
    if isinstance(n, Chars):
        return n.set
    if isinstance(n, Seq):
        out = EMPTY
        for item in n.items:
            out = out | first(item)
            if not nullable(item):
                break
        return out
    if isinstance(n, Alt):
        out = EMPTY
        for o in n.options:
            out = out | first(o)
        return out
    if isinstance(n, (Repeat, Group)):
        return first(n.node)
    if isinstance(n, Backref):
        return ANY
    return EMPTY


def last(n: Node) -> CharSet:
    """Characters a non-empty match of `n` can end with."""
    if isinstance(n, Seq):
        out = EMPTY
        for item in reversed(n.items):
            out = out | last(item)
            if not nullable(item):
                break
        return out
    if isinstance(n, Alt):
        out = EMPTY
        for o in n.options:
            out = out | last(o)
        return out
    if isinstance(n, (Repeat, Group)):
        return last(n.node)
    return first(n)


def chars(n: Node) -> CharSet:
    """Every character a match of `n` can contain."""
    if isinstance(n, Chars):
        return n.set
    if isinstance(n, (Seq, Alt)):
        out = EMPTY
        for c in n.items if isinstance(n, Seq) else n.options:
            out = out | chars(c)
        return out
    if isinstance(n, (Repeat, Group)):
        return chars(n.node)
    if isinstance(n, Backref):
        return ANY
    return EMPTY


def _consumes(n: Node) -> bool:
    return bool(chars(n))


def _repeats_at(n: Node, end: bool) -> Iterator[Repeat]:
    """Repeats that can be the last (end=True) or first consuming part of a match of `n`."""
    if isinstance(n, Repeat):
        yield n
        yield from _repeats_at(n.node, end)
    elif isinstance(n, Group):
        yield from _repeats_at(n.node, end)
    elif isinstance(n, Alt):
        for o in n.options:
            yield from _repeats_at(o, end)
    elif isinstance(n, Seq):
        for item in reversed(n.items) if end else n.items:
            yield from _repeats_at(item, end)
            if not nullable(item):
                break


def _fixed(n: Node) -> list[CharSet] | None:
    """The characters of a fixed-length, repeat-free node, position by position."""
    if isinstance(n, Chars):
        return [n.set]
    if isinstance(n, Group):
        return _fixed(n.node)
    if isinstance(n, Seq):
        out: list[CharSet] = []
        for item in n.items:
            part = _fixed(item)
            if part is None:
                return None
            out += part
        return out
    if isinstance(n, Assert):
        return []
    return None


def _may_share(a: Node, b: Node) -> bool:
    """Whether repeats of `a` and of `b` may match a common non-empty text (which can then move
    across the boundary between them): it would begin with a character both can begin with and
    end with one both can end with."""
    return bool(first(a) & first(b)) and bool(last(a) & last(b))


def _options_overlap(a: Node, b: Node) -> bool:
    if nullable(a) and nullable(b):
        return True
    fa, fb = _fixed(a), _fixed(b)
    if fa is not None and fb is not None:
        k = min(len(fa), len(fb))
        return all(fa[i] & fb[i] for i in range(k))
    return bool(first(a) & first(b))


def _alts(n: Node) -> Iterator[Alt]:
    if isinstance(n, Alt):
        yield n
        for o in n.options:
            yield from _alts(o)
    elif isinstance(n, Seq):
        for item in n.items:
            yield from _alts(item)
    elif isinstance(n, (Repeat, Group)):
        yield from _alts(n.node)


def _text(n: Node) -> str:
    """An approximate rendering of a node, for messages."""
    if isinstance(n, Chars):
        return n.text
    if isinstance(n, Repeat):
        return n.text
    if isinstance(n, Group):
        inner = _text(n.node)
        return f"({inner})" if n.capturing else f"(?:{inner})"
    if isinstance(n, Seq):
        return "".join(_text(i) for i in n.items)
    if isinstance(n, Alt):
        return "|".join(_text(o) for o in n.options)
    if isinstance(n, Assert):
        return {"b": "\\b", "B": "\\B"}.get(n.kind, n.kind)
    if isinstance(n, Backref):
        return f"\\{n.ref}" if isinstance(n.ref, int) else f"\\k<{n.ref}>"
    return "(?...)"


def _walk(n: Node) -> Iterator[Node]:
    yield n
    if isinstance(n, Seq):
        for i in n.items:
            yield from _walk(i)
    elif isinstance(n, Alt):
        for o in n.options:
            yield from _walk(o)
    elif isinstance(n, (Repeat, Group, Look)):
        yield from _walk(n.node)


def _flat(n: Node) -> list[Node]:
    """A sequence with its groups' sequences spliced in (`a*(a*)b` is three items)."""
    if isinstance(n, Group) and isinstance(n.node, Seq):
        return _flat(n.node)
    if isinstance(n, Seq):
        out: list[Node] = []
        for i in n.items:
            out += _flat(i) if isinstance(i, (Seq, Group)) else [i]
        return out
    if isinstance(n, Group):
        return _flat(n.node) if isinstance(n.node, (Seq, Group)) else [n.node]
    return [n]


def risks(tree: Node) -> list[Risk]:
    """Every super-linear construct in the pattern, worst first."""
    found: list[Risk] = []
    for n in _walk(tree):
        if isinstance(n, Repeat) and (n.max is None or n.max > 1) and _consumes(n.node):
            kind: Literal["exponential", "polynomial"] = "exponential" if n.max is None else "polynomial"
            degree = None if n.max is None else n.max
            body = n.node
            inner_end = [r for r in _repeats_at(body, True) if (r.max is None or r.max > 1) and _consumes(r.node)]
            inner_start = [r for r in _repeats_at(body, False) if (r.max is None or r.max > 1) and _consumes(r.node)]
            if any(first(r.node) & first(body) for r in inner_end) or any(
                last(r.node) & last(body) for r in inner_start
            ):
                found.append(Risk(kind, "nested quantifiers", n.text, degree))
                continue
            for alt in _alts(body):
                opts = alt.options
                if any(_options_overlap(opts[i], opts[j]) for i in range(len(opts)) for j in range(i + 1, len(opts))):
                    found.append(Risk(kind, "ambiguous alternation", n.text, degree))
                    break
        if isinstance(n, (Seq, Group)):
            items = _flat(n)
            best: list[Node] = []
            for i, start in enumerate(items):
                if not (isinstance(start, Repeat) and start.max is None and _consumes(start.node)):
                    continue
                chain: list[Node] = [start]
                for later in items[i + 1 :]:
                    if isinstance(later, Repeat) and later.max is None and _consumes(later.node):
                        if all(_may_share(c.node, later.node) for c in chain if isinstance(c, Repeat)):
                            chain.append(later)
                            continue
                    if not nullable(later):
                        break
                if len(chain) > len(best):
                    best = chain
            if len(best) > 1:
                part = "".join(_text(c) for c in best)
                found.append(Risk("polynomial", "adjacent quantifiers", part, len(best)))
    found.sort(key=lambda r: (r.kind != "exponential", -(r.degree or 0)))
    unique: list[Risk] = []
    for r in found:
        if r not in unique:
            unique.append(r)
    return unique
