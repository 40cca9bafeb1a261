"""Walking a JSON Schema: its subschemas, never its values (const, enum, default, examples).

Walks are iterative: a deeply nested schema costs memory, never a RecursionError.
"""

from __future__ import annotations

from typing import Any, Iterator

_SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs")
_SCHEMA_LISTS = ("prefixItems", "anyOf", "oneOf", "allOf")
_SCHEMA_ONE = (
    "additionalProperties",
    "items",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
)


# every keyword that can hold a subschema: most schema objects hold none (a leaf is left at once)
_SCHEMA_KEYWORDS = frozenset(_SCHEMA_MAPS + _SCHEMA_LISTS + _SCHEMA_ONE)


def subschemas(schema: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Direct subschemas of `schema` with their relative path; values (const, enum, default,
    examples) are not schemas and are never entered."""
    if not isinstance(schema, dict) or _SCHEMA_KEYWORDS.isdisjoint(schema):
        return
    for key in _SCHEMA_MAPS:
        value = schema.get(key)
        if isinstance(value, dict):
            for name, sub in value.items():
                yield (key, name), sub
    for key in _SCHEMA_LISTS:
        value = schema.get(key)
        if isinstance(value, list):
            for i, sub in enumerate(value):
                yield (key, i), sub
    for key in _SCHEMA_ONE:
        if key in schema and isinstance(schema[key], (dict, bool)):
            yield (key,), schema[key]


def walk(schema: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every schema object below `schema` (itself first), depth first, in document order."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [(path, schema)]
    keywords = _SCHEMA_KEYWORDS
    while stack:
        at, node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield at, node
        if keywords.isdisjoint(node):  # a leaf, as most schema objects are
            continue
        # `subschemas`, inline: this runs for every schema object of every walk
        children: list[tuple[tuple[str | int, ...], Any]] = []
        for key in _SCHEMA_MAPS:
            value = node.get(key)
            if isinstance(value, dict):
                children.extend(((*at, key, name), sub) for name, sub in value.items())
        for key in _SCHEMA_LISTS:
            value = node.get(key)
            if isinstance(value, list):
                children.extend(((*at, key, i), sub) for i, sub in enumerate(value))
        for key in _SCHEMA_ONE:
            if key in node and isinstance(node[key], (dict, bool)):
                children.append(((*at, key), node[key]))
        children.reverse()
        stack.extend(children)


def nodes(schema: Any) -> Iterator[dict[str, Any]]:
    """The schema objects `walk` gives, in its order, without their paths (for the walks that
    need none: no path tuple is built per object)."""
    stack: list[Any] = [schema]
    keywords = _SCHEMA_KEYWORDS
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield node
        if keywords.isdisjoint(node):
            continue
        children: list[Any] = []
        for key in _SCHEMA_MAPS:
            value = node.get(key)
            if isinstance(value, dict):
                children.extend(value.values())
        for key in _SCHEMA_LISTS:
            value = node.get(key)
            if isinstance(value, list):
                children.extend(value)
        for key in _SCHEMA_ONE:
            if key in node and isinstance(node[key], (dict, bool)):
                children.append(node[key])
        children.reverse()
        stack.extend(children)
