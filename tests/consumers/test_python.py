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
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(GENERATED / "python")],
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
