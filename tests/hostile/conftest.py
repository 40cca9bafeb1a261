from __future__ import annotations

import shutil

import pytest

from tests.hostile.project import make, run


@pytest.fixture(scope="session")
def generated_project(tmp_path_factory):
    root = make(tmp_path_factory.mktemp("hostile") / "project")
    assert run(root, "generate").code == 0
    return root


@pytest.fixture
def project(tmp_path, generated_project):
    """A valid project, generated once a session and copied for each case: every case breaks it
    and expects this tree to survive."""
    root = tmp_path / "project"
    shutil.copytree(generated_project, root, symlinks=True)
    return root
