"""Presence, in every language: what was absent stays absent, what was null stays null, and a
value is written as it was set. Nothing is filled in (not even a default), nothing is dropped (not
an empty object, not false or 0), and a null where the schema has none is an error rather than a
quiet absence.

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

ROWS = [
    Row(
        "an absent optional property stays absent (nothing is written as null)",
        REQUEST,
        {"session": {"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcm", "rate": 24000}}}}},
        WRITTEN_AS_READ,
    ),
    Row(
        "an explicit null is written as null",
        REQUEST,
        {"session": {"type": "realtime", "tracing": None}},
        WRITTEN_AS_READ,
    ),
    Row(
        "absent, null and a value side by side, at two depths",
        REQUEST,
        {
            "session": {
                "type": "realtime",
                "prompt": {"id": "pmpt_1", "version": None},
                "tracing": None,
                "instructions": "hi",
            }
        },
        WRITTEN_AS_READ,
    ),
    Row(
        "a property with a default, left unset, is not filled in",
        REQUEST,
        {"session": {"type": "realtime", "audio": {"input": {"turn_detection": {"type": "server_vad"}}}}},
        WRITTEN_AS_READ,
    ),
    Row("an object whose properties all have defaults stays empty", REQUEST, {"expires_after": {}}, WRITTEN_AS_READ),
    Row(
        "a value equal to its default is written, because it was set",
        REQUEST,
        {"session": {"type": "realtime", "max_output_tokens": "inf", "tool_choice": "auto"}},
        WRITTEN_AS_READ,
    ),
    Row(
        "an empty object stays an empty object",
        REQUEST,
        {"session": {"type": "realtime", "audio": {"input": {}}}},
        WRITTEN_AS_READ,
    ),
    Row(
        "an empty array stays an empty array", REQUEST, {"session": {"type": "realtime", "tools": []}}, WRITTEN_AS_READ
    ),
    Row(
        "false and 0 are values, not absence",
        REQUEST,
        {
            "session": {
                "type": "realtime",
                "audio": {
                    "input": {"turn_detection": {"type": "server_vad", "create_response": False, "threshold": 0}}
                },
            }
        },
        WRITTEN_AS_READ,
    ),
    Row(
        "a response's nulls are written as read",
        RESPONSE,
        {
            "value": "ek_1",
            "expires_at": 1756310470,
            "session": {"type": "realtime", "object": "realtime.session", "id": "sess_1", "tracing": None},
        },
        WRITTEN_AS_READ,
    ),
    Row(
        "a value is written under its wire name, as set",
        "oci:RealtimeSessionToken",
        {"token": "t", "sessionId": "s", "compartmentId": "c"},
        WRITTEN_AS_READ,
    ),
    Row(
        "null where the schema has no null is rejected, not read as absent",
        REQUEST,
        {"session": {"type": "realtime", "instructions": None}},
        REJECTED,
    ),
    Row(
        "null where the schema has no null is rejected, in another namespace too",
        "oci:CreateRealtimeSessionTokenDetails",
        {"compartmentId": "ocid1.compartment.oc1..aaaa", "freeformTags": None},
        REJECTED,
    ),
]


@pytest.mark.fast
def test_every_row_states_the_verdict_the_schema_gives():
    assert the_schema_disagrees(ROWS) == []


@pytest.mark.parametrize("lang", language_params())
def test_every_language_writes_exactly_what_it_read(lang):
    assert wrong_rows(lang, ROWS) == []
