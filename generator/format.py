"""Format: the last step before a file is planned. The target chooses its formatter
(`format_for`): `TARGET.formatter = "black"` (Python), `"none"` (templates that emit formatted
code; their tests run each language's formatter in check mode, so output never depends on which
toolchains a machine happens to have), or a callable `(relpath, text, cache_dir) -> text`. A
target that declares nothing keeps the old rule by file extension (`format_file`).

black is deterministic but slow (about 1,000 lines a second here), so its results are cached by
the hash of black's version, its mode and the input text, under .cache/black of the project.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

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


def _as_is(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def format_for(target: Any, path: str, text: str, cache: Path | None = None) -> str:
    """Format `text` (a file of `target`, at `path` under the output root) the way the target says."""
    chosen = getattr(target, "formatter", None)
    if chosen is None:
        return format_file(path, text, cache)
    if chosen == "black":
        return _black(text, cache)
    if chosen == "none":
        return _as_is(text)
    if callable(chosen):
        return _as_is(chosen(path, text, cache))
    raise ValueError(f"target {getattr(target, 'name', target)!r}: unknown formatter {chosen!r}")
