"""One verdict in every language: for a scratch schema of the cases where languages used to
disagree, every language with a conformance driver, and the compiled validators, give each
payload exactly the verdict `jsonschema.Draft202012Validator` gives on the generated bundle
(`generated/jsonschema/decided.schema.json`), and re-serialise each accepted payload to an equal
JSON document.

The cases (schema/api.yaml): an untagged `oneOf` of two objects that an empty object matches
both, `oneOf [integer, number]`, `anyOf` of the same, a closed request object and an open
response object, an integral float for an integer, `uniqueItems`, nullable fields.

The expected verdicts are not written here: the reference validator computes them, and one test
checks that the table holds both verdicts for each case, so none is vacuous. The project is
generated once into `.cache/decided/project` and each language compiles it once per run (its
driver keeps the build while the sources are unchanged).
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
import textwrap
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator import pipeline
from generator.config import load_config, Config
from generator.conformance import Item, json_equal, results
from generator.conformance import languages as driver_languages
from tests.conftest import REPO

# every language's conformance driver compiles and runs the generated code, as the matrix does
pytestmark = pytest.mark.interop

HERE = Path(__file__).resolve().parent
PROJECT = REPO / ".cache" / "decided" / "project"
PACKAGE = "decided_shapes"  # not the project's package: both are imported in one test process
NAMESPACE = "decided"
TARGETS = ["jsonschema", "python", "validators", "typescript", "rust", "csharp", "go"]

# (case, shape, payload): what each payload tries; the verdict comes from the reference validator
TABLE: list[tuple[str, str, Any]] = [
    # an untagged oneOf of two closed objects (request side): {} is both a Letter and a Count
    ("oneOf objects: both branches match", "Order", {"u": {}}),
    ("oneOf objects: only Letter", "Order", {"u": {"a": "x"}}),
    ("oneOf objects: only Count", "Order", {"u": {"b": 1}}),
    ("oneOf objects: neither", "Order", {"u": {"a": "x", "b": 1}}),
    ("oneOf objects: not an object", "Order", {"u": 3}),
    # response side: open objects, so {"a": "x"} is also a Count without b
    ("open oneOf objects: both branches match", "Receipt", {"id": "r", "u": {"a": "x"}}),
    ("open oneOf objects: Count only", "Receipt", {"id": "r", "u": {"a": 1}}),
    ("open oneOf objects: Letter only", "Receipt", {"id": "r", "u": {"b": "x"}}),
    # anyOf of the same objects: at least one is enough
    ("anyOf objects: both match", "Order", {"u": {"a": "x"}, "e": {}}),
    ("anyOf objects: one matches", "Order", {"u": {"a": "x"}, "e": {"b": 2}}),
    ("anyOf objects: none matches", "Order", {"u": {"a": "x"}, "e": {"a": 1}}),
    ("open anyOf objects: both match", "Receipt", {"id": "r", "e": {"a": "x"}}),
    # oneOf [integer, number]: an integer is a number too
    ("oneOf integer|number: an integer", "Order", {"u": {"a": "x"}, "n": 1}),
    ("oneOf integer|number: an integral float", "Order", {"u": {"a": "x"}, "n": 2.0}),
    ("oneOf integer|number: a fraction", "Order", {"u": {"a": "x"}, "n": 1.5}),
    ("oneOf integer|number: a string", "Order", {"u": {"a": "x"}, "n": "1"}),
    ("oneOf integer|number in a response: an integer", "Receipt", {"id": "r", "n": 7}),
    ("oneOf integer|number in a response: a fraction", "Receipt", {"id": "r", "n": 0.25}),
    ("anyOf integer|number: an integer", "Order", {"u": {"a": "x"}, "m": 1}),
    ("anyOf integer|number: a fraction", "Order", {"u": {"a": "x"}, "m": 1.5}),
    ("anyOf integer|number: a boolean", "Order", {"u": {"a": "x"}, "m": True}),
    # closed request, open response
    ("closed request: an unknown property", "Order", {"u": {"a": "x"}, "extra": 1}),
    ("closed request: an unknown property in a part", "Order", {"u": {"a": "x", "z": True}}),
    ("closed request: only known properties", "Order", {"u": {"a": "x"}, "name": "n"}),
    ("open response: an unknown property", "Receipt", {"id": "r", "extra": {"k": [1]}}),
    ("open response: an unknown property in a part", "Receipt", {"id": "r", "note": {"a": "x", "z": 1}}),
    ("open response: a known property of the wrong type", "Receipt", {"id": "r", "note": {"a": 1, "z": 1}}),
    # integral floats for integers
    ("integer: an integral float", "Order", {"u": {"a": "x"}, "count": 3.0}),
    ("integer: a fraction", "Order", {"u": {"a": "x"}, "count": 3.5}),
    ("integer in a response: an integral float", "Receipt", {"id": "r", "count": 4.0}),
    ("integer in a response: a string", "Receipt", {"id": "r", "count": "4"}),
    # uniqueItems
    ("uniqueItems: distinct", "Order", {"u": {"a": "x"}, "tags": [1, 2, 3]}),
    ("uniqueItems: a repeat", "Order", {"u": {"a": "x"}, "tags": [1, 2, 1]}),
    ("uniqueItems: 1 and 1.0 are equal", "Order", {"u": {"a": "x"}, "tags": [1, 1.0]}),
    ("uniqueItems in a response: distinct", "Receipt", {"id": "r", "tags": ["a", "b"]}),
    ("uniqueItems in a response: a repeat", "Receipt", {"id": "r", "tags": ["a", "a"]}),
    # nullable fields: null and absent are both allowed, and differ
    ("nullable string: null", "Order", {"u": {"a": "x"}, "note": None}),
    ("nullable string: a string", "Order", {"u": {"a": "x"}, "note": "n"}),
    ("nullable string: a number", "Order", {"u": {"a": "x"}, "note": 1}),
    ("not nullable: null", "Order", {"u": {"a": "x"}, "name": None}),
    ("nullable object in a response: null", "Receipt", {"id": "r", "note": None}),
    ("nullable object in a response: an object", "Receipt", {"id": "r", "note": {"a": "x"}}),
    ("nullable object in a response: a string", "Receipt", {"id": "r", "note": "x"}),
    ("required and not nullable: null", "Receipt", {"id": None}),
]


def _pyproject() -> str:
    return textwrap.dedent(f"""
        [tool.shapegen]
        output = "generated"
        targets = {json.dumps(TARGETS)}
        [tool.shapegen.namespaces]
        {NAMESPACE} = "schema/api.yaml"
        [tool.shapegen.python]
        package = "{PACKAGE}"
        [tool.shapegen.rust]
        crate = "{PACKAGE}"
    """)


@lru_cache(maxsize=None)
def project() -> Config:
    """The scratch project, generated with the shapegen of this checkout (once per run)."""
    if (PROJECT / "schema").exists():
        shutil.rmtree(PROJECT / "schema")
    shutil.copytree(HERE / "schema", PROJECT / "schema")
    (PROJECT / "pyproject.toml").write_text(_pyproject(), encoding="utf-8")
    config = load_config(PROJECT)
    pipeline.write(config, pipeline.build(config))
    return config


@lru_cache(maxsize=None)
def bundle() -> dict:
    return json.loads((project().output / "jsonschema" / f"{NAMESPACE}.schema.json").read_text(encoding="utf-8"))


def expected(shape: str, payload: Any) -> bool:
    """The reference verdict: jsonschema's Draft 2020-12 validator on the generated bundle."""
    return jsonschema.Draft202012Validator({**bundle(), "$ref": f"#/$defs/{shape}"}).is_valid(payload)


def _validators(items: list[Item]) -> list[dict[str, Any]]:
    """The compiled validators (`<package>/decided/validators.py`) as a language: they only judge,
    so an accepted payload is given back as it came."""
    root = str(project().output / "python")
    if root not in sys.path:
        sys.path.insert(0, root)
    module = importlib.import_module(f"{PACKAGE}.{NAMESPACE}.validators")
    out = []
    for item in items:
        instance = json.loads(item.text)
        errors = module.validate(item.shape.split(":", 1)[1], instance)
        out.append({"ok": True, "json": instance} if not errors else {"ok": False, "error": str(errors[0])})
    return out


LANGUAGES = [lang for lang in driver_languages() if lang in TARGETS] + ["validators"]


@lru_cache(maxsize=None)
def verdicts(lang: str) -> tuple[dict[str, Any], ...]:
    """Every payload of the table through one language, in one batch (one compile)."""
    items = [Item(case, f"{NAMESPACE}:{shape}", json.dumps(payload)) for case, shape, payload in TABLE]
    if lang == "validators":
        return tuple(_validators(items))
    return tuple(results(project(), lang, items))


def test_the_table_holds_both_verdicts_for_every_kind_of_case():
    kinds: dict[str, set[bool]] = {}
    for case, shape, payload in TABLE:
        kinds.setdefault(case.split(":", 1)[0], set()).add(expected(shape, payload))
    # a kind with one payload tests one side only; every kind of two or more shows both sides
    one_sided = [k for k, seen in kinds.items() if len(seen) < 2 and sum(c.startswith(k) for c, _, _ in TABLE) > 1]
    assert not one_sided, f"these kinds test only one verdict: {one_sided}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_gives_the_reference_verdict_and_round_trips(lang):
    wrong = []
    for (case, shape, payload), got in zip(TABLE, verdicts(lang), strict=True):
        valid = expected(shape, payload)
        if got.get("ok") is not valid:
            said = "accepts" if got.get("ok") else f"rejects ({got.get('error')})"
            wrong.append(f"{case}: the schema says {'valid' if valid else 'invalid'}, {lang} {said}")
        elif valid and not json_equal(got.get("json"), payload):
            wrong.append(f"{case}: round trip differs: {json.dumps(payload)} -> {json.dumps(got.get('json'))}")
    assert not wrong, f"{lang} disagrees with the bundle on {len(wrong)} of {len(TABLE)} payloads:\n" + "\n".join(wrong)
