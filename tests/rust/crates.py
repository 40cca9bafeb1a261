"""Building generated crates for the Rust tests: render, copy into one cargo workspace under
.cache/rust-tests (so nothing is written beside generated/ or the golden outputs), build once.

Dependencies resolve from crates.io, pinned by the conformance driver's lock file
(templates/rust/driver/Cargo.lock), and every build shares one target directory.

For other tests (the real-spec test): `check_crate(files)` writes a rendered crate under .cache and
runs `cargo check` on it, returning cargo's result.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from generator.identity import Identity

from generator.targets import rust as target
from tests.golden import golden

REPO = Path(__file__).resolve().parent.parent.parent
CACHE = REPO / ".cache"
TARGET_DIR = CACHE / "cargo-target"
WORKSPACE = CACHE / "rust-tests"
# the two crates that take minutes of one rustc (tests/rust/test_scale.py's deep and wide crate, the
# vendor spec's crate in tests/realspec) share a target dir of their own: cargo holds a target dir
# for a whole build, so in the shared one they would hold up every other Rust build of the run, and
# sharing theirs, serde, serde_json and regress are checked once for both, not once each
LARGE_TARGET_DIR = CACHE / "cargo-target-large"
LOCK_FILE = target.DRIVER_TEMPLATES / "Cargo.lock"
RUNTIME_TESTS = Path(__file__).resolve().parent / "runtime_tests.rs"
API_TESTS = Path(__file__).resolve().parent / "api_tests.rs"


def toolchain_missing() -> list[str]:
    return [tool for tool in ("cargo", "rustfmt", "cargo-clippy") if shutil.which(tool) is None]


def ensure_toolchain() -> None:
    """Install what is missing with the make fragment's own recipe (`make toolchain-rust`)."""
    if toolchain_missing():
        subprocess.run(["make", "-s", "toolchain-rust"], cwd=REPO, check=True)


def cargo_env(target_dir: Path = TARGET_DIR) -> dict[str, str]:
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = str(target_dir)
    env.setdefault("CARGO_TERM_COLOR", "never")
    return env


def crate_dirs() -> dict[str, Path]:
    """Every generated Rust crate of the repository: generated/rust and the golden outputs."""
    out = {}
    if (REPO / "generated" / "rust" / "Cargo.toml").is_file():
        out["generated"] = REPO / "generated" / "rust"
    for case, crate in golden.packages("rust").items():
        out["golden_" + case] = crate
    return out


def write_files(dest: Path, files: dict[str, str]) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    for rel, text in files.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")


def read_crate(src: Path) -> dict[str, str]:
    return {
        p.relative_to(src).as_posix(): p.read_text(encoding="utf-8")
        for p in src.rglob("*")
        if p.is_file() and (p.name == "Cargo.toml" or p.suffix == ".rs") and "target" not in p.parts
    }


def renamed(files: dict[str, str], package: str) -> dict[str, str]:
    files = dict(files)
    # the [package] name, whatever the project called its crate
    files["Cargo.toml"] = re.sub(r'(?m)^name = "[^"]*"$', f'name = "{package}"', files["Cargo.toml"], count=1)
    return files


def runtime_test_crate() -> dict[str, str]:
    """The runtime module (templates/rust/runtime.rs) as a crate of its own, with its tests."""
    manifest = (
        target._env()
        .get_template("Cargo.toml.j2")
        .render(
            crate="runtime_tests",
            version="0.1.0",
            project=Identity(name="runtime_tests", title="runtime tests", description="The Rust runtime's own tests"),
        )
    )
    return {
        "Cargo.toml": manifest.replace("[lib]\n", '[lib]\npath = "src/runtime.rs"\n', 1),
        "src/runtime.rs": target.RUNTIME.read_text(encoding="utf-8"),
        "tests/runtime.rs": RUNTIME_TESTS.read_text(encoding="utf-8"),
    }


def api_test_crate() -> dict[str, str]:
    """Tests of the generated API as a user calls it, against the behaviour fixture's crate."""
    manifest = (
        '[package]\nname = "api_tests"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n'
        '[dependencies]\nfixture = { path = "../fixture" }\nserde_json = "1.0.87"\n'
    )
    return {"Cargo.toml": manifest, "src/lib.rs": "", "tests/api.rs": API_TESTS.read_text(encoding="utf-8")}


def workspace(crates: dict[str, Path]) -> Path:
    """A cargo workspace under .cache/rust-tests with a copy of each crate as a member, and the
    runtime's own test crate (member `runtime_tests`) and, beside the behaviour fixture, the API
    tests (member `api_tests`)."""
    WORKSPACE.mkdir(parents=True, exist_ok=True)
    members = {name: renamed(read_crate(src), name) for name, src in crates.items()}
    members["runtime_tests"] = runtime_test_crate()
    if "fixture" in members:
        members["api_tests"] = api_test_crate()
    for old in WORKSPACE.iterdir():
        if old.is_dir() and old.name not in members:
            shutil.rmtree(old)
    for name, files in members.items():
        write_files(WORKSPACE / name, files)
    names = ", ".join(f'"{n}"' for n in sorted(members))
    (WORKSPACE / "Cargo.toml").write_text(f'[workspace]\nresolver = "2"\nmembers = [{names}]\n', encoding="utf-8")
    # the pinned versions; cargo adds the members' own entries to this copy
    shutil.copy(LOCK_FILE, WORKSPACE / "Cargo.lock")
    return WORKSPACE


def cargo(args: list[str], cwd: Path, timeout: int = 900, target_dir: Path = TARGET_DIR) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["cargo", *args], cwd=cwd, env=cargo_env(target_dir), capture_output=True, text=True, timeout=timeout
    )


def check_crate(
    files: dict[str, str], name: str = "real_spec", clippy: bool = False, large: bool = False
) -> subprocess.CompletedProcess:
    """Write the rendered crate `files` ({path: text}, as the rust target returns them) to
    .cache/rust-crates/<name>, pinned by the driver's lock file, and run `cargo check` (or
    `cargo clippy -- -D warnings`) on it with the shared target directory, or, for a crate that
    takes minutes (`large`), with LARGE_TARGET_DIR."""
    dest = CACHE / "rust-crates" / name
    files = dict(files)
    files["Cargo.toml"] = files["Cargo.toml"] + "\n[workspace]\n"
    write_files(dest, files)
    shutil.copy(LOCK_FILE, dest / "Cargo.lock")
    args = ["clippy", "--quiet", "--", "-D", "warnings"] if clippy else ["check", "--quiet"]
    return cargo(args, dest, timeout=1800, target_dir=LARGE_TARGET_DIR if large else TARGET_DIR)
