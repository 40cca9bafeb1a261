"""A struct of more than `WIDE_SERDE` fields has its `Serialize` and `Deserialize` written out
(`runtime::Slots`), so that rustc checks it in time linear in its fields, and must read and write
exactly what the derived code does.

Each schema below is rendered twice into one crate: as it ships (every struct here is narrower than
the threshold, so derived), and with the threshold at 0 and two fields to a function (every struct
written out, read in several buckets, some of them empty). The same JSON then goes through both
modules three ways (`serde_json::from_str`, `Deserialize` from a `serde_json::Value` as a union
reads its variants, `runtime::from_str`): each answer, the value written back or the error's text,
must be the same. The cases cover every way a field is carried (required, required and nullable,
optional, optional and nullable, a default; integers read through `runtime::whole`), missing fields,
explicit nulls, repeated keys, renamed wire names, open objects keeping unknown properties and closed
ones refusing them, a struct inside an internally tagged union, and values that are not objects; and
`validate()` of what was read (its checks are split into functions the same way) says the same."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from generator import pipeline
from generator.config import load_config
from generator.identity import Identity
from generator.targets import rust
from tests.rust import conftest, crates

# a wire name whose match arm, struct field and write call cannot stay on one line
LONG = "a_rather_long_property_name_that_pushes_its_match_arm_past_the_width"
MODES = {
    "Modes": {
        "x-shapegen-role": "response",
        "type": "object",
        "required": ["id", "count", "label", "size", "type"],
        "properties": {
            "id": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "label": {"type": ["string", "null"]},
            "size": {"type": ["integer", "null"]},
            "type": {"const": "thing"},
            "note": {"type": "string", "minLength": 1},
            "n": {"type": "integer"},
            "maybe": {"type": ["string", "null"]},
            "maybe_n": {"type": ["integer", "null"]},
            "limit": {"type": "integer", "default": 5},
            "Wire Name": {"type": "string"},
            'quote"d': {"type": "string"},
            "ints": {"type": "array", "items": {"type": "integer", "maximum": 9}},
            "tags": {"type": "object", "additionalProperties": {"type": "string"}},
            "kind": {"type": "string", "enum": ["a", "b"]},
            "inner": {"$ref": "#/components/schemas/Inner"},
            "any": {},
            "ratio": {"type": "number"},
            "flag": {"type": "boolean"},
            "caf\u00e9": {"type": "integer"},
            LONG: {"type": ["integer", "null"]},
            LONG + "_and_then_some_more_of_it_to_pass_the_line": {"type": "string"},
        },
    },
    "Inner": {"type": "object", "properties": {"x": {"type": "integer", "minimum": 1}, "y": {"type": "string"}}},
    "Ask": {
        "x-shapegen-role": "request",
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "n": {"type": "integer"},
            "maybe": {"type": ["string", "null"]},
            "part": {"type": "object", "properties": {"z": {"type": "integer"}}},
        },
    },
}

REQUIRED = {"id": "x", "count": 1, "label": None, "size": 2, "type": "thing"}
EVERY_FIELD = {
    **REQUIRED,
    "note": "n",
    "n": 3,
    "maybe": "m",
    "maybe_n": 4,
    "limit": 6,
    "Wire Name": "w",
    'quote"d': "q",
    "ints": [1, 2],
    "tags": {"a": "b"},
    "kind": "b",
    "inner": {"x": 1, "y": "z", "more": True},
    "any": {"deep": [1, 2.5, "s", None]},
    "ratio": 0.5,
    "flag": False,
    "caf\u00e9": 7,
    LONG: None,
    LONG + "_and_then_some_more_of_it_to_pass_the_line": "l",
}


def with_(base: dict, **changes) -> str:
    return json.dumps({**base, **changes})


def without(base: dict, key: str) -> str:
    return json.dumps({k: v for k, v in base.items() if k != key})


def modes_cases() -> list[tuple[str, str]]:
    texts = [json.dumps(REQUIRED), json.dumps(EVERY_FIELD), "{}"]
    texts += [without(REQUIRED, key) for key in REQUIRED]
    texts += [
        with_(REQUIRED, count=600.0, n=3.0, maybe_n=4.0, size=5.0, ints=[1.0, 2]),
        with_(REQUIRED, count=1.5),
        with_(REQUIRED, count=-1, note="", ints=[1, 10, 11], inner={"x": 0}),
        with_(REQUIRED, count=2**64),
        with_(REQUIRED, count=None),
        with_(REQUIRED, label="l", size=None),
        with_(REQUIRED, note=None),
        with_(REQUIRED, n=None),
        with_(REQUIRED, maybe=None, maybe_n=None),
        with_(REQUIRED, limit=None),
        with_(REQUIRED, type="other"),
        with_(REQUIRED, kind="a newer one"),
        with_(REQUIRED, extra={"kept": [1, "two"]}, zz=1),
        with_(REQUIRED, wire_name="the Rust name is not the wire name", quote_d=1),
        with_(REQUIRED, inner={"x": "not an integer"}),
        with_(REQUIRED, tags={"a": 1}),
        # repeated keys: a field is an error, an unknown property keeps its last value
        '{"id": "x", "id": "y", "count": 1, "label": null, "size": 2, "type": "thing"}',
        '{"id": "x", "count": 1, "label": null, "size": 2, "type": "thing", "n": 1, "n": 1}',
        '{"id": "x", "count": 1, "label": null, "size": 2, "type": "thing", "zz": 1, "zz": [2]}',
        # a field repeated after an unknown property, and an error after an unknown one
        '{"zz": 1, "maybe": null, "maybe": "again", "id": "x"}',
        '{"zz": 1, "count": "one"}',
        # not an object, or not JSON
        "[]",
        '["x", 1, null, 2, "thing"]',
        "1",
        "null",
        '"s"',
        '{"id": "x", "count": 1,',
        '{"id": "x"} trailing',
    ]
    texts += [with_(REQUIRED, **{"\u00e9\u202e\n": 1, "": 2, "p\u0000": 3})]
    cases = [("modes:Modes", t) for t in texts]
    ask = [
        '{"id": "a"}',
        '{"id": "a", "n": 2.0, "maybe": null}',
        '{"id": "a", "extra": 1}',
        '{"id": "a", "extra": 1, "more": 2}',
        '{"extra": 1}',
        "{}",
        '{"id": "a", "part": {"z": 1}}',
        '{"id": "a", "part": {"z": 1, "w": 2}}',
        '{"id": "a", "id": "b"}',
        '{"id": "a", "n": null}',
    ]
    cases += [("modes:Ask", t) for t in ask]
    return cases


def behaviour_cases() -> list[tuple[str, str]]:
    """The Rust behaviour fixture's shapes (tests/rust/fixture): closed requests, unions, a secret."""
    wide = {f"f{i}": i for i in range(70)}
    session = {
        "name": "ab",
        "max_output_tokens": "inf",
        "temperature": 1,
        "voice": "newer",
        "type": "t",
        'quote"d': "*/",
        "audio": {"format": "pcm", "noise_reduction": None, "turn_detection": {"type": "semantic_vad"}},
    }
    cases = [
        ("SessionRequest", json.dumps(session)),
        ("SessionRequest", '{"audio":{"surprise":1},"extra":true}'),
        ("SessionRequest", '{"extra":true,"more":1}'),
        ("SessionRequest", '{"max_output_tokens":600.0}'),
        ("SessionRequest", '{"name":"a","tunnel_id":"tunnel_AB12","tags":["x","x","y"],"temperature":3}'),
        ("SessionRequest", '{"quote\\"d":"x"}'),
        ("SessionRequest", '{"audio":{"transcription":null,"turn_detection":{"idle_timeout_ms":null}}}'),
        ("SessionResponse", '{"id":"s","tracing":"auto","client_secret":"k","newer":{"a":1}}'),
        ("SessionResponse", '{"id":"s","tracing":null,"turn_detection":{"type":"server_vad","threshold":0.5}}'),
        ("SessionResponse", '{"id":"s","turn_detection":{"type":"newer_vad"}}'),
        ("SessionResponse", '{"tracing":{"group_id":"g"}}'),
        ("TurnDetection", '{"type":"server_vad","idle_timeout_ms":6000,"create_response":false}'),
        ("TurnDetection", '{"threshold":0.5}'),
        ("TurnDetection", '{"type":"semantic_vad","eagerness":"high","unknown":1}'),
        ("TurnDetection", '{"type":"server_vad","type":"server_vad"}'),
        ("NoiseReduction", '{"type":"near_field"}'),
        ("NoiseReduction", '{"type":{"type":"near_field"}}'),
        ("WideResponse", json.dumps({"token": "secret", **wide, "later": True})),
        ("WideResponse", json.dumps({"f0": 1.0, "f69": None})),
    ]
    return [(f"behaviour:{shape}", text) for shape, text in cases]


def render(ns, threshold: int | None, monkeypatch) -> str:
    with monkeypatch.context() as patch:
        if threshold is not None:
            patch.setattr(rust, "WIDE_SERDE", threshold)
            patch.setattr(rust, "SLOTS_CHUNK", 2)
        return rust.render_namespace(ns)


MAIN = """use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wide_serde::*;

fn problems<T: runtime::Validate>(value: &T) -> Vec<String> {
    match runtime::validate(value) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.to_string()).collect(),
    }
}

fn outcome<T: Serialize + runtime::Validate>(read: Result<T, String>) -> Value {
    match read {
        Ok(value) => match serde_json::to_string(&value) {
            Ok(text) => json!({"ok": true, "json": text, "problems": problems(&value)}),
            Err(error) => json!({"ok": true, "write_error": error.to_string()}),
        },
        Err(error) => json!({"ok": false, "error": error}),
    }
}

fn run<T: Serialize + DeserializeOwned + runtime::Validate>(text: &str) -> Value {
    let parsed = serde_json::from_str::<Value>(text).ok();
    let from_value = parsed.as_ref().map(|value| outcome(T::deserialize(value).map_err(|e| e.to_string())));
    json!({
        "from_str": outcome(serde_json::from_str::<T>(text).map_err(|e| e.to_string())),
        "from_value": from_value,
        "runtime": outcome(runtime::from_str::<T>(text).map_err(|e| e.to_string())),
    })
}

fn main() {
    let path = std::env::args().nth(1).expect("the cases file");
    let text = std::fs::read_to_string(path).expect("the cases file");
    let cases: Vec<(String, String)> = serde_json::from_str(&text).expect("[[shape, text], ...]");
    let mut out = Vec::new();
    for (shape, text) in &cases {
        out.push(match shape.as_str() {
ARMS            _ => panic!("no shape {}", shape),
        });
    }
    println!("{}", serde_json::to_string(&out).expect("JSON"));
}
"""


def crate(monkeypatch) -> dict[str, str]:
    root = crates.CACHE / "rust-wide-serde"
    shutil.rmtree(root, ignore_errors=True)
    (root / "schema").mkdir(parents=True)
    doc = {"openapi": "3.1.0", "info": {"title": "modes", "version": "1"}, "components": {"schemas": MODES}}
    (root / "schema" / "modes.yaml").write_text(json.dumps(doc), encoding="utf-8")
    shutil.copy(conftest.FIXTURE / "schema" / "api.yaml", root / "schema" / "behaviour.yaml")
    (root / "pyproject.toml").write_text(
        '[tool.shapegen]\noutput = "generated"\ntargets = ["rust"]\n\n[tool.shapegen.namespaces]\n'
        'modes = "schema/modes.yaml"\nbehaviour = "schema/behaviour.yaml"\n',
        encoding="utf-8",
    )
    model, _ = pipeline.load_model(load_config(root))
    files = {"src/runtime.rs": rust.RUNTIME.read_text(encoding="utf-8")}
    modules, arms = ["runtime"], []
    for ns in model.namespaces:
        derived, written = render(ns, None, monkeypatch), render(ns, 0, monkeypatch)
        assert "runtime::Slots for" not in derived and "impl runtime::Slots for" in written
        files[f"src/derived_{ns.name}.rs"], files[f"src/written_{ns.name}.rs"] = derived, written
        modules += [f"derived_{ns.name}", f"written_{ns.name}"]
        names = rust.names_for(ns)
        for shape in ns.shapes:
            name = names.type(shape.name)
            arms.append(
                f'            "{ns.name}:{shape.name}" => json!([\n'
                f"                run::<derived_{ns.name}::{name}>(text),\n"
                f"                run::<written_{ns.name}::{name}>(text),\n"
                "            ]),\n"
            )
    manifest = (
        rust._env()
        .get_template("Cargo.toml.j2")
        .render(crate="wide_serde", version="0.1.0", project=Identity(name="wide_serde", title="t", description="d"))
    )
    files["Cargo.toml"] = manifest
    # the crate root as the target writes it (its lint settings), with both renders of each namespace
    files["src/lib.rs"] = rust._env().get_template("lib.rs.j2").render(modules=sorted(modules), recursion_limit=None)
    files["src/main.rs"] = MAIN.replace("ARMS", "".join(arms))
    return files


def test_written_out_serde_reads_and_writes_what_the_derived_code_does(toolchain, monkeypatch, tmp_path):
    files = crate(monkeypatch)
    # the written-out code passes clippy and is laid out as rustfmt lays it out, as every generated crate
    done = crates.check_crate(files, "wide_serde", clippy=True)
    assert done.returncode == 0, done.stderr[-6000:]
    written = [crates.CACHE / "rust-crates" / "wide_serde" / name for name in files if "/written_" in name]
    fmt = subprocess.run(
        ["rustfmt", "--check", "--edition", "2021", *map(str, written)], capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout[-6000:]

    cases = modes_cases() + behaviour_cases()
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    ran = crates.cargo(
        ["run", "--quiet", "--", str(tmp_path / "cases.json")], crates.CACHE / "rust-crates" / "wide_serde"
    )
    assert ran.returncode == 0, ran.stderr[-6000:]
    results = json.loads(ran.stdout)
    assert len(results) == len(cases)
    for (shape, text), (derived, written_out) in zip(cases, results):
        assert written_out == derived, f"{shape} {text}"

    # and the cases are the ones the docstring promises: both answers, read as JSON text
    answer = {case: derived["from_str"] for case, (derived, _) in zip(cases, results)}
    assert json.loads(answer[("modes:Modes", json.dumps(REQUIRED))]["json"]) == REQUIRED
    assert json.loads(answer[("modes:Modes", json.dumps(EVERY_FIELD))]["json"]) == EVERY_FIELD
    for key in REQUIRED:
        assert f"missing field `{key}`" in answer[("modes:Modes", without(REQUIRED, key))]["error"]
    kept = answer[("modes:Modes", with_(REQUIRED, extra={"kept": [1, "two"]}, zz=1))]
    assert json.loads(kept["json"]) == {**REQUIRED, "extra": {"kept": [1, "two"]}, "zz": 1}
    assert (
        json.loads(
            answer[("modes:Modes", with_(REQUIRED, count=600.0, n=3.0, maybe_n=4.0, size=5.0, ints=[1.0, 2]))]["json"]
        )["count"]
        == 600
    )
    assert (
        "duplicate field `id`"
        in answer[
            (
                "modes:Modes",
                cases[
                    [t for _, t in cases].index(
                        '{"id": "x", "id": "y", "count": 1, "label": null, "size": 2, "type": "thing"}'
                    )
                ][1],
            )
        ]["error"]
    )
    assert 'unknown property "extra"' in answer[("modes:Ask", '{"id": "a", "extra": 1}')]["error"]
    assert "expected struct Modes" in answer[("modes:Modes", "[]")]["error"]
    problems = answer[("modes:Modes", with_(REQUIRED, count=-1, note="", ints=[1, 10, 11], inner={"x": 0}))]["problems"]
    assert problems == [
        "/count: -1 is less than the minimum 0",
        "/note: 0 characters, fewer than 1",
        "/ints/1: 10 is more than the maximum 9",
        "/ints/2: 11 is more than the maximum 9",
        "/inner/x: 0 is less than the minimum 1",
    ]
    refused = sum(not derived["from_str"]["ok"] for derived, _ in results)
    assert 0 < refused < len(cases)
