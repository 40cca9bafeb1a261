"""`[tool.shapegen] version` is the one version every generated package declares."""

from __future__ import annotations

import dataclasses

import pytest

from generator import pipeline
from tests.golden.golden import cases, config_for

# where each target's package states its version, and how
MANIFESTS = {
    "python": ("python/pyproject.toml", 'version = "2.3.4"'),
    "rust": ("rust/Cargo.toml", 'version = "2.3.4"'),
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


def test_the_version_is_read_from_pyproject(tmp_path):
    from generator.config import load_config

    (tmp_path / "schema.yaml").write_text("openapi: 3.1.0\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.shapegen]\nversion = "2.3.4"\ntargets = ["python"]\n[tool.shapegen.namespaces]\nns = "schema.yaml"\n'
    )
    assert load_config(tmp_path).options["version"] == "2.3.4"


def test_a_version_that_is_not_semver_is_a_user_error(tmp_path):
    from generator.config import load_config
    from generator.errors import ShapegenError

    (tmp_path / "schema.yaml").write_text("openapi: 3.1.0\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.shapegen]\nversion = "1.0\\"x"\ntargets = ["python"]\n[tool.shapegen.namespaces]\nns = "schema.yaml"\n'
    )
    with pytest.raises(ShapegenError, match="not a semantic version"):
        load_config(tmp_path)
