"""Python's own ways to write a model (model_dump_json, to_dict, to_json, attribute names) write
exactly what was set, and parse back equal. Presence and unknown response properties on the wire
are specified once for every language, in tests/every_language."""

from __future__ import annotations

import json

import pytest

from tests.conftest import all_vectors
from tests.python.models import model

VALID = [v for v in all_vectors() if v.expect == "valid"]


@pytest.mark.parametrize("vector", VALID, ids=lambda v: v.id)
def test_default_model_dump_json_of_every_valid_vector_equals_its_payload(vector):
    cls = model(vector.namespace, vector.name)
    payload = json.loads(vector.text())
    parsed = cls.model_validate_json(vector.text())
    assert json.loads(parsed.model_dump_json()) == payload
    assert cls.model_validate_json(parsed.model_dump_json()) == parsed


@pytest.mark.parametrize("vector", VALID, ids=lambda v: v.id)
def test_to_dict_and_to_json_of_every_valid_vector_equal_its_payload(vector):
    parsed = model(vector.namespace, vector.name).model_validate_json(vector.text())
    payload = json.loads(vector.text())
    assert json.loads(json.dumps(parsed.to_dict(mode="json"))) == payload
    assert json.loads(parsed.to_json()) == payload


def test_a_model_built_in_python_writes_only_what_was_given():
    token = model("oci", "RealtimeSessionToken")(token="t", session_id="s", compartment_id="c")
    assert token.model_dump_json() == '{"token":"t","sessionId":"s","compartmentId":"c"}'
    assert model("oci", "RealtimeSessionToken").model_validate_json(token.model_dump_json()) == token


def test_attribute_names_are_written_when_asked_for():
    token = model("oci", "RealtimeSessionToken")(token="t", session_id="s", compartment_id="c")
    assert token.model_dump(by_alias=False) == {"token": "t", "session_id": "s", "compartment_id": "c"}
    assert token.to_dict(use_api_names=False) == {"token": "t", "session_id": "s", "compartment_id": "c"}


def test_a_none_assigned_to_an_optional_non_nullable_attribute_is_not_written():
    token = model("oci", "RealtimeSessionToken")(token="t", session_id="s", compartment_id="c")
    token.freeform_tags = None
    assert "freeformTags" not in token.model_dump()
