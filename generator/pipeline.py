"""The pipeline, in one direction: load -> check -> normalise -> lower -> decide -> render -> format -> plan.

`build` does everything in memory and returns a plan; nothing touches the output folder until
`write` is called, so a run that fails on a bad schema leaves `generated/` as it was.

`write` is atomic through a journal beside the output folder (`.<output>.shapegen-stage/`):

1. every new file is staged in `new/`, and every file it replaces or removes is hard-linked
   (or copied) into `old/`; a failure or a signal here removes the stage: the old tree stays;
2. `journal.json` is written (the commit point), then, with SIGINT and SIGTERM held back, the
   staged files are moved into place and stale ones removed; a failure, or a signal that
   arrived meanwhile, rolls every entry back from `old/`;
3. the journal is removed, then the stage.

A run killed outright leaves either a stage without a journal (removed) or a journal (rolled
back) which the next `generate` or `check` repairs first, so the tree is always the old one or
the new one, never a mix. Paths are checked before any is touched: every path written or removed
lies inside the output folder, and a symlink anywhere under it is an error, never followed.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import signal
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from typing import TYPE_CHECKING

from generator.config import Config
from generator.errors import Diagnostic, ShapegenError

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


def _black_cache(config: Config) -> Path | None:
    """black's cache, or None where the checkout is read-only (check must work there)."""
    folder = config.cache_dir / "black"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


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
    cache = _black_cache(config)
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
            if not _safe_relative(path):
                raise AssertionError(f"target {target.name} rendered {path!r}, which is not a plain relative path")
            files[path] = format_for(target, path, text, cache).encode("utf-8")
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


# ---------------------------------------------------------------- what is on disk


_LITTER = ("__pycache__", "node_modules", "target", ".mypy_cache", ".pytest_cache")
_PACKAGING_OUTPUT = ("build", "dist")


def _is_build_litter(rel: PurePosixPath | Path) -> bool:
    """Files that tools leave beside generated code (bytecode, installed packages, packaging
    output at the top of a target's folder): never generated, never stale."""
    return (
        any(part in _LITTER or part.endswith(".egg-info") or part.startswith(".") for part in rel.parts)
        or rel.suffix == ".pyc"
        or (len(rel.parts) > 1 and rel.parts[0] in _PACKAGING_OUTPUT)
    )


def _safe_relative(rel: str) -> bool:
    path = PurePosixPath(rel)
    return (
        bool(rel)
        and not path.is_absolute()
        and all(part not in ("", ".", "..") for part in rel.split("/"))
        and "\\" not in rel
        and "\0" not in rel
    )


def _symlink_error(path: Path, config: Config) -> ShapegenError:
    return ShapegenError(
        f"{_shown(path, config)} is a symbolic link; shapegen never follows or writes through links in its output",
        hint=f"remove the link (and commit real files, or none, under {_shown(config.output, config)})",
    )


def _shown(path: Path, config: Config) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _files_under(base: Path, config: Config) -> Iterator[tuple[PurePosixPath, Path]]:
    """(path relative to `base`, path) of every file under `base` outside tool folders; a
    symlink (to a file or a folder) is an error."""
    stack = [base]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise ShapegenError(f"cannot read {_shown(folder, config)}: {exc.strerror}") from None
        for entry in entries:
            path = Path(entry.path)
            rel = PurePosixPath(path.relative_to(base).as_posix())
            if entry.is_symlink():
                if not _is_build_litter(rel.parent) or rel.parent == PurePosixPath("."):
                    raise _symlink_error(path, config)
                continue
            if entry.is_dir(follow_symlinks=False):
                if not (rel.name in _LITTER or rel.name.endswith(".egg-info")):
                    stack.append(path)
            elif entry.is_file(follow_symlinks=False):
                yield rel, path


def check_output_folder(config: Config) -> None:
    """The output folder and every folder between it and the project are real folders (not
    symlinks), inside the project."""
    if config.confined and not config.output.resolve().is_relative_to(config.root.resolve()):
        raise ShapegenError(
            f"the output folder {str(config.output)!r} is outside the project",
            where=config.where("output"),
            hint="name a folder inside the project",
        )
    folder = config.output
    while True:
        if folder.is_symlink():
            raise _symlink_error(folder, config)
        if folder == config.root or folder.parent == folder or not config.confined:
            break
        folder = folder.parent
    if config.output.exists() and not config.output.is_dir():
        raise ShapegenError(
            f"the output {_shown(config.output, config)} is a file, not a folder", where=config.where("output")
        )


def owned_on_disk(config: Config, targets: list[Target]) -> set[str]:
    check_output_folder(config)
    out: set[str] = set()
    for target in targets:
        base = config.output / target.out_dir
        if base.is_symlink():
            raise _symlink_error(base, config)
        if not base.is_dir():
            continue
        for rel, _ in _files_under(base, config):
            if not _is_build_litter(rel) and target.owns(rel.as_posix()):
                out.add(f"{target.out_dir}/{rel.as_posix()}")
    return out


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
        if rel in on_disk and _read(path, config) == content:
            unchanged.append(rel)
        else:
            if path.is_symlink():
                raise _symlink_error(path, config)
            written.append(rel)
    removed = sorted(on_disk - set(plan.files))
    return Changes(sorted(written), sorted(unchanged), removed)


def _read(path: Path, config: Config) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ShapegenError(f"cannot read {_shown(path, config)}: {exc.strerror}") from None


# ---------------------------------------------------------------- writing, atomically


class FileSystem:
    """Every change `write` makes to the disk goes through here (a seam for fault injection)."""

    def mkdir(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)

    def write(self, path: Path, data: bytes) -> None:
        with open(path, "xb") as fh:
            fh.write(data)

    def link(self, src: Path, dst: Path) -> None:
        try:
            os.link(src, dst, follow_symlinks=False)
        except OSError:
            shutil.copyfile(src, dst, follow_symlinks=False)

    def replace(self, src: Path, dst: Path) -> None:
        os.replace(src, dst)

    def unlink(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def rmdir(self, path: Path) -> None:
        path.rmdir()

    def rmtree(self, path: Path) -> None:
        if path.is_symlink():
            path.unlink()
        elif path.exists():
            shutil.rmtree(path)


FS = FileSystem()
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def stage_folder(config: Config) -> Path:
    return config.output.parent / f".{config.output.name}.shapegen-stage"


@dataclass
class Repair:
    """What `recover` found and did."""

    found: bool = False
    rolled_back: int = 0
    removed_temporaries: int = 0
    problem: str | None = None

    def describe(self) -> str | None:
        if not self.found:
            return None
        if self.problem:
            return f"an interrupted earlier run left {self.problem}; run 'shapegen generate' where you may write"
        what = (
            f"rolled back {self.rolled_back} files of an interrupted run"
            if self.rolled_back
            else ("removed the leftovers of an interrupted run")
        )
        return f"shapegen: {what}; {_shown_generic(self)}"


def _shown_generic(repair: Repair) -> str:
    return "the output is as it was before that run"


def recover(config: Config, fs: FileSystem = FS) -> Repair:
    """Repair what an interrupted run left: roll back a committed journal, remove a stage and
    the `.shapegen-tmp-*` files of older shapegen versions."""
    repair = Repair()
    stage = stage_folder(config)
    try:
        if stage.is_symlink() or stage.exists():
            repair.found = True
            journal = stage / "journal.json"
            if not stage.is_symlink() and journal.is_file() and not journal.is_symlink():
                entries = _read_journal(journal, config)
                repair.rolled_back = _roll_back(config, stage, entries, fs)
                fs.unlink(journal)
            fs.rmtree(stage)
        if config.output.is_dir() and not config.output.is_symlink():
            for rel, path in _files_under(config.output, config):
                if rel.name.startswith(".shapegen-tmp-"):
                    repair.found = True
                    fs.unlink(path)
                    repair.removed_temporaries += 1
    except OSError as exc:
        repair.found = True
        repair.problem = f"{_shown(stage, config)} ({exc.strerror})"
    return repair


def _read_journal(journal: Path, config: Config) -> dict[str, list[str]]:
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
        written = [str(r) for r in entries["written"]]
        removed = [str(r) for r in entries["removed"]]
    except (ValueError, KeyError, TypeError):
        raise ShapegenError(
            f"{_shown(journal, config)} is not a journal shapegen wrote",
            hint=f"remove {_shown(journal.parent, config)} by hand, then run 'shapegen generate'",
        ) from None
    for rel in written + removed:
        if not _safe_relative(rel):
            raise ShapegenError(
                f"{_shown(journal, config)} names {rel!r}, a path outside the output folder",
                hint=f"remove {_shown(journal.parent, config)} by hand, then run 'shapegen generate'",
            )
    return {"written": written, "removed": removed}


def _roll_back(config: Config, stage: Path, entries: dict[str, list[str]], fs: FileSystem) -> int:
    """Every journal entry back to its old content (idempotent: safe to run again)."""
    count = 0
    for rel in entries["written"] + entries["removed"]:
        dest = config.output / rel
        _refuse_links(dest, config)
        old = stage / "old" / rel
        if old.is_file() and not old.is_symlink():
            fs.mkdir(dest.parent)
            fs.replace(old, dest)
            count += 1
        elif rel in entries["written"]:
            if dest.exists() or dest.is_symlink():
                count += 1
            fs.unlink(dest)
            _prune_empty(dest, config.output, fs)
    return count


def _refuse_links(dest: Path, config: Config) -> None:
    """No folder between the output root and `dest` (nor `dest`) is a symlink."""
    folder = dest
    while folder != config.output and folder != folder.parent:
        if folder.is_symlink():
            raise _symlink_error(folder, config)
        folder = folder.parent


def write(config: Config, plan: Plan, fs: FileSystem = FS) -> Changes:
    """Write the plan; the output folder ends as the old tree or the new one, never a mix."""
    repair = recover(config, fs)
    if repair.problem:
        raise ShapegenError(repair.describe() or "leftovers of an interrupted run")
    changes = compare(config, plan)
    if not changes.written and not changes.removed:
        return changes
    for rel in changes.written + changes.removed:
        _refuse_links(config.output / rel, config)
    stage = stage_folder(config)
    try:
        _stage(config, plan, changes, stage, fs)
    except BaseException as exc:
        _discard(stage, fs)
        raise _as_user_error(exc, config) from None
    _commit(config, changes, stage, fs)
    return changes


def _as_user_error(exc: BaseException, config: Config) -> BaseException:
    if isinstance(exc, OSError):
        name = exc.filename if isinstance(exc.filename, str) else ""
        shown = _shown(Path(name), config) if name else _shown(config.output, config)
        return ShapegenError(
            f"cannot write {shown}: {exc.strerror or exc}",
            hint=f"make {_shown(config.output, config)} and the project folder writable; the output is unchanged",
        )
    return exc


def _stage(config: Config, plan: Plan, changes: Changes, stage: Path, fs: FileSystem) -> None:
    fs.rmtree(stage)
    fs.mkdir(stage)
    for rel in changes.written:
        target = stage / "new" / rel
        fs.mkdir(target.parent)
        fs.write(target, plan.files[rel])
    for rel in changes.written + changes.removed:
        dest = config.output / rel
        if dest.is_file():
            backup = stage / "old" / rel
            fs.mkdir(backup.parent)
            fs.link(dest, backup)
    journal = stage / "journal.json"
    fs.write(stage / "journal.tmp", json.dumps({"written": changes.written, "removed": changes.removed}).encode())
    fs.replace(stage / "journal.tmp", journal)


def _commit(config: Config, changes: Changes, stage: Path, fs: FileSystem) -> None:
    held = _hold_signals()
    failure: BaseException | None = None
    # what has been applied, so that a failure rolls back only that (a folder the system refuses
    # to write to is then left alone); a new file's folders are pruned even when its move failed
    applied: dict[str, list[str]] = {"written": [], "removed": []}
    try:
        for rel in changes.written:
            dest = config.output / rel
            if not (stage / "old" / rel).exists():
                applied["written"].append(rel)
            fs.mkdir(dest.parent)
            fs.replace(stage / "new" / rel, dest)
            if rel not in applied["written"]:
                applied["written"].append(rel)
        for rel in changes.removed:
            fs.unlink(config.output / rel)
            applied["removed"].append(rel)
            _prune_empty(config.output / rel, config.output, fs)
        if _signal_pending():
            raise KeyboardInterrupt
    except BaseException as exc:
        failure = exc
    try:
        if failure is not None:
            _roll_back(config, stage, applied, fs)
        fs.unlink(stage / "journal.json")  # from here on, the new tree (or the old, rolled back) is final
    except BaseException as exc:  # the journal stays: the next run rolls back
        failure = failure or exc
    _discard(stage, fs)
    _release_signals(held)
    if failure is not None:
        raise _as_user_error(failure, config) from None


def _discard(stage: Path, fs: FileSystem) -> None:
    try:
        if not (stage / "journal.json").exists():
            fs.rmtree(stage)
    except Exception:
        pass  # the next run removes it


def _hold_signals() -> bool:
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        return True
    except (AttributeError, ValueError, OSError):
        return False


def _signal_pending() -> bool:
    try:
        return bool(signal.sigpending() & _SIGNALS)
    except (AttributeError, OSError):
        return False


def _release_signals(held: bool) -> None:
    if held:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)


def _prune_empty(path: Path, root: Path, fs: FileSystem = FS) -> None:
    folder = path.parent
    while folder != root and folder.is_relative_to(root) and folder.is_dir() and not any(folder.iterdir()):
        fs.rmdir(folder)
        folder = folder.parent


def diff(config: Config, plan: Plan, changes: Changes) -> str:
    chunks: list[str] = []
    for rel in changes.written:
        path = config.output / rel
        old_bytes = _read(path, config) if path.is_file() else None
        old = old_bytes.decode("utf-8", "replace").splitlines(keepends=True) if old_bytes is not None else []
        new = plan.files[rel].decode("utf-8").splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(old, new, f"a/{rel}", f"b/{rel}"))
    for rel in changes.removed:
        old_bytes = _read(config.output / rel, config) or b""
        old = old_bytes.decode("utf-8", "replace").splitlines(keepends=True)
        chunks.extend(difflib.unified_diff(old, [], f"a/{rel}", "/dev/null"))
    return "".join(chunks)


def print_warnings(warnings: list[Diagnostic], stream: Any = None) -> None:
    stream = stream or sys.stderr
    for warning in warnings:
        print(f"shapegen: warning: {warning.render()}", file=stream)


# ---------------------------------------------------------------- no-op runs: a manifest of inputs and outputs


_CODE = Path(__file__).resolve().parent
_TEMPLATES = _CODE.parent / "templates"


def _code_fingerprint() -> str:
    """shapegen's own code, templates and the versions of what renders and formats: a change to
    any of them can change every output."""
    import hashlib

    import jinja2

    digest = hashlib.sha256(f"{sys.version}\0{jinja2.__version__}".encode())
    try:
        from importlib.metadata import version

        digest.update(version("black").encode())
    except Exception:  # noqa: BLE001 - black's version only sharpens the key
        pass
    for folder in (_CODE, _TEMPLATES):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _manifest_path(config: Config, targets: list[str]) -> Path:
    import hashlib

    key = hashlib.sha256(json.dumps([str(config.root), str(config.output), targets]).encode()).hexdigest()[:16]
    return config.cache_dir / "shapegen" / f"manifest-{key}.json"


def _settings(config: Config, targets: list[str]) -> str:
    return json.dumps(
        {
            "namespaces": {ns: str(p) for ns, p in config.namespaces.items()},
            "targets": targets,
            "options": config.options,
            "strict": config.strict,
            "confined": config.confined,
        },
        sort_keys=True,
        default=str,
    )


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def remember(config: Config, plan: Plan) -> None:
    """Record what this (successful, fresh) output was made from, for `unchanged`."""
    documents = {str(doc.path): doc.digest for bundle in plan.bundles.values() for doc in bundle.documents.values()}
    manifest = {
        "code": _code_fingerprint(),
        "settings": _settings(config, [t.name for t in plan.targets]),
        "folders": sorted({t.out_dir for t in plan.targets}),
        "documents": documents,
        "files": {rel: _sha(content) for rel, content in plan.files.items()},
        "warnings": [[d.severity, d.message, d.where, d.hint] for d in plan.warnings],
        "shapes": [
            sum(len(ns.shapes) for ns in plan.model.namespaces),
            sum(len(ns.top_level) for ns in plan.model.namespaces),
        ],
    }
    path = _manifest_path(config, [t.name for t in plan.targets])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(manifest), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout: every run is a full one


@dataclass
class Unchanged:
    files: int
    shapes: int
    top_level: int
    warnings: list[Diagnostic]


def unchanged(config: Config, target_names: list[str] | None = None) -> Unchanged | None:
    """When neither the inputs (every schema document, the settings, shapegen itself) nor the
    output have changed since a run recorded them, what that run found; else None. The output is
    compared byte for byte by hash, and any other file in the targets' folders (outside tool
    folders) sends the run the full way, so a hand edit or a stale file is still found. No stage
    and no target module is imported on this path."""
    names = list(target_names or config.targets)
    try:
        manifest = json.loads(_manifest_path(config, names).read_text(encoding="utf-8"))
        if manifest["settings"] != _settings(config, names):
            return None
        for name, digest in manifest["documents"].items():
            if _sha(Path(name).read_bytes()) != digest:
                return None
        if manifest["code"] != _code_fingerprint():
            return None
        files: dict[str, str] = manifest["files"]
        check_output_folder(config)
        on_disk: set[str] = set()
        for out_dir in manifest["folders"]:
            base = config.output / out_dir
            if base.is_symlink():
                raise _symlink_error(base, config)
            on_disk |= {
                f"{out_dir}/{rel.as_posix()}" for rel, _ in _files_under(base, config) if not _is_build_litter(rel)
            }
        if on_disk != set(files):
            return None
        for rel, digest in files.items():
            if _sha((config.output / rel).read_bytes()) != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if stage_folder(config).exists():
        return None
    warnings = strictly((Diagnostic(*w) for w in manifest["warnings"]), config.strict)
    if any(d.severity == "error" for d in warnings):
        raise ShapegenError.of(warnings)
    shapes, top = manifest["shapes"]
    return Unchanged(len(files), shapes, top, warnings)
