"""Text from the input (schema names, descriptions, patterns, payload keys) shown where it can do
no harm: every control character, every character that reorders or hides text (bidi controls,
line and paragraph separators) and every escape sequence is written as a visible escape (`\\n`,
`\\x1b`, `\\u202e`), so that a name can neither forge a line of a CI log (a GitHub workflow command
such as `::error`), nor drive a terminal, nor read differently from what it is."""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; bidi embeddings, overrides and isolates; marks that reorder text;
# the line and paragraph separators; the byte order mark and other invisible format characters
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# the characters that reorder text as it is displayed (Trojan Source, CVE-2021-42574): generated
# source writes them as escapes in every language, in string literals and in comments alike
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


_BIDI_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in BIDI_CONTROLS}


def bidi_escaped(text: str) -> str:
    """`text` with each bidi control written as `\\uXXXX`. Applied to a whole generated JSON
    document (where such a character can only stand inside a string), it is the same JSON value;
    in Markdown, where a backslash before a letter is no escape, it is shown as written."""
    # a regex scan, not str.translate: translate looks each character up in the table one by one
    # once the text holds any non-ASCII character, which a whole page of docs does
    return _BIDI.sub(_bidi_escape, text) if _BIDI.search(text) else text


_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


def _bidi_escape(match: re.Match[str]) -> str:
    return _BIDI_ESCAPES[ord(match.group())]


def visible(text: str) -> str:
    """`text` with every hidden or controlling character written as a visible escape."""
    return _HIDDEN.sub(_escape, text)


def hidden_characters(text: str) -> bool:
    return _HIDDEN.search(text) is not None
