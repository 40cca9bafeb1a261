"""Every C# project the repository holds (generated/csharp and each golden case's expected output)
compiles under mcs as C# 7.2 with warnings as errors and well-formed XML doc comments, in one mcs
run; the runtime is compiled once (every golden case renders it exactly as tests/golden/common
pins it)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.csharp import build
from tests.golden.golden import cases, package

PROJECTS = [build.REPO / "generated" / "csharp"] + [package(case, "csharp") for case in cases()]


def _name(project: Path) -> str:
    return "generated" if project.parent.name == "generated" else project.parent.name


@pytest.fixture(scope="module")
def compiled(toolchain) -> build.Built:
    sources = build.runtime_sources() + [s for p in PROJECTS for s in build.namespace_sources(p)]
    return build.compile_sources("all-projects", sources, library=True, doc=True)


def test_there_is_a_project_per_golden_case_and_the_generated_one():
    golden_cases = {p.name for p in build.REPO.glob("tests/golden/*") if (p / "schema" / "api.yaml").is_file()}
    assert {_name(p) for p in PROJECTS} == golden_cases | {"generated"}


def test_all_projects_compile_under_mcs_in_one_run(compiled):
    assert compiled.returncode == 0, compiled.output[-8000:]
    assert "warning" not in compiled.output, compiled.output[-8000:]


def test_compiling_every_project_takes_seconds_not_minutes(compiled):
    assert compiled.seconds < 60, f"mcs took {compiled.seconds:.1f} s"


@pytest.mark.parametrize("project", PROJECTS, ids=_name)
def test_each_project_holds_the_runtime_unchanged(project):
    copies = {p.name: p.read_text(encoding="utf-8") for p in (project / "Runtime").glob("*.cs")}
    assert copies == {p.name: p.read_text(encoding="utf-8") for p in build.runtime_sources()}


def test_the_conformance_driver_builds_and_answers(toolchain):
    from generator.config import load_config
    from generator.drivers import csharp

    start = time.perf_counter()
    result = csharp.run(
        load_config(build.REPO), [("oci:RealtimeSessionToken", '{"token":"t","sessionId":"s","compartmentId":"c"}')]
    )
    assert result == [{"ok": True, "json": {"token": "t", "sessionId": "s", "compartmentId": "c"}}]
    assert time.perf_counter() - start < 60
