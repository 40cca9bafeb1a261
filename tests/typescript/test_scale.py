"""Scale (issue 7): a schema 100 levels deep (through references and inline) and an object with
10,000 properties generate, compile under `tsc --strict` with the pinned compiler, and parse,
in one build (about 10 s on the 2-core CI machine)."""

from __future__ import annotations

import json
import time

import pytest

from generator.drivers.typescript import run_items
from tests.typescript.helpers import render

DEPTH = 100
WIDTH = 10_000


def _schema() -> dict:
    schemas: dict = {}
    for i in range(DEPTH):
        schemas[f"Level{i}"] = {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/Level{i + 1}"}, "n": {"type": "integer"}},
        }
    schemas[f"Level{DEPTH}"] = {"type": "object", "properties": {"leaf": {"type": "string"}}}
    inline: dict = {"type": "string"}
    for _ in range(DEPTH):
        inline = {"type": "object", "properties": {"x": inline}}
    schemas["Inline"] = inline
    schemas["Wide"] = {
        "type": "object",
        "properties": {f"p{i}": {"type": "integer" if i % 2 else "string"} for i in range(WIDTH)},
    }
    body = lambda name: {
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}
    }  # noqa: E731
    return {
        "openapi": "3.1.0",
        "info": {"title": "scale", "version": "1"},
        "paths": {
            f"/{name}": {"post": {"requestBody": body(name), "responses": {"200": {"description": "ok"}}}}
            for name in ("Level0", "Inline", "Wide")
        },
        "components": {"schemas": schemas},
    }


def _nested(key: str, leaf: dict, depth: int) -> dict:
    value = leaf
    for _ in range(depth):
        value = {key: value}
    return value


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory, toolchain):
    out = tmp_path_factory.mktemp("ts-scale")
    (out / "api.yaml").write_text(json.dumps(_schema()), encoding="utf-8")
    started = time.perf_counter()
    package = render({"scale": out / "api.yaml"}, out)
    items = [
        ("scale:Level0", json.dumps(_nested("next", {"leaf": "bottom"}, DEPTH))),
        ("scale:Level0", json.dumps(_nested("next", {"leaf": 1}, DEPTH))),
        ("scale:Inline", json.dumps(_nested("x", "bottom", DEPTH))),
        ("scale:Wide", json.dumps({f"p{i}": i if i % 2 else str(i) for i in range(WIDTH)})),
        ("scale:Wide", json.dumps({"p9999": "odd ones are integers"})),
    ]
    results = run_items(package, out / "build", items)
    return results, time.perf_counter() - started


def test_deep_and_wide_schemas_compile_and_parse(verdicts):
    results, _ = verdicts
    assert [r["ok"] for r in results] == [True, False, True, True, False]
    assert results[1]["error"].startswith("/next" * DEPTH + "/leaf: ")
    assert results[4]["error"].startswith("/p9999: ")


def test_they_build_in_reasonable_time(verdicts):
    _, seconds = verdicts
    assert seconds < 120, f"generating, compiling and running took {seconds:.0f} s"
