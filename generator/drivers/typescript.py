"""The TypeScript conformance driver, and the pinned TypeScript toolchain.

`run(config, items)` compiles `generated/typescript/src` together with a small driver program
(templates/typescript/driver.ts) with the pinned `tsc`, once per distinct set of generated sources (cached under
`.cache/conformance/typescript/<hash>/`), and runs it with node. The driver reads JSON lines
`{"shape": "ns:Name", "text": "<raw payload>"}` and prints one JSON line per item:
`{"ok": true, "json": <parse<Name>(JSON.parse(text))>}` or `{"ok": false, "error": "<pointer>: <message>"}`.

The toolchain (`typescript@TYPESCRIPT_VERSION`) is installed with npm into
`.cache/toolchains/typescript` of the shapegen checkout, never globally: `ensure_toolchain()`.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from generator.errors import ShapegenError
from generator.targets.typescript import TYPESCRIPT_VERSION
from generator.templating import TEMPLATES_ROOT

REPO = Path(__file__).resolve().parent.parent.parent
TOOLCHAIN = REPO / ".cache" / "toolchains" / "typescript"

# The driver program, a TypeScript source file compiled together with the generated package.
DRIVER = TEMPLATES_ROOT / "typescript" / "driver.ts"

BUILD_TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "lib": ["ES2022"],
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "strict": True,
        "exactOptionalPropertyTypes": True,
        "noUncheckedIndexedAccess": True,
        "rootDir": "src",
        "outDir": "dist",
        "types": [],
        "skipLibCheck": True,
    },
    "include": ["src"],
}


# ---------------------------------------------------------------- toolchain


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _installed_version(folder: Path) -> str | None:
    try:
        return json.loads((folder / "node_modules" / "typescript" / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def node() -> str:
    found = shutil.which("node")
    if found is None:
        raise ShapegenError(
            "node is not installed",
            hint="install Node.js 18 or later (the TypeScript target's tests and conformance driver run on it)",
        )
    return found


def ensure_toolchain(folder: Path = TOOLCHAIN, quiet: bool = True) -> Path:
    """The pinned `tsc` (installing typescript@TYPESCRIPT_VERSION into `folder` with npm if it
    is not there yet); returns the path of its JavaScript entry point, to run with node."""
    tsc = folder / "node_modules" / "typescript" / "bin" / "tsc"
    if _installed_version(folder) == TYPESCRIPT_VERSION:
        return tsc
    with _lock(folder.parent / ".typescript.lock"):
        if _installed_version(folder) == TYPESCRIPT_VERSION:
            return tsc
        npm = shutil.which("npm")
        if npm is None:
            raise ShapegenError(
                "npm is not installed", hint="install Node.js (with npm) to use the TypeScript toolchain"
            )
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "package.json").is_file():
            (folder / "package.json").write_text(
                '{"private": true, "description": "shapegen: the pinned TypeScript compiler"}\n'
            )
        cmd = [
            npm,
            "install",
            "--prefix",
            str(folder),
            "--no-audit",
            "--no-fund",
            "--save-exact",
            "--loglevel=error",
            f"typescript@{TYPESCRIPT_VERSION}",
        ]
        result = subprocess.run(cmd, capture_output=quiet, text=True)
        if result.returncode != 0 or _installed_version(folder) != TYPESCRIPT_VERSION:
            raise ShapegenError(
                f"could not install typescript@{TYPESCRIPT_VERSION} with npm: {(result.stderr or '').strip()[-2000:]}",
                hint="check that npm is installed and the npm registry is reachable",
            )
    return tsc


def tsc(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Runs the pinned tsc; the result carries its output (tsc reports errors on stdout)."""
    return subprocess.run([node(), str(ensure_toolchain()), *args], cwd=cwd, capture_output=True, text=True)


# ---------------------------------------------------------------- type-checking


def typecheck(packages: list[Path], extra_files: tuple[Path, ...] = ()) -> subprocess.CompletedProcess[str]:
    """Type-checks generated TypeScript packages (folders holding `tsconfig.json` and `src/`, such
    as generated/typescript) in one program with the pinned tsc, under the compiler options the
    generated tsconfig.json sets (`strict` and more), emitting nothing and writing nothing into
    the packages. `returncode` is 0 when there is no error; tsc's report is in `stdout`."""
    if not packages:
        raise ValueError("nothing to type-check")
    options = json.loads((packages[0] / "tsconfig.json").read_text(encoding="utf-8"))["compilerOptions"]
    options = {k: v for k, v in options.items() if k not in ("rootDir", "outDir", "declaration", "sourceMap")}
    options.update(strict=True, noEmit=True)
    tsconfig: dict[str, Any] = {
        "compilerOptions": options,
        "include": [str(Path(pkg).resolve() / "src" / "**" / "*.ts") for pkg in packages],
    }
    if extra_files:
        tsconfig["files"] = [str(Path(p).resolve()) for p in extra_files]
    with tempfile.TemporaryDirectory(prefix="shapegen-tsc-") as tmp:
        where = Path(tmp) / "tsconfig.json"
        where.write_text(json.dumps(tsconfig, indent=2), encoding="utf-8")
        return tsc(["-p", str(where)])


# ---------------------------------------------------------------- build


def _source_hash(src: Path) -> str:
    h = hashlib.sha256()
    h.update(TYPESCRIPT_VERSION.encode())
    h.update(DRIVER.read_bytes())
    h.update(json.dumps(BUILD_TSCONFIG, sort_keys=True).encode())
    for path in sorted(src.rglob("*.ts")):
        h.update(path.relative_to(src).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def build(package: Path, cache: Path) -> Path:
    """Compiles the generated package at `package` plus the driver; returns the driver's .js.
    Builds are cached by a hash of the sources and never rebuilt."""
    src = package / "src"
    if not (src / "index.ts").is_file():
        raise ShapegenError(
            f"{src / 'index.ts'} does not exist",
            hint="generate the TypeScript target first: shapegen generate --target typescript",
        )
    key = _source_hash(src)
    out = cache / key
    driver = out / "dist" / "$driver.js"
    if driver.is_file():
        return driver
    cache.mkdir(parents=True, exist_ok=True)
    with _lock(cache / ".build.lock"):
        if driver.is_file():
            return driver
        staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache))
        try:
            shutil.copytree(src, staging / "src")
            shutil.copy(DRIVER, staging / "src" / "$driver.ts")
            (staging / "package.json").write_text('{"type": "module", "private": true}\n')
            (staging / "tsconfig.json").write_text(json.dumps(BUILD_TSCONFIG, indent=2) + "\n")
            result = tsc(["-p", str(staging)])
            if result.returncode != 0:
                raise ShapegenError(
                    f"the generated TypeScript does not compile:\n{result.stdout}{result.stderr}",
                    hint="this is a bug in the typescript target",
                )
            if out.exists():
                shutil.rmtree(out)
            os.replace(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        _prune(cache, keep=KEEP_BUILDS)
    return driver


KEEP_BUILDS = 8


def _prune(cache: Path, keep: int) -> None:
    """Removes all but the `keep` most recent builds (each generated-source change makes one)."""
    builds = sorted(
        (p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.stat().st_mtime
    )
    for old in builds[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def run_items(
    package: Path, cache: Path, items: list[tuple[str, str]], exports: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    driver = build(package, cache)
    lines = "".join(json.dumps({"shape": shape, "text": text}) + "\n" for shape, text in items)
    result = subprocess.run(
        [node(), str(driver), json.dumps(exports or {})], input=lines, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise ShapegenError(f"the TypeScript conformance driver failed:\n{result.stderr}")
    # split on \n only: str.splitlines would also split at a U+2028 inside a JSON string
    out = [json.loads(line) for line in result.stdout.split("\n") if line.strip()]
    unknown = sorted({r["unknown"] for r in out if "unknown" in r})
    if unknown:
        raise ShapegenError(
            f"no such shape in the generated TypeScript: {', '.join(unknown)}",
            hint="shapes are named namespace:Name as `shapegen list` prints them; regenerate if the schema changed",
        )
    if len(out) != len(items):
        raise ShapegenError(f"the TypeScript conformance driver answered {len(out)} of {len(items)} items")
    return out


def run(config: Any, items: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The conformance contract (generator/drivers/__init__.py)."""
    from generator.targets.typescript import export_names

    package = Path(config.output) / "typescript"
    cache = config.cache_dir / "conformance" / "typescript"
    return run_items(package, cache, items, export_names(list(config.namespaces)))


if __name__ == "__main__":  # python -m generator.drivers.typescript: install the toolchain
    print(ensure_toolchain(quiet=False), file=sys.stderr)
