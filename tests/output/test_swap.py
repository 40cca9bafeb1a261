"""A target folder that exists is staged whole and exchanged with the old one in one atomic step
(issue 23 item 5): the files that did not change are the very same files afterwards (linked, never
rewritten), what shapegen does not own in the folder (build output, a user's notes) is carried
across by rename, and a fault, a crash or a kill at any step, and kills of the recoveries that
follow, end in the old tree or the new one, each with the user's files where they were."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from generator.output import cache, journal, manifest
from tests.conftest import REPO
from tests.hostile.project import make, run, snapshot
from tests.hostile.test_atomic import FailingAt
from tests.hostile.test_recovery import KilledAt, api_change, kill, steps

pytestmark = pytest.mark.slow

TARGETS = '["jsonschema", "docs", "rust"]'

# what shapegen does not own in its folders: build output, installed packages, editor folders,
# a user's notes beside the generated pages and in a folder of their own
USERS = {
    "rust/target/debug/shop": b"\x7fELF built\n",
    "rust/Cargo.lock": b"# locked by cargo\n",
    "docs/NOTES.txt": b"to do\n",
    "docs/shop/notes.txt": b"about the shop pages\n",
    "docs/drafts/idea.txt": b"an idea\n",
    "docs/.obsidian/app.json": b"{}\n",
    "docs/node_modules/pkg/index.js": b"module.exports = 1;\n",
}
LINK = "docs/node_modules/.bin/pkg"  # a link inside build output is carried as a link


def with_users(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {**tree, **USERS, LINK: USERS["docs/node_modules/pkg/index.js"]}


def add_users(output: Path) -> None:
    for rel, data in USERS.items():
        (output / rel).parent.mkdir(parents=True, exist_ok=True)
        (output / rel).write_bytes(data)
    (output / LINK).parent.mkdir(parents=True, exist_ok=True)
    os.symlink("../pkg/index.js", output / LINK)


class Moves(pipeline.FileSystem):
    def __init__(self) -> None:
        self.moved: list[Path] = []
        self.exchanged: list[Path] = []
        self.written: list[Path] = []

    def write(self, path: Path, data: bytes) -> None:
        self.written.append(path)
        super().write(path, data)

    def replace(self, src: Path, dst: Path) -> None:
        self.moved.append(dst)
        super().replace(src, dst)

    def exchange(self, a: Path, b: Path) -> None:
        self.exchanged.append(b)
        super().exchange(a, b)


@pytest.fixture
def editing(tmp_path, monkeypatch):
    """(project, its config, a pristine copy of the old output, the plan, old and new snapshots,
    both with the user's files): the edit rewrites files, adds a shape and renames one. Every
    folder that changes is exchanged, however few of its files change."""
    monkeypatch.setattr(journal, "_SWAP_SHARE", 0)
    root = make(tmp_path / "p", targets=TARGETS)
    assert run(root, "generate").code == 0
    add_users(root / "generated")
    pristine = tmp_path / "pristine"
    shutil.copytree(root / "generated", pristine, symlinks=True)
    api = root / "schema" / "api.yaml"
    api.write_text(api_change(api.read_text()))
    config = load_config(root)
    plan = pipeline.build(config)
    expected = make(tmp_path / "expected", api=api.read_text(), targets=TARGETS)
    assert run(expected, "generate").code == 0
    return root, config, pristine, plan, snapshot(pristine), with_users(snapshot(expected / "generated"))


def restore(root: Path, config, pristine: Path) -> None:
    shutil.rmtree(root / "generated")
    shutil.copytree(pristine, root / "generated", symlinks=True)
    shutil.rmtree(pipeline.stage_folder(config), ignore_errors=True)


def identities(output: Path, rels) -> dict[str, tuple[int, int]]:
    return {rel: (os.lstat(output / rel).st_dev, os.lstat(output / rel).st_ino) for rel in rels}


def test_each_folder_is_exchanged_whole_keeping_unchanged_files_and_carrying_the_users(editing):
    root, config, _, plan, old, new = editing
    output = root / "generated"
    (output / "docs").chmod(0o750)
    carried = [*USERS, LINK, "docs/drafts", "docs/node_modules", "rust/target"]
    before = identities(output, carried)
    unchanged = [
        rel for rel in plan.files if (output / rel).is_file() and (output / rel).read_bytes() == plan.files[rel]
    ]
    kept = identities(output, unchanged)
    assert unchanged and len(unchanged) < len(plan.files)
    moves = Moves()
    changes = pipeline.write(config, plan, fs=moves)
    assert snapshot(output) == new
    assert sorted(changes.unchanged) == sorted(unchanged)
    # one exchange per folder; nothing of the old tree is moved into the output file by file
    assert sorted(p.relative_to(output).as_posix() for p in moves.exchanged) == ["docs", "jsonschema", "rust"]
    assert not [p for p in moves.moved if output in p.parents]
    # unchanged files are the very same files (never rewritten); the user's are the same files too
    assert identities(output, unchanged) == kept
    assert not [p for p in moves.written if Path(p).name in {Path(rel).name for rel in unchanged}]
    assert identities(output, carried) == before
    assert os.readlink(output / LINK) == "../pkg/index.js"
    assert (output / "docs").stat().st_mode & 0o777 == 0o750
    assert not pipeline.stage_folder(config).exists()
    assert run(root, "check").code == 0


def test_a_fault_or_a_crash_at_every_step_leaves_the_old_tree_or_the_new_one_with_the_users_files(editing):
    root, config, pristine, plan, old, new = editing
    writing = steps(lambda fs: pipeline.write(config, plan, fs=fs))
    restore(root, config, pristine)
    assert writing > 10
    for crash in (False, True):
        for at in range(1, writing + 1):
            try:
                pipeline.write(config, plan, fs=FailingAt(at, crash=crash))
            except Exception:
                pass
            if not crash:
                assert snapshot(root / "generated") in (old, new), f"a mixed tree after a fault at step {at}"
            pipeline.recover(config)
            assert snapshot(root / "generated") in (old, new), f"a mixed tree after step {at} failed, repaired"
            assert not pipeline.stage_folder(config).exists()
            restore(root, config, pristine)


def test_a_kill_at_every_step_then_killed_recoveries_end_old_or_new_with_the_users_files(editing):
    root, config, pristine, plan, old, new = editing
    writing = steps(lambda fs: pipeline.write(config, plan, fs=fs))
    restore(root, config, pristine)
    exchanged = 0
    for at in range(1, writing + 1):
        kill(lambda: pipeline.write(config, plan, fs=KilledAt(at)))
        if not (pipeline.stage_folder(config) / "journal.json").exists():
            pipeline.recover(config)
            assert snapshot(root / "generated") in (old, new), f"a mix after a kill at step {at}"
            restore(root, config, pristine)
            continue
        exchanged += snapshot(root / "generated") not in (old, new)  # killed between the exchanges
        left = root.parent / "left"
        shutil.rmtree(left, ignore_errors=True)
        shutil.copytree(root / "generated", left / "generated", symlinks=True)
        shutil.copytree(pipeline.stage_folder(config), left / "stage", symlinks=True)
        recovering = steps(lambda fs: pipeline.recover(config, fs=fs))
        assert snapshot(root / "generated") == old, f"a kill at step {at} not rolled back"
        for first in range(1, recovering + 1):
            shutil.rmtree(root / "generated")
            shutil.rmtree(pipeline.stage_folder(config), ignore_errors=True)
            shutil.copytree(left / "generated", root / "generated", symlinks=True)
            shutil.copytree(left / "stage", pipeline.stage_folder(config), symlinks=True)
            kill(lambda: pipeline.recover(config, fs=KilledAt(first)))
            kill(lambda: pipeline.recover(config, fs=KilledAt(first)))
            pipeline.recover(config)
            assert snapshot(root / "generated") == old, f"killed at {at}, recoveries at {first}"
            assert not pipeline.stage_folder(config).exists()
        restore(root, config, pristine)
    assert exchanged > 0  # some kills left one folder exchanged and another not: the journal repaired it


def test_a_no_op_run_after_a_swap_reads_no_output_file(tmp_path, monkeypatch):
    root = make(tmp_path / "p", targets=TARGETS)
    assert run(root, "generate").code == 0
    api = root / "schema" / "api.yaml"
    api.write_text(api_change(api.read_text()))
    monkeypatch.setattr(manifest, "_RACY_MOST", 0)  # as on the vendor spec: thousands of files linked anew
    monkeypatch.setattr(journal, "_SWAP_SHARE", 0)
    assert "unchanged" in run(root, "generate").out
    read: list[Path] = []
    original = cache.read_regular
    monkeypatch.setattr(cache, "read_regular", lambda path, *a: read.append(Path(path)) or original(path, *a))
    again = run(root, "generate")
    assert "as the last run left them" in again.out
    assert not [p for p in read if (root / "generated") in p.parents]


def test_a_journal_swapping_a_folder_outside_the_output_is_refused(editing, tmp_path):
    root, config, *_ = editing
    victim = tmp_path / "victim"
    (victim / "mine").mkdir(parents=True)
    stage = pipeline.stage_folder(config)
    stage.mkdir()
    entry = {"folder": "../../victim", "carried": ["mine"], "probe": ["x", None]}
    (stage / "journal.json").write_text(json.dumps({"written": [], "removed": [], "swapped": [entry]}))
    result = run(root, "generate")
    assert result.code == 2 and "outside the output folder" in result.err
    assert (victim / "mine").is_dir()


# The child stops right after its `nth` exchange and says so; the parent then kills it with SIGKILL
# (which no held-back signal mask stops). No sleeps: the child waits on its stdin until killed.
KILLED_AFTER_EXCHANGE = """
import sys
from generator import pipeline
from generator.cli import main
from generator.output import journal
journal._SWAP_SHARE = 0
exchange = pipeline.FileSystem.exchange
calls = 0
def paused(self, *args):
    global calls
    exchange(self, *args)
    calls += 1
    if calls == int(sys.argv[3]):
        print("exchanged", flush=True)
        sys.stdin.read()
pipeline.FileSystem.exchange = paused
sys.exit(main(["--project", sys.argv[1], sys.argv[2]]))
"""


def sigkill_after_exchange(root: Path, command: str, nth: int) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_AFTER_EXCHANGE, str(root), command, str(nth)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    process.kill()
    _, err = process.communicate(timeout=60)
    assert line == "exchanged\n", err


def test_sigkill_between_two_exchanges_then_during_the_repair_ends_in_the_old_tree(editing):
    root, config, pristine, plan, old, new = editing
    sigkill_after_exchange(root, "generate", 2)  # docs/ and jsonschema/ are new, rust/ is old
    assert snapshot(root / "generated") not in (old, new)
    sigkill_after_exchange(root, "check", 1)  # the repair has put one of them back
    result = run(root, "check")
    assert "rolled back" in result.err
    assert result.code == 1  # stale: the old tree, whole, with the user's files
    assert snapshot(root / "generated") == old
    assert not pipeline.stage_folder(config).exists()
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == new


def test_a_change_to_a_few_files_of_a_large_folder_moves_them_file_by_file(tmp_path):
    """Linking every kept file and unlinking the old tree costs more than moving a few changed
    files: a folder is exchanged whole only when a quarter of its files or more change."""
    shapes = "".join(f"    Shape{n}:\n      type: object\n      description: shape {n}\n" for n in range(12))
    api = "openapi: 3.1.0\ninfo: {title: Many, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n" + shapes
    root = make(tmp_path / "p", api=api, targets='["jsonschema", "docs"]')
    assert run(root, "generate").code == 0
    (root / "schema" / "api.yaml").write_text(api.replace("description: shape 3\n", "description: the third\n"))
    config = load_config(root)
    plan = pipeline.build(config)
    moves = Moves()
    changes = pipeline.write(config, plan, fs=moves)
    output = root / "generated"
    docs = [rel for rel in changes.written if rel.startswith("docs/")]
    assert 0 < len(docs) < len([rel for rel in plan.files if rel.startswith("docs/")]) / 4
    assert [p.relative_to(output).as_posix() for p in moves.exchanged] == ["jsonschema"]  # its one file changed
    assert sorted(p.relative_to(output).as_posix() for p in moves.moved if output in p.parents) == sorted(docs)
    assert run(root, "check").code == 0
