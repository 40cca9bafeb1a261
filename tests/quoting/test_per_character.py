"""`generator.code.per_character`: a per-character escape run by a regex scan rather than a
Python call per character gives, for any text, exactly what the character function gives one
character at a time (the quoting layers of every language are built on it)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.code import per_character


def _one_at_a_time(one, text):
    return "".join(one(c) for c in text)


def _escape_controls_and_bidi(c: str) -> str:
    return f"\\u{ord(c):04x}" if ord(c) < 0x20 or c in "\u202e\u2066" else c


def _quote_and_widen(c: str) -> str:
    if c == '"':
        return '\\"'
    return c * 2 if ord(c) > 0x7F else c


@given(st.text())
def test_an_escape_gives_what_its_character_function_gives(text):
    for one in (_escape_controls_and_bidi, _quote_and_widen, str.upper):
        assert per_character(one)(text) == _one_at_a_time(one, text)


def test_text_with_nothing_to_escape_comes_back_as_it_is():
    escape = per_character(_escape_controls_and_bidi)
    assert escape("plain words, 'quotes' and \"more\"") == "plain words, 'quotes' and \"more\""


def test_every_kind_of_character_is_escaped_where_it_occurs():
    escape = per_character(_escape_controls_and_bidi)
    assert escape("a\x00b\u202ec\u2066\U0001f600") == "a\\u0000b\\u202ec\\u2066\U0001f600"
    assert per_character(_quote_and_widen)('"é"\ud800') == '\\"éé\\"\ud800\ud800'
