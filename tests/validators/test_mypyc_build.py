"""The optional compiled build (`make validators-mypyc`): a copy of the python target's package
whose validators modules are mypyc extension modules, giving the pure-Python modules' verdicts
and errors, and knowing when the generated source has moved on."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from generator.validators import compile_source
from generator.validators.mypyc_build import build, stale

pytestmark = pytest.mark.toolchain  # a C compiler builds the extension modules

SCHEMA = {
    "$defs": {
        "Voice": {"anyOf": [{"type": "string", "enum": ["alloy", "marin"]}, {"type": "string"}]},
        "Turn": {
            "oneOf": [
                {"type": "object", "required": ["type"], "properties": {"type": {"const": "server_vad"}}},
                {"type": "null"},
                {"type": "string", "maxLength": 3},
            ]
        },
        "Session": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"const": "realtime"},
                "voice": {"$ref": "#/$defs/Voice"},
                "turn": {"$ref": "#/$defs/Turn"},
                "speed": {"type": "number", "minimum": 0.25, "maximum": 1.5},
                "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}},
            },
            "additionalProperties": False,
        },
    }
}
INSTANCES = [
    {"type": "realtime"},
    {"type": "realtime", "voice": "juniper", "turn": None, "speed": 1, "tags": ["ab"]},
    {"type": "realtime", "turn": {"type": "server_vad"}},
    {"type": "realtime", "turn": "long"},
    {"type": "realtime", "speed": True},
    {"type": "realtime", "tags": ["A"]},
    {"type": "realtime", "extra": 1},
    {"voice": "marin"},
    [],
]

CHECK = """
import json, sys
import shapes.demo.validators as v
print(json.dumps({
    "file": v.__file__,
    "verdicts": [v.is_valid_session(i) for i in json.loads(sys.argv[1])],
    "errors": [[e.keyword for e in v.validate_session(i)] for i in json.loads(sys.argv[1])],
}))
"""


def _run(folder):
    env = {**os.environ, "PYTHONPATH": str(folder)}
    proc = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps(INSTANCES)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout)


def test_the_compiled_build_gives_the_pure_modules_verdicts_and_knows_when_it_is_stale(tmp_path):
    package = tmp_path / "generated"
    (package / "shapes" / "demo").mkdir(parents=True)
    (package / "shapes" / "__init__.py").write_text("")
    (package / "shapes" / "demo" / "__init__.py").write_text("")
    source = package / "shapes" / "demo" / "validators.py"
    source.write_text(compile_source(SCHEMA, [("Session", "session", "#/$defs/Session")]), encoding="utf-8")
    out = tmp_path / "build"

    assert stale(package, out) == ["shapes/demo/validators.py"]
    built = build(package, out)

    assert [p.name.split(".")[0] for p in built] == ["validators"]
    pure, compiled = _run(package), _run(out)
    assert pure["file"].endswith("validators.py") and compiled["file"].endswith(".so")
    assert compiled["verdicts"] == pure["verdicts"] == [True, True, True, False, False, False, False, False, False]
    assert compiled["errors"] == pure["errors"]
    assert stale(package, out) == []

    source.write_text(source.read_text(encoding="utf-8") + "\n# regenerated\n", encoding="utf-8")
    assert stale(package, out) == ["shapes/demo/validators.py"]
