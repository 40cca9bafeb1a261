"""Output formats: text (a terminal), json, markdown (a pull-request comment), github
(workflow annotations with file and line).

JSON and github give one entry per finding; text and Markdown show the source findings of one
change once, with the languages it breaks (`[source: python, rust]`).

Findings carry text from the schemas (names, paths, enum values, reasons), so every format
escapes it for where it goes: text makes control characters and escape sequences visible; github
also escapes its workflow-command syntax; Markdown escapes HTML, its own markup, table pipes and
`@` mentions (JSON needs nothing: its encoder escapes)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.compat.findings import Finding
from generator.visible import visible

FORMATS = ("text", "json", "markdown", "github")


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    active = Counter(f.level for f in findings if f.accepted is None)
    return {
        "breaking": active["breaking"],
        "warning": active["warning"],
        "info": active["info"],
        "accepted": sum(1 for f in findings if f.accepted is not None),
    }


def _summary_line(counts: dict[str, int], colour: bool = False) -> str:
    """'3 findings: 1 breaking, 2 warnings, 0 info'; on a terminal, each count that is not 0 in its
    level's colour."""

    def count(level: str, words: str) -> str:
        return _paint(words, level, colour and counts[level] > 0)

    total = sum(counts.values())
    parts = [
        count("breaking", f"{counts['breaking']} breaking"),
        count("warning", f"{counts['warning']} warnings"),
        count("info", f"{counts['info']} info"),
    ] + ([count("accepted", f"{counts['accepted']} accepted")] if counts["accepted"] else [])
    return f"{total} finding{'' if total == 1 else 's'}: " + ", ".join(parts)


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


# text on a terminal: each finding's level in its colour (ANSI SGR), added around text already
# made visible, so that nothing from a schema can end, change or forge a colour
_LEVEL_COLOURS = {"breaking": "1;31", "warning": "1;33", "info": "36", "accepted": "2"}


def _paint(text: str, level: str, colour: bool) -> str:
    return f"\033[{_LEVEL_COLOURS[level]}m{text}\033[0m" if colour else text


def render(
    findings: list[Finding],
    fmt: str,
    *,
    title: str,
    footer: list[str],
    extra: dict[str, Any],
    colour: bool = False,
) -> str:
    """The report in `fmt`; `colour` (text only, for a terminal) shows each finding's level and the
    summary's counts in the level's colour."""
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
        lines.extend(_gh_line(line) for line in footer)
        return "\n".join(lines) + "\n"
    if fmt == "markdown":
        out = [f"### {_md(title)}", "", f"**{_summary_line(counts)}**", ""]
        if findings:
            out += ["| level | rule | category | where | what |", "| --- | --- | --- | --- | --- |"]
            for g in _groups(findings):
                f = g.first
                level = f"~~{f.level}~~ accepted: {_md(f.accepted)}" if f.accepted is not None else f.level
                where = _md_code(f"{f.file}:{f.line}" if f.line else f.file)
                what = "<br>".join(_md(m) for m in g.message_lines())
                out.append(
                    f"| {level} | {_md_code(f.rule)} | {_md(g.category)} | {where} | {_md_code(f.path)}: {what} |"
                )
            out.append("")
        out += [_md(line) for line in footer]
        return "\n".join(out) + "\n"
    lines = []
    for g in _groups(findings):
        f = g.first
        head = (
            _paint(f.level, f.level, colour)
            if f.accepted is None
            else _paint(f"accepted ({f.level})", "accepted", colour)
        )
        lines.append(f"{visible(f.where)}: {head} {visible(f.rule)} [{visible(g.category)}]")
        messages = [visible(m) for m in g.message_lines()]
        path = visible(f.path)
        lines.append(f"    {path}: {messages[0]}" if len(messages) == 1 else f"    {path}:")
        lines.extend(f"      {m}" for m in messages if len(messages) > 1)
        if f.accepted is not None:
            lines.append(f"    accepted: {visible(f.accepted)}")
    lines.append(f"{visible(title)}: {_summary_line(counts, colour)}")
    lines.extend(visible(line) for line in footer)
    return "\n".join(lines) + "\n"


def _gh_data(text: str) -> str:
    """A workflow command's message: visible, with the runner's own escapes (no line can end it)."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _gh_line(text: str) -> str:
    """A plain line of the log: visible, and never read as a workflow command."""
    line = visible(text)
    return " " + line if line.lstrip().startswith("::") else line


_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "@": "@&#8203;", "|": "\\|"}
_MD_PUNCTUATION = set("\\`*_[]{}()#+!~")


def _md(text: str | None) -> str:
    """Plain text in a Markdown table cell: no HTML, no markup, no mention, no line break."""
    out = []
    for char in visible(text or ""):
        if char in _MD_ENTITIES:
            out.append(_MD_ENTITIES[char])
        elif char in _MD_PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _md_code(text: str) -> str:
    """Text as a code span in a table cell: a fence longer than any run of backticks in it."""
    shown = visible(text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"
