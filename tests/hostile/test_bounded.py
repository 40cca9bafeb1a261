"""Bounded (issue 7.3): alias cycles and alias bombs are errors with a line; nesting past a limit
is a message, never a RecursionError or a hang."""

from __future__ import annotations

import json

from tests.hostile.project import API, assert_user_error, make, run, snapshot

NOTE = "        note: {type: string}"


def nested(levels: int, via: str) -> str:
    schema = "{type: string}"
    for _ in range(levels):
        schema = (
            f"{{type: array, items: {schema}}}" if via == "items" else f"{{type: object, properties: {{x: {schema}}}}}"
        )
    return schema


def test_a_yaml_alias_that_contains_itself_is_an_error_with_its_line(project):
    before = snapshot(project / "generated")
    (project / "schema" / "api.yaml").write_text(
        API.replace("    Receipt:", "    Req: &r {type: object, properties: {self: *r}}\n    Receipt:")
    )
    assert_user_error(run(project, "generate"), "contains its own anchor", file="schema/api.yaml")
    assert snapshot(project / "generated") == before


def test_an_alias_bomb_is_an_error_not_a_hang(project):
    bomb = "\n".join(
        f"x-{name}: &{name} [{', '.join([f'*{prev}'] * 10) if prev else ', '.join(['lol'] * 10)}]"
        for prev, name in zip([None, "a", "b", "c", "d", "e", "f"], "abcdefg")
    )
    (project / "schema" / "api.yaml").write_text(API + bomb + "\n")
    assert_user_error(run(project, "generate"), "alias", "more than", file="schema/api.yaml")


def test_aliases_within_the_limit_are_read_as_copies(tmp_path):
    api = API.replace("item: {type: string, maxLength: 40}", "item: &text {type: string, maxLength: 40}").replace(
        NOTE, "        note: *text"
    )
    root = make(tmp_path, api=api, targets='["jsonschema"]')
    result = run(root, "generate")
    assert result.code == 0, result.err
    defs = json.loads((root / "generated" / "jsonschema" / "shop.schema.json").read_text())["$defs"]
    assert (
        defs["Receipt"]["properties"]["note"]
        == defs["Order"]["properties"]["item"]
        == {"type": "string", "maxLength": 40}
    )


def test_a_1000_deep_schema_is_a_message(project):
    (project / "schema" / "api.yaml").write_text(API.replace(NOTE, "        note: " + nested(1000, "items")))
    assert_user_error(run(project, "generate"), "nesting depth", file="schema/api.yaml")


def test_a_250_deep_schema_is_a_message_naming_the_limit(project):
    (project / "schema" / "api.yaml").write_text(API.replace(NOTE, "        note: " + nested(250, "properties")))
    assert_user_error(run(project, "generate"), "nested deeper than 256 levels", file="schema/api.yaml")


def test_a_100_deep_schema_generates(tmp_path):
    root = make(
        tmp_path,
        api=API.replace(NOTE, "        note: " + nested(100, "properties")),
        targets='["jsonschema", "python"]',
    )
    result = run(root, "generate")
    assert result.code == 0, result.err


def test_a_100000_deep_instance_is_a_message(project, tmp_path):
    payload = tmp_path / "deep.json"
    payload.write_text("[" * 100_000 + "]" * 100_000)
    result = run(project, "validate", "--shape", "shop:Order", str(payload))
    assert_user_error(result, "nested deeper than 512 levels", f"{payload}:1:513")


def test_a_5000_deep_instance_is_a_message(project, tmp_path):
    payload = tmp_path / "deep.json"
    payload.write_text('{"item": ' + "[" * 5000 + "]" * 5000 + "}")
    assert_user_error(run(project, "validate", "--shape", "shop:Order", str(payload)), "nested deeper than 512 levels")
