"""A wheel that works: installed outside the checkout, shapegen generates every target for a
project laid out its own way."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.adopt.conftest import HERE, Installed
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_the_wheel_carries_every_module_template_and_runtime(installed: Installed) -> None:
    templates = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "templates").rglob("*") if p.is_file())
    modules = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "generator").rglob("*.py"))
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = wheel.namelist()
    assert sorted(n.removeprefix("generator/") for n in names if n.startswith("generator/templates/")) == templates
    assert sorted(n for n in names if n.endswith(".py")) == modules
    assert "generator/config.schema.json" in names
    with zipfile.ZipFile(installed.wheel) as wheel:
        metadata = next(wheel.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    summary = next(line for line in metadata.splitlines() if line.startswith("Summary: "))
    assert "realtime" not in summary.lower()  # what `pip show shapegen` tells another team


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


def test_the_environment_holds_the_wheel_and_what_it_declares_and_nothing_of_the_test_run(
    installed: Installed, tmp_path: Path
) -> None:
    probe = """
import json, sys
from importlib.metadata import distribution, distributions
print(json.dumps({
    "requires": distribution("shapegen").requires or [],
    "installed": sorted(d.metadata["Name"].lower() for d in distributions()),
    "path": sys.path,
}))
"""
    seen = json.loads(
        subprocess.run(
            [str(installed.python), "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
        ).stdout
    )
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]

    runtime = [r for r in seen["requires"] if "extra ==" not in r]
    assert sorted(runtime) == sorted(declared)  # the wheel says what pyproject.toml says
    for requirement in declared:  # ... and pip installed each of them from the index
        assert re.split("[<>=!~ ]", requirement)[0].lower() in seen["installed"]
    env = installed.python.parent.parent
    borrowed = [p for p in seen["path"] if p and not Path(p).is_relative_to(env) and "site-packages" in p]
    assert borrowed == []  # no .pth file or PYTHONPATH reaches another environment
    assert not any(Path(p).is_relative_to(REPO) for p in seen["path"] if p)
    assert not list(env.rglob("*.pth")) or all(
        REPO.as_posix() not in p.read_text() and "site-packages" not in p.read_text().replace(str(env), "")
        for p in env.rglob("*.pth")
    )
    check = subprocess.run([str(installed.pip), "check"], capture_output=True, text=True, cwd=tmp_path)
    assert check.returncode == 0, check.stdout  # every declared dependency, at a version it accepts


def test_init_then_generate_every_target_then_check_in_a_project_laid_out_its_own_way(
    installed: Installed, tmp_path: Path
) -> None:
    project = tmp_path / "shop-service"
    (project / "api").mkdir(parents=True)
    (project / "api" / "shop.yaml").write_text((HERE / "shop.yaml").read_text())
    (project / "pyproject.toml").write_text('[project]\nname = "shop-service"\nversion = "2.0.0"\n')

    init = installed.run("init", "--spec", "api/shop.yaml", cwd=project)
    generated = installed.run("generate", cwd=project)
    checked = installed.run("check", cwd=project)

    assert init.returncode == 0, init.stderr
    table = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["shapegen"]
    assert table["namespaces"] == {"shop": "api/shop.yaml"} and "targets" not in table
    assert generated.returncode == 0, generated.stderr
    assert "9 targets (csharp, dart, docs, go, jsonschema, python, rust, typescript, validators)" in generated.stdout
    assert sorted(p.name for p in (project / "generated").iterdir()) == [
        "csharp",
        "dart",
        "docs",
        "go",
        "jsonschema",
        "python",
        "rust",
        "typescript",
    ]
    out = project / "generated"
    assert len(list(out.glob("python/*/shop/validators.py"))) == 1  # validators share python's folder
    assert (out / "jsonschema" / "shop.schema.json").is_file()
    assert (out / "typescript" / "src" / "runtime.ts").is_file()  # a runtime, copied from the wheel
    assert (out / "rust" / "src" / "runtime.rs").is_file()
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "files up to date" in checked.stdout


def test_the_readme_install_lines_are_the_ones_this_module_runs() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## Using shapegen in your repository") :]
    install = section[section.index("```sh") : section.index("```", section.index("```sh") + 5)]
    assert "python3 -m pip wheel --no-deps -w dist ." in install
    assert "python3 -m venv .venv" in install
    assert ".venv/bin/pip install ../shapegen/dist/shapegen-*.whl" in install
    assert "OWNER" not in readme
