"""The Rust conformance driver: a small binary crate under `.cache/conformance/rust` that depends
on `generated/rust` by path (`templates/rust/driver/`: its `Cargo.toml`, its `main.rs` and the
`Cargo.lock` that pins serde, serde_json and regress). It reads `{"shape": "ns:Name", "text":
"<payload>"}` lines on stdin and prints one JSON result per line (see `main.rs.j2`).

The binary is built once and rebuilt only when the generated sources, the dispatch table or the
lock file change (a hash of all of them is kept beside it). Cargo resolves from crates.io with the
committed lock file, and the target directory is shared (`CARGO_TARGET_DIR`, by default
`.cache/cargo-target`), so the dependencies compile once for every Rust test and driver.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from generator.config import Config
from generator.errors import ShapegenError
from generator.pipeline import load_model
from generator.targets import rust as target

LOCK_FILE = target.DRIVER_TEMPLATES / "Cargo.lock"


def _source_hash(crate: Path, extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for path in sorted(
        p
        for p in crate.rglob("*")
        if p.is_file() and (p.suffix == ".rs" or p.name == "Cargo.toml") and "target" not in p.parts
    ):
        h.update(path.relative_to(crate).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def target_dir(config: Config) -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR") or config.cache_dir / "cargo-target")


def build(config: Config) -> Path:
    """The driver binary, built if the generated crate, the dispatch table or the lock changed."""
    crate = config.output / "rust"
    if not (crate / "Cargo.toml").is_file():
        raise ShapegenError(f"{crate} has no Cargo.toml", hint="run 'shapegen generate --target rust' first")
    model, _ = load_model(config)
    files = target.driver_files(model, crate.resolve(), target.crate_name(config.options))
    lock = LOCK_FILE.read_text(encoding="utf-8")
    home = config.cache_dir / "conformance" / "rust"
    # the project's own copy: the target dir may be shared with other projects' drivers
    # (CARGO_TARGET_DIR), where a build for one of them replaces target/debug/shapegen_conformance
    binary = home / "shapegen_conformance"
    stamp = home / "shapegen_conformance.sha256"
    digest = _source_hash(crate, "".join(files.values()) + lock)
    if binary.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return binary
    targets = target_dir(config)
    targets.mkdir(parents=True, exist_ok=True)
    # one build at a time in a target dir, from this project's sources to its copy of the binary
    with open(targets / ".shapegen-conformance.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if binary.is_file() and stamp.is_file() and stamp.read_text() == digest:
            return binary
        for rel, text in files.items():
            (home / rel).parent.mkdir(parents=True, exist_ok=True)
            (home / rel).write_text(text, encoding="utf-8")
        (home / "Cargo.lock").write_text(lock, encoding="utf-8")
        env = dict(os.environ, CARGO_TARGET_DIR=str(targets), CARGO_TERM_COLOR="never")
        try:
            done = subprocess.run(["cargo", "build", "--quiet"], cwd=home, env=env, capture_output=True, text=True)
        except FileNotFoundError:
            raise ShapegenError("cargo is not installed", hint="install Rust with cargo (https://rustup.rs)") from None
        if done.returncode != 0:
            raise ShapegenError(
                f"building the Rust conformance driver failed:\n{done.stderr[-6000:]}",
                hint="run 'shapegen generate --target rust', then again (cargo needs crates.io or its cache)",
            )
        staged = binary.with_name(binary.name + ".new")
        shutil.copy2(targets / "debug" / "shapegen_conformance", staged)
        os.replace(staged, binary)
        stamp.write_text(digest, encoding="utf-8")
    return binary


def run(config: Config, items: list[tuple[str, str]]) -> list[dict]:
    binary = build(config)
    request = "".join(json.dumps({"shape": shape, "text": text}) + "\n" for shape, text in items)
    done = subprocess.run([str(binary)], input=request, capture_output=True, text=True)
    if done.returncode != 0:
        raise ShapegenError(f"the Rust conformance driver failed:\n{done.stderr[-4000:]}")
    # split on \n only: str.splitlines would also split at a U+2028 inside a JSON string
    results = [json.loads(line) for line in done.stdout.split("\n") if line.strip()]
    if len(results) != len(items):
        raise ShapegenError(f"the Rust conformance driver answered {len(results)} of {len(items)} payloads")
    return results
