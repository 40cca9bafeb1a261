"""Defaults: every language carries a field's default as the layer decides it once
(`generator.layer.defaults`, read from the decide stage); Python fills in the same value the
other languages' accessors give, and none where the others offer none."""

from __future__ import annotations

from generator import ir
from generator.decide import decide_namespace
from generator.targets import python

WHERE = ir.Source("api.yaml", "/components/schemas/Limits")


def limits() -> ir.Namespace:
    whole = ir.Field("tokens", ir.Primitive("integer"), ir.Default(4.0), nullable=False)
    unfit = ir.Field("retries", ir.Primitive("integer"), ir.Default("many"), nullable=False)
    shape = ir.Object("Limits", "", (whole, unfit), closed=True, role="request", source=WHERE)
    return ir.Namespace("limits", "", (shape,), "urn:limits")


def test_python_fills_in_the_layer_s_normalised_default_and_no_unfit_one():
    ns = limits()
    decided = decide_namespace(ns)
    assert decided.default("Limits", "tokens").value == 4  # 4.0 is the integer 4
    assert not decided.default("Limits", "retries").offered  # "many" is no integer
    models = python.render_namespace(ns, "pkg", decided)["limits/models.py"]
    code = "".join(models.split())  # as written, whatever the line breaks
    assert "tokens:_t.Annotated[int,_sg.WholeNumber]=4retries" in code
    assert "retries:_t.Annotated[_t.Optional[_t.Annotated[int,_sg.WholeNumber]],_sg.NotNull]=None" in code
