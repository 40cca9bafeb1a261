"""The check's verdict runs in a forked child beside normalising when the spec is large
(generator.front): a run says exactly what a serial run says, error for error and warning for
warning, with the same exit code; a child that fails is replaced by the verdict computed in the
run itself; an interrupted run leaves no child behind."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from generator import check, front, load
from tests.hostile.project import API, make, run

NOTE = "        note: {type: string}"

CASES = {
    "sound, with warnings": API.replace("required: [order]", "required: [order, order]").replace(
        NOTE, "        note: {$ref: '#/components/schemas/Order', nullable: true}"
    ),
    "meta-schema errors and a dangling $ref": API.replace("count: {type: integer, minimum: 1}", "count: {type: integr}")
    .replace(NOTE, "        note: {type: string, enum: []}")
    .replace(
        "        order: {$ref: '#/components/schemas/Order'}", "        order: {$ref: '#/components/schemas/Ordre'}"
    ),
    "a $ref to no component schema, which normalising also refuses": API.replace(
        "        order: {$ref: '#/components/schemas/Order'}", "        order: {$ref: '#/paths'}"
    ),
    "not an OpenAPI document": API.replace("openapi: 3.1.0\n", ""),
}


@pytest.fixture
def compiled_once():
    """The meta-schema validators compiled here first, so each forked child inherits them."""
    check._openapi_validator()
    check._schema_validator()


@pytest.fixture
def not_compiled(monkeypatch):
    """The meta-schema validators not compiled in this process yet (as in a fresh run): a child
    compiles them while the documents load."""
    check._openapi_validator.cache_clear()
    check._schema_validator.cache_clear()
    yield
    check._openapi_validator.cache_clear()
    check._schema_validator.cache_clear()


@pytest.fixture
def forks(monkeypatch):
    """Every child started, by pid ("verdict", "compiler"); the overlap taken whatever the spec's size."""
    started: list[tuple[str, int]] = []
    verdict_child, compile_early = front._verdict_child, front._compile_early

    def counting_verdict(*args):
        child = verdict_child(*args)
        started.append(("verdict", child.pid))
        return child

    def counting_compiler(*args):
        child = compile_early(*args)
        if child is not None:
            started.append(("compiler", child.pid))
        return child

    monkeypatch.setattr(front, "_verdict_child", counting_verdict)
    monkeypatch.setattr(front, "_compile_early", counting_compiler)
    monkeypatch.setattr(front, "OVERLAP_BYTES", 0)
    return started


def _run(monkeypatch, root, jobs: int):
    """`generate` in a fresh copy of the project (each run writes as a first run does)."""
    monkeypatch.setenv("SHAPEGEN_JOBS", str(jobs))
    load._PARSED.clear()  # parsed and checked afresh: a cached document keeps its verdict
    fresh = root.parent / f"{root.name}-{jobs}"
    shutil.copytree(root, fresh)
    return run(fresh, "generate")


def _untimed(out: str) -> str:
    return re.sub(r"in [0-9.]+ s", "in ... s", out)


@pytest.mark.parametrize("case", CASES)
def test_an_overlapped_check_says_what_a_serial_check_says(tmp_path, monkeypatch, compiled_once, forks, case):
    root = make(tmp_path, api=CASES[case], targets='["jsonschema"]')
    overlapped = _run(monkeypatch, root, 2)
    # no compiler: the validators are compiled; no verdict child for a document whose verdict is in at once
    assert [kind for kind, _ in forks] == ([] if case == "not an OpenAPI document" else ["verdict"])
    serial = _run(monkeypatch, root, 1)
    assert len(forks) <= 1
    assert (overlapped.code, _untimed(overlapped.out), overlapped.err) == (
        serial.code,
        _untimed(serial.out),
        serial.err,
    )
    assert overlapped.code == (0 if case == "sound, with warnings" else 2)
    assert "Traceback" not in overlapped.err


def test_two_namespaces_one_child_every_problem(tmp_path, monkeypatch, compiled_once, forks):
    root = make(
        tmp_path,
        api=API.replace("maxLength: 40", "maxLength: -1"),
        namespaces='shop = "schema/api.yaml"\nother = "schema/other.yaml"',
        targets='["jsonschema"]',
    )
    (root / "schema" / "other.yaml").write_text(API.replace("minimum: 1", "minimum: one"))
    overlapped = _run(monkeypatch, root, 2)
    serial = _run(monkeypatch, root, 1)
    assert len(forks) == 1
    assert (overlapped.code, overlapped.err) == (serial.code, serial.err)
    assert "schema/api.yaml" in overlapped.err and "schema/other.yaml" in overlapped.err


def test_a_child_that_fails_is_replaced_by_the_verdict_computed_here(tmp_path, monkeypatch, compiled_once, forks):
    root = make(tmp_path, api=CASES["meta-schema errors and a dangling $ref"], targets='["jsonschema"]')
    serial = _run(monkeypatch, root, 1)
    parent = os.getpid()
    verdicts = front._verdicts

    def failing_in_the_child(*args):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return verdicts(*args)

    monkeypatch.setattr(front, "_verdicts", failing_in_the_child)
    overlapped = _run(monkeypatch, root, 2)
    assert len(forks) == 1
    assert (overlapped.code, overlapped.err) == (serial.code, serial.err)


@pytest.mark.parametrize("case", ["sound, with warnings", "meta-schema errors and a dangling $ref"])
def test_validators_compiled_while_loading_give_the_same_verdict(tmp_path, monkeypatch, not_compiled, forks, case):
    root = make(tmp_path, api=CASES[case], targets='["jsonschema"]')
    with_compiler = _run(monkeypatch, root, 2)
    assert [kind for kind, _ in forks] == ["compiler", "verdict"]
    assert not check.validators_compiled()  # compiled in the children only
    serial = _run(monkeypatch, root, 1)
    assert (with_compiler.code, _untimed(with_compiler.out), with_compiler.err) == (
        serial.code,
        _untimed(serial.out),
        serial.err,
    )


def test_an_interrupted_run_leaves_no_child_behind(tmp_path, monkeypatch, not_compiled, forks):
    from generator import pipeline
    from generator.config import load_config

    root = make(tmp_path, api=API, targets='["jsonschema"]')

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(front, "_normalise", interrupted)
    monkeypatch.setenv("SHAPEGEN_JOBS", "2")
    load._PARSED.clear()
    with pytest.raises(KeyboardInterrupt):
        pipeline.load_checked(load_config(root))
    assert [kind for kind, _ in forks] == ["compiler", "verdict"]
    for _, pid in forks:
        with pytest.raises(ChildProcessError):  # reaped: no longer this process's child
            os.waitpid(pid, os.WNOHANG)
