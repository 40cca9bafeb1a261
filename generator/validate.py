"""`shapegen validate`: a payload against one shape, through the compiled validators (the same code
the `validators` target writes to generated/python).

Payloads are read as I-JSON (RFC 7493) means JSON: UTF-8, no duplicate keys, no `NaN` or
`Infinity`, numbers a double can hold (integers up to 4,300 digits are kept exact), nesting at
most MAX_DEPTH deep; anything else is an error with file, line and column. Only regular files
are read (not folders, devices or pipes), up to MAX_BYTES.
"""

from __future__ import annotations

import json
import math
import re
import stat
from pathlib import Path
from typing import Any, Callable

from generator import pipeline
from generator.config import Config
from generator.errors import Diagnostic, ShapegenError

Checker = Callable[[Any], list[tuple[str, str]]]

MAX_DEPTH = 512
MAX_BYTES = 256 * 1024 * 1024
MAX_DIGITS = 4300  # Python's own limit for exact integer conversion


def _fingerprint(config: Config) -> tuple[tuple[str, int, int], ...]:
    """What the model depends on: every schema file's path, size and modification time."""
    folders = {path.parent for path in config.namespaces.values()}
    files = sorted(
        {
            p
            for folder in folders
            if folder.is_dir()
            for p in folder.rglob("*")
            if p.suffix in (".yaml", ".yml", ".json") and p.is_file()
        }
    )
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


_CACHE: dict[tuple[Any, ...], pipeline.Loaded] = {}


def _load(config: Config) -> pipeline.Loaded:
    key = (str(config.root), config.strict, _fingerprint(config))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = pipeline.load_checked(config)
    return _CACHE[key]


def validator_and_warnings(config: Config, namespace: str, shape: str) -> tuple[Checker, list[Diagnostic]]:
    loaded = _load(config)
    bundle = loaded.bundles[namespace]
    if shape not in bundle.defs:
        known = ", ".join(s.name for s in loaded.model.namespaces[list(config.namespaces).index(namespace)].top_level)
        raise ShapegenError(f"{namespace} has no shape named {shape!r}", hint=f"top-level shapes: {known}")
    from generator.targets.validators import compile_options, entries_for
    from generator.validators import compile_module

    ((_, snake, pointer),) = entries_for([shape])
    module = compile_module(
        bundle.published(), [(shape, snake, pointer)], **compile_options(config.options.get("validators", {}))
    )
    validate = getattr(module, f"validate_{snake}")

    def check(instance: Any) -> list[tuple[str, str]]:
        return [(e.instance_location, e.message) for e in validate(instance)]

    return check, loaded.warnings


def validator_for(config: Config, namespace: str, shape: str) -> Checker:
    return validator_and_warnings(config, namespace, shape)[0]


# ---------------------------------------------------------------- I-JSON


class _Problem(Exception):
    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Problem("duplicate", key)
            seen.add(key)
    return out


def _constant(name: str) -> Any:
    raise _Problem("constant", name)


def _integer(text: str) -> int:
    if len(text) - text.startswith("-") > MAX_DIGITS:
        raise _Problem("digits", text)
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Problem("range", text)
    return value


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")
_TOKEN = re.compile(
    r'(?P<s>"(?:[^"\\]|\\.)*")|(?P<n>-?\d[\d.eE+-]*)|(?P<w>[A-Za-z]+|-[A-Za-z]+)|(?P<p>[\[\]{}:,])|(?P<ws>\s+)', re.S
)


def _depth_offset(text: str) -> int | None:
    """The offset where nesting first passes MAX_DEPTH, if it does."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    stripped = _STRING.sub(lambda m: " " * len(m.group()), text)
    for m in _BRACKETS.finditer(stripped):
        if m.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return m.start()
        else:
            depth -= 1
    return None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _locate(text: str, problem: _Problem) -> tuple[int, str]:
    """Offset of the token the problem is about, and for a duplicate key where its twin is."""
    stack: list[dict[str, int] | None] = []
    expect_key = False
    for m in _TOKEN.finditer(text):
        kind, value = m.lastgroup, m.group()
        if kind == "ws":
            continue
        if kind == "p":
            if value == "{":
                stack.append({})
                expect_key = True
            elif value == "[":
                stack.append(None)
            elif value in "]}":
                stack.pop() if stack else None
            elif value == ",":
                expect_key = bool(stack) and stack[-1] is not None
            continue
        if kind == "s" and expect_key and stack and stack[-1] is not None:
            expect_key = False
            key = json.loads(value)
            seen = stack[-1]
            if problem.kind == "duplicate" and key in seen:
                line, col = _position(text, seen[key])
                return m.start(), f" (first at line {line}, column {col})"
            seen[key] = m.start()
            continue
        expect_key = False
        if problem.kind == "constant" and kind == "w" and value == problem.detail:
            return m.start(), ""
        if problem.kind in ("digits", "range") and kind == "n" and value == problem.detail:
            return m.start(), ""
    return 0, ""


_MESSAGES = {
    "duplicate": (
        "duplicate key {detail!r}{twin}",
        "I-JSON forbids duplicate keys (which one wins differs between parsers)",
    ),
    "constant": ("{detail} is not a JSON number", "JSON has no NaN or Infinity; send null or a string"),
    "digits": (
        "an integer of {digits} digits is more than shapegen reads",
        f"integers are read exactly up to {MAX_DIGITS} digits; send such numbers as strings",
    ),
    "range": ("{detail} is beyond the range of a double", "I-JSON numbers fit an IEEE double"),
}


def read_json(path: Path) -> object:
    shown = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ShapegenError(f"file not found: {shown}") from None
    except OSError as exc:
        raise ShapegenError(f"cannot read {shown}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ShapegenError(f"{shown} is a folder, not a JSON file", hint="name the JSON files to validate")
    if not stat.S_ISREG(info.st_mode):
        raise ShapegenError(
            f"{shown} is not a regular file (a device, a pipe or a socket)", hint="save the payload to a file first"
        )
    if info.st_size > MAX_BYTES:
        raise ShapegenError(f"{shown} is {info.st_size} bytes, more than the {MAX_BYTES} shapegen reads")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ShapegenError(f"cannot read {shown}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        raise ShapegenError(
            f"not UTF-8 text: {exc.reason}", where=f"{shown}:{line}:{col}", hint="I-JSON is UTF-8"
        ) from None
    deep = _depth_offset(text)
    if deep is not None:
        line, col = _position(text, deep)
        raise ShapegenError(
            f"nested deeper than {MAX_DEPTH} levels (arrays and objects inside each other)",
            where=f"{shown}:{line}:{col}",
            hint="no shape nests this deep; check how the payload was produced",
        )
    try:
        value = json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_integer, parse_float=_float
        )
    except json.JSONDecodeError as exc:
        raise ShapegenError(
            f"not JSON: {exc.msg}",
            where=f"{shown}:{exc.lineno}:{exc.colno}",
            hint="fix the JSON syntax at that position (a trailing comma, a missing quote or bracket)",
        ) from None
    except _Problem as problem:
        offset, twin = _locate(text, problem)
        line, col = _position(text, offset)
        message, hint = _MESSAGES[problem.kind]
        raise ShapegenError(
            message.format(detail=problem.detail[:40], twin=twin, digits=len(problem.detail.lstrip("-"))),
            where=f"{shown}:{line}:{col}",
            hint=hint,
        ) from None
    lone = _lone_surrogate(text)
    if lone is not None:
        offset, escape = lone
        line, col = _position(text, offset)
        raise ShapegenError(
            f"a lone surrogate ({escape}): I-JSON (RFC 7493) forbids it, as it is not a character",
            where=f"{shown}:{line}:{col}",
            hint="escape a character outside the BMP as a pair (\\ud83d\\ude00), or write it as UTF-8",
        )
    return value


_ESCAPES = re.compile(r"\\\\|\\u([0-9a-fA-F]{4})")


def _lone_surrogate(text: str) -> tuple[int, str] | None:
    """Where the first `\\uXXXX` escape of a surrogate that is not half of a pair is, if any
    (the only way a surrogate gets into UTF-8 JSON); an escaped backslash is skipped whole."""
    if "\\u" not in text:
        return None
    pending: tuple[int, str] | None = None  # a high surrogate waiting for its low half
    end_of_pending = -1
    for match in _ESCAPES.finditer(text):
        code = int(match.group(1), 16) if match.group(1) else None
        if pending is not None and (code is None or match.start() != end_of_pending or not 0xDC00 <= code <= 0xDFFF):
            return pending
        if pending is not None:
            pending = None
            continue
        if code is None:
            continue
        if 0xD800 <= code <= 0xDBFF:
            pending, end_of_pending = (match.start(), match.group()), match.end()
        elif 0xDC00 <= code <= 0xDFFF:
            return match.start(), match.group()
    return pending
