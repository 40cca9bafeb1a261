"""The front of a run: load -> check -> normalise -> lower, every namespace, every problem at once.

The check has two halves (`generator.check`): the repairs, which change the loaded documents and
are made here as the documents are loaded, and the verdict (the meta-schemas, the semantic checks,
the references), which only reads them. On a large spec the verdict is one of the costliest
steps of the front, and the second core is idle until the renders start: so when the documents
are large and this process may use two cores, the verdict runs in a forked child while this
process normalises the repaired documents. Nothing is decided on the normalised bundles until the
verdict is in: a document with errors is reported exactly as a serial run reports it (every
problem, sorted, exit 2 from the CLI), and whatever normalising it found or raised is dropped;
lowering starts only after a clean verdict. The child is stopped and reaped if this process is
interrupted, and a child that fails or gives no verdict is replaced by the verdict computed here,
so the result never depends on whether the child ran.

The costliest part of a cold verdict is compiling the two meta-schema validators, which needs no
document: on such a run another child compiles them while the documents are loaded and hands
the verdict child their code (`check.meta_schema_code`), so the verdict is in at about the time
normalising is done.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import progress
from generator.config import Config
from generator.errors import Diagnostic, ShapegenError
from generator.forked import Forked

if TYPE_CHECKING:
    from generator import ir
    from generator.check import _Report
    from generator.load import Document
    from generator.normalise import Bundle
    from generator.pipeline import Loaded

# the verdict runs beside normalising only for documents at least this large (bytes, all the
# namespaces' files): below it a fork costs more than it saves, and a process that checks many
# small projects (a test session, `watch`) keeps its compiled meta-schema validators
OVERLAP_BYTES = 1 << 20


def load_checked(config: Config) -> Loaded:
    """Every namespace loaded and checked; every problem of every namespace reported at once
    (errors raise, with the warnings beside them); warnings returned with the model."""
    from generator import ir
    from generator.check import repair
    from generator.dropped_defaults import dropped_defaults
    from generator.load import load_documents
    from generator.lower import lower
    from generator.pipeline import Loaded, _documents_of, _pattern_risks, strictly, with_lines

    seconds = {"load": 0.0, "check": 0.0, "normalise": 0.0, "lower": 0.0}
    problems: list[Diagnostic] = []
    documents: dict[str, dict[Path, Document]] = {}
    pending: dict[int, tuple[Document, _Report]] = {}  # repaired documents whose verdict is still to come
    normalised: dict[str, Bundle | ShapegenError] = {}
    early: dict[str, tuple[Bundle, ir.Namespace | Exception]] = {}  # lowered while the verdict is out
    verdicts: Verdicts | None = None
    failure: Exception | None = None
    compiler = _compile_early(config)
    try:
        for ns, root_file in config.namespaces.items():
            progress.stage(f"loading and checking {ns}")
            started = time.perf_counter()
            try:
                documents[ns] = load_documents(root_file, config.root, referrer=config.where(f"namespaces.{ns}"))
            except ShapegenError as exc:
                problems.extend(exc.diagnostics)
                continue
            finally:
                seconds["load"] += time.perf_counter() - started
            started = time.perf_counter()
            for doc in documents[ns].values():  # repaired now, in the order a serial check repairs them
                if doc.diagnostics is None and id(doc) not in pending:
                    report = repair(doc)
                    if report is not None:
                        pending[id(doc)] = (doc, report)
            seconds["check"] += time.perf_counter() - started

        if not problems and _worth_forking(pending):
            child = _verdict_child(documents, pending, compiler)
            try:
                normalised = _normalise(config, seconds)
                _meanwhile()
                early = _lower_ahead(normalised, seconds)
            except Exception as exc:  # noqa: BLE001 - raised below, if the verdict finds the documents sound
                failure = exc
            except BaseException:  # an interruption: the child is stopped and reaped
                _joined(child, interrupted=True)
                raise
            started = time.perf_counter()
            verdicts = _joined(child, interrupted=False)
            seconds["check"] += time.perf_counter() - started  # the wait for the verdict
        elif pending:
            _use_compiled(compiler)  # the verdict is worked out here, with the code compiled meanwhile
    finally:
        if compiler is not None:
            compiler.reap(stop=True)  # done (its output read), or no longer needed
    started = time.perf_counter()
    problems.extend(_checked(documents, pending, verdicts))
    seconds["check"] += time.perf_counter() - started
    problems = strictly(problems, config.strict)
    if any(d.severity == "error" for d in problems):
        raise ShapegenError.of(with_lines(problems, _documents_of(documents)))
    if failure is not None:
        raise failure
    _check_bundles(normalised)

    bundles: dict[str, Bundle] = {}
    namespaces: list[ir.Namespace] = []
    for ns, root_file in config.namespaces.items():
        try:
            if ns in normalised:
                found = normalised[ns]
                if isinstance(found, ShapegenError):
                    raise found
                bundles[ns] = found
            else:
                progress.stage(f"normalising and lowering {ns}")
                started = time.perf_counter()
                bundles[ns] = _bundle(config, ns, root_file)
                seconds["normalise"] += time.perf_counter() - started
            ahead = early.get(ns)
            if ahead is not None and ahead[0] is bundles[ns]:  # lowered while the verdict was out
                if isinstance(ahead[1], Exception):
                    raise ahead[1]
                namespaces.append(ahead[1])
                continue
            started = time.perf_counter()
            namespaces.append(lower(bundles[ns]))
            seconds["lower"] += time.perf_counter() - started
        except ShapegenError as exc:
            problems.extend(exc.diagnostics)
    model = ir.Model(tuple(namespaces))
    if not any(d.severity == "error" for d in problems):
        problems.extend(strictly(_pattern_risks(model, bundles.values()), config.strict))
        for lowered in namespaces:  # a default no language would carry is said, not dropped
            problems.extend(strictly(dropped_defaults(documents[lowered.name], lowered), config.strict))
    if any(d.severity == "error" for d in problems):
        raise ShapegenError.of(with_lines(problems, _documents_of(documents)))
    return Loaded(model, bundles, with_lines(problems, _documents_of(documents)), seconds)


def _bundle(config: Config, ns: str, root_file: Path, *, check: bool = True) -> Bundle:
    from generator.normalise import build_bundle

    return build_bundle(ns, root_file, config.root, check=check)


def _normalise(config: Config, seconds: dict[str, float]) -> dict[str, Bundle | ShapegenError]:
    """Every namespace normalised while the verdict is out: its bundle, or the error it raised."""
    out: dict[str, Bundle | ShapegenError] = {}
    for ns, root_file in config.namespaces.items():
        progress.stage(f"normalising and lowering {ns}")
        started = time.perf_counter()
        try:
            out[ns] = _bundle(config, ns, root_file, check=False)
        except ShapegenError as exc:
            out[ns] = exc
        seconds["normalise"] += time.perf_counter() - started
    return out


def _lower_ahead(
    normalised: dict[str, Bundle | ShapegenError], seconds: dict[str, float]
) -> dict[str, tuple[Bundle, ir.Namespace | Exception]]:
    """Every normalised bundle lowered while the verdict is still out, so that this process is
    not idle meanwhile: each bundle with its namespace, or the exception lowering it raised. Kept
    and used only once the verdict finds the documents sound, and only for a bundle that is still
    the one lowered (`_check_bundles` may replace it with an error): then a kept exception is
    raised in the namespace order, exactly where a serial run's lowering raises it; when the
    verdict finds errors, whatever lowering found is dropped, as normalising's findings are."""
    from generator.lower import lower

    out: dict[str, tuple[Bundle, ir.Namespace | Exception]] = {}
    for ns, found in normalised.items():
        if isinstance(found, ShapegenError):
            continue
        started = time.perf_counter()
        try:
            out[ns] = (found, lower(found))
        except Exception as exc:  # noqa: BLE001 - raised after a clean verdict, in order (above)
            out[ns] = (found, exc)
        finally:
            seconds["lower"] += time.perf_counter() - started
    return out


def _meanwhile() -> None:
    """While the verdict is still out: the modules the stages after it use, imported now (the
    languages' target modules are a third of a second), so that they cost no time after it. A
    module that fails to import fails again where it is used, as in a serial run."""
    try:
        import generator.decide  # noqa: F401
        import generator.dropped_defaults  # noqa: F401
        import generator.layer.patterns  # noqa: F401
        import generator.lower  # noqa: F401
        from generator.layer.registry import languages
        from generator.targets import available

        available()  # every target's module (the pipeline selects the run's targets after the front)
        languages()
    except Exception:  # noqa: BLE001 - see above
        pass


def _check_bundles(normalised: dict[str, Bundle | ShapegenError]) -> None:
    """What `build_bundle` checks after the verdict is in: the documents a bundle was built from
    (the ones checked, unless a file changed since it was loaded; then that one is checked now,
    as a serial run checks it)."""
    from generator.check import check_document

    for ns, found in normalised.items():
        if isinstance(found, ShapegenError):
            continue
        try:
            for doc in found.documents.values():
                check_document(doc)
        except ShapegenError as exc:
            normalised[ns] = exc


Verdicts = tuple[dict[int, list[Diagnostic]], dict[str, list[Diagnostic]]]


def _checked(
    documents: dict[str, dict[Path, Document]],
    pending: dict[int, tuple[Document, _Report]],
    verdicts: Verdicts | None,
) -> list[Diagnostic]:
    """Every namespace's check diagnostics, in namespace order, as `namespace_diagnostics` gives
    them: from the child (`verdicts`: each pending document's diagnostics, and each namespace's)
    or computed here. Each document keeps its diagnostics (`Document.diagnostics`)."""
    from generator.check import finish

    if verdicts is not None:
        by_doc, by_ns = verdicts
        if set(by_doc) == set(pending) and set(by_ns) == set(documents):
            for key, (doc, report) in pending.items():
                report.items[:] = by_doc[key]
                finish(doc, report)
            return [d for ns in documents for d in by_ns[ns]]
    by_doc, by_ns = _verdicts(documents, pending)
    return [d for ns in documents for d in by_ns[ns]]


def _verdicts(documents: dict[str, dict[Path, Document]], pending: dict[int, tuple[Document, _Report]]) -> Verdicts:
    """Each pending document's verdict added to its repairs (and kept on it), then each
    namespace's diagnostics (`namespace_diagnostics`, which now only reads what is kept)."""
    from generator.check import finish, namespace_diagnostics, verdict

    by_doc: dict[int, list[Diagnostic]] = {}
    for key, (doc, report) in pending.items():
        verdict(doc, report)
        by_doc[key] = finish(doc, report)
    by_ns: dict[str, list[Diagnostic]] = {}
    for ns, docs in documents.items():
        try:
            by_ns[ns] = namespace_diagnostics(docs)
        except ShapegenError as exc:
            by_ns[ns] = list(exc.diagnostics)
    return by_doc, by_ns


def _worth_forking(pending: dict[int, tuple[Document, _Report]]) -> bool:
    from generator.pipeline import _jobs

    if not pending or not hasattr(os, "fork") or _jobs() < 2:
        return False
    size = 0
    for doc, _ in pending.values():
        try:
            size += doc.path.stat().st_size
        except OSError:
            return False
    return size >= OVERLAP_BYTES


def _compile_early(config: Config) -> Forked | None:
    """A child compiling the meta-schema validators (`check.meta_schema_code`) while the
    documents are loaded, when the verdict is likely to run beside normalising (large root
    files, two cores) and this process has not compiled them yet."""
    from generator.check import meta_schema_code, validators_compiled
    from generator.pipeline import _jobs

    if not hasattr(os, "fork") or _jobs() < 2 or validators_compiled():
        return None
    try:
        size = sum(path.stat().st_size for path in config.namespaces.values())
    except OSError:
        return None
    return Forked.start(meta_schema_code) if size >= OVERLAP_BYTES else None


def _use_compiled(compiler: Forked | None) -> None:
    """The meta-schema validators' code from `compiler`, in this process, if it gives them."""
    from generator.check import use_meta_schema_code

    if compiler is not None and compiler.read >= 0:
        data = compiler.output()
        if data:
            try:
                use_meta_schema_code(data)
            except Exception:  # noqa: BLE001 - short or broken: compiled here instead
                pass


def _verdict_child(
    documents: dict[str, dict[Path, Document]], pending: dict[int, tuple[Document, _Report]], compiler: Forked | None
) -> Forked:
    import pickle

    def work() -> bytes:
        _use_compiled(compiler)
        return pickle.dumps(_verdicts(documents, pending), protocol=pickle.HIGHEST_PROTOCOL)

    child = Forked.start(work)
    if compiler is not None:
        compiler.close()  # the verdict child reads it now
    return child


def _joined(child: Forked, *, interrupted: bool) -> Verdicts | None:
    """The verdict child's verdicts, or None if it gave none; the child is reaped (and stopped
    first when this is an interruption)."""
    import pickle

    data = b""
    status = 1
    try:
        if not interrupted:
            data = child.output()
    finally:
        status = child.reap(stop=interrupted or not data)
    if status != 0 or not data:
        return None
    try:
        found = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a short or broken result: computed here instead
        return None
    return found if isinstance(found, tuple) and len(found) == 2 else None
