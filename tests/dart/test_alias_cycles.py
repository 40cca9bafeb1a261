"""Aliases that refer to one another: which of them has a `_check<Name>` is worked out for the
namespace as a whole, so that a constraint anywhere on a cycle is checked by every alias on it,
whichever shape the schema lists first (and whichever shapes' plans a warm run makes again)."""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.config import load_config
from tests.hostile.project import make

API = """\
openapi: 3.1.0
info: {title: Nest, version: "1"}
paths: {}
components:
  schemas:
    %s
"""
# a non-empty list of B, where a B is an A or null: an A inside an A is a non-empty list too
A = """A:
      type: array
      minItems: 1
      items: {$ref: '#/components/schemas/B'}"""
B = """B:
      oneOf:
        - {$ref: '#/components/schemas/A'}
        - {type: 'null'}"""


def checks(tmp_path, monkeypatch, shapes: tuple[str, ...]) -> list[str]:
    monkeypatch.setenv("SHAPEGEN_NO_CACHE", "1")
    root = make(tmp_path, api=API % "\n    ".join(shapes), targets='["dart"]')
    files = pipeline.build(load_config(root)).files
    (library,) = [t.decode() for rel, t in files.items() if rel.startswith("dart/lib/src/") and "runtime" not in rel]
    lines = library.splitlines()
    # each check function, as the line that says what it checks
    return sorted(
        f"{line.strip()} {lines[i + 1].strip()}"
        for i, line in enumerate(lines)
        if line.lstrip().startswith("void _check")
    )


@pytest.mark.parametrize("order", [(A, B), (B, A)], ids=["A first", "B first"])
def test_a_constraint_on_an_alias_cycle_is_checked_through_every_alias(tmp_path, monkeypatch, order):
    assert checks(tmp_path, monkeypatch, order) == [
        "void _checkA(A $value, String $pointer, List<ValidationError> $errors) =>"
        " $rt.check($value.value, $pointer, $errors, $rt.listChecker<B?>($rt.nullableChecker(_checkB), minItems: 1));",
        "void _checkB(B? $value, String $pointer, List<ValidationError> $errors) =>"
        " $rt.check($value?.value, $pointer, $errors, _checkA);",
    ]
