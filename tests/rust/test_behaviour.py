"""Wire behaviour of the generated Rust types, through the conformance driver (serde_json decode,
validate(), re-serialise) on tests/rust/fixture. Presence and what a newer server sends are
specified once for every language, in tests/every_language."""

from __future__ import annotations

import json


def ok(result: dict) -> dict:
    assert result["ok"], result
    return result["json"]


def test_server_vad_with_only_its_type_decodes(roundtrip):  # D-4
    assert ok(roundtrip("TurnDetection", '{"type":"server_vad"}')) == {"type": "server_vad"}
    assert ok(roundtrip("TurnDetection", '{"type":"semantic_vad"}')) == {"type": "semantic_vad"}


def test_noise_reduction_serialises_flat(roundtrip):  # D-RS-6
    assert ok(roundtrip("NoiseReduction", '{"type":"near_field"}')) == {"type": "near_field"}
    assert not roundtrip("NoiseReduction", '{"type":{"type":"near_field"}}')["ok"]


def test_closed_request_fails_to_read_with_an_unknown_property(roundtrip):
    # rejected while reading (as in every language), not left to validate(): the error is serde's
    result = roundtrip("SessionRequest", '{"audio":{"surprise":1},"extra":true}')
    assert not result["ok"]
    assert 'unknown property "surprise"' in result["error"]
    result = roundtrip("SessionRequest", '{"extra":true,"more":1}')
    assert 'unknown properties "extra", "more"' in result["error"]


def test_constraint_violations_are_reported_with_pointers(roundtrip):
    text = json.dumps(
        {
            "name": "a",
            "tunnel_id": "tunnel_AB12",
            "tags": ["x", "x", "y"],
            "max_output_tokens": 5000,
            "temperature": 3,
            "audio": {"turn_detection": {"type": "server_vad", "idle_timeout_ms": 10}},
        }
    )
    error = roundtrip("SessionRequest", text)["error"]
    for expected in (
        "/name: 1 characters, fewer than 2",
        "/tunnel_id: does not match the pattern",
        "/tags: 3 items, more than 2",
        "/tags/1: item 1 repeats item 0",
        "/max_output_tokens: 5000 is more than the maximum 4096",
        "/temperature: 3 is more than the maximum 2",
        "/audio/turn_detection/idle_timeout_ms: 10 is less than the minimum 5000",
    ):
        assert expected in error


def test_lengths_count_code_points(roundtrip):
    assert ok(roundtrip("SessionRequest", '{"name":"\\u00e9\\u00e9\\u00e9\\u00e9"}')) == {"name": "éééé"}
    assert not roundtrip("SessionRequest", '{"name":"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"}')["ok"]


def test_inf_or_integer(roundtrip):
    assert ok(roundtrip("SessionRequest", '{"max_output_tokens":"inf"}')) == {"max_output_tokens": "inf"}
    assert ok(roundtrip("SessionRequest", '{"max_output_tokens":4096}')) == {"max_output_tokens": 4096}
    assert not roundtrip("SessionRequest", '{"max_output_tokens":"infinite"}')["ok"]


def test_constant_or_object_or_null(roundtrip):
    for value in ('"auto"', "null", '{"group_id":"g"}'):
        assert ok(roundtrip("SessionResponse", f'{{"id":"s","tracing":{value}}}')) == {
            "id": "s",
            "tracing": json.loads(value),
        }


def test_hostile_names_and_values_round_trip(roundtrip):
    text = json.dumps({"type": "t", 'quote"d': "*/"})
    assert ok(roundtrip("SessionRequest", text)) == json.loads(text)
    assert ok(roundtrip("SessionRequest", json.dumps({'quote"d': "c\\d"}))) == {'quote"d': "c\\d"}


def test_pattern_dollar_does_not_match_before_a_trailing_newline(roundtrip):
    assert ok(roundtrip("SessionRequest", '{"tunnel_id":"tunnel_ab12"}')) == {"tunnel_id": "tunnel_ab12"}
    result = roundtrip("SessionRequest", '{"tunnel_id":"tunnel_ab12\\n"}')
    assert not result["ok"] and "/tunnel_id: does not match the pattern" in result["error"]


def test_patterns_with_groups_and_alternation_are_checked(roundtrip):
    assert ok(roundtrip("SessionRequest", '{"code":"abcdab"}')) == {"code": "abcdab"}
    assert not roundtrip("SessionRequest", '{"code":"abc"}')["ok"]
