"""The Python quoting layer: any text becomes a literal or docstring that means exactly that text.

Python's parser is the compiler here: `ast` reads what the layer writes. The property tests draw
any text, lone surrogates included; every text that once broke the layer is an explicit example.
"""

from __future__ import annotations

import ast

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.targets.python import py_docstring, py_literal, py_str
from generator.validators.literals import string_literal

# an escape followed by a character that would extend it: `\0` + `0` read as the octal `\00`
# (py_docstring wrote NUL as `\0`), and the same for every other escape with a variable length
EXTENDING = ["\x000", "\x007", "\x00\x00", "\x001a", "\x01f", "\x1ff", "\ud800a", "\\N{DASH}", "\\x41", "\\u0041"]

HOSTILE = [
    "plain",
    "it's",
    'say "hi"',
    '"""',
    "'''",
    'ends with "',
    "ends with \\",
    "back\\slash\\n",
    "new\nline",
    "\r\n",
    "tab\t",
    "nul\0",
    "\u2028 and \u2029",
    "*/ /* -->",
    "__import__('os').system('x')",
    "${x} `y`",
    '\\"""',
    *EXTENDING,
]

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()))  # surrogates too


def docstring_of(text: str) -> str | None:
    source = f"def f():\n    {py_docstring(text)}\n"
    return ast.get_docstring(ast.parse(source).body[0], clean=False)


@pytest.mark.parametrize("text", HOSTILE)
def test_string_literal_means_the_text(text):
    assert ast.literal_eval(py_str(text)) == text
    assert ast.literal_eval(string_literal(text)) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_means_the_text(text):
    assert docstring_of(text) == text


def test_a_nul_before_a_digit_is_not_an_octal_escape():
    assert docstring_of("\x000") == "\x000"
    assert "\\0" not in py_docstring("\x000")


def test_a_docstring_with_a_lone_surrogate_can_be_written_as_utf8():
    py_docstring("\ud800").encode("utf-8")


def test_json_values_become_equal_python_literals():
    value = {"a": [1, 2.5, True, None, "x\n"], "b": {}}
    assert ast.literal_eval(py_literal(value)) == value


@given(ANY_TEXT)
@example("\x000")
@example('a""')
@example("\\")
def test_any_text_survives_as_a_docstring(text):
    assert docstring_of(text) == text


@given(ANY_TEXT)
@example("\x000")
def test_any_text_survives_as_a_string_literal(text):
    assert ast.literal_eval(py_str(text)) == text


@given(ANY_TEXT)
@example("'\"")
@example("\\'\"")
def test_any_text_survives_as_a_validator_string_literal(text):
    assert ast.literal_eval(string_literal(text)) == text
