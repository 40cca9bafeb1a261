"""On a large model with two cores, `Decided.name_every_language` has a forked child name every
other language while this process names the rest (generator.decide): the names are a serial
pass's, value for value, in the same order, each with its language's own rules; a naming error
is the one a serial pass raises first; a child that fails costs nothing but time."""

from __future__ import annotations

import os

import pytest

from generator import decide as deciding
from generator import pipeline
from generator.config import load_config
from generator.errors import ShapegenError
from tests.conftest import REPO


@pytest.fixture(scope="module")
def model():
    return pipeline.load_checked(load_config(REPO)).model


def _named(monkeypatch, model, jobs: int) -> deciding.Decided:
    monkeypatch.setenv("SHAPEGEN_JOBS", str(jobs))
    decided = deciding.decide(model)
    decided.name_every_language()
    return decided


def _as_data(decided: deciding.Decided) -> list:
    return [
        (ns, language, type(names), {k: v for k, v in vars(names).items() if k != "rules"}, names.rules)
        for ns, d in decided.namespaces.items()
        for language, names in d._names.items()
    ]


@pytest.fixture
def beside(monkeypatch):
    """The child taken whatever the model's size; the pids of the children started."""
    started: list[int] = []
    name_beside = deciding._name_beside

    def counting(todo):
        child = name_beside(todo)
        started.append(child.pid)
        return child

    monkeypatch.setattr(deciding, "_FORK_SHAPES", 0)
    monkeypatch.setattr(deciding, "_name_beside", counting)
    return started


def test_names_made_beside_are_a_serial_pass_s(monkeypatch, model, beside):
    parallel = _named(monkeypatch, model, 2)
    assert len(beside) == 1
    serial = _named(monkeypatch, model, 1)
    assert len(beside) == 1
    assert _as_data(parallel) == _as_data(serial)
    for d in parallel.namespaces.values():  # made in the languages' order, as a serial pass makes them
        assert list(d._names) == list(d.languages())
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(beside[0], os.WNOHANG)


@pytest.mark.parametrize("failing", [("dart", "typescript"), ("rust",), ("csharp", "go")])
def test_the_first_naming_error_in_the_serial_order_is_raised(monkeypatch, model, beside, failing):
    assign = deciding.DecidedNamespace._assign

    def refusing(self, rules):
        language = next(name for name, known in self.rules.items() if known is rules)
        if language in failing:
            raise ShapegenError(f"{language} cannot name it")
        return assign(self, rules)

    monkeypatch.setattr(deciding.DecidedNamespace, "_assign", refusing)
    errors = []
    for jobs in (2, 1):
        with pytest.raises(ShapegenError) as raised:
            _named(monkeypatch, model, jobs)
        errors.append(raised.value.message)
    first = min(failing, key=list(deciding.decide(model).namespaces.values())[0].languages().index)
    assert errors == [f"{first} cannot name it"] * 2
    assert len(beside) == 1


def test_a_child_that_fails_leaves_the_names_to_this_process(monkeypatch, model, beside):
    parent = os.getpid()
    assign = deciding.DecidedNamespace._assign

    def dying_in_the_child(self, rules):
        if os.getpid() != parent:
            os._exit(3)
        return assign(self, rules)

    monkeypatch.setattr(deciding.DecidedNamespace, "_assign", dying_in_the_child)
    parallel = _named(monkeypatch, model, 2)
    monkeypatch.setattr(deciding.DecidedNamespace, "_assign", assign)
    assert _as_data(parallel) == _as_data(_named(monkeypatch, model, 1))
