"""Union dispatch is decided once: by tag, by JSON type, or in order with `exclusive`."""

from __future__ import annotations

from generator import ir
from generator.layer.unions import ByJsonType, ByTag, InOrder, detect_tag, dispatch

SRC = ir.Source("api.yaml", "/components/schemas/X")


def obj(name, tag_value):
    field = ir.Field("type", ir.Literal(tag_value), ir.Required(), False)
    return ir.Object(name, "", (field,), False, "part", SRC)


def ns(*shapes):
    return ir.Namespace("ns", "", shapes, "urn:shapegen:ns")


def branch(value, **extra):
    return {"type": "object", "required": ["type"], "properties": {"type": {"const": value, **extra}}}


def test_tag_is_the_required_property_with_distinct_string_constants():
    tag = detect_tag([branch("a"), branch("b")])
    assert tag is not None and tag.property == "type" and tag.values == (("a",), ("b",)) and tag.all_objects


def test_declared_discriminator_is_tried_first():
    a = {"required": ["kind", "type"], "properties": {"kind": {"const": "x"}, "type": {"const": "a"}}}
    b = {"required": ["kind", "type"], "properties": {"kind": {"const": "y"}, "type": {"const": "b"}}}
    assert detect_tag([a, b]).property == "kind"
    assert detect_tag([a, b], declared="type").property == "type"


def test_shared_tag_values_or_constrained_tags_are_not_tags():
    assert detect_tag([branch("a"), branch("a")]) is None
    assert detect_tag([branch("a", pattern="^a$"), branch("b")]) is None


def test_enum_of_strings_counts_as_several_tag_values():
    a = {"required": ["type"], "properties": {"type": {"enum": ["a", "aa"]}}}
    assert detect_tag([a, branch("b")]).values == (("a", "aa"), ("b",))


def test_tagged_union_dispatches_by_tag_and_carries_openness():
    union = ir.Union_(
        "U", "", (ir.Variant(ir.Ref("A"), "a"), ir.Variant(ir.Ref("B"), "b")), "type", "response", SRC, open=True
    )
    d = dispatch(union, ns(obj("A", "a"), obj("B", "b"), union))
    assert d == ByTag("type", (("a", 0), ("b", 1)), True) and d.variant_of("b") == 1 and d.variant_of("c") is None


def test_inf_or_integer_dispatches_by_json_type():
    union = ir.Union_("U", "", (ir.Variant(ir.Literal("inf")), ir.Variant(ir.Primitive("integer"))), None, "part", SRC)
    assert dispatch(union, ns(union)) == ByJsonType((("integer", 1), ("string", 0)))


def test_overlapping_json_types_are_tried_in_order_honouring_exclusive():
    variants = (ir.Variant(ir.Primitive("integer")), ir.Variant(ir.Primitive("number")))
    one_of = ir.Union_("U", "", variants, None, "part", SRC, exclusive=True)
    any_of = ir.Union_("V", "", variants, None, "part", SRC, exclusive=False)
    assert dispatch(one_of, ns(one_of)) == InOrder(True)
    assert dispatch(any_of, ns(any_of)) == InOrder(False)


def defaulted(value):
    """A branch whose tag may be absent: not required, with its own constant as the default."""
    return {"type": "object", "properties": {"type": {"const": value, "default": value}}}


def test_a_tag_may_be_absent_in_the_one_branch_whose_default_names_it():
    tag = detect_tag([branch("a"), defaulted("b")], declared="type")
    assert tag is not None and tag.property == "type" and tag.default == 1
    # found without a discriminator too, even when the first branch is the one without `required`
    assert detect_tag([defaulted("b"), branch("a")]).default == 0


def test_an_optional_tag_without_a_default_or_in_two_branches_is_no_tag():
    no_default = {"type": "object", "properties": {"type": {"const": "b"}}}
    assert detect_tag([branch("a"), no_default], declared="type") is None
    assert detect_tag([defaulted("a"), defaulted("b")], declared="type") is None
    other_default = {"type": "object", "properties": {"type": {"const": "b", "default": "a"}}}
    assert detect_tag([branch("a"), other_default], declared="type") is None


def test_the_dispatch_names_the_variant_a_value_without_the_tag_is():
    union = ir.Union_(
        "U",
        "",
        (ir.Variant(ir.Ref("A"), "a"), ir.Variant(ir.Ref("B"), "b")),
        "type",
        "part",
        SRC,
        default_tag="b",
    )
    d = dispatch(union, ns(obj("A", "a"), obj("B", "b"), union))
    assert isinstance(d, ByTag) and d.default == 1
