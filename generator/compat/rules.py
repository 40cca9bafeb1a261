"""The rule table: every finding has one of these stable kebab-case ids.

Wire rules are written once without their role and exist as `request-<id>` and `response-<id>`;
the role decides the level (a change breaks when it narrows what a request accepts, or widens what
a response returns to readers that cannot absorb it). Where the level also depends on the
open/closed policy of the shape, `levels` holds (closed, open) for that role.

Source rules (`source:<language>`) are the same in every language; they are reported only for
the languages whose generated names or types actually change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["breaking", "warning", "info"]
LEVELS: tuple[Level, ...] = ("breaking", "warning", "info")
ROLES = ("request", "response")

# a level, or (level when the shape is closed, level when it is open)
RoleLevel = Level | tuple[Level, Level]


@dataclass(frozen=True)
class WireRule:
    base: str
    request: RoleLevel
    response: RoleLevel
    summary: str
    why: str = ""  # where our levels differ from oasdiff's, and why


@dataclass(frozen=True)
class SourceRule:
    id: str
    summary: str


WIRE_RULES: tuple[WireRule, ...] = (
    WireRule("shape-added", "info", "info", "a new top-level shape"),
    WireRule("shape-removed", "breaking", "breaking", "a top-level shape was removed"),
    WireRule("shape-role-changed", "warning", "warning", "a top-level shape changed role"),
    WireRule(
        "property-added",
        "info",
        ("breaking", "info"),
        "an optional property was added",
        "a closed response object's generated readers reject the property they do not know",
    ),
    WireRule("new-required-property", "breaking", "info", "a required property was added"),
    WireRule(
        "property-removed",
        ("breaking", "warning"),
        "warning",
        "an optional property was removed",
        "a closed request object now rejects old clients that still send the property",
    ),
    WireRule("required-property-removed", ("breaking", "warning"), "breaking", "a required property was removed"),
    WireRule("property-became-required", "breaking", "info", "an optional property became required"),
    WireRule("property-became-optional", "info", "breaking", "a required property became optional"),
    WireRule("became-nullable", "info", "breaking", "null became an accepted value"),
    WireRule("became-not-nullable", "breaking", "info", "null is no longer an accepted value"),
    WireRule("default-changed", "warning", "warning", "the default (what an absent property means) changed"),
    WireRule("type-changed", "breaking", "breaking", "the JSON type changed"),
    WireRule("type-widened", "info", "breaking", "the type accepts more values (integer -> number, X -> any)"),
    WireRule("type-narrowed", "breaking", "info", "the type accepts fewer values (number -> integer, any -> X)"),
    WireRule("format-changed", "warning", "warning", "the string format changed"),
    WireRule(
        "enum-value-added",
        "info",
        ("breaking", "info"),
        "a value was added to an enum",
        "oasdiff says warning; a response enum is open unless marked x-shapegen-closed, and its readers keep "
        "the new value; a closed one's readers reject it, so there it breaks",
    ),
    WireRule(
        "enum-value-removed",
        ("breaking", "info"),
        "info",
        "a value was removed from an enum",
        "an open enum still accepts the removed value as one of any string",
    ),
    WireRule("enum-closed", "breaking", "info", "an open enum became closed"),
    WireRule("enum-opened", "info", "breaking", "a closed enum became open (any string accepted)"),
    WireRule("object-closed", "breaking", "info", "an open object became closed (unknown properties rejected)"),
    WireRule("object-opened", "info", "breaking", "a closed object became open (unknown properties accepted)"),
    WireRule(
        "union-variant-added",
        "info",
        ("breaking", "info"),
        "a variant was added to a union",
        "a forward-compatible (open) response union keeps an unknown variant, so adding one is harmless",
    ),
    WireRule("union-variant-removed", "breaking", "info", "a variant was removed from a union"),
    WireRule("union-tag-changed", "breaking", "breaking", "the property that tells a union's variants apart changed"),
    WireRule("union-closed", "breaking", "info", "an open union became closed"),
    WireRule("union-opened", "info", "breaking", "a closed union became open (unknown variants kept)"),
    WireRule("const-changed", "breaking", "breaking", "a constant value changed"),
)
for _kind in ("range", "length", "items", "properties-count", "pattern", "multiple-of"):
    WIRE_RULES += (
        WireRule(f"{_kind}-narrowed", "breaking", "info", f"the {_kind.replace('-', ' ')} constraint narrowed"),
        WireRule(f"{_kind}-widened", "info", "breaking", f"the {_kind.replace('-', ' ')} constraint widened"),
    )
WIRE_RULES += (
    WireRule("pattern-changed", "warning", "warning", "the pattern changed (neither clearly narrower nor wider)"),
    WireRule("multiple-of-changed", "warning", "warning", "multipleOf changed (neither clearly narrower nor wider)"),
)

SOURCE_RULES: tuple[SourceRule, ...] = (
    SourceRule("type-renamed", "a generated type has a new name"),
    SourceRule("type-removed", "a generated type no longer exists"),
    SourceRule("field-renamed", "a generated field has a new name (the wire name is the same)"),
    SourceRule("field-removed", "a generated field no longer exists"),
    SourceRule("field-type-changed", "a generated field holds a different type"),
    SourceRule("field-became-required", "a generated field must now be given when the value is built"),
    SourceRule("enum-member-renamed", "a generated enum member has a new name (the wire value is the same)"),
    SourceRule("enum-member-removed", "a generated enum member no longer exists"),
    SourceRule("union-variant-renamed", "a generated union variant has a new name (the wire is the same)"),
    SourceRule("union-variant-removed", "a generated union variant no longer exists"),
    SourceRule("enum-member-added", "a generated enum has a new member: a match that names every member breaks"),
    SourceRule("union-variant-added", "a generated union has a new variant: a match that names every variant breaks"),
)

_WIRE = {r.base: r for r in WIRE_RULES}
_SOURCE = {r.id for r in SOURCE_RULES}


def wire_level(base: str, role: str, open_: bool = False) -> Level:
    rule = _WIRE[base]
    level = rule.request if role == "request" else rule.response
    if isinstance(level, tuple):
        return level[1] if open_ else level[0]
    return level


def is_wire_rule(base: str) -> bool:
    return base in _WIRE


def is_source_rule(rule_id: str) -> bool:
    return rule_id in _SOURCE


def all_rule_ids() -> list[str]:
    """Every rule id a finding can carry."""
    return [f"{role}-{r.base}" for r in WIRE_RULES for role in ROLES] + [r.id for r in SOURCE_RULES]


def rule_table_markdown() -> str:
    """The rule table as Markdown (for the README and `shapegen breaking --rules`)."""
    rows = ["| rule | request | response | what changed |", "| --- | --- | --- | --- |"]

    def cell(level: RoleLevel) -> str:
        return level if isinstance(level, str) else f"{level[0]} (closed) / {level[1]} (open)"

    for r in WIRE_RULES:
        note = f" — {r.why}" if r.why else ""
        rows.append(f"| `request-/response-{r.base}` | {cell(r.request)} | {cell(r.response)} | {r.summary}{note} |")
    for s in SOURCE_RULES:
        rows.append(f"| `{s.id}` (source:<language>) | breaking | breaking | {s.summary} |")
    return "\n".join(rows)
