"""A secret field (x-shapegen-secret) never appears in repr() or str(); the wire keeps it."""

from __future__ import annotations

import json

import pydantic
import pytest

from tests.conftest import vector as named_vector
from tests.python.models import model

JWT = "eyJhbGciOiJSUzI1NiJ9.secret-payload.signature"


def _token():
    return model("oci", "RealtimeSessionToken")(token=JWT, session_id="s", compartment_id="c")


def test_repr_and_str_show_a_redacted_marker_instead_of_the_secret():
    token = _token()
    for text in (repr(token), str(token), repr(list(token.__repr_args__()))):
        assert JWT not in text
        assert "token=<redacted>" in text or "('token', <redacted>)" in text


def test_the_wire_keeps_the_secret():
    token = _token()
    assert json.loads(token.model_dump_json())["token"] == JWT
    assert token.to_dict()["token"] == JWT
    assert token.token == JWT


@pytest.mark.parametrize(
    "origin, file_name",
    [("project", "s3_response_tracing_null.json"), ("shared", "client_secret_create_response_realtime.json")],
)
def test_a_secret_inside_a_response_is_redacted_where_its_parent_is_printed(origin, file_name):
    vector = named_vector(origin, file_name)
    secret = json.loads(vector.text())["value"]
    text = vector.text()
    response = model("openai", "RealtimeClientSecretCreateResponse").model_validate_json(text)
    assert secret not in repr(response) and secret not in str(response)
    assert json.loads(response.model_dump_json()) == json.loads(text)


def test_fields_that_are_not_secret_are_printed():
    assert "session_id='s'" in repr(_token())


def test_a_validation_error_does_not_print_the_secret_it_was_given():
    cls = model("oci", "RealtimeSessionToken")
    with pytest.raises(pydantic.ValidationError) as err:
        cls.model_validate_json(json.dumps({"token": JWT, "sessionId": 5}))
    assert JWT not in str(err.value) and JWT not in repr(err.value)
    assert "sessionId" in str(err.value)  # the error still says where and what


def test_hiding_the_input_keeps_the_models_strict():
    with pytest.raises(pydantic.ValidationError):
        model("oci", "RealtimeSessionToken").model_validate_json('{"token":"t","sessionId":"s","compartmentId":1}')
    assert model("oci", "RealtimeSessionToken").model_config["strict"] is True
