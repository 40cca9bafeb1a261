"""The C# quoting layer (cs_str, cs_doc, cs_ident) and naming rules, as unit tests; their effect on
compiled code is in test_hostile.py and test_behaviour.py."""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.config import load_config
from generator.errors import ShapegenError
from generator.targets import csharp
from tests.csharp.conftest import FIXTURE


def test_a_string_literal_escapes_quotes_backslashes_and_line_breaks():
    assert csharp.cs_str('a"b\\c\nd\re\tf') == '"a\\"b\\\\c\\nd\\re\\tf"'


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085", "\u202e", "\ufeff", "\x01", "\ud800"])
def test_a_string_literal_writes_line_terminators_controls_and_surrogates_as_escapes(char):
    assert csharp.cs_str(char) == f'"\\u{ord(char):04x}"'


def test_a_doc_comment_escapes_xml_and_cannot_be_closed():
    doc = csharp.cs_doc("a </summary> & <b> */ {x}", indent=4)
    assert doc == "    /// <summary>\n    /// a &lt;/summary&gt; &amp; &lt;b&gt; */ {x}\n    /// </summary>\n"


def test_every_line_of_a_doc_comment_is_a_comment_line():
    doc = csharp.cs_doc("one\ntwo\r\nthree\u2028four\u0085five")
    lines = doc.rstrip("\n").split("\n")
    assert all(line.startswith("///") for line in lines)
    assert "three&#x2028;four&#x85;five" in doc


def test_an_empty_description_gives_no_doc_comment():
    assert csharp.cs_doc(["", "  "]) == ""


def test_an_identifier_is_checked():
    assert csharp.cs_ident("@class") == "@class"
    with pytest.raises(ValueError):
        csharp.cs_ident("A; System.Exit(1)")


def test_a_number_literal_keeps_its_value():
    assert csharp.cs_literal(0.1) == "0.1"
    assert csharp.cs_literal(1e300) == "1e+300"
    assert csharp.cs_literal(4096) == "4096L"
    assert csharp.cs_literal(True) == "true"


@pytest.fixture(scope="module")
def names():
    model, _ = pipeline.load_model(load_config(FIXTURE))
    return csharp.names_for(model.namespaces[0])


def test_a_property_named_like_its_type_gets_value_appended(names):
    assert names.field("SessionRequest", "session_request") == "SessionRequestValue"


def test_properties_named_like_members_or_runtime_types_get_value_appended(names):
    assert names.field("SessionRequest", "to_string") == "ToStringValue"
    assert names.field("SessionRequest", "json") == "JsonValue"


def test_a_keyword_wire_name_is_a_pascal_case_property(names):
    assert names.field("SessionRequest", "class") == "Class"


def test_the_root_namespace_is_configurable_and_checked():
    assert csharp.root_namespace({"namespace": "Acme.Realtime"}) == "Acme.Realtime"
    with pytest.raises(ShapegenError):
        csharp.root_namespace({"namespace": "Acme.class"})
    with pytest.raises(ShapegenError):
        csharp.root_namespace({"namespace": "Acme;System"})
