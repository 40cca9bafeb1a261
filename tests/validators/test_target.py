"""The `validators` target: one module per namespace, beside the python target's models."""

from __future__ import annotations

import ast

import pytest

from generator import pipeline
from generator.targets.base import RenderInput
from generator.targets.validators import TARGET, entries_for
from generator.validators import compile_module
from tests.golden.golden import cases, config_for

CASE = next(c for c in cases() if c.name == "tagged_unions")


@pytest.fixture(scope="module")
def rendered():
    model, bundles = pipeline.load_model(config_for(CASE))
    inp = RenderInput(
        model=model, bundles={ns: b.published() for ns, b in bundles.items()}, options={"python": {"package": "pkg"}}
    )
    return model, inp, TARGET.render(inp)


def test_renders_one_validators_module_per_namespace_in_the_python_package(rendered):
    model, _, files = rendered
    assert sorted(files) == [f"pkg/{ns.name}/validators.py" for ns in model.namespaces]


def test_module_defines_both_functions_for_every_top_level_shape(rendered):
    model, inp, files = rendered
    ns = model.namespaces[0]
    tree = ast.parse(files[f"pkg/{ns.name}/validators.py"])
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    for shape in ns.top_level:
        snake = dict((name, snake) for name, snake, _ in entries_for([s.name for s in ns.top_level]))[shape.name]
        assert {f"is_valid_{snake}", f"validate_{snake}"} <= defined
    assert {"is_valid", "validate"} <= defined


def test_owns_only_the_validators_modules():
    assert TARGET.owns("realtime_shapes/openai/validators.py")
    assert not TARGET.owns("realtime_shapes/openai/models.py")
    assert not TARGET.owns("realtime_shapes/validators.py")
    assert not TARGET.owns("realtime_shapes/openai/sub/validators.py")


def test_snake_names_are_unique_identifiers():
    names = [snake for _, snake, _ in entries_for(["Foo", "foo", "2Fast", "Über"])]
    assert len(set(names)) == 4 and all(n.isidentifier() for n in names)


def test_rendered_module_validates_like_the_bundle(rendered):
    import jsonschema

    model, inp, _ = rendered
    ns = model.namespaces[0]
    bundle = inp.bundles[ns.name]
    entries = entries_for([s.name for s in ns.top_level])
    module = compile_module(bundle, entries)
    for shape, snake, pointer in entries:
        reference = jsonschema.Draft202012Validator({**bundle, "$ref": pointer})
        for instance in (
            {},
            {"declared": {"shape": "circle", "radius": 1}},
            {"declared": {"shape": "square", "radius": 1}},
            [],
        ):
            assert getattr(module, f"is_valid_{snake}")(instance) == reference.is_valid(instance)


def test_the_target_asks_for_no_formatter():
    assert TARGET.formatter == "none"
