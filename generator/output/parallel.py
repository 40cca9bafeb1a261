"""Work on thousands of output files spread over a few threads: making a file, reading it,
hashing its bytes and taking its identity are system calls and hashlib calls that release the
GIL, so two threads do them in little more than half the time on two cores.

`each(work, items)` calls `work(item)` for every item, on the calling thread and `threads() - 1`
helpers that take items from one shared iterator. The first exception raised in any of them (a
fault, a file system that refuses, a `KeyboardInterrupt` from a signal, which only the calling
thread receives) stops every thread at its next item; `each` returns only once every helper has
stopped, then raises that exception: no helper is still writing when the caller rolls back or
removes what was written. The helpers start with SIGINT and SIGTERM blocked, so that a signal is
always the calling thread's; one that arrives while it waits for the helpers is kept and raised
once they have stopped.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

# fewer items than this are done on the calling thread alone (a thread costs about 0.1 ms to start)
MIN_ITEMS = 256
# threads at most: two measured best on two cores (6,200 files staged 0.30 -> 0.24 s; three or
# four threads were no faster)
MAX_THREADS = 2


_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _hold(signals: set[signal.Signals]) -> set[int | signal.Signals] | None:
    """Block `signals` for this thread; what to restore (None where there are no signal masks)."""
    try:
        return signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    except (AttributeError, ValueError, OSError):
        return None


def _release(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def threads() -> int:
    """Threads for work on many files: at most MAX_THREADS, at most the cores this process may use."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, cores))


def each(work: Callable[[T], object], items: Iterable[T], count: int | None = None) -> None:
    """`work(item)` for every item, spread over threads (see the module's docstring); `count`: how
    many items there are, when `items` has no len()."""
    size = count if count is not None else len(items)  # type: ignore[arg-type]
    helpers = threads() - 1 if size >= MIN_ITEMS else 0
    if helpers <= 0:
        for item in items:
            work(item)
        return
    source = iter(items)  # shared: taking the next item is one step under the GIL
    failures: list[BaseException] = []

    def loop() -> None:
        try:
            for item in source:
                if failures:
                    return
                work(item)
        except BaseException as exc:  # noqa: BLE001 - raised again by `each`, once all have stopped
            failures.append(exc)

    running: list[threading.Thread] = []
    try:
        # signals held back while the helpers start (they inherit the mask: a signal goes to the
        # calling thread), so that none arrives between starting a helper and knowing it runs
        held = _hold(_SIGNALS)
        try:
            for _ in range(helpers):
                thread = threading.Thread(target=loop, name="shapegen-files", daemon=True)
                try:
                    thread.start()
                except RuntimeError:  # no more threads to be had: the others do the rest
                    break
                running.append(thread)
        finally:
            _release(held)
        loop()
    except BaseException as exc:  # noqa: BLE001 - a signal let through above: the helpers stop too
        failures.append(exc)
    finally:
        for thread in running:
            interrupted = join(thread)
            if interrupted is not None:
                failures.append(interrupted)
    if failures:
        raise failures[0]


def join(thread: threading.Thread) -> BaseException | None:
    """Wait until `thread` has ended, however many signals arrive meanwhile: the exception the
    first of them raised (a KeyboardInterrupt) is returned, for the caller to raise now that the
    thread has ended; None when none came."""
    caught: BaseException | None = None
    while True:
        try:
            thread.join()
            return caught
        except BaseException as exc:  # noqa: BLE001 - kept for the caller
            caught = caught or exc
