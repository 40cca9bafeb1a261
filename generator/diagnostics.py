"""How `generate`, `check`, `validate` and `list` print their problems: `--format text` (the
default: `shapegen: error: file:line:col (at #/pointer): message` and its hint, coloured on a
terminal unless NO_COLOR is set), `--format json` (one JSON document on stdout when the command
ends; everything else it prints goes to stderr) or `--format github` (workflow annotations with
file, line and column, on stdout).
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, TextIO

from generator.errors import Diagnostic

FORMATS = ("text", "json", "github")

# file[:line[:column]] [(at #/pointer) | (anything else, e.g. "[tool.shapegen] key")]
_WHERE = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?(?: \((?:at #(?P<ptr>[^)]*)|[^)]*)\))?$")


@dataclass(frozen=True)
class Location:
    file: str | None
    line: int | None
    column: int | None
    pointer: str | None


def locate(where: str | None) -> Location:
    if not where:
        return Location(None, None, None, None)
    m = _WHERE.match(where)
    if not m:
        return Location(where, None, None, None)
    return Location(
        m["file"],
        int(m["line"]) if m["line"] else None,
        int(m["col"]) if m["col"] else None,
        m["ptr"],
    )


def colour_wanted(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or TERM is dumb."""
    if os.environ.get("NO_COLOR", "") != "" or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "hint": "\033[2m"}
_RESET = "\033[0m"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Reporter:
    """Where a command's diagnostics go, in the format asked for."""

    format: str = "text"
    root: Path | None = None  # the project folder: file names in diagnostics are relative to it
    collected: list[Diagnostic] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def emit(self, diagnostics: Iterable[Diagnostic]) -> None:
        from generator import progress

        for d in diagnostics:
            progress.clear()  # a problem starts on a line of its own, not after a progress line
            if self.format == "json":
                self.collected.append(d)
            elif self.format == "github":
                print(self.annotation(d), file=sys.stdout)
            else:
                print(self.text(d, colour_wanted(sys.stderr)), file=sys.stderr)

    def text(self, d: Diagnostic, colour: bool) -> str:
        line = f"shapegen: {d.severity}: {d.render()}"
        if not colour:
            return line
        head, _, rest = line.partition("\n")
        label = f"{d.severity}:"
        head = head.replace(label, f"{_COLOURS[d.severity]}{label}{_RESET}", 1)
        return head + (f"\n{_COLOURS['hint']}{rest}{_RESET}" if rest else "")

    def _file(self, file: str | None) -> str | None:
        """A file name as the repository's root (the working folder in CI) sees it."""
        if file is None:
            return None
        path = Path(file)
        if not path.is_absolute() and self.root is not None:
            path = self.root / path
        try:
            return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except (ValueError, OSError):
            return file

    def annotation(self, d: Diagnostic) -> str:
        loc = locate(d.where)
        props = []
        file = self._file(loc.file)
        if file:
            props.append(f"file={_escape_property(file)}")
        if loc.line:
            props.append(f"line={loc.line}")
        if loc.column:
            props.append(f"col={loc.column}")
        props.append(f"title={_escape_property('shapegen ' + d.severity)}")
        text = d.message + (f" (at #{loc.pointer})" if loc.pointer else "")
        if d.hint:
            text += f"\n{'repair' if d.severity == 'warning' else 'hint'}: {d.hint}"
        return f"::{d.severity} {','.join(props)}::{_escape_data(text)}"

    def document(self, code: int) -> dict[str, Any]:
        items = []
        for d in self.collected:
            loc = locate(d.where)
            items.append(
                {
                    "severity": d.severity,
                    "message": d.message,
                    "file": self._file(loc.file),
                    "line": loc.line,
                    "column": loc.column,
                    "pointer": loc.pointer,
                    "hint": d.hint,
                }
            )
        counts = {s: sum(1 for d in self.collected if d.severity == s) for s in ("error", "warning")}
        return {"exit": code, "diagnostics": items, "summary": counts, **self.extra}


current = Reporter()
