"""Render the docs target in memory: for the real schema, a golden case, or a schema written in
a test. Nothing here reads or writes generated/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator import pipeline
from generator.config import Config, load_config
from tests.conftest import REPO

REAL_ROOT_SCHEMA = REPO / "schema" / "openai" / "openapi.yaml"


def docs_of(plan: pipeline.Plan) -> dict[str, str]:
    """{path under generated/docs: text}."""
    return {
        rel.removeprefix("docs/"): data.decode("utf-8") for rel, data in plan.files.items() if rel.startswith("docs/")
    }


def render_config(config: Config) -> tuple[pipeline.Plan, dict[str, str]]:
    plan = pipeline.build(config, ["docs"])
    return plan, docs_of(plan)


def render_schema(
    tmp: Path, schema: dict[str, Any], namespace: str = "hostile"
) -> tuple[pipeline.Plan, dict[str, str]]:
    """Render one schema document (given as data, written as JSON, which is YAML too)."""
    path = tmp / "schema" / "api.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    config = Config(root=tmp, output=tmp / "generated", namespaces={namespace: path}, targets=("docs",), options={})
    return render_config(config)


def real_config() -> Config | None:
    return load_config(REPO) if REAL_ROOT_SCHEMA.is_file() else None
