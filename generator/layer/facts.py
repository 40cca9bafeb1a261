"""Typed constraints and graph facts, computed once for every target.

Constraints by kind — `constraints_of(t)` for a `Primitive`, `Array` or `Map` returns one of:

- `StringConstraints(min_length, max_length, pattern, format)`: lengths are integers (the
  lowering turns `minLength: 2.0` into 2) counted in Unicode code points; `pattern` is a
  `generator.layer.patterns.Pattern`;
- `NumberConstraints(integer, minimum, maximum, exclusive_minimum, exclusive_maximum,
  multiple_of)`, with `bounds()` -> each present bound as a `Bound(keyword, value, fits_i64,
  fits_safe)`: `fits_i64` is within ±2^63 (Rust's `i64`, C#'s `long`, Dart's `int` on the VM),
  `fits_safe` within ±(2^53 − 1) (a JavaScript `number` holds it exactly). Each target decides on
  purpose what to do with a bound that does not fit (issue 9 item 3): a wider type, or the check
  left to the validator with a doc note; never a literal that does not compile;
- `ArrayConstraints(min_items, max_items, unique_items)`;
- `MapConstraints(min_properties, max_properties)`.

Graph facts — `graph(namespace)` returns `Graph`:

- `references[name]`: the shapes `name` refers to anywhere in its types (inside arrays and maps
  too); `referenced_by[name]`, the reverse;
- `inline_edges`: `(a, b)` when `a` holds a `b` by value (not behind an array or a map);
- `boxed_edges`: the inline edges on a cycle of inline edges: a language that lays values out
  inline (Rust) needs indirection (`Box`) there;
- `variant_only`: shapes that are used nowhere but as variants of unions (a target may fold them
  into the union, e.g. serde's internally tagged enums);
- `recursive_aliases`: the named aliases that refer to themselves through aliases alone (`Dict` =
  a map of `Dict`; `Chain` = null or an array of `Chain`). Expanded, such a type never ends: a
  language that inlines aliases (C#), or spells them as transparent synonyms (a Rust `type`, a
  Dart `typedef`, a Go alias `type X = ...`), must make each of them a nominal type of its own
  (a class, a newtype, a defined type) to break the cycle;
- `recursive_type_aliases`: the aliases and unions that refer to themselves through aliases and
  unions alone (`recursive_aliases`, plus `Tree` = an array of `Tree` or a string). A language in
  which unions are type synonyms too (Python's `Union`, TypeScript's `|`) must declare each one
  as an explicitly recursive alias: Python's `TypeAliasType`, which pydantic resolves lazily, and
  in TypeScript only forms the checker defers (arrays, index signatures; not `Record<...>`, TS2456);
- `depth`: the number of shapes on the longest chain of references (a reference that closes a
  cycle ends the chain). A compiler that proves a property of a type by walking every type it
  holds walks that far (rustc's auto traits, such as `Send` and `Freeze`, one level per struct and
  one per `Option` or `Vec` around it), and a target raises its limit from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from generator import ir

I64_MIN, I64_MAX = -(2**63), 2**63 - 1
SAFE_MAX = 2**53 - 1


def as_count(value: Any) -> Any:
    """A length or a count as an int (`2.0` -> 2); anything else as it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass(frozen=True)
class Bound:
    keyword: str  # minimum / maximum / exclusiveMinimum / exclusiveMaximum / multipleOf
    value: int | float
    fits_i64: bool
    fits_safe: bool


@dataclass(frozen=True)
class StringConstraints:
    min_length: int | None = None
    max_length: int | None = None
    pattern: Any = None  # generator.layer.patterns.Pattern
    format: str | None = None


@dataclass(frozen=True)
class NumberConstraints:
    integer: bool
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    multiple_of: int | float | None = None

    def bounds(self) -> tuple[Bound, ...]:
        out = []
        for keyword, value in (
            ("minimum", self.minimum),
            ("maximum", self.maximum),
            ("exclusiveMinimum", self.exclusive_minimum),
            ("exclusiveMaximum", self.exclusive_maximum),
            ("multipleOf", self.multiple_of),
        ):
            if value is not None:
                out.append(Bound(keyword, value, fits_i64(value), fits_safe(value)))
        return tuple(out)

    @property
    def fits_i64(self) -> bool:
        return all(b.fits_i64 for b in self.bounds())

    @property
    def fits_safe(self) -> bool:
        return all(b.fits_safe for b in self.bounds())


@dataclass(frozen=True)
class ArrayConstraints:
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False


@dataclass(frozen=True)
class MapConstraints:
    min_properties: int | None = None
    max_properties: int | None = None


TypedConstraints = Union[StringConstraints, NumberConstraints, ArrayConstraints, MapConstraints]


def fits_i64(value: int | float) -> bool:
    return I64_MIN <= value <= I64_MAX


def fits_safe(value: int | float) -> bool:
    return -SAFE_MAX <= value <= SAFE_MAX


def constraints_of(t: ir.Type) -> TypedConstraints | None:
    """The constraints of a primitive, array or map type, by kind; None when there are none."""
    if isinstance(t, ir.Nullable):
        return constraints_of(t.inner)
    c = getattr(t, "constraints", None)
    if c is None or c.is_empty() and not (isinstance(t, ir.Primitive) and t.format):
        return None
    if isinstance(t, ir.Primitive) and t.kind == "string":
        return StringConstraints(as_count(c.min_length), as_count(c.max_length), c.pattern, t.format)
    if isinstance(t, ir.Primitive) and t.kind in ("integer", "number"):
        if c.is_empty():
            return None
        return NumberConstraints(
            t.kind == "integer", c.minimum, c.maximum, c.exclusive_minimum, c.exclusive_maximum, c.multiple_of
        )
    if isinstance(t, ir.Array):
        return ArrayConstraints(as_count(c.min_items), as_count(c.max_items), c.unique_items)
    if isinstance(t, ir.Map):
        return MapConstraints(as_count(c.min_properties), as_count(c.max_properties))
    return None


# ---------------------------------------------------------------- graph


@dataclass(frozen=True)
class Graph:
    references: dict[str, frozenset[str]] = field(default_factory=dict)
    referenced_by: dict[str, frozenset[str]] = field(default_factory=dict)
    inline_edges: frozenset[tuple[str, str]] = frozenset()
    boxed_edges: frozenset[tuple[str, str]] = frozenset()
    variant_only: frozenset[str] = frozenset()
    recursive_aliases: frozenset[str] = frozenset()
    recursive_type_aliases: frozenset[str] = frozenset()
    depth: int = 0


def _depth(references: dict[str, frozenset[str]], order: list[str]) -> int:
    """The number of shapes on the longest chain of references, a reference back to a shape on
    the chain ending it; iterative (a chain may be thousands of shapes long)."""
    longest: dict[str, int] = {}
    for start in order:
        if start in longest:
            continue
        on_chain = {start}
        stack = [(start, iter(sorted(references.get(start, ()))))]
        while stack:
            name, todo = stack[-1]
            step = next(todo, None)
            if step is None:
                stack.pop()
                on_chain.discard(name)
                longest[name] = 1 + max(
                    (longest.get(r, 0) for r in references.get(name, ()) if r not in on_chain), default=0
                )
            elif step not in longest and step not in on_chain and step in references:
                on_chain.add(step)
                stack.append((step, iter(sorted(references[step]))))
    return max(longest.values(), default=0)


def _self_referring(ns: ir.Namespace, kinds: tuple[type, ...]) -> frozenset[str]:
    """The shapes of `kinds` that reach themselves through shapes of `kinds` alone."""
    through = {
        s.name: {r for r in ir.shape_refs(s) if isinstance(ns.shape(r), kinds)}
        for s in ns.shapes
        if isinstance(s, kinds)
    }
    component = _components(through)
    size: dict[int, int] = {}
    for c in component.values():
        size[c] = size.get(c, 0) + 1
    # on a cycle: a self-reference, or a component of more than one shape (linear, unlike a search per shape)
    return frozenset(name for name, targets in through.items() if name in targets or size[component[name]] > 1)


def _components(graph: dict[str, set[str]]) -> dict[str, int]:
    """Each node's strongly connected component (Tarjan's algorithm, without recursion): an edge
    a -> b lies on a cycle exactly when a and b share a component. Linear in nodes and edges."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    count = 0
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph.get(root, ())))]
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph.get(nxt, ()))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component[member] = count
                        if member == node:
                            break
                    count += 1
    return component


def graph(ns: ir.Namespace) -> Graph:
    references = {s.name: frozenset(ir.shape_refs(s)) for s in ns.shapes}
    back: dict[str, set[str]] = {s.name: set() for s in ns.shapes}
    for a, targets in references.items():
        for b in targets:
            back.setdefault(b, set()).add(a)
    inline = {s.name: set(ir.shape_refs(s, through_containers=False)) for s in ns.shapes}
    inline_edges = frozenset((a, b) for a, targets in inline.items() for b in targets)
    component = _components(inline)
    # an edge that closes a cycle of inline references needs indirection (b reaches a)
    boxed = frozenset((a, b) for a, b in inline_edges if b in component and component[a] == component[b])
    as_variant: set[str] = set()
    elsewhere: set[str] = set()
    for shape in ns.shapes:
        if isinstance(shape, ir.Union_):
            for v in shape.variants:
                if isinstance(v.type, ir.Ref):
                    as_variant.add(v.type.name)
                else:
                    elsewhere.update(ir.refs(v.type))
        else:
            elsewhere.update(ir.shape_refs(shape))
    top = {s.name for s in ns.shapes if s.role != "part"}
    return Graph(
        references=references,
        referenced_by={k: frozenset(v) for k, v in back.items()},
        inline_edges=inline_edges,
        boxed_edges=boxed,
        variant_only=frozenset(as_variant - elsewhere - top),
        recursive_aliases=_self_referring(ns, (ir.Alias,)),
        recursive_type_aliases=_self_referring(ns, (ir.Alias, ir.Union_)),
        depth=_depth(references, [s.name for s in ns.shapes]),
    )
