"""Format: the last step before a file is planned. The target chooses its formatter
(`format_for`): `"none"` (templates that emit formatted code; their tests run each language's
formatter in check mode, so output never depends on which toolchains a machine happens to have),
`"black"`, or a callable `(relpath, text, cache_dir) -> text`. A target that declares nothing
keeps the old rule by file extension (`format_file`: black for `.py`).

No built-in target runs a formatter any more: the python and validators targets print black's
layout themselves (`generator.pylayout`, `generator.validators.layout`) and their tests keep
black as the oracle. black is imported only when a target asks for it, and nothing is cached
on disk: a file under `.cache/` can never change what `generate` writes.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any


@functools.lru_cache(maxsize=1)
def _mode() -> Any:
    import black

    return black.Mode(target_versions={black.TargetVersion.PY311})


def _black(text: str) -> str:
    import black

    return str(black.format_str(text, mode=_mode()))


def format_file(path: str, text: str, cache: Path | None = None) -> str:
    if path.endswith(".py") or path.endswith(".pyi"):
        return _black(text)
    return text if text.endswith("\n") else text + "\n"


def _as_is(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def format_for(target: Any, path: str, text: str, cache: Path | None = None) -> str:
    """Format `text` (a file of `target`, at `path` under the output root) the way the target says.
    `cache` is handed to a callable formatter only; the built-in formatters keep no cache."""
    chosen = getattr(target, "formatter", None)
    if chosen is None:
        return format_file(path, text)
    if chosen == "black":
        return _black(text)
    if chosen == "none":
        return _as_is(text)
    if callable(chosen):
        return _as_is(chosen(path, text, cache))
    raise ValueError(f"target {getattr(target, 'name', target)!r}: unknown formatter {chosen!r}")
