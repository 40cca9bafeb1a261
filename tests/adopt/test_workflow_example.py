"""The GitHub Actions workflow the README offers (examples/github-actions/shapegen.yml), its
shapegen steps run as the workflow runs them, with shapegen installed from the wheel, in a
repository laid out its own way."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.adopt.conftest import Installed, clean_environment, shop_project
from tests.conftest import REPO

pytestmark = pytest.mark.slow

WORKFLOW = REPO / "examples" / "github-actions" / "shapegen.yml"
CONFIG = '[project]\nname = "shop-service"\n\n[tool.shapegen]\nname = "shop-shapes"\nversion = "1.0.0"\n\n'
CONFIG += '[tool.shapegen.namespaces]\nshop = "api/shop.yaml"\n'


def steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    return [
        s
        for s in workflow["jobs"]["shapes"]["steps"]
        if "shapegen" in s.get("run", "") and "pip install" not in s["run"]
    ]


def run_step(step: dict, repo: Path, installed: Installed, base: str) -> subprocess.CompletedProcess[str]:
    script = step["run"].replace("${{ github.event.pull_request.base.sha }}", base)
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        env=clean_environment(PATH=f"{installed.shapegen.parent}:{os.environ['PATH']}"),
    )


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=repo, check=True, capture_output=True
    )


@pytest.fixture
def repo(tmp_path: Path, installed: Installed) -> Path:
    repo = shop_project(tmp_path / "repo", CONFIG)
    (repo / "examples" / "payloads").mkdir(parents=True)
    (repo / "examples" / "payloads" / "order.json").write_text('{"items": [{"sku": "ABC-1234", "quantity": 2}]}')
    (repo / "examples" / "vectors.jsonl").write_text(
        json.dumps({"shape": "shop:OrderRequest", "json": '{"items": []}'}) + "\n"
    )
    assert installed.run("generate", cwd=repo).returncode == 0
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "shapes")
    return repo


def test_the_workflow_has_the_steps_the_readme_promises() -> None:
    names = [s["name"] for s in steps()]
    assert names == [
        "The generated code is up to date",
        "The example payloads are valid",
        "Every language reads the payload vectors alike",
        "What the change breaks",
    ]


def test_the_install_step_installs_the_wheel_the_repository_commits(tmp_path: Path, installed: Installed) -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    (install,) = [s for s in workflow["jobs"]["shapes"]["steps"] if s.get("name") == "Install shapegen"]
    (tmp_path / "tools").mkdir()
    shutil.copy2(installed.wheel, tmp_path / "tools" / installed.wheel.name)

    result = run_step(install, tmp_path, installed, base="HEAD")  # pip is the fresh environment's

    assert result.returncode == 0, result.stdout + result.stderr
    assert "OWNER" not in install["run"]


def test_every_step_passes_on_an_unchanged_repository(repo: Path, installed: Installed) -> None:
    for step in steps():
        result = run_step(step, repo, installed, base="HEAD")
        assert result.returncode == 0, (step["name"], result.stdout, result.stderr)


def test_a_breaking_change_fails_with_an_annotation_on_its_line(repo: Path, installed: Installed) -> None:
    spec = repo / "api" / "shop.yaml"
    spec.write_text(spec.read_text().replace("maxLength: 200", "maxLength: 100"))
    (breaking,) = [s for s in steps() if s["name"] == "What the change breaks"]
    (check,) = [s for s in steps() if s["name"] == "The generated code is up to date"]

    stale = run_step(check, repo, installed, base="HEAD")
    result = run_step(breaking, repo, installed, base="HEAD")

    assert stale.returncode == 1 and "::error file=generated/jsonschema/shop.schema.json" in stale.stdout
    assert result.returncode == 1
    line = spec.read_text().splitlines().index("        note:") + 1  # the property whose limit narrowed
    assert f"::error file=api/shop.yaml,line={line}" in result.stdout
    assert "request-length-narrowed" in result.stdout
