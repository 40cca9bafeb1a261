"""Running shapegen the way a person at a terminal does: stdout and stderr on a pseudo-terminal
(python's `pty`), or only one of them, the other piped as in `shapegen ... | less`."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO


@dataclass(frozen=True)
class Seen:
    code: int
    terminal: str  # what reached the terminal (stdout and/or stderr, as the terminal got them)
    piped: str  # what went to a pipe instead


def on_terminal(*args: str, cwd: Path, streams: str = "both", env: dict[str, str] | None = None) -> Seen:
    """`shapegen ARGS` in `cwd` with `streams` ("both", "stdout" or "stderr") on a terminal and the
    other stream, if any, piped. NO_COLOR is unset unless `env` sets it."""
    leader, follower = pty.openpty()
    # a person's shell: neither NO_COLOR nor the test run's SHAPEGEN_JOBS (tests/conftest.py)
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "SHAPEGEN_JOBS")}
    environment = {**base, "TERM": "xterm-256color", "PYTHONPATH": str(REPO), **(env or {})}
    out = follower if streams in ("both", "stdout") else subprocess.PIPE
    err = follower if streams in ("both", "stderr") else subprocess.PIPE
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=err,
        env=environment,
    )
    os.close(follower)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    piped_out, piped_err = process.communicate(timeout=600)
    reader.join(timeout=30)
    os.close(leader)
    piped = (piped_out or b"") + (piped_err or b"")
    # the terminal turns each \n into \r\n (its output processing); give back what the program wrote
    return Seen(process.returncode, b"".join(chunks).decode().replace("\r\n", "\n"), piped.decode())
