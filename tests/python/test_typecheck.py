"""The generated Python package passes mypy --strict and pyright, and every golden case's Python
output imports and builds its models."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import GENERATED, REPO
from tests.golden.golden import cases, package

PACKAGE = GENERATED / "python"


def _run(tool: list[str], cwd) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *tool], cwd=cwd, capture_output=True, text=True)


def test_generated_package_passes_mypy_strict():
    result = _run(["mypy", "--strict", "--no-incremental", "realtime_shapes"], PACKAGE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_package_passes_pyright():
    result = _run(["pyright", "realtime_shapes"], PACKAGE)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_golden_python_output_imports_and_builds_its_models(case):
    code = (
        "import importlib, sys; sys.path.insert(0, sys.argv[1]);"
        f"m = importlib.import_module('realtime_shapes.{case.name}');"
        "print(len(m.__all__))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(package(case, "python"))], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
