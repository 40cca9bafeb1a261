"""A forked child that computes bytes and writes them to a pipe, for the steps of a run that
overlap on a second core (the check's verdict, the other languages' names, each target's render).
Nothing is shared but the pipe, so no lock a child could die holding (a multiprocessing.Pool's
queue locks hung a run when a worker was stopped while holding one); a child that fails writes a
short result, which its reader does without."""

from __future__ import annotations

import os
from typing import Callable


class Forked:
    """A forked child that computes bytes and writes them to a pipe; nothing else is shared."""

    def __init__(self, pid: int, read: int) -> None:
        self.pid = pid
        self.read = read

    @classmethod
    def start(cls, work: Callable[[], bytes]) -> Forked:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 0
            try:
                os.close(read)
                from generator.pipeline import _quiet_worker

                _quiet_worker()
                view = memoryview(work())
                while view:
                    view = view[os.write(write, view) :]
            except BaseException:  # noqa: BLE001 - the reader sees a short result and does without it
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read)

    def output(self) -> bytes:
        """What the child wrote, to its end (this end of the pipe is closed after)."""
        chunks: list[bytes] = []
        try:
            while True:
                chunk = os.read(self.read, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            self.close()
        return b"".join(chunks)

    def close(self) -> None:
        if self.read >= 0:
            os.close(self.read)
            self.read = -1

    def reap(self, *, stop: bool) -> int:
        """The child's exit status, once it has ended; with `stop`, it is ended first."""
        import signal

        self.close()
        if stop:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        return os.waitpid(self.pid, 0)[1]
