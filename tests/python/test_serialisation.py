"""The default calls write exactly what was set: unset properties are left out, explicit nulls and
unknown response properties are kept, and the output parses back equal to the payload."""

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


def test_unset_properties_are_not_written_as_nulls():
    # the async-openai bug: an explicit null turns voice detection off
    request = model("openai", "RealtimeClientSecretCreateRequest").model_validate_json(
        '{"session":{"type":"realtime","audio":{"input":{"format":{"type":"audio/pcm","rate":24000}}}}}'
    )
    assert json.loads(request.model_dump_json()) == {
        "session": {"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcm", "rate": 24000}}}}
    }
    assert "null" not in request.model_dump_json()


def test_an_explicit_null_is_kept():
    text = '{"session":{"type":"realtime","tracing":null}}'
    request = model("openai", "RealtimeClientSecretCreateRequest").model_validate_json(text)
    assert request.model_dump() == json.loads(text)


def test_unknown_response_properties_are_written_back():
    text = '{"token":"t","sessionId":"s","compartmentId":"c","issuedAt":12,"meta":{"a":null}}'
    token = model("oci", "RealtimeSessionToken").model_validate_json(text)
    assert json.loads(token.model_dump_json()) == json.loads(text)


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
