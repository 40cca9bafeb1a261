"""Every vector gets its expected verdict from the generated pydantic models, and every valid one
round-trips to an equal JSON document (explicit nulls and unknown response properties included)."""

from __future__ import annotations

import json

import pydantic
import pytest

from tests.conftest import all_vectors
from tests.python.models import model


@pytest.mark.parametrize("vector", all_vectors(), ids=lambda v: v.id)
def test_models_give_the_expected_verdict(vector):
    cls = model(vector.namespace, vector.name)
    text = vector.text()
    if vector.expect == "unparseable":
        with pytest.raises(pydantic.ValidationError, match="json_invalid|Invalid JSON"):
            cls.model_validate_json(text)
        return
    if vector.expect == "invalid":
        with pytest.raises(pydantic.ValidationError):
            cls.model_validate_json(text)
        return
    parsed = cls.model_validate_json(text)
    assert parsed.model_dump(mode="json") == json.loads(text)
