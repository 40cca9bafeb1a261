from __future__ import annotations

import pytest

from tests.hostile.project import make, run


@pytest.fixture
def project(tmp_path):
    """A valid project, generated once: every case breaks it and expects this tree to survive."""
    root = make(tmp_path / "project")
    assert run(root, "generate").code == 0
    return root
