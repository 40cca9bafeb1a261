"""Every payload vector gets its expected verdict from the generated TypeScript parsers, and every
valid one comes back JSON-equal to its input (explicit nulls and unknown response properties kept)."""

from __future__ import annotations

import json

import pytest

from generator.drivers.typescript import run_items
from tests.conftest import all_vectors
from tests.typescript.helpers import CACHE

VECTORS = all_vectors()


@pytest.fixture(scope="session")
def vector_verdicts(project_package):
    results = run_items(project_package, CACHE, [(v.shape, v.text()) for v in VECTORS])
    return {v.id: r for v, r in zip(VECTORS, results)}


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_vector_gets_its_expected_verdict(vector, vector_verdicts):
    result = vector_verdicts[vector.id]
    if vector.expect == "unparseable":
        assert result["ok"] is False and result["error"].startswith(": not JSON"), result
    elif vector.expect == "invalid":
        assert result["ok"] is False, f"accepted an invalid payload ({vector.note})"
    else:
        assert result["ok"] is True, f"{result['error']} ({vector.note})"
        assert result["json"] == json.loads(vector.text())


def _same_in_order(a, b) -> bool:
    """JSON equality that also wants object keys in the same order (numbers compare as numbers,
    as JSON.stringify writes 7.0 as 7)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same_in_order(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_in_order(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b and type(a is None) is type(b is None)


VALID = [v for v in VECTORS if v.expect == "valid"]


@pytest.mark.parametrize("vector", VALID, ids=lambda v: v.id)
def test_serialising_a_parsed_vector_writes_exactly_what_was_sent(vector, vector_verdicts):
    """JSON.stringify(parse<Name>(JSON.parse(text))): the same properties, in the same order, with
    the same values: nothing dropped, nothing added (no defaults, no nulls for absent fields)."""
    result = vector_verdicts[vector.id]
    assert result["ok"] is True, result
    assert _same_in_order(result["json"], json.loads(vector.text()))
