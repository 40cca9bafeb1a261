"""Golden cases: `tests/golden/<case>/schema/api.yaml` (plus any files it refers to) and, per
target, the expected output under `tests/golden/<case>/expected/<target folder>/`, plus the IR
golden `expected/ir.txt`: the IR, its decisions and every language's names
(`generator.layer.irtext`), so lowering and naming are specified once.

    python tests/golden/golden.py          # rewrite every expected output (make golden)

A case holds only what the case decides. The files no case decides (the runtimes, and the
manifests of the one package name every case is generated under) are pinned once, in
`tests/golden/common/<target folder>/`; test_golden checks that every case renders them exactly
so. A test that needs a case's whole package (to compile or parse it) asks `package(case, folder)`,
which puts the two together under .cache/golden-packages.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
COMMON = HERE / "common"
PACKAGES = REPO / ".cache" / "golden-packages"

# every case renders these byte-identically (test_golden holds each case to the copy in COMMON)
COMMON_FILES = frozenset(
    {
        "csharp/RealtimeShapes.csproj",
        "csharp/Runtime/Json.cs",
        "csharp/Runtime/Shapes.cs",
        "csharp/Runtime/Validation.cs",
        "dart/pubspec.yaml",
        "dart/lib/src/runtime.dart",
        "go/go.mod",
        "go/wire/wire.go",
        "python/pyproject.toml",
        "python/realtime_shapes/_base.py",
        "python/realtime_shapes/py.typed",
        "rust/Cargo.toml",
        "rust/src/runtime.rs",
        "typescript/tsconfig.json",
        "typescript/src/runtime.ts",
    }
)

from generator import pipeline  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.config import load_config  # noqa: E402


def cases() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if (p / "schema" / "api.yaml").is_file())


def config_for(case: Path, targets: list[str] | None = None) -> Config:
    return Config(
        root=case,
        output=case / "expected",
        namespaces={case.name: case / "schema" / "api.yaml"},
        # the targets the project generates (pyproject.toml), so a target still being built
        # does not disturb the others' golden outputs
        targets=load_config(HERE.parent.parent).targets if targets is None else targets,
        options={},
        cache=HERE.parent.parent / ".cache",
    )


def build(case: Path, targets: list[str] | None = None) -> tuple[Config, pipeline.Plan]:
    config = config_for(case, targets)
    return config, pipeline.build(config)


def ir_path(case: Path) -> Path:
    return case / "expected" / "ir.txt"


def ir_text(plan: pipeline.Plan) -> str:
    from generator.layer.irtext import model_text

    return model_text(plan.model)


def case_plan(plan: pipeline.Plan) -> pipeline.Plan:
    """The plan less the files no case decides: what `expected/` holds."""
    return dataclasses.replace(plan, files={k: v for k, v in plan.files.items() if k not in COMMON_FILES})


def common_files(plan: pipeline.Plan) -> dict[str, bytes]:
    return {k: v for k, v in plan.files.items() if k in COMMON_FILES}


def package(case: Path, folder: str) -> Path:
    """A case's whole output for one target folder (its own files and the common ones), assembled
    under .cache/golden-packages/<case>/<folder>, for tests that compile or parse a package."""
    return _package(case, folder, _stamp(case / "expected" / folder), _stamp(COMMON / folder))


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (p.relative_to(folder).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    )


@lru_cache(maxsize=None)
def _package(case: Path, folder: str, *stamps: object) -> Path:
    # assembled beside its place and moved in whole, and left alone when it already holds the same
    # files: a test in another process (a second pytest-xdist worker) may be compiling it right now
    dest = PACKAGES / case.name / folder
    staging = dest.with_name(f".{folder}-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(case / "expected" / folder, staging)
    if (COMMON / folder).is_dir():
        shutil.copytree(COMMON / folder, staging, dirs_exist_ok=True)
    if _contents(staging) == _contents(dest):
        shutil.rmtree(staging)
        return dest
    old = dest.with_name(f".{folder}-{os.getpid()}-old")
    if dest.exists():
        os.rename(dest, old)
    try:
        os.rename(staging, dest)
    except OSError:  # another process moved the same files in first
        shutil.rmtree(staging)
    shutil.rmtree(old, ignore_errors=True)
    return dest


def _contents(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def packages(folder: str) -> dict[str, Path]:
    """Every case's whole package for a target folder, by case name."""
    return {case.name: package(case, folder) for case in cases() if (case / "expected" / folder).is_dir()}


def update() -> None:
    pinned: dict[str, bytes] = {}
    for case in cases():
        config, plan = build(case)
        for rel, content in common_files(plan).items():
            if pinned.setdefault(rel, content) != content:
                raise SystemExit(f"{case.name} renders {rel} differently from the other cases: it is not common")
        changes = pipeline.write(config, case_plan(plan))
        text = ir_text(plan)
        ir_changed = not ir_path(case).is_file() or ir_path(case).read_text(encoding="utf-8") != text
        if ir_changed:
            ir_path(case).write_text(text, encoding="utf-8")
        print(f"{case.name}: {len(changes.written) + ir_changed} written, {len(changes.removed)} removed")
    written = 0
    for rel, content in sorted(pinned.items()):
        path = COMMON / rel
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written += 1
    stale = [p for p in COMMON.rglob("*") if p.is_file() and p.relative_to(COMMON).as_posix() not in pinned]
    for path in stale:
        path.unlink()
    print(f"common: {written} written, {len(stale)} removed")


if __name__ == "__main__":
    update()
