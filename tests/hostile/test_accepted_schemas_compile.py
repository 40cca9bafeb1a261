"""Hostile schemas that are accepted must give output that works (issue 7.6, issue 20.6): here,
cheaply, the Python models and validators import and build, and the C# names that once failed are
checked; tests/hostile/test_every_language_compiles.py compiles every one of them in every
language, one checker run per language."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.hostile.project import API, make, run

NOTE = "        note: {type: string}"

ACCEPTED = {
    "a shape named like a keyword": API.replace(
        "    Receipt:", "    class:\n      type: object\n      properties: {a: {type: string}}\n    Receipt:"
    ),
    "dates and sexagesimals kept as strings": API.replace(
        NOTE, "        note: {type: string, examples: [2024-10-01, 1:30], default: 2024-10-01}"
    ),
    "a length written as a float": API.replace(NOTE, "        note: {type: string, minLength: 2.0}"),
    "bounds past i64": API.replace(
        NOTE, "        note: {type: integer, minimum: -9223372036854776000, maximum: 9223372036854776000}"
    ),
    "an invisible character in a literal": API.replace(NOTE, '        note: {type: string, const: "a\\u200bb"}'),
    "a property name outside ASCII": API.replace(NOTE, "        ñoté: {type: string}"),
    "a 2019-09 recursive anchor": API.replace(
        "    Receipt:\n      type: object\n", "    Receipt:\n      $recursiveAnchor: true\n      type: object\n"
    ).replace(NOTE, "        note: {$recursiveRef: '#'}"),
}

IMPORT = (
    "import importlib, sys; sys.path.insert(0, sys.argv[1]);"
    "m = importlib.import_module('shop_shapes.shop');"
    "v = importlib.import_module('shop_shapes.shop.validators');"
    "[getattr(m, n) for n in m.__all__]"
)


@pytest.mark.parametrize("schema", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_an_accepted_hostile_schema_gives_python_that_imports(tmp_path, schema):
    root = make(tmp_path, api=schema, targets='["python", "validators"]')
    result = run(root, "generate")
    assert result.code == 0, result.err
    done = subprocess.run(
        [sys.executable, "-c", IMPORT, str(root / "generated" / "python")], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0, done.stderr[-3000:]


RUNTIME_NAMES = API.replace(
    NOTE,
    "        note: {type: string}\n"
    "        format: {type: string, enum: [json, list, jtoken, validation_error, string_comparer, value, is_known]}",
)


def test_open_enum_values_named_like_the_csharp_runtime_do_not_hide_it(tmp_path):
    """An open (response) enum is a struct whose methods name `Json`, `List`, `JToken`, ...: a
    value `json` must not become a member `Json` that hides the runtime's class (issue 20, 6).
    mcs compiles it in tests/hostile/test_every_language_compiles.py (case csharp_runtime_names)."""
    root = make(tmp_path / "p", api=RUNTIME_NAMES, targets='["csharp"]')
    assert run(root, "generate").code == 0
    text = "".join(p.read_text() for p in sorted((root / "generated" / "csharp").rglob("*.cs")))
    assert "public static readonly ReceiptFormat JsonValue" in text and " Json = " not in text


LONG_VALUES = API.replace(
    NOTE, "        note: {type: string}\n        code: {type: string, enum: [" + "a" * 600 + ", " + "a" * 599 + "b]}"
)


def test_enum_values_longer_than_a_csharp_identifier_get_distinct_names_within_the_limit(tmp_path):
    """mcs refuses identifiers past 512 characters: a 600-character enum value's member name is
    cut and made unique by a hash of the value (issue 20, 6). mcs compiles it in
    tests/hostile/test_every_language_compiles.py (case long_enum_values)."""
    root = make(tmp_path / "p", api=LONG_VALUES, targets='["csharp"]')
    assert run(root, "generate").code == 0
    text = "".join(p.read_text() for p in sorted((root / "generated" / "csharp").rglob("*.cs")))
    members = set(re.findall(r"\b(Aa{400,}\w*)", text))
    assert len(members) == 2 and all(len(m) <= 511 for m in members), {m[-20:] for m in members}
