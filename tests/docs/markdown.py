"""Just enough of GitHub-flavoured Markdown to check what the docs target writes: how a table row
splits into cells (GFM splits on every `|` not escaped by a backslash, before anything else),
where code spans and fenced blocks are, and which links a page has."""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^(`{3,})(\w*)$")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    line: int  # where it starts, 0-based


def split_row(line: str) -> list[str]:
    """The cells of a table row, as GFM splits them."""
    assert line.startswith("|") and line.endswith("|"), line
    cells, current, i = [], "", 1
    while i < len(line) - 1:
        c = line[i]
        if c == "\\" and line[i + 1] == "|":
            current += "\\|"
            i += 2
            continue
        if c == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += c
        i += 1
    cells.append(current.strip())
    return cells


def outside_fences(text: str) -> list[tuple[int, str]]:
    """(line number, line) for every line not inside a fenced code block."""
    out, fence = [], None
    for n, line in enumerate(text.split("\n")):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            continue
        if fence is not None:
            if line == fence:
                fence = None
            continue
        out.append((n, line))
    assert fence is None, "an unterminated code fence"
    return out


def fenced_blocks(text: str, lang: str) -> list[str]:
    out, fence, body, current = [], None, [], ""
    for line in text.split("\n"):
        m = FENCE.match(line)
        if fence is None and m:
            fence, current, body = m.group(1), m.group(2), []
            continue
        if fence is not None:
            if line == fence:
                if current == lang:
                    out.append("\n".join(body))
                fence = None
            else:
                body.append(line)
    return out


def tables(text: str) -> list[Table]:
    lines = outside_fences(text)
    found = []
    i = 0
    while i < len(lines):
        n, line = lines[i]
        if line.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|( --- \|)+", lines[i + 1][1]):
            header = split_row(line)
            rows = []
            j = i + 2
            while j < len(lines) and lines[j][1].startswith("|"):
                rows.append(split_row(lines[j][1]))
                j += 1
            found.append(Table(header, rows, n))
            i = j
        else:
            i += 1
    return found


def strip_code_spans(text: str) -> str:
    """Text with its code spans removed (a run of n backticks closes at the next run of n)."""
    out, i = [], 0
    while i < len(text):
        m = re.compile(r"`+").search(text, i)
        if not m:
            out.append(text[i:])
            break
        close = next((c for c in re.finditer(r"`+", text[m.end() :]) if len(c.group()) == len(m.group())), None)
        out.append(text[i : m.start()])
        if close is None:
            out.append(m.group())
            i = m.end()
        else:
            i = m.end() + close.end()
    return "".join(out)


def code_spans(text: str) -> list[str]:
    spans, i = [], 0
    while True:
        m = re.compile(r"`+").search(text, i)
        if not m:
            return spans
        close = next((c for c in re.finditer(r"`+", text[m.end() :]) if len(c.group()) == len(m.group())), None)
        if close is None:
            i = m.end()
            continue
        spans.append(text[m.end() : m.end() + close.start()])
        i = m.end() + close.end()


def links(text: str) -> list[str]:
    """Targets of inline links outside code (an escaped `\\]` ends no link text)."""
    return [
        m.group(1)
        for _, line in outside_fences(text)
        for m in re.finditer(r"(?<!\\)\]\(([^)\s]+)\)", strip_code_spans(line))
    ]


def cell_code(cell: str) -> str:
    """The literal a table cell shows as one code span (GFM unescapes `\\|` first; CommonMark
    strips one space of padding on each side)."""
    spans = code_spans(cell.replace("\\|", "|"))
    assert len(spans) == 1, cell
    span = spans[0]
    if len(span) >= 2 and span[0] == " " and span[-1] == " " and span.strip(" "):
        span = span[1:-1]
    return span
