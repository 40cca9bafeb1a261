"""Writing a plan atomically, through a journal beside the output folder
(`.<output>.shapegen-stage/`):

1. every new file is staged in `new/`, and every file it replaces or removes is hard-linked
   (or copied) into `old/`; a failure or a signal here removes the stage: the old tree stays;
2. `journal.json` is written (the commit point), then, with SIGINT and SIGTERM held back, the
   staged files are moved into place and stale ones removed; a failure, or a signal that
   arrived meanwhile, rolls every entry back from `old/`;
3. the journal is removed, then the stage.

Only what changed is staged: a file whose bytes are already on disk is neither rewritten nor
moved. A target folder that does not exist yet (a first run, a new target) is staged whole and
moved into place in one rename, not file by file; the journal lists it as `created`, and rolling
it back removes it (it did not exist before the run, which held the output's lock).

A run killed outright leaves either a stage without a journal (removed) or a journal (rolled
back) which the next `generate` or `check` repairs first, so the tree is always the old one or
the new one, never a mix. Paths are checked before any is touched: every path written or removed
lies inside the output folder, and a symlink anywhere under it is an error, never followed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import Config
from generator.errors import ShapegenError
from generator.output.lock import locked
from generator.output.guards import Changes, compare, safe_relative, shown, symlink_error, walk

if TYPE_CHECKING:
    from generator.pipeline import Plan


class FileSystem:
    """Every change `write` makes to the disk goes through here (a seam for fault injection)."""

    def mkdir(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)

    def write(self, path: Path, data: bytes) -> None:
        with open(path, "xb") as fh:
            fh.write(data)

    def link(self, src: Path, dst: Path) -> None:
        try:
            os.link(src, dst, follow_symlinks=False)
        except OSError:
            shutil.copyfile(src, dst, follow_symlinks=False)

    def replace(self, src: Path, dst: Path) -> None:
        os.replace(src, dst)

    def unlink(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def rmdir(self, path: Path) -> None:
        path.rmdir()

    def rmtree(self, path: Path) -> None:
        if path.is_symlink():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path)


FS = FileSystem()
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def stage_folder(config: Config) -> Path:
    return config.output.parent / f".{config.output.name}.shapegen-stage"


@dataclass
class Repair:
    """What `recover` found and did."""

    found: bool = False
    rolled_back: int = 0
    removed_temporaries: int = 0
    problem: str | None = None

    def describe(self) -> str | None:
        if not self.found:
            return None
        if self.problem:
            return f"an interrupted earlier run left {self.problem}; run 'shapegen generate' where you may write"
        what = (
            f"rolled back {self.rolled_back} files of an interrupted run"
            if self.rolled_back
            else ("removed the leftovers of an interrupted run")
        )
        return f"shapegen: {what}; {_shown_generic(self)}"


def _shown_generic(repair: Repair) -> str:
    return "the output is as it was before that run"


def recover(config: Config, fs: FileSystem = FS) -> Repair:
    """Repair what an interrupted run left: roll back a committed journal, remove a stage and
    the `.shapegen-tmp-*` files of older shapegen versions. Under the output's lock: a stage is
    never another live run's."""
    with locked(config):
        return _recover(config, fs)


def _recover(config: Config, fs: FileSystem) -> Repair:
    repair = Repair()
    stage = stage_folder(config)
    try:
        if stage.is_symlink() or stage.exists():
            repair.found = True
            journal = stage / "journal.json"
            if not stage.is_symlink() and journal.is_file() and not journal.is_symlink():
                entries = _read_journal(journal, config)
                repair.rolled_back = _roll_back(config, stage, entries, fs)
                fs.unlink(journal)
            fs.rmtree(stage)
        if config.output.is_dir() and not config.output.is_symlink():
            for rel, path in walk(config.output, config):
                if rel.rpartition("/")[2].startswith(".shapegen-tmp-"):
                    repair.found = True
                    fs.unlink(Path(path))
                    repair.removed_temporaries += 1
    except OSError as exc:
        repair.found = True
        repair.problem = f"{shown(stage, config)} ({exc.strerror})"
    return repair


def _read_journal(journal: Path, config: Config) -> dict[str, list[str]]:
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
        written = [str(r) for r in entries["written"]]
        removed = [str(r) for r in entries["removed"]]
        created = [str(r) for r in entries.get("created", [])]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ShapegenError(
            f"{shown(journal, config)} is not a journal shapegen wrote",
            hint=f"remove {shown(journal.parent, config)} by hand, then run 'shapegen generate'",
        ) from None
    for rel in written + removed + created:
        if not safe_relative(rel):
            raise ShapegenError(
                f"{shown(journal, config)} names {rel!r}, a path outside the output folder",
                hint=f"remove {shown(journal.parent, config)} by hand, then run 'shapegen generate'",
            )
    return {"written": written, "removed": removed, "created": created}


def _roll_back(config: Config, stage: Path, entries: dict[str, list[str]], fs: FileSystem) -> int:
    """Every journal entry back to its old content. Idempotent, so that a roll back killed at any
    step can be run again, any number of times: the saved old files stay in `old/` (each is
    linked back into place through a temporary, never moved) until the journal is removed, and
    a new file is removed whether or not an earlier attempt already did."""
    count = 0
    for folder in entries.get("created", []):
        dest = config.output / folder
        _refuse_links(dest, config)
        if dest.exists():
            fs.rmtree(dest)
            count += 1
    for rel in entries["written"] + entries["removed"]:
        dest = config.output / rel
        _refuse_links(dest, config)
        old = stage / "old" / rel
        if old.is_file() and not old.is_symlink():
            fs.mkdir(dest.parent)
            temporary = dest.parent / f".shapegen-tmp-{dest.name}"
            fs.unlink(temporary)
            fs.link(old, temporary)
            fs.replace(temporary, dest)
            count += 1
        elif rel in entries["written"]:
            if dest.exists() or dest.is_symlink():
                count += 1
            fs.unlink(dest)
            _prune_empty(dest, config.output, fs)
    return count


def _refuse_links(dest: Path, config: Config) -> None:
    """No folder between the output root and `dest` (nor `dest`) is a symlink."""
    folder = dest
    while folder != config.output and folder != folder.parent:
        if folder.is_symlink():
            raise symlink_error(folder, config)
        folder = folder.parent


def write(config: Config, plan: Plan, fs: FileSystem = FS) -> Changes:
    """Write the plan; the output folder ends as the old tree or the new one, never a mix. Under
    the output's lock (already held for the whole run by `generate`)."""
    with locked(config):
        return _write(config, plan, fs)


def _write(config: Config, plan: Plan, fs: FileSystem) -> Changes:
    repair = recover(config, fs)
    if repair.problem:
        raise ShapegenError(repair.describe() or "leftovers of an interrupted run")
    changes = compare(config, plan)
    if not changes.written and not changes.removed:
        return changes
    for rel in changes.written + changes.removed:
        _refuse_links(config.output / rel, config)
    stage = stage_folder(config)
    created = _new_folders(config, plan, changes)
    try:
        _stage(config, plan, changes, created, stage, fs)
    except BaseException as exc:
        _discard(stage, fs)
        raise _as_user_error(exc, config) from None
    _commit(config, changes, created, stage, fs)
    return changes


def _new_folders(config: Config, plan: Plan, changes: Changes) -> list[str]:
    """The targets' folders that do not exist yet and get files: each is moved into place whole."""
    folders = {t.out_dir for t in plan.targets}
    written = {rel.partition("/")[0] for rel in changes.written}
    return sorted(f for f in folders & written if safe_relative(f) and not os.path.lexists(config.output / f))


def _in(folders: list[str], rel: str) -> bool:
    return rel.partition("/")[0] in folders


def _as_user_error(exc: BaseException, config: Config) -> BaseException:
    if isinstance(exc, OSError):
        name = exc.filename if isinstance(exc.filename, str) else ""
        where = shown(Path(name), config) if name else shown(config.output, config)
        return ShapegenError(
            f"cannot write {where}: {exc.strerror or exc}",
            hint=f"make {shown(config.output, config)} and the project folder writable; the output is unchanged",
        )
    return exc


def _stage(config: Config, plan: Plan, changes: Changes, created: list[str], stage: Path, fs: FileSystem) -> None:
    fs.rmtree(stage)
    fs.mkdir(stage)
    made: set[Path] = set()
    for rel in changes.written:
        target = stage / "new" / rel
        if target.parent not in made:
            fs.mkdir(target.parent)
            made.add(target.parent)
        fs.write(target, plan.files[rel])
    for rel in changes.written + changes.removed:
        if _in(created, rel):
            continue  # nothing there to save: the folder did not exist
        dest = config.output / rel
        if dest.is_file():
            backup = stage / "old" / rel
            fs.mkdir(backup.parent)
            fs.link(dest, backup)
    journal = stage / "journal.json"
    entries = {
        "written": [rel for rel in changes.written if not _in(created, rel)],
        "removed": changes.removed,
        "created": created,
    }
    fs.write(stage / "journal.tmp", json.dumps(entries).encode())
    fs.replace(stage / "journal.tmp", journal)


def _commit(config: Config, changes: Changes, created: list[str], stage: Path, fs: FileSystem) -> None:
    held = _hold_signals()
    failure: BaseException | None = None
    # what has been applied, so that a failure rolls back only that (a folder the system refuses
    # to write to is then left alone); a new file's folders are pruned even when its move failed
    applied: dict[str, list[str]] = {"written": [], "removed": [], "created": []}
    try:
        if created:
            fs.mkdir(config.output)
        for folder in created:  # one move for a whole new folder
            applied["created"].append(folder)
            fs.replace(stage / "new" / folder, config.output / folder)
        for rel in changes.written:
            if _in(created, rel):
                continue
            dest = config.output / rel
            listed = not (stage / "old" / rel).exists()
            if listed:
                applied["written"].append(rel)
            fs.mkdir(dest.parent)
            fs.replace(stage / "new" / rel, dest)
            if not listed:
                applied["written"].append(rel)
        for rel in changes.removed:
            fs.unlink(config.output / rel)
            applied["removed"].append(rel)
            _prune_empty(config.output / rel, config.output, fs)
        if _signal_pending():
            raise KeyboardInterrupt
    except BaseException as exc:
        failure = exc
    try:
        if failure is not None:
            _roll_back(config, stage, applied, fs)
        fs.unlink(stage / "journal.json")  # from here on, the new tree (or the old, rolled back) is final
    except BaseException as exc:  # the journal stays: the next run rolls back
        failure = failure or exc
    try:
        _discard(stage, fs)
    finally:  # whatever happens while discarding, the signals held back are let through again
        _release_signals(held)
    if failure is not None:
        raise _as_user_error(failure, config) from None


def _discard(stage: Path, fs: FileSystem) -> None:
    try:
        if not (stage / "journal.json").exists():
            fs.rmtree(stage)
    except Exception:
        pass  # the next run removes it


def _hold_signals() -> bool:
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        return True
    except (AttributeError, ValueError, OSError):
        return False


def _signal_pending() -> bool:
    try:
        return bool(signal.sigpending() & _SIGNALS)
    except (AttributeError, OSError):
        return False


def _release_signals(held: bool) -> None:
    if held:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)


def _prune_empty(path: Path, root: Path, fs: FileSystem = FS) -> None:
    folder = path.parent
    while folder != root and folder.is_relative_to(root) and folder.is_dir() and not any(folder.iterdir()):
        fs.rmdir(folder)
        folder = folder.parent
