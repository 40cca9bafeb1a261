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
