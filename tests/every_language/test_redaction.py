"""Redaction, in every language: a secret (`x-shapegen-secret`) read from the wire never appears
in any form a program prints or logs a value in (Python's repr and str, TypeScript's redacted
copy, Rust's Debug, C#'s ToString, Go's fmt verbs and slog), at the top or nested in a list or a
map, and the redaction marker shows where it was; written back to JSON, the value still holds
every secret.

One table; each row states its secrets once. Every language prints every row in one program,
built once (tests/every_language/printers.py). Dart is not run here (no Dart SDK is reachable)."""

from __future__ import annotations

import json

import pytest

from generator.layer.secrets import REDACTED
from tests.every_language.printers import PRINTERS
from tests.every_language.wire import WRITTEN_AS_READ, Row, language_params, the_schema_disagrees

# (row, the secrets inside its payload)
ROWS = [
    (
        Row(
            "a secret at the top of a response",
            "oci:RealtimeSessionToken",
            {"token": "eyJ.TOKEN-SECRET-1.sig", "sessionId": "s", "compartmentId": "c"},
            WRITTEN_AS_READ,
        ),
        ["TOKEN-SECRET-1"],
    ),
    (
        Row(
            "a secret beside a nested union",
            "openai:RealtimeClientSecretCreateResponse",
            {
                "value": "ek_VALUE-SECRET-2",
                "expires_at": 1756310470,
                "session": {"type": "realtime", "object": "realtime.session", "id": "sess_1"},
            },
            WRITTEN_AS_READ,
        ),
        ["VALUE-SECRET-2"],
    ),
    (
        Row(
            "secrets inside an item of a list, one of them a map of secrets",
            "openai:RealtimeClientSecretCreateRequest",
            {
                "session": {
                    "type": "realtime",
                    "tools": [
                        {
                            "type": "mcp",
                            "server_label": "docs",
                            "authorization": "Bearer AUTH-SECRET-3",
                            "headers": {"X-Key": "HEADER-SECRET-4"},
                        }
                    ],
                }
            },
            WRITTEN_AS_READ,
        ),
        ["AUTH-SECRET-3", "HEADER-SECRET-4"],
    ),
]


@pytest.mark.fast
def test_every_row_is_a_value_the_schema_accepts():
    assert the_schema_disagrees([row for row, _ in ROWS]) == []


@pytest.mark.parametrize("lang", language_params())
def test_no_printed_form_shows_a_secret_and_the_wire_keeps_every_one(lang, tmp_path):
    results = PRINTERS[lang]([(row.shape, json.dumps(row.payload)) for row, _ in ROWS], tmp_path)
    wrong = []
    for (row, secrets), result in zip(ROWS, results, strict=True):
        for form in result["printed"]:
            shown = [s for s in secrets if s in form]
            if shown or REDACTED not in form:
                wrong.append(f"{row.what}: printed {form[:300]!r}")
        missing = [s for s in secrets if s not in result["wire"]]
        if missing:
            wrong.append(f"{row.what}: the JSON written back lost {missing}: {result['wire'][:300]}")
    assert wrong == []
