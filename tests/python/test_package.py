"""generated/python is an installable package: a wheel carries every namespace, the validators
and py.typed, and imports from where pip put it."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import GENERATED


def test_the_wheel_installs_and_imports_every_namespace(tmp_path):
    wheel_dir, target, source = tmp_path / "wheel", tmp_path / "site", tmp_path / "source"
    # a copy: setuptools writes build/ and *.egg-info beside the sources it builds
    shutil.copytree(GENERATED / "python", source, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheel_dir), str(source)], check=True)
    (wheel,) = wheel_dir.glob("realtime_shapes-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True)
    code = (
        "import sys, pathlib; sys.path.insert(0, sys.argv[1]);"
        "import realtime_shapes, realtime_shapes.openai, realtime_shapes.oci;"
        "import realtime_shapes.openai.validators, realtime_shapes.oci.validators;"
        "root = pathlib.Path(realtime_shapes.__file__).parent;"
        "assert root.parent == pathlib.Path(sys.argv[1]), root;"
        "assert (root / 'py.typed').is_file();"
        "print(realtime_shapes.NAMESPACES)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "openai" in result.stdout and "oci" in result.stdout
