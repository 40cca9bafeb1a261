"""`shapegen conformance --lang L VECTORS`: run payload vectors through one language's generated
code and print one JSON line per vector, in input order:

    {"ok": true, "json": <the value as that language re-serialises it>}
    {"ok": false, "error": "<pointer>: <message>"}

VECTORS is a JSON-lines file of {"shape": "ns:Name", "json": <payload>}, or a folder with a
manifest.json (file -> {shape, expect}) whose payload files are passed as they are, so that a file
that is not JSON reaches each language's own parser.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import Config
from generator.errors import ShapegenError
from generator.output import cache
from generator.layer.registry import conformance_languages


def languages() -> tuple[str, ...]:
    """The languages with a conformance driver (`generator/drivers/<lang>.py`), discovered."""
    return conformance_languages()


# as discovered when this module was imported; call `languages()` to see drivers added since
LANGUAGES = languages()


@dataclass(frozen=True)
class Item:
    id: str
    shape: str
    text: str
    expect: str | None = None  # valid / invalid / unparseable, where a manifest says


def load_items(path: Path) -> list[Item]:
    if path.is_dir():
        manifest = path / "manifest.json"
        if not manifest.is_file():
            raise ShapegenError(
                f"{path} has no manifest.json", hint="pass a folder like ../shared/vectors, or a JSON-lines file"
            )
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        return [  # in manifest order: the output is read line by line against the input
            Item(f"{path.name}/{Path(f).stem}", e["shape"], (path / f).read_text(encoding="utf-8"), e.get("expect"))
            for f, e in entries.items()
        ]
    items = []
    try:
        # JSON lines end at \n only; U+2028 and friends may stand unescaped inside JSON strings
        lines = path.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        raise ShapegenError(f"file not found: {path}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            items.append(Item(f"{path.name}:{n}", entry["shape"], json.dumps(entry["json"]), entry.get("expect")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ShapegenError(f'line {n} is not a {{"shape", "json"}} object: {exc}', where=f"{path}:{n}") from None
    return items


def driver(lang: str) -> Any:
    known = languages()
    if lang not in known:
        raise ShapegenError(f"unknown language {lang!r}", hint=f"one of {', '.join(known)}")
    try:
        return importlib.import_module(f"generator.drivers.{lang}")
    except ModuleNotFoundError:
        raise ShapegenError(f"no conformance driver for {lang} yet") from None


def results(config: Config, lang: str, items: list[Item]) -> list[dict[str, Any]]:
    # one driver build at a time per project and language: two runs at once (two test workers, two
    # terminals) would otherwise build into the same folder, one running what the other half wrote
    # (a cache folder shapegen cannot trust, as output.cache.folder decides, runs without the lock)
    home = cache.folder(config, "conformance")
    with open(home / f".{lang}.lock", "w") if home is not None else contextlib.nullcontext() as held:
        if held is not None:
            fcntl.flock(held, fcntl.LOCK_EX)
        out = driver(lang).run(config, [(i.shape, i.text) for i in items])
    if len(out) != len(items):
        raise RuntimeError(f"the {lang} driver returned {len(out)} results for {len(items)} vectors")
    return out


def run(config: Config, lang: str, path: Path) -> int:
    items = load_items(path)
    _known_shapes(config, path, items)
    for result in results(config, lang, items):
        print(json.dumps(result, ensure_ascii=False))
    return 0


def _known_shapes(config: Config, path: Path, items: list[Item]) -> None:
    """Every vector names a shape of the project (as `shapegen list` prints it)."""
    from generator.pipeline import load_model

    model, _ = load_model(config)
    known = {f"{ns.name}:{s.name}" for ns in model.namespaces for s in ns.shapes}
    for item in items:
        if item.shape not in known:
            raise ShapegenError(
                f"vector {item.id} names the shape {item.shape!r}, which the project does not have",
                where=str(path.parent / item.id) if not path.is_dir() else str(path / "manifest.json"),
                hint="name a shape as namespace:Name, as 'shapegen list' prints it",
            )


def json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON means it: 1 == 1.0, but true is not 1, and object key order is free.
    Numbers written with a fraction or an exponent are IEEE doubles wherever JSON goes, so once
    either side is one, both are compared as doubles (4.8634325338967546e+20 and
    486343253389675460000 are the same double)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) or isinstance(b, float):
            return float(a) == float(b)
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b
