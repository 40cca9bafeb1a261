"""`validate` input is I-JSON (issue 7.7): NaN, Infinity, duplicate keys, numbers no double holds,
non-UTF-8 text, devices and folders are errors with a line and column (or a clear message)."""

from __future__ import annotations

import pytest

from tests.hostile.project import assert_user_error, run


def validate(project, tmp_path, content):
    payload = tmp_path / "payload.json"
    payload.write_bytes(content.encode() if isinstance(content, str) else content)
    return payload, run(project, "validate", "--shape", "shop:Order", str(payload))


@pytest.mark.parametrize("constant, column", [("NaN", 24), ("Infinity", 24), ("-Infinity", 24)])
def test_nan_and_infinity_are_rejected_with_line_and_column(project, tmp_path, constant, column):
    payload, result = validate(project, tmp_path, f'{{"item": "x", "count": {constant}}}')
    assert_user_error(result, f"{payload}:1:{column}", f"{constant} is not a JSON number")


def test_a_duplicate_key_is_rejected_naming_both_places(project, tmp_path):
    payload, result = validate(project, tmp_path, '{"item": "x",\n  "item": "y"}')
    assert_user_error(result, f"{payload}:2:3", "duplicate key 'item' (first at line 1, column 2)")


def test_a_5000_digit_integer_is_rejected(project, tmp_path):
    payload, result = validate(project, tmp_path, '{"item": "x", "count": ' + "7" * 5000 + "}")
    assert_user_error(result, f"{payload}:1:24", "5000 digits")


def test_a_number_beyond_a_double_is_rejected(project, tmp_path):
    payload, result = validate(project, tmp_path, '{"item": "x", "count": 1e400}')
    assert_user_error(result, f"{payload}:1:24", "beyond the range of a double")


def test_text_that_is_not_utf8_is_rejected_with_its_position(project, tmp_path):
    payload, result = validate(project, tmp_path, b'{"item": "caf\xe9"}')
    assert_user_error(result, f"{payload}:1:", "not UTF-8")


def test_a_device_is_refused_without_reading_it(project):
    assert_user_error(run(project, "validate", "--shape", "shop:Order", "/dev/zero"), "not a regular file")


def test_a_folder_is_refused(project, tmp_path):
    assert_user_error(run(project, "validate", "--shape", "shop:Order", str(tmp_path)), "is a folder")


def test_a_valid_payload_still_validates(project, tmp_path):
    _, result = validate(project, tmp_path, '{"item": "x", "count": 600.0}')
    assert result.code == 0, result.err + result.out
