"""The Python quoting layer: any text becomes a literal or docstring that means exactly that text."""

from __future__ import annotations

import ast

import pytest

from generator.targets.python import py_docstring, py_literal, py_str

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
]


@pytest.mark.parametrize("text", HOSTILE)
def test_string_literal_means_the_text(text):
    assert ast.literal_eval(py_str(text)) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_means_the_text(text):
    source = f"def f():\n    {py_docstring(text)}\n"
    assert ast.get_docstring(ast.parse(source).body[0], clean=False) == text


def test_json_values_become_equal_python_literals():
    value = {"a": [1, 2.5, True, None, "x\n"], "b": {}}
    assert ast.literal_eval(py_literal(value)) == value


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_any_text_survives_as_a_docstring(text):
    source = f"def f():\n    {py_docstring(text)}\n"
    assert ast.get_docstring(ast.parse(source).body[0], clean=False) == text


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_any_text_survives_as_a_string_literal(text):
    assert ast.literal_eval(py_str(text)) == text
