"""CI runs the fast tier as a user's clone first (`make test-no-shared`), then `make test` leaves out
the fast tests that passed there and can see nothing that differs between the two runs: ../shared
(through the guard's names) and CI (tests/conftest.py: sees_surroundings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, sees_surroundings

TESTS = REPO / "tests"


@pytest.mark.parametrize(
    "path, sees",
    [
        ("docs/test_docs.py", False),  # the generator on the repository's own schemas
        ("python/test_vectors.py", True),  # parametrised over all_vectors()
        ("unit/test_shared_guard.py", True),  # the guard itself, with CI and SHAPEGEN_SHARED
        ("layer/test_registry.py", True),  # imports tests.conformance.matrix, which reads the shared vectors
        ("validators/test_target.py", True),  # a helper of its folder (suite.py) reads ../shared
    ],
)
def test_a_module_sees_the_surroundings_through_itself_its_folder_or_what_it_imports(path, sees):
    assert sees_surroundings(TESTS / path) is sees


@pytest.mark.parametrize(
    "source, sees",
    [
        ("from tests.conftest import REPO, GENERATED\n", False),
        ("from tests.conftest import REPO, all_vectors\n", True),
        ("def test_x(shared):\n    pass\n", True),  # the `shared` fixture
        ("from tests.conftest import IN_CI\n", True),
        ("import os\nCI = os.environ.get('CI')\n", True),
        ("from tests.conftest import vector\nV = vector('project', 'a.json')\n", True),
        ("from tests.conformance import matrix\n", True),  # a module of tests.*, followed
        ("# a target dir shared by every build\n", False),  # the word alone is not the fixture
    ],
)
def test_what_a_module_names_decides(tmp_path: Path, source: str, sees: bool):
    module = tmp_path / "test_probe.py"
    module.write_text(source, encoding="utf-8")
    assert sees_surroundings(module) is sees
