"""Small throwaway shapegen projects for the compatibility tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from generator.compat.breaking import compare_sides
from generator.compat.findings import Finding
from generator.compat.side import load_side


def write_project(root: Path, schemas: dict[str, Any], roles: dict[str, str], version: str = "1.0.0") -> Path:
    """A project with one namespace `t`: `schemas` as components; the top-level ones get their role."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "schema").mkdir(exist_ok=True)
    components = {}
    for name, schema in schemas.items():
        schema = copy.deepcopy(schema)
        if name in roles:
            schema["x-shapegen-role"] = roles[name]
        components[name] = schema
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": components}}
    (root / "schema" / "t.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    (root / "pyproject.toml").write_text(
        f'[tool.shapegen]\nversion = "{version}"\noutput = "generated"\ntargets = []\n\n'
        '[tool.shapegen.namespaces]\nt = "schema/t.yaml"\n',
        encoding="utf-8",
    )
    return root


def findings_between(tmp: Path, before: dict[str, Any], after: dict[str, Any], roles: dict[str, str]) -> list[Finding]:
    old = load_side(write_project(tmp / "old", before, roles), "old")
    new = load_side(write_project(tmp / "new", after, roles), "new")
    return compare_sides(old, new)


def triples(findings: list[Finding]) -> set[tuple[str, str, str]]:
    return {(f.rule, f.level, f.category) for f in findings}


def wire(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule, f.level) for f in findings if f.category == "wire"}


def source(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule, f.category) for f in findings if f.category != "wire"}
