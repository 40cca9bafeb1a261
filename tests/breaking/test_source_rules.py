"""Source findings: which languages' generated code a change breaks, as each target's naming
decides. Every case is a request body `Thing`; the wire findings are tested in test_rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.compat.source import discover
from tests.breaking.project import findings_between, source

S = {"type": "string"}
LANGS = {lang.name: lang for lang in discover()}


def thing(props: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = list(required)
    return out


def every_language(rule: str, where=lambda lang: True) -> set[tuple[str, str]]:
    return {(rule, lang.category) for lang in LANGS.values() if where(lang)}


def _names_differ(tmp: Path, lang, kind: str) -> bool:
    """Whether the language's own naming gives the first property / enum value of `Thing` (or its
    enum `ThingM`) another name on the new side than on the old (the sides findings_between wrote)."""
    from generator.compat.side import load_side

    old, new = (load_side(tmp / side, side).model.namespaces[0] for side in ("old", "new"))
    if kind == "field":
        if lang.fields_by_wire_name:
            return False
        return lang.names_fn(old).field("Thing", "a-b") != lang.names_fn(new).field("Thing", "a-b")
    if lang.enum_values_as_literals:
        return False
    return lang.names_fn(old).member("ThingM", "a-b") != lang.names_fn(new).member("ThingM", "a-b")


def test_the_languages_are_discovered_from_the_targets() -> None:
    assert {"python", "typescript", "rust"} <= set(LANGS)
    assert "docs" not in LANGS and "jsonschema" not in LANGS


def test_an_added_optional_property_breaks_no_language(tmp_path: Path) -> None:
    found = findings_between(
        tmp_path, {"Thing": thing({"a": S})}, {"Thing": thing({"a": S, "b": S})}, {"Thing": "request"}
    )
    assert source(found) == set()


def test_a_renamed_part_renames_the_type_in_every_language_and_nothing_on_the_wire(tmp_path: Path) -> None:
    inner = thing({"x": S})
    before = {"Thing": thing({"a": {"$ref": "#/components/schemas/Inner"}}), "Inner": inner}
    after = {"Thing": thing({"a": {"$ref": "#/components/schemas/Inside"}}), "Inside": inner}
    found = findings_between(tmp_path, before, after, {"Thing": "request"})
    assert source(found) == every_language("type-renamed")
    assert [f for f in found if f.category == "wire"] == []


def test_a_colliding_new_property_renames_the_old_field_where_fields_have_assigned_names(tmp_path: Path) -> None:
    # `a-b` is `a_b` in snake_case until a property really named `a_b` arrives and takes that name
    before = {"Thing": thing({"a-b": S})}
    after = {"Thing": thing({"a-b": S, "a_b": S})}
    found = findings_between(tmp_path, before, after, {"Thing": "request"})
    renamed = {category for rule, category in source(found) if rule == "field-renamed"}
    assert {"source:python", "source:rust"} <= renamed
    assert "source:typescript" not in renamed  # TypeScript prints wire names
    assert renamed == {lang.category for lang in LANGS.values() if _names_differ(tmp_path, lang, "field")}


def test_a_colliding_new_enum_value_renames_the_old_member_where_members_have_names(tmp_path: Path) -> None:
    # `a-b` is the member AB until a value spelled `aB`, which is AB with nothing lost, takes that name
    before = {"Thing": thing({"m": {"type": "string", "enum": ["a-b", "c"]}})}
    after = {"Thing": thing({"m": {"type": "string", "enum": ["a-b", "c", "aB"]}})}
    found = findings_between(tmp_path, before, after, {"Thing": "request"})
    renamed = {category for rule, category in source(found) if rule == "enum-member-renamed"}
    assert "source:rust" in renamed
    assert not {"source:python", "source:typescript"} & renamed  # enum values are string literals there
    assert renamed == {lang.category for lang in LANGS.values() if _names_differ(tmp_path, lang, "member")}


def test_a_value_removed_from_a_closed_enum_breaks_every_language(tmp_path: Path) -> None:
    closed = {"type": "string", "x-shapegen-closed": True}  # a response enum is open unless marked closed
    before = {"Thing": thing({"m": {**closed, "enum": ["a", "b", "c"]}})}
    after = {"Thing": thing({"m": {**closed, "enum": ["a", "b"]}})}
    found = findings_between(tmp_path, before, after, {"Thing": "response"})
    assert source(found) == every_language("enum-member-removed")


def test_a_value_removed_from_an_open_enum_breaks_only_languages_with_named_members(tmp_path: Path) -> None:
    def mode(values: list[str]) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "enum": values}, S]}

    before = {"Thing": thing({"m": mode(["a", "b", "c"])})}
    after = {"Thing": thing({"m": mode(["a", "b"])})}
    found = findings_between(tmp_path, before, after, {"Thing": "response"})
    assert source(found) == every_language("enum-member-removed", lambda lang: not lang.enum_values_as_literals)


def test_a_removed_property_removes_the_field_in_every_language(tmp_path: Path) -> None:
    found = findings_between(
        tmp_path, {"Thing": thing({"a": S, "b": S})}, {"Thing": thing({"a": S})}, {"Thing": "request"}
    )
    assert source(found) == every_language("field-removed")


def test_a_new_required_property_breaks_construction_in_every_language(tmp_path: Path) -> None:
    found = findings_between(
        tmp_path, {"Thing": thing({"a": S})}, {"Thing": thing({"a": S, "b": S}, ("b",))}, {"Thing": "request"}
    )
    assert source(found) == every_language("field-became-required")


def test_a_changed_field_type_breaks_every_language(tmp_path: Path) -> None:
    found = findings_between(
        tmp_path, {"Thing": thing({"a": S})}, {"Thing": thing({"a": {"type": "integer"}})}, {"Thing": "request"}
    )
    assert source(found) == every_language("field-type-changed")


def test_a_part_no_longer_used_is_a_removed_type(tmp_path: Path) -> None:
    before = {"Thing": thing({"a": {"$ref": "#/components/schemas/Inner"}}), "Inner": thing({"x": S})}
    after = {"Thing": thing({"a": S})}
    found = findings_between(tmp_path, before, after, {"Thing": "request"})
    assert every_language("type-removed") <= source(found)
    assert every_language("field-type-changed") <= source(found)


def test_every_source_finding_is_breaking_and_sits_on_the_new_side_unless_removed(tmp_path: Path) -> None:
    found = findings_between(
        tmp_path, {"Thing": thing({"a": S, "b": S})}, {"Thing": thing({"a": {"type": "integer"}})}, {"Thing": "request"}
    )
    for f in found:
        assert f.level == "breaking" or f.category == "wire"
        assert f.file == "schema/t.yaml" and f.line is not None
        assert f.pointer.startswith("/components/schemas/Thing/properties/")


def test_a_required_field_that_became_nullable_changes_its_type_in_every_language(tmp_path: Path) -> None:
    before = {"Thing": thing({"a": S}, ("a",))}
    after = {"Thing": thing({"a": {"type": ["string", "null"]}}, ("a",))}
    found = findings_between(tmp_path, before, after, {"Thing": "response"})
    assert source(found) == every_language("field-type-changed")


def test_an_optional_field_that_became_nullable_changes_its_type_where_absent_and_null_differ(tmp_path: Path) -> None:
    before = {"Thing": thing({"a": S})}
    after = {"Thing": thing({"a": {"type": ["string", "null"]}})}
    found = findings_between(tmp_path, before, after, {"Thing": "response"})
    assert source(found) == every_language("field-type-changed", lambda lang: not lang.optional_nullable_same_type)
    assert ("field-type-changed", "source:python") not in source(found)  # Optional[str] either way


def test_a_renamed_variant_type_renames_the_variant_where_variants_have_names(tmp_path: Path) -> None:
    def pick(ref: str) -> dict[str, Any]:
        return {"oneOf": [S, {"$ref": f"#/components/schemas/{ref}"}]}

    before = {"Thing": thing({"p": pick("Inner")}), "Inner": thing({"x": S})}
    after = {"Thing": thing({"p": pick("Inside")}), "Inside": thing({"x": S})}
    found = findings_between(tmp_path, before, after, {"Thing": "request"})
    renamed = {category for rule, category in source(found) if rule == "union-variant-renamed"}
    assert renamed == {lang.category for lang in LANGS.values() if lang.named_variants}
    assert "source:rust" in renamed and "source:python" not in renamed


def test_a_removed_variant_breaks_languages_with_named_variants(tmp_path: Path) -> None:
    before = {"Thing": thing({"p": {"oneOf": [S, {"type": "integer"}, {"type": "boolean"}]}})}
    after = {"Thing": thing({"p": {"oneOf": [S, {"type": "integer"}]}})}
    found = findings_between(tmp_path, before, after, {"Thing": "request"})
    assert source(found) == every_language("union-variant-removed", lambda lang: lang.named_variants)


def test_integer_to_number_changes_the_type_except_where_there_is_one_number_type(tmp_path: Path) -> None:
    found = findings_between(
        tmp_path,
        {"Thing": thing({"n": {"type": "integer"}})},
        {"Thing": thing({"n": {"type": "number"}})},
        {"Thing": "request"},
    )
    assert source(found) == every_language("field-type-changed", lambda lang: not lang.one_number_type)
    assert ("field-type-changed", "source:typescript") not in source(found)


def test_a_new_enum_value_breaks_exhaustive_matches_where_enums_are_matched_exhaustively(tmp_path: Path) -> None:
    closed = findings_between(
        tmp_path / "closed",
        {"Thing": thing({"m": {"type": "string", "enum": ["a", "b"], "x-shapegen-closed": True}})},
        {"Thing": thing({"m": {"type": "string", "enum": ["a", "b", "c"], "x-shapegen-closed": True}})},
        {"Thing": "response"},
    )
    assert source(closed) == every_language("enum-member-added", lambda lang: lang.exhaustive_closed_enums)

    def mode(values: list[str]) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "enum": values}, S]}

    opened = findings_between(
        tmp_path / "open",
        {"Thing": thing({"m": mode(["a", "b"])})},
        {"Thing": thing({"m": mode(["a", "b", "c"])})},
        {"Thing": "response"},
    )
    assert source(opened) == every_language("enum-member-added", lambda lang: lang.exhaustive_open_enums)
    assert ("enum-member-added", "source:rust") in source(opened)


def test_a_new_variant_breaks_exhaustive_matches_where_variants_have_names(tmp_path: Path) -> None:
    before = {"Thing": thing({"p": {"oneOf": [S, {"type": "integer"}]}})}
    after = {"Thing": thing({"p": {"oneOf": [S, {"type": "integer"}, {"type": "boolean"}]}})}
    found = findings_between(tmp_path, before, after, {"Thing": "request"})
    assert source(found) == every_language("union-variant-added", lambda lang: lang.named_variants)
