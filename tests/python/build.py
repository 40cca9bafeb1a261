"""Render a small schema through the python target into a temporary package and import it, for
tests of behaviour that the project's own schema does not exercise (or not yet)."""

from __future__ import annotations

import dataclasses
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Callable

from generator import ir
from generator.config import Config
from generator.pipeline import load_model
from generator.targets import python as python_target
from generator.targets.base import RenderInput


def build_package(
    tmp_path: Path,
    schema: str,
    *,
    namespace: str = "case",
    package: str = "case_shapes",
    edit: Callable[[ir.Namespace], ir.Namespace] = lambda ns: ns,
) -> ModuleType:
    """`schema` (an OpenAPI 3.1 document) lowered, passed through `edit` (to set IR decisions the
    shared layer does not make yet), rendered and imported as `<package>.<namespace>`."""
    root = tmp_path / "project"
    (root / "schema").mkdir(parents=True)
    (root / "schema" / "api.yaml").write_text(schema, encoding="utf-8")
    config = Config(
        root=root, output=root / "generated", namespaces={namespace: root / "schema" / "api.yaml"}, targets=("python",)
    )
    model, bundles = load_model(config)
    model = ir.Model(tuple(edit(ns) for ns in model.namespaces))
    files = python_target.render(
        RenderInput(
            model=model,
            bundles={n: b.published() for n, b in bundles.items()},
            options={"python": {"package": package}},
        )
    )
    out = tmp_path / "out"
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(f"{package}.{namespace}")
    finally:
        sys.path.remove(str(out))


def _refs(t: ir.Type) -> list[str]:
    if isinstance(t, ir.Ref):
        return [t.name]
    if isinstance(t, ir.Array):
        return _refs(t.item)
    if isinstance(t, ir.Map):
        return _refs(t.value)
    if isinstance(t, ir.Nullable):
        return _refs(t.inner)
    return []


def _children(shape: ir.Shape) -> list[str]:
    if isinstance(shape, ir.Object):
        return [r for f in shape.fields for r in _refs(f.type)]
    if isinstance(shape, ir.Union_):
        return [r for v in shape.variants for r in _refs(v.type)]
    if isinstance(shape, ir.Alias):
        return _refs(shape.type)
    return []


def open_unions(ns: ir.Namespace) -> ir.Namespace:
    """Every tagged union reachable from a response body marked open, as the shared layer decides."""
    seen: set[str] = set()
    todo = [s.name for s in ns.shapes if s.role == "response"]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_children(ns.shape(name)))
    shapes = tuple(
        dataclasses.replace(s, open=True) if isinstance(s, ir.Union_) and s.tag is not None and s.name in seen else s
        for s in ns.shapes
    )
    return dataclasses.replace(ns, shapes=shapes)
