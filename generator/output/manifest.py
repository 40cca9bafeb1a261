"""No-op runs: a manifest of what the last successful run read and wrote."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import Config
from generator.errors import Diagnostic, ShapegenError
from generator.output.guards import check_output_folder, files_under, is_build_litter, symlink_error
from generator.output.journal import stage_folder

if TYPE_CHECKING:
    from generator.pipeline import Plan


_CODE = Path(__file__).resolve().parent.parent
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
    from generator.pipeline import strictly

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
                raise symlink_error(base, config)
            on_disk |= {
                f"{out_dir}/{rel.as_posix()}" for rel, _ in files_under(base, config) if not is_build_litter(rel)
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
