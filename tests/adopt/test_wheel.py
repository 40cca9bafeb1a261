"""A wheel that works: installed outside the checkout, shapegen generates every target for a
project laid out its own way."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.adopt.conftest import Installed, shop_project
from tests.conftest import REPO

pytestmark = pytest.mark.slow

SHOP = """\
[project]
name = "shop-service"
version = "2.0.0"

[tool.shapegen]
output = "out"

[tool.shapegen.namespaces]
shop = "api/shop.yaml"
"""


def test_the_wheel_carries_every_module_template_and_runtime(installed: Installed) -> None:
    templates = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "templates").rglob("*") if p.is_file())
    modules = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "generator").rglob("*.py"))
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = wheel.namelist()
    assert sorted(n.removeprefix("generator/") for n in names if n.startswith("generator/templates/")) == templates
    assert sorted(n for n in names if n.endswith(".py")) == modules
    assert "generator/config.schema.json" in names


def test_shapegen_runs_from_the_wheel_not_the_checkout(installed: Installed, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed.python), "-c", "import generator.templating as t; print(t.TEMPLATES_ROOT)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.python.parent.parent)
    assert not Path(where).is_relative_to(REPO)


def test_a_project_without_targets_generates_every_target_then_checks_clean(
    installed: Installed, tmp_path: Path
) -> None:
    project = shop_project(tmp_path / "shop", SHOP)

    generated = installed.run("generate", cwd=project)

    assert generated.returncode == 0, generated.stderr
    assert "9 targets (csharp, dart, docs, go, jsonschema, python, rust, typescript, validators)" in generated.stdout
    out = project / "out"
    # validators share python's folder
    assert sorted(p.name for p in out.iterdir()) == [
        "csharp",
        "dart",
        "docs",
        "go",
        "jsonschema",
        "python",
        "rust",
        "typescript",
    ]
    assert len(list(out.glob("python/*/shop/validators.py"))) == 1
    assert (out / "jsonschema" / "shop.schema.json").is_file()
    assert (out / "typescript" / "src" / "runtime.ts").is_file()  # a runtime, copied from the wheel
    assert (out / "rust" / "src" / "runtime.rs").is_file()
    checked = installed.run("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
