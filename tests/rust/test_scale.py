"""Scale (issue 7 item 6, issue 9 item 4): schemas 100 levels deep (objects, arrays) and an object
of 10,000 properties generate a crate that `cargo check` accepts, in one cargo run.

The 10,000-property struct is past the Rust target's WIDE_SERDE (256 fields): its Serialize,
Deserialize and validate() are written out in functions of 128 fields (tests/rust/test_wide_serde.py
proves they read and write what serde's derive does), which rustc checks in a third of the time.

Measured 2026-12-08 on the shared 2-core machine, before and after in one sitting, `cargo check`
of this crate with its dependencies built: 98.5 s CPU (90.4 user, 8.1 sys), peak 3.8 GB, with
serde derived; 35 to 41 s CPU, peak 1.2 GB, written out (of which the deep objects and arrays
modules take 3.4 s). Generating the three namespaces takes 3.7 s CPU. The whole test under pytest
(SHAPEGEN_CPU_TOP): 36 s CPU, 70 s wall on the loaded machine (it was ~113 s CPU before)."""

from __future__ import annotations

import json
import shutil

from generator import pipeline
from generator.config import load_config
from tests.rust import crates

DEPTH = 100
WIDTH = 10_000


def deep_objects() -> dict:
    # each level is property `a` of the one above: an inline object is named after its parent and
    # its property (DeepA, DeepAA, ...), and a shape's name must fit a file name (255 bytes)
    inner: dict = {"type": "string", "minLength": 1}
    for _ in range(DEPTH):
        inner = {"type": "object", "properties": {"a": inner}}
    return {"Deep": {**inner, "x-shapegen-role": "request"}}


def deep_arrays() -> dict:
    inner: dict = {"type": "string", "minLength": 1}
    for _ in range(DEPTH):
        inner = {"type": "array", "items": inner, "maxItems": 3}
    return {"DeepArrays": {"x-shapegen-role": "request", "type": "object", "properties": {"a": inner}}}


def wide() -> dict:
    properties = {f"p{i}": {"type": "integer", "minimum": 0} for i in range(WIDTH)}
    return {"Wide": {"x-shapegen-role": "response", "type": "object", "properties": properties}}


def test_deep_and_wide_schemas_generate_crates_that_compile(toolchain):
    root = crates.CACHE / "rust-scale"
    shutil.rmtree(root, ignore_errors=True)
    (root / "schema").mkdir(parents=True)
    namespaces = {"deep": deep_objects(), "deep_arrays": deep_arrays(), "wide": wide()}
    for name, schemas in namespaces.items():
        doc = {"openapi": "3.1.0", "info": {"title": name, "version": "1"}, "components": {"schemas": schemas}}
        (root / "schema" / f"{name}.yaml").write_text(json.dumps(doc), encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.shapegen]\noutput = "generated"\ntargets = ["rust"]\n\n[tool.shapegen.namespaces]\n'
        + "".join(f'{name} = "schema/{name}.yaml"\n' for name in namespaces),
        encoding="utf-8",
    )
    config = load_config(root)
    pipeline.write(config, pipeline.build(config))
    # minutes of one rustc, in the target dir of the large crates, while the other worker's Rust builds go on
    done = crates.check_crate(crates.read_crate(root / "generated" / "rust"), "scale", large=True)
    assert done.returncode == 0, done.stderr[-6000:]
