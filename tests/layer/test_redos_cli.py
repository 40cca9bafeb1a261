"""A risky pattern in a schema: a warning with the risk stated, or, in strict mode, exit 2 with
the file and pointer."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from generator import cli
from generator.config import Config

HAS_STRICT = "strict" in {f.name for f in dataclasses.fields(Config)}

API = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      x-shapegen-role: request
      type: object
      properties:
        code: {type: string, pattern: '^(a+)+$'}
"""


def project(tmp_path, strict: bool):
    (tmp_path / "api.yaml").write_text(textwrap.dedent(API))
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent(f"""
        [tool.shapegen]
        output = "generated"
        targets = ["jsonschema"]
        strict = {'true' if strict else 'false'}
        [tool.shapegen.namespaces]
        t = "api.yaml"
        """))
    return tmp_path


@pytest.mark.skipif(not HAS_STRICT, reason="[tool.shapegen] strict (Config.strict) is not in this checkout yet")
def test_strict_mode_refuses_a_risky_pattern_naming_file_and_pointer(tmp_path, capsys):
    root = project(tmp_path, strict=True)
    assert cli.main(["--project", str(root), "generate"]) == 2
    err = capsys.readouterr().err
    assert "api.yaml#/components/schemas/Thing/properties/code/pattern" in err
    assert "nested quantifiers in '(a+)+' can take exponential time" in err
    assert not (root / "generated").exists()


def test_otherwise_a_risky_pattern_is_a_warning_and_generation_goes_on(tmp_path, capsys):
    root = project(tmp_path, strict=False)
    assert cli.main(["--project", str(root), "generate"]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert any("properties/code/pattern" in w and "exponential time" in w for w in warned), warned
    assert (root / "generated" / "jsonschema" / "t.schema.json").is_file()


PATTERN_PROPERTIES = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Labels:
      x-shapegen-role: request
      type: object
      patternProperties:
        '^(x-)*(x-)*y$': {type: string}
"""


def test_patterns_only_the_validators_check_are_reviewed_too(tmp_path, capsys):
    root = project(tmp_path, strict=False)
    (root / "api.yaml").write_text(textwrap.dedent(PATTERN_PROPERTIES))
    assert cli.main(["--project", str(root), "generate"]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert any("Labels/patternProperties/" in w and "O(n^2)" in w for w in warned), warned
