"""Writing a plan atomically, through a journal beside the output folder
(`.<output>.shapegen-stage/`):

1. every new file is staged in `new/`, and every file it replaces or removes is hard-linked
   (or copied) into `old/`; a failure or a signal here removes the stage: the old tree stays;
2. `journal.json` is written (the commit point), then, with SIGINT and SIGTERM held back, the
   staged files are moved into place and stale ones removed; a failure, or a signal that
   arrived meanwhile, rolls every entry back from `old/`;
3. the journal is removed, then the stage.

Only what changed is written: a file whose bytes are already on disk is never rewritten. A
target folder that does not exist yet (a first run, a new target) is staged whole and moved into
place in one rename; the journal lists it as `created`, and rolling it back removes it (it did
not exist before the run, which held the output's lock).

A target folder that exists is staged whole too when a quarter or more of its files change
(`_SWAP_SHARE`: fewer are cheaper to move one by one) and the file system can exchange two folders
in one step (Linux's `renameat2(RENAME_EXCHANGE)`): its new tree is built in `new/`, the
files that did not change hard-linked from the old tree (same inode: never rewritten), and is
exchanged with the old folder in one atomic step, so that even a reader during the run sees the
old folder or the new one. What shapegen does not own in that folder (build output such as
`target/` or `node_modules/`, a user's own files) is moved by rename into the new tree just before
the exchange, and back on a roll back; the journal lists the folder under `swapped`, with what was
carried across and a file that differs between the trees (what tells a roll back whether the
exchange happened, even in a copy of the folders). After the commit the old tree, now in `new/`,
is removed with the stage. Elsewhere (fewer changes, no `renameat2`, a file system without the
exchange, an entry of the user's in the new tree's way) each changed file is staged and moved on
its own.

Staging thousands of files is spread over a few threads (`generator.output.parallel`: each
staged file is one os.open, os.write and os.close, which release the GIL); every thread has
stopped before the stage is rolled back or removed. Once the new tree is final, `generate` writes
its manifest while another thread removes the stage (`write(..., meanwhile=...)`; not after an
exchange, whose old tree shares the kept files' inodes), and `write` returns only when the stage
is gone.

A run killed outright leaves either a stage without a journal (removed) or a journal (rolled
back) which the next `generate` or `check` repairs first, so the tree is always the old one or
the new one, never a mix. Paths are checked before any is touched: every path written or removed
lies inside the output folder, and a symlink anywhere under it is an error, never followed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator.config import Config
from generator.errors import ShapegenError
from generator.output import parallel
from generator.output.cache import read_regular
from generator.output.lock import locked
from generator.output.guards import Changes, Seals, compare, safe_relative, shown, symlink_error, walk

if TYPE_CHECKING:
    from generator.pipeline import Plan


# a new file, as open(path, "xb") makes it (mode 0o666 less the umask), in three system calls
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


class FileSystem:
    """Every change `write` makes to the disk goes through here (a seam for fault injection).
    Paths are `Path`s or plain strings: staging names thousands of files, and a Path per file
    costs more than the system calls that make it."""

    def mkdir(self, path: Path | str) -> None:
        os.makedirs(path, exist_ok=True)

    def write(self, path: Path | str, data: bytes) -> None:
        """A new file (never one that exists) holding `data`."""
        fd = os.open(path, _NEW_FILE, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def link(self, src: Path | str, dst: Path | str) -> None:
        try:
            os.link(src, dst, follow_symlinks=False)
        except OSError:
            shutil.copyfile(src, dst, follow_symlinks=False)

    def replace(self, src: Path, dst: Path) -> None:
        os.replace(src, dst)

    def exchange(self, a: Path, b: Path) -> None:
        """Swap two folders in one atomic step (both must exist)."""
        exchange(a, b)

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

# ---------------------------------------------------------------- renameat2(RENAME_EXCHANGE)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_SYSCALL = {"x86_64": 316, "aarch64": 276}  # renameat2, where libc has no wrapper (glibc < 2.28)
_UNSUPPORTED = (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV)
_EXCHANGES: dict[int, bool] = {}  # device -> whether its file system exchanges folders


def _renameat2() -> object:
    """A callable (old, new, flags) -> int for renameat2, or None where there is none (not Linux)."""
    import ctypes
    import platform

    if platform.system() != "Linux":
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    wrapper = getattr(libc, "renameat2", None)
    if wrapper is not None:
        wrapper.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        wrapper.restype = ctypes.c_int
        return lambda old, new, flags: wrapper(_AT_FDCWD, old, _AT_FDCWD, new, flags)
    number = _SYSCALL.get(platform.machine())
    if number is None:
        return None
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    return lambda old, new, flags: syscall(
        ctypes.c_long(number),
        ctypes.c_int(_AT_FDCWD),
        ctypes.c_char_p(old),
        ctypes.c_int(_AT_FDCWD),
        ctypes.c_char_p(new),
        ctypes.c_uint(flags),
    )


_UNSET = object()
# renameat2, looked up on the first exchange (a run that writes nothing never loads ctypes); a
# test sets None for a system without it
_RENAMEAT2: object = _UNSET


def exchange(a: Path, b: Path) -> None:
    """Exchange `a` and `b` atomically (Python 3.11's os has no renameat2); OSError when the
    system or the file system cannot."""
    global _RENAMEAT2
    if _RENAMEAT2 is _UNSET:
        _RENAMEAT2 = _renameat2()
    if _RENAMEAT2 is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(b))
    if _RENAMEAT2(os.fsencode(a), os.fsencode(b), _RENAME_EXCHANGE) != 0:  # type: ignore[operator]
        import ctypes

        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(b))


def can_exchange(folder: Path) -> bool:
    """Whether the file system of `folder` (a folder of shapegen's own: the stage) exchanges two
    folders: tried once per device on two empty folders made for it."""
    device = os.lstat(folder).st_dev
    if device not in _EXCHANGES:
        a, b = folder / "exchange-a", folder / "exchange-b"
        os.mkdir(a)
        os.mkdir(b)
        try:
            exchange(a, b)
            _EXCHANGES[device] = True
        except OSError as exc:
            if exc.errno not in _UNSUPPORTED:
                raise
            _EXCHANGES[device] = False
        finally:
            os.rmdir(a)
            os.rmdir(b)
    return _EXCHANGES[device]


@dataclass
class Swap:
    """An existing target folder whose new tree is staged whole and exchanged with it."""

    folder: str
    carried: list[str]  # what shapegen does not own there, relative to the folder: moved across
    # what tells the new tree from the old, for a roll back: a file of the folder that changes,
    # with the SHA-256 of its new bytes (None: the new tree has no such file, the old one has)
    probe: tuple[str, str | None]

    def entry(self) -> dict[str, object]:
        return {"folder": self.folder, "carried": self.carried, "probe": list(self.probe)}

    def new_in_place(self, dest: Path) -> bool:
        """Whether `dest`, the folder in the output, is the new tree (the exchange happened)."""
        rel, digest = self.probe
        if digest is None:
            return not os.path.lexists(dest / rel)
        data = read_regular(dest / rel)
        return data is not None and hashlib.sha256(data).hexdigest() == digest


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


def _recover(config: Config, fs: FileSystem, temporaries: bool = True) -> Repair:
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
        if temporaries and config.output.is_dir() and not config.output.is_symlink():
            for rel, path in walk(config.output, config):
                if rel.rpartition("/")[2].startswith(".shapegen-tmp-"):
                    repair.found = True
                    fs.unlink(Path(path))
                    repair.removed_temporaries += 1
    except OSError as exc:
        repair.found = True
        repair.problem = f"{shown(stage, config)} ({exc.strerror})"
    return repair


def _read_journal(journal: Path, config: Config) -> dict[str, list]:  # type: ignore[type-arg]
    def refused(what: str) -> ShapegenError:
        return ShapegenError(
            f"{shown(journal, config)} {what}",
            hint=f"remove {shown(journal.parent, config)} by hand, then run 'shapegen generate'",
        )

    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
        written = [str(r) for r in entries["written"]]
        removed = [str(r) for r in entries["removed"]]
        created = [str(r) for r in entries.get("created", [])]
        swapped = [
            Swap(
                str(s["folder"]),
                [str(c) for c in s["carried"]],
                (str(s["probe"][0]), None if s["probe"][1] is None else str(s["probe"][1])),
            )
            for s in entries.get("swapped", [])
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise refused("is not a journal shapegen wrote") from None
    named = written + removed + created + [s.folder for s in swapped]
    named += [f"{s.folder}/{rel}" for s in swapped for rel in [*s.carried, s.probe[0]]]
    for rel in named:
        if not safe_relative(rel):
            raise refused(f"names {rel!r}, a path outside the output folder")
    if any("/" in s.folder for s in swapped):
        raise refused("is not a journal shapegen wrote")
    return {"written": written, "removed": removed, "created": created, "swapped": swapped}


def _roll_back(config: Config, stage: Path, entries: dict[str, list], fs: FileSystem) -> int:  # type: ignore[type-arg]
    """Every journal entry back to its old content. Idempotent, so that a roll back killed at any
    step can be run again, any number of times: the saved old files stay in `old/` (each is
    linked back into place through a temporary, never moved) until the journal is removed, a
    new file is removed whether or not an earlier attempt already did, and a swapped folder is
    exchanged back only while the new tree is the one in place."""
    count = 0
    for folder in entries.get("created", []):
        dest = config.output / folder
        _refuse_links(dest, config)
        if dest.exists():
            fs.rmtree(dest)
            count += 1
    for swap in entries.get("swapped", []):
        count += _swap_back(config, stage, swap, fs)
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


def _swap_back(config: Config, stage: Path, swap: Swap, fs: FileSystem) -> int:
    """The old tree of a swapped folder back in place, and what was carried across back in it."""
    dest, staged = config.output / swap.folder, stage / "new" / swap.folder
    _refuse_links(dest, config)
    count = 0
    if _is_folder(staged) and _is_folder(dest) and swap.new_in_place(dest):
        fs.exchange(staged, dest)
        count += 1
    if not _is_folder(staged) or not _is_folder(dest):
        return count
    for rel in swap.carried:
        src, back = staged / rel, dest / rel
        if os.path.lexists(src) and not os.path.lexists(back):
            _refuse_links(back.parent, config)
            fs.replace(src, back)
    return count


def _is_folder(path: Path) -> bool:
    """A real folder (not a link to one)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _refuse_links_under(config: Config, rels: list[str]) -> None:
    """No path in `rels` (relative to the output), nor any folder on the way to it, is a symlink:
    each folder looked at once, outermost first, and nothing below one that is not there (a first
    run's thousands of new files cost one look per new folder)."""
    out = os.fspath(config.output)
    there: dict[str, bool] = {}  # path -> whether it exists (as something other than a link)

    def look(rel: str) -> bool:
        found = there.get(rel)
        if found is None:
            parent = rel.rpartition("/")[0]
            if parent and not look(parent):
                found = False  # its folder is not there: neither is it
            else:
                try:
                    info = os.lstat(f"{out}/{rel}")
                except OSError:
                    found = False
                else:
                    if stat.S_ISLNK(info.st_mode):
                        raise symlink_error(config.output / rel, config)
                    found = True
            there[rel] = found
        return found

    for rel in rels:
        look(rel)


def _refuse_links(dest: Path, config: Config) -> None:
    """No folder between the output root and `dest` (nor `dest`) is a symlink."""
    folder = dest
    while folder != config.output and folder != folder.parent:
        if folder.is_symlink():
            raise symlink_error(folder, config)
        folder = folder.parent


def write(
    config: Config,
    plan: Plan,
    fs: FileSystem = FS,
    *,
    seals: Seals | None = None,
    recovered: bool = False,
    meanwhile: Callable[[Changes], object] | None = None,
) -> Changes:
    """Write the plan; the output folder ends as the old tree or the new one, never a mix. Under
    the output's lock (already held for the whole run by `generate`). `seals`: the last run's
    records of its files, which spare reading the files they vouch for (`compare`); `recovered`:
    the caller ran `recover` under the lock it still holds, so the output folder is not searched
    for older versions' temporaries again (a stage is still looked for); `meanwhile`: called with
    the changes once the new tree is in place (not when the write fails), while the stage is
    removed on another thread (freeing the replaced files' blocks is mostly waiting on the disk);
    `write` returns once both are done."""
    with locked(config):
        return _write(config, plan, fs, seals, recovered, meanwhile)


def _write(
    config: Config,
    plan: Plan,
    fs: FileSystem,
    seals: Seals | None = None,
    recovered: bool = False,
    meanwhile: Callable[[Changes], object] | None = None,
) -> Changes:
    repair = _recover(config, fs, temporaries=not recovered)
    if repair.problem:
        raise ShapegenError(repair.describe() or "leftovers of an interrupted run")
    changes = compare(config, plan, seals)
    if not changes.written and not changes.removed:
        if meanwhile is not None:
            meanwhile(changes)
        return changes
    _refuse_links_under(config, changes.written + changes.removed)
    stage = stage_folder(config)
    created = _new_folders(config, plan, changes)
    try:
        swaps = _stage(config, plan, changes, created, stage, fs)
    except BaseException as exc:
        _discard(stage, fs)
        raise _as_user_error(exc, config) from None
    remover = _commit(config, changes, created, swaps, stage, fs, background=meanwhile is not None)
    try:
        if meanwhile is not None:
            meanwhile(changes)
    finally:
        interrupted = parallel.join(remover) if remover is not None else None
    if interrupted is not None:  # a signal while waiting for the stage's removal: the tree is the new one
        raise interrupted
    return changes


def _new_folders(config: Config, plan: Plan, changes: Changes) -> list[str]:
    """The targets' folders that do not exist yet and get files: each is moved into place whole."""
    folders = {t.out_dir for t in plan.targets}
    written = {rel.partition("/")[0] for rel in changes.written}
    return sorted(f for f in folders & written if safe_relative(f) and not os.path.lexists(config.output / f))


# A folder is exchanged whole when at least this share of its files changes (written or removed):
# a swap links every kept file into the new tree and unlinks the old tree, where the file-by-file
# journal saves, moves and removes only the changed ones, so a change to a few files of a large
# folder (a one-description edit) costs less file by file; both end old or new after any crash.
_SWAP_SHARE = 0.25


def _swaps(config: Config, plan: Plan, changes: Changes, created: list[str]) -> list[Swap]:
    """The targets' folders that exist and change, at least `_SWAP_SHARE` of their files, each
    with what shapegen does not own in it (`_carried`); a folder whose new tree would put a file
    where the old one has a folder of the user's (or the other way round) is left to the
    file-by-file journal."""
    touched: dict[str, int] = {}
    for rel in changes.written + changes.removed:
        top = rel.partition("/")[0]
        touched[top] = touched.get(top, 0) + 1
    folders = sorted(
        f
        for f in {t.out_dir for t in plan.targets} & set(touched)
        if f not in created and "/" not in f and safe_relative(f) and _is_folder(config.output / f)
    )
    swaps = []
    for folder in folders:
        prefix = folder + "/"
        files = {rel[len(prefix) :] for rel in plan.files if rel.startswith(prefix)}
        stale = {rel[len(prefix) :] for rel in changes.removed if rel.startswith(prefix)}
        if touched[folder] < _SWAP_SHARE * (len(files) + len(stale)):
            continue
        carried = _carried(config.output / folder, files, stale)
        if carried is None:
            continue
        written = next((rel for rel in changes.written if rel.startswith(prefix)), None)
        probe: tuple[str, str | None]
        if written is not None:
            probe = (written[len(prefix) :], hashlib.sha256(plan.files[written]).hexdigest())
        else:
            probe = (min(stale), None)
        swaps.append(Swap(folder, carried, probe))
    return swaps


def _parents(rels: set[str]) -> set[str]:
    out: set[str] = set()
    for rel in rels:
        while "/" in rel:
            rel = rel.rpartition("/")[0]
            if rel in out:
                break
            out.add(rel)
    return out


def _carried(base: Path, files: set[str], stale: set[str]) -> list[str] | None:
    """What lies in the folder `base` beside the files the new tree has (`files`) and the stale
    ones it drops (`stale`), as few paths as can be moved: a folder holding neither is one entry.
    None when an entry is in the way of the new tree (a folder where it has a file, or a file
    where it has a folder)."""
    folders, stale_folders = _parents(files), _parents(stale)
    out: list[str] = []
    pending = [""]
    while pending:
        prefix = pending.pop()
        with os.scandir(os.path.join(base, prefix)) as it:
            entries = [(e.name, e.is_dir(follow_symlinks=False)) for e in it]
        for name, is_dir in entries:
            rel = prefix + name
            if is_dir and (rel in folders or rel in stale_folders):
                pending.append(rel + "/")
            elif rel in files or rel in stale:
                if is_dir:
                    return None
            elif rel in folders:
                return None
            else:
                out.append(rel)
    return sorted(out)


def _in(folders: list[str] | set[str], rel: str) -> bool:
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


def _stage(config: Config, plan: Plan, changes: Changes, created: list[str], stage: Path, fs: FileSystem) -> list[Swap]:
    fs.rmtree(stage)
    fs.mkdir(stage)
    swaps = _swaps(config, plan, changes, created) if can_exchange(stage) else []
    whole = {s.folder for s in swaps}
    new_root, out, files = os.fspath(stage / "new"), os.fspath(config.output), plan.files
    kept = [rel for rel in changes.unchanged if _in(whole, rel)]  # a swapped folder's new tree keeps these very files
    # every folder of the new trees made once, before any file (paths as strings: a Path per file
    # is much of the cost): those of the files, and those the carried entries go into
    placed = changes.written + kept + [f"{s.folder}/{rel}" for s in swaps for rel in s.carried]
    for folder in sorted({rel.rpartition("/")[0] for rel in placed} | set(whole)):
        fs.mkdir(f"{new_root}/{folder}" if folder else new_root)
    # the largest first, so that the threads end together
    written = sorted(changes.written, key=lambda rel: len(files[rel]), reverse=True)
    parallel.each(lambda rel: fs.write(f"{new_root}/{rel}", files[rel]), written)
    parallel.each(lambda rel: fs.link(f"{out}/{rel}", f"{new_root}/{rel}"), kept)
    for swap in swaps:
        _same_modes(config.output / swap.folder, stage / "new" / swap.folder)
    for rel in changes.written + changes.removed:
        if _in(created, rel) or _in(whole, rel):
            continue  # nothing there to save: the folder did not exist, or stays whole in new/
        dest = config.output / rel
        if dest.is_file():
            backup = stage / "old" / rel
            fs.mkdir(backup.parent)
            fs.link(dest, backup)
    journal = stage / "journal.json"
    entries = {
        "written": [rel for rel in changes.written if not _in(created, rel) and not _in(whole, rel)],
        "removed": [rel for rel in changes.removed if not _in(whole, rel)],
        "created": created,
        "swapped": [s.entry() for s in swaps],
    }
    fs.write(stage / "journal.tmp", json.dumps(entries).encode())
    fs.replace(stage / "journal.tmp", journal)
    return swaps


def _same_modes(old: Path, new: Path) -> None:
    """The staged tree's folders get the permissions of the folders they replace."""
    for where, folders, _ in os.walk(new):
        for name in [""] + folders:
            staged = os.path.join(where, name) if name else where
            try:
                info = os.lstat(os.path.join(old, os.path.relpath(staged, new)))
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                os.chmod(staged, stat.S_IMODE(info.st_mode))


def _commit(
    config: Config,
    changes: Changes,
    created: list[str],
    swaps: list[Swap],
    stage: Path,
    fs: FileSystem,
    background: bool = False,
) -> threading.Thread | None:
    """Move the staged tree into place (see the module's docstring); with `background`, once the
    new tree is final, the stage (the old files it saved) is removed on a thread of its own,
    returned for the caller to wait for, unless a folder was exchanged (its old tree holds links
    to the files it kept: unlinking them changes those files' change times)."""
    held = _hold_signals()
    remover: threading.Thread | None = None
    failure: BaseException | None = None
    # what has been applied, so that a failure rolls back only that (a folder the system refuses
    # to write to is then left alone); a new file's folders are pruned even when its move failed
    applied: dict[str, list] = {"written": [], "removed": [], "created": [], "swapped": []}  # type: ignore[type-arg]
    whole = {s.folder for s in swaps}
    try:
        if created:
            fs.mkdir(config.output)
        for folder in created:  # one move for a whole new folder
            applied["created"].append(folder)
            fs.replace(stage / "new" / folder, config.output / folder)
        for swap in swaps:  # what shapegen does not own goes across, then one exchange
            applied["swapped"].append(swap)
            for rel in swap.carried:
                fs.replace(config.output / swap.folder / rel, stage / "new" / swap.folder / rel)
            fs.exchange(stage / "new" / swap.folder, config.output / swap.folder)
        for rel in changes.written:
            if _in(created, rel) or _in(whole, rel):
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
            if _in(whole, rel):
                continue
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
        # not where a folder was exchanged: its old tree shares the kept files' inodes, whose
        # change times the removal moves while the manifest seals them
        if background and failure is None and not swaps:
            # started while the signals are held back: the thread never takes one
            remover = threading.Thread(target=_discard, args=(stage, fs), name="shapegen-stage", daemon=True)
            try:
                remover.start()
            except RuntimeError:  # no thread to be had
                remover = None
        if remover is None:
            _discard(stage, fs)  # with the old trees of the swapped folders
    finally:  # whatever happens while discarding, the signals held back are let through again
        _release_signals(held)
    if failure is not None:
        raise _as_user_error(failure, config) from None
    return remover


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
