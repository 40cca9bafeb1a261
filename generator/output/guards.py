"""What is on disk under the output folder, read without following a link: the guards every
other part of `generator.output` goes through, and the comparison of a plan with the disk."""

from __future__ import annotations


import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Iterator

from generator.config import Config
from generator.errors import ShapegenError
from generator.output import parallel
from generator.output.cache import vouched
from generator.rules import NAME_MAX

if TYPE_CHECKING:
    from generator.pipeline import Plan
    from generator.targets.base import Target


_LITTER = ("__pycache__", "node_modules", "target", ".mypy_cache", ".pytest_cache")
_PACKAGING_OUTPUT = ("build", "dist")
# what a litter path has in it besides a part that starts with '.' (as .mypy_cache does)
_LITTER_WORDS = tuple(word for word in _LITTER if not word.startswith("."))
_LITTER_STARTS = (".", *(f"{folder}/" for folder in _PACKAGING_OUTPUT))


def safe_relative(rel: str) -> bool:
    path = PurePosixPath(rel)
    return (
        bool(rel)
        and not path.is_absolute()
        and all(part not in ("", ".", "..") for part in rel.split("/"))
        and "\\" not in rel
        and "\0" not in rel
    )


def symlink_error(path: Path, config: Config) -> ShapegenError:
    return ShapegenError(
        f"{shown(path, config)} is a symbolic link; shapegen never follows or writes through links in its output",
        hint=f"remove the link (and commit real files, or none, under {shown(config.output, config)})",
    )


def shown(path: Path, config: Config) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def walk(base: Path | str, config: Config) -> Iterator[tuple[str, str]]:
    """(path relative to `base`, path) of every file under `base` outside tool folders, as plain
    strings sorted by name within each folder (a no-op run walks every output file, and a Path per
    file is most of that cost); a symlink (to a file or a folder) is an error."""
    root = os.fspath(base)
    stack: list[tuple[str, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise ShapegenError(f"cannot read {shown(Path(folder), config)}: {exc.strerror}") from None
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_symlink():
                if not prefix or not is_litter(prefix[:-1]):
                    raise symlink_error(Path(entry.path), config)
                continue
            if entry.is_dir(follow_symlinks=False):
                if not (entry.name in _LITTER or entry.name.endswith(".egg-info")):
                    stack.append((entry.path, rel + "/"))
            elif entry.is_file(follow_symlinks=False):
                yield rel, entry.path


def is_litter(rel: str) -> bool:
    """Files that tools leave beside generated code (bytecode, installed packages, packaging
    output at the top of a target's folder), by relative posix path: never generated, never stale."""
    if not (rel.startswith(_LITTER_STARTS) or "/." in rel or ".egg-info" in rel or rel.endswith(".pyc")):
        for word in _LITTER_WORDS:
            if word in rel:
                break
        else:
            return False  # the quick answer, for every generated file (a no-op run asks for each)
    parts = rel.split("/")
    name = parts[-1]
    return (
        any(part in _LITTER or part.endswith(".egg-info") or part.startswith(".") for part in parts)
        or name.endswith(".pyc")
        or (len(parts) > 1 and parts[0] in _PACKAGING_OUTPUT)
    )


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
            raise symlink_error(folder, config)
        if folder == config.root or folder.parent == folder or not config.confined:
            break
        folder = folder.parent
    if config.output.exists() and not config.output.is_dir():
        raise ShapegenError(
            f"the output {shown(config.output, config)} is a file, not a folder", where=config.where("output")
        )


def owned_on_disk(config: Config, targets: list[Target]) -> set[str]:
    check_output_folder(config)
    out: set[str] = set()
    for target in targets:
        base = config.output / target.out_dir
        if base.is_symlink():
            raise symlink_error(base, config)
        if not base.is_dir():
            continue
        for rel, _ in walk(base, config):
            if not is_litter(rel) and target.owns(rel):
                out.add(f"{target.out_dir}/{rel}")
    return out


@dataclass
class Changes:
    written: list[str]
    unchanged: list[str]
    removed: list[str]
    # the SHA-256 (hex) of the plan's bytes of the files `compare` hashed (those a seal named):
    # the manifest then hashes each file's bytes once a run
    digests: dict[str, str] = field(default_factory=dict)


# (every output file's record, the moment they were sealed): what the last run's manifest says
# of the files it wrote (`generator.output.manifest`), verified file by file before any is used
Seals = tuple[dict[str, Any], int]


def check_names(config: Config, plan: Plan) -> None:
    """Every file and folder name the plan writes fits a file system (a name made from a long
    namespace or shape name would fail half way through staging): else an error naming the
    namespace's line in pyproject.toml where the name comes from it."""
    for rel in plan.files:
        if len(rel) * 4 <= NAME_MAX:  # no part can be longer (UTF-8 takes at most 4 bytes a character)
            continue
        for part in rel.split("/"):
            if len(part.encode("utf-8")) <= NAME_MAX:
                continue
            ns = next((ns for ns in sorted(config.namespaces, key=len, reverse=True) if ns in part), None)
            raise ShapegenError(
                f"the generated name {part[:40]}...{part[-20:]} is {len(part.encode('utf-8'))} bytes long, "
                f"more than the {NAME_MAX} a file name may have",
                where=config.where(f"namespaces.{ns}") if ns else config.where("output"),
                hint=(
                    f"shorten the namespace name (now {len(ns)} characters)"
                    if ns
                    else "shorten the name of the shape or property it comes from"
                ),
            )


def compare(config: Config, plan: Plan, seals: Seals | None = None) -> Changes:
    """Which of the plan's files differ from the disk (or are not there), which are the same, and
    which owned files on disk the plan no longer has. A file is read and compared byte for byte,
    unless `seals` (what `generate` found in the last run's manifest; `check` never passes any)
    has a record of it that the file on disk is vouched for by (`cache.vouched`: the very file
    that run sealed, hashed where its identity cannot tell): then the record's hash of its bytes
    is compared with the plan's, and the file is not read."""
    check_names(config, plan)
    on_disk = owned_on_disk(config, plan.targets)
    written: list[str] = []
    unchanged: list[str] = []
    digests: dict[str, str] = {}
    records, mark = seals if seals is not None else ({}, 0)
    out = os.fspath(config.output)
    # the targets' folders that are there (owned_on_disk refused any that is a link): a file in
    # any other cannot be a link, and is not looked for
    present = {t.out_dir.partition("/")[0] for t in plan.targets if os.path.isdir(f"{out}/{t.out_dir}")}
    files = plan.files

    def one(rel: str) -> None:
        content = files[rel]
        path = f"{out}/{rel}"  # a string: a Path per file is much of the cost on thousands of files
        if rel in on_disk:
            record = records.get(rel)
            if isinstance(record, dict) and vouched(path, record, mark):
                digests[rel] = digest = hashlib.sha256(content).hexdigest()
                (unchanged if record.get("sha256") == digest else written).append(rel)
                return
            if read(path, config) == content:
                unchanged.append(rel)
                return
        if rel.partition("/")[0] in present and os.path.islink(path):
            raise symlink_error(Path(path), config)
        written.append(rel)

    if on_disk or present:
        parallel.each(one, list(files))  # on a few threads: list.append and a dict's item are atomic
    else:  # no target's folder is there: every file is new
        written.extend(files)
    removed = sorted(on_disk - set(files))
    return Changes(sorted(written), sorted(unchanged), removed, digests)


def read(path: Path | str, config: Config) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ShapegenError(f"cannot read {shown(Path(path), config)}: {exc.strerror}") from None
