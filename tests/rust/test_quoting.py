"""The Rust target's quoting layer, without compiling anything."""

from __future__ import annotations

from generator.targets.rust import rs_doc, rs_str


def test_string_literals_escape_everything_that_could_end_them():
    assert rs_str('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert rs_str("\u202e\r\0") == '"\\u{202e}\\r\\0"'


def test_doc_comments_cannot_break_out():
    doc = rs_doc('x */ y\n"""\r\nfn main() {}\u2028z\u202e', 4)
    assert all(line.startswith("    ///") for line in doc.splitlines())
    assert "\u2028" not in doc and "\u202e" not in doc and "\r" not in doc
