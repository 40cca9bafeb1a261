"""The hostile-text golden case compiles and means what it says: its strings reach the C# code
exactly (HostileTests.cs), and its doc comments say exactly the schema's descriptions (read back
from the XML documentation mcs writes)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import yaml

from tests.csharp import build
from tests.csharp.conftest import HOSTILE
from tests.csharp.programs import names_in

SCHEMA = build.REPO / "tests" / "golden" / "hostile_descriptions" / "schema" / "api.yaml"


@pytest.mark.parametrize("name", names_in("HostileTests.cs"))
def test_hostile(hostile_results, name):
    assert name in hostile_results, f"{name} did not run"
    assert hostile_results[name] == "", hostile_results[name]


@pytest.fixture(scope="module")
def docs(toolchain) -> dict[str, str]:
    built = build.compile_sources(
        "hostile-docs", build.runtime_sources() + build.namespace_sources(HOSTILE), library=True, doc=True
    )
    assert built.returncode == 0, built.output
    root = ET.parse(built.path.with_suffix(".xml")).getroot()
    return {
        m.get("name"): "".join(m.find("summary").itertext())
        for m in root.iter("member")
        if m.find("summary") is not None
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\u2028", "\n").split("\n") if line.strip()]


def test_a_hostile_property_description_is_the_doc_comment_text(docs):
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    description = schema["components"]["schemas"]["Hostile"]["properties"]['quote"name']["description"]
    doc = docs["P:RealtimeShapes.HostileDescriptions.Hostile.QuoteName"]
    # the U+2028 is kept as a character reference, so the XML text holds it where the schema does
    assert _lines(doc)[: len(_lines(description))] == _lines(description)


def test_a_hostile_shape_description_is_the_doc_comment_text(docs):
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    description = schema["components"]["schemas"]["Hostile"]["description"]
    assert _lines(docs["T:RealtimeShapes.HostileDescriptions.Hostile"])[0] == description.strip()
