"""One side of a comparison: a project's schema lowered to the IR, with source positions.

A side is read from a folder (a copy of the project) or from a git revision: `schema/` and
`pyproject.toml` at that revision are extracted with `git archive` into a temporary folder, so
the working tree is never touched.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from generator import ir
from generator.config import Config, load_config
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


def project_version(root: Path) -> str | None:
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    value = data.get("tool", {}).get("shapegen", {}).get("version")
    return str(value) if value is not None else None


def load_side(root: Path, label: str) -> Side:
    config = load_config(root)
    model, bundles = load_model(config)
    return Side(label, config, model, bundles, project_version(root))


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise ShapegenError("git is not installed", hint="pass a folder holding the other copy instead") from None
    if done.returncode != 0:
        raise ShapegenError(
            f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}",
            hint="--against takes a git revision (a branch, tag or commit) or a folder",
        )
    return done.stdout


def extract_revision(root: Path, ref: str, into: Path) -> None:
    """`schema/` and `pyproject.toml` of `ref` into `into` (the project-relative layout kept)."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    paths = [f"{prefix}pyproject.toml", f"{prefix}schema"]
    archive = _git(top, "archive", "--format=tar", ref, "--", *paths)
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
        is_project = folder.is_dir() and (folder / "pyproject.toml").is_file()
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
