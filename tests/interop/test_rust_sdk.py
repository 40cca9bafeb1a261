"""generated/rust beside crates.io async-openai 0.43.0 (its realtime types; pinned by
tests/interop/rust/Cargo.lock), for every valid vector of the client-secret and translation shapes:
async-openai reads the payload and our crate's serialisation of it, writes back what it read from
ours unchanged, and our crate reads its serialisation back to the same JSON; every place where it
does not is listed with its reason in tests/interop/README.md. async-openai's GA request and
response types go one way only (Serialize / Deserialize), so for those its `Session` is what goes
both ways."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import IN_CI, REPO, all_vectors
from tests.interop.test_python_sdks import known

pytestmark = pytest.mark.interop

CRATE = REPO / "tests" / "interop" / "rust"
# the target dir every Rust build of the suite shares: serde, serde_derive and serde_json (the
# versions this Cargo.lock pins are the driver's) compile once a run
TARGET = REPO / ".cache" / "cargo-target"
SHAPES = (
    "RealtimeClientSecretCreateRequest",
    "RealtimeClientSecretCreateResponse",
    "RealtimeTranslationClientSecretCreateRequest",
    "RealtimeTranslationClientSecretCreateResponse",
)


def _vectors():
    return [v for v in all_vectors() if v.namespace == "openai" and v.name in SHAPES and v.expect == "valid"]


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    if shutil.which("cargo") is None:
        message = "cargo is missing: the Rust interop program cannot be built"
        pytest.fail(message, pytrace=False) if IN_CI else pytest.skip(message)
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGET))
    # --locked: the committed Cargo.lock pins async-openai and everything it brings
    subprocess.run(["cargo", "build", "--locked", "--quiet"], cwd=CRATE, env=env, check=True)
    vectors = _vectors()
    text = "".join(json.dumps({"shape": v.name, "json": json.loads(v.text())}) + "\n" for v in vectors)
    done = subprocess.run(
        [str(TARGET / "debug" / "shapegen-interop-rust")], input=text, capture_output=True, text=True, check=True
    )
    return {v.id: json.loads(line) for v, line in zip(vectors, done.stdout.splitlines(), strict=True)}


def _tried(results):
    return {vid: r for vid, r in results.items() if "skipped" not in r}


def test_our_crate_reads_every_valid_vector(results):
    assert {vid: r["error"] for vid, r in results.items() if "error" in r} == {}


def test_async_openai_reads_our_serialisation_where_it_reads_the_payload(results):
    # our serialisation of a valid payload is the payload as JSON (the conformance matrix holds every
    # language to that), so async-openai's verdict on both is the same, save where the spelling of a
    # number differs (a whole float written back as an integer)
    differ = {vid for vid, r in _tried(results).items() if r["theirs_reads"] != r["ours_read_by_theirs"]}
    assert differ == set(known("rust", "read-ours"))


def test_async_openai_reads_the_payloads_except_where_the_table_says(results):
    rejected = {vid for vid, r in _tried(results).items() if not r["theirs_reads"]}
    assert rejected == set(known("rust", "read"))


def test_round_trips_through_async_openai_differ_only_where_the_table_says(results):
    differ = {
        vid
        for vid, r in _tried(results).items()
        if r["ours_read_by_theirs"] and not (r["theirs_rewrites"] and r["ours_reads_theirs"])
    }
    assert differ == set(known("rust", "round-trip"))
