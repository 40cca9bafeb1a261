"""The pipeline, in one direction: load -> check -> normalise -> lower -> decide -> render -> format -> plan.

`build` does everything in memory and returns a plan; nothing touches the output folder until
`write` is called, so a run that fails on a bad schema leaves `generated/` as it was. This module
orchestrates the stages; everything done to the output folder (its guards, the atomic write and
its journal, the manifest of no-op runs, the diff) lives in `generator.output`, whose entry
points are re-exported here.
"""

from __future__ import annotations

import os
import re
import sys
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from typing import TYPE_CHECKING

from generator import progress
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
    from generator.front import load_checked as front  # the verdict overlapped with normalising

    return front(config)


_FILE_POINTER = re.compile(r"^(?P<file>[^#]+)#(?P<pointer>(?:/.*)?)$")


def with_lines(diagnostics: Any, documents: dict[str, Document]) -> list[Diagnostic]:
    """Every diagnostic that says where as `file#pointer` says it as `file:line:col (at #pointer)`
    when that file is one of `documents`: every message names a line where one exists."""
    out = []
    for d in diagnostics:
        m = _FILE_POINTER.match(d.where or "")
        document = documents.get(m["file"]) if m else None
        out.append(Diagnostic(d.severity, d.message, document.where(m["pointer"]), d.hint) if document and m else d)
    return out


def _documents_of(source: Any) -> dict[str, Document]:
    """The loaded documents by the name diagnostics give them, from bundles or {ns: {path: doc}}."""
    out: dict[str, Document] = {}
    for item in source.values():
        docs = item.documents.values() if hasattr(item, "documents") else item.values()
        for doc in docs:
            out.setdefault(doc.rel, doc)
    return out


ACCEPT_REDOS = "x-shapegen-accept-redos"


def _pattern_risks(model: ir.Model, bundles: Any = ()) -> list[Diagnostic]:
    """Patterns open to catastrophic backtracking (the shared layer decides which): errors, all
    of them at once, each with its line; unless the schema that holds the pattern accepts the
    risk, saying why, with `x-shapegen-accept-redos: "<reason>"` (schema/README.md)."""
    from generator.layer.patterns import review as review_patterns

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        risky = review_patterns(model, strict=False, bundles=bundles)
    documents = {doc.rel: doc for bundle in bundles for doc in bundle.documents.values()}
    out = []
    for p, risk in risky:
        file, _, pointer = (p.where or "").partition("#")
        document = documents.get(file)
        holder = _pattern_holder(document.data, pointer) if document is not None else None
        accepted = holder.get(ACCEPT_REDOS) if isinstance(holder, dict) else None
        if isinstance(accepted, str) and accepted.strip():
            continue
        holder_pointer = pointer.rsplit("/", 2 if "/patternProperties/" in pointer else 1)[0]
        where = document.where(pointer) if document is not None else (p.where or None)
        if accepted is not None:
            out.append(
                Diagnostic(
                    "error",
                    f"{ACCEPT_REDOS} must be a sentence saying why the risk is acceptable",
                    document.where(f"{holder_pointer}/{ACCEPT_REDOS}") if document is not None else where,
                    f"{ACCEPT_REDOS}: 'only our own service sends this field, and it sends short values'",
                )
            )
            continue
        out.append(
            Diagnostic(
                "error",
                f"pattern {p.source!r}: {risk.describe()}",
                where,
                "rewrite it without nested or overlapping quantifiers (e.g. `^(a+)+$` is `^a+$`); or, if every "
                f"value comes from a source you trust, accept the risk beside the pattern with {ACCEPT_REDOS}: "
                "'<why>'",
            )
        )
    return out


def _pattern_holder(data: Any, pointer: str) -> Any:
    """The schema object that holds the pattern at `pointer` (`.../pattern`, or a key of
    `.../patternProperties`)."""
    from generator.load import pointer_tokens

    tokens = pointer_tokens(pointer)
    if len(tokens) >= 2 and tokens[-2] == "patternProperties":
        tokens = tokens[:-2]
    elif tokens and tokens[-1] == "pattern":
        tokens = tokens[:-1]
    node = data
    for token in tokens:
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def load_model(config: Config) -> tuple[ir.Model, dict[str, Bundle]]:
    loaded = load_checked(config)
    return loaded.model, loaded.bundles


def build(config: Config, target_names: list[str] | None = None, *, cached: bool = False) -> Plan:
    """Everything in memory. With `cached` (what `generate` asks for; `check` never does), a
    target whose inputs are those of a verified render-cache entry is not rendered again
    (`generator.output.render_cache`)."""
    started = time.perf_counter()
    targets = select(target_names or list(config.targets))
    with _without_gc():
        loaded = load_checked(config)
    plan = render(config, loaded, targets, cached=cached)
    plan.seconds = time.perf_counter() - started
    return plan


@contextmanager
def _without_gc() -> Iterator[None]:
    """The cycle collector off for a block that builds a large graph which stays alive (loading,
    deciding): each collection would only walk the growing model again. On the vendor spec, load
    to naming take 7.5 -> 5.0 s CPU at the same peak memory. (The renders keep it on: they make
    short-lived cycles, and without it a worker's peak grows by 40 MiB.)"""
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def render(config: Config, loaded: Loaded, targets: list[Target], *, cached: bool = False) -> Plan:
    """The plan of `targets` from an already loaded and checked model. Targets are independent
    once the model is decided, so with more than one target and more than one core they render
    in forked worker processes (the model is shared copy-on-write, nothing is pickled but the
    rendered files); the plan is the same, file for file and in the same order, as a serial run.
    With `cached`, targets found in the render cache are taken from it, byte for byte what they
    would render, and the others render as above and are stored."""
    started = time.perf_counter()
    timings = dict(loaded.seconds)
    cache = _render_cache(config, loaded) if cached else None
    found: dict[str, dict[str, bytes]] = {}
    # each target's key in the cache, read once a run (its module's bytes)
    names = {target.name: _cache_name(target) for target in targets} if cache is not None else {}
    if cache is not None:
        for target in targets:
            began = time.perf_counter()
            hit = _verified(target, cache.load(names[target.name]))
            if hit is not None:
                found[target.name] = hit
                timings[f"cached {target.name}"] = time.perf_counter() - began
    rendering = [t for t in targets if t.name not in found]
    # every target from the cache: nothing to decide
    rendered = _decide_and_render(rendering, loaded, config, cache, names, timings, started) if rendering else {}
    # the fragment memos' counts ride with a target's timings from its worker: they are counts
    stats = {stage: int(timings.pop(stage)) for stage in [s for s in timings if s.startswith("fragments ")]}
    files: dict[str, bytes] = {}
    for target in targets:  # in the targets' order, as a run without the cache
        files.update(found[target.name] if target.name in found else rendered[target.name])
    return Plan(
        targets,
        files,
        loaded.model,
        loaded.bundles,
        seconds=time.perf_counter() - started,
        stats=stats,
        warnings=loaded.warnings,
        timings=timings,
    )


def _decide_and_render(
    rendering: list[Target],
    loaded: Loaded,
    config: Config,
    cache: Any,
    names: dict[str, str],
    timings: dict[str, float],
    started: float,
) -> dict[str, dict[str, bytes]]:
    """Decide once, then render the targets the cache did not answer: each target's files."""
    from generator.decide import decide
    from generator.targets.base import RenderInput

    progress.stage("deciding names and wire forms")
    with _without_gc():
        decided = decide(loaded.model)
        if len(rendering) > 1:  # rendered side by side, maybe in forked workers: name each language once, here
            try:
                decided.name_every_language()
            except ShapegenError as exc:  # a name collision: with the line of the shape it names
                raise ShapegenError.of(with_lines(exc.diagnostics, _documents_of(loaded.bundles))) from None
    inp = RenderInput(
        model=loaded.model,
        bundles={ns: b.published() for ns, b in loaded.bundles.items()},
        options=config.options,
        licenses={ns: b.license for ns, b in loaded.bundles.items() if b.license},
        decided=decided,
    )
    if cache is not None and len(rendering) > 1:
        # the fragment memos' key of the model's structure (render_memo.structure_digest), worked
        # out once, here, for every forked worker
        from generator.render_memo import structure_digest

        structure_digest(loaded.model)
    timings["decide"] = time.perf_counter() - started
    progress.step("rendering", 0, len(rendering), "")
    formatter_cache = config.cache_dir  # handed to a target's own formatter callable only; never created here
    try:
        results = _render_parallel(rendering, inp, formatter_cache, cache, names)
        if results is None:
            results = []
            for target in rendering:
                results.append(_render_target(target, inp, formatter_cache, cache, names.get(target.name, "")))
                progress.step("rendering", len(results), len(rendering), target.name)
    except ShapegenError as exc:  # a target's own finding: with the line of the place it names
        raise ShapegenError.of(with_lines(exc.diagnostics, _documents_of(loaded.bundles))) from None
    rendered: dict[str, dict[str, bytes]] = {}
    for target, (target_files, target_timings) in zip(rendering, results):
        rendered[target.name] = target_files
        timings.update(target_timings)
    return rendered


def _render_cache(config: Config, loaded: Loaded) -> Any:
    from generator.output.render_cache import RenderCache

    return RenderCache.open(config, loaded)


def _cache_name(target: Target) -> str:
    """The target as the render cache keys it: its name and the bytes of the module that renders
    it (shapegen's own modules are in the code fingerprint already; a target module from elsewhere,
    a plugin on generator.targets' path, is not)."""
    import hashlib
    import inspect

    render_fn = getattr(target, "render_fn", None) or type(target).render
    try:
        source = inspect.getsourcefile(render_fn)
        digest = hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else "unknown"
    except (OSError, TypeError):
        digest = "unreadable"
    return f"{target.name}\0{digest}"


def _verified(target: Target, files: dict[str, bytes] | None) -> dict[str, bytes] | None:
    """A cache entry's files, held to what a render of `target` may produce (its folder, its own
    files, plain relative paths); None if any is not."""
    if files is None:
        return None
    prefix = f"{target.out_dir}/"
    for path in files:
        if not (path.startswith(prefix) and safe_relative(path) and target.owns(path[len(prefix) :])):
            return None
    return files


def _render_target(
    target: Target, inp: Any, formatter_cache: Path, cache: Any = None, name: str = ""
) -> tuple[dict[str, bytes], dict[str, float]]:
    """One target's files, formatted and encoded, and the seconds its render and format took;
    stored in the render cache, under `name` (`_cache_name`), when one is given."""
    from generator.format import format_for

    from generator import render_memo

    began = time.perf_counter()
    memo = cache.load_memo(name) if cache is not None else None
    with render_memo.active(memo):
        rendered = target.render(inp)
    timings = {f"render {target.name}": time.perf_counter() - began}
    if memo is not None:
        timings[f"fragments reused {target.name}"] = memo.hits
        timings[f"fragments printed {target.name}"] = memo.misses
    began = time.perf_counter()
    files: dict[str, bytes] = {}
    for rel in sorted(rendered):
        text = rendered.pop(rel)  # each file's text is let go as its bytes are made: never both in full
        if not target.owns(rel):
            raise AssertionError(f"target {target.name} rendered {rel}, which it does not own")
        path = f"{target.out_dir}/{rel}"
        if not safe_relative(path):
            raise AssertionError(f"target {target.name} rendered {path!r}, which is not a plain relative path")
        files[path] = format_for(target, path, text, formatter_cache).encode("utf-8")
    timings[f"format {target.name}"] = time.perf_counter() - began
    if cache is not None:
        began = time.perf_counter()
        cache.store(name, files)
        if memo is not None:
            cache.store_memo(name, memo)
            del memo
        timings[f"store {target.name}"] = time.perf_counter() - began
    return files, timings


# the render job of the forked workers: set just before the fork, read by the children only
_JOB: tuple[list[Any], Any, Path, Any, dict[str, str]] | None = None
# the costliest targets first, so the workers finish close together (render CPU on the vendor spec,
# bench/stages.py: validators 1.5 s, csharp 1.1, docs and dart 0.85, python 0.74, rust 0.64, go 0.57,
# typescript 0.45, jsonschema 0.15)
_COST_ORDER = ("validators", "csharp", "docs", "dart", "python", "rust", "go", "typescript", "jsonschema")


def _jobs() -> int:
    """Worker processes for rendering: SHAPEGEN_JOBS if set (1 = render in this process), else
    the cores this process may use."""
    import os

    wanted = os.environ.get("SHAPEGEN_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _quiet_worker() -> None:
    """A worker ends the way the pool ends it: the parent's SIGTERM handler (which turns a
    signal into KeyboardInterrupt for the atomic write) would print a traceback from each worker
    when the pool is closed, and SIGINT is the parent's to handle."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a fork inherits the parent's blocked signals: a worker must still be stoppable by the pool
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _render_in_child(index: int) -> tuple[dict[str, bytes], dict[str, float]] | None:
    assert _JOB is not None
    targets, inp, formatter_cache, cache, names = _JOB
    try:
        return _render_target(targets[index], inp, formatter_cache, cache, names.get(targets[index].name, ""))
    except BaseException:  # noqa: BLE001 - the parent renders this target again and raises there
        return None


def _fork_render(index: int) -> Any:
    """A forked child that renders one target and writes its pickled result to a pipe."""
    import pickle

    from generator.forked import Forked

    return Forked.start(lambda: pickle.dumps(_render_in_child(index), protocol=pickle.HIGHEST_PROTOCOL))


def _render_parallel(
    targets: list[Target], inp: Any, formatter_cache: Path, cache: Any = None, names: dict[str, str] | None = None
) -> list[tuple[dict[str, bytes], dict[str, float]]] | None:
    """Each target's result, rendered by forked children (at most `_jobs()` at a time, costliest
    first), in `targets` order; None where forking is not available or not worth it (one target,
    one core). A target that fails in a child is rendered again here, so its error is raised
    exactly as in a serial run."""
    global _JOB
    import gc
    import pickle
    import selectors

    jobs = min(_jobs(), len(targets))
    if jobs < 2 or not hasattr(os, "fork"):
        return None
    todo = sorted(
        range(len(targets)),
        key=lambda i: _COST_ORDER.index(targets[i].name) if targets[i].name in _COST_ORDER else len(_COST_ORDER),
    )
    _JOB = (targets, inp, formatter_cache, cache, names or {})
    # what exists now (the model, decided) is never collected by the children's cycle collector: it
    # stays alive in them, and walking it would copy its pages out of the memory they share
    gc.freeze()
    done: dict[int, Any] = {}
    running: dict[int, tuple[int, Any, list[bytes]]] = {}  # read end -> (index, child, chunks)
    selector = selectors.DefaultSelector()
    try:
        while todo or running:
            while todo and len(running) < jobs:
                index = todo.pop(0)
                child = _fork_render(index)
                running[child.read] = (index, child, [])
                selector.register(child.read, selectors.EVENT_READ)
            for key, _ in selector.select():
                chunk = os.read(key.fd, 1 << 20)
                if chunk:
                    running[key.fd][2].append(chunk)
                    continue
                selector.unregister(key.fd)
                index, child, chunks = running.pop(key.fd)
                status = child.reap(stop=False)
                try:
                    result = pickle.loads(b"".join(chunks)) if status == 0 else None
                except Exception:  # noqa: BLE001 - a short or broken result: rendered again here
                    result = None
                done[index] = result
                progress.step("rendering", len(done), len(targets), targets[index].name)
    finally:
        for _, child, _ in running.values():  # interrupted: stop and reap what is still running
            try:
                child.reap(stop=True)
            except ChildProcessError:
                pass
        selector.close()
        _JOB = None
        gc.unfreeze()
    out = []
    for i, target in enumerate(targets):
        result = done[i]
        out.append(
            result
            if result is not None
            else _render_target(target, inp, formatter_cache, cache, (names or {}).get(target.name, ""))
        )
    return out


# ---------------------------------------------------------------- reporting


def print_warnings(warnings: list[Diagnostic], stream: Any = None) -> None:
    stream = stream or sys.stderr
    for warning in warnings:
        print(f"shapegen: warning: {warning.render()}", file=stream)
