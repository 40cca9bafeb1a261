"""The Python conformance driver: the generated pydantic models in generated/python."""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

from generator.config import Config


def _pointer(instance: Any, loc: tuple[Any, ...], missing: bool) -> str:
    """A JSON pointer from a pydantic error location, keeping only the steps that exist in the
    instance (pydantic adds union branch, tag and validator labels to `loc`); for a missing
    property, the last step names it."""
    tokens: list[str] = []
    node = instance
    for step in loc:
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        elif missing and step is loc[-1] and isinstance(node, dict) and isinstance(step, str):
            tokens.append(step.replace("~", "~0").replace("/", "~1"))
            break
        else:
            continue
        tokens.append(str(step).replace("~", "~0").replace("/", "~1"))
    return "".join("/" + t for t in tokens)


def run(config: Config, items: list[tuple[str, str]]) -> list[dict[str, Any]]:
    import pydantic

    root = str(config.output / "python")
    if root not in sys.path:
        sys.path.insert(0, root)
    package = str(config.options.get("python", {}).get("package", "realtime_shapes"))
    out = []
    for shape, text in items:
        namespace, _, name = shape.partition(":")
        cls = getattr(importlib.import_module(f"{package}.{namespace}"), name)
        try:
            parsed = cls.model_validate_json(text)
        except pydantic.ValidationError as exc:
            first = exc.errors()[0]
            try:
                instance = json.loads(text)
            except json.JSONDecodeError as jexc:
                out.append({"ok": False, "error": f": not JSON: {jexc.msg} at line {jexc.lineno} column {jexc.colno}"})
                continue
            pointer = _pointer(instance, tuple(first["loc"]), first["type"] == "missing")
            out.append({"ok": False, "error": f"{pointer}: {first['msg']}"})
            continue
        out.append({"ok": True, "json": parsed.model_dump(mode="json")})
    return out
