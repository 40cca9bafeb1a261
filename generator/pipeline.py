"""The pipeline, in one direction: load -> normalise -> lower -> render -> format -> plan.

`build` does everything in memory and returns a plan; nothing touches the output folder until
`write` is called, so a run that fails on a bad schema leaves `generated/` as it was.
"""

from __future__ import annotations

import difflib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import ir
from generator.config import Config
from generator.format import format_for
from generator.layer.patterns import review as review_patterns
from generator.lower import lower
from generator.normalise import Bundle, build_bundle
from generator.targets import select
from generator.targets.base import RenderInput, Target


@dataclass
class Plan:
    targets: list[Target]
    files: dict[str, bytes]  # path relative to the output root -> content
    model: ir.Model
    bundles: dict[str, Bundle]
    seconds: float = 0.0
    stats: dict[str, int] = field(default_factory=dict)


def load_model(config: Config) -> tuple[ir.Model, dict[str, Bundle]]:
    bundles = {ns: build_bundle(ns, path, config.root) for ns, path in config.namespaces.items()}
    model = ir.Model(tuple(lower(b) for b in bundles.values()))
    review_patterns(model, strict=bool(getattr(config, "strict", False) or config.options.get("strict", False)))
    return model, bundles


def build(config: Config, target_names: list[str] | None = None) -> Plan:
    started = time.perf_counter()
    model, bundles = load_model(config)
    targets = select(target_names or list(config.targets))
    inp = RenderInput(model=model, bundles={ns: b.published() for ns, b in bundles.items()}, options=config.options)
    files: dict[str, bytes] = {}
    for target in targets:
        for rel, text in sorted(target.render(inp).items()):
            if not target.owns(rel):
                raise AssertionError(f"target {target.name} rendered {rel}, which it does not own")
            path = f"{target.out_dir}/{rel}"
            files[path] = format_for(target, path, text, config.cache_dir / "black").encode("utf-8")
    return Plan(targets, files, model, bundles, seconds=time.perf_counter() - started)


def owned_on_disk(config: Config, targets: list[Target]) -> set[str]:
    out: set[str] = set()
    for target in targets:
        base = config.output / target.out_dir
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.is_file() and not _is_build_litter(path.relative_to(base)):
                rel = path.relative_to(base).as_posix()
                if target.owns(rel):
                    out.add(f"{target.out_dir}/{rel}")
    return out


_LITTER = ("__pycache__", "node_modules", "target", ".mypy_cache", ".pytest_cache")


_PACKAGING_OUTPUT = ("build", "dist")


def _is_build_litter(rel: Path) -> bool:
    """Files that tools leave beside generated code (bytecode, installed packages, packaging
    output at the top of a target's folder): never generated, never stale."""
    return (
        any(part in _LITTER or part.endswith(".egg-info") or part.startswith(".") for part in rel.parts)
        or rel.suffix == ".pyc"
        or (len(rel.parts) > 1 and rel.parts[0] in _PACKAGING_OUTPUT)
    )


@dataclass
class Changes:
    written: list[str]
    unchanged: list[str]
    removed: list[str]


def compare(config: Config, plan: Plan) -> Changes:
    on_disk = owned_on_disk(config, plan.targets)
    written, unchanged = [], []
    for rel, content in plan.files.items():
        path = config.output / rel
        if path.is_file() and path.read_bytes() == content:
            unchanged.append(rel)
        else:
            written.append(rel)
    removed = sorted(on_disk - set(plan.files))
    return Changes(sorted(written), sorted(unchanged), removed)


def write(config: Config, plan: Plan) -> Changes:
    """Write every changed file next to its destination first, then move them all into place,
    then remove stale files: a failure while writing leaves no half-written file behind."""
    changes = compare(config, plan)
    staged: list[tuple[Path, Path]] = []
    try:
        for rel in changes.written:
            dest = config.output / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f".shapegen-tmp-{dest.name}")
            tmp.write_bytes(plan.files[rel])
            staged.append((tmp, dest))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, dest in staged:
        os.replace(tmp, dest)
    for rel in changes.removed:
        (config.output / rel).unlink()
        _prune_empty(config.output / rel, config.output)
    return changes


def _prune_empty(path: Path, root: Path) -> None:
    folder = path.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def diff(config: Config, plan: Plan, changes: Changes) -> str:
    chunks: list[str] = []
    for rel in changes.written:
        path = config.output / rel
        old = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.is_file() else []
        new = plan.files[rel].decode("utf-8").splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(old, new, f"a/{rel}", f"b/{rel}"))
    for rel in changes.removed:
        old = (config.output / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(old, [], f"a/{rel}", "/dev/null"))
    return "".join(chunks)
