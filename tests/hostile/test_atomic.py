"""Atomic for real (issue 7.2): whatever fails, and whenever a run is interrupted, the output is
the old tree or the new one, never a mix; the next run repairs what an interrupted one left."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from generator.output import journal
from tests.conftest import REPO
from tests.hostile.project import make, run, snapshot

FEW = '["jsonschema", "docs"]'  # enough files to rewrite, add and remove; quick to write 100 times


class Fault(OSError):
    pass


class FailingAt(pipeline.FileSystem):
    """Fails the `at`-th change to the disk; with `crash`, every change after it too (the
    machine went away: no clean-up is possible)."""

    def __init__(self, at: int, crash: bool = False):
        self.at, self.crash, self.calls = at, crash, 0

    def _step(self) -> None:
        self.calls += 1
        if self.calls == self.at or (self.crash and self.calls > self.at):
            raise Fault(5, "injected fault")


for _name in ("mkdir", "write", "link", "replace", "exchange", "unlink", "rmdir", "rmtree"):

    def _wrapped(self, *args, _op=getattr(pipeline.FileSystem, _name)):
        self._step()
        return _op(self, *args)

    setattr(FailingAt, _name, _wrapped)


@pytest.fixture
def change(tmp_path):
    """(project, pristine copy of its old output, the plan of the new output, new snapshot): the
    change rewrites files, adds a shape (new files) and renames one (stale files removed)."""
    root = make(tmp_path / "p", targets=FEW)
    assert run(root, "generate").code == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(root / "generated", pristine)
    api = root / "schema" / "api.yaml"
    api.write_text(
        api.read_text()
        .replace("Receipt", "Bill")
        .replace(
            "        note: {type: string}",
            "        note: {$ref: '#/components/schemas/Note'}\n    Note: {type: string}",
        )
    )
    config = load_config(root)
    plan = pipeline.build(config)
    new_root = make(tmp_path / "expected", api=api.read_text(), targets=FEW)
    assert run(new_root, "generate").code == 0
    return root, config, pristine, plan, snapshot(new_root / "generated")


def restore(root: Path, pristine: Path) -> None:
    shutil.rmtree(root / "generated")
    shutil.copytree(pristine, root / "generated")
    stage = pipeline.stage_folder(load_config(root))
    if stage.exists():
        shutil.rmtree(stage)


def steps_of_a_clean_write(root, config, pristine, plan) -> int:
    counting = FailingAt(at=0)
    pipeline.write(config, plan, fs=counting)
    restore(root, pristine)
    return counting.calls


@pytest.mark.parametrize("swap", [True, False], ids=["folders-exchanged", "file-by-file"])
def test_a_fault_at_every_step_leaves_the_old_tree_or_the_new_one(change, swap, monkeypatch):
    root, config, pristine, plan, new = change
    if swap:  # every folder that changes is exchanged, however few of its files change
        monkeypatch.setattr(journal, "_SWAP_SHARE", 0)
    else:  # a system that cannot exchange two folders
        monkeypatch.setattr(journal, "_RENAMEAT2", None)
        monkeypatch.setattr(journal, "_EXCHANGES", {})
    old = snapshot(pristine)
    steps = steps_of_a_clean_write(root, config, pristine, plan)
    assert steps > 10
    for at in range(1, steps + 1):
        failing = FailingAt(at)
        try:
            pipeline.write(config, plan, fs=failing)
        except Exception:
            pass
        else:  # only a fault while removing the finished stage goes unreported
            assert snapshot(root / "generated") == new
            assert not (pipeline.stage_folder(config) / "journal.json").exists()
        assert snapshot(root / "generated") in (old, new), f"a mixed tree after a fault at step {at}"
        pipeline.recover(config)
        assert snapshot(root / "generated") in (old, new), f"a mixed tree after a fault at step {at}, repaired"
        assert not pipeline.stage_folder(config).exists(), f"a stage left after a fault at step {at}"
        restore(root, pristine)


@pytest.mark.parametrize("swap", [True, False], ids=["folders-exchanged", "file-by-file"])
def test_a_crash_at_every_step_is_repaired_by_the_next_run_to_the_old_tree_or_the_new_one(change, swap, monkeypatch):
    root, config, pristine, plan, new = change
    if swap:
        monkeypatch.setattr(journal, "_SWAP_SHARE", 0)
    else:
        monkeypatch.setattr(journal, "_RENAMEAT2", None)
        monkeypatch.setattr(journal, "_EXCHANGES", {})
    old = snapshot(pristine)
    steps = steps_of_a_clean_write(root, config, pristine, plan)
    for at in range(1, steps + 1):
        try:
            pipeline.write(config, plan, fs=FailingAt(at, crash=True))
        except Exception:
            pass
        pipeline.recover(config)
        assert snapshot(root / "generated") in (old, new), f"a mixed tree after a crash at step {at}"
        assert not pipeline.stage_folder(config).exists()
        restore(root, pristine)


def test_generate_after_an_interrupted_run_rolls_back_then_writes_the_new_tree(change):
    root, config, pristine, plan, new = change
    steps = steps_of_a_clean_write(root, config, pristine, plan)
    with pytest.raises(Exception):
        pipeline.write(config, plan, fs=FailingAt(steps - 2, crash=True))
    assert (pipeline.stage_folder(config) / "journal.json").is_file()
    result = run(root, "generate")
    assert result.code == 0, result.err
    assert "interrupted run" in result.err
    assert snapshot(root / "generated") == new
    assert not pipeline.stage_folder(config).exists()


def test_check_repairs_the_leftovers_of_an_interrupted_run(change):
    root, config, pristine, plan, new = change
    steps = steps_of_a_clean_write(root, config, pristine, plan)
    with pytest.raises(Exception):
        pipeline.write(config, plan, fs=FailingAt(steps - 2, crash=True))
    result = run(root, "check")
    assert "rolled back" in result.err
    assert snapshot(root / "generated") == snapshot(pristine)
    assert not pipeline.stage_folder(config).exists()


def test_temporary_files_of_older_versions_are_removed(project):
    litter = project / "generated" / "python" / ".shapegen-tmp-models.py"
    litter.write_text("half\n")
    assert "interrupted run" in run(project, "check").err
    assert not litter.exists()


def test_a_journal_naming_paths_outside_the_output_is_refused(project, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n")
    stage = pipeline.stage_folder(load_config(project))
    stage.mkdir()
    (stage / "journal.json").write_text(json.dumps({"written": ["../../victim.txt"], "removed": []}))
    result = run(project, "generate")
    assert result.code == 2 and "outside the output folder" in result.err
    assert victim.read_text() == "mine\n"


def test_a_read_only_output_is_a_user_error_and_stays_as_it_was(project):
    api = project / "schema" / "api.yaml"
    api.write_text(api.read_text().replace("maxLength: 40", "maxLength: 41"))
    before = snapshot(project / "generated")
    folders = [p for p in (project / "generated").rglob("*") if p.is_dir()] + [project / "generated"]
    for folder in folders:
        folder.chmod(0o555)
    try:
        result = run(project, "generate")
    finally:
        for folder in folders:
            folder.chmod(0o755)
    if result.code == 0:
        pytest.skip("running as root: permissions are not enforced")
    assert result.code == 2 and "cannot write" in result.err and "Traceback" not in result.err
    assert snapshot(project / "generated") == before


# The child stops at the `nth` call of `op` and tells the parent so on stdout; it goes on only when
# the parent closes its stdin, which the parent does after the signal has been sent. kill() makes
# the signal pending in the child before the pipe is closed, so the signal always arrives at that
# step: while staging it interrupts the wait; while moving into place (signals held back) it is
# pending when the step goes on. No sleeps: the order of events decides, not the machine's load.
# Without `swap`, the child runs as on a system that cannot exchange folders (file by file).
PAUSED_RUN = """
import signal, sys
# Ctrl-C as a user presses it, even where this test runs under a parent that ignores SIGINT (a job
# started in the background by a shell: its children inherit SIG_IGN, and Python keeps it)
signal.signal(signal.SIGINT, signal.default_int_handler)
from generator import pipeline
from generator.cli import main
from generator.output import journal
if {swap!r}:
    journal._SWAP_SHARE = 0
else:
    journal._RENAMEAT2 = None
op = getattr(pipeline.FileSystem, {op!r})
calls = 0
def paused(self, *args):
    global calls
    calls += 1
    if calls == {nth!r}:
        print("paused", flush=True)
        sys.stdin.read()
    return op(self, *args)
setattr(pipeline.FileSystem, {op!r}, paused)
sys.exit(main(["--project", sys.argv[1], "generate"]))
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize(
    "op, nth, swap",
    [("write", 3, True), ("exchange", 1, True), ("replace", 3, False)],
    ids=["while-staging", "while-exchanging", "while-moving-file-by-file"],
)
def test_a_signal_during_a_run_leaves_the_old_tree(change, sig, op, nth, swap):
    root, config, pristine, plan, new = change
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_RUN.format(op=op, nth=nth, swap=swap), str(root)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line != "paused\n":
        proc.kill()
        pytest.fail(f"the run did not reach call {nth} of {op}: {line!r} {proc.communicate()[1]}")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)  # closes stdin: the paused step goes on
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert snapshot(root / "generated") == snapshot(pristine)
    assert not pipeline.stage_folder(config).exists()


def test_a_write_the_system_refuses_is_a_user_error_and_the_tree_stays(project, monkeypatch):
    """What a read-only generated/ does when not running as root (permissions simulated)."""
    api = project / "schema" / "api.yaml"
    api.write_text(api.read_text().replace("maxLength: 40", "maxLength: 41"))
    before = snapshot(project / "generated")

    def refuse(src, dst):
        if Path(dst).is_relative_to(project / "generated"):
            raise PermissionError(13, "Permission denied", str(dst))
        return Path(src).replace(dst)

    def refuse_exchange(a, b):
        raise PermissionError(13, "Permission denied", str(b))

    monkeypatch.setattr(pipeline.FS, "replace", refuse)
    monkeypatch.setattr(pipeline.FS, "exchange", refuse_exchange)  # every folder of it is refused
    result = run(project, "generate")
    assert result.code == 2 and "cannot write generated/" in result.err and "Permission denied" in result.err
    assert "Traceback" not in result.err
    assert snapshot(project / "generated") == before
    assert not pipeline.stage_folder(load_config(project)).exists()
