"""Targets only print: every name and every wire decision comes from the decide stage
(`generator.decide`, through `RenderInput.decisions`). Read from each target module's source: no
target imports the naming stage (`generator.naming`) or the language registry, and none calls a
decision function of the layer itself (union dispatch, defaults, graph facts, tag detection,
typed constraints, the naming pass)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

# every target module (base.py is the contract between the pipeline and the targets, not one)
TARGETS = sorted(p for p in (REPO / "generator" / "targets").glob("*.py") if p.name not in ("__init__.py", "base.py"))

# modules a target may not import at all: the naming pass and the registry of languages
FORBIDDEN_MODULES = {"generator.naming", "generator.layer.registry", "generator.layer.irtext"}
# functions that decide: a target asks the decide stage instead
DECISIONS = {
    "assign",  # the naming pass
    "names_by_language",
    "dispatch",  # union dispatch
    "detect_tag",
    "default_of",  # how a default is carried
    "carrier_of",
    "graph",  # references, indirection, variant-only shapes
    "constraints_of",  # typed constraints
    "secret_holders",
    "decide",  # the stage itself runs once, in the pipeline
}


def _imports(tree: ast.AST) -> list[tuple[str, str]]:
    """(module, name) for every import; (module, "") for `import module`."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            out += [(alias.name, "") for alias in node.names]
    return out


@pytest.mark.parametrize("path", TARGETS, ids=lambda p: p.stem)
def test_a_target_imports_neither_the_naming_stage_nor_the_registry(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [f"{module}.{name}".rstrip(".") for module, name in _imports(tree) if module in FORBIDDEN_MODULES]
    bad += [f"{module}.{name}" for module, name in _imports(tree) if name in DECISIONS]
    assert not bad, f"{path.name} imports {bad}: read the decided model (RenderInput.decisions) instead"


@pytest.mark.parametrize("path", TARGETS, ids=lambda p: p.stem)
def test_a_target_calls_no_decision_function(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in DECISIONS
    }
    # a method of the decided model (`decided.dispatch(name)`, `ctx.decided.default(...)`) reads
    # an answer; the same name called on anything else (`unions.dispatch(...)`) decides
    calls |= {
        f"{getattr(node.func.value, 'id', getattr(node.func.value, 'attr', '?'))}.{node.func.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in DECISIONS
        and getattr(node.func.value, "id", getattr(node.func.value, "attr", "")) != "decided"
    }
    assert not calls, f"{path.name} decides itself: {sorted(calls)}; ask the decide stage (RenderInput.decisions)"


def test_the_layer_does_not_reach_up_into_the_validators():
    layer = sorted((REPO / "generator" / "layer").glob("*.py"))
    up = {
        f"{path.name}: {module}"
        for path in layer
        for module, _ in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if module.startswith("generator.validators") or module.startswith("generator.targets.validators")
    }
    assert not up, f"generator/layer imports from the validators: {sorted(up)}"
