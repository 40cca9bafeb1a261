"""A target folder that does not exist yet (a first run, a target just added) is staged whole and
moved into place in one rename (issue 23 item 5), with the same guarantee as every write: a
fault, a crash or a kill at any step, and any number of kills of the recoveries that follow,
end in the old tree or the new one, never a mix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from generator.output import journal
from tests.hostile.project import make, pyproject, run, snapshot
from tests.hostile.test_atomic import FailingAt
from tests.hostile.test_recovery import KilledAt, kill, steps

pytestmark = pytest.mark.slow

BEFORE = '["jsonschema"]'
AFTER = '["jsonschema", "docs", "python", "validators"]'  # docs/ and python/ are new folders


class Moves(pipeline.FileSystem):
    def __init__(self) -> None:
        self.moved: list[tuple[Path, Path]] = []
        self.exchanged: list[tuple[Path, Path]] = []

    def replace(self, src: Path, dst: Path) -> None:
        self.moved.append((src, dst))
        super().replace(src, dst)

    def exchange(self, a: Path, b: Path) -> None:
        self.exchanged.append((a, b))
        super().exchange(a, b)


@pytest.fixture
def adding(tmp_path):
    """(project, its config, a pristine copy of the old output, the plan, old and new snapshots):
    the project had one target and now has four, two of them sharing the new folder python/, and
    a schema edit rewrites the one file of the folder that exists."""
    root = make(tmp_path / "p", targets=BEFORE)
    assert run(root, "generate").code == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(root / "generated", pristine)
    (root / "pyproject.toml").write_text(pyproject(AFTER))
    api = root / "schema" / "api.yaml"
    api.write_text(api.read_text().replace("maxLength: 40", "maxLength: 41"))
    config = load_config(root)
    plan = pipeline.build(config)
    expected = make(tmp_path / "expected", api=api.read_text(), targets=AFTER)
    assert run(expected, "generate").code == 0
    return root, config, pristine, plan, snapshot(pristine), snapshot(expected / "generated")


def restore(root: Path, config, pristine: Path) -> None:
    shutil.rmtree(root / "generated")
    shutil.copytree(pristine, root / "generated")
    shutil.rmtree(pipeline.stage_folder(config), ignore_errors=True)


def test_each_new_folder_is_one_move_and_an_existing_one_one_exchange(adding):
    root, config, _, plan, _, new = adding
    moves = Moves()
    changes = pipeline.write(config, plan, fs=moves)
    assert snapshot(root / "generated") == new
    moved = sorted(dst.relative_to(config.output).as_posix() for _, dst in moves.moved if config.output in dst.parents)
    assert moved == ["docs", "python"]
    assert [b.relative_to(config.output).as_posix() for _, b in moves.exchanged] == ["jsonschema"]
    assert len(changes.written) > len(moved)


def test_without_the_exchange_an_existing_folder_moves_file_by_file(adding, monkeypatch):
    root, config, _, plan, _, new = adding
    monkeypatch.setattr(journal, "_EXCHANGES", {})
    monkeypatch.setattr(journal, "_RENAMEAT2", None)  # an older kernel, another system
    moves = Moves()
    pipeline.write(config, plan, fs=moves)
    assert snapshot(root / "generated") == new
    moved = sorted(dst.relative_to(config.output).as_posix() for _, dst in moves.moved if config.output in dst.parents)
    assert moved == ["docs", "jsonschema/shop.schema.json", "python"]
    assert moves.exchanged == []


def test_a_fault_at_every_step_leaves_the_old_tree_or_the_new_one(adding):
    root, config, pristine, plan, old, new = adding
    writing = steps(lambda fs: pipeline.write(config, plan, fs=fs))
    restore(root, config, pristine)
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


def test_a_kill_at_every_step_then_killed_recoveries_end_old_or_new(adding):
    root, config, pristine, plan, old, new = adding
    writing = steps(lambda fs: pipeline.write(config, plan, fs=fs))
    restore(root, config, pristine)
    journals = 0
    for at in range(1, writing + 1):
        kill(lambda: pipeline.write(config, plan, fs=KilledAt(at)))
        if (pipeline.stage_folder(config) / "journal.json").exists():
            journals += 1
            recovering = steps(lambda fs: pipeline.recover(config, fs=fs))
            left = root.parent / "left"
            shutil.rmtree(left, ignore_errors=True)
            # the recovery measured above repaired the tree: start again from the same kill
            restore(root, config, pristine)
            kill(lambda: pipeline.write(config, plan, fs=KilledAt(at)))
            shutil.copytree(root / "generated", left / "generated")
            shutil.copytree(pipeline.stage_folder(config), left / "stage")
            for first in range(1, recovering + 1):
                shutil.rmtree(root / "generated")
                shutil.rmtree(pipeline.stage_folder(config), ignore_errors=True)
                shutil.copytree(left / "generated", root / "generated")
                shutil.copytree(left / "stage", pipeline.stage_folder(config))
                kill(lambda: pipeline.recover(config, fs=KilledAt(first)))
                kill(lambda: pipeline.recover(config, fs=KilledAt(first)))
                pipeline.recover(config)
                assert snapshot(root / "generated") in (old, new), f"a mix: killed at {at}, recoveries at {first}"
        else:
            pipeline.recover(config)
            assert snapshot(root / "generated") in (old, new), f"a mix after a kill at step {at}"
        assert not pipeline.stage_folder(config).exists()
        restore(root, config, pristine)
    assert journals > 0


def test_a_first_run_into_an_empty_project_moves_each_folder_once(tmp_path):
    root = make(tmp_path / "p", targets=AFTER)
    config = load_config(root)
    moves = Moves()
    pipeline.write(config, pipeline.build(config), fs=moves)
    moved = sorted(dst.relative_to(config.output).as_posix() for _, dst in moves.moved if config.output in dst.parents)
    assert moved == ["docs", "jsonschema", "python"]
    assert run(root, "check").code == 0
