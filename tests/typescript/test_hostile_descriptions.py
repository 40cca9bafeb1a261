"""Schema text that is hostile to code generators (quotes, `*/`, backslashes, newlines, U+2028,
`${}` and backticks) cannot change the meaning of the generated TypeScript: the package compiles,
and descriptions, enum values, defaults, property names and string literals come back exactly."""

from __future__ import annotations

import json
import random
import subprocess

import pytest
import yaml

from generator.drivers.typescript import TOOLCHAIN, node
from generator.targets.typescript import ts_doc, ts_str
from tests.typescript.helpers import FIXTURES, NODE_DECLARATIONS, node_script

SCHEMA = yaml.safe_load((FIXTURES / "hostile" / "api.yaml").read_text(encoding="utf-8"))["components"]["schemas"]
HOSTILE = SCHEMA["Hostile"]


def _unescape_doc(text: str) -> str:
    return text.replace("*\\/", "*/")


@pytest.fixture(scope="module")
def jsdoc(fixture_package):
    result = subprocess.run(
        [
            node(),
            str(FIXTURES / "jsdoc.cjs"),
            str(TOOLCHAIN / "node_modules" / "typescript"),
            str(fixture_package / "src" / "hostile" / "types.ts"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_object_description_round_trips_through_jsdoc(jsdoc):
    [doc] = jsdoc["Hostile"]["doc"]
    assert _unescape_doc(doc["comment"]).startswith(HOSTILE["description"] + "\n\n")


def test_property_description_round_trips_through_jsdoc(jsdoc):
    [doc] = jsdoc["Hostile"]["members"]['quote"name']
    assert _unescape_doc(doc["comment"]).startswith(HOSTILE["properties"]['quote"name']["description"] + "\n\n")


def test_default_round_trips_through_the_jsdoc_default_tag(jsdoc):
    [doc] = jsdoc["Hostile"]["members"]['quote"name']
    [(tag, text)] = doc["tags"]
    assert tag == "default"
    assert json.loads(_unescape_doc(text)) == HOSTILE["properties"]['quote"name']["default"]


def test_property_names_are_exactly_the_wire_names(jsdoc):
    assert list(jsdoc["Hostile"]["members"]) == list(HOSTILE["properties"])


def test_enum_values_and_constants_round_trip_through_generated_code(fixture_package):
    printed = node_script(
        fixture_package,
        NODE_DECLARATIONS + """
import { hostile } from './index.js';
print({ values: hostile.HOSTILE_MODE_VALUES, parsers: [...hostile.PARSERS.keys()] });
""",
        name="$hostile.ts",
    )
    assert printed["values"] == HOSTILE["properties"]["mode"]["enum"]
    assert "Hostile" in printed["parsers"]


def test_jsdoc_text_never_closes_the_comment_early():
    for text in ["*/", "a */ b", "**/", "*\u2028/", "end*", "/*/", "*/*/"]:
        block = ts_doc(text)
        assert block.startswith("/**") and block.endswith("*/")
        assert "*/" not in block[3:-2], block


def test_string_literals_evaluate_to_exactly_their_text(fixture_package):
    """ts_str on every control character, quotes, backslashes, line and paragraph separators,
    lone surrogates and random Unicode: node evaluates each literal back to the same text."""
    rng = random.Random(4)
    alphabet = [chr(c) for c in range(0x00, 0x80)] + [
        "\u2028",
        "\u2029",
        "\ud800",
        "\udfff",
        "😀",
        "é",
        "\ufeff",
        "${",
        "`",
        "*/",
    ]
    texts = ["", "'", '"', "\\", "'\"", "\\'", "${x}", "`${x}`", "</script>", "\u2028\u2029", "a\r\nb"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(300)]
    source = NODE_DECLARATIONS + "print([\n" + "".join(f"  {ts_str(t)},\n" for t in texts) + "]);\n"
    assert node_script(fixture_package, source, name="$literals.ts") == texts
