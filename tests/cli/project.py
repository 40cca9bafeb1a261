"""A throwaway shapegen project in a temporary folder, for CLI tests."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from tests.conftest import REPO

CASE = REPO / "tests" / "golden" / "cross_file_refs"


def make_project(tmp: Path, targets: str = '["jsonschema", "python"]') -> Path:
    shutil.copytree(CASE / "schema", tmp / "schema")
    (tmp / "pyproject.toml").write_text(textwrap.dedent(f"""
        [tool.shapegen]
        output = "generated"
        targets = {targets}
        [tool.shapegen.namespaces]
        shop = "schema/api.yaml"
    """))
    return tmp
