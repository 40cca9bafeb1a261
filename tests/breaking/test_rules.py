"""One before/after schema pair per wire rule, compared in both directions and in both roles.

Each case is a property `a` (or a set of properties) of a top-level object `Thing`, once as a
request body and once as a response body; the expected wire findings are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.breaking.project import compare_sides, findings_between, load_side, wire, write_project

S = {"type": "string"}
I = {"type": "integer"}
NONE: frozenset[tuple[str, str]] = frozenset()


def thing(props: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = list(required)
    out.update(extra)
    return out


def one(rule: str, level: str) -> frozenset[tuple[str, str]]:
    return frozenset({(rule, level)})


@dataclass(frozen=True)
class Case:
    id: str
    before: dict[str, Any]  # the schema of Thing
    after: dict[str, Any]
    # expected (rule without role, level) per direction and role
    forward_request: frozenset[tuple[str, str]]
    forward_response: frozenset[tuple[str, str]]
    backward_request: frozenset[tuple[str, str]]
    backward_response: frozenset[tuple[str, str]]
    parts: tuple[tuple[str, Any], ...] = ()  # extra component schemas, same on both sides


CASES = [
    Case(
        "optional-property",
        thing({"a": S}),
        thing({"a": S, "b": S}),
        one("property-added", "info"),
        one("property-added", "info"),
        one("property-removed", "breaking"),  # the request object is closed: old clients still send b
        one("property-removed", "warning"),
    ),
    Case(
        "optional-property-on-a-closed-response",
        thing({"a": S}, additionalProperties=False),
        thing({"a": S, "b": S}, additionalProperties=False),
        one("property-added", "info"),
        one("property-added", "breaking"),
        one("property-removed", "breaking"),
        one("property-removed", "warning"),
    ),
    Case(
        "required-property",
        thing({"a": S}),
        thing({"a": S, "b": S}, ("b",)),
        one("new-required-property", "breaking"),
        one("new-required-property", "info"),
        one("required-property-removed", "breaking"),
        one("required-property-removed", "breaking"),
    ),
    Case(
        "presence",
        thing({"a": S}),
        thing({"a": S}, ("a",)),
        one("property-became-required", "breaking"),
        one("property-became-required", "info"),
        one("property-became-optional", "info"),
        one("property-became-optional", "breaking"),
    ),
    Case(
        "nullability",
        thing({"a": S}),
        thing({"a": {"type": ["string", "null"]}}),
        one("became-nullable", "info"),
        one("became-nullable", "breaking"),
        one("became-not-nullable", "breaking"),
        one("became-not-nullable", "info"),
    ),
    Case(
        "default",
        thing({"a": {"type": "string", "default": "x"}}),
        thing({"a": {"type": "string", "default": "y"}}),
        one("default-changed", "warning"),
        one("default-changed", "warning"),
        one("default-changed", "warning"),
        one("default-changed", "warning"),
    ),
    Case(
        "type",
        thing({"a": S}),
        thing({"a": {"type": "boolean"}}),
        one("type-changed", "breaking"),
        one("type-changed", "breaking"),
        one("type-changed", "breaking"),
        one("type-changed", "breaking"),
    ),
    Case(
        "integer-and-number",
        thing({"a": I}),
        thing({"a": {"type": "number"}}),
        one("type-widened", "info"),
        one("type-widened", "breaking"),
        one("type-narrowed", "breaking"),
        one("type-narrowed", "info"),
    ),
    Case(
        "any-value",
        thing({"a": {}}),
        thing({"a": S}),
        one("type-narrowed", "breaking"),
        one("type-narrowed", "info"),
        one("type-widened", "info"),
        one("type-widened", "breaking"),
    ),
    Case(
        "format",
        thing({"a": S}),
        thing({"a": {"type": "string", "format": "date-time"}}),
        one("format-changed", "warning"),
        one("format-changed", "warning"),
        one("format-changed", "warning"),
        one("format-changed", "warning"),
    ),
    Case(
        "const",
        thing({"a": {"const": "x"}}),
        thing({"a": {"const": "y"}}),
        one("const-changed", "breaking"),
        one("const-changed", "breaking"),
        one("const-changed", "breaking"),
        one("const-changed", "breaking"),
    ),
    Case(
        # issue 17: a plain enum is closed in a request and open in a response, so a value added
        # to it never breaks a reader of the response
        "enum-value",
        thing({"a": {"type": "string", "enum": ["x", "y"]}}),
        thing({"a": {"type": "string", "enum": ["x", "y", "z"]}}),
        one("enum-value-added", "info"),
        one("enum-value-added", "info"),
        one("enum-value-removed", "breaking"),
        one("enum-value-removed", "info"),
    ),
    Case(
        "closed-enum-value",
        thing({"a": {"type": "string", "enum": ["x", "y"], "x-shapegen-closed": True}}),
        thing({"a": {"type": "string", "enum": ["x", "y", "z"], "x-shapegen-closed": True}}),
        one("enum-value-added", "info"),
        one("enum-value-added", "breaking"),
        one("enum-value-removed", "breaking"),
        one("enum-value-removed", "info"),
    ),
    Case(
        "open-enum-value",
        thing({"a": {"anyOf": [{"type": "string", "enum": ["x", "y"]}, S]}}),
        thing({"a": {"anyOf": [{"type": "string", "enum": ["x", "y", "z"]}, S]}}),
        one("enum-value-added", "info"),
        one("enum-value-added", "info"),
        one("enum-value-removed", "info"),
        one("enum-value-removed", "info"),
    ),
    Case(
        "enum-open-or-closed",
        thing({"a": {"type": "string", "enum": ["x", "y"], "x-shapegen-closed": True}}),
        thing({"a": {"anyOf": [{"type": "string", "enum": ["x", "y"]}, S]}}),
        one("enum-opened", "info"),
        one("enum-opened", "breaking"),
        one("enum-closed", "breaking"),
        one("enum-closed", "info"),
    ),
    Case(
        "object-open-or-closed",
        thing({"a": S}, additionalProperties=True),
        thing({"a": S}, additionalProperties=False),
        one("object-closed", "breaking"),
        one("object-closed", "info"),
        one("object-opened", "info"),
        one("object-opened", "breaking"),
    ),
    Case(
        "union-variant",
        thing({"a": {"oneOf": [S, I]}}),
        thing({"a": {"oneOf": [S, I, {"type": "boolean"}]}}),
        one("union-variant-added", "info"),
        one("union-variant-added", "breaking"),
        one("union-variant-removed", "breaking"),
        one("union-variant-removed", "info"),
    ),
    Case(
        "forward-compatible-union-variant",
        thing({"a": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}}),
        thing(
            {
                "a": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/A"},
                        {"$ref": "#/components/schemas/B"},
                        {"$ref": "#/components/schemas/C"},
                    ]
                }
            }
        ),
        one("union-variant-added", "info"),
        one("union-variant-added", "info"),  # a response's tagged union keeps an unknown variant
        one("union-variant-removed", "breaking"),
        one("union-variant-removed", "info"),
        parts=(
            ("A", thing({"type": {"const": "a"}}, ("type",))),
            ("B", thing({"type": {"const": "b"}}, ("type",))),
            ("C", thing({"type": {"const": "c"}}, ("type",))),
        ),
    ),
    Case(
        "union-tag",
        thing(
            {
                "a": {
                    "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                    "discriminator": {"propertyName": "type"},
                }
            }
        ),
        thing(
            {
                "a": {
                    "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                    "discriminator": {"propertyName": "kind"},
                }
            }
        ),
        one("union-tag-changed", "breaking"),
        one("union-tag-changed", "breaking"),
        one("union-tag-changed", "breaking"),
        one("union-tag-changed", "breaking"),
        parts=(
            ("A", thing({"kind": {"const": "k1"}, "type": {"const": "a"}}, ("kind", "type"))),
            ("B", thing({"kind": {"const": "k2"}, "type": {"const": "b"}}, ("kind", "type"))),
        ),
    ),
    Case(
        "range",
        thing({"a": {"type": "integer", "maximum": 10}}),
        thing({"a": {"type": "integer", "maximum": 5}}),
        one("range-narrowed", "breaking"),
        one("range-narrowed", "info"),
        one("range-widened", "info"),
        one("range-widened", "breaking"),
    ),
    Case(
        "minimum-added",
        thing({"a": I}),
        thing({"a": {"type": "integer", "minimum": 1}}),
        one("range-narrowed", "breaking"),
        one("range-narrowed", "info"),
        one("range-widened", "info"),
        one("range-widened", "breaking"),
    ),
    Case(
        "length",
        thing({"a": {"type": "string", "maxLength": 10}}),
        thing({"a": {"type": "string", "maxLength": 5}}),
        one("length-narrowed", "breaking"),
        one("length-narrowed", "info"),
        one("length-widened", "info"),
        one("length-widened", "breaking"),
    ),
    Case(
        "items",
        thing({"a": {"type": "array", "items": S, "minItems": 1}}),
        thing({"a": {"type": "array", "items": S, "minItems": 2}}),
        one("items-narrowed", "breaking"),
        one("items-narrowed", "info"),
        one("items-widened", "info"),
        one("items-widened", "breaking"),
    ),
    Case(
        "map-size",
        thing({"a": {"type": "object", "additionalProperties": S}}),
        thing({"a": {"type": "object", "additionalProperties": S, "maxProperties": 4}}),
        one("properties-count-narrowed", "breaking"),
        one("properties-count-narrowed", "info"),
        one("properties-count-widened", "info"),
        one("properties-count-widened", "breaking"),
    ),
    Case(
        "pattern",
        thing({"a": S}),
        thing({"a": {"type": "string", "pattern": "^a"}}),
        one("pattern-narrowed", "breaking"),
        one("pattern-narrowed", "info"),
        one("pattern-widened", "info"),
        one("pattern-widened", "breaking"),
    ),
    Case(
        "pattern-rewritten",
        thing({"a": {"type": "string", "pattern": "^a"}}),
        thing({"a": {"type": "string", "pattern": "^b"}}),
        one("pattern-changed", "warning"),
        one("pattern-changed", "warning"),
        one("pattern-changed", "warning"),
        one("pattern-changed", "warning"),
    ),
    Case(
        "multiple-of",
        thing({"a": {"type": "integer", "multipleOf": 2}}),
        thing({"a": {"type": "integer", "multipleOf": 4}}),
        one("multiple-of-narrowed", "breaking"),
        one("multiple-of-narrowed", "info"),
        one("multiple-of-widened", "info"),
        one("multiple-of-widened", "breaking"),
    ),
    Case(
        "multiple-of-unrelated",
        thing({"a": {"type": "integer", "multipleOf": 2}}),
        thing({"a": {"type": "integer", "multipleOf": 3}}),
        one("multiple-of-changed", "warning"),
        one("multiple-of-changed", "warning"),
        one("multiple-of-changed", "warning"),
        one("multiple-of-changed", "warning"),
    ),
    # the same changes below properties: array items, map values, union variants
    Case(
        "array-item-nullability",
        thing({"a": {"type": "array", "items": S}}),
        thing({"a": {"type": "array", "items": {"type": ["string", "null"]}}}),
        one("became-nullable", "info"),
        one("became-nullable", "breaking"),
        one("became-not-nullable", "breaking"),
        one("became-not-nullable", "info"),
    ),
    Case(
        "array-item-enum-value",
        thing({"a": {"type": "array", "items": {"type": "string", "enum": ["x", "w"]}}}),
        thing({"a": {"type": "array", "items": {"type": "string", "enum": ["x", "w", "z"]}}}),
        one("enum-value-added", "info"),
        one("enum-value-added", "info"),  # response items are an open enum (issue 17)
        one("enum-value-removed", "breaking"),
        one("enum-value-removed", "info"),
    ),
    Case(
        "map-value-type",
        thing({"a": {"type": "object", "additionalProperties": S}}),
        thing({"a": {"type": "object", "additionalProperties": I}}),
        one("type-changed", "breaking"),
        one("type-changed", "breaking"),
        one("type-changed", "breaking"),
        one("type-changed", "breaking"),
    ),
    Case(
        "map-value-length",
        thing({"a": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 9}}}),
        thing({"a": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 3}}}),
        one("length-narrowed", "breaking"),
        one("length-narrowed", "info"),
        one("length-widened", "info"),
        one("length-widened", "breaking"),
    ),
    Case(
        "union-variant-range",
        thing({"a": {"oneOf": [S, {"type": "integer", "maximum": 9}]}}),
        thing({"a": {"oneOf": [S, {"type": "integer", "maximum": 3}]}}),
        one("range-narrowed", "breaking"),
        one("range-narrowed", "info"),
        one("range-widened", "info"),
        one("range-widened", "breaking"),
    ),
    Case(
        "property-of-a-union-variant",
        thing({"a": {"oneOf": [S, {"$ref": "#/components/schemas/V"}]}}),
        thing({"a": {"oneOf": [S, {"$ref": "#/components/schemas/V2"}]}}),
        one("new-required-property", "breaking"),
        one("new-required-property", "info"),
        one("required-property-removed", "breaking"),
        one("required-property-removed", "breaking"),
        parts=(("V", thing({"x": S})), ("V2", thing({"x": S, "y": S}, ("y",)))),
    ),
]


def _roles(expected: frozenset[tuple[str, str]], role: str) -> set[tuple[str, str]]:
    return {(f"{role}-{rule}", level) for rule, level in expected}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@pytest.mark.parametrize("role", ["request", "response"])
@pytest.mark.parametrize("direction", ["forward", "backward"])
def test_wire_rule(tmp_path: Path, case: Case, role: str, direction: str) -> None:
    before, after = (case.before, case.after) if direction == "forward" else (case.after, case.before)
    parts = dict(case.parts)
    found = findings_between(tmp_path, {"Thing": before, **parts}, {"Thing": after, **parts}, {"Thing": role})
    expected = getattr(case, f"{direction}_{role}")
    assert wire(found) == _roles(expected, role)


def test_top_level_shape_added_is_info_and_removed_is_breaking(tmp_path: Path) -> None:
    base = {"Thing": thing({"a": S})}
    grown = {**base, "Other": thing({"b": S})}
    roles = {"Thing": "request", "Other": "response"}
    assert wire(findings_between(tmp_path / "f", base, grown, roles)) == {("response-shape-added", "info")}
    assert wire(findings_between(tmp_path / "b", grown, base, roles)) == {("response-shape-removed", "breaking")}


def test_top_level_shape_that_changed_role_is_a_warning_and_takes_the_new_policy(tmp_path: Path) -> None:
    schemas = {"Thing": thing({"a": S})}
    old = load_side(write_project(tmp_path / "o", schemas, {"Thing": "request"}), "o")
    new = load_side(write_project(tmp_path / "n", schemas, {"Thing": "response"}), "n")
    # a request object is closed by the wire policy, a response object open: the policy moved with the role
    assert wire(compare_sides(old, new)) == {
        ("response-shape-role-changed", "warning"),
        ("response-object-opened", "breaking"),
    }


def test_an_unchanged_schema_has_no_findings(tmp_path: Path) -> None:
    schemas = {"Thing": thing({"a": S, "b": {"type": "array", "items": I}}, ("a",))}
    assert findings_between(tmp_path, schemas, schemas, {"Thing": "request"}) == []


def test_a_part_reached_from_a_request_and_a_response_is_judged_once_per_role(tmp_path: Path) -> None:
    inner_before = {"type": "string", "enum": ["x"]}
    inner_after = {"type": "string", "enum": ["x", "y"]}
    ref = {"a": {"$ref": "#/components/schemas/Mode"}}
    roles = {"Req": "request", "Resp": "response"}
    found = findings_between(
        tmp_path,
        {"Req": thing(ref), "Resp": thing(ref), "Mode": inner_before},
        {"Req": thing(ref), "Resp": thing(ref), "Mode": inner_after},
        roles,
    )
    # the response side of a plain enum is open (issue 17): a new value is kept, not rejected
    assert wire(found) == {("request-enum-value-added", "info"), ("response-enum-value-added", "info")}

    closed = {"Mode": dict(inner_before, **{"x-shapegen-closed": True})}
    closed_after = {"Mode": dict(inner_after, **{"x-shapegen-closed": True})}
    found = findings_between(
        tmp_path / "closed",
        {"Req": thing(ref), "Resp": thing(ref), **closed},
        {"Req": thing(ref), "Resp": thing(ref), **closed_after},
        roles,
    )
    assert wire(found) == {("request-enum-value-added", "info"), ("response-enum-value-added", "breaking")}
