"""The Python consumer (tests/consumers/python): generated/python pip-installed into a fresh
virtual environment, the consumer checked with mypy --strict (pydantic's plugin on) and pyright
(strict) against that environment, then run with its interpreter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import GENERATED

CONSUMER = Path(__file__).resolve().parent / "python"
TOOLS = Path(sys.executable).parent


def test_pip_installs_the_package_into_a_fresh_venv_and_a_strict_consumer_passes(tmp_path):
    venv = tmp_path / "venv"
    # a venv without a pip of its own, which the test run's pip installs into (pip --python): the
    # same install from the same folder, without bootstrapping a pip into the venv first and starting
    # that one (the test took 26 s of CPU with it, 16 s without)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check"]
    installed = subprocess.run(
        [*pip, "install", "--quiet", str(GENERATED / "python")],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    project = tmp_path / "consumer"
    shutil.copytree(CONSUMER, project)

    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--python-executable", str(python), "consumer.py"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert mypy.returncode == 0, mypy.stdout[-5000:]
    pyright = subprocess.run(
        [str(TOOLS / "pyright"), "--pythonpath", str(python), "consumer.py"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert pyright.returncode == 0, pyright.stdout[-5000:]

    ran = subprocess.run([str(python), "consumer.py"], cwd=project, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.splitlines()[-1] == "python consumer: ok"
    assert "ek_consumer_secret" not in ran.stdout
