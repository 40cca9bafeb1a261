"""Building generated crates for the Rust tests: render, copy into one cargo workspace under
.cache/rust-tests (so nothing is written beside generated/ or the golden outputs), build once."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
CACHE = REPO / ".cache"
TARGET_DIR = CACHE / "cargo-target"
WORKSPACE = CACHE / "rust-tests"
CARGO_CONFIG = REPO / ".cargo" / "config.toml"


def toolchain_missing() -> list[str]:
    missing = []
    if not glob.glob("/usr/share/cargo/registry/serde-1*"):
        missing.append("serde crates")
    for tool in ("cargo", "rustfmt", "cargo-clippy"):
        if shutil.which(tool) is None:
            missing.append(tool)
    return missing


def ensure_toolchain() -> None:
    """Install what is missing with the make fragment's own recipe (`make toolchain-rust`)."""
    if toolchain_missing():
        subprocess.run(["make", "-s", "toolchain-rust"], cwd=REPO, check=True)


def cargo_env() -> dict[str, str]:
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = str(TARGET_DIR)
    env.setdefault("CARGO_TERM_COLOR", "never")
    return env


def crate_dirs() -> dict[str, Path]:
    """Every generated Rust crate of the repository: generated/rust and the golden outputs."""
    out = {}
    if (REPO / "generated" / "rust" / "Cargo.toml").is_file():
        out["generated"] = REPO / "generated" / "rust"
    for path in sorted(REPO.glob("tests/golden/*/expected/rust/Cargo.toml")):
        out["golden_" + path.parent.parent.parent.name] = path.parent
    return out


def write_files(dest: Path, files: dict[str, str]) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    for rel, text in files.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")


def copy_crate(src: Path, dest: Path, package: str) -> None:
    files = {
        p.relative_to(src).as_posix(): p.read_text(encoding="utf-8")
        for p in src.rglob("*")
        if p.is_file() and (p.name == "Cargo.toml" or p.suffix == ".rs") and "target" not in p.parts
    }
    files["Cargo.toml"] = files["Cargo.toml"].replace('name = "realtime_shapes"', f'name = "{package}"', 1)
    write_files(dest, files)


def workspace(crates: dict[str, Path]) -> Path:
    """A cargo workspace under .cache/rust-tests with a copy of each crate as a member."""
    WORKSPACE.mkdir(parents=True, exist_ok=True)
    for old in WORKSPACE.iterdir():
        if old.is_dir() and old.name not in crates and old.name not in (".cargo",):
            shutil.rmtree(old)
    for name, src in crates.items():
        copy_crate(src, WORKSPACE / name, name)
    members = ", ".join(f'"{n}"' for n in sorted(crates))
    (WORKSPACE / "Cargo.toml").write_text(f'[workspace]\nresolver = "2"\nmembers = [{members}]\n', encoding="utf-8")
    (WORKSPACE / ".cargo").mkdir(exist_ok=True)
    shutil.copy(CARGO_CONFIG, WORKSPACE / ".cargo" / "config.toml")
    return WORKSPACE


def cargo(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(["cargo", *args], cwd=cwd, env=cargo_env(), capture_output=True, text=True, timeout=timeout)
