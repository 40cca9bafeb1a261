"""The vendor's spec as it ships (../shared/specs/openai-openapi.yaml), as a namespace of its own
in a temporary project, generated once per session with every discovered target."""

from __future__ import annotations

import dataclasses
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from generator.errors import Diagnostic
from generator.targets import available
from tests.conftest import REPO, require_shared

NAMESPACE = "openai"


@dataclass
class Generated:
    root: Path
    out: Path
    plan: pipeline.Plan
    warnings: list[Diagnostic]
    seconds: float


@pytest.fixture(scope="session")
def realspec(tmp_path_factory) -> Generated:
    shared = require_shared()
    root = tmp_path_factory.mktemp("realspec")
    (root / "schema").mkdir()
    shutil.copy(shared / "specs" / "openai-openapi.yaml", root / "schema" / "openai-openapi.yaml")
    targets = ", ".join(f'"{t}"' for t in sorted(available()))
    (root / "pyproject.toml").write_text(
        f'[tool.shapegen]\noutput = "generated"\ntargets = [{targets}]\n'
        f'[tool.shapegen.namespaces]\n{NAMESPACE} = "schema/openai-openapi.yaml"\n'
    )
    # black's cache is the repository's, so a second session does not format 89,000 lines again
    config = load_config(root)
    config = dataclasses.replace(config, cache=REPO / ".cache")
    started = time.perf_counter()
    plan = pipeline.build(config)
    pipeline.write(config, plan)
    return Generated(root, config.output, plan, plan.warnings, time.perf_counter() - started)
