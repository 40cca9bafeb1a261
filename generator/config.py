"""Configuration: the [tool.shapegen] table of pyproject.toml, or shapegen.toml (the same keys at
its top level) for a project without a pyproject.toml; checked before anything is read.

Every key is described by generator/config.schema.json, which the table is checked against (an
editor can use it too). Everything the table names is checked here, with a message naming the
file and line: namespace names are identifiers, package and crate names are what their
ecosystems and shapegen's targets accept (a name a target would refuse is refused here), the
output folder and every namespace root are relative paths that stay inside the project. An
unknown key is a warning with the key it probably meant (an error under strict).
"""

from __future__ import annotations

import keyword
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from generator.errors import Diagnostic, ShapegenError

if TYPE_CHECKING:
    from generator.packaging import PackageName


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
    # the file the configuration was read from (pyproject.toml or shapegen.toml), and the table
    # in it ("tool.shapegen", or "" for the top level of shapegen.toml)
    file: Path | None = None
    table: str = "tool.shapegen"
    # problems whose repair is obvious (an unknown key, ignored): printed, errors under strict
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def cache_dir(self) -> Path:
        return self.cache or self.root / ".cache"

    @property
    def file_name(self) -> str:
        return (self.file or self.root / PYPROJECT).name

    def where(self, key: str) -> str:
        """Where the configuration sets `key` ('output', or 'namespaces.<name>'), with its line."""
        path = self.file or self.root / PYPROJECT
        table, _, name = key.rpartition(".")
        full = ".".join(t for t in (self.table, table) if t)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return f"{path} ({_label(full, name)})"
        return _locator(path, text)(name, full)


PYPROJECT = "pyproject.toml"
SHAPEGEN_TOML = "shapegen.toml"
SCHEMA_FILE = Path(__file__).resolve().parent / "config.schema.json"


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


def _has_table(path: Path) -> bool:
    """Whether a pyproject.toml has a [tool.shapegen] table; one that cannot be read counts as
    having one, so that reading it reports the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "shapegen" in tool


def config_file(folder: Path) -> Path | None:
    """The configuration in `folder`: shapegen.toml, or a pyproject.toml with a [tool.shapegen] table."""
    if (folder / SHAPEGEN_TOML).is_file():
        return folder / SHAPEGEN_TOML
    if (folder / PYPROJECT).is_file() and _has_table(folder / PYPROJECT):
        return folder / PYPROJECT
    return None


def find_project_root(start: Path) -> Path:
    """The nearest folder, `start` or above, with a shapegen configuration. A pyproject.toml
    without a [tool.shapegen] table (a generated package's, another tool's) is passed over."""
    for folder in [start, *start.parents]:
        if config_file(folder) is not None:
            return folder
    raise ShapegenError(
        "no shapegen configuration here or in any parent folder "
        "(a shapegen.toml, or a pyproject.toml with a [tool.shapegen] table)",
        where=str(start),
        hint="run 'shapegen init' in the project folder to write one, or pass --project FOLDER",
    )


NAMESPACE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_WINDOWS_DEVICE = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)


def package_names(targets: tuple[str, ...] | None = None) -> dict[str, PackageName]:
    """Each language's package-name key, by target, in name order: declared by the language
    itself (`PACKAGE_NAME`, see generator.packaging.PackageName), in
    `generator/packaging/<target>.py` where the configuration reads it without importing the
    target (see generator.packaging); a new language adds its key without touching this module.
    `targets`: `target_names()`, when the caller has it already."""
    from generator.packaging import declared

    return declared(target_names() if targets is None else targets)


def derived_names(name: str, declared: dict[str, PackageName] | None = None) -> dict[tuple[str, str], str]:
    """Each package name `name` gives, by (target, key): 'shop-shapes' -> shop_shapes,
    shop-shapes, ShopShapes, ..., as each language derives it (`declared`: `package_names()`,
    when the caller has it already)."""
    from generator.rules import pascal_case, snake_case  # not generator.naming, which loads the IR
    from generator.packaging import BaseName

    parts = [p for p in name.split(".") if p]
    base = BaseName(snake="_".join(snake_case(p) for p in parts), pascal=".".join(pascal_case(p) for p in parts))
    declared = package_names() if declared is None else declared
    return {(target, decl.key): decl.derive(base) for target, decl in declared.items()}


def _refused(value: str, decl: PackageName) -> bool:
    """Whether a target refuses `value` for its package name: not of the declared form, or a
    keyword (see PackageName.keywords)."""
    return decl.malformed(value)


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


def _label(table: str, key: str | None) -> str:
    if not table:
        return key or "top level"
    return f"[{table}]" + (f" {key}" if key else "")


def _locator(path: Path, text: str):  # type: ignore[no-untyped-def]
    """where(key, table) -> 'FILE:LINE ([table] key)', the line found by a plain scan (tomllib
    keeps no positions); table "" is the top level of the file. A key written inside an inline
    table is found by its name; without the line when it is not found at all."""
    lines = text.splitlines()

    def where(key: str | None, table: str = "tool.shapegen") -> str:
        header = re.compile(r"^\s*\[\s*" + re.escape(table) + r"\s*\]\s*(#.*)?$")
        assignment = re.compile(r"^\s*[\"']?" + re.escape(key or "") + r"[\"']?\s*=")
        inside = table == ""
        for number, line in enumerate(lines, 1):
            if line.lstrip().startswith("["):
                inside = bool(table) and bool(header.match(line))
                if inside and key is None:
                    return f"{path}:{number} ({_label(table, None)})"
                continue
            if inside and key is not None and assignment.match(line):
                return f"{path}:{number} ({_label(table, key)})"
        if key is not None:  # an inline table, or a dotted key: the first line that sets the name
            anywhere = re.compile(r"(?:^|[\s{,.])[\"']?" + re.escape(key) + r"[\"']?\s*=")
            parent = table.rpartition(".")[2]
            for number, line in enumerate(lines, 1):
                if anywhere.search(line) and (not parent or parent in line or not line.lstrip().startswith(key)):
                    return f"{path}:{number} ({_label(table, key)})"
        return f"{path} ({_label(table, key)})"

    return where


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ShapegenError(
            f"not UTF-8 text (byte {exc.start})", where=str(path), hint="TOML files are UTF-8; re-save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ShapegenError(f"not valid TOML: {exc}", where=str(path)) from None
    except OSError as exc:
        raise ShapegenError(f"cannot read {path.name}: {exc.strerror}", where=str(path)) from None


_SCHEMA: dict[str, Any] | None = None


def config_schema(declared: dict[str, PackageName] | None = None) -> dict[str, Any]:
    """The JSON Schema of the configuration: generator/config.schema.json (the file editors use),
    plus a table for each language whose target declares a package-name key (PACKAGE_NAME) the
    file does not describe (tests/adopt checks that the file describes every language shipped).
    `declared`: `package_names()`, when the caller has it already."""
    global _SCHEMA
    if _SCHEMA is None:
        import json

        _SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    properties = dict(_SCHEMA["properties"])
    for target, decl in (package_names() if declared is None else declared).items():
        if target not in properties:
            properties[target] = {
                "type": "object",
                "description": f"The options of target `{target}`.",
                "properties": {
                    decl.key: {
                        "type": "string",
                        "pattern": f"^{decl.pattern}$",
                        "description": f"{decl.what[:1].upper()}{decl.what[1:]}. Default: from `name`.",
                    },
                    "version": {"$ref": "#/properties/version", "description": "This package's own version."},
                },
            }
    return {**_SCHEMA, "properties": properties}


# names other tools use for a key, which spelling distance alone would not lead to
_ALIASES = {
    "out": "output",
    "outdir": "output",
    "out_dir": "output",
    "output_dir": "output",
    "target": "targets",
    "languages": "targets",
    "schema": "namespaces",
    "schemas": "namespaces",
    "spec": "namespaces",
    "specs": "namespaces",
    "package_name": "package",
    "crate_name": "crate",
}


def _did_you_mean(word: str, known: list[str]) -> str | None:
    import difflib

    alias = _ALIASES.get(word.lower().replace("-", "_"))
    if alias in known:
        return alias
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_keys(table: dict[str, Any], at: Any, prefix: str, declared: dict[str, PackageName]) -> list[Diagnostic]:
    """A warning for every key the schema does not know, with the key it probably meant."""
    schema = config_schema(declared)
    found: list[Diagnostic] = []

    def visit(value: dict[str, Any], node: dict[str, Any], path: list[str]) -> None:
        known = list(node.get("properties", {}))
        for key, sub in value.items():
            if key in node.get("properties", {}):
                child = node["properties"][key]
                if isinstance(sub, dict) and child.get("additionalProperties") is False:
                    visit(sub, child, [*path, key])
                continue
            if node.get("additionalProperties") is not False:
                continue
            guess = _did_you_mean(key, known)
            where = at(key, ".".join(p for p in (prefix, *path) if p))
            found.append(
                Diagnostic(
                    "warning",
                    f"unknown key {key!r}" + (f"; did you mean {guess!r}?" if guess else ""),
                    where,
                    "ignored"
                    + ("" if guess else f"; the keys here are {', '.join(known) or 'none yet'}")
                    + f" (every key: shapegen's README, 'Using shapegen in your repository', and {SCHEMA_FILE})",
                )
            )

    visit(table, schema, [])
    return found


# keys load_config checks by hand, with messages of their own: the schema check passes them over
_BY_HAND = {"output", "targets", "strict", "version", "namespaces"}


# what a JSON value of each type is in Python (a bool is no integer, and TOML's dates are no JSON type)
_JSON_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
}
# keywords that assert nothing, and those whose errors _schema_problems passes over
_PASSED_OVER = {
    *("$schema", "$id", "$anchor", "$defs", "$comment", "title", "description", "default", "examples"),
    *("deprecated", "readOnly", "writeOnly", "required"),
}


def _surely_valid(value: Any, schema: Any, root: dict[str, Any]) -> bool:
    """Whether `value` surely meets `schema` (a part of `root`, the configuration's schema) as
    jsonschema's Draft 2020-12 validator would judge it, passing over what `_schema_problems`
    passes over (`required`, and `additionalProperties: false`, whose keys `_unknown_keys`
    reports). A check of the few keywords the configuration's schema uses, so that the common
    case, a table with nothing wrong, needs no jsonschema: anything it does not know for sure
    (another keyword or type, a value it cannot compare as jsonschema does) is False, and the
    caller then asks jsonschema, which gives every message."""
    if schema is True:
        return True
    if not isinstance(schema, dict):
        return False
    for keyword, arg in schema.items():
        if keyword in _PASSED_OVER:
            continue
        if keyword == "type":
            if not (isinstance(arg, str) and arg in _JSON_TYPES and _JSON_TYPES[arg](value)):
                return False
        elif keyword == "$ref":
            if not (isinstance(arg, str) and arg.startswith("#/")) or "~" in arg or "%" in arg:
                return False
            target: Any = root
            for part in arg[2:].split("/"):
                if not isinstance(target, dict) or part not in target:
                    return False
                target = target[part]
            if not _surely_valid(value, target, root):
                return False
        elif keyword == "properties":
            if not isinstance(arg, dict):
                return False
            if isinstance(value, dict) and not all(
                _surely_valid(value[key], sub, root) for key, sub in arg.items() if key in value
            ):
                return False
        elif keyword == "additionalProperties":
            if isinstance(value, dict) and arg is not False:
                known = schema.get("properties", {})
                if not all(_surely_valid(sub, arg, root) for key, sub in value.items() if key not in known):
                    return False
        elif keyword == "propertyNames":
            if isinstance(value, dict) and not all(_surely_valid(key, arg, root) for key in value):
                return False
        elif keyword == "items":
            if isinstance(value, list) and not all(_surely_valid(item, arg, root) for item in value):
                return False
        elif keyword == "pattern":
            if isinstance(value, str) and (not isinstance(arg, str) or re.search(arg, value) is None):
                return False
        elif keyword == "minLength":
            if isinstance(value, str) and not (isinstance(arg, int) and len(value) >= arg):
                return False
        elif keyword == "minProperties":
            if isinstance(value, dict) and not (isinstance(arg, int) and len(value) >= arg):
                return False
        elif keyword == "enum":
            if not (
                isinstance(value, str) and isinstance(arg, list) and value in [a for a in arg if isinstance(a, str)]
            ):
                return False
        elif keyword == "uniqueItems":
            if isinstance(value, list) and arg is True:
                if not all(isinstance(item, str) for item in value) or len(set(value)) != len(value):
                    return False
        else:
            return False
    return True


def _schema_problems(table: dict[str, Any], at: Any, prefix: str, declared: dict[str, PackageName]) -> list[Diagnostic]:
    """The table against the JSON Schema, for what load_config does not check itself (and
    unknown keys aside: _unknown_keys reports those)."""
    if set(table) <= _BY_HAND:  # every error would be one passed over below: skip loading jsonschema
        return []
    schema = config_schema(declared)
    if _surely_valid({k: v for k, v in table.items() if k not in _BY_HAND}, schema, schema):
        return []  # nothing for jsonschema to report: skip loading it (a no-op run's common case)
    from jsonschema import Draft202012Validator

    found: list[Diagnostic] = []
    names = declared
    for error in Draft202012Validator(schema).iter_errors(table):
        path = [str(p) for p in error.absolute_path]
        if error.validator in ("additionalProperties", "required") or not path or path[0] in _BY_HAND:
            continue
        named = len(path) == 2 and (path[0] in names and names[path[0]].key == path[1] or path[1] == "version")
        if named and error.validator == "pattern":
            continue  # load_config says what the name or version must be
        key, table_path = path[-1], ".".join(p for p in (prefix, *path[:-1]) if p)
        description = error.schema.get("description") if isinstance(error.schema, dict) else None
        found.append(
            Diagnostic(
                "error",
                f"{'.'.join(path)}: {error.message}",
                at(key, table_path),
                description.split(". ")[0].rstrip(".") if isinstance(description, str) else None,
            )
        )
    return found


def load_config(root: Path) -> Config:
    if not root.is_dir():
        raise ShapegenError(
            f"the project folder {str(root)!r} does not exist" if not root.exists() else f"{root} is not a folder",
            hint="--project names the folder that holds the configuration (pyproject.toml or shapegen.toml)",
        )
    path = config_file(root)
    if path is None:
        if (root / PYPROJECT).is_file():
            raise ShapegenError(
                "no [tool.shapegen] table",
                where=str(root / PYPROJECT),
                hint="run 'shapegen init' to add one (the keys: README, 'Using shapegen in your repository')",
            )
        raise ShapegenError(
            f"no shapegen configuration in {root} (a shapegen.toml, or a pyproject.toml with a [tool.shapegen] table)",
            hint="run 'shapegen init' to write one",
        )
    text, data = _read(path)
    prefix = "tool.shapegen" if path.name == PYPROJECT else ""
    table = data.get("tool", {}).get("shapegen") if prefix else data
    if not isinstance(table, dict):
        raise ShapegenError("[tool.shapegen] must be a table", where=str(path))
    at = _locator(path, text)

    def at_key(key: str | None, sub: str = "") -> str:
        return at(key, ".".join(p for p in (prefix, sub) if p))

    known = target_names()  # once per call: a test adds targets at run time
    declared = package_names(known)
    problems: list[Diagnostic] = _schema_problems(table, at, prefix, declared)
    warnings = _unknown_keys(table, at, prefix, declared)
    if problems:  # wrong types: the checks below would only repeat them
        raise ShapegenError.of(problems + warnings)
    resolved_root = root.resolve()

    where = at_key("output")
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

    where = at_key("targets")
    targets = table.get("targets", list(known))
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        problems.append(
            Diagnostic(
                "error",
                f"targets must be a list of target names, not {targets!r}",
                where,
                'for example targets = ["jsonschema", "python"]; leave it out for every target',
            )
        )
        targets = []
    unknown = [t for t in targets if t not in known]
    if unknown:
        guesses = {t: _did_you_mean(t, list(known)) for t in unknown}
        problems.append(
            Diagnostic(
                "error",
                f"unknown target(s): {', '.join(unknown)}"
                + "".join(f"; did you mean {g!r} for {t!r}?" for t, g in guesses.items() if g),
                where,
                f"known targets: {', '.join(known)}",
            )
        )

    where = at_key("strict")
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        problems.append(Diagnostic("error", f"strict must be true or false, not {strict!r}", where))
        strict = False

    versions = [(at_key("version"), table.get("version", "0.1.0"))] + [
        (at_key("version", tbl), sub["version"])
        for tbl, sub in table.items()
        if isinstance(sub, dict) and tbl != "namespaces" and "version" in sub
    ]
    for where, value in versions:
        if not isinstance(value, str) or not VERSION.match(value):
            problems.append(
                Diagnostic(
                    "error",
                    f"version {value!r} is not a semantic version",
                    where,
                    'the one version of every generated package, for example version = "1.4.0"',
                )
            )
    version = str(table.get("version", "0.1.0"))

    namespaces = table.get("namespaces")
    resolved_ns: dict[str, Path] = {}
    if not isinstance(namespaces, dict) or not namespaces:
        problems.append(
            Diagnostic(
                "error",
                f"[{'.'.join(p for p in (prefix, 'namespaces') if p)}] must map each namespace to its root schema file",
                at(None, prefix),
                f'for example: [{".".join(p for p in (prefix, "namespaces") if p)}] then shop = "api/shop.yaml"',
            )
        )
        namespaces = {}
    for name, file in namespaces.items():
        ns_where = at_key(name, "namespaces")
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

    # package names: each target's own key, else derived from `name` (else from the first namespace)
    first = next(iter(namespaces), "shapes")
    name = str(table.get("name", f"{first}-shapes"))
    name_where = at_key("name") if "name" in table else at_key(first, "namespaces")
    options: dict[str, Any] = {k: dict(v) for k, v in table.items() if isinstance(v, dict) and k != "namespaces"}
    for (tbl, key), derived in derived_names(name, declared).items():
        sub = options.setdefault(tbl, {})
        own = key in sub
        value = str(sub.get(key, derived))
        decl = declared[tbl]
        what, example = decl.what, decl.example
        reason = decl.refuses(value) if decl.refuses is not None and not _refused(value, decl) else None
        if reason:
            problems.append(
                Diagnostic(
                    "error",
                    f"{key} {value!r} is refused by the {tbl} target: {reason}",
                    at_key(key, tbl) if own else name_where,
                    f"for example {key} = {decl.example!r}",
                )
            )
        elif _refused(value, decl):
            if own:
                problems.append(
                    Diagnostic(
                        "error",
                        f"{key} {value!r} is not {what}",
                        at_key(key, tbl),
                        f"for example {key} = {example!r}",
                    )
                )
            else:
                problems.append(
                    Diagnostic(
                        "error",
                        f"the {tbl} {key} the name {name!r} gives, {value!r}, is not {what}",
                        name_where,
                        f'set name = "..." (for example "shop-shapes"), or [{".".join(p for p in (prefix, tbl) if p)}] {key}',
                    )
                )
        sub[key] = value

    if strict:
        warnings = [w.as_error() for w in warnings]
    if problems or any(w.severity == "error" for w in warnings):
        raise ShapegenError.of(problems + warnings)
    options["project"] = {"name": name, **{k: table.get(k) for k in ("title", "description", "license", "repository")}}
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
        file=path,
        table=prefix,
        warnings=tuple(warnings),
    )


def with_strict(config: Config, strict: bool) -> Config:
    """`config`, in strict mode if `strict` (the --strict flag); the flag only ever tightens, and
    turns the configuration's warnings into errors."""
    if not strict or config.strict:
        return config
    if config.warnings:
        raise ShapegenError.of(w.as_error() for w in config.warnings)
    from dataclasses import replace

    return replace(config, strict=True, options={**config.options, "strict": True})
