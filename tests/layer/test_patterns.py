"""One Pattern, one translation per dialect, and one ReDoS verdict for every language."""

from __future__ import annotations

import re
import warnings

import pytest

from generator import ir
from generator.errors import ShapegenError
from generator.layer.patterns import Pattern, PatternRiskWarning, review

TUNNEL = Pattern(
    "^tunnel_[a-z0-9]{32}$", "schema/openai/tools.yaml#/components/schemas/McpTool/properties/tunnel_id/pattern"
)
GOOD_TUNNEL = "tunnel_" + "a" * 32


def py_search(p: Pattern, value: str) -> bool:
    return re.search(p.python_re(), value) is not None


def utf16_units(value: str) -> str:
    """The string as .NET sees it: one char per UTF-16 code unit (surrogates as code points)."""
    data = value.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(data[i : i + 2], "little")) for i in range(0, len(data), 2))


def dotnet_search(p: Pattern, value: str) -> bool:
    # .NET's \z is Python's \Z and its named groups are Python's (?P<..>); the rest reads the same
    src = p.dotnet().replace("\\z", "\\Z")
    src = re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", src)
    src = re.sub(r"\\k<(\w+)>", r"(?P=\1)", src)
    return re.search(src, utf16_units(value)) is not None


def test_python_dollar_does_not_match_before_a_trailing_newline():
    assert py_search(TUNNEL, GOOD_TUNNEL)
    assert not py_search(TUNNEL, GOOD_TUNNEL + "\n")


def test_python_digit_class_is_ascii_only():
    p = Pattern("^\\d+$")
    assert py_search(p, "123") and not py_search(p, "١٢٣")


def test_ecma_and_regress_dialects_are_the_source_itself():
    assert TUNNEL.ecma() == TUNNEL.regress() == "^tunnel_[a-z0-9]{32}$"


def test_dotnet_anchors_at_the_very_end_and_spells_ecma_classes_out():
    assert TUNNEL.dotnet() == "\\Atunnel_[0-9a-z]{32}\\z"
    assert Pattern("\\d").dotnet() == "[0-9]"


@pytest.mark.parametrize(
    "source, values",
    [
        ("^tunnel_[a-z0-9]{32}$", [GOOD_TUNNEL, GOOD_TUNNEL + "\n", " " + GOOD_TUNNEL]),
        ("^.$", ["a", "😀", "\n", "ab", "\u2028"]),
        ("^[^a]$", ["😀", "a", "b"]),
        ("^[\\u{1F600}-\\u{1F64F}]+$", ["😀😁", "😀a", "🙏"]),
        ("^\\w+\\b", ["abc def", "é"]),
        ("^\\s*$", ["\ufeff\u00a0 ", "\u0085"]),
        ("^(?<x>ab)\\k<x>$", ["abab", "abba"]),
    ],
)
def test_dotnet_translation_agrees_with_ecma_semantics_on_utf16(source, values):
    p = Pattern(source)
    for value in values:
        assert dotnet_search(p, value) == py_search(p, value), (source, value)


def test_invalid_pattern_is_an_error_naming_the_place():
    with pytest.raises(ShapegenError) as err:
        Pattern("^[a-z", "api.yaml#/$defs/A/pattern").ecma()
    assert err.value.where == "api.yaml#/$defs/A/pattern"


def test_unicode_mode_rejects_identity_escapes_of_letters():
    with pytest.raises(ShapegenError):
        Pattern("\\q").regress()


def test_a_pattern_python_cannot_express_exactly_is_an_error_not_a_skip():
    with pytest.raises(ShapegenError) as err:
        Pattern("^\\p{Script=Greek}+$", "api.yaml#/p").python_re()
    assert err.value.where == "api.yaml#/p" and "Python re" in err.value.message


@pytest.mark.parametrize(
    "source, cause",
    [
        ("^(a+)+$", "nested quantifiers"),
        ("^(a|a)*$", "ambiguous alternation"),
        ("^a*a*a*a*a*a*a*a*b$", "adjacent quantifiers"),
        ("^(a*b*)*$", "nested quantifiers"),
        ("^(\\w|\\d)+$", "ambiguous alternation"),
        ("^(x-)*(x-)*y$", "adjacent quantifiers"),
        ("^\\s*.*$", "adjacent quantifiers"),
    ],
)
def test_super_linear_patterns_are_found(source, cause):
    assert Pattern(source).risks[0].cause == cause


@pytest.mark.parametrize(
    "source",
    [
        "^tunnel_[a-z0-9]{32}$",
        "^[A-Za-z0-9_.-]+$",
        "^[a-zA-Z0-9_-]+$",
        "^(\\d+\\.)+\\d+$",
        "^[a-z]+[0-9]*$",
        "^(ab|cd)*$",
    ],
)
def test_linear_patterns_are_not_flagged(source):
    assert Pattern(source).risks == ()


def test_adjacent_quantifier_chain_reports_its_degree():
    assert Pattern("^a*a*a*a*a*a*a*a*b$").risks[0].degree == 8


def _model_with(pattern: Pattern) -> ir.Model:
    field = ir.Field("name", ir.Primitive("string", constraints=ir.Constraints(pattern=pattern)), ir.Required(), False)
    shape = ir.Object("A", "", (field,), True, "request", ir.Source("api.yaml", "/components/schemas/A"))
    return ir.Model((ir.Namespace("ns", "", (shape,), "urn:shapegen:ns"),))


def test_risky_pattern_is_an_error_with_its_place_in_strict_mode():
    with pytest.raises(ShapegenError) as err:
        review(_model_with(Pattern("^(a+)+$", "api.yaml#/components/schemas/A/properties/name/pattern")), strict=True)
    assert err.value.where.endswith("/properties/name/pattern") and "exponential" in err.value.message


def test_risky_pattern_is_a_warning_stating_the_risk_otherwise():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = review(_model_with(Pattern("^(a|a)*$", "api.yaml#/p")))
    assert len(found) == 1
    assert [str(w.message) for w in caught if issubclass(w.category, PatternRiskWarning)] == [
        "api.yaml#/p: pattern '^(a|a)*$': ambiguous alternation in '(a|a)*' can take exponential time on a "
        "near-miss input in a backtracking engine"
    ]


def test_lowering_records_where_each_pattern_was_written():
    from generator.config import load_config
    from generator.pipeline import load_model
    from pathlib import Path

    model, _ = load_model(load_config(Path(__file__).resolve().parents[2]))
    from generator.layer.patterns import model_patterns

    wheres = {p.where for p in model_patterns(model)}
    assert any(w.endswith("/tunnel_id/pattern") for w in wheres), wheres
