"""Python's own side of secrets (x-shapegen-secret): the other fields still print, and a validation
error never quotes a secret it was given. That no printed form shows a secret and the wire keeps
it is specified once for every language, in tests/every_language/test_redaction.py."""

from __future__ import annotations

import json

import pydantic
import pytest

from tests.python.models import model

JWT = "eyJhbGciOiJSUzI1NiJ9.secret-payload.signature"


def _token():
    return model("oci", "RealtimeSessionToken")(token=JWT, session_id="s", compartment_id="c")


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
