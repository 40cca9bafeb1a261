"""Versioning: which semver bump a set of findings needs, and whether the version got it.

One version, `[tool.shapegen] version` in pyproject.toml, drives the generated packages'
versions. A breaking finding (wire or source) needs a major bump, any other finding a minor one,
no finding none; accepted findings count too (accepting a break ships it). Before 1.0.0 the bumps shift one place down, as semver allows for 0.y.z: a
breaking change needs a minor bump, anything else a patch.
"""

from __future__ import annotations

import re
from typing import Iterable

from generator.compat.findings import Finding
from generator.errors import ShapegenError

BUMPS = ("none", "patch", "minor", "major")
_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+].*)?$")


def parse(version: str) -> tuple[int, int, int]:
    m = _SEMVER.match(version.strip())
    if not m:
        raise ShapegenError(
            f"version {version!r} is not a semantic version",
            where="pyproject.toml [tool.shapegen] version",
            hint='write it as MAJOR.MINOR.PATCH, for example version = "1.4.0"',
        )
    return int(m[1]), int(m[2]), int(m[3])


def needed(findings: Iterable[Finding], old_version: str | None) -> str:
    # an accepted finding is still a change: accepting a break ships it, it does not undo it
    active = list(findings)
    if not active:
        return "none"
    bump = "major" if any(f.level == "breaking" for f in active) else "minor"
    if old_version is not None and parse(old_version)[0] == 0:
        bump = {"major": "minor", "minor": "patch"}[bump]
    return bump


def actual(old_version: str, new_version: str) -> str:
    """The bump from old to new ('none' when not increased)."""
    a, b = parse(old_version), parse(new_version)
    if b <= a:
        return "none"
    if b[0] > a[0]:
        return "major"
    if b[1] > a[1]:
        return "minor"
    return "patch"


def next_version(old_version: str, bump: str) -> str:
    major, minor, patch = parse(old_version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return old_version


def enough(needed_bump: str, old_version: str, new_version: str) -> bool:
    return BUMPS.index(actual(old_version, new_version)) >= BUMPS.index(needed_bump)
