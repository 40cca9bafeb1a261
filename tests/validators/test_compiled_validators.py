"""What a compiled validator module does, one behaviour per test."""

from __future__ import annotations

import copy
import os
import subprocess
import sys

import pytest

from generator.validators import SchemaError, compile_module, compile_source
from tests.conftest import REPO


def one(schema, **options):
    """A module with the whole `schema` as shape "S"."""
    return compile_module(schema, [("S", "s", "#")], **options)


def test_rejects_a_string_where_an_integer_is_required():
    m = one({"type": "integer"})
    assert not m.is_valid_s("1")
    assert [e.keyword for e in m.validate_s("1")] == ["type"]


def test_a_boolean_is_not_an_integer_or_a_number():
    m = one({"type": "number"})
    assert not m.is_valid_s(True) and not m.is_valid_s(False)
    assert not one({"type": "integer"}).is_valid_s(True)


def test_a_float_with_no_fraction_is_an_integer():
    m = one({"type": "integer", "minimum": 1})
    assert m.is_valid_s(1.0) and m.is_valid_s(10**30)
    assert not m.is_valid_s(1.5)


def test_true_is_not_equal_to_one_in_const_and_enum():
    assert not one({"const": 1}).is_valid_s(True)
    assert not one({"enum": [0, "a"]}).is_valid_s(False)
    assert one({"enum": [1.0]}).is_valid_s(1)
    assert not one({"const": [1]}).is_valid_s([True])


def test_an_error_names_the_instance_pointer_schema_location_keyword_and_reason():
    schema = {"$defs": {"T": {"properties": {"a/b": {"items": {"maximum": 3}}}}}}
    m = compile_module(schema, [("T", "t", "#/$defs/T")])
    [error] = m.validate_t({"a/b": [1, 5]})
    assert error.instance_location == "/a~1b/1"
    assert error.schema_location == "#/$defs/T/properties/a~1b/items/maximum"
    assert error.keyword == "maximum"
    assert "5" in error.message and "3" in error.message


def test_validate_reports_every_error_and_is_valid_agrees():
    m = one({"type": "object", "required": ["a", "b"], "properties": {"c": {"type": "string"}}})
    errors = m.validate_s({"c": 1})
    assert sorted(e.keyword for e in errors) == ["required", "required", "type"]
    assert m.is_valid_s({"c": 1}) is False
    assert m.validate_s({"a": 1, "b": 2}) == [] and m.is_valid_s({"a": 1, "b": 2}) is True


def test_validators_never_modify_their_input():
    schema = {
        "type": "object",
        "properties": {"a": {"default": 5}, "b": {"type": "array", "items": {"default": {}}}},
        "unevaluatedProperties": False,
    }
    m = one(schema)
    for instance in ({"b": [{}, {"x": 1}]}, {"a": None, "z": [1, {"y": 2}]}):
        before = copy.deepcopy(instance)
        m.is_valid_s(instance)
        m.validate_s(instance)
        assert instance == before


def test_shapes_are_reachable_by_name_and_unknown_names_raise_key_error():
    m = compile_module({"$defs": {"A": {"type": "string"}}}, [("A", "a", "#/$defs/A")])
    assert m.is_valid("A", "x") and m.validate("A", 1)[0].keyword == "type"
    with pytest.raises(KeyError):
        m.is_valid("B", "x")


def test_one_of_dispatches_on_a_const_tag_with_the_same_verdicts_as_trying_every_branch():
    branch = lambda tag, extra: {  # noqa: E731
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"const": tag}, **extra},
        "additionalProperties": False,
    }
    schema = {"oneOf": [branch("a", {"n": {"type": "integer"}}), branch("b", {"s": {"type": "string"}})]}
    m = one(schema)
    assert 't1 == "a"' in m.__source__  # the tag picks the branch
    cases = [
        {"type": "a", "n": 1},
        {"type": "b", "s": "x"},
        {"type": "a", "s": "x"},
        {"type": "c"},
        {},
        [],
        "a",
        {"type": 1},
    ]
    import jsonschema

    for case in cases:
        expected = jsonschema.Draft202012Validator(schema).is_valid(case)
        assert m.is_valid_s(case) is expected and (m.validate_s(case) == []) is expected


def test_unevaluated_properties_see_properties_evaluated_by_applicators():
    m = one(
        {
            "allOf": [{"properties": {"a": True}}],
            "anyOf": [{"properties": {"b": True}}, True],
            "unevaluatedProperties": False,
        }
    )
    assert m.is_valid_s({"a": 1, "b": 2})
    assert not m.is_valid_s({"a": 1, "c": 3})
    assert [e.keyword for e in m.validate_s({"c": 3})] == ["unevaluatedProperties"]


def test_recursive_schemas_validate_deep_instances():
    tree = {
        "$defs": {
            "node": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}
        },
        "$ref": "#/$defs/node",
    }
    m = one(tree)
    deep = {"kids": []}
    for _ in range(50):
        deep = {"kids": [deep, {"kids": []}]}
    assert m.is_valid_s(deep)
    deep["kids"][1]["kids"] = [1]
    assert not m.is_valid_s(deep) and m.validate_s(deep)[0].instance_location == "/kids/1/kids/0"


def test_dynamic_ref_resolves_to_the_outermost_dynamic_anchor():
    schema = {
        "$id": "https://example.com/strict",
        "$dynamicAnchor": "node",
        "$ref": "https://example.com/tree",
        "unevaluatedProperties": False,
        "$defs": {
            "tree": {
                "$id": "https://example.com/tree",
                "$dynamicAnchor": "node",
                "type": "object",
                "properties": {"data": True, "children": {"type": "array", "items": {"$dynamicRef": "#node"}}},
            }
        },
    }
    m = one(schema)
    assert m.is_valid_s({"children": [{"data": 1}]})
    assert not m.is_valid_s({"children": [{"daat": 1}]})


def test_remote_references_come_from_the_retrieve_function():
    served = []

    def retrieve(uri):
        served.append(uri)
        return {"type": "integer"}

    m = one({"$ref": "https://example.com/int.json"}, retrieve=retrieve)
    assert served == ["https://example.com/int.json"]
    assert m.is_valid_s(3) and not m.is_valid_s("3")


def test_an_unresolvable_reference_is_a_schema_error():
    with pytest.raises(SchemaError, match="cannot resolve"):
        compile_source({"$ref": "#/$defs/missing"}, [("S", "s", "#")])


def test_format_is_an_annotation_by_default_and_an_assertion_on_request():
    assert one({"format": "date"}).is_valid_s("2024-02-30")
    strict = one({"format": "date"}, format_assertion=True)
    assert not strict.is_valid_s("2024-02-30") and strict.is_valid_s("2024-02-29")
    assert [e.keyword for e in strict.validate_s("nope")] == ["format"]
    assert strict.is_valid_s(20240229)  # formats apply to strings only


@pytest.mark.parametrize(
    "pattern, matches, misses",
    [
        ("^\\d+$", ["123"], ["\u0661\u0662", "12\n"]),  # ECMA \d is ASCII; $ is the very end
        ("^\\w+$", ["a_1"], ["\u00e9"]),
        ("^\\s$", ["\u00a0", "\ufeff"], ["x"]),
        ("^\\p{Lu}\\p{Ll}+$", ["\u00c9cole"], ["ecole"]),
        ("^.$", ["x"], ["\n", "\u2028"]),
        ("^[^]$", ["\n"], [""]),
        ("^(?<y>a)\\k<y>$", ["aa"], ["ab"]),
    ],
)
def test_patterns_follow_ecma_262_not_python(pattern, matches, misses):
    m = one({"pattern": pattern})
    assert all(m.is_valid_s(s) for s in matches)
    assert not any(m.is_valid_s(s) for s in misses)


def test_a_pattern_python_cannot_express_is_a_schema_error():
    with pytest.raises(SchemaError, match="pattern"):
        compile_source({"pattern": "\\p{Script=Greek}"}, [("S", "s", "#")])


def test_multiple_of_is_exact_for_decimal_fractions():
    m = one({"multipleOf": 0.0001})
    assert m.is_valid_s(0.0075) and not m.is_valid_s(0.00751)
    assert one({"multipleOf": 3}).is_valid_s(9.0)


def test_generated_source_is_identical_across_hash_seeds():
    script = (
        "import json, sys; sys.path.insert(0, %r)\n"
        "from generator.validators import compile_source\n"
        "schema = {'properties': {k: {'enum': ['x', 'y', 'z', k]} for k in 'abcdefgh'}, 'additionalProperties': False,"
        " 'required': list('hgfedcba'), 'patternProperties': {'^q': {'type': ['string', 'null']}}}\n"
        "sys.stdout.write(compile_source(schema, [('S', 's', '#')]))\n"
    ) % str(REPO)
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1


def test_the_module_imports_only_the_standard_library():
    source = compile_source({"pattern": "a", "format": "email"}, [("S", "s", "#")], format_assertion=True)
    imports = {line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imports <= set(sys.stdlib_module_names)


def test_boolean_schemas_accept_everything_or_nothing():
    assert one(True).is_valid_s({"any": "thing"})
    assert not one(False).is_valid_s(None) and one(False).validate_s(None)[0].keyword == "false"


@pytest.mark.parametrize(
    "branches", [[{"type": "integer"}, {"type": "number"}], [{"type": "number"}, {"type": "integer"}]]
)
def test_any_of_integer_or_number_accepts_a_fraction_and_no_boolean(branches):
    m = one({"anyOf": branches})
    assert m.is_valid_s(1.5) and m.is_valid_s(2) and m.is_valid_s(2.0)
    assert not m.is_valid_s(True) and not m.is_valid_s("1")


def test_an_open_enum_is_any_string_and_nothing_else():
    m = one({"anyOf": [{"enum": ["alloy", "marin"]}, {"type": "string"}]})
    assert m.is_valid_s("alloy") and m.is_valid_s("juniper")
    assert not m.is_valid_s(1) and not m.is_valid_s(None)
    assert [e.keyword for e in m.validate_s(1)] == ["anyOf"]


def test_one_of_branches_of_different_types_are_chosen_by_the_type_of_the_value():
    m = one(
        {
            "oneOf": [
                {"type": "object", "required": ["type"], "properties": {"type": {"const": "a"}}},
                {"type": "null"},
                {"type": "string", "maxLength": 2},
                {"type": "integer"},
                {"type": "number", "minimum": 10},
            ]
        }
    )
    assert [m.is_valid_s(v) for v in ({"type": "a"}, None, "ab", 3, 10.5)] == [True] * 5
    # 12 is an integer and a number of at least 10: two branches, so oneOf fails
    assert [m.is_valid_s(v) for v in ({}, "abc", 12, 12.0, 1.5, True, [])] == [False] * 7
    assert [m.is_valid_s(v) is (m.validate_s(v) == []) for v in (None, 12, "abc")] == [True] * 3


def test_one_of_that_is_an_exclusive_choice_of_overlapping_types_still_counts_matches():
    m = one({"oneOf": [{"type": "integer"}, {"type": "number", "maximum": 5}]})
    assert m.is_valid_s(7) and m.is_valid_s(2.5)
    assert not m.is_valid_s(3) and not m.is_valid_s(6.5)


TAGGED_WITH_DEFAULT_AND_CATCH_ALL = {
    "oneOf": [
        {
            "type": "object",
            "properties": {"type": {"const": "pcm", "default": "pcm"}, "rate": {"const": 24000}},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": ["pcmu", "g711"]}},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"type": "string", "not": {"enum": ["pcm", "pcmu", "g711"]}}},
        },
    ]
}


@pytest.mark.parametrize("key", ["oneOf", "anyOf"])
def test_a_union_told_apart_by_a_tag_that_may_be_absent_or_unknown_checks_the_one_branch_the_tag_leaves(key):
    import jsonschema

    schema = {key: TAGGED_WITH_DEFAULT_AND_CATCH_ALL["oneOf"]}
    m, reference = one(schema), jsonschema.Draft202012Validator(schema)
    values = [
        {},
        {"rate": 24000},
        {"rate": 8000},
        {"type": "pcm"},
        {"type": None},
        {"type": "pcmu"},
        {"type": "g711", "rate": 8000},
        {"type": "opus", "bitrate": 3},
        {"type": 7},
        {"type": ["pcm"]},
        {"type": "pcm", "extra": 1},
        "pcm",
        None,
        [],
    ]
    verdicts = [m.is_valid_s(v) for v in values]
    assert verdicts == [reference.is_valid(v) for v in values]
    assert verdicts == [True, True, False, True, False, True, False, True, False, False, False, False, False, False]
    assert [m.validate_s(v) == [] for v in values] == verdicts


def test_a_union_whose_catch_all_does_not_exclude_every_known_tag_still_counts_matches():
    import jsonschema

    branches = copy.deepcopy(TAGGED_WITH_DEFAULT_AND_CATCH_ALL["oneOf"])
    branches[2]["properties"]["type"]["not"]["enum"] = ["pcm"]  # "pcmu" is also any other string
    m, reference = one({"oneOf": branches}), jsonschema.Draft202012Validator({"oneOf": branches})
    values = [{"type": "pcmu"}, {"type": "opus"}, {}, {"type": "pcm"}]
    assert [m.is_valid_s(v) for v in values] == [reference.is_valid(v) for v in values] == [False, True, True, True]


def test_a_const_or_enum_that_stands_for_the_type_check_still_rejects_every_other_type():
    import jsonschema

    schemas = [
        {"type": "string", "const": "a"},
        {"type": "integer", "const": 1},
        {"type": "number", "const": 0},
        {"type": "boolean", "const": False},
        {"type": ["string", "null"], "enum": ["a", None, 1]},
        {"type": "integer", "enum": [1, 2.5, "1", True]},
        {"type": "string", "enum": ["a", "b", "c", 1]},
        {"type": "number", "enum": [1, 2, 3, 0.5]},
    ]
    values = ["a", "b", 1, 1.0, 0, 0.0, 2.5, 0.5, True, False, None, "1", [], {}]
    for schema in schemas:
        m, reference = one(schema), jsonschema.Draft202012Validator(schema)
        assert [m.is_valid_s(v) for v in values] == [reference.is_valid(v) for v in values], schema


def test_the_branch_a_tag_picks_is_checked_in_place_without_testing_the_tag_again():
    import jsonschema

    defs = {
        "A": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"enum": ["a", "aa"]}, "n": {"type": "integer"}},
            "additionalProperties": False,
        },
        "B": {
            "type": "object",
            "required": ["kind", "s"],
            "properties": {"kind": {"type": "string", "const": "b"}, "s": {"type": "string"}},
            "additionalProperties": False,
        },
    }
    union = {"oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}]}
    schema = {"$defs": {**defs, "U": union, "Twice": {"type": "array", "items": {"$ref": "#/$defs/U"}}}}
    m = compile_module(schema, [("U", "u", "#/$defs/U"), ("Twice", "twice", "#/$defs/Twice"), ("A", "a", "#/$defs/A")])
    union_code = m.__source__.split("def is_valid_u(")[1].split("\ndef ")[0]
    assert "is_valid_a(" not in union_code and "_v" not in union_code  # A and B inline, though shared
    assert union_code.count('"kind"') == 1  # the tag is read once: the branches do not test it again
    values = [
        {"kind": "a"},
        {"kind": "aa", "n": 1},
        {"kind": "a", "n": "1"},
        {"kind": "a", "s": "x"},
        {"kind": "b", "s": "x"},
        {"kind": "b"},
        {"kind": "b", "s": 1},
        {"kind": "c"},
        {"kind": 1},
        {"kind": True},
        {"kind": None},
        {"n": 1},
        {},
        [],
        "a",
    ]
    for shape, wrap in (("U", lambda v: v), ("Twice", lambda v: [v, {"kind": "b", "s": ""}])):
        reference = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{shape}"})
        check, report = getattr(m, f"is_valid_{shape.lower()}"), getattr(m, f"validate_{shape.lower()}")
        for value in values:
            expected = reference.is_valid(wrap(value))
            assert check(wrap(value)) is expected and (report(wrap(value)) == []) is expected, value


@pytest.mark.parametrize(
    "bounds, valid, invalid",
    [
        ({"type": "string", "minLength": 2, "maxLength": 3}, ["ab", "abc", "😀😀"], ["a", "abcd", "", 12, None]),
        ({"type": "array", "minItems": 1, "maxItems": 2}, [[0], [0, 1]], [[], [0, 1, 2], "ab", {}]),
        ({"minLength": 1, "maxLength": 1}, ["a", 5, [], {}], ["", "ab"]),
    ],
)
def test_two_length_bounds_are_one_comparison_with_the_same_verdicts(bounds, valid, invalid):
    m = one(bounds)
    assert m.__source__.count("<= len(") == 1  # one len() call in is_valid_s; validate_s names each bound
    assert [m.is_valid_s(v) for v in valid + invalid] == [True] * len(valid) + [False] * len(invalid)
    assert [m.validate_s(v) == [] for v in valid + invalid] == [True] * len(valid) + [False] * len(invalid)


def test_a_function_holds_one_name_per_temporary_alive_at_once():
    props = {f"p{i}": {"type": "object", "properties": {"q": {"type": "string"}}} for i in range(30)}
    m = one({"type": "object", "properties": props, "additionalProperties": False})
    # thirty property values, each with a child: the names are reused once a value is checked
    assert m.is_valid_s.__code__.co_nlocals <= 5
    assert m.is_valid_s({f"p{i}": {"q": "x"} for i in range(30)})
    assert not m.is_valid_s({"p7": {"q": 1}})
