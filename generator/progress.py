"""Progress on long runs: while `generate`, `check` or `watch` works, a person at a terminal sees
which stage it is in and how many targets are rendered, on one line of stderr rewritten in place
and erased before anything else is printed.

It is shown only when stderr is a terminal, and never under `--quiet` or `--format json|github`
(`generator.cli` decides and installs a `Progress` as `current`); otherwise every call here does
nothing, so a piped run's output is byte for byte what it was. The pipeline reports through
`stage()` and `step()` and never knows whether anyone is looking."""

from __future__ import annotations

import shutil
import time
from typing import TextIO

_ERASE = "\r\033[K"  # back to the line's start, then clear to its end


class Progress:
    """One status line on `stream` (None: shown nowhere)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self.shown = False
        self.started = time.monotonic()

    def begin(self) -> None:
        """A new run starts (`watch` runs many): its time counts from now."""
        self.started = time.monotonic()

    def stage(self, name: str) -> None:
        self._show(name)

    def step(self, name: str, done: int, total: int, item: str) -> None:
        self._show(f"{name} {done}/{total}" + (f" ({item})" if item else ""))

    def clear(self) -> None:
        """Erase the line, so that what is printed next starts on a clean line."""
        if self.stream is not None and self.shown:
            self.stream.write(_ERASE)
            self.stream.flush()
            self.shown = False

    def _show(self, text: str) -> None:
        if self.stream is None:
            return
        line = f"shapegen: {text} ... {time.monotonic() - self.started:.1f} s"  # ASCII: any terminal encoding
        width = shutil.get_terminal_size((80, 24)).columns - 1
        if len(line) > width:  # a line that wraps could not be rewritten in place
            line = line[: max(width - 3, 0)] + "..."
        self.stream.write(_ERASE + line)
        self.stream.flush()
        self.shown = True


current = Progress()


def begin() -> None:
    current.begin()


def stage(name: str) -> None:
    """The run has reached stage `name` ("loading the spec", "rendering", "writing")."""
    current.stage(name)


def step(name: str, done: int, total: int, item: str) -> None:
    """`done` of `total` items of stage `name` are finished, the last being `item`."""
    current.step(name, done, total, item)


def clear() -> None:
    current.clear()
