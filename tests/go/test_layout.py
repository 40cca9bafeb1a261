"""The layout rules the Go target reproduces instead of running gofmt (generation needs only
Python): doc comments gofmt would turn into lists, headings or code blocks, and empty function
bodies on either side of gofmt's one-line limit. gofmt itself is the judge."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.targets.go import empty_func, go_doc, go_str

HOSTILE = [
    "- a list item\n- another",
    "Intro.\n\n1. first\n2. second",
    "Intro.\n\nThe role of the author of a message\n\nMore text.",
    "# Not a heading",
    "    indented code\n  more",
    "Ends */ and /* opens; a backslash \\ at the end \\",
    "bidi \u202e and a line separator \u2028 and a tab\there",
    "Paragraph one.\n\n\n\nParagraph two\nwrapped.",
]


def test_gofmt_leaves_the_printed_layout_as_it_is(go, tmp_path):
    parts = ["package layout\n"]
    for i, text in enumerate(HOSTILE):
        parts.append(f"\n{go_doc(text)}var V{i} = {go_str(text)}\n")
    for n in range(95, 104):
        name = "M" + "x" * (n - len("func (T) M()"))
        parts.append("\n" + empty_func(f"func (T) {name}()") + "\n")
    parts.insert(1, "\n// T has methods with empty bodies.\ntype T struct{}\n")
    source = "".join(parts)
    (tmp_path / "layout.go").write_text(source)
    gofmt = shutil.which("gofmt") or str(Path(go).with_name("gofmt"))
    done = subprocess.run([gofmt, "-d", "layout.go"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", done.stdout
