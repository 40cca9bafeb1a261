"""Every payload vector gets its expected verdict from the compiled validators of the bundles."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from generator.targets.validators import entries_for
from generator.validators import compile_module
from tests.conftest import GENERATED, all_vectors

VECTORS = [v for v in all_vectors() if v.expect != "unparseable"]


@lru_cache(maxsize=None)
def module_for(namespace: str):
    path = GENERATED / "jsonschema" / f"{namespace}.schema.json"
    if not path.is_file():
        pytest.skip(f"{path} is not generated yet (make generate)")
    bundle = json.loads(path.read_text(encoding="utf-8"))
    return compile_module(bundle, entries_for(list(bundle["$defs"])))


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_vector_gets_its_expected_verdict(vector):
    module = module_for(vector.namespace)
    data = json.loads(vector.text())
    expected = vector.expect == "valid"
    assert module.is_valid(vector.name, data) is expected, vector.note
    errors = module.validate(vector.name, data)
    assert (errors == []) is expected, [str(e) for e in errors]
