"""The Rust target's quoting layer, without compiling anything."""

from __future__ import annotations

from generator.targets.rust import rs_doc, rs_literal, rs_str


def test_string_literals_escape_everything_that_could_end_them():
    assert rs_str('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert rs_str("\u202e\r\0") == '"\\u{202e}\\r\\0"'


def test_doc_comments_cannot_break_out():
    doc = rs_doc('x */ y\n"""\r\nfn main() {}\u2028z\u202e', 4)
    assert all(line.startswith("    ///") for line in doc.splitlines())
    assert "\u2028" not in doc and "\u202e" not in doc and "\r" not in doc


def test_invisible_characters_are_escaped_in_string_literals():
    assert rs_str("a\u200bb\u00ad\u2060") == '"a\\u{200b}b\\u{ad}\\u{2060}"'


def test_numbers_rust_cannot_spell_as_digits_become_constants():
    assert rs_literal(float("inf"), "number") == "f64::INFINITY"
    assert rs_literal(float("-inf"), "number") == "f64::NEG_INFINITY"
    assert rs_literal(10**400, "number") == "f64::INFINITY"
    assert rs_literal(9223372036854776000, "number") == "9.223372036854776e18"


def test_the_runtime_compiles_patterns_with_the_flags_the_layer_translates_for():
    from generator.layer.patterns import REGRESS_FLAGS
    from generator.targets.rust import RUNTIME

    assert f'regress::Regex::with_flags(self.source, "{REGRESS_FLAGS}")' in RUNTIME.read_text(encoding="utf-8")
