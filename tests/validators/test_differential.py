"""Differential: compiled validators and jsonschema.Draft202012Validator give every instance the
same verdict.

Schemas: the pipeline's bundles (generated/jsonschema/<ns>.schema.json) when they exist, the
golden cases' bundles, and tests/validators/schemas/*.json; every shape under `$defs`, so every
top-level shape and every part. Instances come from the schema itself: values built to be
valid (required keys, enums, consts, bounds, patterns, a branch of each union), the schema's
`examples`, and near-misses made from those (a required key dropped, an unknown key added, a
value's type swapped, a number pushed past a bound, a string stretched or emptied, a tag
changed). At least 10,000 examples per run in total; agreement must be 100%.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.targets.validators import entries_for
from generator.validators import compile_module
from tests.conftest import GENERATED, REPO

TOTAL_EXAMPLES = 10_600  # spread over every shape; the last test checks at least 10,000 ran
MAX_DEPTH = 5


def bundle_files() -> list[Path]:
    found = sorted((GENERATED / "jsonschema").glob("*.schema.json"))
    found += sorted((REPO / "tests" / "golden").glob("*/expected/jsonschema/*.schema.json"))
    found += sorted((Path(__file__).parent / "schemas").glob("*.schema.json"))
    return found


@lru_cache(maxsize=None)
def load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def module_for(path: str):
    bundle = load(path)
    return compile_module(bundle, entries_for(list(bundle.get("$defs", {}))))


@lru_cache(maxsize=None)
def reference_for(path: str, shape: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**load(path), "$ref": f"#/$defs/{shape}"})


CASES = [(str(p), shape) for p in bundle_files() for shape in load(str(p)).get("$defs", {})]
PER_CASE = max(20, math.ceil(TOTAL_EXAMPLES / max(len(CASES), 1)))
RAN: dict[tuple[str, str], int] = {}
INVALID: dict[tuple[str, str], int] = {}


# ---------------------------------------------------------------- instances from a schema

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)


def resolve(root: dict, ref: str) -> Any:
    if not ref.startswith("#"):
        return True
    node: Any = root
    for token in [t.replace("~1", "/").replace("~0", "~") for t in ref[1:].split("/") if t]:
        node = node[token]
    return node


def string_strategy(schema: dict) -> st.SearchStrategy:
    lo = schema.get("minLength", 0)
    hi = schema.get("maxLength", lo + 12)
    if isinstance(schema.get("pattern"), str):
        try:
            re.compile(schema["pattern"])
            return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: lo <= len(s) <= hi)
        except re.error:
            pass
    if schema.get("format") == "date-time":
        return st.datetimes().map(lambda d: d.isoformat() + "Z")
    return st.text(min_size=lo, max_size=hi)


def number_strategy(schema: dict, integer: bool) -> st.SearchStrategy:
    lo = schema.get("minimum")
    hi = schema.get("maximum")
    if "exclusiveMinimum" in schema:
        lo = schema["exclusiveMinimum"] + (1 if integer else 1e-9)
    if "exclusiveMaximum" in schema:
        hi = schema["exclusiveMaximum"] - (1 if integer else 1e-9)
    if integer:
        ints = st.integers(
            min_value=None if lo is None else math.ceil(lo), max_value=None if hi is None else math.floor(hi)
        )
        return st.one_of(ints, ints.map(float)) if schema.get("multipleOf") is None else ints
    return st.one_of(
        st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False),
        st.integers(min_value=None if lo is None else math.ceil(lo), max_value=None if hi is None else math.floor(hi)),
    )


def valid_like(root: dict, schema: Any, depth: int = 0) -> st.SearchStrategy:
    """Values meant to be valid against `schema` (they often are; when not, they are near-misses)."""
    if schema is True or not isinstance(schema, dict):
        return JSON_VALUES
    if schema is False:
        return JSON_VALUES
    if depth > MAX_DEPTH:
        return st.just({}) | SCALARS
    if "$ref" in schema:
        target = valid_like(root, resolve(root, schema["$ref"]), depth + 1)
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        if not (set(rest) & {"type", "properties", "oneOf", "anyOf", "allOf", "enum", "const"}):
            return target
    choices: list[st.SearchStrategy] = []
    if "examples" in schema and isinstance(schema["examples"], list) and schema["examples"]:
        choices.append(st.sampled_from(schema["examples"]))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return st.one_of(
                [
                    valid_like(
                        root,
                        (
                            {**{k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}, **b}
                            if isinstance(b, dict)
                            else b
                        ),
                        depth + 1,
                    )
                    for b in schema[key]
                ]
            )
    if "allOf" in schema:
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = resolve(root, part["$ref"]) if isinstance(part, dict) and "$ref" in part else part
            if isinstance(part, dict):
                for k, v in part.items():
                    if k in ("properties",) and k in merged:
                        merged[k] = {**part[k], **merged[k]}
                    elif k == "required" and k in merged:
                        merged[k] = list(dict.fromkeys(merged[k] + v))
                    else:
                        merged.setdefault(k, v)
        return valid_like(root, merged, depth + 1)
    types = schema.get("type")
    if types is None:
        if "properties" in schema or "required" in schema:
            types = "object"
        elif "items" in schema or "prefixItems" in schema:
            types = "array"
        else:
            return st.one_of(choices + [JSON_VALUES]) if choices else JSON_VALUES
    if isinstance(types, list):
        return st.one_of(choices + [valid_like(root, {**schema, "type": t}, depth) for t in types])
    if types == "object":
        props = schema.get("properties", {})
        required = [r for r in schema.get("required", [])]
        fixed = {k: valid_like(root, props.get(k, True), depth + 1) for k in required}
        optional = {k: valid_like(root, v, depth + 1) for k, v in props.items() if k not in fixed}
        base = st.fixed_dictionaries(fixed, optional=optional)
        addl = schema.get("additionalProperties")
        if isinstance(addl, dict):
            names = (
                st.from_regex(schema["propertyNames"]["pattern"], fullmatch=True)
                if "pattern" in schema.get("propertyNames", {})
                else st.text(max_size=6)
            )
            extra = st.dictionaries(names, valid_like(root, addl, depth + 1), max_size=3)
            base = st.builds(lambda a, b: {**b, **a}, base, extra)
        choices.append(base)
    elif types == "array":
        prefix = [valid_like(root, p, depth + 1) for p in schema.get("prefixItems", [])]
        item = valid_like(root, schema.get("items", True), depth + 1)
        lo = schema.get("minItems", 0)
        hi = schema.get("maxItems", lo + 3)
        rest = st.lists(
            item,
            min_size=max(0, lo - len(prefix)),
            max_size=max(0, min(hi, lo + 3) - len(prefix)),
            unique_by=(lambda v: json.dumps(v, sort_keys=True)) if schema.get("uniqueItems") else None,
        )
        choices.append(st.builds(lambda head, tail: list(head) + tail, st.tuples(*prefix), rest))
    elif types == "string":
        choices.append(string_strategy(schema))
    elif types in ("integer", "number"):
        choices.append(number_strategy(schema, types == "integer"))
    elif types == "boolean":
        choices.append(st.booleans())
    elif types == "null":
        choices.append(st.none())
    return st.one_of(choices)


# ---------------------------------------------------------------- near-misses


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, prefix + (i,))
    return out


def replace(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        if new is DROP and not rest:
            copy.pop(head, None)
        else:
            copy[head] = replace(value[head], rest, new)
        return copy
    copy_list = list(value)
    if new is DROP and not rest:
        del copy_list[head]
    else:
        copy_list[head] = replace(value[head], rest, new)
    return copy_list


DROP = object()


@st.composite
def near_miss(draw, base: st.SearchStrategy) -> Any:
    value = draw(base)
    path = draw(st.sampled_from(paths(value)))
    node: Any = value
    for token in path:
        node = node[token]
    ops = ["swap", "null"]
    if isinstance(node, dict):
        ops += ["unknown_key", "drop_key"] if node else ["unknown_key"]
    if isinstance(node, list):
        ops += ["append", "empty", "drop_item"] if node else ["append"]
    if isinstance(node, bool):
        ops += ["flip"]
    elif isinstance(node, (int, float)):
        ops += ["push", "push", "fraction", "as_float"]
    if isinstance(node, str):
        ops += ["stretch", "empty_string", "other_string", "digits"]
    op = draw(st.sampled_from(ops))
    if op == "swap":
        new = draw(SCALARS | st.just([]) | st.just({}))
    elif op == "null":
        new = None
    elif op == "unknown_key":
        new = {**node, draw(st.sampled_from(["unknown", "type", "x-extra", ""])): draw(SCALARS)}
    elif op == "drop_key":
        return replace(value, path + (draw(st.sampled_from(list(node))),), DROP)
    elif op == "append":
        new = node + [draw(JSON_VALUES)]
    elif op == "empty":
        new = []
    elif op == "drop_item":
        return replace(value, path + (draw(st.integers(0, len(node) - 1)),), DROP)
    elif op == "flip":
        new = not node
    elif op == "push":
        new = node + draw(st.sampled_from([1, -1, 10**6, -(10**6), 0.5, -0.5]))
    elif op == "fraction":
        new = node + 0.25
    elif op == "as_float":
        new = float(node)
    elif op == "stretch":
        new = node * draw(st.integers(2, 40)) + "~"
    elif op == "empty_string":
        new = ""
    elif op == "digits":
        new = draw(st.sampled_from(["0", "123", "\u0661", "1\n", "inf"]))
    else:
        new = draw(st.sampled_from(["auto", "none", "realtime", "transcription", "circle", "x", "\u00e9", "A1"]))
    return replace(value, path, new)


def instances(root: dict, shape: str) -> st.SearchStrategy:
    base = valid_like(root, root["$defs"][shape])
    return st.one_of(base, near_miss(base), near_miss(base), JSON_VALUES)


# ---------------------------------------------------------------- the test


@pytest.mark.parametrize("path, shape", CASES, ids=[f"{Path(p).name.split('.')[0]}:{s}" for p, s in CASES])
def test_generated_validator_agrees_with_jsonschema(path, shape):
    module = module_for(path)
    snake = dict((name, snake) for name, snake, _ in entries_for(list(load(path)["$defs"])))[shape]
    is_valid = getattr(module, f"is_valid_{snake}")
    validate = getattr(module, f"validate_{snake}")
    reference = reference_for(path, shape)
    RAN[(path, shape)] = 0
    INVALID[(path, shape)] = 0

    @settings(
        max_examples=PER_CASE,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(instances(load(path), shape))
    def agree(instance):
        RAN[(path, shape)] += 1
        expected = reference.is_valid(instance)
        INVALID[(path, shape)] += not expected
        assert is_valid(instance) is expected, f"is_valid disagrees with jsonschema on {instance!r}"
        errors = validate(instance)
        assert (errors == []) is expected, f"validate disagrees with jsonschema on {instance!r}: {errors}"

    agree()


def test_at_least_ten_thousand_examples_ran_in_total():
    if len(RAN) < len(CASES):
        pytest.skip("only part of the differential cases ran in this session")
    total = sum(RAN.values())
    invalid = sum(INVALID.values())
    print(
        f"\ndifferential: {total} examples ({total - invalid} valid, {invalid} invalid) over {len(CASES)} shapes, all agreeing"
    )
    assert total >= 10_000
