"""Targets render in forked workers when there are cores for it (generator.pipeline.render): the
plan is the serial run's, file for file and in the same order, and a target that fails in a
worker fails the run with the error a serial run gives."""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.config import load_config
from generator.errors import ShapegenError
from generator.targets.base import SimpleTarget
from tests.conftest import REPO


@pytest.fixture(scope="module")
def project():
    config = load_config(REPO)
    return config, pipeline.load_checked(config)


def _plan(monkeypatch, jobs, config, loaded, targets):
    monkeypatch.setenv("SHAPEGEN_JOBS", str(jobs))
    return pipeline.render(config, loaded, targets)


def test_parallel_and_serial_renders_give_the_same_plan(monkeypatch, project):
    config, loaded = project
    targets = pipeline.select(list(config.targets))
    serial = _plan(monkeypatch, 1, config, loaded, targets)
    parallel = _plan(monkeypatch, 3, config, loaded, targets)
    assert list(parallel.files) == list(serial.files)
    assert parallel.files == serial.files
    assert {k for k in parallel.timings if k.startswith("render ")} == {f"render {t.name}" for t in targets}


def test_a_target_failing_in_a_worker_fails_the_run_as_a_serial_run_does(monkeypatch, project):
    config, loaded = project

    def broken(inp):
        raise ShapegenError("the broken target cannot render this", hint="a hint")

    targets = [*pipeline.select(["jsonschema", "python"]), SimpleTarget("broken", "broken", broken)]
    with pytest.raises(ShapegenError, match="cannot render this") as serial:
        _plan(monkeypatch, 1, config, loaded, targets)
    with pytest.raises(ShapegenError, match="cannot render this") as parallel:
        _plan(monkeypatch, 2, config, loaded, targets)
    assert str(parallel.value) == str(serial.value)
