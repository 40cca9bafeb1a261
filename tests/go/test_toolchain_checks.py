"""Every generated Go module (generated/go and each golden case's) is already gofmt-formatted, and
`go vet` and staticcheck report nothing on it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.go.conftest import go_modules

MODULES = go_modules()


def test_every_golden_case_has_a_go_module():
    assert len(MODULES) > 10, sorted(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_gofmt_has_nothing_to_change(name, go):
    gofmt = shutil.which("gofmt") or str(Path(go).with_name("gofmt"))
    done = subprocess.run([gofmt, "-l", "."], cwd=MODULES[name], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", f"gofmt would change: {done.stdout}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_go_vet_reports_nothing(name, go, go_env):
    done = subprocess.run([go, "vet", "./..."], cwd=MODULES[name], env=go_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_staticcheck_reports_nothing(staticcheck, go_env):
    for name, module in MODULES.items():
        done = subprocess.run([staticcheck, "./..."], cwd=module, env=go_env, capture_output=True, text=True)
        assert done.returncode == 0, f"{name}:\n{done.stdout}{done.stderr}"
