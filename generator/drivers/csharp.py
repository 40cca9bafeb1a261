"""The C# conformance driver: generated/csharp compiled with mcs together with
templates/csharp/driver/Driver.cs and a generated dispatch table into one executable under
.cache/conformance/csharp, run under mono. It reads `{"shape": "ns:Name", "text": "<payload>"}`
lines on stdin and answers one JSON line each (see Driver.cs).

The executable is built once and rebuilt when the generated sources, Driver.cs or the dispatch
table change. The cache is in the checkout, so it is verified, never trusted: the stamp beside
the executable records the hash of those inputs and the seal of the executable shapegen built
(its bytes and the inode and change time the file system gave it; `generator.output.cache`). An
executable that came with the checkout (committed or unpacked, with or without a stamp) never
matches its seal, and is rebuilt before anything runs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator import ir
from generator.config import Config
from generator.errors import ShapegenError
from generator.output import cache
from generator.pipeline import load_model
from generator.code import Code, verbatim
from generator.targets import csharp as target
from generator.templating import TEMPLATES_ROOT

DRIVER_DIR = TEMPLATES_ROOT / "csharp" / "driver"
NEWTONSOFT_GLOB = "/usr/lib/mono/gac/Newtonsoft.Json/*/Newtonsoft.Json.dll"
REFERENCES = ("System.Runtime.Serialization", "System.Numerics", "System.ComponentModel.DataAnnotations")


@dataclass(frozen=True)
class Entry:
    key: str
    read: Code
    write: Code
    validate: Code


def entries(model: ir.Model, root: str) -> list[Entry]:
    """One dispatch entry per shape: how to read, write and validate it (C# code, built as the
    target builds its own: `generator.code`)."""
    out = []
    cs = target.CS
    for ns in model.namespaces:
        ctx = target.context(ns, root)
        for shape in ns.shapes:
            q = ctx.qualified(shape.name)
            key = f"{ns.name}:{shape.name}"
            if isinstance(shape, ir.Enum) and not shape.open:
                out.append(Entry(key, cs("WireEnum.Read<{q}>(t, a)", q=q), cs("WireEnum.ToJson(v)"), verbatim("{ }")))
            elif isinstance(shape, ir.Alias):
                out.append(
                    Entry(
                        key,
                        cs("{q}.Read(t, a)", q=q),
                        cs("{q}.ToJson(v, false)", q=q),
                        cs("{q}.ValidateInto(v, a, e)", q=q),
                    )
                )
            else:
                out.append(Entry(key, cs("{q}.Read(t, a)", q=q), cs("v.ToJson(false)"), cs("v.ValidateInto(a, e)")))
    return out


def dispatch_source(model: ir.Model, root: str) -> str:
    return str(target.code_env().get_template("driver/Dispatch.cs.j2").render(entries=entries(model, root)))


def newtonsoft() -> Path:
    found = sorted(Path("/").glob(NEWTONSOFT_GLOB.lstrip("/")))
    if not found:
        raise ShapegenError(
            "Newtonsoft.Json is not installed for mono",
            hint="install it for mono (Debian/Ubuntu: apt-get install libnewtonsoft-json-cil-dev)",
        )
    return found[-1]


def compile_command(out: Path, sources: list[Path], library: bool = False, extra: tuple[str, ...] = ()) -> list[str]:
    """The mcs command line every C# build of the project uses (C# 7.2, warnings are errors)."""
    return [
        "mcs",
        "-langversion:7.2",
        "-nologo",
        "-warnaserror+",
        "-target:library" if library else "-target:exe",
        f"-out:{out}",
        f"-r:{newtonsoft()}",
        *[f"-r:{r}" for r in REFERENCES],
        *extra,
        *[str(s) for s in sources],
    ]


def _sources(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*.cs") if "bin" not in p.parts and "obj" not in p.parts)


def build(config: Config) -> Path:
    """The driver executable, built if the generated project or the dispatch table changed."""
    project = config.output / "csharp"
    if not any(project.glob("*.csproj")):
        raise ShapegenError(f"{project} has no .csproj", hint="run 'shapegen generate --target csharp' first")
    model, _ = load_model(config)
    root = target.root_namespace(config.options.get("csharp", {}))
    dispatch = dispatch_source(model, root)
    driver = (DRIVER_DIR / "Driver.cs").read_text(encoding="utf-8")
    home = cache.folder(config, "conformance", "csharp")
    if home is None:
        raise ShapegenError(
            f"{config.cache_dir / 'conformance' / 'csharp'} is not a folder shapegen can use "
            "(a symbolic link on the way, outside the project, or not writable)",
            hint="remove the link (or the file in its place) under the project's .cache folder",
        )
    exe = home / "driver.exe"
    stamp = home / "driver.exe.stamp"
    digest = hashlib.sha256((dispatch + "\0" + driver).encode())
    for path in _sources(project):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    recorded = cache.read_json(stamp)
    if isinstance(recorded, dict) and recorded.get("inputs") == digest.hexdigest():
        if cache.sealed(exe, recorded.get("exe")):
            return exe
    for stale in (exe, stamp, home / "driver.exe.sha256"):
        if os.path.lexists(stale):
            stale.unlink()
    cache.write_atomically(home / "Dispatch.cs", dispatch.encode("utf-8"))
    cache.write_atomically(home / "Driver.cs", driver.encode("utf-8"))
    if shutil.which("mcs") is None:
        raise ShapegenError(
            "mcs (mono) is not installed", hint="install mono's C# compiler (Debian/Ubuntu: apt-get install mono-mcs)"
        )
    command = compile_command(exe, _sources(project) + [home / "Driver.cs", home / "Dispatch.cs"])
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise ShapegenError(
            f"building the C# conformance driver failed:\n{(done.stdout + done.stderr)[-6000:]}",
            hint="check mono-mcs and libnewtonsoft-json-cil-dev are installed, then run 'shapegen generate --target csharp'",
        )
    sealed = cache.seal(exe)
    if sealed is not None:
        cache.write_atomically(stamp, json.dumps({"inputs": digest.hexdigest(), "exe": sealed}).encode("utf-8"))
    return exe


def run(config: Config, items: list[tuple[str, str]]) -> list[dict]:
    exe = build(config)
    request = "".join(json.dumps({"shape": shape, "text": text}) + "\n" for shape, text in items)
    if shutil.which("mono") is None:
        raise ShapegenError("mono is not installed", hint="install mono (Debian/Ubuntu: apt-get install mono-runtime)")
    done = subprocess.run(["mono", str(exe)], input=request.encode("utf-8"), capture_output=True)
    if done.returncode != 0:
        raise ShapegenError(f"the C# conformance driver failed:\n{done.stderr.decode('utf-8', 'replace')[-4000:]}")
    # split on \n only: str.splitlines would also split at a U+2028 inside a JSON string
    text = done.stdout.decode("utf-8")
    results = [json.loads(line) for line in text.split("\n") if line.strip()]
    if len(results) != len(items):
        raise ShapegenError(f"the C# conformance driver answered {len(results)} of {len(items)} payloads")
    return results
