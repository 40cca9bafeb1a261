"""Fixtures of the C# tests: the toolchain (installed with `make toolchain-csharp` when missing), the
behaviour fixture project rendered under .cache, and the C# test programs, each compiled once per
session."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator import ir, pipeline
from generator.config import load_config
from generator.targets import csharp
from generator.targets.base import RenderInput
from tests.csharp import build, programs

FIXTURE = Path(__file__).resolve().parent / "fixture"
HOSTILE = build.REPO / "tests" / "golden" / "hostile_descriptions" / "expected" / "csharp"  # its own sources


@pytest.fixture(scope="session")
def toolchain() -> None:
    build.ensure_toolchain()
    missing = build.toolchain_missing()
    if missing:
        pytest.fail(
            f"the C# toolchain is still missing after 'make toolchain-csharp': {', '.join(missing)}", pytrace=False
        )


def fixture_model() -> ir.Model:
    """The fixture's IR, with the response union `Tool` open (forward-compatible), as the lowering
    makes response unions once issue 10 lands there; until then the fixture says so itself."""
    model, _ = pipeline.load_model(load_config(FIXTURE))
    ns = model.namespaces[0]
    shapes = tuple(
        dataclasses.replace(s, open=True) if isinstance(s, ir.Union_) and s.name == "Tool" else s for s in ns.shapes
    )
    return dataclasses.replace(model, namespaces=(dataclasses.replace(ns, shapes=shapes),))


@pytest.fixture(scope="session")
def fixture_project(toolchain) -> Path:
    options = load_config(FIXTURE).options
    files = csharp.render(RenderInput(fixture_model(), {}, options))
    return build.write_project(build.CACHE / "fixture", files)


def _program(name: str, program: str, sources: list[Path]) -> dict[str, str]:
    built = build.compile_sources(name, sources + programs.sources(program))
    if built.returncode != 0:
        pytest.fail(f"{program} does not compile:\n{built.output[-6000:]}", pytrace=False)
    done = build.run(built.path)
    results = programs.outcomes(done.stdout)
    if not results:
        pytest.fail(f"{program} ran no test:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}", pytrace=False)
    return results


@pytest.fixture(scope="session")
def runtime_results(toolchain) -> dict[str, str]:
    return _program("runtime-tests", "RuntimeTests.cs", build.runtime_sources())


@pytest.fixture(scope="session")
def behaviour_results(fixture_project) -> dict[str, str]:
    return _program(
        "behaviour-tests", "BehaviourTests.cs", build.runtime_sources() + build.namespace_sources(fixture_project)
    )


@pytest.fixture(scope="session")
def hostile_results(toolchain) -> dict[str, str]:
    return _program("hostile-tests", "HostileTests.cs", build.runtime_sources() + build.namespace_sources(HOSTILE))
