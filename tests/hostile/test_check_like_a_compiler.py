"""Check like a compiler (issue 9.1): every problem in one run, sorted by file and line, each with
pointer and hint; unambiguous problems are warnings with the repair stated; strict mode makes
them errors; ambiguous ones stay errors. Also the problems only a cross-document check sees."""

from __future__ import annotations

import json

from tests.hostile.project import API, assert_user_error, diagnostics, make, run, snapshot

NOTE = "        note: {type: string}"


def test_every_problem_of_a_run_is_reported_sorted_by_file_and_line(project):
    api = (
        API.replace("count: {type: integer, minimum: 1}", "count: {type: integr}")
        .replace(NOTE, "        note: {type: string, enum: []}")
        .replace(
            "        order: {$ref: '#/components/schemas/Order'}", "        order: {$ref: '#/components/schemas/Ordre'}"
        )
    )
    (project / "schema" / "api.yaml").write_text(api)
    result = run(project, "generate")
    assert_user_error(result, "3 errors")
    found = diagnostics(result.err)
    assert [int(d["line"]) for d in found] == sorted(int(d["line"]) for d in found)
    assert [d["pointer"] for d in found] == [
        "/components/schemas/Order/properties/count/type",
        "/components/schemas/Receipt/properties/order/$ref",
        "/components/schemas/Receipt/properties/note/enum",
    ]


def test_problems_of_several_namespaces_are_reported_together(tmp_path):
    root = make(
        tmp_path,
        api=API.replace("maxLength: 40", "maxLength: -1"),
        namespaces='shop = "schema/api.yaml"\nother = "schema/other.yaml"',
    )
    (root / "schema" / "other.yaml").write_text(API.replace("minimum: 1", "minimum: one"))
    result = run(root, "generate")
    assert_user_error(result, "2 errors")
    assert {d["file"] for d in diagnostics(result.err)} == {"schema/api.yaml", "schema/other.yaml"}


RECURSIVE = API.replace(
    "    Receipt:\n      type: object\n", "    Receipt:\n      $recursiveAnchor: true\n      type: object\n"
).replace(NOTE, "        note: {$recursiveRef: '#'}")


def test_a_2019_09_recursive_anchor_is_a_warning_and_read_as_a_ref(tmp_path):
    root = make(tmp_path, api=RECURSIVE, targets='["jsonschema"]')
    result = run(root, "generate")
    assert result.code == 0, result.err
    warnings = [d for d in diagnostics(result.err) if d["severity"] == "warning"]
    assert [w["pointer"] for w in warnings] == [
        "/components/schemas/Receipt/$recursiveAnchor",
        "/components/schemas/Receipt/properties/note/$recursiveRef",
    ]
    bundle = json.loads((root / "generated" / "jsonschema" / "shop.schema.json").read_text())
    assert bundle["$defs"]["Receipt"]["properties"]["note"] == {"$ref": "#/$defs/Receipt"}


def test_duplicate_required_entries_are_a_warning_and_each_is_required_once(tmp_path):
    root = make(tmp_path, api=API.replace("required: [order]", "required: [order, order]"), targets='["jsonschema"]')
    result = run(root, "generate")
    assert result.code == 0 and "'required' lists 'order' more than once" in result.err
    bundle = json.loads((root / "generated" / "jsonschema" / "shop.schema.json").read_text())
    assert bundle["$defs"]["Receipt"]["required"] == ["order"]


def test_nullable_beside_a_ref_is_a_warning_read_as_ref_or_null(tmp_path):
    api = API.replace(NOTE, "        note: {$ref: '#/components/schemas/Order', nullable: true}")
    root = make(tmp_path, api=api, targets='["jsonschema"]')
    result = run(root, "generate")
    assert result.code == 0 and "'nullable' beside a '$ref'" in result.err and "repair:" in result.err
    bundle = json.loads((root / "generated" / "jsonschema" / "shop.schema.json").read_text())
    assert {"type": "null"} in bundle["$defs"]["Receipt"]["properties"]["note"]["anyOf"]


def test_strict_mode_makes_warnings_errors(tmp_path):
    root = make(tmp_path, api=RECURSIVE, targets='["jsonschema"]')
    assert_user_error(run(root, "generate", "--strict"), "2 errors", file="schema/api.yaml")
    assert not (root / "generated").exists()
    config = root / "pyproject.toml"
    config.write_text(config.read_text().replace("[tool.shapegen]\n", "[tool.shapegen]\nstrict = true\n"))
    assert_user_error(run(root, "check"), "$recursiveAnchor", file="schema/api.yaml")


def test_a_recursive_ref_without_its_anchor_is_an_ambiguous_error(project):
    (project / "schema" / "api.yaml").write_text(API.replace(NOTE, "        note: {$recursiveRef: '#'}"))
    assert_user_error(run(project, "generate"), "without a $recursiveAnchor", file="schema/api.yaml")


def test_a_loop_of_pure_refs_names_each_member(project):
    before = snapshot(project / "generated")
    api = API.replace(
        "    Receipt:", "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    Receipt:"
    )
    (project / "schema" / "api.yaml").write_text(api)
    result = run(project, "generate")
    assert_user_error(
        result, "A -> B -> A", "A (schema/api.yaml:20:5", "B (schema/api.yaml:21:5", file="schema/api.yaml"
    )
    assert snapshot(project / "generated") == before


def test_a_shape_that_refers_to_itself_alone_is_an_error(project):
    (project / "schema" / "api.yaml").write_text(
        API.replace("    Receipt:", "    A: {$ref: '#/components/schemas/A'}\n    Receipt:")
    )
    assert_user_error(run(project, "generate"), "A -> A", file="schema/api.yaml", pointer="/components/schemas/A")


def test_a_loop_across_files_names_both_files(project):
    (project / "schema" / "api.yaml").write_text(
        API.replace("    Receipt:", "    A: {$ref: './b.yaml#/components/schemas/B'}\n    Receipt:")
    )
    (project / "schema" / "b.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: b, version: '1'}\ncomponents:\n  schemas:\n    B: {$ref: './api.yaml#/components/schemas/A'}\n"
    )
    assert_user_error(run(project, "generate"), "A -> B -> A", "schema/b.yaml:5:5")


def test_recursion_through_a_property_is_not_a_loop(tmp_path):
    api = API.replace(
        "    Receipt:",
        "    Tree:\n      type: object\n      properties:\n        kids: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n    Receipt:",
    )
    assert run(make(tmp_path, api=api, targets='["jsonschema"]'), "generate").code == 0


def test_a_non_integer_length_written_as_a_float_is_read_as_the_integer(tmp_path):
    root = make(tmp_path, api=API.replace("maxLength: 40", "maxLength: 40.0"), targets='["jsonschema"]')
    assert run(root, "generate").code == 0
    bundle = (root / "generated" / "jsonschema" / "shop.schema.json").read_text()
    assert '"maxLength": 40,' in bundle or '"maxLength": 40\n' in bundle


def test_an_empty_enum_is_an_error(project):
    (project / "schema" / "api.yaml").write_text(API.replace(NOTE, "        note: {type: string, enum: []}"))
    assert_user_error(run(project, "generate"), "empty enum", file="schema/api.yaml")


def test_a_bound_beyond_the_range_of_a_double_is_an_error(project):
    (project / "schema" / "api.yaml").write_text(API.replace("minimum: 1", "minimum: " + "9" * 400))
    assert_user_error(run(project, "generate"), "beyond the range of a double", file="schema/api.yaml")


def test_a_shape_name_no_language_can_spell_is_an_error(project):
    (project / "schema" / "api.yaml").write_text(
        API.replace("    Receipt:", "    1Mode: {type: string, enum: [a]}\n    Receipt:")
    )
    assert_user_error(run(project, "generate"), "'1Mode' cannot become a type name", file="schema/api.yaml")


def test_an_extension_of_the_wrong_type_is_an_error(project):
    (project / "schema" / "api.yaml").write_text(
        API.replace(NOTE, "        note: {type: string, x-shapegen-deviation: [a, b]}")
    )
    assert_user_error(run(project, "generate"), "x-shapegen-deviation must be a string", file="schema/api.yaml")


def test_a_namespace_without_shapes_is_an_error_for_every_command(project):
    (project / "schema" / "api.yaml").write_text("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n")
    for command in ("generate", "check", "list"):
        assert_user_error(run(project, command), "defines no shapes", file="schema/api.yaml")
