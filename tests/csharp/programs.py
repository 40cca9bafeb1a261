"""C# test programs (tests/csharp/programs/*.cs) as pytest tests: the test names are read from the
program's source (`Test("name", ...)`), the program runs once per session, and each of its
"ok <name>" / "FAIL <name>: <why>" lines decides one pytest test."""

from __future__ import annotations

import re
from pathlib import Path

from tests.csharp.build import PROGRAMS

_TEST = re.compile(r'Test\(\s*"([^"]+)"')


def names_in(program: str) -> list[str]:
    return _TEST.findall((PROGRAMS / program).read_text(encoding="utf-8"))


def outcomes(stdout: str) -> dict[str, str]:
    """name -> "" when it passed, else why it failed."""
    out = {}
    for line in stdout.split("\n"):
        if line.startswith("ok "):
            out[line[3:]] = ""
        elif line.startswith("FAIL "):
            name, _, why = line[5:].partition(": ")
            out[name] = why or "failed"
    return out


def sources(program: str) -> list[Path]:
    return [PROGRAMS / "Harness.cs", PROGRAMS / program]
