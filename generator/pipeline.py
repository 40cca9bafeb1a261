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
from typing import Any, Callable, Iterator

from typing import TYPE_CHECKING

from generator import progress
from generator.config import Config
from generator.config import target_names as config_target_names
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
    names = list(target_names or config.targets)
    # the targets' modules (0.15 s) are imported later, while the check's verdict is out, when
    # each name is a target module's: an unknown name is still refused before anything is loaded
    targets = None if set(names) <= set(config_target_names()) else select(names)
    with _without_gc():  # until the renders start (`_frozen`): the model is then left out of its walks
        loaded = load_checked(config)
        if targets is None:
            targets = select(names)
        plan = render(config, loaded, targets, cached=cached)
    plan.seconds = time.perf_counter() - started
    return plan


@contextmanager
def _without_gc() -> Iterator[None]:
    """The cycle collector off for a block that builds a large graph which stays alive (loading,
    deciding): each collection would only walk the growing model again. On the vendor spec, load
    to naming take 7.5 -> 5.0 s CPU at the same peak memory. (The renders keep it on: they make
    short-lived cycles, and without it a worker's peak grows by 40 MiB: `_frozen`.) Turned back on
    after such a block, the collector's first walk takes in everything the block made (0.22 s after
    the front on the vendor spec): `build` keeps it off from the front to the renders."""
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
    """Decide once, then render the targets the cache did not answer: each target's files. With
    more than one target, every language is named once, here, before a target that prints its
    names renders (the docs print every language's); in forked workers, the targets that print
    no names render while the languages are named (`_render_parallel`)."""
    from generator.decide import decide
    from generator.targets.base import RenderInput

    progress.stage("deciding names and wire forms")
    with _without_gc():  # already off in `build`; a caller's own render: off while the model is decided
        decided = decide(loaded.model)
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
    names_key = _names_key(cache, loaded.model, decided) if cache is not None and len(rendering) > 1 else None
    if names_key is not None:
        began = time.perf_counter()
        data = cache._read(names_key, ".names")
        if data is not None and decided.take_names(data):
            timings["names reused"] = time.perf_counter() - began
            names_key = None  # nothing new to keep
    timings["decide"] = time.perf_counter() - started
    naming = _Naming(decided, timings) if len(rendering) > 1 else None
    if naming is not None and names_key is not None:
        key = names_key

        def keep() -> None:  # every language named without an error: kept for the next run
            began = time.perf_counter()
            data = decided.names_data()
            if data is not None:
                cache._write(key, ".names", data)
                timings["store names"] = time.perf_counter() - began

        naming.then = keep
    progress.step("rendering", 0, len(rendering), "")
    formatter_cache = config.cache_dir  # handed to a target's own formatter callable only; never created here
    try:
        with _frozen():
            results = _render_parallel(rendering, inp, formatter_cache, cache, names, naming)
            if results is None:
                if naming is not None:  # rendered one after another: every language named first all the same
                    naming.all()
                    naming.settle()
                results = []
                for target in rendering:
                    results.append(_render_target(target, inp, formatter_cache, cache, names.get(target.name, "")))
                    progress.step("rendering", len(results), len(rendering), target.name)
    except ShapegenError as exc:  # a name collision, or a target's own finding: with the line of the place it names
        raise ShapegenError.of(with_lines(exc.diagnostics, _documents_of(loaded.bundles))) from None
    if naming is not None:
        naming.settle()
    rendered: dict[str, dict[str, bytes]] = {}
    for target, (target_files, target_timings) in zip(rendering, results):
        rendered[target.name] = target_files
        timings.update(target_timings)
    return rendered


# targets that print no language's names (they render the bundles): in forked workers they start
# before the languages are named. A target not listed here that is no language waits for every
# language's names (the docs print them all); a language's target waits for its own.
_PRINTS_NO_NAMES = frozenset({"validators", "jsonschema"})


def _names_key(cache: Any, model: Any, decided: Any) -> str:
    """The render cache's key of every language's names (`_decide_and_render` reuses them on a
    warm `generate`): what naming reads, and nothing else. A naming pass (`naming.assign`, each
    language's `refine` and `refine_decided`, their case styles, keywords and reserved names)
    reads the model's structure: shape names, wire names, enum values, variants, tags, defaults,
    presence, nullability, openness, the references between shapes (`decide`'s graph) and each
    shape's source place; it reads no description (nor an enum value's), no example and no note,
    and no option: the rules are each language module's constants, and a namespace's module or
    package name is made from the namespace's name. Titles do not reach the IR except through
    the shape names lowering makes of them. So the key is the model without its prose
    (`render_memo.structure_digest`: namespaces' names included), the code (the render cache's
    `code`: shapegen's code fingerprint, the Python, and every option, kept though naming reads
    none) and the bytes of each language's module (one from elsewhere on generator.targets' path
    is not in the code fingerprint)."""
    import hashlib

    from generator.layer.registry import languages
    from generator.render_memo import structure_digest

    registered = languages()
    digest = hashlib.sha256(b"names\0" + cache.code.encode() + b"\0" + structure_digest(model))
    for decided_ns in decided.namespaces.values():
        for language in decided_ns.languages():
            found = registered.get(language)
            module = _cache_name(found.target) if found is not None else f"{language}\0unregistered"
            digest.update(f"\0{decided_ns.name}\0{module}".encode())
    return digest.hexdigest()


class _Naming:
    """Every language's names for every namespace not named yet (reused from the render cache),
    made one pass at a time in the serial order (namespaces, then languages), so that the first
    naming error is the one a serial run raises."""

    def __init__(self, decided: Any, timings: dict[str, float]) -> None:
        self.decided = decided
        self.timings = timings
        self.todo = [
            (d, language) for d in decided.namespaces.values() for language in d.languages() if language not in d._names
        ]
        self.languages = {language for _, language in self.todo}
        # what to do once every language is named without an error (keep the names: `settle`)
        self.then: Callable[[], None] | None = None

    def settle(self) -> None:
        """Once every language is named: `then`, once. Called where this process would otherwise
        wait (for the workers, after the last pass), so that it delays no render."""
        if not self.todo and self.then is not None:
            then, self.then = self.then, None
            then()

    def step(self) -> None:
        """The next language's names, made (its error raised, without the lines: the caller adds them)."""
        decided, language = self.todo.pop(0)
        began = time.perf_counter()
        with _without_gc():
            decided.names(language)
        self.timings["naming"] = self.timings.get("naming", 0.0) + time.perf_counter() - began

    def all(self) -> None:
        while self.todo:
            self.step()

    def may_render(self) -> Any:
        """What a worker forked now may render (Target -> bool): the targets whose names are made now."""
        named = {language for language in self.languages if all(other != language for _, other in self.todo)}
        every = not self.todo
        return lambda target: (
            every or target.name in _PRINTS_NO_NAMES or (target.name in self.languages and target.name in named)
        )

    def ready(self, target: Target) -> bool:
        """Whether `target` may render now: every name it prints is made."""
        if not self.todo or target.name in _PRINTS_NO_NAMES:
            return True
        if target.name in self.languages:
            return all(language != target.name for _, language in self.todo)
        return False


@contextmanager
def _frozen() -> Iterator[None]:
    """The cycle collector on for the renders (they make short-lived cycles), but what exists
    when they start (the model, decided; `gc.freeze`, again before each fork) left out of its walks
    until they are done: it stays alive, and a walk of it (a quarter of a second on the vendor
    spec, as soon as the collector is back on after the front) would only find it alive; in a
    forked worker it would also copy its pages out of the memory the workers share."""
    import gc

    enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.unfreeze()
        if not enabled:
            gc.disable()


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


def _render_in_child(index: int) -> bytes:
    """A render worker's answer for target `index` of the job: its result pickled, or None
    pickled if it failed (the parent renders it again and raises its error there)."""
    import pickle

    import gc

    assert _JOB is not None
    targets, inp, formatter_cache, cache, names = _JOB
    # what the worker's earlier renders left (their garbage collected first) is out of the
    # collector's walks, as the model is: a render's collections walk what it makes
    gc.collect()
    gc.freeze()
    try:
        result = _render_target(targets[index], inp, formatter_cache, cache, names.get(targets[index].name, ""))
    except BaseException:  # noqa: BLE001 - see above
        result = None
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class _Slot:
    """A render worker, what it may render (the names made when it was forked are all it has),
    and the target it is rendering (None when idle)."""

    worker: Any
    may: Any  # Target -> bool
    task: int | None = None
    finished: bool = False


def _start_worker() -> Any:
    from generator.forked import Worker

    return Worker.start(_render_in_child)


def _render_parallel(
    targets: list[Target],
    inp: Any,
    formatter_cache: Path,
    cache: Any = None,
    names: dict[str, str] | None = None,
    naming: _Naming | None = None,
) -> list[tuple[dict[str, bytes], dict[str, float]]] | None:
    """Each target's result, rendered by forked workers (at most `_jobs()` at a time, costliest
    first), in `targets` order; None where forking is not available or not worth it (one target,
    one core). A worker renders target after target (a fork, and the pages of the model it copies
    as it reads them, are paid once per worker, not once per target); one that has nothing left it
    may render ends. While `naming` still has languages to name, this process names them, one pass
    at a time, and one worker fewer runs: a target is rendered once the names it prints are made,
    by a worker forked after (a worker inherits them), so the names are made once, here, and every
    worker prints the same. A target that fails in a worker is rendered again here, so its error is
    raised exactly as in a serial run; a naming error stops the workers and is raised as a serial
    run raises it, before any target's."""
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
    done: dict[int, Any] = {}
    slots: dict[int, _Slot] = {}  # result pipe -> its worker
    selector = selectors.DefaultSelector()

    def give(slot: _Slot, index: int) -> None:
        todo.remove(index)
        slot.task = index
        slot.worker.send(index)

    def finished(slot: _Slot, index: int, result: Any) -> None:
        done[index] = result
        slot.task = None
        progress.step("rendering", len(done), len(targets), targets[index].name)

    def collect(timeout: float | None) -> None:
        """What the workers have sent (waiting up to `timeout` for the first of it), to the last byte
        there is: an answer is several reads long, and a worker waits until it is read."""
        events = selector.select(timeout)
        while events:
            for key, _ in events:
                receive(slots[key.fd])
            events = selector.select(0)

    def receive(slot: _Slot) -> None:
        try:
            answer = slot.worker.receive()
        except EOFError:  # ended: finished, or failed (what it was rendering is rendered again here)
            selector.unregister(slot.worker.read)
            del slots[slot.worker.read]
            slot.worker.reap(stop=False)
            if slot.task is not None:
                finished(slot, slot.task, None)
            return
        if answer is not None:
            assert slot.task is not None
            try:
                result = pickle.loads(answer)
            except Exception:  # noqa: BLE001 - a broken result: rendered again here
                result = None
            finished(slot, slot.task, result)

    try:
        while todo or any(slot.task is not None for slot in slots.values()):
            naming_left = naming is not None and bool(naming.todo)
            working = [slot for slot in slots.values() if not slot.finished]
            for slot in working:
                if slot.task is None:
                    index = next((i for i in todo if slot.may(targets[i])), None)
                    if index is not None:
                        give(slot, index)
                    else:  # nothing left it may render
                        slot.finished = True
                        slot.worker.finish()
            working = [slot for slot in working if not slot.finished]
            while len(working) < jobs - naming_left:
                index = next((i for i in todo if naming is None or naming.ready(targets[i])), None)
                if index is None:
                    break
                gc.freeze()  # the names made since (see `_frozen`)
                slot = _Slot(_start_worker(), naming.may_render() if naming is not None else (lambda target: True))
                slots[slot.worker.read] = slot
                selector.register(slot.worker.read, selectors.EVENT_READ)
                working.append(slot)
                give(slot, index)
            if naming_left:
                assert naming is not None
                naming.step()
                if slots:
                    collect(0)
            elif slots:
                if naming is not None:
                    naming.settle()
                collect(None)
    finally:
        stop = bool(todo) or any(slot.task is not None for slot in slots.values())  # interrupted
        for slot in slots.values():
            try:
                slot.worker.reap(stop=stop)
            except ChildProcessError:
                pass
        selector.close()
        _JOB = None
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
