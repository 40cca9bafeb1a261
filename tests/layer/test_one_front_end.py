"""One ECMA-262 front end: `generator.layer.ecma` parses every pattern, and each dialect (the
Python `re` translation included) is printed from that tree. The layer sits below the targets and
the validators, so nothing in `generator/layer` imports `generator.validators`."""

from __future__ import annotations

import ast
import re

import pytest

from generator.layer import ecma, python_re
from generator.layer.patterns import Pattern
from tests.conftest import REPO

LAYER = sorted((REPO / "generator" / "layer").glob("*.py"))


def _imported_modules(tree: ast.AST) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


@pytest.mark.parametrize("path", LAYER, ids=lambda p: p.stem)
def test_the_layer_does_not_import_the_validators(path):
    imported = _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
    upward = sorted(m for m in imported if m == "generator.validators" or m.startswith("generator.validators."))
    assert not upward, f"generator/layer/{path.name} imports {upward}: the layer may not depend on the validators"


def test_the_python_translation_has_no_scanner_of_its_own():
    """It prints `ecma.parse`'s tree: a pattern the parser rejects is refused, with the parser's reason."""
    with pytest.raises(python_re.UnsupportedPattern, match="not an escape in Unicode mode"):
        python_re.translate("\\q")
    tree = ecma.parse("^tunnel_[a-z0-9]{32}$")
    assert (
        python_re.emit(tree)
        == python_re.translate("^tunnel_[a-z0-9]{32}$")
        == Pattern("^tunnel_[a-z0-9]{32}$").python_re()
    )


@pytest.mark.parametrize(
    "source, matching, other",
    [
        # a negated class escape inside a class: ECMA-262's complement, not Python's ASCII one
        ("^[\\S]$", ["a", "\u00e9"], [" ", "\u00a0", "\ufeff", "\u2028"]),
        ("^[\\P{L}x]$", ["1", "-", "x"], ["a", "\u00e9", "\u0416"]),
        ("^[\\b]$", ["\b"], ["b", "\\"]),
        ("^\\cJ$", ["\n"], ["J"]),
        ("^(a)\\1$", ["aa"], ["a", "ab"]),
        ("^(?<x>a)\\k<x>$", ["aa"], ["ab"]),
        ("^[]$", [], ["", "a"]),
        ("^[^]$", ["a", "\n"], ["", "ab"]),
        ("^[&&~~||-]+$", ["&~|-"], ["a"]),
        ("^\\u{1F432}+$", ["\U0001f432\U0001f432"], ["\ud83d"]),
    ],
)
def test_printed_python_patterns_keep_the_ecma_meaning(source, matching, other):
    rx = re.compile(Pattern(source).python_re())
    assert [v for v in matching if not rx.search(v)] == []
    assert [v for v in other if rx.search(v)] == []
