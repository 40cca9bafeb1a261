"""shapegen as another team gets it: a wheel built from this checkout, installed into a fresh
virtual environment outside it, run in a project laid out its own way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: builds a wheel and a virtual environment, its dependencies from the index (about 60 s)"
    )


# pip's cache for the wheel tests: kept between runs (the project's .cache, or PIP_CACHE_DIR)
PIP_CACHE = Path(os.environ.get("PIP_CACHE_DIR") or REPO / ".cache" / "pip")


def clean_environment(**extra: str) -> dict[str, str]:
    """The environment a user's shell gives: nothing points Python at this checkout or at the test
    run's own environment."""
    # SHAPEGEN_JOBS is the test run's own setting (tests/conftest.py), not a user's
    skip = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "SHAPEGEN_JOBS")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    return {**env, "NO_COLOR": "1", **extra}


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    shapegen: Path

    @property
    def pip(self) -> Path:
        return self.python.parent / "pip"

    def run(self, *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None):
        """`shapegen ARGS` in `cwd`, as a user types it: stdin is not a terminal."""
        return subprocess.run(
            [str(self.shapegen), *args],
            cwd=cwd,
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            timeout=300,
            env=clean_environment(**(env or {})),
        )


def _run(*command: str | Path, cwd: Path) -> None:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, env=clean_environment())
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """shapegen as the README's install lines give it, once per test run: the wheel built from a
    clone (`pip wheel --no-deps -w dist .`), installed with pip into a fresh virtual environment
    outside the checkout, its dependencies from the index as the wheel declares them (nothing
    borrowed from the environment running the tests; pip's cache is reused between runs)."""
    base = tmp_path_factory.mktemp("wheel")
    # the clone: a copy of what the build reads, so the checkout gets no build/ or dist/ folder
    clone = base / "shapegen"
    clone.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, clone / name)
    for folder in ("generator", "templates"):
        shutil.copytree(REPO / folder, clone / folder, ignore=shutil.ignore_patterns("__pycache__"))
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--cache-dir", PIP_CACHE, "-w", "dist", ".", cwd=clone
    )
    (wheel,) = (clone / "dist").glob("shapegen-*.whl")
    env_dir = base / "venv"
    # a plain `python3 -m venv`: no system site-packages, nothing of the test run's environment.
    # Its pip comes from the index, with the wheel, installed by the test run's pip (pip --python),
    # rather than bootstrapped by ensurepip and then run: the same environment (pip, the wheel and
    # what the wheel declares), for less CPU
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "-q",
        "--cache-dir",
        PIP_CACHE,
        "pip",
        wheel,
        cwd=base,
    )
    return Installed(wheel, python, env_dir / "bin" / "shapegen")


def shop_project(folder: Path, config: str) -> Path:
    """A project of another team: its own pyproject.toml, its spec in api/ (not schema/)."""
    (folder / "api").mkdir(parents=True)
    (folder / "api" / "shop.yaml").write_text((HERE / "shop.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    return folder
