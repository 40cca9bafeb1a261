"""A finding: one change, its rule, level, category, where it is and what it means."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from generator.compat.rules import LEVELS, Level


@dataclass(frozen=True)
class Finding:
    rule: str  # stable kebab-case id, see generator.compat.rules
    level: Level
    category: str  # "wire" or "source:<language>"
    file: str  # project-relative file, on the new side (the old side for a removal)
    line: int | None
    pointer: str  # JSON pointer in that file
    path: str  # namespace:Shape.field[]... as a person reads it
    message: str
    accepted: str | None = None  # the reason, when the ignore file accepts this finding

    @property
    def where(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else self.file
        return f"{loc} (#{self.pointer})"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        if out["accepted"] is None:
            del out["accepted"]
        return out


def level_rank(level: str) -> int:
    """0 for breaking, 1 for warning, 2 for info."""
    return LEVELS.index(level)  # type: ignore[arg-type]


def sort_key(f: Finding) -> tuple[Any, ...]:
    return (level_rank(f.level), f.file, f.line or 0, f.pointer, f.category != "wire", f.category, f.rule)
