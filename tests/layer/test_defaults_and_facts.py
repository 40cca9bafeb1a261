"""Defaults carried the same way by every language; constraints by kind; graph facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.config import load_config
from generator.layer.defaults import Case, Constant, Json, Member, Null, Scalar, Unfit, carrier_of, default_of
from generator.layer.facts import ArrayConstraints, NumberConstraints, StringConstraints, constraints_of, graph
from generator.pipeline import load_model

REPO = Path(__file__).resolve().parents[2]
SRC = ir.Source("api.yaml", "/components/schemas/X")


@pytest.fixture(scope="module")
def openai():
    model, _ = load_model(load_config(REPO))
    return next(ns for ns in model.namespaces if ns.name == "openai")


def field_of(ns, shape, wire):
    return next(f for f in ns.shape(shape).fields if f.wire_name == wire)


def test_inf_of_inf_or_integer_is_carried_by_the_union_case_of_the_constant(openai):
    decision = default_of(field_of(openai, "RealtimeSessionCreateRequest", "max_output_tokens"), openai)
    assert decision.value == "inf" and decision.offered
    assert isinstance(decision.carrier, Case) and decision.carrier.union == "MaxOutputTokens"
    assert decision.carrier.carrier == Constant("inf")


def test_enum_default_is_a_member(openai):
    decision = default_of(field_of(openai, "Reasoning", "effort"), openai)
    assert decision.carrier == Member("ReasoningEffort", "low", True)


def test_array_default_is_built_from_json(openai):
    decision = default_of(field_of(openai, "RealtimeSessionCreateRequest", "output_modalities"), openai)
    assert decision.carrier == Json(["audio"])


def test_whole_float_default_of_an_integer_is_an_integer():
    ns = ir.Namespace("ns", "", (), "urn:x")
    assert carrier_of(ir.Primitive("integer"), 600.0, ns) == Scalar("integer", 600)
    assert isinstance(carrier_of(ir.Primitive("integer"), 600.5, ns), Unfit)


def test_a_default_that_is_not_a_value_of_the_type_is_unfit_and_not_offered():
    ns = ir.Namespace("ns", "", (), "urn:x")
    f = ir.Field("n", ir.Primitive("boolean"), ir.Default("yes"), False)
    assert not default_of(f, ns).offered


def test_null_default_needs_a_nullable_field():
    ns = ir.Namespace("ns", "", (), "urn:x")
    assert carrier_of(ir.Primitive("string"), None, ns, nullable=True) == Null()
    assert isinstance(carrier_of(ir.Primitive("string"), None, ns), Unfit)


def test_constraints_are_typed_by_kind_with_counts_as_integers():
    s = constraints_of(ir.Primitive("string", constraints=ir.Constraints(min_length=2.0)))
    assert s == StringConstraints(min_length=2) and isinstance(s.min_length, int)
    a = constraints_of(ir.Array(ir.AnyValue(), ir.Constraints(max_items=3)))
    assert a == ArrayConstraints(max_items=3)


def test_integer_bounds_beyond_i64_and_beyond_the_safe_range_are_flagged():
    n = constraints_of(ir.Primitive("integer", constraints=ir.Constraints(minimum=-(2**63), maximum=2**63)))
    assert isinstance(n, NumberConstraints) and n.integer
    low, high = n.bounds()
    assert (low.fits_i64, low.fits_safe) == (True, False)
    assert (high.fits_i64, high.fits_safe) == (False, False)


def test_cycles_held_by_value_need_indirection_and_arrays_do_not():
    a = ir.Object("A", "", (ir.Field("b", ir.Ref("B"), ir.Optional(), False),), False, "part", SRC)
    b = ir.Object("B", "", (ir.Field("a", ir.Ref("A"), ir.Optional(), False),), False, "part", SRC)
    c = ir.Object("C", "", (ir.Field("cs", ir.Array(ir.Ref("C")), ir.Optional(), False),), False, "part", SRC)
    g = graph(ir.Namespace("ns", "", (a, b, c), "urn:x"))
    assert g.boxed_edges == {("A", "B"), ("B", "A")}
    assert g.references["C"] == {"C"} and ("C", "C") not in g.boxed_edges


def test_shapes_used_only_as_variants_are_known(openai):
    g = graph(openai)
    assert "McpTool" in g.variant_only and "Tool" not in g.variant_only
