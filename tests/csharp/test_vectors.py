"""Every payload vector (../shared/vectors and tests/vectors/) through the C# conformance driver:
the expected verdict, and every valid payload written back JSON-equal (key order free, 1 == 1.0)."""

from __future__ import annotations

import json

import pytest

from generator.conformance import json_equal
from tests.conformance.matrix import VECTOR_DIRS, matrix


@pytest.fixture(scope="module")
def cells(toolchain, shared):
    return matrix(["csharp"])


def test_the_vectors_of_both_folders_are_run(cells):
    listed = sum(len(json.loads((d / "manifest.json").read_text(encoding="utf-8"))) for d in VECTOR_DIRS)
    assert len(cells) == listed


def test_every_vector_gets_its_expected_verdict(cells):
    wrong = [
        f"{c.item.id} ({c.item.expect}): {c.result}"
        for c in cells
        if (c.result.get("ok") is True) != (c.item.expect == "valid")
    ]
    assert not wrong, "\n".join(wrong)


def test_every_valid_vector_round_trips_json_equal(cells):
    valid = [c for c in cells if c.item.expect == "valid"]
    assert valid
    wrong = [c.item.id for c in valid if not json_equal(c.result.get("json"), json.loads(c.item.text))]
    assert not wrong, wrong


def test_a_rejected_vector_says_where(cells):
    rejected = [c.result["error"] for c in cells if c.result.get("ok") is False]
    assert rejected and all(e.startswith("/") for e in rejected), [e for e in rejected if not e.startswith("/")][:5]
