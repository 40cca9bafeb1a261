"""What a validators module is reused by (generator/validators/reuse.py, issue 23 item 4): one key
for every bundle that differs only in the values of prose annotations of schema objects, and
those bundles compile to the same module byte for byte; a different key for any other change,
including prose-named properties, prose-named keys inside const/enum/default values, and prose a
`$ref` makes a schema of."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.validators import compile_source
from generator.validators.registry import SCHEMA_LIST, SCHEMA_MAP, SCHEMA_ONE
from generator.validators.reuse import module_key

REPO = Path(__file__).resolve().parents[2]
BUNDLES = [
    REPO / "generated" / "jsonschema" / "openai.schema.json",
    REPO / "generated" / "jsonschema" / "oci.schema.json",
    REPO / "tests" / "validators" / "schemas" / "realistic.schema.json",
    REPO / "tests" / "validators" / "schemas" / "unions.schema.json",
]
OPTIONS = {"format_assertion": False}


def entries_of(bundle: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(name, f"shape_{i}", f"#/$defs/{name}") for i, name in enumerate(bundle["$defs"])]


def key(bundle: Any, entries: list[tuple[str, str, str]] | None = None, doc: str = "d", **options: Any) -> bytes | None:
    return module_key(bundle, entries if entries is not None else entries_of(bundle), doc, {**OPTIONS, **options})


def compiled(bundle: dict[str, Any], entries: list[tuple[str, str, str]] | None = None) -> str:
    return compile_source(bundle, entries if entries is not None else entries_of(bundle), module_doc="d", **OPTIONS)


def reworded(schema: Any) -> Any:
    """`schema` with new words in every prose annotation of every schema object (the keywords a
    2020-12 validator descends into), and a description added where a title is: nothing else."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for k, v in schema.items():
        if k in ("description", "title", "$comment"):
            out[k] = f"reworded: {v}"
        elif k == "examples":
            out[k] = [{"reworded": True}, *v] if isinstance(v, list) else "reworded"
        elif k in SCHEMA_ONE:
            out[k] = [reworded(s) for s in v] if isinstance(v, list) else reworded(v)
        elif k in SCHEMA_MAP and isinstance(v, dict):
            out[k] = {name: reworded(s) for name, s in v.items()}
        elif k in SCHEMA_LIST and isinstance(v, list):
            out[k] = [reworded(s) for s in v]
        else:
            out[k] = copy.deepcopy(v)
    return out


@pytest.mark.parametrize("path", BUNDLES, ids=lambda p: p.name)
def test_rewording_every_prose_annotation_keeps_the_key_and_the_module(path):
    bundle = json.loads(path.read_text())
    other = reworded(bundle)
    assert other != bundle
    assert key(other) == key(bundle) is not None
    assert compiled(other) == compiled(bundle)


NOTE = {
    "$defs": {
        "Note": {
            "type": "object",
            "description": "A note.",
            "properties": {
                "description": {"type": "string", "maxLength": 80},
                "title": {"type": "string"},
                "kind": {"const": {"description": "fixed"}},
                "mood": {"enum": [{"title": "calm"}, "busy"]},
                "size": {"type": "integer", "default": {"examples": 1}},
            },
        },
        "title": {"type": "string", "minLength": 2},
    }
}


def changed(path: list[str | int], value: Any, bundle: Any = NOTE) -> Any:
    out = copy.deepcopy(bundle)
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


@pytest.mark.parametrize(
    "path, value",
    [
        (["$defs", "Note", "description"], "Another note."),
        (["$defs", "Note", "title"], "Note"),
        (["$defs", "Note", "$comment"], "for the docs"),
        (["$defs", "Note", "properties", "kind", "description"], "What it is."),
        (["$defs", "Note", "properties", "description", "examples"], ["hello"]),
    ],
    ids=lambda part: "/".join(map(str, part)) if isinstance(part, list) else None,
)
def test_the_key_leaves_out_prose_where_a_schema_object_holds_it(path, value):
    base = changed(path, "first words")
    assert key(changed(path, value, base)) == key(base)


@pytest.mark.parametrize(
    "path, value",
    [
        (["$defs", "Note", "properties", "description"], {"type": "string", "maxLength": 81}),
        (["$defs", "Note", "properties", "title"], {"type": "integer"}),
        (["$defs", "Note", "properties", "kind", "const", "description"], "settled"),
        (["$defs", "Note", "properties", "mood", "enum", 0, "title"], "quiet"),
        (["$defs", "Note", "properties", "size", "default", "examples"], 2),
        (["$defs", "title"], {"type": "string", "minLength": 3}),
        (["$defs", "Note", "type"], ["object", "null"]),
    ],
    ids=lambda part: "/".join(map(str, part)) if isinstance(part, list) else None,
)
def test_the_key_holds_everything_else(path, value):
    assert key(changed(path, value)) != key(NOTE)


def test_the_key_holds_the_order_of_properties_the_entries_the_doc_and_the_options():
    reordered = changed(["$defs", "Note", "properties"], dict(reversed(NOTE["$defs"]["Note"]["properties"].items())))
    entries = entries_of(NOTE)
    assert key(reordered) != key(NOTE)
    assert key(NOTE, entries[:1]) != key(NOTE, entries)
    assert key(NOTE, [(name, snake + "_x", ptr) for name, snake, ptr in entries]) != key(NOTE, entries)
    assert key(NOTE, doc="other") != key(NOTE)
    assert key(NOTE, format_assertion=True) != key(NOTE)


def test_prose_that_a_reference_makes_a_schema_is_part_of_the_key():
    """`examples` hold any JSON, and a `$ref` can name one as its schema: then the compiler reads
    them, and their words are in the key (here the whole bundle is digested)."""
    bundle = {
        "$defs": {
            "A": {"type": "object", "examples": [{"type": "integer"}]},
            "B": {"$ref": "#/$defs/A/examples/0"},
        }
    }
    other = changed(["$defs", "A", "examples", 0, "type"], "string", bundle)
    entries = [("B", "b", "#/$defs/B")]
    assert compiled(other, entries) != compiled(bundle, entries)
    assert key(other, entries) != key(bundle, entries)


@pytest.mark.parametrize(
    "ref",
    [
        "#/$defs/A/nonstandard",  # an unknown keyword: what it holds is a schema the walk never saw
        "#/$defs/A/items/0",  # `items` is one schema here: `0` would be a keyword of it
        "#/$defs/A/properties",  # a map of schemas, named as if it were one
        "other.json#/$defs/A",  # another document
    ],
)
def test_a_reference_off_the_schema_keywords_digests_every_word(ref):
    bundle = {
        "$defs": {
            "A": {
                "type": "array",
                "items": {"type": "string"},
                "properties": {"x": {"type": "string"}},
                "nonstandard": {"$ref": "#/$defs/C/title"},
            },
            "B": {"$ref": ref},
            "C": {"description": "prose", "title": "more prose"},
        }
    }
    entries = [("A", "a", "#/$defs/A")]
    assert key(changed(["$defs", "C", "description"], "other", bundle), entries) != key(bundle, entries)


def test_references_along_the_schema_keywords_and_by_anchor_keep_prose_out():
    bundle = {
        "$id": "urn:test:doc",
        "$defs": {
            "A": {"type": "object", "properties": {"x": {"items": [{"type": "string"}], "$anchor": "ax"}}},
            "B": {"allOf": [{"$ref": "#/$defs/A/properties/x/items/0"}, {"$ref": "#ax"}, {"$ref": "urn:test:doc"}]},
            "C": {"description": "prose"},
        },
    }
    entries = [("B", "b", "#/$defs/B")]
    assert key(changed(["$defs", "C", "description"], "other", bundle), entries) == key(bundle, entries)


class Text(str):
    pass


class Table(dict):
    pass


@pytest.mark.parametrize(
    "odd", [Text("x"), Table(a=1), object()], ids=["a str subclass", "a dict subclass", "an object"]
)
def test_anything_pickle_does_not_write_by_itself_gives_no_key(odd):
    assert key(changed(["$defs", "Note", "properties", "kind", "const"], odd)) is None


def test_a_cycle_gives_no_key():
    bundle = copy.deepcopy(NOTE)
    loop: list[Any] = []
    loop.append(loop)
    bundle["$defs"]["Note"]["properties"]["kind"]["const"] = loop
    assert key(bundle) is None
