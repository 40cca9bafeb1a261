"""shapegen as another team gets it: a wheel built from this checkout, installed into a fresh
virtual environment outside it, run in a project laid out its own way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: builds a wheel and a virtual environment (about 30 s)")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    shapegen: Path

    def run(self, *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None):
        """`shapegen ARGS` in `cwd`, as a user types it: stdin is not a terminal."""
        return subprocess.run(
            [str(self.shapegen), *args],
            cwd=cwd,
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
        )


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel (`pip wheel --no-deps` of this checkout) installed into a fresh venv.

    The wheel goes in without its dependencies, which the new environment borrows from the one
    running the tests (a path appended to its sys.path): installing jinja2, black, jsonschema and
    the rest from PyPI costs half a minute and a network. shapegen itself, its templates and its
    runtimes come from the wheel alone (the tests check where `generator` is imported from)."""
    base = tmp_path_factory.mktemp("wheel")
    # built from a copy of what the build reads, so the checkout gets no build/ folder
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for folder in ("generator", "templates"):
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(base / "dist"), str(source)],
        check=True,
        cwd=base,
        capture_output=True,
    )
    (wheel,) = (base / "dist").glob("shapegen-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # the dependencies: this environment's site-packages, after the new one's own
    (purelib / "zz_borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return Installed(wheel, python, env_dir / "bin" / "shapegen")


def shop_project(folder: Path, config: str) -> Path:
    """A project of another team: its own pyproject.toml, its spec in api/ (not schema/)."""
    (folder / "api").mkdir(parents=True)
    (folder / "api" / "shop.yaml").write_text((HERE / "shop.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    return folder
