"""`shapegen watch`: regenerate whenever the configuration or a spec file is saved.

It polls (no file-system notification library): every `interval` seconds it compares the size and
modification time of the configuration file and of every YAML and JSON file in the folders that
hold the namespace files (the output folder left out). Each run is an ordinary `generate`, with
its atomic write; a run that fails prints its problems and the watch goes on.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

from generator.config import Config
from generator.errors import ShapegenError

Snapshot = dict[str, tuple[int, int]]
SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def watched(config: Config) -> list[Path]:
    """The files whose change means a new run: the configuration and the specs' folders' files."""
    files: set[Path] = {config.file} if config.file else set()
    output = config.output.resolve()
    for root_file in config.namespaces.values():
        files.add(root_file)
        folder = root_file.parent
        for path in folder.rglob("*"):
            if path.suffix in SPEC_SUFFIXES and path.is_file() and not path.resolve().is_relative_to(output):
                files.add(path)
    return sorted(files)


def snapshot(paths: list[Path]) -> Snapshot:
    found: Snapshot = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def run(
    load: Callable[[], Config],
    generate: Callable[[], int],
    report: Callable[[ShapegenError], None],
    interval: float = 0.5,
) -> int:
    """Generate now and after every change, until interrupted (Ctrl-C or SIGTERM: exit 130)."""
    last: Snapshot | None = None
    paths: list[Path] = []
    print(f"shapegen: watching (every {interval:g} s; Ctrl-C to stop)", file=sys.stderr, flush=True)
    while True:
        try:
            if last is None or snapshot(paths) != last:
                config = load()
                paths = watched(config)
                last = snapshot(paths)
                try:
                    generate()
                except ShapegenError as exc:
                    report(exc)
                    print("shapegen: waiting for the next save", file=sys.stderr, flush=True)
                sys.stdout.flush()
        except ShapegenError as exc:  # the configuration itself is wrong: wait for it to be saved again
            report(exc)
            last = snapshot(paths)
            print("shapegen: waiting for the next save", file=sys.stderr, flush=True)
        time.sleep(interval)
