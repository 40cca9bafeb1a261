"""Progress on long runs: a person at a terminal sees the stage and how many targets are rendered,
on one line of stderr rewritten in place; a pipe, --quiet and the formats for machines see none
of it, byte for byte."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adopt.conftest import clean_environment, shop_project
from tests.adopt.terminal import on_terminal
from tests.adopt.test_formats_and_watch import PYTHON_ONLY, misspelt
from tests.conftest import REPO

pytestmark = pytest.mark.slow

ERASE = "\r\033[K"


def piped(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=clean_environment(PYTHONPATH=str(REPO)),
        timeout=600,
    )


def without_seconds(text: str) -> str:
    return re.sub(r"in \d+\.\d\d s", "in N s", text)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return shop_project(tmp_path / "shop", PYTHON_ONLY)


def test_generate_on_a_terminal_shows_each_stage_and_each_rendered_target_in_place(project: Path) -> None:
    seen = on_terminal("generate", cwd=project, streams="stderr")  # stdout piped, as in `| tee log`

    updates = [u for u in seen.terminal.split(ERASE) if u]
    stages = [re.sub(r" \.\.\. \d+\.\d s$", "", u) for u in updates]
    assert seen.code == 0
    assert stages[:4] == [
        "shapegen: looking for changes",
        "shapegen: loading and checking shop",
        "shapegen: normalising and lowering shop",
        "shapegen: deciding names and wire forms",
    ]
    rendering = [s for s in stages if s.startswith("shapegen: rendering ")]
    assert rendering[0] == "shapegen: rendering 0/2"
    assert [r.split(" (")[0] for r in rendering[1:]] == ["shapegen: rendering 1/2", "shapegen: rendering 2/2"]
    assert {r.split(" (")[1] for r in rendering[1:]} == {"jsonschema)", "python)"}  # as each finishes
    assert stages[-1] == "shapegen: writing 7 files"
    assert all(re.search(r" \.\.\. \d+\.\d s$", u) for u in updates)  # each with the seconds so far
    assert "\n" not in seen.terminal  # one line, rewritten in place ...
    assert seen.terminal.endswith(ERASE)  # ... and erased when the run ends
    assert seen.piped.startswith("shapegen: 2 targets (jsonschema, python)")


def test_a_piped_run_prints_exactly_what_it_printed_before(project: Path) -> None:
    first = piped("generate", cwd=project)
    (project / "out" / "jsonschema" / "shop.schema.json").unlink()
    on_a_terminal = on_terminal("generate", cwd=project, streams="stderr")
    (project / "out" / "jsonschema" / "shop.schema.json").unlink()
    again = piped("generate", cwd=project)

    assert first.stderr == again.stderr == ""  # no progress, no escape, no carriage return
    assert first.stdout.startswith("shapegen: 2 targets (jsonschema, python), 2 top-level shapes (4 in all), 7 files")
    assert without_seconds(again.stdout) == without_seconds(on_a_terminal.piped)  # stdout is never touched


def test_quiet_and_the_formats_for_machines_show_no_progress(project: Path) -> None:
    quiet = on_terminal("generate", "--quiet", cwd=project)
    check_quiet = on_terminal("check", "--quiet", cwd=project)
    as_json = on_terminal("check", "--format", "json", cwd=project, streams="stderr")
    as_github = on_terminal("check", "--format", "github", cwd=project, streams="stderr")

    assert (quiet.code, quiet.terminal) == (0, "")  # generated, and said nothing
    assert (check_quiet.code, check_quiet.terminal) == (0, "")
    # json: stdout is the document; what is printed for people goes to stderr, without progress
    assert as_json.terminal == "shapegen: 7 files up to date\n" and '"exit": 0' in as_json.piped
    assert as_github.terminal == "" and as_github.piped == "shapegen: 7 files up to date\n"


def test_a_warning_starts_on_a_line_of_its_own(project: Path) -> None:
    misspelt(project)

    seen = on_terminal("generate", cwd=project, streams="stderr", env={"NO_COLOR": "1"})

    assert seen.code == 0
    assert f"{ERASE}shapegen: warning: api/shop.yaml:" in seen.terminal
    warning = seen.terminal[seen.terminal.index("shapegen: warning:") :]
    assert "\n  repair: rename it to 'required'" in warning


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_an_interrupted_run_says_so_on_a_line_of_its_own(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import cli, pipeline, progress

    def interrupted(*args: object, **kwargs: object) -> None:
        progress.stage("rendering")
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    code = cli.main(["--project", str(project), "generate"])

    assert code == 130
    assert re.search(
        rf"shapegen: rendering \.\.\. \d+\.\d s{re.escape(ERASE)}shapegen: interrupted; the output is as it was\n$",
        terminal.getvalue(),
    )
