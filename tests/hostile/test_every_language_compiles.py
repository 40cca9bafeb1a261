"""Every accepted schema compiles in every language (issue 20: what broke 6, what to build 6).

Each case below is a schema shapegen accepts whose output once failed a language's checker. They
are namespaces of one project, generated once; each language's strictest checker then runs once
over the whole tree (tests/hostile/compilers.py: pydantic import and mypy --strict, tsc --strict,
cargo clippy -D warnings, mcs, tree-sitter-dart, go vet), and a case passes in a language when
the checker says nothing about that case's files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from tests.hostile import compilers
from tests.hostile.test_accepted_schemas_compile import ACCEPTED, LONG_VALUES, RUNTIME_NAMES
from tests.hostile.project import TARGETS, run

HEAD = """\
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /orders:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}
components:
  schemas:
    Order:
      type: object
      required: [item]
      properties:
        item: {type: string}
"""


def holding(shape: str, definition: str) -> str:
    """An Order (a request and a response) with a property `value` of the named shape."""
    return HEAD + f"        value: {{$ref: '#/components/schemas/{shape}'}}\n" + definition


def nested(levels: int) -> str:
    schema = "{type: string}"
    for _ in range(levels):
        schema = f"{{type: object, properties: {{x: {schema}}}}}"
    return schema


BIDI = "\u202e\u2066x\u2069\u200f\u061c"  # RLO, LRI x PDI, RLM, ALM

# namespace -> schema: each a form that once failed to compile somewhere
CASES = {
    # a named alias that holds itself through an array, as a variant of an untagged union:
    # pydantic refused the implicit recursive alias; clippy, a check used only in recursion
    "recursive_array": holding(
        "Tree",
        "    Tree:\n      anyOf:\n        - {type: array, items: {$ref: '#/components/schemas/Tree'}}\n"
        "        - {type: string}\n",
    ),
    # a map of itself: C# and Go expanded it forever, Dart refused it (a typedef cannot recurse)
    "recursive_map": holding(
        "Dict", "    Dict:\n      type: object\n      additionalProperties: {$ref: '#/components/schemas/Dict'}\n"
    ),
    # null or an array of itself: Go wrote a type alias of itself
    "recursive_nullable": holding(
        "Chain", "    Chain:\n      type: [array, 'null']\n      items: {$ref: '#/components/schemas/Chain'}\n"
    ),
    # any JSON value, as an untagged union through arrays and maps: tsc said TS2456 of
    # Record<string, Json>
    "recursive_union": holding(
        "Json",
        "    Json:\n      anyOf:\n        - {type: string}\n        - {type: number}\n        - {type: boolean}\n"
        "        - {type: array, items: {$ref: '#/components/schemas/Json'}}\n"
        "        - {type: object, additionalProperties: {$ref: '#/components/schemas/Json'}}\n",
    ),
    # two aliases through each other (a map of a nullable array of the map)
    "recursive_mutual": holding(
        "Ma",
        "    Ma:\n      type: object\n      additionalProperties: {$ref: '#/components/schemas/Mb'}\n"
        "    Mb:\n      type: [array, 'null']\n      items: {$ref: '#/components/schemas/Ma'}\n",
    ),
    # a cycle through aliases and a union, with constraints on the way (the checks recurse)
    "recursive_checked": holding(
        "Va",
        "    Va:\n      type: array\n      items: {$ref: '#/components/schemas/Vb'}\n"
        "    Vb:\n      oneOf:\n        - {$ref: '#/components/schemas/Va'}\n"
        "        - {type: integer, minimum: 0}\n"
        "        - {type: object, additionalProperties: {$ref: '#/components/schemas/Vc'}}\n"
        "    Vc:\n      type: array\n      maxItems: 3\n      items: {$ref: '#/components/schemas/Vb'}\n",
    ),
    # integers: a default written as a float (mypy refused `int = 5.0`), a default past 64 bits
    # (Dart wrote it as a literal), constants at the edges a typed Python literal can hold
    "integers": HEAD
    + "        count: {type: integer, default: 5.0}\n"
    + "        big: {type: integer, default: 18446744073709551615}\n"
    + "        ratio: {type: integer, const: 3.0}\n"
    + "        edges: {type: integer, enum: [-9223372036854775807, 9223372036854775807]}\n",
    # property names past mcs's 511-character identifier limit (two alike for 599 characters,
    # one with a default, whose `<Name>OrDefault` is longer still), in a shape with a long name
    "long_names": HEAD
    + "        "
    + "p" * 600
    + ": {type: string}\n        "
    + "p" * 599
    + "q: {type: integer, default: 3}\n        other: {$ref: '#/components/schemas/"
    + "S" * 240
    + "'}\n    "
    + "S" * 240
    + ":\n      type: object\n      properties: {"
    + "z" * 600
    + ": {type: string}}\n",
    # bidi controls in a description, a default, enum and const values, an example and a
    # property name: escaped in every language's literals and comments, and still compiling
    "bidi": HEAD
    + f'        note: {{type: string, description: "d {BIDI} e", default: "v {BIDI}", examples: ["x {BIDI}"]}}\n'
    + f'        kind: {{type: string, enum: ["a{BIDI}", b]}}\n'
    + f'        fixed: {{const: "c{BIDI}"}}\n'
    + f'        "w{BIDI}ire": {{type: string}}\n',
    # 100 nested inline objects: rustc overflowed its query depth proving `Freeze`
    "deep_nesting": HEAD + "        note: " + nested(100) + "\n",
}

# the accepted hostile schemas of tests/hostile/test_accepted_schemas_compile.py, in every language too
CASES.update({"accepted_" + re.sub(r"\W+", "_", name).strip("_").lower(): api for name, api in ACCEPTED.items()})
CASES["csharp_runtime_names"] = RUNTIME_NAMES
CASES["long_enum_values"] = LONG_VALUES

LANGUAGES = compilers.LANGUAGES


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compiles")
    (root / "schema").mkdir()
    for namespace, schema in CASES.items():
        (root / "schema" / f"{namespace}.yaml").write_text(schema)
    (root / "pyproject.toml").write_text(
        f'[tool.shapegen]\nname = "hostile-shapes"\noutput = "generated"\ntargets = {TARGETS}\n\n'
        "[tool.shapegen.namespaces]\n" + "".join(f'{ns} = "schema/{ns}.yaml"\n' for ns in CASES)
    )
    result = run(root, "generate")
    assert result.code == 0, result.err
    return root / "generated"


@pytest.fixture(scope="module")
def complaints(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, list[str]]]:
    """language -> namespace -> what its checker said; each checker runs once, on first use."""
    found: dict[str, dict[str, list[str]]] = {}
    namespaces = list(CASES)

    def of(language: str) -> dict[str, list[str]]:
        if language not in found:
            if not compilers.available(language) and os.environ.get("CI") != "true":
                pytest.skip(f"no {language} toolchain here")
            found[language] = {
                "python": lambda: compilers.python(generated, "hostile_shapes", namespaces),
                "typescript": lambda: compilers.typescript(generated, namespaces),
                "rust": lambda: compilers.rust(generated, namespaces, "hostile_compiles"),
                "csharp": lambda: compilers.csharp(
                    generated, namespaces, tmp_path_factory.mktemp("mcs") / "shapes.dll"
                ),
                "dart": lambda: compilers.dart(generated, namespaces),
                "go": lambda: compilers.go(generated, namespaces),
            }[language]()
        return found[language]

    return of


def test_the_project_holds_every_target():
    assert all(f'"{language}"' in TARGETS for language in LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", list(CASES))
def test_an_accepted_case_compiles(complaints, case, language):
    said = complaints(language)
    assert said.get(case, []) == [], "\n".join(said[case])
    assert said.get("*", []) == [], "\n".join(said["*"])


ROUND_TRIPS = {
    "recursive_array": ([["x", []], "y"], [["x", 1]]),
    "recursive_map": ({"a": {"b": {}}, "c": {}}, {"a": {"b": 1}}),
    "recursive_nullable": ([None, [[], None]], [None, ["x"]]),
    "recursive_union": ({"k": [1.5, "s", True, {"n": []}]}, {"k": [None]}),
    "recursive_mutual": ({"a": [{"b": None}, {}], "c": None}, {"a": [{"b": [1]}]}),
    "recursive_checked": ([[1, {"k": [[2], 3]}], 0], [[{"k": [1, 2, 3, 4]}]]),
}

CHECK = """
import json, sys
sys.path.insert(0, sys.argv[1])
import pydantic
from importlib import import_module
for ns, (good, bad) in json.loads(sys.argv[2]).items():
    Order = import_module(f"hostile_shapes.{ns}").Order
    text = json.dumps({"item": "i", "value": good}, separators=(",", ":"))
    assert Order.model_validate_json(text).model_dump_json() == text, (ns, text)
    try:
        Order.model_validate({"item": "i", "value": bad})
    except pydantic.ValidationError:
        continue
    raise AssertionError(f"{ns}: {bad!r} was accepted")
"""


def test_recursive_aliases_read_and_write_nested_values_in_python(generated):
    """The recursive aliases mean what the schema says: a nested value is read and written back
    unchanged, and a value that breaks the rule deep inside is rejected."""
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(generated / "python"), json.dumps(ROUND_TRIPS)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_deep_chain_raises_the_crate_recursion_limit_and_a_shallow_one_does_not(generated):
    lib = (generated / "rust" / "src" / "lib.rs").read_text()
    assert '#![recursion_limit = "468"]' in lib  # 101 shapes on the chain: Order and 100 objects
    assert "recursion_limit" not in (Path(__file__).parents[2] / "generated" / "rust" / "src" / "lib.rs").read_text()


DRIVERS = ("python", "typescript", "rust", "csharp", "go")  # the languages with a conformance driver


@pytest.mark.parametrize("language", DRIVERS)
def test_recursive_aliases_give_the_same_verdicts_in_every_language(generated, tmp_path, language):
    """Each language reads the nested value and writes it back unchanged, and rejects the value
    that breaks the rule deep inside (`shapegen conformance`, one run per language)."""
    if not compilers.available(language) and os.environ.get("CI") != "true":
        pytest.skip(f"no {language} toolchain here")
    vectors = tmp_path / "vectors.jsonl"
    vectors.write_text(
        "".join(
            json.dumps({"shape": f"{ns}:Order", "json": {"item": "i", "value": value}}) + "\n"
            for ns, pair in ROUND_TRIPS.items()
            for value in pair
        )
    )
    result = run(generated.parent, "conformance", "--lang", language, str(vectors))
    assert result.code == 0, result.err
    verdicts = [json.loads(line) for line in result.out.splitlines()]
    assert [v["ok"] for v in verdicts] == [True, False] * len(ROUND_TRIPS), verdicts
    assert [v["json"]["value"] for v in verdicts if v["ok"]] == [good for good, _ in ROUND_TRIPS.values()]
