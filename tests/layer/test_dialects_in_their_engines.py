"""Each dialect's translation, run by that dialect's own engine, gives ECMA-262's verdict (which
node's RegExp with the `u` flag is): Python `re` on `python_re()`, .NET's Regex (mono) on
`dotnet()`, the regress crate (Rust) on `regress()` with `REGRESS_FLAGS`. Each engine is started
once for every case."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.layer.patterns import Pattern
from tests.conftest import IN_CI, REPO

PROGRAMS = Path(__file__).resolve().parent / "programs"
CACHE = REPO / ".cache" / "layer-tests"

TUNNEL = "tunnel_" + "a" * 32
CASES = [
    ("^tunnel_[a-z0-9]{32}$", [TUNNEL, TUNNEL + "\n", " " + TUNNEL, TUNNEL + "😀", "tunnel_" + "١" * 32]),
    ("^\\d+$", ["123", "١٢٣", "12\n"]),
    ("^.$", ["a", "😀", "\n", "\u2028", "ab"]),
    ("^[^a]$", ["😀", "a", "b"]),
    ("^[\\u{1F600}-\\u{1F64F}]+$", ["😀😁", "😀a", "🙏"]),
    ("^\\w+\\b", ["abc def", "é", "_x"]),
    ("^\\s*$", ["\ufeff\u00a0 ", "\u0085", "\t\n"]),
    ("\\bfoo\\b", ["a foo b", "afoo", "éfooé"]),
    ("^(?<x>ab)\\k<x>$", ["abab", "abba"]),
    ("^[A-Za-z0-9_.-]+$", ["a.b-c_d", "a b", "a\n"]),
    ("^\\p{Lu}\\p{Ll}+$", ["Émile", "émile", "Ab"]),
    ("^a{2,3}?$", ["aa", "aaa", "aaaa"]),
    ("(?<=\\$)\\d+", ["$42", "42"]),
]
PAIRS = [(p, v) for p, values in CASES for v in values]


def _ecma_verdicts() -> list[bool]:
    if shutil.which("node") is None:
        pytest.skip("node is not installed") if not IN_CI else pytest.fail("node is missing in CI")
    text = "".join(json.dumps([p, v]) + "\n" for p, v in PAIRS)
    out = subprocess.run(
        ["node", str(PROGRAMS / "ecma_match.mjs")], input=text, capture_output=True, text=True, check=True
    )
    return [line == "1" for line in out.stdout.split()]


@pytest.fixture(scope="module")
def ecma() -> list[bool]:
    return _ecma_verdicts()


def test_python_re_translation_gives_ecma_verdicts(ecma):
    python = [re.search(Pattern(p).python_re(), v) is not None for p, v in PAIRS]
    wrong = [(p, v, e) for (p, v), got, e in zip(PAIRS, python, ecma) if got != e]
    assert not wrong


def test_ecma_dialect_is_the_source_node_reads(ecma):
    assert all(Pattern(p).ecma() == p for p, _ in PAIRS) and len(ecma) == len(PAIRS)


@pytest.fixture(scope="module")
def dotnet_exe() -> Path:
    missing = [tool for tool in ("mcs", "mono") if shutil.which(tool) is None]
    if missing:
        if IN_CI:
            pytest.fail(f"{', '.join(missing)} missing in CI (make toolchain-csharp installs them)")
        pytest.skip(f"{', '.join(missing)} not installed (make toolchain-csharp)")
    CACHE.mkdir(parents=True, exist_ok=True)
    exe = CACHE / "DotnetMatch.exe"
    source = PROGRAMS / "DotnetMatch.cs"
    if not exe.is_file() or exe.stat().st_mtime < source.stat().st_mtime:
        subprocess.run(["mcs", "-nologo", f"-out:{exe}", str(source)], check=True, capture_output=True)
    return exe


def test_dotnet_translation_gives_ecma_verdicts_in_dotnet(dotnet_exe, ecma):
    def b64(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    lines = "".join(f"{b64(Pattern(p).dotnet())}\t{b64(v)}\n" for p, v in PAIRS)
    out = subprocess.run(["mono", str(dotnet_exe)], input=lines, capture_output=True, text=True, check=True)
    dotnet = [line == "1" for line in out.stdout.split()]
    wrong = [(p, Pattern(p).dotnet(), v, e) for (p, v), got, e in zip(PAIRS, dotnet, ecma) if got != e]
    assert not wrong


@pytest.fixture(scope="module")
def regress_exe() -> Path:
    if shutil.which("cargo") is None:
        if IN_CI:
            pytest.fail("cargo missing in CI (make toolchain-rust installs it)")
        pytest.skip("cargo not installed (make toolchain-rust)")
    home = CACHE / "regress_match"
    shutil.copytree(PROGRAMS / "regress_match", home, dirs_exist_ok=True)
    shutil.copy(REPO / "templates" / "rust" / "driver" / "Cargo.lock", home / "Cargo.lock")
    target = REPO / ".cache" / "cargo-target"
    done = subprocess.run(
        ["cargo", "build", "--quiet"],
        cwd=home,
        env={**os.environ, "CARGO_TARGET_DIR": str(target)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return target / "debug" / "regress_match"


def test_regress_dialect_gives_ecma_verdicts_in_regress(regress_exe, ecma):
    from generator.layer.patterns import REGRESS_FLAGS

    assert REGRESS_FLAGS == "u"  # what the program passes
    text = "".join(json.dumps([Pattern(p).regress(), v]) + "\n" for p, v in PAIRS)
    out = subprocess.run([str(regress_exe)], input=text, capture_output=True, text=True, check=True)
    got = [line == "1" for line in out.stdout.split()]
    wrong = [(p, v, e) for (p, v), g, e in zip(PAIRS, got, ecma) if g != e]
    assert not wrong
