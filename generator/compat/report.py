"""Output formats: text (a terminal), json, markdown (a pull-request comment), github
(workflow annotations with file and line)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from generator.compat.findings import Finding

FORMATS = ("text", "json", "markdown", "github")


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    active = Counter(f.level for f in findings if f.accepted is None)
    return {
        "breaking": active["breaking"],
        "warning": active["warning"],
        "info": active["info"],
        "accepted": sum(1 for f in findings if f.accepted is not None),
    }


def _summary_line(counts: dict[str, int]) -> str:
    return f"{counts['breaking']} breaking, {counts['warning']} warnings, {counts['info']} info" + (
        f", {counts['accepted']} accepted" if counts["accepted"] else ""
    )


def render(findings: list[Finding], fmt: str, *, title: str, footer: list[str], extra: dict[str, Any]) -> str:
    counts = summary_counts(findings)
    if fmt == "json":
        return (
            json.dumps(
                {**extra, "summary": counts, "findings": [f.to_json() for f in findings]}, indent=2, ensure_ascii=False
            )
            + "\n"
        )
    if fmt == "github":
        lines = []
        kind = {"breaking": "error", "warning": "warning", "info": "notice"}
        for f in findings:
            if f.accepted is not None:
                continue
            props = f"file={_gh_prop(f.file)}" + (f",line={f.line}" if f.line else "")
            props += f",title={_gh_prop(f.rule + ' (' + f.category + ')')}"
            lines.append(f"::{kind[f.level]} {props}::{_gh_data(f.path + ': ' + f.message)}")
        lines.append(f"{title}: {_summary_line(counts)}")
        lines.extend(footer)
        return "\n".join(lines) + "\n"
    if fmt == "markdown":
        out = [f"### {title}", "", f"**{_summary_line(counts)}**", ""]
        if findings:
            out += ["| level | rule | category | where | what |", "| --- | --- | --- | --- | --- |"]
            for f in findings:
                level = f"~~{f.level}~~ accepted: {_md(f.accepted)}" if f.accepted is not None else f.level
                where = f"`{f.file}:{f.line}`" if f.line else f"`{f.file}`"
                out.append(f"| {level} | `{f.rule}` | {f.category} | {where} | `{_md(f.path)}`: {_md(f.message)} |")
            out.append("")
        out += footer
        return "\n".join(out) + "\n"
    lines = []
    for f in findings:
        head = f"{f.level}" if f.accepted is None else f"accepted ({f.level})"
        lines.append(f"{f.where}: {head} {f.rule} [{f.category}]")
        lines.append(f"    {f.path}: {f.message}")
        if f.accepted is not None:
            lines.append(f"    accepted: {f.accepted}")
    lines.append(f"{title}: {_summary_line(counts)}")
    lines.extend(footer)
    return "\n".join(lines) + "\n"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")
