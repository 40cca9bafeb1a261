"""A newer server, in every language: a response keeps what the service sends that this version
of the schema does not know (a property, an enum value, a union variant) and writes it back
JSON-equal, at any depth; a request stays closed, so a misspelt or made-up name is an error
before it reaches the service.

One table; each row states its outcome once, the standard 2020-12 validator on the generated
bundle confirms the row tests what it says, and every language with a conformance driver reads
and writes every row (tests/every_language/wire.py)."""

from __future__ import annotations

import pytest

from tests.every_language.wire import (
    REJECTED,
    WRITTEN_AS_READ,
    Row,
    language_params,
    the_schema_disagrees,
    wrong_rows,
)

REQUEST = "openai:RealtimeClientSecretCreateRequest"
RESPONSE = "openai:RealtimeClientSecretCreateResponse"
SESSION = {"type": "realtime", "object": "realtime.session", "id": "sess_1"}

ROWS = [
    Row(
        "an unknown property at the top of a response is kept",
        RESPONSE,
        {"value": "ek_1", "expires_at": 1756310470, "organization_id": "org_1", "session": SESSION},
        WRITTEN_AS_READ,
    ),
    Row(
        "an unknown property nested in a response is kept, whatever JSON it holds",
        RESPONSE,
        {
            "value": "ek_1",
            "expires_at": 1756310470,
            "session": {**SESSION, "brand_new": {"a": [1, 2.5, None, {"b": True}], "s": ""}},
        },
        WRITTEN_AS_READ,
    ),
    Row(
        "an unknown property inside a known variant of a response union is kept",
        RESPONSE,
        {
            "value": "ek_1",
            "expires_at": 1756310470,
            "session": {
                **SESSION,
                "audio": {"input": {"turn_detection": {"type": "server_vad", "threshold": 0.5, "future_knob": "x"}}},
            },
        },
        WRITTEN_AS_READ,
    ),
    Row(
        "an unknown value of a response enum is kept",
        RESPONSE,
        {"value": "ek_1", "expires_at": 1756310470, "session": {**SESSION, "model": "gpt-realtime-2"}},
        WRITTEN_AS_READ,
    ),
    Row(
        "an unknown variant of a response union is kept (a new kind of session)",
        RESPONSE,
        {"value": "ek_1", "expires_at": 1, "session": {"type": "video", "frames": 30, "extra": {"x": None}}},
        WRITTEN_AS_READ,
    ),
    Row(
        "an unknown variant deeper in a response is kept (a new kind of turn detection)",
        RESPONSE,
        {
            "value": "ek_1",
            "expires_at": 1756310470,
            "session": {**SESSION, "audio": {"input": {"turn_detection": {"type": "future_vad", "threshold": 0.5}}}},
        },
        WRITTEN_AS_READ,
    ),
    Row(
        "an unknown property of a response is kept in another namespace too",
        "oci:RealtimeSessionToken",
        {"token": "t", "sessionId": "s", "compartmentId": "c", "issuedAt": 12, "meta": {"a": None}},
        WRITTEN_AS_READ,
    ),
    Row(
        "an unknown property of a request is rejected", REQUEST, {"session": {"type": "realtime"}, "ttl": 60}, REJECTED
    ),
    Row(
        "an unknown property nested in a request is rejected",
        REQUEST,
        {"session": {"type": "realtime", "unknown": 1}},
        REJECTED,
    ),
    Row("an unknown variant of a request union is rejected", REQUEST, {"session": {"type": "mystery"}}, REJECTED),
    Row(
        "an unknown variant deeper in a request is rejected",
        REQUEST,
        {"session": {"type": "realtime", "audio": {"input": {"turn_detection": {"type": "future_vad"}}}}},
        REJECTED,
    ),
    Row(
        "an unknown property of a request is rejected in another namespace too",
        "oci:CreateRealtimeSessionTokenDetails",
        {"compartmentId": "ocid1.compartment.oc1..aaaa", "displayName": "x"},
        REJECTED,
    ),
]


@pytest.mark.fast
def test_every_row_states_the_verdict_the_schema_gives():
    assert the_schema_disagrees(ROWS) == []


@pytest.mark.parametrize("lang", language_params())
def test_every_language_keeps_what_a_newer_server_sends(lang):
    assert wrong_rows(lang, ROWS) == []
