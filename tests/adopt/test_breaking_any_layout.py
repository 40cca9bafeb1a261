"""The spec-change workflow in a repository laid out its own way: the project in a subfolder,
its configuration in shapegen.toml, its spec in api/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

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
