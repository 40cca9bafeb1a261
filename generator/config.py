"""Configuration: the [tool.shapegen] table of pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ShapegenError


@dataclass(frozen=True)
class Config:
    root: Path
    output: Path
    namespaces: dict[str, Path]  # namespace -> root schema file, in configuration order
    targets: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)
    cache: Path | None = None  # where caches live (default: <root>/.cache); never in the output

    @property
    def cache_dir(self) -> Path:
        return self.cache or self.root / ".cache"


def find_project_root(start: Path) -> Path:
    for folder in [start, *start.parents]:
        if (folder / "pyproject.toml").is_file():
            return folder
    raise ShapegenError("no pyproject.toml here or in any parent folder", hint="run shapegen inside the project")


def load_config(root: Path) -> Config:
    path = root / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ShapegenError(f"not valid TOML: {exc}", where=str(path)) from None
    table = data.get("tool", {}).get("shapegen")
    if not isinstance(table, dict):
        raise ShapegenError(
            "no [tool.shapegen] table",
            where=str(path),
            hint="add [tool.shapegen] with 'output', 'targets' and [tool.shapegen.namespaces]",
        )
    namespaces = table.get("namespaces")
    if not isinstance(namespaces, dict) or not namespaces:
        raise ShapegenError(
            "[tool.shapegen.namespaces] must map each namespace to its root schema file", where=str(path)
        )
    return Config(
        root=root,
        output=root / str(table.get("output", "generated")),
        namespaces={str(k): root / str(v) for k, v in namespaces.items()},
        targets=tuple(table.get("targets", ())),
        options={k: v for k, v in table.items() if isinstance(v, dict)},
    )
