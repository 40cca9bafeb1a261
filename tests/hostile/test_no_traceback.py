"""No traceback from input (issue 20, item 7): the inputs that ended in an internal error (exit 3)
end in a user error (exit 2) naming the file and line, and so do the messages that lacked a line."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests.hostile.project import API, assert_user_error, make, run

NOTE = "        note: {type: string}"
COLOR = "        note: {type: string}\n    Color:\n      type: string\n      enum: [red, blue]\n"


def test_a_shape_named_like_a_python_keyword_generates_validators_that_import(tmp_path):
    root = make(tmp_path / "p", api=API.replace("Receipt", "class"), targets='["python", "validators"]')
    result = run(root, "generate")
    assert result.code == 0, result.err
    validators = next((root / "generated" / "python").glob("*/shop/validators.py"))
    module = f"{validators.parent.parent.name}.shop.validators"
    check = f"import {module} as v; print(v.is_valid_class_({{'order': {{'item': 'x'}}}}), v.is_valid_class_({{}}))"
    done = subprocess.run(
        [sys.executable, "-c", check], cwd=root / "generated" / "python", capture_output=True, text=True
    )
    assert done.stdout.split() == ["True", "False"], done.stderr


def test_enum_descriptions_given_as_a_list_name_their_line(tmp_path):
    api = API.replace("        note: {type: string}\n", COLOR + "      x-shapegen-enum-descriptions: [one, two]\n")
    root = make(tmp_path / "p", api=api, targets='["python", "docs"]')
    assert_user_error(
        run(root, "generate"),
        "x-shapegen-enum-descriptions must be a mapping",
        file="schema/api.yaml",
        pointer="/components/schemas/Color/x-shapegen-enum-descriptions",
    )


def test_a_non_string_upstream_pointer_names_its_line(tmp_path):
    api = API.replace("        note: {type: string}\n", COLOR + "      x-shapegen-upstream: 42\n")
    root = make(tmp_path / "p", api=api, targets='["jsonschema"]')
    assert_user_error(run(root, "generate"), "x-shapegen-upstream must be a string", file="schema/api.yaml")


def test_a_conformance_vector_naming_an_unknown_shape_names_its_line(tmp_path):
    root = make(tmp_path / "p", targets='["python"]')
    assert run(root, "generate").code == 0
    vectors = tmp_path / "vectors.jsonl"
    lines = [{"shape": "shop:Order", "json": {"item": "x"}}, {"shape": "shop:Nope", "json": {}}]
    vectors.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = run(root, "conformance", "--lang", "python", str(vectors))
    assert_user_error(result, "'shop:Nope'", "shapegen list")
    assert f"{vectors}:2:" in result.err


def test_breaking_against_a_ref_too_long_for_a_path_is_a_user_error(tmp_path):
    root = make(tmp_path / "p", targets='["jsonschema"]')
    assert_user_error(run(root, "breaking", "--against", "x" * 256), "--against takes a branch, tag or commit")


def test_a_namespace_name_too_long_for_a_file_name_names_its_line(tmp_path):
    root = make(tmp_path / "p", targets='["python"]', namespaces=f'{"n" * 300} = "schema/api.yaml"')
    before = sorted(p.name for p in root.iterdir())
    result = run(root, "generate")
    assert_user_error(result, "more than the 255 a file name may have", "shorten the namespace name")
    assert "pyproject.toml:6" in result.err
    assert sorted(p.name for p in root.iterdir()) == before  # nothing staged, nothing written


def test_an_empty_schema_file_names_line_one(tmp_path):
    root = make(tmp_path / "p", api="", targets='["jsonschema"]')
    result = run(root, "generate")
    assert_user_error(result, "the file is empty")
    assert "schema/api.yaml:1:1" in result.err


def test_a_schema_file_that_is_a_list_names_its_line(tmp_path):
    root = make(tmp_path / "p", api="\n- openapi\n", targets='["jsonschema"]')
    assert_user_error(run(root, "generate"), "must be a YAML mapping", file="schema/api.yaml")


def test_a_schema_file_with_a_byte_that_is_not_utf8_names_its_line(tmp_path):
    root = make(tmp_path / "p", targets='["jsonschema"]')
    api = root / "schema" / "api.yaml"
    api.write_bytes(api.read_bytes().replace(b"description: ok", b"description: \xff ok"))
    result = run(root, "generate")
    assert_user_error(result, "not UTF-8", file="schema/api.yaml")


@pytest.mark.parametrize(
    "schema, pointer",
    [
        ("{const: 18446744073709551616}", "/components/schemas/Receipt/properties/note/const"),
        ("{type: integer, enum: [1, -9223372036854775809]}", "/components/schemas/Receipt/properties/note/enum/1"),
    ],
)
def test_an_integer_constant_past_64_bits_is_refused_with_its_line(tmp_path, schema, pointer):
    api = API.replace("        note: {type: string}", f"        note: {schema}")
    root = make(tmp_path / "p", api=api, targets='["jsonschema"]')
    assert_user_error(run(root, "generate"), "does not fit in 64 bits", file="schema/api.yaml", pointer=pointer)


def test_minus_2_to_the_63_as_a_constant_is_refused_naming_mypy_and_its_line(tmp_path):
    """Rust, C#, Dart and Go hold -2^63, but mypy refuses `Literal[-9223372036854775808]` (issue 20, 6)."""
    api = API.replace("        note: {type: string}", "        note: {type: integer, enum: [1, -9223372036854775808]}")
    root = make(tmp_path / "p", api=api, targets='["jsonschema"]')
    assert_user_error(
        run(root, "generate"),
        "mypy refuses",
        file="schema/api.yaml",
        pointer="/components/schemas/Receipt/properties/note/enum/1",
    )


def test_integer_constants_at_the_64_bit_edges_are_accepted(tmp_path):
    api = API.replace(
        "        note: {type: string}",
        "        note: {type: integer, enum: [-9223372036854775807, 9223372036854775807]}",
    )
    root = make(tmp_path / "p", api=api, targets='["jsonschema"]')
    assert run(root, "generate").code == 0


@pytest.mark.parametrize("namespace", ["Newtonsoft.Json", "System", "System.Text.Json"])
def test_a_csharp_namespace_inside_a_runtime_namespace_is_refused(tmp_path, namespace):
    root = make(tmp_path / "p", targets='["csharp"]', extra=f'[tool.shapegen.csharp]\nnamespace = "{namespace}"')
    assert_user_error(
        run(root, "generate"),
        f"pyproject.toml:5 ([tool.shapegen.csharp] namespace): namespace {namespace!r} is refused",
        "lies inside",
    )


@pytest.mark.parametrize(
    "case, api, fragment",
    [
        ("a false property schema", API.replace(NOTE, "        note: false"), "can never be valid"),
        (
            "an invalid pattern",
            API.replace(NOTE, "        note: {type: string, pattern: '(['}"),
            "unterminated character class",
        ),
        (
            "a quantifier out of order",
            API.replace(NOTE, "        note: {type: string, pattern: 'a{2,1}'}"),
            "numbers out of order",
        ),
        (
            "two shapes one case apart",
            API.replace("    Receipt:\n", "    order:\n      type: string\n    Receipt:\n"),
            "both become 'Order'",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "",
)
def test_messages_found_after_loading_name_their_line(tmp_path, case, api, fragment):
    root = make(tmp_path / "p", api=api, targets='["jsonschema", "csharp"]')
    assert_user_error(run(root, "generate"), fragment, file="schema/api.yaml")


@pytest.mark.parametrize(
    "api",
    [
        API.replace("    Receipt:", "    " + "L" * 260 + ":\n      type: string\n    Receipt:"),
        API.replace(NOTE, "        " + "p" * 300 + ": {type: object, properties: {a: {type: string}}}"),
    ],
    ids=["a shape name too long for a file name", "an inline object named after a long property"],
)
def test_a_shape_name_too_long_for_a_file_name_gets_a_shortened_stable_file_name(tmp_path, api):
    """A C# file or docs page named after a long shape name (a long name, or an inline schema named
    after its parent and a long property) is cut and ended by a hash of the whole name, so the
    schema generates, the same way every run, and each docs link finds its page."""
    root = make(tmp_path / "p", api=api, targets='["csharp", "docs"]')
    result = run(root, "generate")
    assert result.code == 0, result.err
    written = [p for p in (root / "generated").rglob("*") if p.is_file()]
    assert written and all(len(p.name.encode("utf-8")) <= 255 for p in written)
    long_files = [p for p in written if len(p.name) > 200]
    assert {p.suffix for p in long_files} == {".cs", ".md"}
    pages = {p.name for p in written if p.suffix == ".md"}
    for page in (p for p in written if p.suffix == ".md"):
        for target in re.findall(r"\]\(([^)#]+\.md)", page.read_text(encoding="utf-8")):
            assert target.split("/")[-1] in pages or target.startswith(".."), (page.name, target)
    again = run(root, "check")
    assert again.code == 0, again.err
