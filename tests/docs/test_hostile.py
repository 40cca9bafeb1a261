"""Schema text that tries to break the page: pipes and newlines in table cells, backticks,
HTML, comment and docstring terminators, Markdown block syntax, Mermaid syntax. A table row stays
one row with its cells, nothing becomes HTML or a heading, and the text is still all there."""

from __future__ import annotations

import json
import re

import pytest

from generator.targets.docs import md_block, md_cell, md_code, md_fence, md_inline, mermaid_label
from tests.docs.markdown import cell_code, fenced_blocks, outside_fences, split_row, strip_code_spans, tables
from tests.docs.render import render_schema

NASTY = (
    "Line one | with a pipe\nLine two\r\nLine three\u2028after U+2028\n\n"
    "# not a heading\n- not a list\n> not a quote\n1. not a list either\n    not code\n"
    "```\nnot a fence\n```\n"
    'Ends a docstring """ and a comment */ /* <!-- --> '
    "<script>alert(1)</script> <b>bold</b> &amp; [link](javascript:alert(1)) ![img](x.png) "
    "`code | with pipe` `` unbalanced ` *emph* _under_ ~~strike~~ \\ backslash | \x00\x07 end"
)
HOSTILE_WIRE = ['quote"name', "pipe|name", "back`tick", "[x](y)", "<b>", "line\nbreak", "#hash;"]

SCHEMA = {
    "openapi": "3.1.0",
    "info": {"title": "Hostile", "version": "1", "description": NASTY},
    "components": {
        "schemas": {
            "Hostile": {
                "x-shapegen-role": "request",
                "description": NASTY,
                "x-shapegen-deviation": NASTY,
                "examples": [{'quote"name': "``` a fence | inside ```", "mode": "a|b"}],
                "type": "object",
                "additionalProperties": False,
                "required": ["pipe|name"],
                "properties": {
                    **{
                        w: {
                            "type": "string",
                            "description": NASTY,
                            "default": "a | b\nc ` d",
                            "pattern": "^(a|b)`+<x>$",
                        }
                        for w in HOSTILE_WIRE
                    },
                    "mode": {
                        "type": "string",
                        "description": NASTY,
                        "enum": ["it's", "a|b", "`x`", "*/", "new\nline", '"quoted"'],
                        "x-shapegen-enum-descriptions": {"a|b": NASTY, "`x`": "``` |"},
                    },
                    "limit": {"description": NASTY, "oneOf": [{"type": "integer", "minimum": 1}, {"const": "in|f"}]},
                },
            },
        }
    },
}
FIELDS = HOSTILE_WIRE + ["mode", "limit"]


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    return render_schema(tmp_path_factory.mktemp("hostile"), SCHEMA)[1]


def test_table_rows_stay_rows(docs):
    for name, page in docs.items():
        for t in tables(page):
            for row in t.rows:
                assert len(row) == len(t.header), f"{name}: {row}"
    fields = next(t for t in tables(docs["hostile/Hostile.md"]) if t.header[0] == "Wire name")
    assert [cell_code(r[0]) for r in fields.rows] == [w.replace("\n", " ") for w in FIELDS]
    for row in fields.rows:
        description = row[-1]
        assert "Line two" in description and "not a heading" in description and description.endswith("end")
        assert "alert(1)" in description  # kept as text


def test_enum_values_and_their_descriptions_stay_in_their_rows(docs):
    values = next(t for t in tables(docs["hostile/HostileMode.md"]) if t.header[0] == "Value")
    shown = [json.loads(cell_code(r[0]).replace("\\|", "|")) for r in values.rows]
    assert shown == ["it's", "a|b", "`x`", "*/", "new\nline", '"quoted"']
    assert "Line three" in values.rows[1][1]


def test_no_html_heading_or_block_syntax_leaks(docs):
    for name, page in docs.items():
        headings = []
        for _, line in outside_fences(page):
            text = strip_code_spans(line)
            # the only raw HTML is the line break the target writes in table cells
            assert not re.search(r"<(?!br>)", text), f"{name}: raw HTML in {line!r}"
            if line.startswith("#"):
                headings.append(line)
            assert not line.startswith(("- not", "> not", "1. not", "    not")), f"{name}: {line!r}"
            assert "\x00" not in line and "\x07" not in line
        assert all(re.fullmatch(r"#{1,3} [\w -]+", h) for h in headings), headings
        # fences: only the ones the target writes
        for m in re.finditer(r"^(`{3,})(\w*)$", page, re.M):
            assert m.group(2) in ("", "json", "mermaid")


def test_links_are_only_the_targets_own(docs):
    page = docs["hostile/Hostile.md"]
    for _, line in outside_fences(page):
        for m in re.finditer(r"(?<!\\)\]\(([^)]*)\)", strip_code_spans(line)):
            assert not m.group(1).startswith("javascript"), line
            assert re.fullmatch(r"[\w./-]+\.md", m.group(1)), m.group(1)


def test_examples_survive_as_json(docs):
    blocks = fenced_blocks(docs["hostile/Hostile.md"], "json")
    assert [json.loads(b) for b in blocks] == SCHEMA["components"]["schemas"]["Hostile"]["examples"]


def test_deviation_notes_stay_one_list_item(docs):
    page = docs["hostile/Hostile.md"]
    section = page.split("## Deviation notes\n\n", 1)[1].split("\n## ", 1)[0]
    items = [ln for ln in section.split("\n") if ln.startswith("- ")]
    assert len(items) == 1
    assert all(ln == "" or ln.startswith(("- ", "  ")) for ln in section.strip("\n").split("\n"))


MERMAID_LINE = re.compile(
    r'  (flowchart LR|s\d+(\["|\{\{"|\(\["|\[/")[^"]*("\]|"\}\}|"\]\)|"/\])'
    r'|s\d+ -->\|"[^"|]*"\| s\d+|style s\d+ stroke-width:3px)'
)


def test_mermaid_labels_are_sanitised(docs):
    for name, page in docs.items():
        for block in fenced_blocks(page, "mermaid"):
            lines = block.split("\n")
            assert lines[0] == "flowchart LR"
            for line in lines[1:]:
                assert MERMAID_LINE.fullmatch(line), f"{name}: {line!r}"
                for label in re.findall(r'"([^"]*)"', line):
                    assert re.fullmatch(r"([A-Za-z0-9 _.,:/()=+-]|#\d+;|<br/>)*", label), label


@pytest.mark.parametrize("text", [NASTY, "|", "\n", "`", "``", "a ` b", "<", "", "   ", "-", "#", "1.", "x\\"])
def test_filters_keep_a_cell_on_one_line(text):
    cell = md_cell(text)
    assert "\n" not in cell and cell
    assert len(split_row(f"| {cell} | x |")) == 2
    assert "\n" not in md_inline(text)
    assert "\n" not in md_code(text)
    assert not re.search(r"^(#|- |> |    \S)", md_block(text), re.M)
    label = mermaid_label(text)
    assert re.fullmatch(r"([A-Za-z0-9 _.,:/()=+-]|#\d+;)*", label)


def test_fence_is_longer_than_any_backtick_run_inside():
    text = "a ```` b\n```\nc"
    fenced = md_fence(text, "json")
    assert fenced.startswith("`````json\n") and fenced.endswith("\n`````")
    assert fenced_blocks(fenced, "json") == [text]
