"""The generated `parse<Name>` functions accept and reject payloads with the schema's meaning,
driven through the conformance driver (JSON text in, verdict out). A valid payload comes back
JSON-equal to its input: explicit nulls kept, absent fields never written, unknown properties of
open objects kept. A rejection names the JSON pointer of the offending value."""

from __future__ import annotations

import json

import pytest

from generator.drivers.typescript import run_items
from tests.typescript.helpers import CACHE

OK = "ok"

# (what it shows, shape, payload, OK or the pointer the error must name)
CASES = [
    # presence and nullability
    ("required fields only", "Request", {"kind": "big", "count_or_null": 1}, OK),
    ("a required field may not be absent", "Request", {"kind": "big"}, ""),
    ("a required nullable field takes null", "Request", {"kind": "big", "count_or_null": None}, OK),
    (
        "an optional nullable field keeps an explicit null",
        "Request",
        {"kind": "big", "count_or_null": 1, "note": None},
        OK,
    ),
    (
        "an optional field that is not nullable rejects null",
        "Request",
        {"kind": "big", "count_or_null": 1, "plain": None},
        "/plain",
    ),
    ("a field with a default may be absent and stays absent", "Request", {"kind": "small", "count_or_null": 2}, OK),
    # closed and open objects
    (
        "a closed object rejects an unknown property",
        "Request",
        {"kind": "big", "count_or_null": 1, "extra": 1},
        "/extra",
    ),
    ("an open object keeps an unknown property", "Response", {"id": "x", "future": {"nested": [1, None]}}, OK),
    ("an object is not an array", "Request", [], ""),
    ("an object is not null", "Request", None, ""),
    # integers and numbers
    ("an integer may be written 7.0", "Request", {"kind": "big", "count_or_null": 7.0}, OK),
    ("an integer has no fraction", "Request", {"kind": "big", "count_or_null": 7.5}, "/count_or_null"),
    ("a boolean is not an integer", "Request", {"kind": "big", "count_or_null": True}, "/count_or_null"),
    ("a numeric string is not an integer", "Request", {"kind": "big", "count_or_null": "7"}, "/count_or_null"),
    ("minimum is inclusive", "Request", {"kind": "big", "count_or_null": 1, "seconds": 10}, OK),
    ("below the minimum", "Request", {"kind": "big", "count_or_null": 1, "seconds": 9}, "/seconds"),
    ("above the maximum", "Request", {"kind": "big", "count_or_null": 1, "seconds": 7201}, "/seconds"),
    ("exclusive minimum excludes the bound", "Request", {"kind": "big", "count_or_null": 1, "ratio": 0}, "/ratio"),
    ("exclusive maximum excludes the bound", "Request", {"kind": "big", "count_or_null": 1, "ratio": 1}, "/ratio"),
    ("inside exclusive bounds", "Request", {"kind": "big", "count_or_null": 1, "ratio": 0.5}, OK),
    ("multipleOf 0.01 in decimal, not binary", "Request", {"kind": "big", "count_or_null": 1, "cents": 0.29}, OK),
    ("not a multiple of 0.01", "Request", {"kind": "big", "count_or_null": 1, "cents": 0.295}, "/cents"),
    ("a boolean is a boolean", "Request", {"kind": "big", "count_or_null": 1, "flag": False}, OK),
    ("0 is not a boolean", "Request", {"kind": "big", "count_or_null": 1, "flag": 0}, "/flag"),
    # consts and enums
    ("a const takes its value", "Request", {"kind": "big", "count_or_null": 1, "anchor": "created_at"}, OK),
    ("a const takes nothing else", "Request", {"kind": "big", "count_or_null": 1, "anchor": "now"}, "/anchor"),
    ("a closed enum rejects other strings", "Request", {"kind": "huge", "count_or_null": 1}, "/kind"),
    ("an open enum keeps an unknown string", "Request", {"kind": "big", "count_or_null": 1, "voice": "cedar-2030"}, OK),
    ("an open enum still wants a string", "Request", {"kind": "big", "count_or_null": 1, "voice": 3}, "/voice"),
    # strings
    (
        "lengths count code points: two emoji are two characters",
        "Request",
        {"kind": "big", "count_or_null": 1, "name": "😀😀"},
        OK,
    ),
    ("one emoji is one character, too short", "Request", {"kind": "big", "count_or_null": 1, "name": "😀"}, "/name"),
    ("four characters is too long", "Request", {"kind": "big", "count_or_null": 1, "name": "abcd"}, "/name"),
    ("a pattern with Unicode property escapes", "Request", {"kind": "big", "count_or_null": 1, "code": "ÄB-12"}, OK),
    (
        "a string that does not match the pattern",
        "Request",
        {"kind": "big", "count_or_null": 1, "code": "ab-12"},
        "/code",
    ),
    ("patterns are not anchored", "Request", {"kind": "big", "count_or_null": 1, "unanchored": "abbbc"}, OK),
    (
        "an unanchored pattern still has to match somewhere",
        "Request",
        {"kind": "big", "count_or_null": 1, "unanchored": "ac"},
        "/unanchored",
    ),
    # arrays and maps
    ("an array within its item counts", "Request", {"kind": "big", "count_or_null": 1, "tags": ["a", "b"]}, OK),
    ("too few items", "Request", {"kind": "big", "count_or_null": 1, "tags": []}, "/tags"),
    ("too many items", "Request", {"kind": "big", "count_or_null": 1, "tags": ["a", "b", "c", "d"]}, "/tags"),
    (
        "repeated items are rejected when items must be unique",
        "Request",
        {"kind": "big", "count_or_null": 1, "tags": ["a", "a"]},
        "/tags/1",
    ),
    ("a bad item is named by its index", "Request", {"kind": "big", "count_or_null": 1, "tags": ["a", 2]}, "/tags/1"),
    ("nullable items keep their nulls", "Request", {"kind": "big", "count_or_null": 1, "matrix": [[1, None], []]}, OK),
    ("a bad nested item", "Request", {"kind": "big", "count_or_null": 1, "matrix": [[1], [None, "x"]]}, "/matrix/1/1"),
    (
        "map values are checked",
        "Request",
        {"kind": "big", "count_or_null": 1, "labels": {"a": 1, "b": "two"}},
        "/labels/b",
    ),
    (
        "map keys are escaped in the pointer",
        "Request",
        {"kind": "big", "count_or_null": 1, "labels": {"x/y~z": "bad"}},
        "/labels/x~1y~0z",
    ),
    (
        "too many map properties",
        "Request",
        {"kind": "big", "count_or_null": 1, "labels": {"a": 1, "b": 2, "c": 3}},
        "/labels",
    ),
    (
        "any JSON value is kept as it is",
        "Request",
        {"kind": "big", "count_or_null": 1, "anything": {"a": [1, {"b": None}], "c": "d"}},
        OK,
    ),
    # unions
    (
        "a tagged union dispatches on its tag",
        "Request",
        {"kind": "big", "count_or_null": 1, "format": {"type": "audio/pcm", "rate": 24000}},
        OK,
    ),
    (
        "a tagged variant checks its own fields",
        "Request",
        {"kind": "big", "count_or_null": 1, "format": {"type": "audio/pcm", "rate": 16000}},
        "/format/rate",
    ),
    (
        "an unknown tag is named at the tag",
        "Request",
        {"kind": "big", "count_or_null": 1, "format": {"type": "pcm16"}},
        "/format/type",
    ),
    ("a missing tag", "Request", {"kind": "big", "count_or_null": 1, "format": {"rate": 24000}}, "/format"),
    (
        "a closed variant rejects the other variant's fields",
        "Request",
        {"kind": "big", "count_or_null": 1, "format": {"type": "audio/pcmu", "rate": 24000}},
        "/format/rate",
    ),
    (
        "an open variant keeps unknown fields",
        "Response",
        {"id": "x", "format": {"type": "audio/pcmu", "rate": 8000}},
        OK,
    ),
    ("inf or an integer: inf", "Request", {"kind": "big", "count_or_null": 1, "max_tokens": "inf"}, OK),
    ("inf or an integer: an integer", "Request", {"kind": "big", "count_or_null": 1, "max_tokens": 4096}, OK),
    (
        "inf or an integer: out of range",
        "Request",
        {"kind": "big", "count_or_null": 1, "max_tokens": 4097},
        "/max_tokens",
    ),
    (
        "inf or an integer: another string",
        "Request",
        {"kind": "big", "count_or_null": 1, "max_tokens": "4096"},
        "/max_tokens",
    ),
    ("a constant or an object: the constant", "Request", {"kind": "big", "count_or_null": 1, "tracing": "auto"}, OK),
    (
        "a constant or an object: the object",
        "Request",
        {"kind": "big", "count_or_null": 1, "tracing": {"group_id": "g"}},
        OK,
    ),
    ("a constant or an object: null", "Request", {"kind": "big", "count_or_null": 1, "tracing": None}, OK),
    (
        "a constant or an object: an error inside the object is named",
        "Request",
        {"kind": "big", "count_or_null": 1, "tracing": {"group_id": 1}},
        "/tracing/group_id",
    ),
    (
        "oneOf: a value matching two variants is rejected",
        "Request",
        {"kind": "big", "count_or_null": 1, "ambiguous": 5},
        "/ambiguous",
    ),
    (
        "oneOf: a value matching exactly one variant",
        "Request",
        {"kind": "big", "count_or_null": 1, "ambiguous": 5.5},
        OK,
    ),
    # recursion and awkward names
    (
        "recursive shapes",
        "Request",
        {"kind": "big", "count_or_null": 1, "tree": {"label": "a", "children": [{"label": "b", "children": []}]}},
        OK,
    ),
    (
        "an error deep in a recursive shape",
        "Request",
        {"kind": "big", "count_or_null": 1, "tree": {"label": "a", "children": [{"children": []}]}},
        "/tree/children/0",
    ),
    (
        "a property called __proto__ is an ordinary property",
        "Request",
        {"kind": "big", "count_or_null": 1, "__proto__": "p"},
        OK,
    ),
    (
        "__proto__ is checked like any property",
        "Request",
        {"kind": "big", "count_or_null": 1, "__proto__": 1},
        "/__proto__",
    ),
    ("a wire name with / and ~", "Request", {"kind": "big", "count_or_null": 1, "a/b~c": 1}, OK),
    ("an unknown __proto__ on an open object is kept", "Response", {"id": "x", "__proto__": {"polluted": True}}, OK),
    ("a nullable object-typed field", "Response", {"id": "x", "transcription": None}, OK),
    # hostile names and constants
    (
        "hostile property names and constants",
        "hostile:Hostile",
        {"it's `${x}`": 1, "*/": True, "\u2028": False, "tag": "`${1+1}` */ \"'\\\u2028"},
        OK,
    ),
    ("a hostile constant is compared exactly", "hostile:Hostile", {"tag": "`${1+1}` */"}, "/tag"),
    ("a hostile enum value", "hostile:Hostile", {"mode": "${process.exit(1)}"}, OK),
    ("a hostile pattern", "hostile:Hostile", {'quote"name': "a\"'\\/*b"}, OK),
    ("a hostile pattern rejects", "hostile:Hostile", {'quote"name': "A"}, '/quote"name'),
]

RAW_CASES = [
    ("text that is not JSON is rejected at the root", "Request", '{"kind": "big",}', ""),
    ("an empty text is not JSON", "Request", "", ""),
]


def _shape(name: str) -> str:
    return name if ":" in name else f"fixture:{name}"


@pytest.fixture(scope="session")
def verdicts(fixture_package):
    items = [(_shape(shape), json.dumps(payload, ensure_ascii=False)) for _, shape, payload, _ in CASES]
    items += [(_shape(shape), text) for _, shape, text, _ in RAW_CASES]
    results = run_items(fixture_package, CACHE, items)
    return {case[0]: result for case, result in zip(CASES + RAW_CASES, results)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_payload_verdict(case, verdicts):
    what, _, payload, expect = case
    result = verdicts[what]
    if expect == OK:
        assert result.get("ok") is True, result
        assert result["json"] == payload, "a valid payload must come back JSON-equal to its input"
    else:
        assert result.get("ok") is False, f"accepted: {result}"
        pointer = result["error"].split(": ", 1)[0]
        assert pointer == expect, result["error"]


@pytest.mark.parametrize("case", RAW_CASES, ids=lambda c: c[0])
def test_unparseable_text(case, verdicts):
    result = verdicts[case[0]]
    assert result["ok"] is False and result["error"].startswith(": not JSON"), result


def test_valid_payloads_keep_their_key_order_and_nulls(fixture_package):
    text = '{"z": 1, "id": "x", "transcription": null, "a": [null]}'
    [result] = run_items(fixture_package, CACHE, [("fixture:Response", text)])
    assert json.dumps(result["json"]) == text
