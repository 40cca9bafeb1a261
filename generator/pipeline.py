"""The pipeline, in one direction: load -> check -> normalise -> lower -> decide -> render -> format -> plan.

`build` does everything in memory and returns a plan; nothing touches the output folder until
`write` is called, so a run that fails on a bad schema leaves `generated/` as it was. This module
orchestrates the stages; everything done to the output folder (its guards, the atomic write and
its journal, the manifest of no-op runs, the diff) lives in `generator.output`, whose entry
points are re-exported here.
"""

from __future__ import annotations

import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from generator.config import Config
from generator.errors import Diagnostic, ShapegenError
from generator.output import (  # noqa: F401 - re-exported: the output folder's entry points
    FS,
    Changes,
    FileSystem,
    Repair,
    Unchanged,
    check_output_folder,
    compare,
    diff,
    lock_path,
    locked,
    owned_on_disk,
    recover,
    remember,
    safe_relative,
    stage_folder,
    unchanged,
    write,
)

if TYPE_CHECKING:  # the stages are imported when used: a no-op run never loads them
    from generator import ir
    from generator.load import Document
    from generator.normalise import Bundle
    from generator.targets.base import Target


def select(names: list[str] | tuple[str, ...]) -> list[Target]:
    from generator.targets import select as select_targets

    return select_targets(names)


def strictly(items: Any, strict: bool) -> list[Diagnostic]:
    """Warnings become errors in strict mode."""
    return [d.as_error() if strict and d.severity == "warning" else d for d in items]


@dataclass
class Plan:
    targets: list[Target]
    files: dict[str, bytes]  # path relative to the output root -> content
    model: ir.Model
    bundles: dict[str, Bundle]
    seconds: float = 0.0
    stats: dict[str, int] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds


# ---------------------------------------------------------------- load, check, normalise, lower


@dataclass
class Loaded:
    model: ir.Model
    bundles: dict[str, Bundle]
    warnings: list[Diagnostic]
    seconds: dict[str, float]


def load_checked(config: Config) -> Loaded:
    """Every namespace loaded and checked; every problem of every namespace reported at once
    (errors raise, with the warnings beside them); warnings returned with the model."""
    from generator.load import reading

    with reading(confined=config.confined):
        return _load_checked(config)


def _load_checked(config: Config) -> Loaded:
    from generator import ir
    from generator.check import namespace_diagnostics
    from generator.load import load_documents
    from generator.lower import lower
    from generator.normalise import build_bundle

    seconds = {"load": 0.0, "check": 0.0, "normalise": 0.0, "lower": 0.0}
    problems: list[Diagnostic] = []
    documents: dict[str, dict[Path, Document]] = {}
    for ns, root_file in config.namespaces.items():
        started = time.perf_counter()
        try:
            documents[ns] = load_documents(root_file, config.root, referrer=config.where(f"namespaces.{ns}"))
        except ShapegenError as exc:
            problems.extend(exc.diagnostics)
            continue
        finally:
            seconds["load"] += time.perf_counter() - started
        started = time.perf_counter()
        try:
            problems.extend(namespace_diagnostics(documents[ns]))
        except ShapegenError as exc:
            problems.extend(exc.diagnostics)
        seconds["check"] += time.perf_counter() - started
    problems = strictly(problems, config.strict)
    if any(d.severity == "error" for d in problems):
        raise ShapegenError.of(problems)
    bundles: dict[str, Bundle] = {}
    namespaces: list[ir.Namespace] = []
    for ns, root_file in config.namespaces.items():
        try:
            started = time.perf_counter()
            bundles[ns] = build_bundle(ns, root_file, config.root)
            seconds["normalise"] += time.perf_counter() - started
            started = time.perf_counter()
            namespaces.append(lower(bundles[ns]))
            seconds["lower"] += time.perf_counter() - started
        except ShapegenError as exc:
            problems.extend(exc.diagnostics)
    model = ir.Model(tuple(namespaces))
    if not any(d.severity == "error" for d in problems):
        problems.extend(strictly(_pattern_risks(model, bundles.values()), config.strict))
    if any(d.severity == "error" for d in problems):
        raise ShapegenError.of(problems)
    return Loaded(model, bundles, problems, seconds)


def _pattern_risks(model: ir.Model, bundles: Any = ()) -> list[Diagnostic]:
    """Patterns open to catastrophic backtracking (the shared layer decides which): warnings,
    all of them at once (errors in strict mode)."""
    from generator.layer.patterns import review as review_patterns

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        risky = review_patterns(model, strict=False, bundles=bundles)
    return [
        Diagnostic(
            "warning",
            f"pattern {p.source!r}: {risk.describe()}",
            p.where or None,
            "accepted; rewrite it without nested or overlapping quantifiers (e.g. `^(a+)+$` is `^a+$`) "
            "to take the risk away",
        )
        for p, risk in risky
    ]


def load_model(config: Config) -> tuple[ir.Model, dict[str, Bundle]]:
    loaded = load_checked(config)
    return loaded.model, loaded.bundles


def build(config: Config, target_names: list[str] | None = None) -> Plan:
    started = time.perf_counter()
    targets = select(target_names or list(config.targets))
    plan = render(config, load_checked(config), targets)
    plan.seconds = time.perf_counter() - started
    return plan


def render(config: Config, loaded: Loaded, targets: list[Target]) -> Plan:
    """The plan of `targets` from an already loaded and checked model."""
    from generator.format import format_for
    from generator.targets.base import RenderInput

    from generator.decide import decide

    started = time.perf_counter()
    timings = dict(loaded.seconds)
    inp = RenderInput(
        model=loaded.model,
        bundles={ns: b.published() for ns, b in loaded.bundles.items()},
        options=config.options,
        decided=decide(loaded.model),
    )
    timings["decide"] = time.perf_counter() - started
    formatter_cache = config.cache_dir  # handed to a target's own formatter callable only; never created here
    files: dict[str, bytes] = {}
    for target in targets:
        began = time.perf_counter()
        rendered = target.render(inp)
        timings[f"render {target.name}"] = time.perf_counter() - began
        began = time.perf_counter()
        for rel, text in sorted(rendered.items()):
            if not target.owns(rel):
                raise AssertionError(f"target {target.name} rendered {rel}, which it does not own")
            path = f"{target.out_dir}/{rel}"
            if not safe_relative(path):
                raise AssertionError(f"target {target.name} rendered {path!r}, which is not a plain relative path")
            files[path] = format_for(target, path, text, formatter_cache).encode("utf-8")
        timings[f"format {target.name}"] = time.perf_counter() - began
    return Plan(
        targets,
        files,
        loaded.model,
        loaded.bundles,
        seconds=time.perf_counter() - started,
        warnings=loaded.warnings,
        timings=timings,
    )


# ---------------------------------------------------------------- reporting


def print_warnings(warnings: list[Diagnostic], stream: Any = None) -> None:
    stream = stream or sys.stderr
    for warning in warnings:
        print(f"shapegen: warning: {warning.render()}", file=stream)
