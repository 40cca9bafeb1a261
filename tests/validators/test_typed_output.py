"""Compiled validators stay `mypy --strict` clean whatever the schema says, contradictions
included, and a 1,000-deep schema compiles and validates."""

from __future__ import annotations

import subprocess
import sys

from generator.validators import compile_module, compile_source

CONTRADICTIONS = {
    "StringConstNumber": {"type": "string", "const": 5},
    "IntegerEnumOfStrings": {"type": "integer", "enum": ["a", "b", "c"]},
    "BooleanConstOne": {"type": "boolean", "const": 1},
    "NullEnumMixed": {"type": "null", "enum": [0, "x", False]},
    "ObjectConstArray": {"type": "object", "const": [1]},
    "IntegerConstFraction": {"type": "integer", "const": 1.5},
    "StringEnumPartlyFits": {"type": "string", "enum": ["a", 1, None]},
}


def _module_source() -> str:
    schema = {"$defs": CONTRADICTIONS}
    return compile_source(schema, [(name, f"s{i}", f"#/$defs/{name}") for i, name in enumerate(CONTRADICTIONS)])


def test_contradictory_const_and_type_pass_mypy_strict(tmp_path):
    path = tmp_path / "contradictions.py"
    path.write_text(_module_source(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_contradictory_const_and_type_reject_everything():
    schema = {"$defs": CONTRADICTIONS}
    m = compile_module(schema, [(name, f"s{i}", f"#/$defs/{name}") for i, name in enumerate(CONTRADICTIONS)])
    for instance in (5, "a", 1, True, None, 0, "x", False, [1], {}, 1.5):
        assert not any(m.is_valid(name, instance) for name in CONTRADICTIONS if name != "StringEnumPartlyFits")
    assert m.is_valid("StringEnumPartlyFits", "a") and not m.is_valid("StringEnumPartlyFits", 1)
    assert [e.keyword for e in m.validate("StringConstNumber", "a")] == ["const"]
    assert [e.keyword for e in m.validate("StringConstNumber", 5)] == ["type"]


def test_a_schema_1000_deep_compiles_and_validates():
    schema: dict = {"type": "integer"}
    for _ in range(1000):
        schema = {"type": "object", "properties": {"a": schema}}
    m = compile_module({"$defs": {"Deep": schema}}, [("Deep", "deep", "#/$defs/Deep")])
    good: object = 1
    bad: object = "1"
    for _ in range(1000):
        good, bad = {"a": good}, {"a": bad}
    assert m.is_valid_deep(good) and m.validate_deep(good) == []
    assert not m.is_valid_deep(bad)
    [error] = m.validate_deep(bad)
    assert error.instance_location == "/a" * 1000 and error.keyword == "type"
