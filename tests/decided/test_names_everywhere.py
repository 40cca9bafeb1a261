"""One set of names per language: what a target prints is what the docs show and what `breaking`
compares, the language's own rules (`LanguageRules.refine`) included."""

from __future__ import annotations

from pathlib import Path

from tests.breaking.project import findings_between

S = {"type": "string"}


def thing(props: dict) -> dict:
    return {"type": "object", "properties": props}


def test_breaking_sees_a_csharp_property_renamed_by_csharp_s_own_rule(tmp_path: Path) -> None:
    # C# may not name a member like its type: `Inner.inner` is `InnerValue`; once the part is
    # called `Inside`, the property is plain `Inner`, so C# code naming `InnerValue` stops compiling
    before = {"Thing": thing({"a": {"$ref": "#/components/schemas/Inner"}}), "Inner": thing({"inner": S})}
    after = {"Thing": thing({"a": {"$ref": "#/components/schemas/Inside"}}), "Inside": thing({"inner": S})}
    found = findings_between(tmp_path, before, after, {"Thing": "request"})
    renamed = [f for f in found if f.rule == "field-renamed"]
    assert [(f.category, f.path) for f in renamed] == [("source:csharp", "t:Thing.a.inner")]
    assert "InnerValue" in renamed[0].message and "is now Inner " in renamed[0].message
