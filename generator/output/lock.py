"""One run at a time per output folder: an advisory lock (`flock`) on `.<output>.shapegen-lock`
beside the output folder, held by `generate` and `check` for the whole run, and by `write` and
`recover` themselves when called on their own. A second run waits for the first, saying so on
stderr, or with `--no-wait` stops at once with a user error; so two runs never interleave their
writes, and `check` never rolls back the stage of a run that is still writing.

The lock file is removed when the lock is released; a run that finds, once it holds the lock,
that the file it locked is no longer the one at that path (removed and re-created by another
run meanwhile) tries again, so two runs can never both believe they hold it. Within a process
the lock is re-entrant.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from generator.config import Config
from generator.errors import ShapegenError
from generator.output.guards import shown

_HELD: dict[str, list[int]] = {}  # lock path -> [fd, depth]


def lock_path(config: Config) -> Path:
    return config.output.parent / f".{config.output.name}.shapegen-lock"


@contextmanager
def locked(config: Config, *, wait: bool = True, stream: TextIO | None = None) -> Iterator[None]:
    """Hold the output folder's lock for the block (see the module's docstring). Where the lock
    file cannot be created (a read-only checkout), nothing can be written either: the block runs
    without it."""
    path = lock_path(config)
    key = str(path)
    if key in _HELD:
        _HELD[key][1] += 1
        try:
            yield
        finally:
            _HELD[key][1] -= 1
        return
    fd = _acquire(config, path, wait, stream or sys.stderr)
    if fd is None:
        yield
        return
    _HELD[key] = [fd, 1]
    try:
        yield
    finally:
        del _HELD[key]
        try:
            os.unlink(path)  # still ours: nobody else can hold it while we do
        except OSError:
            pass
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _acquire(config: Config, path: Path, wait: bool, stream: TextIO) -> int | None:
    said = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise ShapegenError(
                    f"{shown(path, config)} is a symbolic link; shapegen's lock file must be a plain file",
                    hint=f"remove {shown(path, config)}",
                ) from None
            return None  # read-only or missing folder: no run can write here
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ShapegenError(
                    f"{shown(path, config)} is not a plain file; shapegen locks its output with it",
                    hint=f"remove {shown(path, config)}",
                )
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise ShapegenError(
                        f"another shapegen run is writing {shown(config.output, config)} "
                        f"(it holds {shown(path, config)})",
                        hint="wait for it to finish, or run again without --no-wait to wait for it",
                    ) from None
                if not said:
                    print(
                        f"shapegen: waiting for another run on {shown(config.output, config)} to finish "
                        f"(it holds {shown(path, config)})",
                        file=stream,
                        flush=True,
                    )
                    said = True
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            return fd
        fcntl.flock(fd, fcntl.LOCK_UN)  # the run before us removed it: lock the current one
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        held, current = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (current.st_dev, current.st_ino)
