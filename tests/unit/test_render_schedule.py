"""How forked workers take the targets (generator.pipeline._render_parallel): the targets that
print no language's names start at once, while this process names every language, one pass at a
time; a target that prints names starts once they are made. The names are made once a run, here,
and a worker inherits them; the plan is a serial run's, file for file; a naming error is the one a
serial run raises, with its line, and leaves no worker behind."""

from __future__ import annotations

import gc
import os

import pytest

from generator import decide as deciding
from generator import naming, pipeline
from generator.config import load_config
from generator.errors import ShapegenError
from generator.targets.base import RenderInput
from tests.conftest import REPO


@pytest.fixture(scope="module")
def project():
    config = load_config(REPO)
    return config, pipeline.load_checked(config)


@pytest.fixture
def forked(monkeypatch):
    """Each target sent to a render worker, in order, with the worker's pid."""
    from generator.forked import Worker

    sent: list[tuple[str, int]] = []
    send = Worker.send

    def recording(worker, index):
        assert pipeline._JOB is not None
        sent.append((pipeline._JOB[0][index].name, worker.pid))
        return send(worker, index)

    monkeypatch.setattr(Worker, "send", recording)
    return sent


def _plan(monkeypatch, jobs, config, loaded, targets):
    monkeypatch.setenv("SHAPEGEN_JOBS", str(jobs))
    return pipeline.render(config, loaded, targets)


def test_two_workers_give_a_serial_run_s_plan_with_the_no_names_targets_first(monkeypatch, project, forked):
    config, loaded = project
    targets = pipeline.select(list(config.targets))
    parallel = _plan(monkeypatch, 2, config, loaded, targets)
    serial = _plan(monkeypatch, 1, config, loaded, targets)
    assert list(parallel.files) == list(serial.files)
    assert parallel.files == serial.files
    assert [name for name, _ in forked][:1] == ["validators"]  # before any language is named
    assert sorted(name for name, _ in forked) == sorted(t.name for t in targets)
    assert len({pid for _, pid in forked}) < len(targets)  # a worker renders several
    for pid in {pid for _, pid in forked}:
        with pytest.raises(ChildProcessError):  # every worker reaped
            os.waitpid(pid, os.WNOHANG)
    assert parallel.timings["naming"] > 0


def test_every_language_is_named_once_a_run_in_this_process(monkeypatch, project, tmp_path):
    config, loaded = project
    log = tmp_path / "passes"
    assign = naming.assign

    def logged(namespace, rules):  # each pass, from whichever process makes it
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {namespace.name} {rules.language}\n")
        return assign(namespace, rules)

    monkeypatch.setattr(deciding, "assign", logged)
    _plan(monkeypatch, 2, config, loaded, pipeline.select(list(config.targets)))
    passes = [line.split() for line in log.read_text().splitlines()]
    languages = list(deciding.decide(loaded.model).namespaces["openai"].languages())
    expected = [(ns, rules.language) for ns in loaded.bundles for rules in deciding._languages().values()]
    assert [(ns, language) for _, ns, language in passes] == expected
    assert {int(pid) for pid, _, _ in passes} == {os.getpid()}
    assert len(languages) >= 5


@pytest.mark.parametrize("target", sorted(pipeline._PRINTS_NO_NAMES))
def test_the_targets_that_start_before_naming_print_no_names(monkeypatch, project, target):
    config, loaded = project

    def inp() -> RenderInput:
        return RenderInput(
            model=loaded.model,
            bundles={ns: b.published() for ns, b in loaded.bundles.items()},
            options=config.options,
            licenses={ns: b.license for ns, b in loaded.bundles.items() if b.license},
            decided=deciding.decide(loaded.model),
        )

    [chosen] = pipeline.select([target])
    expected = chosen.render(inp())

    def refusing(self, rules):
        raise AssertionError(f"{target} asked for {rules.language}'s names")

    monkeypatch.setattr(deciding.DecidedNamespace, "_assign", refusing)
    assert chosen.render(inp()) == expected


def test_a_naming_error_is_a_serial_run_s_and_leaves_no_worker_behind(monkeypatch, project, forked):
    config, loaded = project
    assign = deciding.DecidedNamespace._assign
    shape = loaded.model.namespaces[0].shapes[0]

    def refusing(self, rules):
        if rules.language in ("Rust", "C#"):
            raise ShapegenError(f"{rules.language} cannot name it", where=f"{shape.source.file}#{shape.source.pointer}")
        return assign(self, rules)

    monkeypatch.setattr(deciding.DecidedNamespace, "_assign", refusing)
    targets = pipeline.select(list(config.targets))
    errors = []
    for jobs in (2, 1):
        with pytest.raises(ShapegenError) as raised:
            _plan(monkeypatch, jobs, config, loaded, targets)
        errors.append([d.render() for d in raised.value.diagnostics])
    assert errors[0] == errors[1]
    [said] = errors[0]
    assert said.startswith(f"{shape.source.file}:") and "cannot name it" in said  # with its line
    assert forked and forked[0][0] == "validators"  # started before the error, then stopped
    assert gc.isenabled() and gc.get_freeze_count() == 0
    for _, pid in forked:
        with pytest.raises(ChildProcessError):  # reaped: no longer this process's child
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_leaves_the_cycle_collector_as_it_found_it(monkeypatch, jobs):
    """On, with nothing frozen: the front runs with it off, and the renders with the model frozen
    out of its walks, but a process that builds again (watch, a test session) keeps collecting."""
    monkeypatch.setenv("SHAPEGEN_JOBS", str(jobs))
    config = load_config(REPO)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    pipeline.build(config)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with pytest.raises(ShapegenError):
        pipeline.build(config, ["jsonschema", "no-such-target"])
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_an_unknown_target_is_refused_before_the_schema_is_read(tmp_path):
    from tests.hostile.project import make

    root = make(tmp_path, api="openapi: [this is no OpenAPI document\n")
    with pytest.raises(ShapegenError, match="unknown target") as raised:
        pipeline.build(load_config(root), ["jsonschema", "no-such-target"])
    assert "known targets: " in raised.value.diagnostics[0].render()


def test_a_worker_that_dies_costs_only_time(monkeypatch, project, forked):
    """Its target is rendered again here; the targets it would have rendered next go to others."""
    config, loaded = project
    targets = pipeline.select(list(config.targets))
    serial = _plan(monkeypatch, 1, config, loaded, targets)
    parent = os.getpid()
    render_target = pipeline._render_target

    def dying_on_python(target, *args):
        if target.name == "python" and os.getpid() != parent:
            os._exit(3)
        return render_target(target, *args)

    monkeypatch.setattr(pipeline, "_render_target", dying_on_python)
    parallel = _plan(monkeypatch, 2, config, loaded, targets)
    assert parallel.files == serial.files and list(parallel.files) == list(serial.files)
    after = [name for name, _ in forked][[name for name, _ in forked].index("python") + 1 :]
    assert after  # the run went on in other workers
    for pid in {pid for _, pid in forked}:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
