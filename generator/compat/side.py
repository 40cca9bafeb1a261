"""One side of a comparison: a project's schema lowered to the IR, with source positions.

A side is read from a folder (a copy of the project) or from a git revision: the configuration
at that revision (shapegen.toml, or pyproject.toml with its [tool.shapegen] table) and the folder
that holds the namespaces' files it names (wherever they live: `api/`, `schema/`, the project
folder itself) are extracted with `git archive` into a temporary folder, so the working tree is
never touched.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from generator.visible import visible
from generator import ir
from generator.config import PYPROJECT, SHAPEGEN_TOML, Config, config_file, load_config
from generator.errors import ShapegenError
from generator.load import Document
from generator.normalise import Bundle
from generator.pipeline import load_model


class Positions:
    """Lines of JSON pointers in the documents of some bundles (computed on demand)."""

    def __init__(self, bundles: dict[str, Bundle]):
        self.docs: dict[str, Document] = {}
        for bundle in bundles.values():
            for doc in bundle.documents.values():
                self.docs.setdefault(doc.rel, doc)

    def line(self, file: str, pointer: str) -> int | None:
        """The 1-based line of `pointer` in `file` (or of its nearest written ancestor)."""
        doc = self.docs.get(file)
        if doc is None:
            return None
        try:
            pos = doc.source.position(pointer)
        except Exception:  # a file that changed under us: no line, the pointer still says where
            return None
        return pos[0] if pos else None


@dataclass
class Side:
    label: str  # what the user named: a revision, a folder, "working tree"
    config: Config
    model: ir.Model
    bundles: dict[str, Bundle]
    version: str | None  # [tool.shapegen] version
    positions: Positions = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.positions = Positions(self.bundles)

    def namespace(self, name: str) -> ir.Namespace | None:
        return next((ns for ns in self.model.namespaces if ns.name == name), None)

    def line(self, file: str, pointer: str) -> int | None:
        return self.positions.line(file, pointer)


def _table(path: Path | None) -> dict[str, object]:
    """The shapegen table of a configuration file ({} when there is none or it cannot be read)."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    table = data if path.name == SHAPEGEN_TOML else data.get("tool", {}).get("shapegen", {})
    return table if isinstance(table, dict) else {}


def project_version(root: Path) -> str | None:
    """The version the configuration writes down (None when it leaves it to the default)."""
    value = _table(config_file(root)).get("version")
    return str(value) if value is not None else None


def load_side(root: Path, label: str) -> Side:
    config = load_config(root)
    model, bundles = load_model(config)
    return Side(label, config, model, bundles, project_version(root))


def _git(root: Path, *args: str, hint: str | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise ShapegenError("git is not installed", hint="pass a folder holding the other copy instead") from None
    if done.returncode != 0:
        raise ShapegenError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}", hint=hint)
    return done.stdout


def _exists(top: Path, ref: str, path: str) -> bool:
    done = subprocess.run(["git", "cat-file", "-e", f"{ref}:{path}"], cwd=top, capture_output=True, check=False)
    return done.returncode == 0


def _spec_folder(table: dict[str, object], config_name: str) -> str:
    """The folder, relative to the project, that holds every namespace file the table names (the
    deepest one they share): what a revision's specs and the files they refer to live in."""
    namespaces = table.get("namespaces")
    files = [str(f).replace("\\", "/") for f in namespaces.values()] if isinstance(namespaces, dict) else []
    if not files:
        raise ShapegenError(
            f"the {config_name} at that revision names no namespaces",
            hint="compare against a revision whose configuration has its namespaces",
        )
    parts = [Path(f).parent.parts for f in files]
    shared: list[str] = []
    for column in zip(*parts):
        if len(set(column)) != 1 or column[0] == "..":
            break
        shared.append(column[0])
    return "/".join(shared)


def extract_revision(root: Path, ref: str, into: Path) -> None:
    """The configuration of `ref` and the folder of the namespace files it names, into `into`
    (the project-relative layout kept). The output folder, if it lies inside, is left out."""
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    except ShapegenError:
        raise ShapegenError(
            f"--against {visible(ref)!r}: {root} is not in a git repository, and no such folder exists",
            hint="--against takes a branch, tag or commit of the project's git repository, or a folder "
            "holding another copy of the project",
        ) from None
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ShapegenError:
        raise ShapegenError(
            f"--against {ref!r}: no such revision in this repository",
            hint="--against takes a branch, tag or commit (git log shows them), or a folder holding "
            "another copy of the project",
        ) from None
    config_name = next(
        (
            name
            for name in (SHAPEGEN_TOML, PYPROJECT)
            if _exists(top, ref, prefix + name)
            and (name == SHAPEGEN_TOML or b"[tool.shapegen" in _git(top, "show", f"{ref}:{prefix}{name}"))
        ),
        None,
    )
    if config_name is None:
        raise ShapegenError(
            f"{ref} has no shapegen configuration in {prefix or 'the project folder'} "
            "(no shapegen.toml, no pyproject.toml with [tool.shapegen])",
            hint="compare against a revision made after the project adopted shapegen",
        )
    (into / config_name).write_bytes(_git(top, "show", f"{ref}:{prefix}{config_name}"))
    table = _table(into / config_name)
    folder = _spec_folder(table, config_name)
    output = str(table.get("output", "generated")).strip("/")
    paths = [f"{prefix}{folder}" if folder else prefix or "."]
    if not folder or output.startswith(folder + "/"):
        paths.append(f":(exclude){prefix}{output}")
    archive = _git(
        top,
        "archive",
        "--format=tar",
        ref,
        "--",
        *paths,
        hint=f"the {config_name} at {ref} names its specs under {folder or 'the project folder'!r}; "
        "are they committed there?",
    )
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if not (member.isfile() or member.isdir()):
                continue
            name = member.name[len(prefix) :] if member.name.startswith(prefix) else member.name
            target = into / name
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            extracted = tar.extractfile(member)
            assert extracted is not None
            target.write_bytes(extracted.read())


def load_against(root: Path, against: str) -> Side:
    """The other side: a folder if `against` names one, else a git revision of `root`."""
    folder = Path(against)
    try:
        is_project = folder.is_dir() and config_file(folder) is not None
    except OSError:  # a name too long for a path (or unreadable): then it can only be a revision
        is_project = False
    if is_project:
        return load_side(folder.resolve(), against)
    with tempfile.TemporaryDirectory(prefix="shapegen-against-") as tmp:
        extract_revision(root, against, Path(tmp))
        side = load_side(Path(tmp), against)
        # positions are computed lazily from the files: read every document's node tree now
        for bundle in side.bundles.values():
            for doc in bundle.documents.values():
                try:
                    doc.source.position("")
                except Exception:
                    pass
        return side


@dataclass
class DocumentSide:
    """A side made of one OpenAPI document outside any project (a vendor's spec): one namespace."""

    label: str
    model: ir.Model
    bundles: dict[str, Bundle]
    version: str | None = None
    positions: Positions = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.positions = Positions(self.bundles)

    def namespace(self, name: str) -> ir.Namespace | None:
        return next((ns for ns in self.model.namespaces if ns.name == name), None)

    def line(self, file: str, pointer: str) -> int | None:
        return self.positions.line(file, pointer)


def load_document(path: Path, namespace: str, *, check: bool = False) -> DocumentSide:
    """A document shapegen only reads: the meta-schema checks are off unless asked for; its
    folder is its root (files are shown relative to it, and `$ref`s stay inside it)."""
    from generator.lower import lower
    from generator.normalise import build_bundle

    path = path.resolve()
    bundle = build_bundle(namespace, path, path.parent, check=check)
    return DocumentSide(str(path), ir.Model((lower(bundle),)), {namespace: bundle})
