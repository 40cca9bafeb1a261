"""Every generated crate (generated/rust, tests/golden/*/expected/rust, the behaviour fixture)
compiles, passes clippy with -D warnings and is already rustfmt-formatted."""

from __future__ import annotations

import subprocess

from tests.rust import crates


def test_generated_crates_compile_and_pass_clippy_with_deny_warnings(workspace):
    # clippy is `cargo check` plus its lints: a member that does not compile fails here, with rustc's
    # error, before any lint (a separate `cargo build --workspace` compiled every crate a second
    # time, to machine code nobody runs; the crates that run are built by test_runtime and the drivers)
    done = crates.cargo(["clippy", "--workspace", "--quiet", "--", "-D", "warnings"], workspace)
    assert done.returncode == 0, done.stderr[-8000:]


def test_generated_code_is_already_rustfmt_formatted(all_crates, toolchain):
    files = [str(p) for crate in all_crates.values() for p in sorted(crate.rglob("*.rs")) if "target" not in p.parts]
    assert files
    done = subprocess.run(["rustfmt", "--check", "--edition", "2021", *files], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]
