"""An optional compiled build of the generated validators, with mypyc (from PyPI: it ships with
`mypy`, a dev dependency). The pure-Python modules in generated/ stay the default and what is
committed; this builds a copy beside them.

    make validators-mypyc            # or: python -m generator.validators.mypyc_build

copies the python target's package (generated/python/<package>) to build/validators-mypyc/ and
compiles each `<package>/<namespace>/validators.py` there into an extension module next to its
source, which Python imports in preference to the source. Use it with

    PYTHONPATH=build/validators-mypyc python -c "import realtime_shapes.openai.validators as v; print(v.__file__)"

or install that folder instead of generated/python. Rebuild after every `make generate`: the
copy does not follow the generated source by itself (the build refuses to run over sources it
did not copy, and `--check` tells whether a build is stale). It needs a C compiler.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

STAMP = "mypyc-build.json"


class BuildError(RuntimeError):
    pass


def mypyc_command() -> list[str]:
    """How to run mypyc from this interpreter's environment."""
    beside = Path(sys.executable).parent / "mypyc"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("mypyc")
    if found is None:
        raise BuildError("mypyc is not installed: `pip install mypy` (mypyc ships with it)")
    return [found]


def compile_file(source: Path, cwd: Path) -> Path:
    """Compile `source` (a path under `cwd`, whose packages give the module's name) in place;
    returns the extension module built next to it."""
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        raise BuildError("no C compiler (cc or gcc) on PATH")
    rel = source.resolve().relative_to(cwd.resolve())
    proc = subprocess.run([*mypyc_command(), rel.as_posix()], cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        raise BuildError(f"mypyc failed on {rel}: " + (lines[-1] if lines else f"exit {proc.returncode}"))
    built = sorted(source.parent.glob(source.stem + ".*.so")) + sorted(source.parent.glob(source.stem + ".*.pyd"))
    if not built:
        raise BuildError(f"mypyc produced no extension module for {rel}")
    return built[0]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources(package_root: Path) -> list[Path]:
    """The validators modules of the python target's output (`<package>/<namespace>/validators.py`)."""
    return sorted(p for p in package_root.glob("*/*/validators.py") if (p.parent.parent / "__init__.py").is_file())


def stale(package_root: Path, out: Path) -> list[str]:
    """Which validators modules of `package_root` the build in `out` does not match (all when none)."""
    stamp = out / STAMP
    recorded = json.loads(stamp.read_text(encoding="utf-8")) if stamp.is_file() else {}
    return [
        p.relative_to(package_root).as_posix()
        for p in sources(package_root)
        if recorded.get(p.relative_to(package_root).as_posix()) != _digest(p)
    ]


def build(package_root: Path, out: Path) -> list[Path]:
    """Copy `package_root` to `out` (replacing what a previous build left there) and compile its
    validators modules; returns the extension modules."""
    found = sources(package_root)
    if not found:
        raise BuildError(f"no <package>/<namespace>/validators.py under {package_root}: run `make generate`")
    if out.exists():
        if not (out / STAMP).is_file():
            raise BuildError(f"{out} exists and is not a previous mypyc build; remove it or choose another folder")
        shutil.rmtree(out)
    shutil.copytree(package_root, out, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "build", "*.so"))
    built = [compile_file(out / p.relative_to(package_root), out) for p in found]
    shutil.rmtree(out / "build", ignore_errors=True)  # mypyc's intermediate C files
    # what was compiled: the copies (the generated sources may change while mypyc runs)
    record = {p.relative_to(package_root).as_posix(): _digest(out / p.relative_to(package_root)) for p in found}
    (out / STAMP).write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.validators.mypyc_build", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--package", type=Path, default=Path("generated/python"), help="the python target's folder")
    parser.add_argument("--out", type=Path, default=Path("build/validators-mypyc"), help="where the build goes")
    parser.add_argument("--check", action="store_true", help="only tell whether the build matches the sources")
    args = parser.parse_args(argv)
    if args.check:
        behind = stale(args.package, args.out)
        for rel in behind:
            print(f"stale: {rel} (run `make validators-mypyc`)")
        return 1 if behind else 0
    try:
        built = build(args.package, args.out)
    except BuildError as exc:
        print(f"validators-mypyc: {exc}", file=sys.stderr)
        return 2
    for path in built:
        print(f"built {path}")
    print(f"use it with PYTHONPATH={args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
