"""The spec-change workflow in a repository laid out its own way: the project in a subfolder,
its configuration in shapegen.toml, its spec in api/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.adopt.terminal import on_terminal
from tests.adopt.test_init_and_config import shapegen

SPEC = (Path(__file__).resolve().parent / "shop.yaml").read_text(encoding="utf-8")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A monorepo with the shop service's shapes in services/shop, committed."""
    project = tmp_path / "services" / "shop"
    (project / "api").mkdir(parents=True)
    (project / "api" / "shop.yaml").write_text(SPEC)
    (project / "shapegen.toml").write_text(
        'name = "shop-shapes"\nversion = "1.0.0"\noutput = "gen"\n\n[namespaces]\nshop = "api/shop.yaml"\n'
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "shop shapes")
    return project


def change(project: Path, old: str, new: str) -> None:
    spec = project / "api" / "shop.yaml"
    assert old in spec.read_text()
    spec.write_text(spec.read_text().replace(old, new))


def test_breaking_against_head_reads_the_spec_where_the_configuration_puts_it(project: Path) -> None:
    change(project, "maxLength: 200", "maxLength: 100")

    result = shapegen("breaking", "--against", "HEAD", cwd=project)

    assert result.code == 1, result.err
    assert "api/shop.yaml:" in result.out and "breaking request-length-narrowed [wire]" in result.out
    assert 'version in shapegen.toml is still 1.0.0: set version = "2.0.0"' in result.out
    assert "to accept a finding, list it in .shapegen-breaking.yaml" in result.out
    assert "- rule: request-length-narrowed\n      at: shop:OrderRequest.note\n" in result.out


def test_accepting_the_finding_as_the_report_says_passes(project: Path) -> None:
    change(project, "maxLength: 200", "maxLength: 100")
    (project / ".shapegen-breaking.yaml").write_text(
        "accepted:\n  - rule: request-length-narrowed\n    at: shop:OrderRequest.note\n"
        "    reason: no client sends notes longer than 100\n"
    )
    assert shapegen("breaking", "--against", "HEAD", cwd=project).code == 0


def test_python_is_not_said_to_stop_compiling(project: Path) -> None:
    change(project, "        id: {type: string}", "        id: {type: integer}")

    out = shapegen("breaking", "--against", "HEAD", cwd=project).out

    assert "rust: 'id' changed type (string -> integer): code that reads or sets it as before stops compiling" in out
    assert "python: 'id' changed type (string -> integer): code that reads or sets it as before breaks source" in out


def test_an_unknown_revision_says_so(project: Path) -> None:
    result = shapegen("breaking", "--against", "no-such-branch", cwd=project)
    assert result.code == 2
    assert "--against 'no-such-branch': no such revision in this repository" in result.err


def test_a_revision_before_shapegen_was_adopted_says_so(project: Path) -> None:
    (project / "api" / "other.yaml").write_text(SPEC)
    git(project, "rm", "-q", "--cached", "shapegen.toml")
    git(project, "commit", "-qm", "not yet")
    result = shapegen("breaking", "--against", "HEAD", cwd=project)
    assert result.code == 2
    assert "HEAD has no shapegen configuration in services/shop/" in result.err


RED, YELLOW, CYAN, RESET = "\033[1;31m", "\033[1;33m", "\033[36m", "\033[0m"


def test_the_text_report_on_a_terminal_shows_each_finding_in_its_levels_colour(project: Path) -> None:
    change(project, "maxLength: 200", "maxLength: 100")  # breaking: a request limit narrowed
    change(project, "enum: [accepted, shipped, cancelled]", "enum: [accepted, shipped, cancelled, returned]")  # info

    seen = on_terminal("breaking", "--against", "HEAD", cwd=project)

    assert seen.code == 1
    assert f": {RED}breaking{RESET} request-length-narrowed [wire]" in seen.terminal
    assert f"{CYAN}info{RESET} " in seen.terminal
    summary = [line for line in seen.terminal.splitlines() if line.startswith("shapegen breaking against HEAD: ")]
    assert len(summary) == 1 and summary[0].endswith(
        f"3 findings: {RED}2 breaking{RESET}, 0 warnings, {CYAN}1 info{RESET}"
    )


def test_the_report_is_plain_when_piped_and_under_no_color(project: Path) -> None:
    change(project, "maxLength: 200", "maxLength: 100")
    piped = shapegen("breaking", "--against", "HEAD", cwd=project).out

    no_color = on_terminal("breaking", "--against", "HEAD", cwd=project, env={"NO_COLOR": "1"})
    stderr_only = on_terminal("breaking", "--against", "HEAD", cwd=project, streams="stderr")  # `| less`

    assert "\033[" not in piped and "breaking request-length-narrowed [wire]" in piped
    assert "\033[" not in no_color.terminal and no_color.terminal == piped
    assert stderr_only.piped == piped


def test_colour_never_reaches_text_from_the_schema_which_stays_escaped() -> None:
    from generator.compat import report
    from generator.compat.findings import Finding

    hostile = "x\033[0m\033[32mok\n::error::forged"
    finding = Finding(
        rule="property-removed",
        level="breaking",
        category="wire",
        file="api/shop.yaml",
        line=3,
        pointer="/components/schemas/A",
        path=f"shop:A.{hostile}",
        message=f"'{hostile}' was removed",
    )

    text = report.render([finding], "text", title="t", footer=[hostile], extra={}, colour=True)

    assert text.count("\033[") == 4  # the level, and the summary's breaking count: each opened and reset
    assert "\\x1b[0m\\x1b[32mok\\n::error::forged" in text
    assert "\n::error" not in text
