"""User errors: a message naming the file and line (or pointer), what is wrong and how to fix it,
exit 2, no traceback, and generated/ left exactly as it was."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from generator.cli import main
from tests.cli.project import make_project
from tests.conftest import REPO


def shapegen(project, *args):
    """`shapegen --project PROJECT ARGS` in this process (generator.cli.main, as the script calls it):
    its exit code, stdout and stderr, without a new interpreter's start-up and cold render per call."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--project", str(project), *args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def shapegen_process(project, *args):
    """The same, as a user's shell runs it: `python -m generator` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path)
    assert shapegen(root, "generate").returncode == 0
    return root


def break_file(project, name, old, new):
    path = project / "schema" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def assert_user_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_malformed_yaml_names_file_line_and_column(project):
    break_file(project, "orders.yaml", "required: [item]", "required: [item")
    # end to end: the exit code and the message of a process of its own
    assert_user_error(shapegen_process(project, "generate"), "schema/orders.yaml:", "not valid YAML", "hint:")


def test_schema_breaking_the_openapi_meta_schema_names_the_line(project):
    break_file(project, "orders.yaml", "required: [item]", "required: item")
    assert_user_error(shapegen(project, "generate"), "schema/orders.yaml:7:", "#/components/schemas/Order/required")


def test_invalid_json_schema_keyword_value_names_the_pointer(project):
    break_file(project, "common/money.yaml", "amount: {type: integer}", "amount: {type: integr}")
    assert_user_error(shapegen(project, "generate"), "schema/common/money.yaml:", "/properties/amount/type")


def test_dangling_ref_names_the_ref_and_the_missing_shape(project):
    break_file(project, "orders.yaml", "#/components/schemas/Money", "#/components/schemas/Mony")
    assert_user_error(shapegen(project, "generate"), "schema/orders.yaml:", "dangling $ref", "'Mony'")


def test_ref_to_a_missing_file_names_the_file(project):
    break_file(project, "orders.yaml", "./common/money.yaml", "./common/cash.yaml")
    assert_user_error(shapegen(project, "generate"), "points to a file that does not exist", "cash.yaml")


def test_two_files_defining_one_shape_name_is_an_error(project):
    break_file(project, "orders.yaml", "    Order:", "    Money:\n      type: string\n    Order:")
    assert_user_error(shapegen(project, "generate"), "two shapes are named 'Money'")


def test_two_shapes_that_map_to_one_name_is_an_error(project):
    break_file(project, "orders.yaml", "    Order:", "    money:\n      type: string\n    Order:")
    assert_user_error(shapegen(project, "generate"), "both become 'Money'", "rename one")


def test_a_failed_run_leaves_generated_untouched(project):
    before = snapshot(project / "generated")
    break_file(project, "orders.yaml", "#/components/schemas/Money", "#/components/schemas/Mony")
    assert shapegen(project, "generate").returncode == 2
    assert snapshot(project / "generated") == before


def test_validate_rejects_a_file_that_is_not_json_with_line_and_column(project, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "order": {"item": 1,}\n}')
    result = shapegen(project, "validate", "--shape", "cross_file_refs:Receipt", str(bad))
    assert result.returncode == 2
    assert "unknown namespace" in result.stderr
    result = shapegen(project, "validate", "--shape", "shop:Receipt", str(bad))
    assert_user_error(result, "bad.json:2:", "not JSON")


def test_validate_reports_pointer_and_message_for_an_invalid_payload(project, tmp_path):
    payload = tmp_path / "p.json"
    payload.write_text('{"order": {"item": {"amount": "1", "currency": "EUR"}}}')
    result = shapegen(project, "validate", "--shape", "shop:Receipt", str(payload))
    assert result.returncode == 1
    assert "/order/item/amount" in result.stdout


def test_unknown_shape_is_a_usage_error(project, tmp_path):
    payload = tmp_path / "p.json"
    payload.write_text("{}")
    assert_user_error(shapegen(project, "validate", "--shape", "shop:Nope", str(payload)), "no shape named 'Nope'")


def test_a_pattern_that_is_not_a_usable_regular_expression_names_its_line(project):
    break_file(project, "common/money.yaml", "pattern: '^[A-Z]{3}$'", "pattern: '^[A-Z]{3$('")
    assert_user_error(shapegen(project, "generate"), "schema/common/money.yaml:", "/properties/currency/pattern")


def test_an_openapi_structure_error_names_the_object_and_what_it_lacks(project):
    break_file(project, "api.yaml", "          description: ok\n", "")
    assert_user_error(
        shapegen(project, "generate"),
        "schema/api.yaml:",
        "OpenAPI 3.1 meta-schema",
        "'description' is a required property",
    )
