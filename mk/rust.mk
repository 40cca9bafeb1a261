# Rust target: the toolchain its tests and conformance driver need, and its tests.
# Crates come from crates.io, pinned by templates/rust/driver/Cargo.lock (see .cargo/config.toml).

TOOLCHAINS += toolchain-rust
export CARGO_TARGET_DIR ?= $(CURDIR)/.cache/cargo-target
# test builds carry no debug info (tests/conftest.py sets the same): a third less to compile and link
export CARGO_PROFILE_DEV_DEBUG ?= 0
# nor an incremental cache: a test run builds each path crate once (tests/conftest.py sets the same)
export CARGO_INCREMENTAL ?= 0

.PHONY: toolchain-rust test-rust

toolchain-rust:
	@if ! command -v cargo >/dev/null 2>&1; then \
	  apt-get update && apt-get install -y cargo rustc; \
	fi
	@if command -v rustup >/dev/null 2>&1; then \
	  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy; \
	  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt; \
	else \
	  command -v cargo-clippy >/dev/null 2>&1 || (apt-get update && apt-get install -y rust-clippy); \
	  command -v rustfmt >/dev/null 2>&1 || (apt-get update && apt-get install -y rustfmt); \
	fi

test-rust: setup toolchain-rust
	$(PY) -m pytest -q tests/rust
