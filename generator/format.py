"""Format: the last step before a file is planned. Python goes through black; other languages'
templates are written to produce formatted code (their tests run each language's formatter
in check mode), so output never depends on which toolchains a machine happens to have.

black is deterministic but slow (about 1,000 lines a second here), so its results are cached by
the hash of black's version, its mode and the input text, under .cache/black of the project.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import black

_MODE = black.Mode(target_versions={black.TargetVersion.PY311})


def _black(text: str, cache: Path | None) -> str:
    if cache is None:
        return black.format_str(text, mode=_MODE)
    key = hashlib.sha256(f"{black.__version__}\0{_MODE!r}\0{text}".encode("utf-8")).hexdigest()
    entry = cache / key[:2] / key
    if entry.is_file():
        return entry.read_text(encoding="utf-8")
    out = black.format_str(text, mode=_MODE)
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(out, encoding="utf-8")
    os.replace(tmp, entry)
    return out


def format_file(path: str, text: str, cache: Path | None = None) -> str:
    if path.endswith(".py") or path.endswith(".pyi"):
        return _black(text, cache)
    return text if text.endswith("\n") else text + "\n"
