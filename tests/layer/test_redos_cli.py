"""A risky pattern in a schema is refused (exit 2 with the file, line and pointer, and the risk
stated), strict mode or not, unless the schema accepts the risk with x-shapegen-accept-redos."""

from __future__ import annotations

import textwrap

import pytest

from generator import cli

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


@pytest.mark.parametrize("strict", [True, False])
def test_a_risky_pattern_is_refused_naming_file_line_and_pointer(tmp_path, capsys, strict):
    root = project(tmp_path, strict=strict)
    assert cli.main(["--project", str(root), "generate"]) == 2
    err = capsys.readouterr().err
    assert "api.yaml:11:30" in err and "(at #/components/schemas/Thing/properties/code/pattern)" in err
    assert "nested quantifiers in '(a+)+' can take exponential time" in err
    assert "x-shapegen-accept-redos" in err
    assert not (root / "generated").exists()


def test_a_risk_the_schema_accepts_with_a_reason_generates(tmp_path, capsys):
    root = project(tmp_path, strict=True)
    api = root / "api.yaml"
    api.write_text(
        api.read_text().replace(
            "pattern: '^(a+)+$'}", "pattern: '^(a+)+$', x-shapegen-accept-redos: 'only our own service sends it'}"
        )
    )
    assert cli.main(["--project", str(root), "generate"]) == 0
    assert (root / "generated" / "jsonschema" / "t.schema.json").is_file()


def test_an_acceptance_without_a_reason_is_refused(tmp_path, capsys):
    root = project(tmp_path, strict=False)
    api = root / "api.yaml"
    api.write_text(api.read_text().replace("pattern: '^(a+)+$'}", "pattern: '^(a+)+$', x-shapegen-accept-redos: true}"))
    assert cli.main(["--project", str(root), "generate"]) == 2
    assert "x-shapegen-accept-redos must be a sentence" in capsys.readouterr().err


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
    assert cli.main(["--project", str(root), "generate"]) == 2
    err = capsys.readouterr().err
    assert "Labels/patternProperties/" in err and "O(n^2)" in err
