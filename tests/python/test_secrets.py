"""A secret field (x-shapegen-secret) never appears in repr() or str(); the wire keeps it."""

from __future__ import annotations

import json

from tests.conftest import all_vectors
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


def test_a_secret_inside_a_response_is_redacted_where_its_parent_is_printed():
    vector = next(v for v in all_vectors() if v.file.name == "client_secret_create_response_realtime.json")
    secret = json.loads(vector.text())["value"]
    text = vector.text()
    response = model("openai", "RealtimeClientSecretCreateResponse").model_validate_json(text)
    assert secret not in repr(response) and secret not in str(response)
    assert json.loads(response.model_dump_json()) == json.loads(text)


def test_fields_that_are_not_secret_are_printed():
    assert "session_id='s'" in repr(_token())
