"""Where the Rust target stops deriving serde for a struct (`WIDE_SERDE`) and how it splits the
written-out code, without compiling anything (tests/rust/test_wide_serde.py compiles and runs it)."""

from __future__ import annotations

import json
import re

import pytest

from generator import pipeline
from generator.config import load_config
from generator.targets import rust

pytestmark = pytest.mark.fast


def test_buckets_hash_wire_names_with_fnv1a_as_the_runtime_does():
    # the published FNV-1a 64-bit vectors
    assert rust.fnv1a("") == 0xCBF29CE484222325
    assert rust.fnv1a("a") == 0xAF63DC4C8601EC8C
    assert rust.fnv1a("foobar") == 0x85944171F73967E8
    runtime = rust.RUNTIME.read_text(encoding="utf-8")
    assert "0xcbf2_9ce4_8422_2325" in runtime and "0x0100_0000_01b3" in runtime


def render(tmp_path, width: int, others: tuple[str, ...] = ()) -> str:
    properties = {f"p{i}": {"type": "integer", "minimum": 0} for i in range(width)}
    schemas = {"Wide": {"x-shapegen-role": "response", "type": "object", "properties": properties}}
    schemas |= {name: {"x-shapegen-role": "response", "type": "object"} for name in others}
    doc = {"openapi": "3.1.0", "info": {"title": "w", "version": "1"}, "components": {"schemas": schemas}}
    (tmp_path / "w.yaml").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.shapegen]\ntargets = ["rust"]\n\n[tool.shapegen.namespaces]\nw = "w.yaml"\n', encoding="utf-8"
    )
    model, _ = pipeline.load_model(load_config(tmp_path))
    return rust.render_namespace(model.namespaces[0])


def test_up_to_the_threshold_serde_is_derived(tmp_path):
    text = render(tmp_path, rust.WIDE_SERDE)
    assert "#[derive(Debug, Clone, Default, ::serde::Serialize, ::serde::Deserialize)]" in text
    assert "Slots" not in text


def test_past_the_threshold_no_function_handles_more_than_a_chunk_of_fields(tmp_path):
    width = 3 * rust.SLOTS_CHUNK + 1
    assert width > rust.WIDE_SERDE
    text = render(tmp_path, width)
    assert "#[derive(Debug, Clone, Default)]\n#[non_exhaustive]\npub struct Wide {" in text
    assert "#[serde(" not in text
    functions = re.split(r"\n    fn ", text.split("impl WideSlots {", 1)[1].split("\n}\n", 1)[0])[1:]
    reads = [f for f in functions if f.startswith("read_")]
    writes = [f for f in functions if f.startswith("write_")]
    checks = [f for f in functions if f.startswith("validate_")]
    assert len(writes) == len(checks) == 4
    # every field is written and checked once, in order, by functions of at most SLOTS_CHUNK fields;
    # and read once, by the function of its name's hash bucket (as many buckets as chunks, so about
    # a chunk's worth each)
    for group, call in ((writes, "runtime::write_some("), (checks, "runtime::range(")):
        counts = [f.count(call) for f in group]
        assert sum(counts) == width and max(counts) <= rust.SLOTS_CHUNK
    assert sorted(int(n) for n in re.findall(r'"p(\d+)" => runtime::read\(', "".join(reads))) == list(range(width))
    assert len(reads) <= 4 and max(f.count("runtime::read(") for f in reads) <= 2 * rust.SLOTS_CHUNK
    assert text.count("WideSlots::validate_") == 4 and text.count("WideSlots::write_") == 4


def test_the_slots_struct_takes_a_name_no_shape_has(tmp_path):
    # shapes already named like each of its candidates: the last one, numbered
    text = render(tmp_path, rust.WIDE_SERDE + 1, others=("WideSlots", "WideFieldSlots", "WideReadSlots"))
    assert "struct WideReadSlots2 {" in text
    for name in ("WideSlots", "WideFieldSlots", "WideReadSlots"):
        assert text.count(f"pub struct {name}(") == 1  # the shape's own type, untouched
