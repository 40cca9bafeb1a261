"""Output formats: text (a terminal), json, markdown (a pull-request comment), github
(workflow annotations with file and line).

JSON and github give one entry per finding; text and Markdown show the source findings of one
change once, with the languages it breaks (`[source: python, rust]`)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
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
    total = sum(counts.values())
    accepted = f", {counts['accepted']} accepted" if counts["accepted"] else ""
    return (
        f"{total} finding{'' if total == 1 else 's'}: {counts['breaking']} breaking, "
        f"{counts['warning']} warnings, {counts['info']} info{accepted}"
    )


@dataclass
class _Group:
    """Findings that differ only in their source language: one entry in text and Markdown."""

    first: Finding
    languages: list[str] = field(default_factory=list)
    messages: dict[str, str] = field(default_factory=dict)  # language -> message

    @property
    def category(self) -> str:
        if len(self.languages) <= 1:
            return self.first.category
        return "source: " + ", ".join(self.languages)

    def message_lines(self) -> list[str]:
        distinct = set(self.messages.values())
        if len(distinct) <= 1:
            return [self.first.message]
        return [f"{lang}: {msg}" for lang, msg in self.messages.items()]


def _groups(findings: list[Finding]) -> list[_Group]:
    out: list[_Group] = []
    index: dict[tuple[object, ...], _Group] = {}
    for f in findings:
        if not f.category.startswith("source:"):
            out.append(_Group(f))
            continue
        key = (f.rule, f.level, f.file, f.line, f.pointer, f.path, f.accepted)
        group = index.get(key)
        if group is None:
            group = index[key] = _Group(f)
            out.append(group)
        lang = f.category.partition(":")[2]
        group.languages.append(lang)
        group.messages[lang] = f.message
    return out


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
            for g in _groups(findings):
                f = g.first
                level = f"~~{f.level}~~ accepted: {_md(f.accepted)}" if f.accepted is not None else f.level
                where = f"`{f.file}:{f.line}`" if f.line else f"`{f.file}`"
                what = "<br>".join(_md(m) for m in g.message_lines())
                out.append(f"| {level} | `{f.rule}` | {g.category} | {where} | `{_md(f.path)}`: {what} |")
            out.append("")
        out += footer
        return "\n".join(out) + "\n"
    lines = []
    for g in _groups(findings):
        f = g.first
        head = f"{f.level}" if f.accepted is None else f"accepted ({f.level})"
        lines.append(f"{f.where}: {head} {f.rule} [{g.category}]")
        messages = g.message_lines()
        lines.append(f"    {f.path}: {messages[0]}" if len(messages) == 1 else f"    {f.path}:")
        lines.extend(f"      {m}" for m in messages if len(messages) > 1)
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
