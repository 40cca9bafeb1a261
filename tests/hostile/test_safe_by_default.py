"""Safe by default (issue 20, item 9): a pattern open to catastrophic backtracking is refused
unless the schema accepts the risk, saying why; `validate` rejects lone surrogates (I-JSON); bidi
controls never appear raw in any generated file: source in every language (literals and comments),
the Markdown docs (shown as `\\u202e`), the JSON bundle (a `\\u202e` escape: the same string) and
the package manifests."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest

from tests.hostile.project import API, TARGETS, assert_user_error, make, run

NOTE = "        note: {type: string}"
RISKY = NOTE.replace("{type: string}", "{type: string, pattern: '^(a+)+$'}")


def test_a_risky_pattern_is_refused_by_default_with_its_line(tmp_path):
    root = make(tmp_path / "p", api=API.replace(NOTE, RISKY), targets='["jsonschema", "validators"]')
    result = run(root, "generate")
    assert_user_error(result, "nested quantifiers", "x-shapegen-accept-redos", file="schema/api.yaml")
    assert not (root / "generated").exists()


def test_validate_refuses_a_risky_pattern_instead_of_hanging_on_a_near_miss(tmp_path):
    root = make(tmp_path / "p", api=API.replace(NOTE, RISKY), targets='["jsonschema"]')
    payload = tmp_path / "near-miss.json"
    payload.write_text('{"order": {"item": "x"}, "note": "' + "a" * 30 + '!"}')
    started = time.perf_counter()
    result = run(root, "validate", "--shape", "shop:Receipt", str(payload))
    assert time.perf_counter() - started < 30
    assert_user_error(result, "nested quantifiers", file="schema/api.yaml")


def test_a_risk_accepted_with_a_reason_generates(tmp_path):
    accepted = RISKY.replace("}", ", x-shapegen-accept-redos: 'only our own service writes notes'}")
    root = make(tmp_path / "p", api=API.replace(NOTE, accepted), targets='["jsonschema"]')
    result = run(root, "generate")
    assert result.code == 0 and "nested quantifiers" not in result.err, result.err


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\ud83dx", "\\ud83d\\ud83d"])
def test_validate_rejects_a_lone_surrogate_with_its_line(project, tmp_path, escape):
    payload = tmp_path / "payload.json"
    payload.write_text('{\n  "item": "a' + escape + '"}')
    result = run(project, "validate", "--shape", "shop:Order", str(payload))
    assert_user_error(result, f"{payload}:2:13", "lone surrogate", "I-JSON")


@pytest.mark.parametrize("text", ["\\ud83d\\ude00", "\\\\ud800", "\\u00e9"])
def test_validate_accepts_pairs_and_escaped_backslashes(project, tmp_path, text):
    payload = tmp_path / "payload.json"
    payload.write_text('{"item": "a' + text + '"}')
    result = run(project, "validate", "--shape", "shop:Order", str(payload))
    assert result.code == 0, result.err


BIDI = "\u202e\u2066x\u2069\u200f\u061c"
RAW_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def bidi_project(tmp_path_factory):
    props = (
        f'        note: {{type: string, description: "desc {BIDI} end", default: "def {BIDI}"}}\n'
        f'        kind: {{type: string, enum: ["a{BIDI}", b], description: "kind {BIDI}"}}\n'
        f'        fixed: {{const: "c{BIDI}"}}\n'
        f'        "w{BIDI}ire": {{type: string, examples: ["ex {BIDI}"]}}'
    )
    api = (
        API.replace(NOTE, props)
        .replace("    Order:\n", f'    Order:\n      description: "Order {BIDI} doc"\n')
        .replace('info: {title: Shop, version: "1"}', f'info: {{title: "Shop {BIDI}", version: "1"}}')
    )
    root = make(tmp_path_factory.mktemp("bidi"), api=api, targets=TARGETS)
    assert run(root, "generate").code == 0
    return root


OUTPUTS = {  # target -> its output folder and the suffix of the files that carry the schema's text
    "python": ("python", ".py"),
    "validators": ("python", "validators.py"),
    "typescript": ("typescript", ".ts"),
    "dart": ("dart", ".dart"),
    "rust": ("rust", ".rs"),
    "csharp": ("csharp", ".cs"),
    "go": ("go", ".go"),
    "docs": ("docs", ".md"),
    "jsonschema": ("jsonschema", ".json"),
}


@pytest.mark.parametrize("target", list(OUTPUTS))
def test_bidi_controls_are_never_raw_in_generated_output(bidi_project, target):
    folder, suffix = OUTPUTS[target]
    files = [p for p in (bidi_project / "generated" / folder).rglob(f"*{suffix}")]
    assert files
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    assert "202e" in text.lower()  # written as an escape, not dropped
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not RAW_BIDI.search(line), f"{path.name}:{number}: {line!r}"


def test_no_generated_file_of_any_target_holds_a_raw_bidi_control(bidi_project):
    """Manifests included (package.json, Cargo.toml, pubspec.yaml, pyproject.toml, go.mod, ...)."""
    for path in sorted((bidi_project / "generated").rglob("*")):
        if path.is_file():
            found = RAW_BIDI.search(path.read_text(encoding="utf-8", errors="replace"))
            assert not found, f"{path.relative_to(bidi_project)}: {found.group()!r}"


def test_the_json_bundle_holds_the_exact_text_behind_the_escapes(bidi_project):
    bundle = json.loads((bidi_project / "generated" / "jsonschema" / "shop.schema.json").read_text(encoding="utf-8"))
    receipt = bundle["$defs"]["Receipt"]["properties"]
    assert receipt["note"]["description"] == f"desc {BIDI} end"
    assert f"w{BIDI}ire" in receipt


def test_the_docs_show_the_escape_as_text(bidi_project):
    page = (bidi_project / "generated" / "docs" / "shop" / "Receipt.md").read_text(encoding="utf-8")
    assert "desc \\u202e\\u2066x\\u2069\\u200f\\u061c end" in page


def test_python_keeps_the_exact_text_behind_the_escapes(bidi_project):
    package = next((bidi_project / "generated" / "python").glob("*/shop/models.py")).parent.parent.name
    done = subprocess.run(
        [sys.executable, "-c", f"from {package}.shop import models as m; print(ascii(m.Order.__doc__))"],
        cwd=bidi_project / "generated" / "python",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert ascii(f"Order {BIDI} doc")[1:-1] in done.stdout
