"""The Rust runtime module's own tests (tests/rust/runtime_tests.rs), run with `cargo test` on the
runtime as a crate of its own, in the shared test workspace."""

from __future__ import annotations

from tests.rust import crates


def test_runtime_passes_its_own_cargo_tests(workspace):
    done = crates.cargo(["test", "--quiet", "-p", "runtime_tests"], workspace)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-6000:]
    assert " 0 failed" in done.stdout and "test result: ok" in done.stdout


def test_generated_api_passes_its_cargo_tests(workspace):
    done = crates.cargo(["test", "--quiet", "-p", "api_tests"], workspace)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-6000:]
    assert " 0 failed" in done.stdout and "test result: ok" in done.stdout
