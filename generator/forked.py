"""Forked children for the steps of a run that overlap on another core: `Forked` computes bytes
once and writes them to a pipe (the check's verdict, the meta-schema validators' code); `Worker`
answers requests one at a time (the targets' renders, several to a worker). Nothing is shared but
the pipes, so no lock a child could die holding (a multiprocessing.Pool's queue locks hung a run
when a worker was stopped while holding one); a child that fails writes a short result, which
its reader does without."""

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
                for fd in (read, *Worker._OPEN):
                    os.close(fd)
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
        self.close()
        return _ended(self.pid, stop=stop)


class Worker:
    """A forked child that answers requests one at a time, for as long as it is given them: each
    request a number on its task pipe, each answer the bytes `work(number)` gives, after their
    length, on its result pipe. It ends when its task pipe is closed: this process holds the only
    write end (a worker closes the ends of the other workers it inherited), so a worker never
    outlives the process that started it by more than its current request. Nothing else is shared."""

    _OPEN: set[int] = set()  # this process's ends of its workers' pipes: a new worker closes them

    def __init__(self, pid: int, tasks: int, read: int) -> None:
        self.pid = pid
        self.tasks = tasks
        self.read = read
        self._head = b""
        self._answer: bytearray | None = None
        self._got = 0

    @classmethod
    def start(cls, work: Callable[[int], bytes]) -> Worker:
        task_read, task_write = os.pipe()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 0
            try:
                for fd in (task_write, read, *cls._OPEN):
                    os.close(fd)
                from generator.pipeline import _quiet_worker

                _quiet_worker()
                while True:
                    request = _read_exactly(task_read, 4)
                    if len(request) < 4:  # closed: no more requests
                        break
                    answer = work(int.from_bytes(request, "big"))
                    _write_all(write, len(answer).to_bytes(8, "big"))
                    _write_all(write, answer)
            except BaseException:  # noqa: BLE001 - the reader sees a short answer and does without it
                code = 1
            finally:
                os._exit(code)
        os.close(task_read)
        os.close(write)
        cls._OPEN.update((task_write, read))
        return cls(pid, task_write, read)

    def send(self, number: int) -> None:
        _write_all(self.tasks, number.to_bytes(4, "big"))

    def receive(self) -> bytearray | None:
        """What can be read now (call it when `read` is readable): the answer, once it is whole;
        None before. EOFError when the worker has ended (closed, or failed mid-answer)."""
        if self._answer is None:
            chunk = os.read(self.read, 8 - len(self._head))
            if not chunk:
                raise EOFError
            self._head += chunk
            if len(self._head) < 8:
                return None
            self._answer = bytearray(int.from_bytes(self._head, "big"))
            self._got = 0
        if self._got < len(self._answer):
            got = os.readv(self.read, [memoryview(self._answer)[self._got :]])
            if not got:
                raise EOFError
            self._got += got
        if self._got < len(self._answer):
            return None
        answer, self._answer, self._head = self._answer, None, b""
        return answer

    def finish(self) -> None:
        """No more requests: the worker ends once its current one is answered."""
        if self.tasks >= 0:
            os.close(self.tasks)
            Worker._OPEN.discard(self.tasks)
            self.tasks = -1

    def reap(self, *, stop: bool) -> int:
        """The worker's exit status, once it has ended; with `stop`, it is ended first."""
        self.finish()
        if self.read >= 0:
            os.close(self.read)
            Worker._OPEN.discard(self.read)
            self.read = -1
        return _ended(self.pid, stop=stop)


def _ended(pid: int, *, stop: bool) -> int:
    """A child's exit status, once it has ended; with `stop`, it is sent SIGTERM first."""
    import signal

    if stop:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    return os.waitpid(pid, 0)[1]


def _read_exactly(fd: int, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _write_all(fd: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
