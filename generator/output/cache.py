"""Caches in a checkout that shapegen does not trust.

A checkout is input: whatever lies under `.cache/` may have been committed, unpacked or planted
by someone else. So a cache folder is used only when it and every folder between it and the
project are real folders inside the project (`folder`), and a cached file is used only when it
is *sealed*: its content hash, and the identity the file system gave it when shapegen wrote it
(device, inode, change time, size), match a record shapegen kept. A file from a clone or an
archive has a fresh inode and change time that nobody could know when committing it, so a
record that came with it never matches: the entry is rebuilt (and never read).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any, Iterator

from generator.config import Config

MAX_RECORD_BYTES = 64 * 1024 * 1024


def folder(config: Config, *parts: str, create: bool = True) -> Path | None:
    """The cache folder `<cache>/<parts...>`, created if asked; None when it (or a folder on the
    way to it from the project) is a symlink or not a folder, when it lies outside the project,
    or when it cannot be created: the run then goes on without the cache."""
    root = config.root
    base = config.cache_dir
    try:
        rel = base.relative_to(root)
    except ValueError:
        if config.confined:
            return None
        rel = None
    path = root if rel is not None else base
    steps = list(rel.parts if rel is not None else ()) + list(parts)
    try:
        if rel is None and not _real_folder(path):
            return None
        for step in steps:
            if step in ("", ".", "..") or "/" in step:
                return None
            path = path / step
            if not _real_folder(path):
                if create and not os.path.lexists(path):
                    path.mkdir()
                    _ignored_by_git(path)
                if not _real_folder(path):
                    return None
    except OSError:
        return None
    return path


def _ignored_by_git(path: Path) -> None:
    """A folder shapegen has just made for its caches keeps itself out of git (a `.gitignore` of
    `*`, as pytest's and mypy's caches do), so `git add -A` in a new project commits no cache."""
    try:
        fd = os.open(path / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except OSError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("# made by shapegen: its caches are never committed\n*\n")


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def identity(path: str | Path) -> list[int] | None:
    """(device, inode, change time, modification time, size) of a regular file, never following
    a link; None for anything else."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_dev, info.st_ino, info.st_ctime_ns, info.st_mtime_ns, info.st_size]


def read_regular(path: str | Path, limit: int = MAX_RECORD_BYTES) -> bytes | None:
    """The bytes of a regular file (not a link, FIFO or device) of at most `limit` bytes; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def seal(path: Path) -> dict[str, Any] | None:
    """A record of a regular file as it is now: its identity and the hash of its bytes."""
    before = identity(path)
    data = read_regular(path)
    if before is None or data is None or identity(path) != before:
        return None
    return {"identity": before, "sha256": hashlib.sha256(data).hexdigest()}


def sealed(path: str | Path, record: Any, *, hash_content: bool = True) -> bool:
    """Whether `path` is the very file `record` was made of (same identity, same bytes)."""
    if not isinstance(record, dict) or identity(path) != record.get("identity"):
        return False
    return not hash_content or _same_bytes(path, record)


def _same_bytes(path: str | Path, record: dict[str, Any]) -> bool:
    data = read_regular(path)
    return data is not None and hashlib.sha256(data).hexdigest() == record.get("sha256")


# How close to the moment a run took its seals a file's change time may be before its stat can
# no longer vouch for its bytes: more than one tick of the kernel's coarse clock, which is what
# stamps a change time on Linux (1-10 ms: 4 ms measured on this project's machines, HZ=250). A
# write after the seals gets a change time at or after the mark's tick, so only a file changed
# in that very tick could keep its change time; 20 ms is two ticks at the coarsest (HZ=100).
# (It was 100 ms: every run that wrote many files waited that long before sealing them.)
RACY_NS = 20_000_000


def clock(folder: Path) -> int:
    """The file system's clock now, as it stamps change times in `folder` (a probe file's change
    time); the process's clock where no probe can be written."""
    import time

    probe = folder / f".shapegen-clock.{os.getpid()}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError:
        return time.time_ns()
    try:
        return os.fstat(fd).st_ctime_ns
    finally:
        os.close(fd)
        try:
            os.unlink(probe)
        except OSError:
            pass


def racy(changed: int, mark: int) -> bool:
    """Whether a file whose change time is `changed` (nanoseconds) cannot be vouched for by its
    identity in a record sealed after `mark` (see `vouched`)."""
    return changed % 1_000_000 == 0 or changed >= mark - RACY_NS


def vouched(path: str, record: Any, mark: int) -> bool:
    """Whether `path` is the very file `record` sealed, its bytes included, hashing them only
    when the file's identity cannot vouch for them (`racy`).

    The identity (device, inode, change time in nanoseconds, modification time, size) vouches
    because no write can keep it: every write, rename onto the path, link, chmod or utime sets the
    change time to the kernel's clock, and user space cannot set it back (only a root who moves
    the system clock can). A clone, an unpacked archive or a copy makes new inodes stamped with
    the time they were made, so a record that came with a checkout (a forged manifest) would have
    to predict nanosecond change times and inode numbers of files not yet made. Two cases remain,
    and there the bytes are hashed:
    - a change time the file system keeps to the millisecond or coarser (FAT, HFS+, ext3, some
      network file systems), which a forger could guess;
    - a racy file, as git calls it: one changed within a clock tick of `mark`, the moment before
      the run took its seals, which a later write in that same tick could leave with the same
      change time (a write after the seal lands at or after the seal, so it keeps the change time
      only when that was within a tick of the seal).
    """
    if not isinstance(record, dict):
        return False
    ident = identity(path)
    if ident is None or ident != record.get("identity"):
        return False
    return not racy(ident[2], mark) or _same_bytes(path, record)


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `path` (with `mode`) through a temporary beside it (OSError is the caller's to handle)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    except FileExistsError:
        os.unlink(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def read_json(path: Path) -> Any:
    """A JSON record shapegen wrote, or None (missing, a link, not a regular file, not JSON)."""
    data = read_regular(path)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


# ---------------------------------------------------------------- a folder of sealed entries


def _entries(base: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    stack = [base]
    while stack:
        current = stack.pop()
        try:
            items = list(os.scandir(current))
        except OSError:
            continue
        for entry in items:
            rel = Path(entry.path).relative_to(base).as_posix()
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                yield rel, entry


def admit(base: Path, index: Path) -> None:
    """Before a run reads cached entries under `base`: remove every entry that is not sealed by
    `index` (planted, committed, unpacked, a link, a FIFO, a device), so that only what shapegen
    itself wrote there on this machine can be read. Temporary files of a run in progress are
    left alone (nothing reads them)."""
    records = read_json(index)
    if not isinstance(records, dict):
        records = {}
    for rel, entry in _entries(base):
        if entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False):
            continue
        if not sealed(Path(entry.path), records.get(rel), hash_content=False):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def record(base: Path, index: Path) -> None:
    """After a run wrote entries under `base`: seal every regular entry in `index`."""
    records: dict[str, Any] = {}
    for rel, entry in _entries(base):
        if entry.name.endswith(".tmp"):
            continue
        ident = identity(Path(entry.path))
        if ident is not None:
            records[rel] = {"identity": ident}
    try:
        write_atomically(index, json.dumps(records, sort_keys=True).encode())
    except OSError:
        pass
