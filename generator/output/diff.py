"""The unified diff `check` prints: from what is on disk to what the plan would write."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from generator.config import Config
from generator.output.guards import Changes, read

if TYPE_CHECKING:
    from generator.pipeline import Plan


def diff(config: Config, plan: Plan, changes: Changes) -> str:
    chunks: list[str] = []
    for rel in changes.written:
        path = config.output / rel
        old_bytes = read(path, config) if path.is_file() else None
        old = old_bytes.decode("utf-8", "replace").splitlines(keepends=True) if old_bytes is not None else []
        new = plan.files[rel].decode("utf-8").splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(old, new, f"a/{rel}", f"b/{rel}"))
    for rel in changes.removed:
        old_bytes = read(config.output / rel, config) or b""
        old = old_bytes.decode("utf-8", "replace").splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(old, [], f"a/{rel}", "/dev/null"))
    return "".join(chunks)
