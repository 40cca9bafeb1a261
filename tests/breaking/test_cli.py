"""`shapegen breaking` end to end: git revisions and folders, formats, exit codes, the ignore file,
versioning."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from tests.breaking.project import write_project

S = {"type": "string"}
BEFORE = {"Thing": {"type": "object", "properties": {"a": S, "b": {"type": "string", "maxLength": 10}}}}
AFTER = {"Thing": {"type": "object", "properties": {"a": S, "b": {"type": "string", "maxLength": 5}}}}
ROLES = {"Thing": "request"}


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git project whose last commit has BEFORE and whose working tree has AFTER."""
    root = write_project(tmp_path / "repo", BEFORE, ROLES, version="1.2.0")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "before")
    write_project(root, AFTER, ROLES, version="1.2.0")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_against_a_git_revision_reads_it_without_touching_the_working_tree(repo: Path, capsys) -> None:
    before = (repo / "schema" / "t.yaml").read_bytes()
    code, out = run(capsys, "--project", str(repo), "breaking", "--against", "HEAD", "--format", "json")
    report = json.loads(out)
    assert [(f["rule"], f["level"], f["category"]) for f in report["findings"]] == [
        ("request-length-narrowed", "breaking", "wire")
    ]
    assert report["findings"][0]["file"] == "schema/t.yaml" and report["findings"][0]["line"] > 0
    assert code == 1
    assert (repo / "schema" / "t.yaml").read_bytes() == before
    assert git(repo, "status", "--porcelain") == " M schema/t.yaml\n"


def test_against_a_folder(tmp_path: Path, capsys) -> None:
    old = write_project(tmp_path / "old", BEFORE, ROLES)
    new = write_project(tmp_path / "new", AFTER, ROLES)
    code, out = run(capsys, "--project", str(new), "breaking", "--against", str(old))
    assert code == 1
    assert "breaking request-length-narrowed [wire]" in out
    assert "maxLength narrowed: 10 -> 5" in out


def test_an_unknown_revision_is_a_user_error(repo: Path, capsys) -> None:
    assert main(["--project", str(repo), "breaking", "--against", "no-such-branch"]) == 2
    assert "no such revision in this repository" in capsys.readouterr().err


def test_fail_on_warning_fails_on_a_warning_and_breaking_does_not(tmp_path: Path, capsys) -> None:
    before = {"Thing": {"type": "object", "properties": {"a": {"type": "string", "default": "x"}}}}
    after = {"Thing": {"type": "object", "properties": {"a": {"type": "string", "default": "y"}}}}
    old = write_project(tmp_path / "old", before, ROLES)
    new = write_project(tmp_path / "new", after, ROLES)
    assert run(capsys, "--project", str(new), "breaking", "--against", str(old))[0] == 0
    assert run(capsys, "--project", str(new), "breaking", "--against", str(old), "--fail-on", "warning")[0] == 1


def test_github_format_gives_one_annotation_with_file_and_line_per_finding(repo: Path, capsys) -> None:
    _, out = run(capsys, "--project", str(repo), "breaking", "--against", "HEAD", "--format", "github")
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith("::error file=schema/t.yaml,line=")
    assert "title=request-length-narrowed (wire)::" in annotations[0]


def test_markdown_format_is_a_table_for_a_pull_request_comment(repo: Path, capsys) -> None:
    _, out = run(capsys, "--project", str(repo), "breaking", "--against", "HEAD", "--format", "markdown")
    assert out.startswith("### shapegen breaking against HEAD")
    assert "| breaking | `request-length-narrowed` | wire | `schema/t.yaml:" in out


def test_an_accepted_finding_does_not_fail_and_keeps_its_reason(repo: Path, capsys) -> None:
    (repo / ".shapegen-breaking.yaml").write_text(
        "accepted:\n  - rule: request-length-narrowed\n    at: t:Thing.b\n    reason: no client sends more than 5\n"
    )
    code, out = run(capsys, "--project", str(repo), "breaking", "--against", "HEAD", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["findings"][0]["accepted"] == "no client sends more than 5"
    assert report["summary"] == {"breaking": 0, "warning": 0, "info": 0, "accepted": 1}


def test_an_accepted_finding_without_a_reason_is_a_user_error(repo: Path, capsys) -> None:
    (repo / ".shapegen-breaking.yaml").write_text("accepted:\n  - rule: request-length-narrowed\n    at: t:Thing.b\n")
    assert main(["--project", str(repo), "breaking", "--against", "HEAD"]) == 2
    assert "needs a reason" in capsys.readouterr().err


def test_breaking_says_which_bump_is_needed_and_check_version_fails_without_it(repo: Path, capsys) -> None:
    code, out = run(
        capsys, "--project", str(repo), "breaking", "--against", "HEAD", "--check-version", "--fail-on", "never"
    )
    assert code == 1
    assert 'a major bump needed; [tool.shapegen] version in pyproject.toml is still 1.2.0: set version = "2.0.0"' in out
    write_project(repo, AFTER, ROLES, version="2.0.0")
    code, out = run(
        capsys, "--project", str(repo), "breaking", "--against", "HEAD", "--check-version", "--fail-on", "never"
    )
    assert code == 0
    assert "a major bump needed; 1.2.0 -> 2.0.0 gives it" in out


def test_before_1_0_a_breaking_change_needs_a_minor_bump(tmp_path: Path, capsys) -> None:
    old = write_project(tmp_path / "old", BEFORE, ROLES, version="0.3.1")
    new = write_project(tmp_path / "new", AFTER, ROLES, version="0.4.0")
    code, out = run(
        capsys, "--project", str(new), "breaking", "--against", str(old), "--check-version", "--format", "json"
    )
    report = json.loads(out)
    assert (report["bump"], report["version_ok"]) == ("minor", True)


def test_an_info_only_change_needs_a_minor_bump(tmp_path: Path, capsys) -> None:
    grown = {"Thing": {"type": "object", "properties": {**BEFORE["Thing"]["properties"], "c": S}}}
    old = write_project(tmp_path / "old", BEFORE, ROLES, version="1.0.0")
    new = write_project(tmp_path / "new", grown, ROLES, version="1.0.1")
    code, out = run(capsys, "--project", str(new), "breaking", "--against", str(old), "--check-version")
    assert code == 1
    assert 'a minor bump needed; 1.0.0 -> 1.0.1 is only a patch bump: set version = "1.1.0"' in out


def test_rules_prints_every_rule_with_its_levels(capsys) -> None:
    from generator.compat.rules import WIRE_RULES

    code, out = run(capsys, "breaking", "--rules")
    assert code == 0
    assert "| `request-/response-enum-value-added` | info | breaking (closed) / info (open) |" in out
    assert all(f"-{rule.base}`" in out for rule in WIRE_RULES)


def test_against_is_required_without_rules(repo: Path, capsys) -> None:
    assert main(["--project", str(repo), "breaking"]) == 2
    assert "--against REF is required" in capsys.readouterr().err


def test_an_accepted_break_still_needs_its_version_bump(repo: Path, capsys) -> None:
    (repo / ".shapegen-breaking.yaml").write_text(
        "accepted:\n  - rule: request-length-narrowed\n    at: t:Thing.b\n    reason: no client sends more than 5\n"
    )
    code, out = run(capsys, "--project", str(repo), "breaking", "--against", "HEAD", "--check-version")
    assert code == 1
    assert "a major bump needed; [tool.shapegen] version in pyproject.toml is still 1.2.0" in out
