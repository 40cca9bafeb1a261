"""Interop with openai-go (github.com/openai/openai-go/v3, pinned by tests/go/interop/go.sum):
every valid client-secret vector, read by our Go package and written with json.Marshal, is read
by openai-go (`realtime.ClientSecretNewParams` for requests, `realtime.ClientSecretNewResponse`
for responses); what openai-go writes back (its MarshalJSON; a response type's RawJSON) is read
by ours, strictly and validated, and both must equal our serialisation as JSON.

The known differences are openai-go's, each listed with what it does; the list is strict: a
listed vector that comes to agree fails, so the list stays true."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from generator.config import load_config
from generator.conformance import json_equal
from generator.targets import go as target
from tests.conftest import GENERATED, REPO, Vector, project_vectors, require_shared, shared_vectors

HERE = REPO / "tests" / "go" / "interop"
OPENAI_GO = "v3.105.0"
SHAPES = ("openai:RealtimeClientSecretCreateRequest", "openai:RealtimeClientSecretCreateResponse")

# vector file stem -> what openai-go does to it
KNOWN_DIFFERENCES = {
    "client_secret_create_request_manual_turns_g711": "drops an explicit null (turn_detection: null turns detection off)",
    "client_secret_create_request_tracing_null": "drops explicit nulls (tracing, prompt)",
    "s2_request_input_features_null": "drops explicit nulls (transcription, noise_reduction, turn_detection)",
    "s2_transcription_request_nulls": "drops explicit nulls (transcription, noise_reduction, turn_detection)",
    "d1_expires_after_empty": "drops an empty object (expires_after: {})",
    "explicit_nulls_request_survive": "writes an MCP tool choice as {name: '', type: mcp}, losing server_label",
    "prompt_variables_content": "writes text: '' into input_file and input_image prompt variables",
    "d14_format_missing_type": "drops a union value written without its tag (an audio format whose type is absent)",
    "function_tool_missing_type": "drops a union value written without its tag (a tool whose type is absent)",
}

GO_MOD = """module shapegen.local/interop

go 1.26.0

require (
\t{module} v0.0.0
\tgithub.com/openai/openai-go/v3 {openai_go}
)

require (
\tgithub.com/coder/websocket v1.8.15 // indirect
\tgithub.com/tidwall/gjson v1.20.1 // indirect
\tgithub.com/tidwall/match v1.1.1 // indirect
\tgithub.com/tidwall/pretty v1.2.1 // indirect
\tgithub.com/tidwall/sjson v1.2.5 // indirect
)

replace {module} => {generated}
"""


def _vectors() -> list[Vector]:
    require_shared()
    return [v for v in shared_vectors() + project_vectors() if v.expect == "valid" and v.shape in SHAPES]


@pytest.fixture(scope="module")
def interop(go, go_env, tmp_path_factory):
    work = tmp_path_factory.mktemp("interop")
    module = target.module_path(load_config(REPO).options)
    shutil.copy(HERE / "main.go", work / "main.go")
    shutil.copy(HERE / "go.sum", work / "go.sum")
    (work / "go.mod").write_text(
        GO_MOD.format(module=module, openai_go=OPENAI_GO, generated=(GENERATED / "go").resolve())
    )
    # openai-go comes from the Go module proxy (or the module cache), checked against go.sum
    env = dict(go_env, GOFLAGS="-mod=readonly", GOPROXY=os.environ.get("GOPROXY", "https://proxy.golang.org"))
    env["GOTOOLCHAIN"] = "local"
    done = subprocess.run([go, "build", "-o", "interop", "."], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-4000:]
    return work / "interop"


def test_openai_go_and_ours_read_each_others_serialisation(interop):
    vectors = _vectors()
    assert len(vectors) > 20
    request = "".join(json.dumps({"shape": v.shape, "text": v.text()}) + "\n" for v in vectors)
    done = subprocess.run([str(interop)], input=request, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-4000:]
    results = [json.loads(line) for line in done.stdout.split("\n") if line.strip()]
    assert len(results) == len(vectors)
    differs, agrees = {}, []
    for v, r in zip(vectors, results):
        assert not r.get("error", "").startswith("ours:"), f"{v.id}: we reject a valid vector: {r['error']}"
        same = not r.get("error") and json_equal(r["theirs"], r["ours"]) and json_equal(r["back"], r["ours"])
        if same:
            agrees.append(v.file.stem)
        else:
            differs[v.file.stem] = r.get("error") or json.dumps(r.get("theirs"))[:300]
    unexpected = {k: why for k, why in differs.items() if k not in KNOWN_DIFFERENCES}
    assert not unexpected, json.dumps(unexpected, indent=1)
    resolved = [k for k in KNOWN_DIFFERENCES if k in agrees]
    assert not resolved, f"these now agree; take them off KNOWN_DIFFERENCES: {resolved}"
