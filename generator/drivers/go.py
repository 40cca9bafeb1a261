"""The Go conformance driver: a small `main` package under `.cache/conformance/go` whose module
requires the generated module (`generated/go`) through a `replace` directive
(templates/go/driver/main.go.j2). It reads `{"shape": "ns:Name", "text": "<payload>"}` lines on
stdin, reads each text strictly into the generated type (`wire.Unmarshal`, or `Parse<Union>`),
runs `Validate()`, and prints one JSON result per line.

The binary is built once and rebuilt only when the generated sources or the driver change (a hash
of both is kept beside it). The generated module needs nothing outside Go's standard library, so
the build never reaches the network.

`go_binary()` finds Go: `go` on PATH, else `/usr/local/go/bin/go` (where mk/go.mk installs it).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from generator.config import Config
from generator.errors import ShapegenError
from generator.pipeline import load_model
from generator.targets import go as target

FALLBACK_GO = Path("/usr/local/go/bin/go")


def go_binary() -> str:
    found = shutil.which("go")
    if found:
        return found
    if FALLBACK_GO.is_file():
        return str(FALLBACK_GO)
    raise ShapegenError("go is not installed", hint="run 'make toolchain-go'")


def go_env(config: Config) -> dict[str, str]:
    """The environment every Go command runs in: module mode, no network, caches under .cache
    unless the user has their own."""
    env = dict(os.environ, GOFLAGS="-mod=mod", GOTOOLCHAIN="local", GOPROXY="off")
    env.setdefault("GOCACHE", str(config.cache_dir / "go-build"))
    env.setdefault("GOPATH", str(config.cache_dir / "gopath"))
    return env


def _source_hash(module: Path, extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for path in sorted(p for p in module.rglob("*") if p.is_file() and (p.suffix == ".go" or p.name == "go.mod")):
        h.update(path.relative_to(module).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def build(config: Config) -> Path:
    """The driver binary, built if the generated module or the driver changed."""
    module = (config.output / "go").resolve()
    if not (module / "go.mod").is_file():
        raise ShapegenError(f"{module} has no go.mod", hint="run 'shapegen generate --target go' first")
    model, _ = load_model(config)
    path = target.module_path(config.options)
    main = target.driver_source(model, path)
    gomod = f"module shapegen.local/conformance\n\ngo {target.GO_VERSION}\n\nrequire {path} v0.0.0\n\nreplace {path} => {module}\n"
    home = config.cache_dir / "conformance" / "go"
    binary = home / "driver"
    stamp = home / "driver.sha256"
    digest = _source_hash(module, main + gomod)
    if binary.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return binary
    home.mkdir(parents=True, exist_ok=True)
    (home / "main.go").write_text(main, encoding="utf-8")
    (home / "go.mod").write_text(gomod, encoding="utf-8")
    done = subprocess.run(
        [go_binary(), "build", "-o", str(binary), "."], cwd=home, env=go_env(config), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise ShapegenError(
            f"building the Go conformance driver failed:\n{done.stderr[-6000:]}",
            hint="run 'make toolchain-go', then 'shapegen generate --target go'",
        )
    stamp.write_text(digest, encoding="utf-8")
    return binary


def run(config: Config, items: list[tuple[str, str]]) -> list[dict]:
    binary = build(config)
    request = "".join(json.dumps({"shape": shape, "text": text}) + "\n" for shape, text in items)
    done = subprocess.run([str(binary)], input=request, capture_output=True, text=True)
    if done.returncode != 0:
        raise ShapegenError(f"the Go conformance driver failed:\n{done.stderr[-4000:]}")
    # split on \n only: str.splitlines would also split at a U+2028 inside a JSON string
    results = [json.loads(line) for line in done.stdout.split("\n") if line.strip()]
    if len(results) != len(items):
        raise ShapegenError(f"the Go conformance driver answered {len(results)} of {len(items)} payloads")
    return results
