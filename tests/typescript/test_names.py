"""Every identifier the TypeScript package exports comes from the naming stage (issue 8 item 2,
issue 7 item 5): what a shape's files export besides its type (`parse<Name>`, `is<Name>`,
`<NAME>_VALUES`, an open union's `<Name>Unknown` / `<Name>Known` / `isKnown<Name>`,
`redact<Name>`) is declared in the TypeScript rules, and a shape whose name would take one of
them pushes it to its next candidate, with the collision recorded; the runtime is reached only
through `$rt.`, which no shape name can spell."""

from __future__ import annotations

import dataclasses

import pytest

from generator import ir, pipeline
from generator.config import Config
from generator.naming import assign
from generator.targets.typescript import RULES, render_namespace
from tests.typescript.helpers import FIXTURES, render_model, typecheck


def _object(name: str) -> ir.Object:
    return ir.Object(name, "", (), closed=False, role="part", source=ir.Source("api.yaml", f"/{name}"))


@pytest.fixture(scope="module")
def namespace(tmp_path_factory) -> ir.Namespace:
    out = tmp_path_factory.mktemp("ts-names")
    config = Config(
        root=out,
        output=out,
        namespaces={"safety": FIXTURES / "safety" / "api.yaml"},
        targets=("typescript",),
        options={},
    )
    ns = pipeline.build(config).model.namespaces[0]
    shapes = tuple(dataclasses.replace(s, open=True) if s.name == "ToolResponse" else s for s in ns.shapes)
    # shapes whose names are the ones ToolResponse's catch-all and known-variants types want
    return dataclasses.replace(ns, shapes=shapes + (_object("ToolResponseUnknown"), _object("ToolResponseKnown")))


def test_an_associated_name_a_shape_takes_moves_to_its_next_candidate(namespace):
    names = assign(namespace, RULES)
    assert names.associated("unknown", "ToolResponse") == "ToolResponseUnknownVariant"
    assert names.associated("known", "ToolResponse") == "ToolResponseKnownVariant"
    assert {(c.wanted, c.given) for c in names.collisions} >= {
        ("ToolResponseUnknown", "ToolResponseUnknownVariant"),
        ("ToolResponseKnown", "ToolResponseKnownVariant"),
    }


def test_the_package_prints_the_names_the_naming_stage_gives(namespace):
    types = render_namespace(namespace)["src/safety/types.ts"]
    assert "export interface ToolResponseUnknownVariant {" in types
    assert "export type ToolResponseKnownVariant =" in types
    assert "export interface ToolResponseUnknown {" in types  # the shape keeps its own name


def test_the_package_with_those_names_type_checks(namespace, tmp_path, toolchain):
    package = render_model(ir.Model((namespace,)), tmp_path)
    result = typecheck([package])
    assert result.returncode == 0, result.stdout


def test_no_shape_name_can_reach_the_runtime_namespace(namespace):
    names = assign(namespace, RULES)
    assert all("$" not in n for n in names.types.values())
    parse = render_namespace(namespace)["src/safety/parse.ts"]
    assert "import * as $rt from '../runtime.js';" in parse
