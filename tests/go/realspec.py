"""The Go check of the real spec's output (tests/realspec/compilers.py lists it): the module is
already gofmt-formatted and `go vet` (which type-checks it) reports nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.config import load_config
from generator.drivers import go as driver
from tests.conftest import REPO


def go_gofmt_and_vet(out: Path, namespace: str) -> tuple[bool, str]:
    module = out / "go"
    go = driver.go_binary()
    gofmt = shutil.which("gofmt") or str(Path(go).with_name("gofmt"))
    listed = subprocess.run([gofmt, "-l", "."], cwd=module, capture_output=True, text=True)
    if listed.returncode != 0 or listed.stdout:
        return False, f"gofmt would change: {listed.stdout}{listed.stderr[-2000:]}"
    env = driver.go_env(load_config(REPO))
    done = subprocess.run([go, "vet", "./..."], cwd=module, env=env, capture_output=True, text=True, timeout=900)
    return done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
