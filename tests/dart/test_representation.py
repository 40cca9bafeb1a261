"""How the IR's wire decisions are printed in Dart: presence and nullability (three states),
constants, open and closed objects and enums, untagged unions, docs with limits and defaults."""

from __future__ import annotations

import pytest

from generator import ir
from generator.targets import dart
from tests.dart import dart_tree as dt

SRC = ir.Source("s.yaml", "/x")
STRING = ir.Primitive("string")


def _field(wire, t=STRING, presence=ir.Optional(), nullable=False, **kw):
    return ir.Field(wire, t, presence, nullable, **kw)


FIELDS = (
    _field("req", presence=ir.Required()),
    _field("req_null", presence=ir.Required(), nullable=True),
    _field("opt"),
    _field("opt_null", nullable=True),
    _field(
        "with_default", ir.Primitive("integer", constraints=ir.Constraints(minimum=1, maximum=4096)), ir.Default(600)
    ),
    _field("null_default", ir.Primitive("number"), ir.Default(0.5), nullable=True),
    _field("limit", ir.Ref("Limit"), ir.Default("inf")),
    _field("kind", ir.Literal("thing"), ir.Required()),
    _field("anything", ir.AnyValue()),
    _field("tags", ir.Array(ir.Primitive("string", constraints=ir.Constraints(pattern="^[a-z]+$")))),
)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    closed = ir.Object("Closed", "", FIELDS, True, "request", SRC)
    opened = ir.Object("Opened", "", FIELDS, False, "response", SRC)
    limit = ir.Union_(
        "Limit",
        "",
        (ir.Variant(ir.Primitive("integer")), ir.Variant(ir.Literal("inf"))),
        None,
        "part",
        SRC,
    )
    loose = ir.Union_("Loose", "", (ir.Variant(STRING), ir.Variant(ir.Ref("Mode"))), None, "part", SRC, exclusive=False)
    mode = ir.Enum("Mode", "", ("fast", "slow"), False, "part", SRC)
    voice = ir.Enum("Voice", "", ("alloy",), True, "part", SRC)
    namespace = ir.Namespace("n", "", (closed, opened, limit, loose, mode, voice), "urn:n")
    text, _ = dart.render_namespace(namespace)
    path = tmp_path_factory.mktemp("dart") / "n.dart"
    path.write_text(text, encoding="utf-8")
    lib = dt.load(path)
    assert dt.syntax_errors(lib.tree) == []
    return lib


@pytest.mark.parametrize(
    "name, dart_type, required",
    [
        ("req", "String", True),  # must be there
        ("reqNull", "String ?", True),  # must be there, null kept
        ("opt", "String ?", False),  # null = absent; an explicit null is rejected
        ("optNull", "Present <String> ?", False),  # null = absent, Present(null) = JSON null
        ("withDefault", "int ?", False),  # a default is documented, never filled in
        ("anything", "Present <Object?> ?", False),  # any JSON value, null included
        ("tags", "List <String> ?", False),
    ],
)
def test_presence_and_nullability_decide_the_field_type_and_whether_it_is_required(library, name, dart_type, required):
    cls = library.classes["Closed"]
    assert cls.fields[name].type_text.replace("  ", " ") == dart_type
    param = next(p for p in cls.constructor("").params if p.name == name)
    assert param.named and param.required is required


def test_a_required_constant_is_a_final_field_initialised_to_it_not_a_parameter(library):
    cls = library.classes["Closed"]
    assert dt.text(cls.fields["kind"].initializer) == "'thing'"
    assert "kind" not in [p.name for p in cls.constructor("").params]


def test_to_json_leaves_out_what_is_unset_and_writes_explicit_nulls(library):
    body = dt.text(library.classes["Closed"].members["toJson"].body)
    assert "'req': req," in body and "'req_null': reqNull," in body
    assert "if (opt != null) 'opt': opt," in body
    assert "if (optNull != null) 'opt_null': optNull?.value," in body  # Present(null) writes null


def test_open_objects_keep_unknown_properties_and_write_them_back_closed_ones_reject_them(library):
    opened, closed = library.classes["Opened"], library.classes["Closed"]
    assert "unknownProperties" in opened.fields and "unknownProperties" not in closed.fields
    assert "...unknownProperties," in dt.text(opened.members["toJson"].body)
    assert "$rt.unknownOf($map," in library.source and "$rt.rejectUnknown($map," in library.source


def test_copy_with_takes_plain_values_and_copy_without_clears_fields_that_can_be_null(library):
    source = library.source
    start = source.index("Closed copyWith({")
    signature = source[start : source.index("})", start)]
    assert "String? req," in signature
    assert "String? reqNull," in signature
    assert "Present<String>? optNull," in signature
    start = source.index("Closed copyWithout({")
    clearing = source[start : source.index("})", start)]
    assert "bool reqNull = false," in clearing and "bool optNull = false," in clearing
    assert "bool req " not in clearing


def test_field_docs_state_limits_defaults_and_the_wire_name(library):
    docs = dt.doc_comments(library.source)
    assert "Limits: minimum 1, maximum 4096." in docs
    assert "Defaults to `600` when absent: not filled in, `withDefaultOrDefault` gives it." in docs
    assert 'Wire name "opt_null": optional; null = absent, `Present(null)` = an explicit JSON `null`.' in docs
    assert "Each item: limits: pattern `^[a-z]+$` (ECMA-262, Unicode)." in docs


def test_patterns_are_checked_with_unicode_regexps(library):
    assert "$rt.listChecker<String>($rt.stringChecker(pattern: '^[a-z]+\\$'))" in library.source


def test_inf_or_integer_is_a_sealed_class_with_one_final_class_per_variant(library):
    assert "sealed" in library.classes["Limit"].modifiers
    assert library.classes["LimitInteger"].implements == ["Limit"]
    assert library.classes["LimitInteger"].fields["value"].type_text == "int"
    assert library.classes["LimitInf"].constructor("").const
    assert "case 'integer':\n      return LimitInteger($rt.readInt($json, $pointer));" in library.source
    assert "case 'string':\n      return $rt.readConstAs($json, $pointer, 'inf', const LimitInf());" in library.source


def test_a_union_whose_variants_share_a_json_type_tries_them_in_order(library):
    reader = library.source[library.source.index("Loose _readLoose(") :]
    assert "$rt.pickVariant<Loose>(" in reader and "exclusive: false," in reader


def test_closed_enums_are_dart_enums_and_open_enums_keep_any_string(library):
    mode, voice = library.classes["Mode"], library.classes["Voice"]
    assert mode.kind == "enum" and [dt.text(c) for c in mode.enum_constants] == ["fast('fast')", "slow('slow')"]
    assert voice.kind == "class" and voice.fields["alloy"].static and voice.fields["alloy"].const
    assert voice.constructor("").params[0].name == "value"  # any string
    assert "isKnown" in voice.members


def test_a_closed_enum_without_values_is_an_error_at_generate_time_naming_its_place():
    from generator.errors import ShapegenError

    empty = ir.Enum("Nothing", "", (), False, "part", ir.Source("api.yaml", "/components/schemas/Nothing"))
    with pytest.raises(ShapegenError) as caught:
        dart.render_namespace(ir.Namespace("n", "", (empty,), "urn:n"))
    assert "api.yaml#/components/schemas/Nothing" in str(caught.value.where)


def test_a_default_is_given_by_a_getter_when_the_field_is_absent(library):
    source = library.source
    assert "  int get withDefaultOrDefault => withDefault ?? 600;" in source
    # an explicit null on a nullable field stays null; only absence gives the default
    assert "  double? get nullDefaultOrDefault => nullDefault == null ? 0.5 : nullDefault?.value;" in source
    # a default held by a union variant is that variant's class
    assert "  Limit get limitOrDefault => limit ?? const LimitInf();" in source


def test_a_wrapper_class_is_the_union_name_and_the_variant_name_without_its_keyword_dodge(library):
    # the naming stage names the variant `String_` (alone, `String` is dart:core's); after the
    # union's name it is no longer reserved
    assert "LooseString" in library.classes and "LooseString_" not in library.classes
