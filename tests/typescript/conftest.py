"""Session fixtures: the fixture schemas and the project's schema rendered once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.drivers.typescript import ensure_toolchain
from tests.conftest import REPO
from tests.typescript.helpers import FIXTURES, need_node, render


@pytest.fixture(scope="session")
def toolchain() -> Path:
    need_node()
    return ensure_toolchain()


@pytest.fixture(scope="session")
def fixture_package(tmp_path_factory, toolchain) -> Path:
    """tests/typescript/fixtures/{runtime,hostile} as the namespaces `fixture` and `hostile`."""
    out = tmp_path_factory.mktemp("ts-fixtures")
    return render({"fixture": FIXTURES / "runtime" / "api.yaml", "hostile": FIXTURES / "hostile" / "api.yaml"}, out)


@pytest.fixture(scope="session")
def project_package(tmp_path_factory, toolchain) -> Path:
    """The project's own schema/ rendered now (so the tests see what this generator makes of it,
    whether or not generated/ has been regenerated)."""
    config = load_config(REPO)
    missing = [str(p.relative_to(REPO)) for p in config.namespaces.values() if not p.is_file()]
    if missing:
        pytest.skip(f"the project's schema is not written yet: {', '.join(missing)}")
    out = tmp_path_factory.mktemp("ts-project")
    return render(dict(config.namespaces), out)
