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


# ---------------------------------------------------------------- the whole naming stage

from generator.naming import Associated, LanguageRules, report  # noqa: E402

TOY = LanguageRules(
    language="toy",
    type_case=pascal_case,
    field_case=snake_case,
    member_case=screaming_snake_case,
    keywords=frozenset({"class"}),
    module_case=snake_case,
    file_case=lambda name: snake_case(name) + ".toy",
    associated=(
        Associated("values", "enum", "types", ("{type}Values", "{type}AllValues")),
        Associated("catch_all", "open-enum", "members", ("OTHER", "UNKNOWN_VALUE")),
        Associated("or_default", "default-field", "members", ("{field}_or_default", "default_{field}")),
        Associated("unknown", "open-union", "members", ("Unknown", "UnknownVariant")),
    ),
)


def union(name, *variants, tag=None, open_=False):
    return ir.Union_(name, "", tuple(variants), tag, "part", SRC, open=open_)


def test_variants_are_named_by_tag_constant_type_or_kind():
    u = union(
        "U",
        ir.Variant(ir.Literal("inf")),
        ir.Variant(ir.Primitive("integer")),
        ir.Variant(ir.Ref("A")),
        ir.Variant(ir.Array(ir.AnyValue())),
    )
    names = assign(ns(obj("A"), u), TOY)
    assert [names.variant("U", i) for i in range(4)] == ["Inf", "Integer", "A", "List"]


def test_colliding_variants_are_spelled_out_and_reported_with_both_places():
    u = union("U", ir.Variant(ir.Literal("a_b")), ir.Variant(ir.Literal("a-b")))
    names = assign(ns(u), TOY)
    assert [names.variant("U", i) for i in range(2)] == ["AB", "ADashB"]
    assert report(names) == [
        "U variants: U variant 0 ('a_b') and U variant 1 ('a-b') both wanted 'AB'; the second is 'ADashB'"
    ]


def test_associated_names_take_their_next_candidate_when_a_shape_has_the_first():
    mode = ir.Enum("Mode", "", ("a",), True, "part", SRC)
    names = assign(ns(mode, obj("ModeValues")), TOY)
    assert names.associated("values", "Mode") == "ModeAllValues"
    assert names.associated("catch_all", "Mode") == "OTHER"
    assert any(c.wanted == "ModeValues" and c.first == "shape ModeValues" for c in names.collisions)


def test_open_enum_catch_all_never_takes_a_member_name():
    mode = ir.Enum("Mode", "", ("other", "b"), True, "part", SRC)
    names = assign(ns(mode), TOY)
    assert names.member("Mode", "other") == "OTHER" and names.associated("catch_all", "Mode") == "UNKNOWN_VALUE"


def test_default_accessors_are_named_beside_the_fields():
    shape = ir.Object(
        "S",
        "",
        (
            ir.Field("max", ir.Primitive("integer"), ir.Default(1), False),
            ir.Field("max_or_default", ir.Primitive("integer"), ir.Optional(), False),
        ),
        False,
        "part",
        SRC,
    )
    names = assign(ns(shape), TOY)
    assert names.associated("or_default", "S", "max") == "default_max"


def test_open_unions_get_an_unknown_variant_name():
    u = union("U", ir.Variant(ir.Ref("A"), "a"), ir.Variant(ir.Ref("B"), "unknown"), tag="type", open_=True)
    names = assign(ns(obj("A"), obj("B"), u), TOY)
    assert names.variant("U", 1) == "Unknown" and names.associated("unknown", "U") == "UnknownVariant"


def test_modules_and_files_are_named_and_case_folded_collisions_are_errors():
    names = assign(ns(obj("RealtimeToken")), TOY)
    assert names.module == "n" and names.file("RealtimeToken") == "realtime_token.toy"
    toy = LanguageRules("toy", lambda n: n, snake_case, snake_case, frozenset(), file_case=lambda n: n + ".toy")
    with pytest.raises(ShapegenError, match="differ only by case"):
        assign(ns(obj("Abc"), obj("ABC")), toy)


def test_no_name_left_is_an_error_naming_the_blocker():
    toy = LanguageRules(
        "toy",
        pascal_case,
        snake_case,
        snake_case,
        frozenset(),
        associated=(Associated("values", "enum", "types", ("{type}Values",)),),
    )
    with pytest.raises(ShapegenError, match="shape ModeValues"):
        assign(ns(ir.Enum("Mode", "", ("a",), False, "part", SRC), obj("ModeValues")), toy)


def test_a_second_list_variant_is_named_after_what_it_holds():
    # the vendor spec's completion prompt: string | string[] | integer[] | integer[][]
    variants = (
        ir.Variant(ir.Primitive("string")),
        ir.Variant(ir.Array(ir.Primitive("string"))),
        ir.Variant(ir.Array(ir.Primitive("integer"))),
        ir.Variant(ir.Array(ir.Array(ir.Primitive("integer")))),
    )
    union = ir.Union_("Prompt", "", variants, None, "request", ir.Source("api.yaml", "/components/schemas/Prompt"))
    names = assign(ir.Namespace("n", "", (union,), "id"), PYTHON)
    assert [names.variants[("Prompt", i)] for i in range(4)] == ["String", "List", "IntegerList", "IntegerListList"]
