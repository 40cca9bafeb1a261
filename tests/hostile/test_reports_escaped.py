"""Reports are escaped for where they go (issue 20, item 5): a schema name built to forge a CI
log line (a GitHub workflow command), drive a terminal, reorder text, inject HTML or mention a
team goes through every output format of `breaking` and through the warnings of `generate` and
`check`, and comes out visible and inert."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.breaking.project import write_project
from tests.hostile.project import run

HOSTILE = "a\n::error file=x.py,line=1::pwned \x1b[31mred\x1b]0;title\x07 <img src=x onerror=alert(1)> @team `x|y` \u202eevil\u2066"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def forged_lines(text: str) -> list[str]:
    """Lines a CI runner would read as the hostile workflow command (leading spaces trimmed)."""
    return [line for line in text.splitlines() if line.lstrip().startswith("::error file=x.py")]


@pytest.fixture
def removed(tmp_path):
    """(new project, old copy): the new one removed the property with the hostile name."""
    props = {HOSTILE: {"type": "string"}, "b": {"type": "string"}}
    old = write_project(tmp_path / "old", {"Thing": {"type": "object", "properties": props}}, {"Thing": "response"})
    new = write_project(
        tmp_path / "new", {"Thing": {"type": "object", "properties": {"b": {"type": "string"}}}}, {"Thing": "response"}
    )
    return new, old


def breaking(new, old, fmt):
    result = run(new, "breaking", "--against", str(old), "--format", fmt)
    assert result.code == 1, result.err
    return result.out


@pytest.mark.parametrize("fmt", ["text", "github", "markdown"])
def test_no_format_writes_a_control_character_or_a_forged_command(removed, fmt):
    out = breaking(*removed, fmt)
    assert not RAW.search(out), repr(RAW.search(out))
    assert forged_lines(out) == []
    assert "\\x1b[31mred" in out and "\\u202eevil" in out  # shown, visibly


def test_text_shows_the_name_with_its_escapes(removed):
    out = breaking(*removed, "text")
    assert "t:Thing.a\\n::error file=x.py,line=1::pwned \\x1b[31mred\\x1b]0;title\\x07" in out


def test_github_annotations_are_ours_only(removed):
    out = breaking(*removed, "github")
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    ours = re.compile(r"^::(error|warning|notice) file=schema/t\.yaml,line=\d+,title=[^:]+::")
    assert annotations and all(ours.match(line) for line in annotations)


def outside_code_spans(markdown: str) -> str:
    """The Markdown with its code spans (any fence length) taken out: what is rendered as markup."""
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", markdown)


def test_markdown_escapes_html_mentions_and_the_table(removed):
    out = breaking(*removed, "markdown")
    markup = outside_code_spans(out)
    assert "<img" not in markup and "&lt;img" in markup  # HTML shown as text
    assert re.search(r"@(?!&#8203;)team", markup) is None  # no mention pings the team
    rows = [line for line in out.splitlines() if line.startswith(("| breaking", "| warning"))]
    assert rows
    for row in rows:  # five cells each: no pipe from the name splits a cell
        assert len(re.findall(r"(?<!\\)\|", row)) == 6, row


def test_json_keeps_the_exact_name(removed):
    report = json.loads(breaking(*removed, "json"))
    assert any(f["path"] == f"t:Thing.{HOSTILE}" for f in report["findings"])


@pytest.mark.parametrize("command", ["generate", "check"])
def test_warnings_of_generate_and_check_are_visible_and_inert(tmp_path, command):
    root = write_project(tmp_path / "p", {"Thing": {"type": "object", "properties": {HOSTILE: {"type": "string"}}}}, {})
    api = root / "schema" / "t.yaml"
    doc = yaml.safe_load(api.read_text())
    doc["components"]["schemas"]["Thing"]["required"] = [HOSTILE, HOSTILE]
    doc["components"]["schemas"]["Thing"]["x-shapegen-role"] = "request"
    api.write_text(yaml.safe_dump(doc))
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text().replace("targets = []", 'targets = ["jsonschema"]')
    )
    if command == "check":
        run(root, "generate")
    result = run(root, command)
    assert "more than once" in result.err
    assert not RAW.search(result.err) and forged_lines(result.err) == []
    assert "\\x1b[31mred" in result.err
