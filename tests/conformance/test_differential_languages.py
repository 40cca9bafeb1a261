"""Cross-language differential: instances drawn from the schema itself (valid ones and near-misses,
the strategies of tests/validators/test_differential.py) go through every language's generated
code, and each must give the compiled validator's verdict (which agrees with jsonschema), and
re-serialise every valid instance to an equal JSON document.

Hand-written vectors test what someone thought of; this finds what nobody did. Numbers are kept
within I-JSON's exact integer range, the contract every target shares.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from generator.config import load_config
from generator.conformance import json_equal, results
from generator.naming import snake_case
from tests.conformance.matrix import languages
from tests.conftest import GENERATED, REPO
from tests.validators.test_differential import instances, load, module_for

PER_SHAPE = 300
# I-JSON (RFC 7493): integers beyond +-(2^53 - 1) are not exact across implementations (a double in
# TypeScript, an i64 in Rust); instances holding such numbers are outside the contract
SAFE_INTEGER = 2**53 - 1


def within_i_json(value: object) -> bool:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, (int, float)):
        return not (float(value).is_integer() and abs(value) > SAFE_INTEGER)
    if isinstance(value, list):
        return all(within_i_json(v) for v in value)
    if isinstance(value, dict):
        return all(within_i_json(v) for v in value.values())
    return True


def _top_level() -> list[tuple[str, str, str]]:
    """(namespace, shape, bundle path) of every top-level shape, from the project's IR."""
    from generator import pipeline

    model, _ = pipeline.load_model(load_config(REPO))
    return [
        (ns.name, s.name, str(GENERATED / "jsonschema" / f"{ns.name}.schema.json"))
        for ns in model.namespaces
        for s in ns.top_level
    ]


def _draw(path: str, shape: str) -> list[object]:
    drawn: list[object] = []

    @settings(
        max_examples=PER_SHAPE,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(instances(load(path), shape))
    def collect(instance: object) -> None:
        drawn.append(instance)

    collect()
    return drawn


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, object, bool]]:
    """(ns:Name, instance, the compiled validator's verdict) for every drawn instance."""
    out = []
    for ns, shape, path in _top_level():
        is_valid = getattr(module_for(path), f"is_valid_{snake_case(shape)}")
        drawn = [i for i in _draw(path, shape) if within_i_json(i)]
        out += [(f"{ns}:{shape}", instance, is_valid(instance)) for instance in drawn]
    return out


def test_the_corpus_has_both_valid_and_invalid_instances_of_every_shape(corpus):
    for ns, shape, _ in _top_level():
        verdicts = {v for s, _, v in corpus if s == f"{ns}:{shape}"}
        assert verdicts == {True, False}, f"{ns}:{shape} drew only {verdicts}"


@pytest.mark.parametrize("lang", languages())
def test_every_language_agrees_with_the_schema_on_generated_instances(lang, corpus):
    config = load_config(REPO)
    from generator.conformance import Item

    items = [Item(f"#{i}", shape, json.dumps(instance), None) for i, (shape, instance, _) in enumerate(corpus)]
    wrong = []
    for (shape, instance, valid), result in zip(corpus, results(config, lang, items)):
        if result.get("ok") is not valid:
            wrong.append(
                f"{shape}: schema says {'valid' if valid else 'invalid'}, {lang} says {result}: {json.dumps(instance)[:400]}"
            )
        elif valid and not json_equal(result.get("json"), instance):
            wrong.append(
                f"{shape}: round trip differs: {json.dumps(instance)[:300]} -> {json.dumps(result.get('json'))[:300]}"
            )
    assert not wrong, f"{len(wrong)} of {len(corpus)} disagree:\n" + "\n".join(wrong[:25])
