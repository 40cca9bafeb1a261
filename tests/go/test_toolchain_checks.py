"""Every generated Go module (generated/go and each golden case's) is already gofmt-formatted, and
`go vet` and staticcheck report nothing on it.

The golden cases share one go.mod and one wire package (tests/golden/common/go), and each case's
package has a folder of its own, so they are checked as one module holding every case's package:
one `go vet` and one staticcheck run for all of them (tests/go/conftest.py: golden_module), and
each case's test reads what was reported about its own folder (and the shared wire package)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import GENERATED, REPO
from tests.go.conftest import findings_of, go_modules, golden_module

MODULES = go_modules()
CASES = sorted(name for name in MODULES if name != "generated")
GOLDEN = REPO / ".cache" / "go-golden-module"


def test_every_golden_case_has_a_go_module():
    assert len(MODULES) > 10, sorted(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_gofmt_has_nothing_to_change(name, go):
    gofmt = shutil.which("gofmt") or str(Path(go).with_name("gofmt"))
    done = subprocess.run([gofmt, "-l", "."], cwd=MODULES[name], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", f"gofmt would change: {done.stdout}"


@pytest.fixture(scope="module")
def golden_folders(go) -> dict[str, list[Path]]:
    folders = golden_module(GOLDEN)
    assert sorted(folders) == CASES
    return folders


def _run(tool: list[str], module: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([*tool, "./..."], cwd=module, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def vetted(go, go_env, golden_folders) -> dict[str, subprocess.CompletedProcess]:
    return {"generated": _run([go, "vet"], GENERATED / "go", go_env), "golden": _run([go, "vet"], GOLDEN, go_env)}


@pytest.fixture(scope="module")
def staticchecked(staticcheck, go_env, golden_folders) -> dict[str, subprocess.CompletedProcess]:
    return {
        "generated": _run([staticcheck], GENERATED / "go", go_env),
        "golden": _run([staticcheck], GOLDEN, go_env),
    }


def _report(done: subprocess.CompletedProcess) -> str:
    return done.stdout + done.stderr


@pytest.mark.parametrize("run", ["generated", "golden"])
def test_go_vet_reports_nothing(run, vetted):
    assert vetted[run].returncode == 0, _report(vetted[run])[-8000:]


@pytest.mark.parametrize("case", CASES)
def test_go_vet_reports_nothing_on_the_golden_case(case, vetted, golden_folders):
    assert findings_of(_report(vetted["golden"]), GOLDEN, golden_folders[case]) == []


@pytest.mark.parametrize("run", ["generated", "golden"])
def test_staticcheck_reports_nothing(run, staticchecked):
    assert staticchecked[run].returncode == 0, _report(staticchecked[run])[-8000:]


@pytest.mark.parametrize("case", CASES)
def test_staticcheck_reports_nothing_on_the_golden_case(case, staticchecked, golden_folders):
    assert findings_of(_report(staticchecked["golden"]), GOLDEN, golden_folders[case]) == []
