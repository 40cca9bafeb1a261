"""The naming pass: case styles, keywords, reserved names, deterministic collisions."""

from __future__ import annotations

import pytest

from generator import ir
from generator.errors import ShapegenError
from generator.naming import assign, camel_case, pascal_case, screaming_snake_case, snake_case
from generator.targets.python import RULES as PYTHON

SRC = ir.Source("s.yaml", "/x")


def obj(name, *wires):
    return ir.Object(
        name, "", tuple(ir.Field(w, ir.AnyValue(), ir.Optional(), False) for w in wires), False, "part", SRC
    )


def ns(*shapes):
    return ir.Namespace("n", "", shapes, "urn:n")


@pytest.mark.parametrize(
    "raw, snake, pascal, camel",
    [
        ("compartmentId", "compartment_id", "CompartmentId", "compartmentId"),
        ("gpt-4o-realtime-preview", "gpt_4o_realtime_preview", "Gpt4oRealtimePreview", "gpt4oRealtimePreview"),
        (
            "item.input_audio_transcription.logprobs",
            "item_input_audio_transcription_logprobs",
            "ItemInputAudioTranscriptionLogprobs",
            "itemInputAudioTranscriptionLogprobs",
        ),
        ("HTTPServer", "http_server", "HttpServer", "httpServer"),
        ("pcm16", "pcm16", "Pcm16", "pcm16"),
        ("audio/pcm", "audio_pcm", "AudioPcm", "audioPcm"),
    ],
)
def test_case_styles_split_words_the_same_way(raw, snake, pascal, camel):
    assert (snake_case(raw), pascal_case(raw), camel_case(raw)) == (snake, pascal, camel)


def test_screaming_snake_case_for_enum_members():
    assert screaming_snake_case("near_field") == "NEAR_FIELD"


def test_python_keywords_and_basemodel_attributes_are_dodged():
    names = assign(ns(obj("A", "from", "class", "schema", "json", "model_config", "validate", "list")), PYTHON)
    assert [names.field("A", w) for w in ("from", "class", "schema", "json", "model_config", "validate", "list")] == [
        "from_",
        "class_",
        "schema_",
        "json_",
        "model_config_",
        "validate_",
        "list_",
    ]


def test_a_name_starting_with_a_digit_gets_a_word_in_front():
    names = assign(ns(obj("A", "2fast")), PYTHON)
    assert names.field("A", "2fast") == "value_2fast"


def test_colliding_wire_names_keep_the_natural_spelling_and_prefix_the_other():
    names = assign(ns(obj("Session", "fooBar", "foo_bar")), PYTHON)
    assert names.field("Session", "foo_bar") == "foo_bar"
    assert names.field("Session", "fooBar") == "session_foo_bar"


def test_colliding_enum_values_are_spelled_out_not_numbered():
    shape = ir.Enum("Mode", "", ("a-b", "a_b", "a.b"), False, "part", SRC)
    names = assign(ns(shape), PYTHON)
    assert [names.member("Mode", v) for v in ("a-b", "a_b", "a.b")] == ["A_DASH_B", "A_B", "A_DOT_B"]


def test_two_shapes_that_become_one_type_name_is_a_user_error():
    with pytest.raises(ShapegenError, match="both become 'FooBar'"):
        assign(ns(obj("FooBar"), obj("foo_bar")), PYTHON)


def test_names_do_not_depend_on_anything_but_the_input():
    first = assign(ns(obj("A", "x-y", "x_y", "xY")), PYTHON)
    second = assign(ns(obj("A", "x-y", "x_y", "xY")), PYTHON)
    assert first.fields == second.fields
