"""No-op runs: a manifest of what the last successful run read and wrote.

The manifest lies in the checkout's cache, so it is verified, never trusted: every schema
document and every output file it names must be the very file shapegen sealed when it wrote
the manifest (same device, inode, change time and bytes; see `generator.output.cache`), every
document path lies inside the project, and nothing but regular files is read. A manifest that
came with the checkout (committed, unpacked, forged) never matches, and the run goes the full
way. Only `generate` uses it; `check` always compares the output with a fresh render.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from generator.config import Config
from generator.errors import Diagnostic, ShapegenError
from generator.output import cache, parallel
from generator.output.guards import Changes, Seals, check_output_folder, is_litter, safe_relative, symlink_error, walk
from generator.output.journal import stage_folder

if TYPE_CHECKING:
    from generator.pipeline import Plan


_CODE = Path(__file__).resolve().parent.parent
_TEMPLATES = _CODE.parent / "templates"


def _code_fingerprint() -> str:
    """shapegen's own code, templates and the versions of what renders and formats: a change to
    any of them can change every output. Worked out once per run inside `one_look` (the manifest
    and the render cache both key on it), else each time."""
    return (_RUN or Code()).fingerprint()


def _fingerprint_now() -> str:
    import hashlib

    import jinja2

    digest = hashlib.sha256(f"{sys.version}\0{jinja2.__version__}".encode())
    digest.update(_black_version())
    for folder in (_CODE, _TEMPLATES):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _black_version() -> bytes:
    """black's version (it only sharpens the key): the module `_black_version` that black's build
    writes beside it, read as a file; else from black's distribution (importlib.metadata reads
    every installed distribution's record to find it: 0.02-0.1 s on the path of every run that
    renders); else nothing."""
    from importlib.util import find_spec

    try:
        spec = find_spec("_black_version")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        data = cache.read_regular(spec.origin, 64 * 1024)
        if data is not None:
            return data
    try:
        from importlib.metadata import version

        return version("black").encode()
    except Exception:  # noqa: BLE001 - black's version only sharpens the key
        return b""


def _code_identities() -> dict[str, list[int] | None]:
    """The identity (`cache.identity`) of every file `_code_fingerprint` reads, and of the files
    that carry jinja2's and black's versions: what lets a no-op run vouch for the fingerprint
    without reading the code (or importing jinja2), as it vouches for output files."""
    from importlib.util import find_spec

    paths: list[str] = []
    for folder in (_CODE, _TEMPLATES):
        for where, folders, names in os.walk(folder):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            paths += [os.path.join(where, name) for name in sorted(names)]
    for module in ("jinja2", "black", "_black_version"):
        try:
            spec = find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            paths.append(spec.origin)
    return {path: cache.identity(Path(path)) for path in paths}


class Code:
    """shapegen's own code as one run sees it: its fingerprint (`_code_fingerprint`) and its
    files' identities (`_code_identities`), each worked out at most once per run and only when
    asked. Never kept across runs: `watch` and in-process callers edit templates between them."""

    def __init__(self) -> None:
        self._fingerprint: str | None = None
        self._identities: dict[str, list[int] | None] | None = None
        # the last run's records of its output files, as `unchanged` found them in its manifest
        # (even when something else changed since): `write` compares a file it vouches for by hash
        self.seals: Seals | None = None
        # the last run's fingerprint, with the identities of the files it was worked out from and
        # the moment they were sealed (its manifest's "code", "code_files" and "mark")
        self.recorded: tuple[str, Any, int] | None = None

    def fingerprint(self) -> str:
        """The fingerprint: the recorded one where every file it was worked out from is that very
        file (`vouched`), else worked out now (read and hashed)."""
        if self._fingerprint is None:
            self._fingerprint = self.vouched() or _fingerprint_now()
        return self._fingerprint

    def vouched(self) -> str | None:
        """The recorded fingerprint, when the code's files have the identities recorded with it
        and none was racy or coarse when they were sealed (see `cache.vouched`); else None."""
        if self.recorded is None:
            return None
        fingerprint, files, mark = self.recorded
        if not isinstance(fingerprint, str) or not isinstance(files, dict) or files != self.identities():
            return None
        if all(isinstance(ident, list) and not cache.racy(ident[2], mark) for ident in files.values()):
            return fingerprint
        return None

    def identities(self) -> dict[str, list[int] | None]:
        if self._identities is None:
            self._identities = _code_identities()
        return self._identities


_RUN: Code | None = None


@contextmanager
def one_look() -> Iterator[Code]:
    """The block is one run: shapegen's code is looked at (hashed, its files' identities taken)
    at most once in it, by the manifest and the render cache alike."""
    global _RUN
    previous, _RUN = _RUN, Code()
    try:
        yield _RUN
    finally:
        _RUN = previous


def _code_unchanged(manifest: dict[str, Any], code: Code) -> bool:
    """Whether shapegen's code is what the manifest's run used (`unchanged` has given `code` the
    manifest's record): vouched for by every file's identity when none is racy or coarse (see
    `cache.vouched`), else by the fingerprint worked out now."""
    return bool(manifest["code"] == code.fingerprint())


def _manifest_path(config: Config, targets: list[str], create: bool = False) -> Path | None:
    import hashlib

    folder = cache.folder(config, "shapegen", create=create)
    if folder is None:
        return None
    key = hashlib.sha256(json.dumps([str(config.root), str(config.output), targets]).encode()).hexdigest()[:16]
    return folder / f"manifest-{key}.json"


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


def remember(config: Config, plan: Plan, code: Code | None = None, changes: Changes | None = None) -> None:
    """Record what this (successful, fresh) output was made from, for `unchanged`: every input
    document and every output file sealed as it is on disk now, and the file system's clock just
    before the seals were taken (what tells a racy file, `cache.vouched`). `code`: shapegen's code as
    this run saw it (`unchanged` may have worked some of it out already); `changes`: what `write`
    found, with the hashes of the files it compared by hash (each file's bytes are hashed once)."""
    code = code or _RUN or Code()
    folder = cache.folder(config, "shapegen", create=True)
    path = _manifest_path(config, [t.name for t in plan.targets], create=True)
    if folder is None or path is None:
        return
    # first what does not depend on the moment the seals are taken: the files written just now
    # are then further from it, and `_settled` waits less often
    documents: dict[str, Any] = {}
    for bundle in plan.bundles.values():
        for doc in bundle.documents.values():
            sealed = cache.seal(Path(doc.path))
            if sealed is None or sealed["sha256"] != doc.digest:
                return  # changed while the run read it: no manifest, the next run is a full one
            documents[str(doc.path)] = sealed
    digests = dict(changes.digests) if changes is not None else {}
    contents = plan.files
    parallel.each(lambda rel: digests.__setitem__(rel, _sha(contents[rel])), [r for r in contents if r not in digests])
    fingerprint, code_files = code.fingerprint(), code.identities()
    settled = _settled(config, plan, folder)
    if settled is None:
        return  # an output file is missing or not a regular file: no manifest
    mark, identities = settled
    files = {rel: {"identity": identities[rel], "sha256": digests[rel]} for rel in contents}
    manifest = {
        "code": fingerprint,
        "code_files": code_files,
        "settings": _settings(config, [t.name for t in plan.targets]),
        "folders": sorted({t.out_dir for t in plan.targets}),
        "mark": mark,
        "documents": documents,
        "files": files,
        "warnings": [[d.severity, d.message, d.where, d.hint] for d in plan.warnings],
        "shapes": [
            sum(len(ns.shapes) for ns in plan.model.namespaces),
            sum(len(ns.top_level) for ns in plan.model.namespaces),
        ],
    }
    try:
        cache.write_atomically(path, json.dumps(manifest).encode("utf-8"))
    except OSError:
        pass  # a read-only checkout: every run is a full one


# more output files than this changed just now (a swapped folder's kept files are linked anew),
# or more bytes than this (the vendor spec's 9 MB Rust module, rewritten by a one-line edit):
# wait until none is racy before sealing, rather than have every later no-op run hash them all
_RACY_MOST = 64
_RACY_BYTES = 1 << 20


def _settled(config: Config, plan: Plan, folder: Path) -> tuple[int, dict[str, list[int]]] | None:
    """The mark for the seals (`cache.vouched`), and every output file's identity taken after it
    (`cache.identity`): the mark is the file system's clock now, or, when many output files (or
    many bytes) were changed within a clock tick of it, once they no longer are (the identities
    are then taken again). None when an output file is missing or is not a regular file."""
    import time

    mark = cache.clock(folder)
    taken = _identities(os.fspath(config.output), plan.files, mark)
    if taken is None:
        return None
    identities, newest, racy, racy_bytes = taken
    if racy <= _RACY_MOST and racy_bytes <= _RACY_BYTES:
        return mark, identities
    while mark < newest + cache.RACY_NS:
        time.sleep((newest + cache.RACY_NS - mark) / 1e9)
        mark = cache.clock(folder)
    taken = _identities(os.fspath(config.output), plan.files, mark)
    return (mark, taken[0]) if taken is not None else None


def _identities(out: str, files: Iterable[str], mark: int) -> tuple[dict[str, list[int]], int, int, int] | None:
    """Each file's identity (as `cache.identity` gives it; one lstat each), with the newest change
    time among the racy ones (`cache.racy` with `mark`), how many are racy and their bytes; None
    when one is missing or not a regular file."""
    identities: dict[str, list[int]] = {}

    def one(rel: str) -> None:
        info = os.lstat(f"{out}/{rel}")
        if not stat.S_ISREG(info.st_mode):
            raise FileNotFoundError(rel)
        identities[rel] = [info.st_dev, info.st_ino, info.st_ctime_ns, info.st_mtime_ns, info.st_size]

    try:
        parallel.each(one, list(files))
    except OSError:
        return None
    newest, racy, racy_bytes = 0, 0, 0
    for ident in identities.values():
        if cache.racy(ident[2], mark):
            racy += 1
            racy_bytes += ident[4]
            newest = max(newest, ident[2])
    return identities, newest, racy, racy_bytes


@dataclass
class Unchanged:
    files: int
    shapes: int
    top_level: int
    warnings: list[Diagnostic]


def unchanged(config: Config, target_names: list[str] | None = None, code: Code | None = None) -> Unchanged | None:
    """When neither the inputs (every schema document, the settings, shapegen itself) nor the
    output have changed since a run recorded them, what that run found; else None. Every output
    file must be the very file the run sealed (its identity, and its bytes wherever the identity
    cannot vouch for them: `cache.vouched`), and any other file in the targets' folders (outside
    tool folders) sends the run the full way, so a hand edit or a stale file is still found. The
    schema documents are hashed every time. No stage and no target module is imported on this
    path."""
    from generator.pipeline import strictly

    names = list(target_names or config.targets)
    path = _manifest_path(config, names)
    manifest = cache.read_json(path) if path is not None else None
    run = code or _RUN or Code()
    try:
        if isinstance(manifest, dict) and isinstance(manifest.get("files"), dict):
            run.seals = (manifest["files"], int(manifest["mark"]))
            run.recorded = (manifest["code"], manifest["code_files"], int(manifest["mark"]))
        if not isinstance(manifest, dict) or manifest["settings"] != _settings(config, names):
            return None
        root = config.root.resolve()
        for name, record in manifest["documents"].items():
            document = Path(name)
            if not document.is_absolute() or (config.confined and not document.resolve().is_relative_to(root)):
                return None
            if not cache.sealed(document, record):
                return None
        files: dict[str, Any] = manifest["files"]
        mark = int(manifest["mark"])
        if not _code_unchanged(manifest, run):
            return None
        check_output_folder(config)
        seen: set[str] = set()
        for out_dir in manifest["folders"]:
            if not safe_relative(out_dir):
                return None
            base = config.output / out_dir
            if base.is_symlink():
                raise symlink_error(base, config)
            # every file in the folders is one the manifest sealed, and is that very file
            for rel, where in walk(base, config):
                if is_litter(rel):
                    continue
                key = f"{out_dir}/{rel}"
                if key in seen or not cache.vouched(where, files.get(key), mark):
                    return None
                seen.add(key)
        if len(seen) != len(files):  # a file the manifest names is missing (every other was walked)
            return None
        warnings = strictly((Diagnostic(*w) for w in manifest["warnings"]), config.strict)
        shapes, top = (int(n) for n in manifest["shapes"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if stage_folder(config).exists():
        return None
    if any(d.severity == "error" for d in warnings):
        raise ShapegenError.of(warnings)
    return Unchanged(len(files), shapes, top, warnings)
