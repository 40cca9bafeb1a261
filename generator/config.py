"""Configuration: the [tool.shapegen] table of pyproject.toml, checked before anything is read.

Everything the table names is checked here, with a message naming pyproject.toml: namespace
names are identifiers, package and crate names are what their ecosystems accept, the output
folder and every namespace root are relative paths that stay inside the project.
"""

from __future__ import annotations

import keyword
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.errors import Diagnostic, ShapegenError


@dataclass(frozen=True)
class Config:
    root: Path
    output: Path
    namespaces: dict[str, Path]  # namespace -> root schema file, in configuration order
    targets: tuple[str, ...]
    # the [tool.shapegen] table's sub-tables ([tool.shapegen.<target>]), plus "strict" (a bool)
    options: dict[str, Any] = field(default_factory=dict)
    cache: Path | None = None  # where caches live (default: <root>/.cache); never in the output
    strict: bool = False  # warnings are errors ([tool.shapegen] strict = true, or --strict)
    # reads confined to `root`, output strictly inside it: always so for a project read from
    # pyproject.toml (load_config); a Config built in code (tests) says so itself
    confined: bool = False

    @property
    def cache_dir(self) -> Path:
        return self.cache or self.root / ".cache"

    def where(self, key: str) -> str:
        """Where pyproject.toml sets `key` ('output', or 'namespaces.<name>'), with its line."""
        path = self.root / "pyproject.toml"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return f"{path} ([tool.shapegen] {key})"
        table, _, name = key.rpartition(".")
        return _locator(path, text)(name, f"tool.shapegen.{table}" if table else "tool.shapegen")


def target_names() -> tuple[str, ...]:
    """Every target shapegen has, by module name (generator/targets/<name>.py), without importing
    them: the targets a project generates when its configuration lists none."""
    import pkgutil

    from generator import targets

    return tuple(
        sorted(
            m.name for m in pkgutil.iter_modules(targets.__path__) if m.name != "base" and not m.name.startswith("_")
        )
    )


def find_project_root(start: Path) -> Path:
    for folder in [start, *start.parents]:
        if (folder / "pyproject.toml").is_file():
            return folder
    raise ShapegenError("no pyproject.toml here or in any parent folder", hint="run shapegen inside the project")


NAMESPACE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
PYTHON_PACKAGE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
NPM_PACKAGE = re.compile(r"^(?:@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$")
CRATE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_WINDOWS_DEVICE = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)

# [tool.shapegen.<table>] key -> (pattern, what it is, an example)
_NAMES: dict[tuple[str, str], tuple[re.Pattern[str], str, str]] = {
    ("python", "package"): (PYTHON_PACKAGE, "a Python package name", "realtime_shapes"),
    ("typescript", "package"): (NPM_PACKAGE, "an npm package name", "realtime-shapes"),
    ("typescript", "version"): (VERSION, "a semantic version", "0.1.0"),
    ("rust", "crate"): (CRATE, "a Rust crate name", "realtime_shapes"),
    ("rust", "version"): (VERSION, "a semantic version", "0.1.0"),
}


def _relative_path(value: Any, key: str, where: str, problems: list[Diagnostic]) -> PurePosixPath | None:
    """A relative path that does not climb out with '..'; else a problem."""
    if not isinstance(value, str) or not value.strip():
        problems.append(Diagnostic("error", f"{key} must be a path (a string), not {value!r}", where))
        return None
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or re.match(r"^[A-Za-z]:", value):
        problems.append(
            Diagnostic("error", f"{key} {value!r} is an absolute path", where, "write a path relative to the project")
        )
        return None
    if ".." in path.parts:
        problems.append(
            Diagnostic(
                "error",
                f"{key} {value!r} climbs out with '..'",
                where,
                "write a path inside the project folder, relative to it",
            )
        )
        return None
    if "\0" in value:
        problems.append(Diagnostic("error", f"{key} contains a NUL character", where))
        return None
    return path


def _locator(path: Path, text: str):  # type: ignore[no-untyped-def]
    """where(key, table) -> 'pyproject.toml:LINE ([table] key)', the line found by a plain scan
    (tomllib keeps no positions); without the line when the key is not written on a line of its own."""
    lines = text.splitlines()

    def where(key: str | None, table: str = "tool.shapegen") -> str:
        header = re.compile(r"^\s*\[\s*" + re.escape(table) + r"\s*\]\s*(#.*)?$")
        assignment = re.compile(r"^\s*[\"']?" + re.escape(key or "") + r"[\"']?\s*=")
        inside = False
        for number, line in enumerate(lines, 1):
            if line.lstrip().startswith("["):
                inside = bool(header.match(line))
                if inside and key is None:
                    return f"{path}:{number} ([{table}])"
                continue
            if inside and key is not None and assignment.match(line):
                return f"{path}:{number} ([{table}] {key})"
        return f"{path} ([{table}]{' ' + key if key else ''})"

    return where


def load_config(root: Path) -> Config:
    if not root.is_dir():
        raise ShapegenError(
            f"the project folder {str(root)!r} does not exist" if not root.exists() else f"{root} is not a folder",
            hint="--project names the folder that holds pyproject.toml",
        )
    path = root / "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ShapegenError(f"no pyproject.toml in {root}", hint="run shapegen inside the project") from None
    except UnicodeDecodeError as exc:
        raise ShapegenError(
            f"not UTF-8 text (byte {exc.start})", where=str(path), hint="TOML files are UTF-8; re-save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ShapegenError(f"not valid TOML: {exc}", where=str(path)) from None
    except OSError as exc:
        raise ShapegenError(f"cannot read pyproject.toml: {exc.strerror}", where=str(path)) from None
    table = data.get("tool", {}).get("shapegen")
    if not isinstance(table, dict):
        raise ShapegenError(
            "no [tool.shapegen] table",
            where=str(path),
            hint="add [tool.shapegen] with 'output', 'targets' and [tool.shapegen.namespaces]",
        )
    problems: list[Diagnostic] = []
    at = _locator(path, text)
    where = at(None)
    resolved_root = root.resolve()

    where = at("output")
    output_rel = _relative_path(table.get("output", "generated"), "output", where, problems)
    output = root / str(output_rel) if output_rel is not None else root / "generated"
    if output_rel is not None:
        if output_rel.parts in ((), (".",)):
            problems.append(
                Diagnostic(
                    "error",
                    "output is the project folder itself",
                    where,
                    'name a folder of its own, e.g. output = "generated"',
                )
            )
        elif not output.resolve().is_relative_to(resolved_root):
            problems.append(
                Diagnostic(
                    "error",
                    f"output {str(output_rel)!r} leads outside the project through a symlink",
                    where,
                    "name a real folder inside the project",
                )
            )
        elif output.exists() and not output.is_dir():
            problems.append(
                Diagnostic(
                    "error",
                    f"output {str(output_rel)!r} is a file, not a folder",
                    where,
                    "remove it or name another folder",
                )
            )

    where = at("targets")
    targets = table.get("targets", list(target_names()))
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        problems.append(
            Diagnostic(
                "error",
                f"targets must be a list of target names, not {targets!r}",
                where,
                'for example targets = ["jsonschema", "python"]',
            )
        )
        targets = []

    where = at("strict")
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        problems.append(Diagnostic("error", f"strict must be true or false, not {strict!r}", where))
        strict = False

    where = at("version")
    version = table.get("version", "0.1.0")
    if not isinstance(version, str) or not VERSION.match(version):
        problems.append(
            Diagnostic(
                "error",
                f"version {version!r} is not a semantic version",
                where,
                'the one version of every generated package, for example version = "1.4.0"',
            )
        )
        version = "0.1.0"

    namespaces = table.get("namespaces")
    ns_where = f"{path} ([tool.shapegen.namespaces])"
    resolved_ns: dict[str, Path] = {}
    if not isinstance(namespaces, dict) or not namespaces:
        problems.append(
            Diagnostic(
                "error",
                "[tool.shapegen.namespaces] must map each namespace to its root schema file",
                str(path),
                'for example: [tool.shapegen.namespaces] then shop = "schema/shop.yaml"',
            )
        )
        namespaces = {}
    for name, file in namespaces.items():
        ns_where = at(name, "tool.shapegen.namespaces")
        if not NAMESPACE.match(name) or keyword.iskeyword(name) or _WINDOWS_DEVICE.match(name):
            problems.append(
                Diagnostic(
                    "error",
                    f"the namespace name {name!r} is not an identifier shapegen can use in every language and path",
                    ns_where,
                    "start with an ASCII letter, then letters, digits or '_' (e.g. 'openai'), and not a keyword",
                )
            )
        rel = _relative_path(file, f"namespace {name!r}", ns_where, problems)
        if rel is not None:
            resolved_ns[name] = root / str(rel)

    for (tbl, key), (pattern, what, example) in _NAMES.items():
        sub = table.get(tbl)
        if isinstance(sub, dict) and key in sub:
            value = sub[key]
            if (
                not isinstance(value, str)
                or not pattern.match(value)
                or (what.startswith("a Python") and keyword.iskeyword(value))
            ):
                problems.append(
                    Diagnostic(
                        "error",
                        f"{key} {value!r} is not {what}",
                        at(key, f"tool.shapegen.{tbl}"),
                        f"for example {key} = {example!r}",
                    )
                )
    for tbl in ("python", "validators", "typescript", "rust", "docs", "jsonschema"):
        if tbl in table and not isinstance(table[tbl], dict):
            problems.append(Diagnostic("error", f"{tbl} must be a table ([tool.shapegen.{tbl}])", at(tbl)))

    if problems:
        raise ShapegenError.of(problems)
    options: dict[str, Any] = {k: v for k, v in table.items() if isinstance(v, dict) and k != "namespaces"}
    options["strict"] = strict
    options["version"] = version
    return Config(
        root=root,
        output=output,
        namespaces=resolved_ns,
        targets=tuple(targets),
        options=options,
        strict=strict,
        confined=True,
    )


def with_strict(config: Config, strict: bool) -> Config:
    """`config`, in strict mode if `strict` (the --strict flag); the flag only ever tightens."""
    if not strict or config.strict:
        return config
    from dataclasses import replace

    return replace(config, strict=True, options={**config.options, "strict": True})
