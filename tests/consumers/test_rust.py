"""The Rust consumer (tests/consumers/rust): a binary crate depending on generated/rust by path, as
its users do, linted with `cargo clippy -- -D warnings` and run. It also checks that
`cargo package --allow-dirty --no-verify` packs the generated crate."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import GENERATED
from tests.rust import crates

CONSUMER = Path(__file__).resolve().parent / "rust"


def _consumer(tmp_path: Path) -> Path:
    dest = tmp_path / "consumer"
    shutil.copytree(CONSUMER, dest, ignore=shutil.ignore_patterns("target", "Cargo.lock"))
    manifest = dest / "Cargo.toml"
    path = (GENERATED / "rust").resolve().as_posix()
    manifest.write_text(manifest.read_text().replace('path = "../../../generated/rust"', f'path = "{path}"'))
    # the versions every build in this repository resolves to
    shutil.copy(crates.LOCK_FILE, dest / "Cargo.lock")
    return dest


def test_a_path_dependency_builds_a_clippy_clean_consumer_that_runs(tmp_path):
    crates.ensure_toolchain()
    consumer = _consumer(tmp_path)
    env = crates.cargo_env()
    linted = subprocess.run(
        ["cargo", "clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
        cwd=consumer,
        env=env,
        capture_output=True,
        text=True,
    )
    assert linted.returncode == 0, linted.stderr[-5000:]
    ran = subprocess.run(["cargo", "run", "--quiet"], cwd=consumer, env=env, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr[-5000:]
    assert ran.stdout.splitlines()[-1] == "rust consumer: ok"
    assert "ek_consumer_secret" not in ran.stdout


def test_cargo_packages_the_generated_crate(tmp_path):
    crates.ensure_toolchain()
    crate = tmp_path / "realtime_shapes"
    shutil.copytree(GENERATED / "rust", crate, ignore=shutil.ignore_patterns("target", "Cargo.lock"))
    shutil.copy(crates.LOCK_FILE, crate / "Cargo.lock")
    packed = subprocess.run(
        ["cargo", "package", "--allow-dirty", "--no-verify", "--list"],
        cwd=crate,
        env=crates.cargo_env(),
        capture_output=True,
        text=True,
    )
    assert packed.returncode == 0, packed.stderr[-3000:]
    assert {"Cargo.toml", "src/lib.rs", "src/runtime.rs"} <= set(packed.stdout.split())
