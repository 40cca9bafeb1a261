"""Fixtures of the Rust tests: the toolchain (installed with `make toolchain-rust` when missing),
the behaviour fixture project generated under .cache, and one cargo workspace holding every
generated crate (generated/rust, the golden outputs, the fixture), built once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from tests.rust import crates

FIXTURE = Path(__file__).resolve().parent / "fixture"


@pytest.fixture(scope="session")
def toolchain() -> None:
    crates.ensure_toolchain()
    missing = crates.toolchain_missing()
    if missing:
        pytest.fail(
            f"the Rust toolchain is still missing after 'make toolchain-rust': {', '.join(missing)}", pytrace=False
        )
    os.environ["CARGO_TARGET_DIR"] = str(crates.TARGET_DIR)


@pytest.fixture(scope="session")
def fixture_project(toolchain) -> Path:
    """tests/rust/fixture copied to .cache/rust-fixture and generated there (never in the tree)."""
    dest = crates.CACHE / "rust-fixture"
    if dest.exists():
        for child in dest.iterdir():
            if child.name != ".cache":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURE / "schema", dest / "schema")
    shutil.copy(FIXTURE / "pyproject.toml", dest / "pyproject.toml")
    config = load_config(dest)
    pipeline.write(config, pipeline.build(config))
    return dest


@pytest.fixture(scope="session")
def fixture_config(fixture_project):
    return load_config(fixture_project)


@pytest.fixture(scope="session")
def all_crates(fixture_project) -> dict[str, Path]:
    found = crates.crate_dirs()
    found["fixture"] = fixture_project / "generated" / "rust"
    return found


@pytest.fixture(scope="session")
def workspace(all_crates) -> Path:
    return crates.workspace(all_crates)


@pytest.fixture(scope="session")
def roundtrip(fixture_config):
    from generator.drivers import rust

    def run(shape: str, text: str) -> dict:
        return rust.run(fixture_config, [(f"behaviour:{shape}", text)])[0]

    return run
