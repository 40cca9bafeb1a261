"""What the behaviour tables of tests/every_language share: the languages, the reference verdict,
and one run per language of every row of every table.

A row is (what it shows, shape, payload, expectation). Each language reads the payload with its
generated code and writes it back through its conformance driver (generator/drivers/<lang>.py:
its own JSON parser, its generated types, its own serialiser), the way the conformance matrix
runs the vectors. All rows of all tables go to a language in one batch, so each compiles once.

Dart is not among the languages: no Dart SDK is reachable from these machines, so its generated
package is checked for what it declares (tests/dart), not run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jsonschema
import pytest

from generator.conformance import Item, json_equal, languages, results
from generator.config import load_config
from tests.conftest import GENERATED, REPO

WRITTEN_AS_READ = "written as read"  # accepted, and written back with the same properties and values
REJECTED = "rejected"  # an error, and nothing half-read


@dataclass(frozen=True)
class Row:
    what: str
    shape: str  # ns:Name, as `shapegen list` prints it
    payload: Any
    expect: str  # WRITTEN_AS_READ or REJECTED


def language_params() -> list:
    """Every language with a driver; Python's runs in this process (the fast tier), the others
    compile."""
    return [
        pytest.param(lang, id=lang, marks=pytest.mark.fast if lang == "python" else pytest.mark.toolchain)
        for lang in languages()
    ]


@lru_cache(maxsize=None)
def _bundle(namespace: str) -> dict:
    return json.loads((GENERATED / "jsonschema" / f"{namespace}.schema.json").read_text(encoding="utf-8"))


def schema_says_valid(row: Row) -> bool:
    """The reference: jsonschema's Draft 2020-12 validator on the generated bundle."""
    namespace, name = row.shape.split(":", 1)
    return jsonschema.Draft202012Validator({**_bundle(namespace), "$ref": f"#/$defs/{name}"}).is_valid(row.payload)


def _all_rows() -> list[Row]:
    from tests.every_language import test_newer_server, test_presence

    return test_presence.ROWS + test_newer_server.ROWS


@lru_cache(maxsize=None)
def _outcomes(lang: str) -> dict[tuple[str, str], dict[str, Any]]:
    rows = _all_rows()
    items = [Item(f"#{i}", row.shape, json.dumps(row.payload), None) for i, row in enumerate(rows)]
    return {
        (row.shape, json.dumps(row.payload)): out for row, out in zip(rows, results(load_config(REPO), lang, items))
    }


def wrong_rows(lang: str, rows: list[Row]) -> list[str]:
    """The rows whose outcome in `lang` is not the one the table states, each with what happened."""
    wrong = []
    for row in rows:
        got = _outcomes(lang)[(row.shape, json.dumps(row.payload))]
        if row.expect == REJECTED and got.get("ok"):
            wrong.append(f"{row.what}: accepted and wrote {json.dumps(got.get('json'))}")
        elif row.expect == WRITTEN_AS_READ and not got.get("ok"):
            wrong.append(f"{row.what}: rejected ({got.get('error')})")
        elif row.expect == WRITTEN_AS_READ and not json_equal(got.get("json"), row.payload):
            wrong.append(f"{row.what}: wrote {json.dumps(got.get('json'))}")
    return wrong


def the_schema_disagrees(rows: list[Row]) -> list[str]:
    """Rows whose stated expectation is not the reference verdict (a row must test what it says)."""
    return [r.what for r in rows if schema_says_valid(r) != (r.expect == WRITTEN_AS_READ)]
