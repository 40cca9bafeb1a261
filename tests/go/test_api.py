"""The generated packages used from Go the way a service uses them (tests/go/api/api_test.go):
three states, strict reading with pointers, Extra and unknown variants kept, Validate, natural
constructors, an error about a secret that does not quote it (redaction itself is specified for
every language in tests/every_language). Runs `go test` in a module that requires generated/go
by a `replace` directive."""

from __future__ import annotations

import shutil
import subprocess

from generator.config import load_config
from generator.layer.secrets import REDACTED
from generator.targets import go as target
from tests.conftest import GENERATED, REPO

HERE = REPO / "tests" / "go"


def test_the_runtime_prints_the_layers_redaction_marker():
    text = target.RUNTIME.read_text(encoding="utf-8")
    assert f'const Redacted = "{REDACTED}"' in text


def test_generated_packages_behave_as_specified(go, go_env, tmp_path):
    module = target.module_path(load_config(REPO).options)
    work = tmp_path / "api"
    work.mkdir()
    shutil.copy(HERE / "api" / "api_test.go", work / "api_test.go")
    (work / "go.mod").write_text(
        f"module shapegen.local/apitest\n\ngo {target.GO_VERSION}\n\nrequire {module} v0.0.0\n\n"
        f"replace {module} => {(GENERATED / 'go').resolve()}\n"
    )
    done = subprocess.run([go, "test", "-count=1", "./..."], cwd=work, env=go_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-4000:]
