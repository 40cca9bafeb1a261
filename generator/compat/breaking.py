"""`shapegen breaking`: every finding between two sides of a project."""

from __future__ import annotations

from generator import ir
from generator.compat.engine import Comparison
from generator.compat.findings import Finding, sort_key
from generator.compat.side import DocumentSide, Side
from generator.compat.source import Language, discover


def compare_sides(
    old: Side | DocumentSide,
    new: Side | DocumentSide,
    languages: list[Language] | None = None,
    notes: list[str] | None = None,
) -> list[Finding]:
    """Every finding from `old` to `new`; `notes` receives a line per language left out."""
    langs = discover() if languages is None else languages
    findings: list[Finding] = []
    names = [ns.name for ns in new.model.namespaces] + [
        ns.name for ns in old.model.namespaces if new.namespace(ns.name) is None
    ]
    for name in names:
        old_ns = old.namespace(name) or ir.Namespace(name, "", (), "")
        new_ns = new.namespace(name) or ir.Namespace(name, "", (), "")
        comparison = Comparison(name, old_ns, new_ns, old, new, langs)
        comparison.run_breaking()
        findings.extend(comparison.findings.values())
        if notes is not None:
            notes.extend(
                f"source:{lang} left out for namespace {name}: {why}" for lang, why in comparison.skipped.items()
            )
    return sorted(findings, key=sort_key)
