"""The `jsonschema` target: each namespace's normalised, self-contained JSON Schema 2020-12 bundle,
for ajv, editors and other validators."""

from __future__ import annotations

import json

from generator.targets.base import RenderInput, SimpleTarget
from generator.visible import bidi_escaped


def render(inp: RenderInput) -> dict[str, str]:
    # other characters as they are, but bidi controls as \u escapes: the same JSON, which no
    # editor or diff shows reordered
    return {
        f"{ns}.schema.json": bidi_escaped(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
        for ns, doc in inp.bundles.items()
    }


TARGET = SimpleTarget(
    name="jsonschema",
    out_dir="jsonschema",
    render_fn=render,
    owns_fn=lambda rel: rel.endswith(".schema.json"),
    formatter="none",  # json.dumps(indent=2) is the format
)
