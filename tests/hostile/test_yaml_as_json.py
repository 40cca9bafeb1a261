"""YAML as JSON Schema authors mean it (issues 7.7 and 9.2): the YAML 1.2 core schema, only JSON
values, duplicate keys named with both lines."""

from __future__ import annotations

import json

import pytest

from tests.hostile.project import API, assert_user_error, make, run

NOTE = "        note: {type: string}"


def bundle_of(tmp_path, note: str) -> dict:
    root = make(tmp_path, api=API.replace(NOTE, "        note: " + note), targets='["jsonschema"]')
    result = run(root, "generate")
    assert result.code == 0, result.err
    bundle = json.loads((root / "generated" / "jsonschema" / "shop.schema.json").read_text())
    return bundle["$defs"]["Receipt"]["properties"]["note"]


@pytest.mark.parametrize(
    "written, read",
    [
        ("1:30", "1:30"),
        ("2024-10-01", "2024-10-01"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("on", "on"),
        ("no", "no"),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1_000", "1_000"),
        ("<<", "<<"),
    ],
)
def test_scalars_are_read_with_the_yaml_1_2_core_schema(tmp_path, written, read):
    assert bundle_of(tmp_path, f"{{type: [string, integer], examples: [{written}]}}")["examples"] == [read]


@pytest.mark.parametrize(
    "value, fragment",
    [
        (".inf", "not a number JSON can hold"),
        ("-.inf", "not a number JSON can hold"),
        (".nan", "not a number JSON can hold"),
        ("!!binary aGVsbG8=", "!!binary value is not JSON"),
        ("!!set {a, b}", "!!set value is not JSON"),
        ("!!timestamp 2024-10-01", "!!timestamp value is not JSON"),
        ("!python/object:os.system x", "is not JSON"),
    ],
)
def test_a_value_json_cannot_hold_is_an_error_with_file_and_line(project, value, fragment):
    (project / "schema" / "api.yaml").write_text(API.replace(NOTE, f"        note: {{type: number, default: {value}}}"))
    assert_user_error(run(project, "generate"), fragment, file="schema/api.yaml")


def test_a_duplicate_key_names_both_lines(project):
    (project / "schema" / "api.yaml").write_text(API.replace("    Receipt:", "    Order: {type: string}\n    Receipt:"))
    result = run(project, "generate")
    assert_user_error(result, "duplicate key 'Order' (first on line 14, again on line 20)", file="schema/api.yaml")
