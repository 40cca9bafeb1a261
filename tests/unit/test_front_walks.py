"""The front's walks of a document, made cheaper (issue 23), give what the plain walks gave:
the schema objects in document order, the nesting limit at exactly its level, and references to
other files at their place after a repair moved them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.check import repair
from generator.errors import ShapegenError
from generator.load import MAX_DEPTH, load_documents, parse_file, reading
from generator.walk import nodes, subschemas, walk

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "a": {"type": "string"},
        "b": {"anyOf": [{"type": "integer"}, {"$ref": "#/$defs/X"}, True]},
        "c": {"type": "array", "items": {"properties": {"d": {"enum": [{"properties": "not a schema"}]}}}},
    },
    "$defs": {"X": {"oneOf": [{"const": 1}], "not": {"type": "null"}}},
    "prefixItems": [{"type": "number"}],
    "additionalProperties": {"type": "boolean"},
    "examples": [{"properties": {"e": {}}}],
}


def reference_walk(schema: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    """The walk spelled out plainly, recursively, from `subschemas`."""
    if not isinstance(schema, dict):
        return []
    out = [(path, schema)]
    for rel, sub in subschemas(schema):
        out += reference_walk(sub, path + rel)
    return out


def test_walk_and_nodes_give_every_schema_object_in_document_order_never_a_value() -> None:
    expected = reference_walk(SCHEMA)
    assert [(p, id(n)) for p, n in walk(SCHEMA)] == [(p, id(n)) for p, n in expected]
    assert [id(n) for n in nodes(SCHEMA)] == [id(n) for _, n in expected]
    paths = [p for p, _ in expected]
    assert ("properties", "c", "items", "properties", "d") in paths
    assert not any("enum" in p or "examples" in p for p in paths)  # values are never entered


def test_walk_starts_from_the_given_path() -> None:
    assert [p for p, _ in walk({"items": {}}, ("components", "X"))] == [
        ("components", "X"),
        ("components", "X", "items"),
    ]


@pytest.mark.parametrize("container", ["{a: %s}", "[%s]"])
def test_the_nesting_limit_is_exactly_max_depth_levels(tmp_path: Path, container: str) -> None:
    def document(levels: int) -> Path:
        inner = "1"
        for _ in range(levels - 1):  # the top-level mapping is the first level
            inner = container % inner
        path = tmp_path / f"api{levels}.yaml"
        path.write_text(f"openapi: 3.1.0\nx: {inner}\n")
        return path

    parse_file(document(MAX_DEPTH), tmp_path)
    with pytest.raises(ShapegenError, match=f"nested deeper than {MAX_DEPTH} levels"):
        parse_file(document(MAX_DEPTH + 1), tmp_path)


def test_a_reference_to_another_file_is_found_at_its_new_place_after_a_repair_moves_it(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Pair:\n"
        "      type: array\n      items: [{$ref: 'other.yaml#/components/schemas/X'}, {$ref: '#/components/schemas/Y'}]\n"
        "    Y: {type: string}\n"
    )
    (tmp_path / "other.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    X: {type: string}\n"
    )
    with reading(confined=True):
        docs = load_documents(tmp_path / "api.yaml", tmp_path)
    api = docs[(tmp_path / "api.yaml").resolve()]
    assert api.references_out() == [("$ref", "other.yaml#/components/schemas/X", "/components/schemas/Pair/items/0")]
    repair(api)  # `items: [...]` is read as `prefixItems`
    assert api.references_out() == [
        ("$ref", "other.yaml#/components/schemas/X", "/components/schemas/Pair/prefixItems/0")
    ]
