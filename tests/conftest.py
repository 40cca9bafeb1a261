"""Shared fixtures: where the repository, ../shared and the vectors are."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# SHAPEGEN_SHARED moves ../shared for the guard alone: `make test-no-shared` points it at a folder that
# does not exist, so that a test reaching ../shared without require_shared() fails there, in CI.
SHARED = Path(os.environ.get("SHAPEGEN_SHARED") or REPO.parent / "shared").resolve()
GENERATED = REPO / "generated"
IN_CI = os.environ.get("CI", "").lower() == "true"

sys.path.insert(0, str(REPO))


def require_shared() -> Path:
    """../shared, or a skip with the reason (a user's clone); in CI its absence is a failure."""
    if SHARED.is_dir():
        return SHARED
    if IN_CI:
        pytest.fail(f"{SHARED} is missing: CI must run with ../shared beside the clone", pytrace=False)
    pytest.skip(f"{SHARED} is not here (a clone without the shared test material)")


@dataclass(frozen=True)
class Vector:
    origin: str  # "shared" or "project"
    file: Path
    shape: str  # ns:Name
    expect: str  # valid / invalid / unparseable
    note: str

    @property
    def id(self) -> str:
        return f"{self.origin}/{self.file.stem}"

    @property
    def namespace(self) -> str:
        return self.shape.split(":", 1)[0]

    @property
    def name(self) -> str:
        return self.shape.split(":", 1)[1]

    def text(self) -> str:
        return self.file.read_text(encoding="utf-8")


def _manifest(folder: Path, origin: str) -> list[Vector]:
    path = folder / "manifest.json"
    if not path.is_file():
        return []
    entries = json.loads(path.read_text(encoding="utf-8"))
    return [Vector(origin, folder / f, e["shape"], e["expect"], e.get("note", "")) for f, e in sorted(entries.items())]


def project_vectors() -> list[Vector]:
    return _manifest(REPO / "tests" / "vectors", "project")


def shared_vectors() -> list[Vector]:
    """The shared vectors, or [] where ../shared is not (a test that needs one uses `vector`)."""
    return _manifest(SHARED / "vectors", "shared")


def all_vectors() -> list[Vector]:
    """Every vector this checkout can see; the shared ones are listed only where ../shared is."""
    return shared_vectors() + project_vectors()


def vector(origin: str, file_name: str) -> Vector:
    """One named vector; a shared one goes through the guard (a skip in a user's clone)."""
    folder = require_shared() / "vectors" if origin == "shared" else REPO / "tests" / "vectors"
    found = [v for v in _manifest(folder, origin) if v.file.name == file_name]
    assert found, f"{folder / file_name} is not in its manifest.json"
    return found[0]


@pytest.fixture(scope="session")
def shared() -> Path:
    return require_shared()
