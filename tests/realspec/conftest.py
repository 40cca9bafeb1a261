"""The vendor's spec as it ships (../shared/specs/openai-openapi.yaml), as a namespace of its own
in a temporary project: loaded and checked once per session, then every discovered target
rendered from that one load and written (a target that fails to render fails its own tests)."""

from __future__ import annotations

import dataclasses
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator import pipeline, pylayout
from generator.config import load_config
from generator.targets import available
from tests.conftest import REPO, require_shared

NAMESPACE = "openai"


@dataclass
class Generated:
    root: Path
    out: Path
    loaded: pipeline.Loaded
    seconds: dict[str, float]  # load (with check, normalise, lower), then per target
    failures: dict[str, str] = field(default_factory=dict)  # target -> why it did not render
    # the python target's rendered files ({path: text}) and the statements its layout left to black
    # (generator.pylayout.FALLBACKS while it rendered), for tests/realspec/test_realspec.py's black check
    python_files: dict[str, str] = field(default_factory=dict)
    python_fallbacks: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def realspec(tmp_path_factory) -> Generated:
    shared = require_shared()
    root = tmp_path_factory.mktemp("realspec")
    (root / "schema").mkdir()
    shutil.copy(shared / "specs" / "openai-openapi.yaml", root / "schema" / "openai-openapi.yaml")
    targets = ", ".join(f'"{t}"' for t in sorted(available()))
    (root / "pyproject.toml").write_text(
        # the compile checks import the packages by the names `name` gives (realtime_shapes, ...)
        f'[tool.shapegen]\nname = "realtime-shapes"\noutput = "generated"\ntargets = [{targets}]\n'
        f'[tool.shapegen.namespaces]\n{NAMESPACE} = "schema/openai-openapi.yaml"\n'
    )
    # black's cache is the repository's, so a second session does not format 89,000 lines again
    config = dataclasses.replace(load_config(root), cache=REPO / ".cache")
    started = time.perf_counter()
    loaded = pipeline.load_checked(config)
    result = Generated(root, config.output, loaded, {"load": time.perf_counter() - started})
    files: dict[str, bytes] = {}
    rendered = []
    for target in pipeline.select(list(config.targets)):
        started = time.perf_counter()
        pylayout.FALLBACKS.clear()
        try:
            plan = pipeline.render(config, loaded, [target])  # one target: rendered in this process
            files.update(plan.files)
            rendered.append(target)
            if target.name == "python":
                result.python_files = {path: data.decode() for path, data in plan.files.items()}
                result.python_fallbacks = list(pylayout.FALLBACKS)
        except Exception as exc:  # noqa: BLE001 - reported by that target's tests
            result.failures[target.name] = f"{type(exc).__name__}: {exc}"
        result.seconds[target.name] = time.perf_counter() - started
    plan = pipeline.Plan(rendered, files, loaded.model, loaded.bundles)
    pipeline.write(config, plan)
    return result
