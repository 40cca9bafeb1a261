"""The Go toolchain the tests use: `go` (PATH or /usr/local/go/bin) and staticcheck at its pinned
version, installed with `go install` into .cache/toolchains/go/bin when it is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.config import load_config
from generator.drivers import go as driver
from generator.errors import ShapegenError
from tests.conftest import GENERATED, REPO
from tests.golden import golden

STATICCHECK_VERSION = "v0.8.2"  # honnef.co/go/tools 2026.1.x, which knows Go 1.26
TOOLCHAIN = REPO / ".cache" / "toolchains" / "go"


def go_modules() -> dict[str, Path]:
    """Every generated Go module: generated/go and each golden case's expected/go."""
    out = {"generated": GENERATED / "go"}
    out.update(golden.packages("go"))  # each case's own files and the common go.mod and wire package
    return out


def golden_module(dest: Path) -> dict[str, list[Path]]:
    """Every golden case's Go package in one module at `dest`, as they all share one go.mod and one
    wire package (tests/golden/common/go) and each case's package has a folder of its own: one `go
    vet` or staticcheck run checks them all. Returns case -> its package folders in `dest`."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(golden.COMMON / "go", dest)
    folders: dict[str, list[Path]] = {}
    for case in golden.cases():
        own = case / "expected" / "go"
        if own.is_dir():
            for package in sorted(p for p in own.iterdir() if p.is_dir()):
                assert not (dest / package.name).exists(), f"{case.name}: {package.name} is another case's folder"
                shutil.copytree(package, dest / package.name)
                folders.setdefault(case.name, []).append(dest / package.name)
    return folders


def findings_of(output: str, module: Path, folders: list[Path]) -> list[str]:
    """The lines of a Go tool's report (go vet, staticcheck) about the files in `folders` of `module`,
    or about the module's shared wire package, which every case's package imports."""
    own = {folder.relative_to(module).as_posix() + "/" for folder in folders} | {"wire/"}
    return [line for line in output.splitlines() if any(f in line.replace("./", "") for f in own)]


@pytest.fixture(scope="session")
def go() -> str:
    try:
        return driver.go_binary()
    except ShapegenError as exc:
        pytest.skip(f"{exc.message} ({exc.hint})")


@pytest.fixture(scope="session")
def go_env() -> dict[str, str]:
    return driver.go_env(load_config(REPO))


@pytest.fixture(scope="session")
def staticcheck(go: str, go_env: dict[str, str]) -> str:
    binary = TOOLCHAIN / "bin" / "staticcheck"
    stamp = TOOLCHAIN / "staticcheck.version"
    if not (binary.is_file() and stamp.is_file() and stamp.read_text() == STATICCHECK_VERSION):
        env = dict(
            go_env, GOBIN=str(binary.parent), GOFLAGS="", GOPROXY=os.environ.get("GOPROXY", "https://proxy.golang.org")
        )
        done = subprocess.run(
            [go, "install", f"honnef.co/go/tools/cmd/staticcheck@{STATICCHECK_VERSION}"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-4000:]
        stamp.write_text(STATICCHECK_VERSION)
    return str(binary)
