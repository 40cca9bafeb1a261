"""`[tool.shapegen] version` is the one version every generated package declares."""

from __future__ import annotations

import dataclasses

import pytest

from generator import pipeline
from tests.golden.golden import cases, config_for

# where each target's package states its version, and how
MANIFESTS = {
    "typescript": ("typescript/package.json", '"version": "2.3.4"'),
    "dart": ("dart/pubspec.yaml", 'version: "2.3.4"'),
    "csharp": ("csharp/RealtimeShapes.csproj", "<Version>2.3.4</Version>"),
}


@pytest.fixture(scope="module")
def plan() -> pipeline.Plan:
    case = next(c for c in cases() if c.name == "tagged_unions")
    config = dataclasses.replace(config_for(case), options={"version": "2.3.4"})
    return pipeline.build(config, [t for t in MANIFESTS if t in config.targets])


@pytest.mark.parametrize("target", sorted(MANIFESTS))
def test_the_package_declares_the_project_version(plan, target):
    path, expected = MANIFESTS[target]
    if path not in plan.files:
        pytest.skip(f"{target} is not among the project's targets")
    assert expected in plan.files[path].decode()
