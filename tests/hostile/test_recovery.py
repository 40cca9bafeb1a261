"""Recovery is idempotent (issue 20, item 3): a run killed at any step, then every recovery of it
killed at any step too, any number of times, ends, once a recovery completes, in the old tree
or the new one, never a mix. Kills are injected at every change to the disk (in process, where
a kill is an exception nothing catches: every later change fails too), and for real (SIGKILL)."""

from __future__ import annotations

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

FEW = '["jsonschema", "docs"]'


class Killed(BaseException):
    """The process died: nothing after this runs, no handler catches it."""


class KilledAt(pipeline.FileSystem):
    """Dies at its `at`-th change to the disk (0: never); counts the changes it made."""

    def __init__(self, at: int = 0):
        self.at, self.calls = at, 0

    def _step(self) -> None:
        self.calls += 1
        if self.at and self.calls >= self.at:
            raise Killed


for _name in ("mkdir", "write", "link", "replace", "exchange", "unlink", "rmdir", "rmtree"):

    def _wrapped(self, *args, _op=getattr(pipeline.FileSystem, _name)):
        self._step()
        return _op(self, *args)

    setattr(KilledAt, _name, _wrapped)


def api_change(text: str) -> str:
    """Rewrites files, adds a shape (new files) and renames one (stale files removed)."""
    return text.replace("Receipt", "Bill").replace(
        "        note: {type: string}", "        note: {$ref: '#/components/schemas/Note'}\n    Note: {type: string}"
    )


@pytest.fixture
def change(tmp_path):
    root = make(tmp_path / "p", targets=FEW)
    assert run(root, "generate").code == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(root / "generated", pristine)
    api = root / "schema" / "api.yaml"
    api.write_text(api_change(api.read_text()))
    config = load_config(root)
    plan = pipeline.build(config)
    expected = make(tmp_path / "expected", api=api.read_text(), targets=FEW)
    assert run(expected, "generate").code == 0
    return root, config, pristine, plan, snapshot(pristine), snapshot(expected / "generated")


def restore(root: Path, config, pristine: Path) -> None:
    shutil.rmtree(root / "generated")
    shutil.copytree(pristine, root / "generated")
    shutil.rmtree(pipeline.stage_folder(config), ignore_errors=True)


def kill(action) -> int:
    """Run `action(fs)` with a file system that may die; the number of changes it made."""
    try:
        action()
    except Killed:
        pass
    return 0


def steps(action) -> int:
    counting = KilledAt()
    action(counting)
    return counting.calls


def test_a_run_killed_at_any_step_then_its_recoveries_killed_at_any_step_ends_old_or_new(change, monkeypatch):
    root, config, pristine, plan, old, new = change
    # the file-by-file journal, whose recoveries take the most steps (swapped folders: tests/output/test_swap.py)
    monkeypatch.setattr(journal, "_RENAMEAT2", None)
    monkeypatch.setattr(journal, "_EXCHANGES", {})
    writing = steps(lambda fs: pipeline.write(config, plan, fs=fs))
    restore(root, config, pristine)
    assert writing > 10
    checked = 0
    for at in range(1, writing + 1):
        kill(lambda: pipeline.write(config, plan, fs=KilledAt(at)))
        if not (pipeline.stage_folder(config) / "journal.json").exists():
            pipeline.recover(config)
            assert snapshot(root / "generated") in (old, new), f"a mix after a kill at step {at}"
            restore(root, config, pristine)
            continue
        # the journal stands: measure a recovery on a copy, then kill recoveries at each step of it
        left = root.parent / "left"
        shutil.rmtree(left, ignore_errors=True)
        shutil.copytree(root / "generated", left / "generated")
        shutil.copytree(pipeline.stage_folder(config), left / "stage")
        recovering = steps(lambda fs: pipeline.recover(config, fs=fs))
        for first in range(1, recovering + 1):
            shutil.rmtree(root / "generated")
            shutil.rmtree(pipeline.stage_folder(config), ignore_errors=True)
            shutil.copytree(left / "generated", root / "generated")
            shutil.copytree(left / "stage", pipeline.stage_folder(config))
            kill(lambda: pipeline.recover(config, fs=KilledAt(first)))
            kill(lambda: pipeline.recover(config, fs=KilledAt(first)))  # again at the same step
            kill(lambda: pipeline.recover(config, fs=KilledAt(1)))
            pipeline.recover(config)
            tree = snapshot(root / "generated")
            assert tree in (old, new), f"a mix: run killed at {at}, recoveries at {first}, {first} and 1"
            assert not pipeline.stage_folder(config).exists()
            checked += 1
        restore(root, config, pristine)
    assert checked > 100


SLOW = """
import sys, time
from generator import pipeline
from generator.cli import main
from generator.output import journal
journal._RENAMEAT2 = None  # file by file (a SIGKILL between exchanges: tests/output/test_swap.py)
for name in ("replace", "link", "unlink"):
    def slow(self, *args, _op=getattr(pipeline.FileSystem, name)):
        print("step", flush=True)
        time.sleep(0.02)
        return _op(self, *args)
    setattr(pipeline.FileSystem, name, slow)
sys.exit(main(["--project", sys.argv[1], sys.argv[2]]))
"""


def start(root: Path, command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW, str(root), command],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def sigkill_after(process: subprocess.Popen[str], steps: int) -> bool:
    """SIGKILL `process` after it announced `steps` changes to the disk; whether it was still running."""
    assert process.stdout is not None
    for _ in range(steps):
        if not process.stdout.readline().startswith("step"):
            process.wait(60)
            return False
    process.send_signal(signal.SIGKILL)
    process.wait(60)
    return True


@pytest.mark.parametrize("trial", range(3))
def test_sigkill_during_the_commit_then_during_each_repair_ends_old_or_new(change, trial):
    root, config, pristine, plan, old, new = change
    # staging announces 5 changes (4 old files saved, the journal); the commit then moves 6 files:
    # kill it part way, then kill the checks repairing it part way (a roll back makes 3 a file)
    assert sigkill_after(start(root, "generate"), 6 + 2 * trial)
    assert (pipeline.stage_folder(config) / "journal.json").is_file()
    for repairs in range(1 + trial):
        sigkill_after(start(root, "check"), 2 + 3 * repairs)
    result = run(root, "check")
    tree = snapshot(root / "generated")
    assert tree in (old, new), f"a mix after {1 + trial} repairs were killed"
    assert result.code == (0 if tree == new else 1), result.err
    assert not pipeline.stage_folder(config).exists()
