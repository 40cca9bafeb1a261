"""Building C# for the tests: mcs (C# 7.2, warnings as errors) under .cache/csharp-tests, so nothing
is written beside generated/ or the golden outputs. Every build is one mcs run."""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from generator.drivers.csharp import compile_command

REPO = Path(__file__).resolve().parent.parent.parent
CACHE = REPO / ".cache" / "csharp-tests"
RUNTIME = REPO / "templates" / "csharp" / "runtime"
PROGRAMS = Path(__file__).resolve().parent / "programs"


def toolchain_missing() -> list[str]:
    missing = [tool for tool in ("mcs", "mono") if shutil.which(tool) is None]
    if not list(Path("/usr/lib/mono/gac/Newtonsoft.Json").glob("*/Newtonsoft.Json.dll")):
        missing.append("Newtonsoft.Json")
    if not Path("/usr/lib/mono/4.5/System.ComponentModel.DataAnnotations.dll").is_file():
        missing.append("System.ComponentModel.DataAnnotations")
    return missing


def ensure_toolchain() -> None:
    """Install what is missing with the make fragment's own recipe (`make toolchain-csharp`)."""
    if toolchain_missing():
        subprocess.run(["make", "-s", "toolchain-csharp"], cwd=REPO, check=True)


@dataclass(frozen=True)
class Built:
    path: Path
    output: str
    returncode: int
    seconds: float


def compile_sources(name: str, sources: list[Path], library: bool = False, doc: bool = False) -> Built:
    """One mcs run; with `doc`, the XML documentation file is written too, and mcs checks that
    every doc comment is well-formed XML (CS1570 and friends are errors here)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / (name + (".dll" if library else ".exe"))
    extra = (f"-doc:{CACHE / (name + '.xml')}", "-nowarn:1591") if doc else ()
    start = time.perf_counter()
    done = subprocess.run(compile_command(out, sources, library=library, extra=extra), capture_output=True, text=True)
    return Built(out, done.stdout + done.stderr, done.returncode, time.perf_counter() - start)


def namespace_sources(project: Path) -> list[Path]:
    """A generated project's own files, without its copy of the runtime."""
    return sorted(p for p in project.rglob("*.cs") if p.relative_to(project).parts[0] != "Runtime")


def runtime_sources() -> list[Path]:
    return sorted(RUNTIME.glob("*.cs"))


def run(exe: Path, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(["mono", str(exe)], input=stdin, capture_output=True, text=True, encoding="utf-8")


def write_project(dest: Path, files: dict[str, str]) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    for rel, text in files.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")
    return dest
