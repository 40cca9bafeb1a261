"""The names a target derives from the decided ones (a C# backing field's "set" flag, Go's variant
types and decoders, Python's tag attribute and catch-all label) are decided names too: made once,
through the language's rules hooks, by the decide stage, where `breaking`, the docs and `ir.txt`
see them, and checked for collisions when they are made, not when one target happens to render."""

from __future__ import annotations

import re

import pytest

from generator import ir
from generator.decide import decide_namespace
from generator.errors import ShapegenError
from generator.targets import csharp

SOURCE = ir.Source("api.yaml", "#/components/schemas/x")

LIMIT = ir.Union_(
    "Limit",
    "",
    (ir.Variant(ir.Primitive("string")), ir.Variant(ir.Primitive("integer"))),
    None,
    "request",
    SOURCE,
)
HOLDER = ir.Object("Holder", "", (ir.Field("limit", ir.Ref("Limit"), ir.Optional(), True),), True, "request", SOURCE)
EVENT = ir.Object("Ping", "", (ir.Field("type", ir.Literal("ping"), ir.Required(), False),), False, "response", SOURCE)
EVENTS = ir.Union_("Event", "", (ir.Variant(ir.Ref("Ping"), "ping"),), "type", "response", SOURCE, open=True)


def names(language: str, *shapes: ir.Shape):
    return decide_namespace(ir.Namespace("shop", "", shapes, "https://example.test/shop")).names(language)


def test_an_optional_nullable_csharp_property_has_its_set_flag_decided():
    csharp = names("csharp", LIMIT, HOLDER)
    assert csharp.associated("backing", "Holder", "limit") == "_limit"
    assert csharp.associated("backing-set", "Holder", "limit") == "_limitSet"
    assert csharp.associated("should-serialize", "Holder", "limit") == "ShouldSerializeLimit"


def test_go_names_each_own_variant_type_and_the_decoder_of_a_union():
    go = names("go", LIMIT, HOLDER)
    assert go.associated("variant-type", "Limit", "0") == "LimitString"
    assert go.associated("variant-type", "Limit", "1") == "LimitInteger"
    assert go.associated("decode-fn", "Limit") == "decodeLimit"


def test_a_go_variant_type_named_like_a_shape_is_an_error_when_the_names_are_made():
    taken = ir.Alias("LimitString", "", ir.Primitive("string"), False, "request", SOURCE)
    with pytest.raises(ShapegenError, match="'LimitString' of Limit is already the name of shape LimitString"):
        names("go", LIMIT, HOLDER, taken)


def test_python_decides_the_tag_attribute_and_the_catch_all_label_of_an_open_union():
    python = names("python", EVENT, EVENTS)
    assert python.associated("tag-attribute", "Event") == "type"
    assert python.associated("unknown-label", "Event") == "unknown"
    assert python.associated("unknown-variant", "Event") == "EventUnknown"


def test_the_catch_all_label_is_no_known_tag_value():
    unknown = ir.Object(
        "Odd", "", (ir.Field("type", ir.Literal("unknown"), ir.Required(), False),), False, "response", SOURCE
    )
    union = ir.Union_("Event", "", (ir.Variant(ir.Ref("Odd"), "unknown"),), "type", "response", SOURCE, open=True)
    assert names("python", unknown, union).associated("unknown-label", "Event") == "unknown_"


def test_a_csharp_backing_field_never_takes_the_name_of_a_compiled_pattern():
    holder = ir.Object(
        "Holder",
        "",
        (
            ir.Field("pattern0", ir.Primitive("string"), ir.Optional(), True),
            ir.Field("code", ir.Primitive("string", constraints=ir.Constraints(pattern="^a$")), ir.Required(), False),
        ),
        True,
        "request",
        SOURCE,
    )
    shop = ir.Namespace("shop", "", (holder,), "https://example.test/shop")
    assert names("csharp", holder).associated("backing", "Holder", "pattern0") == "_pattern0Value"
    text = csharp.render_namespace(shop, "Acme")["Shop/Holder.cs"]
    private = re.findall(r"^\s*private (?:static readonly )?\S+ (\w+)", text, re.M)
    assert sorted(set(private)) == sorted(private) and "_pattern0" in private
