"""Every example of every top-level shape in the real schema is valid against the published
bundle, generated/jsonschema/<ns>.schema.json (the docs print these examples as they are)."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from generator.pipeline import load_model
from tests.conftest import GENERATED, IN_CI
from tests.docs.render import REAL_ROOT_SCHEMA, real_config


def _top_level_shapes():
    config = real_config()
    if config is None:
        return [pytest.param(None, None, id="no-real-schema")]
    model, _ = load_model(config)
    return [
        pytest.param(ns.name, shape, id=f"{ns.name}:{shape.name}") for ns in model.namespaces for shape in ns.top_level
    ]


@pytest.mark.parametrize("namespace, shape", _top_level_shapes())
def test_examples_validate_against_the_bundle(namespace, shape):
    if shape is None:
        pytest.skip(f"{REAL_ROOT_SCHEMA} does not exist yet: the real schema is not written")
    if not shape.examples:
        pytest.skip(f"{namespace}:{shape.name} has no examples")
    path = GENERATED / "jsonschema" / f"{namespace}.schema.json"
    if not path.is_file():
        reason = f"{path} is missing: run `python -m generator generate` first"
        if IN_CI:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert shape.name in bundle.get("$defs", {}), f"{shape.name} is not in {path.name}: is generated/ stale?"
    validator = Draft202012Validator({**bundle, "$ref": f"#/$defs/{shape.name}"})
    for i, example in enumerate(shape.examples):
        errors = sorted(validator.iter_errors(example), key=lambda e: list(e.absolute_path))
        assert not errors, f"example {i} of {namespace}:{shape.name}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:5]
        )
