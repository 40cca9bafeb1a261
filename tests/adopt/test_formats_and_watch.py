"""What people expect of a tool in this field: check --stat, diagnostics as JSON or GitHub
annotations, colour only on a terminal (and never under NO_COLOR), and a watch mode."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.diagnostics import Reporter, locate
from generator.errors import Diagnostic
from tests.adopt.conftest import shop_project
from tests.adopt.test_init_and_config import SHOP, shapegen
from tests.conftest import REPO

PYTHON_ONLY = SHOP.replace('output = "out"', 'output = "out"\ntargets = ["jsonschema", "python"]')


def misspelt(project: Path) -> None:
    spec = project / "api" / "shop.yaml"
    spec.write_text(spec.read_text().replace("      required: [sku, quantity]", "      requried: [sku, quantity]"))


def test_check_stat_gives_one_line_per_stale_file_and_the_totals(tmp_path: Path) -> None:
    project = shop_project(tmp_path, PYTHON_ONLY)
    assert shapegen("generate", cwd=project).code == 0
    spec = project / "api" / "shop.yaml"
    spec.write_text(spec.read_text().replace("maxLength: 200", "maxLength: 300"))

    result = shapegen("check", "--stat", cwd=project)

    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[-1].startswith(" 2 files changed, ")
    assert {line.split("|")[0].strip() for line in lines[:-1]} == {
        "jsonschema/shop.schema.json",
        "python/shop_shapes/shop/models.py",
    }
    assert "@@" not in result.out  # no diff
    assert "out/ is stale: 2 files differ" in result.err


def test_json_format_gives_one_document_with_every_diagnostic(tmp_path: Path) -> None:
    project = shop_project(tmp_path, PYTHON_ONLY)
    misspelt(project)

    result = shapegen("generate", "--format", "json", cwd=project)

    document = json.loads(result.out)  # stdout is the document alone
    assert document["exit"] == 0 and document["summary"] == {"error": 0, "warning": 1}
    (warning,) = document["diagnostics"]
    assert warning["file"].endswith("api/shop.yaml") and warning["line"] > 1 and warning["column"] == 7
    assert warning["pointer"] == "/components/schemas/LineItem/requried"
    assert "did you mean 'required'?" in warning["message"]
    assert "shapegen: 2 targets" in result.err


def test_json_format_of_a_failing_run_has_its_errors_and_exit_code(tmp_path: Path) -> None:
    project = shop_project(tmp_path, PYTHON_ONLY)
    misspelt(project)
    document = json.loads(shapegen("check", "--strict", "--format", "json", cwd=project).out)
    assert document["exit"] == 2
    assert [d["severity"] for d in document["diagnostics"]] == ["error"]


def test_github_format_annotates_the_spec_and_the_stale_files(tmp_path: Path, monkeypatch) -> None:
    project = shop_project(tmp_path, PYTHON_ONLY)
    misspelt(project)
    monkeypatch.chdir(tmp_path)  # a workflow runs at the repository's root

    result = shapegen("check", "--format", "github", cwd=project)

    assert result.code == 1
    annotations = result.out.splitlines()
    assert annotations[0].startswith("::warning file=api/shop.yaml,line=")
    assert ",col=7,title=shapegen warning::unknown keyword 'requried'; did you mean 'required'?" in annotations[0]
    assert "::error file=out/jsonschema/shop.schema.json,title=shapegen error::stale" in result.out


def test_validate_in_github_format_annotates_each_invalid_file(tmp_path: Path, monkeypatch) -> None:
    project = shop_project(tmp_path, PYTHON_ONLY)
    (tmp_path / "receipt.json").write_text('{"id": 3, "status": "accepted"}')
    monkeypatch.chdir(tmp_path)
    result = shapegen("validate", "--shape", "shop:Receipt", "--format", "github", "receipt.json", cwd=project)
    assert result.code == 1
    assert (
        "::error file=receipt.json,title=shapegen error::not a valid shop:Receipt: 'total' is a required property"
        in (result.out)
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal_and_never_under_no_color(monkeypatch) -> None:
    problem = Diagnostic("error", "bad", "api/shop.yaml:3:1", "fix it")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    Reporter().emit([problem])
    assert "\033[1;31merror:\033[0m" in terminal.getvalue()

    monkeypatch.setenv("NO_COLOR", "1")
    plain = Terminal()
    monkeypatch.setattr(sys, "stderr", plain)
    Reporter().emit([problem])
    assert plain.getvalue() == "shapegen: error: api/shop.yaml:3:1: bad\n  hint: fix it\n"


def test_a_file_that_is_not_a_terminal_gets_no_colour(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    Reporter().emit([Diagnostic("warning", "odd", "a.yaml:1:1", "repaired")])
    assert "\033[" not in piped.getvalue()


def test_a_location_is_read_back_from_each_way_shapegen_writes_it() -> None:
    loc = locate("api/shop.yaml:12:7 (at #/components/schemas/A)")
    assert (loc.file, loc.line, loc.column, loc.pointer) == ("api/shop.yaml", 12, 7, "/components/schemas/A")
    loc = locate("/p/pyproject.toml:5 ([tool.shapegen] outdir)")
    assert (loc.file, loc.line, loc.column, loc.pointer) == ("/p/pyproject.toml", 5, None, None)


def test_watch_regenerates_on_save_and_stops_cleanly(tmp_path: Path) -> None:
    project = shop_project(tmp_path, PYTHON_ONLY)
    schema = project / "out" / "jsonschema" / "shop.schema.json"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "generator", "watch", "--interval", "0.2"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        first = watcher.stdout.readline()  # type: ignore[union-attr]
        assert "written" in first and schema.is_file()
        assert '"maxLength": 300' not in schema.read_text()
        spec = project / "api" / "shop.yaml"
        spec.write_text(spec.read_text().replace("maxLength: 200", "maxLength: 300"))
        second = watcher.stdout.readline()  # type: ignore[union-attr]
        assert "2 written" in second
        assert '"maxLength": 300' in schema.read_text()
    finally:
        watcher.terminate()
        watcher.wait(timeout=30)
    assert watcher.returncode == 130
    assert not list(project.glob(".out.shapegen-*"))  # no stage or journal left behind
