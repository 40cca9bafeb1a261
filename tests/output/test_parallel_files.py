"""Work on many output files is spread over a few threads (`generator.output.parallel`): staging
the new files, comparing the plan with the disk, hashing and taking identities for the manifest.
The journal's guarantee is the same with threads as without: a fault, a crash or a signal at any
step ends in the old tree or the new one, and no thread is still writing when the stage is
rolled back or removed."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from generator.output import journal, parallel
from tests.conftest import REPO
from tests.hostile.project import make, run, snapshot
from tests.hostile.test_atomic import FailingAt
from tests.hostile.test_recovery import KilledAt, api_change, kill, steps

TARGETS = '["jsonschema", "docs", "python"]'


@pytest.fixture
def threaded(monkeypatch):
    """Two threads however few the files and however many cores there are."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setattr(parallel, "threads", lambda: 2)


def test_every_item_is_done_once_and_on_more_than_one_thread(threaded):
    done: list[tuple[int, str]] = []
    gate = threading.Barrier(2, timeout=10)  # each thread waits for the other once: both take part

    def work(item: int) -> None:
        if item < 2:
            gate.wait()
        done.append((item, threading.current_thread().name))

    parallel.each(work, range(100), count=100)
    assert sorted(item for item, _ in done) == list(range(100))
    assert len({name for _, name in done}) == 2


def test_a_failure_stops_the_other_threads_and_is_raised_once_they_have_stopped(threaded):
    started, release = threading.Event(), threading.Event()
    helper: list[threading.Thread] = []
    done: list[int] = []

    def work(item: int) -> None:
        if threading.current_thread() is not threading.main_thread():
            helper.append(threading.current_thread())
            started.set()
            release.wait(10)  # a slow write
            done.append(item)
            return
        started.wait(10)
        threading.Timer(0.2, release.set).start()
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        parallel.each(work, range(1000), count=1000)
    assert helper and not helper[0].is_alive()  # stopped before the failure was raised
    assert len(done) == 1  # it finished the item it had, and took no other


def test_a_signal_while_the_calling_thread_waits_is_raised_once_the_helpers_have_stopped(threaded):
    release, holding = threading.Event(), threading.Event()
    helpers: list[threading.Thread] = []
    done_here = [0]  # items the calling thread has done

    def work(item: int) -> None:
        if threading.current_thread() is threading.main_thread():
            holding.wait(10)  # the helper holds an item before the calling thread takes the rest
            done_here[0] += 1
            return
        helpers.append(threading.current_thread())
        if len(helpers) == 1:
            holding.set()
            deadline = time.monotonic() + 10
            while done_here[0] < 299 and time.monotonic() < deadline:
                time.sleep(0.001)  # until the calling thread is out of items and waits for this one
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # Ctrl-C
            release.wait(0.5)

    # Ctrl-C raises KeyboardInterrupt, as in a user's shell (a test runner's worker may ignore it)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            parallel.each(work, range(300), count=300)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert done_here[0] == 299
    assert not helpers[0].is_alive()


@pytest.fixture
def change(tmp_path):
    """(project, config, a pristine copy of the old output, the plan, old and new snapshots)."""
    root = make(tmp_path / "p", targets=TARGETS)
    assert run(root, "generate").code == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(root / "generated", pristine)
    api = root / "schema" / "api.yaml"
    api.write_text(api_change(api.read_text()))
    config = load_config(root)
    plan = pipeline.build(config)
    expected = make(tmp_path / "expected", api=api.read_text(), targets=TARGETS)
    assert run(expected, "generate").code == 0
    return root, config, pristine, plan, snapshot(pristine), snapshot(expected / "generated")


def restore(root: Path, config, pristine: Path) -> None:
    shutil.rmtree(root / "generated")
    shutil.copytree(pristine, root / "generated")
    shutil.rmtree(pipeline.stage_folder(config), ignore_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("swap", [True, False], ids=["folders-exchanged", "file-by-file"])
def test_a_fault_or_a_kill_at_every_step_of_a_threaded_write_ends_old_or_new(change, swap, threaded, monkeypatch):
    root, config, pristine, plan, old, new = change
    if swap:
        monkeypatch.setattr(journal, "_SWAP_SHARE", 0)
    else:
        monkeypatch.setattr(journal, "_RENAMEAT2", None)
        monkeypatch.setattr(journal, "_EXCHANGES", {})
    writing = steps(lambda fs: pipeline.write(config, plan, fs=fs))
    restore(root, config, pristine)
    assert writing > 10
    for at in range(1, writing + 1):
        try:
            pipeline.write(config, plan, fs=FailingAt(at))
        except Exception:
            pass
        assert snapshot(root / "generated") in (old, new), f"a mixed tree after a fault at step {at}"
        pipeline.recover(config)
        assert snapshot(root / "generated") in (old, new), f"a mixed tree after a fault at step {at}, repaired"
        assert not pipeline.stage_folder(config).exists()
        restore(root, config, pristine)
        kill(lambda: pipeline.write(config, plan, fs=KilledAt(at)))
        pipeline.recover(config)
        assert snapshot(root / "generated") in (old, new), f"a mixed tree after a kill at step {at}, repaired"
        assert not pipeline.stage_folder(config).exists()
        restore(root, config, pristine)


# The run pauses in its 3rd staged write, which a helper thread or the calling one makes, until the
# test has sent the signal and closed stdin (as tests/hostile/test_atomic.py does without threads).
PAUSED_RUN = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
from generator import pipeline
from generator.cli import main
from generator.output import parallel
parallel.MIN_ITEMS = 0
parallel.threads = lambda: 2
write = pipeline.FileSystem.write
calls = 0
def paused(self, *args):
    global calls
    calls += 1
    if calls == 3:
        print("paused", flush=True)
        sys.stdin.read()
    return write(self, *args)
pipeline.FileSystem.write = paused
sys.exit(main(["--project", sys.argv[1], "generate"]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_threaded_staging_leaves_the_old_tree_and_no_stage(change, sig):
    root, config, pristine, _, old, _ = change
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_RUN, str(root)],
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
        pytest.fail(f"the run did not reach its 3rd write: {line!r} {proc.communicate()[1]}")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)  # closes stdin: the paused write goes on
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert snapshot(root / "generated") == old
    assert not pipeline.stage_folder(config).exists()


@pytest.mark.slow
def test_what_runs_meanwhile_sees_the_new_tree_and_write_returns_once_the_stage_is_gone(change, monkeypatch):
    """`generate` writes its manifest while the stage (the old files it saved) is removed on
    another thread: the new tree is in place when it starts, and the stage is gone when `write`
    returns. (Where a folder was exchanged, the stage is removed first: its old tree holds links
    to the kept files, and removing them changes their change times, which the manifest seals:
    tests/output/test_swap.py::test_a_no_op_run_after_a_swap_reads_no_output_file.)"""
    root, config, _, plan, _, new = change
    monkeypatch.setattr(journal, "_RENAMEAT2", None)
    monkeypatch.setattr(journal, "_EXCHANGES", {})
    seen: list[object] = []

    def meanwhile(changes) -> None:
        seen.append(changes)
        assert snapshot(root / "generated") == new
        assert not (pipeline.stage_folder(config) / "journal.json").exists()

    changes = pipeline.write(config, plan, meanwhile=meanwhile)
    assert seen == [changes] and changes.written
    assert not pipeline.stage_folder(config).exists()


@pytest.mark.slow
def test_nothing_runs_meanwhile_when_the_write_fails(change, monkeypatch):
    root, config, _, plan, old, _ = change
    monkeypatch.setattr(journal, "_RENAMEAT2", None)  # file by file: the third move fails
    monkeypatch.setattr(journal, "_EXCHANGES", {})

    class Refusing(pipeline.FileSystem):
        moves = 0

        def replace(self, src, dst) -> None:
            self.moves += 1
            if self.moves == 3:
                raise PermissionError(13, "Permission denied", str(dst))
            super().replace(src, dst)

    seen: list[object] = []
    with pytest.raises(Exception, match="Permission denied"):
        pipeline.write(config, plan, fs=Refusing(), meanwhile=seen.append)
    assert seen == []
    assert snapshot(root / "generated") == old
    assert not pipeline.stage_folder(config).exists()


@pytest.mark.slow
def test_a_stage_whose_removal_fails_is_removed_by_the_next_run(change, monkeypatch):
    root, config, _, plan, _, new = change
    monkeypatch.setattr(journal, "_RENAMEAT2", None)  # file by file: the stage is removed on a thread
    monkeypatch.setattr(journal, "_EXCHANGES", {})

    class Stuck(pipeline.FileSystem):
        def rmtree(self, path) -> None:
            if threading.current_thread() is not threading.main_thread():  # the stage's removal, once committed
                raise OSError(16, "Device or resource busy")
            super().rmtree(path)

    pipeline.write(config, plan, fs=Stuck(), meanwhile=lambda changes: None)
    assert snapshot(root / "generated") == new
    assert pipeline.stage_folder(config).exists()  # left for the next run
    result = run(root, "generate")
    assert result.code == 0 and "leftovers of an interrupted run" in result.err
    assert snapshot(root / "generated") == new and not pipeline.stage_folder(config).exists()
