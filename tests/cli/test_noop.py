"""A no-op run is answered from a manifest of inputs and outputs, without loading or rendering
anything; any change to an input, to the output or to shapegen itself sends it the full way."""

from __future__ import annotations

from tests.hostile.project import make, run


def test_a_second_generate_is_answered_from_the_manifest(tmp_path):
    root = make(tmp_path, targets='["jsonschema", "python"]')
    assert run(root, "generate").code == 0
    again = run(root, "generate")
    assert again.code == 0 and "0 written" in again.out and "as the last run left them" in again.out


def test_a_hand_edit_to_the_output_is_found_after_a_no_op_run(tmp_path):
    root = make(tmp_path, targets='["jsonschema", "python"]')
    run(root, "generate")
    run(root, "generate")
    bundle = root / "generated" / "jsonschema" / "shop.schema.json"
    bundle.write_text(bundle.read_text().replace('"maxLength": 40', '"maxLength": 41'))
    assert run(root, "check").code == 1
    assert "1 written" in run(root, "generate").out


def test_a_stale_file_is_found_after_a_no_op_run(tmp_path):
    root = make(tmp_path, targets='["jsonschema", "python"]')
    run(root, "generate")
    stale = root / "generated" / "jsonschema" / "old.schema.json"
    stale.write_text("{}\n")
    assert run(root, "check").code == 1
    assert "1 removed" in run(root, "generate").out and not stale.exists()


def test_a_schema_edit_regenerates(tmp_path):
    root = make(tmp_path, targets='["jsonschema", "python"]')
    run(root, "generate")
    api = root / "schema" / "api.yaml"
    api.write_text(api.read_text().replace("maxLength: 40", "maxLength: 50"))
    result = run(root, "generate")
    assert "as the last run left them" not in result.out and " 0 written" not in result.out


def test_warnings_are_repeated_by_a_no_op_run_and_strict_still_fails(tmp_path):
    root = make(tmp_path, targets='["jsonschema"]')
    api = root / "schema" / "api.yaml"
    api.write_text(api.read_text().replace("required: [order]", "required: [order, order]"))
    assert "more than once" in run(root, "generate").err
    again = run(root, "generate")
    assert "as the last run left them" in again.out and "more than once" in again.err
    assert run(root, "check", "--strict").code == 2
