"""Check: each document against the OpenAPI 3.1 meta-schema, each schema object in it against the
JSON Schema 2020-12 meta-schema (the OpenAPI meta-schema alone does not look inside schema
objects), and what neither meta-schema sees: `$ref` loops, dangling `$ref`s, empty enums, shape
names no language can spell, patterns no target can compile.

Like a compiler, the check reports every problem of a run at once, each with file, line, JSON
pointer and a hint. Problems whose meaning is unambiguous are warnings: shapegen repairs the
document in memory, states the repair, and generation goes on —

- a 2019-09 keyword in a 2020-12 document (`$recursiveAnchor`/`$recursiveRef`, array `items`,
  `additionalItems`, `dependencies`);
- duplicate entries in `required`;
- `nullable` beside a `$ref` (read as "the reference, or null").

In strict mode (`[tool.shapegen] strict = true`, or `--strict`) warnings are errors.

Both meta-schemas run through shapegen's own compiled validators (generator.validators): on
OpenAI's 3 MB spec the checks take 0.1 s instead of the 14 s jsonschema needs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any, Callable, Iterator

from generator.errors import Diagnostic, ShapegenError
from generator.load import Document, pointer_join, pointer_tokens, split_ref
from generator.walk import walk

Check = Callable[[Any], list[Any]]


# the meta-schema validators' code, compiled by another process (`meta_schema_code`), by name
_PRECOMPILED: dict[str, CodeType] = {}


def _code(schema: Any, snake: str) -> CodeType:
    from jsonschema_specifications import REGISTRY

    from generator.validators import compile_source

    source = compile_source(schema, [(snake, snake, "#")], retrieve=REGISTRY.contents)
    return compile(source, f"<shapegen_check_{snake}>", "exec")


def _compiled(schema: Any, snake: str) -> Check:
    """The `validate_<snake>` of the validators compiled from `schema` (as
    generator.validators.compile_module builds a module), from the code compiled elsewhere if
    it was handed over."""
    code = _PRECOMPILED.pop(snake, None) or _code(schema, snake)
    module = ModuleType(f"shapegen_check_{snake}")
    exec(code, module.__dict__)
    return getattr(module, f"validate_{snake}")  # type: ignore[no-any-return]


def meta_schema_code() -> bytes:
    """Both meta-schema validators compiled, as marshal's bytes (for `use_meta_schema_code` in
    another process of the same interpreter): the costliest part of a cold check, which
    generator.front has a process compile while the documents are loaded."""
    import marshal

    from jsonschema_specifications import REGISTRY

    schema = REGISTRY.contents("https://json-schema.org/draft/2020-12/schema")
    return marshal.dumps({"openapi": _code(_openapi_v31_schema(), "openapi"), "schema": _code(schema, "schema")})


def use_meta_schema_code(data: bytes) -> None:
    """The code `meta_schema_code` gave, for the validators this process has not compiled yet."""
    import marshal

    codes = marshal.loads(data)
    if not (isinstance(codes, dict) and all(isinstance(c, CodeType) for c in codes.values())):
        return
    for snake, made in (("openapi", _openapi_validator), ("schema", _schema_validator)):
        if made.cache_info().currsize == 0 and snake in codes:
            _PRECOMPILED[snake] = codes[snake]


def validators_compiled() -> bool:
    """Whether this process has compiled both meta-schema validators already."""
    return _openapi_validator.cache_info().currsize > 0 and _schema_validator.cache_info().currsize > 0


@lru_cache(maxsize=1)
def _openapi_validator() -> Check:
    return _compiled(_openapi_v31_schema(), "openapi")


def _openapi_v31_schema() -> Any:
    """The OpenAPI 3.1 schema that openapi-spec-validator ships, read from its package folder:
    importing the package (which `openapi_spec_validator.schemas` does) loads its validators
    and their dependencies, most of a cold check's import time, to read one JSON file."""
    import importlib.util
    import json

    spec = importlib.util.find_spec("openapi_spec_validator")  # finds the folder, runs nothing
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder) / "resources" / "schemas" / "v3.1" / "schema.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    from openapi_spec_validator.schemas import schema_v31  # a layout this does not know

    return _plain(schema_v31)


@lru_cache(maxsize=1)
def _schema_validator() -> Check:
    from jsonschema_specifications import REGISTRY

    return _compiled(REGISTRY.contents("https://json-schema.org/draft/2020-12/schema"), "schema")


def _plain(value: Any) -> Any:
    if hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _schema_objects(doc: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for name, schema in _mapping(_mapping(doc.get("components")).get("schemas")).items():
        yield pointer_join("/components/schemas", name), schema
    for path, item in _mapping(doc.get("paths")).items():
        for method, op in _mapping(item).items():
            if not isinstance(op, dict):
                continue
            base = pointer_join("/paths", path, method)
            for media, content in _mapping(_mapping(op.get("requestBody")).get("content")).items():
                if isinstance(content, dict) and "schema" in content:
                    yield pointer_join(base, "requestBody", "content", media, "schema"), content["schema"]
            for status, resp in _mapping(op.get("responses")).items():
                for media, content in _mapping(_mapping(resp).get("content")).items():
                    if isinstance(content, dict) and "schema" in content:
                        yield pointer_join(base, "responses", str(status), "content", media, "schema"), content[
                            "schema"
                        ]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _value_at(instance: Any, pointer: str) -> Any:
    for token in pointer_tokens(pointer):
        instance = instance[int(token)] if isinstance(instance, list) else instance[token]
    return instance


def _is_openapi_30_ism(instance: Any, pointer: str) -> bool:
    """OpenAPI 3.0 spellings the normaliser rewrites (boolean exclusiveMinimum/Maximum)."""
    tokens = pointer_tokens(pointer)
    return (
        bool(tokens)
        and tokens[-1] in ("exclusiveMinimum", "exclusiveMaximum")
        and isinstance(_value_at(instance, pointer), bool)
    )


def _distinct_errors(check: Check, instance: Any) -> list[tuple[str, str]]:
    """(pointer, message) of each distinct problem: where one error's location lies inside
    another's, the deeper one says more precisely what is wrong, so only it is kept."""
    found: dict[str, str] = {}
    for err in check(instance):
        pointer = err.instance_location
        if _is_openapi_30_ism(instance, pointer):
            continue
        found.setdefault(pointer, err.message)
    keep = []
    for pointer, message in found.items():
        prefix = pointer + "/"
        if not any(other.startswith(prefix) for other in found):
            keep.append((pointer, message))
    return sorted(keep)


# ---------------------------------------------------------------- repairs of unambiguous problems


class _Report:
    def __init__(self, doc: Document):
        self.doc = doc
        self.items: list[Diagnostic] = []
        self.moved_references = False  # a repair moved or rewrote a reference (see `repair`)

    def error(self, message: str, pointer: str, hint: str) -> None:
        self.items.append(Diagnostic("error", message, self.doc.where(pointer), hint))

    def warning(self, message: str, pointer: str, repair: str) -> None:
        self.items.append(Diagnostic("warning", message, self.doc.where(pointer), repair))


_INTEGER_KEYWORDS = (
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
)


def _repair(doc: Document, report: _Report) -> None:
    for base, schema in _schema_objects(doc.data):
        anchored = isinstance(schema, dict) and schema.get("$recursiveAnchor") is True
        for path, node in walk(schema):
            _repair_node(node, path, base, anchored, report)


def _repair_node(node: dict[str, Any], path: tuple[str | int, ...], base: str, anchored: bool, report: _Report) -> None:
    for key in _INTEGER_KEYWORDS:  # JSON Schema: 2.0 is the integer 2
        value = node.get(key)
        if isinstance(value, float) and value.is_integer():
            node[key] = int(value)
    if "$recursiveAnchor" in node:
        report.warning(
            "$recursiveAnchor is a JSON Schema 2019-09 keyword; this is a 2020-12 document",
            pointer_join(base, *path, "$recursiveAnchor"),
            "dropped; each $recursiveRef: '#' below it is read as a $ref to this schema",
        )
        del node["$recursiveAnchor"]
    if "$recursiveRef" in node:
        ref = node["$recursiveRef"]
        if ref == "#" and anchored and base.startswith("/components/schemas/"):
            report.warning(
                "$recursiveRef is a JSON Schema 2019-09 keyword; this is a 2020-12 document",
                pointer_join(base, *path, "$recursiveRef"),
                f"read as $ref: '#{base}' (the schema that holds $recursiveAnchor: true)",
            )
            del node["$recursiveRef"]
            report.moved_references = True
            node["$ref"] = "#" + base
        else:
            report.error(
                f"$recursiveRef {ref!r} without a $recursiveAnchor: true at the top of its component schema",
                pointer_join(base, *path, "$recursiveRef"),
                "write a $ref to the schema you mean (2020-12 has no $recursiveRef)",
            )
    if isinstance(node.get("items"), list):
        report.warning(
            "an array of schemas under 'items' is JSON Schema 2019-09; in 2020-12 it is 'prefixItems'",
            pointer_join(base, *path, "items"),
            "read as prefixItems" + (", and additionalItems as items" if "additionalItems" in node else ""),
        )
        node["prefixItems"] = node.pop("items")
        report.moved_references = True
        if "additionalItems" in node:
            node["items"] = node.pop("additionalItems")
    if "dependencies" in node and isinstance(node["dependencies"], dict):
        deps = node.pop("dependencies")
        report.moved_references = True
        report.warning(
            "'dependencies' is JSON Schema 2019-09; 2020-12 splits it into dependentRequired and dependentSchemas",
            pointer_join(base, *path, "dependencies"),
            "lists read as dependentRequired, schemas as dependentSchemas",
        )
        for name, dep in deps.items():
            bucket = "dependentRequired" if isinstance(dep, list) else "dependentSchemas"
            node.setdefault(bucket, {})[name] = dep
    required = node.get("required")
    if isinstance(required, list) and all(isinstance(r, str) for r in required) and len(set(required)) < len(required):
        twice = sorted({r for r in required if required.count(r) > 1})
        report.warning(
            f"'required' lists {', '.join(repr(r) for r in twice)} more than once",
            pointer_join(base, *path, "required"),
            "each name is required once",
        )
        node["required"] = list(dict.fromkeys(required))
    if "$ref" in node and node.get("nullable") is True:
        report.warning(
            "'nullable' beside a '$ref' (OpenAPI 3.0 ignores siblings of $ref; 3.1 has no 'nullable')",
            pointer_join(base, *path, "nullable"),
            "read as anyOf: [the $ref, {type: 'null'}]",
        )


# ---------------------------------------------------------------- what the meta-schemas do not see


_SHAPE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


def _semantics(doc: Document, report: _Report) -> None:
    for name in _mapping(_mapping(doc.data.get("components")).get("schemas")):
        if not _SHAPE_NAME.match(name):
            report.error(
                f"the shape name {name!r} cannot become a type name in every language",
                pointer_join("/components/schemas", name),
                "start it with an ASCII letter and use letters, digits, '_', '.' or '-' (e.g. 'Mode1')",
            )
    for base, schema in _schema_objects(doc.data):
        for path, node in walk(schema):
            for key, value in node.items():
                if type(value) is int and not _fits_a_double(value):
                    report.error(
                        f"{key} {_short(value)} is beyond the range of a double: no JSON parser reads it alike",
                        pointer_join(base, *path, key),
                        "bounds and values must lie within ±1.8e308 (exact within ±2^53); leave the bound out "
                        "or write it as a smaller number",
                    )
            for tokens, value in _literal_integers(node):
                if _fits_a_double(value) and not -(2**63) <= value < 2**63:
                    report.error(
                        f"the integer {_short(value)} does not fit in 64 bits: C#, Dart, Rust and typed Python "
                        "cannot write it as a literal",
                        pointer_join(base, *path, *tokens),
                        "keep integer constants and enum values within -2^63+1 .. 2^63-1, or make the value a string",
                    )
                elif value == -(2**63):
                    report.error(
                        f"the integer {value} (-2^63) cannot be a literal type in typed Python: mypy refuses "
                        "Literal[-9223372036854775808] (it reads 9223372036854775808, negated)",
                        pointer_join(base, *path, *tokens),
                        "keep integer constants and enum values within -2^63+1 .. 2^63-1, or make the value a string",
                    )
            if node.get("enum") == []:
                report.error(
                    "an empty enum accepts no value at all",
                    pointer_join(base, *path, "enum"),
                    "list the allowed values, or remove the property",
                )
            for key in ("x-shapegen-role", "x-shapegen-deviation"):
                if key in node and not isinstance(node[key], str):
                    report.error(
                        f"{key} must be a string, not {type(node[key]).__name__}",
                        pointer_join(base, *path, key),
                        "x-shapegen-role is 'request' or 'response'; x-shapegen-deviation is a sentence",
                    )
            described = node.get("x-shapegen-enum-descriptions", {})
            if not (isinstance(described, dict) and all(isinstance(v, str) for v in described.values())):
                report.error(
                    "x-shapegen-enum-descriptions must be a mapping from enum value to text",
                    pointer_join(base, *path, "x-shapegen-enum-descriptions"),
                    "write x-shapegen-enum-descriptions: {red: 'what red means', blue: 'what blue means'}",
                )
            if "x-shapegen-upstream" in node and not isinstance(node["x-shapegen-upstream"], str):
                report.error(
                    "x-shapegen-upstream must be a string",
                    pointer_join(base, *path, "x-shapegen-upstream"),
                    "write x-shapegen-upstream: '#/components/schemas/<Name>' naming the vendor's schema",
                )
            if "x-shapegen-secret" in node and not isinstance(node["x-shapegen-secret"], bool):
                report.error(
                    "x-shapegen-secret must be true or false",
                    pointer_join(base, *path, "x-shapegen-secret"),
                    "write x-shapegen-secret: true on a credential",
                )
            if "x-shapegen-closed" in node and not isinstance(node["x-shapegen-closed"], bool):
                report.error(
                    "x-shapegen-closed must be true or false",
                    pointer_join(base, *path, "x-shapegen-closed"),
                    "write x-shapegen-closed: true on an enum that stays closed in responses too",
                )
            if "$dynamicRef" in node:
                report.error(
                    "$dynamicRef is not supported",
                    pointer_join(base, *path, "$dynamicRef"),
                    "write a $ref to the schema you mean",
                )


# every keyword a schema object may hold: JSON Schema 2020-12 (core, applicator, unevaluated,
# validation, meta-data, format, content), the 2019-09 ones the repairs above read, OpenAPI 3.1's
# own (discriminator, xml, externalDocs, example) and 3.0's nullable
KEYWORDS = frozenset("""
    $schema $id $ref $anchor $dynamicRef $dynamicAnchor $vocabulary $comment $defs
    prefixItems items contains additionalProperties properties patternProperties dependentSchemas
    propertyNames if then else allOf anyOf oneOf not unevaluatedItems unevaluatedProperties
    type const enum multipleOf maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength
    pattern maxItems minItems uniqueItems maxContains minContains maxProperties minProperties
    required dependentRequired title description default deprecated readOnly writeOnly examples
    format contentEncoding contentMediaType contentSchema
    $recursiveRef $recursiveAnchor additionalItems dependencies definitions
    discriminator xml externalDocs example nullable
    """.split())
# shapegen's extensions (README, "Extensions"); any other x- key is somebody's annotation
EXTENSIONS = frozenset("""
    x-shapegen-role x-shapegen-deviation x-shapegen-secret x-shapegen-upstream
    x-shapegen-enum-descriptions x-shapegen-unknown-variant x-shapegen-accept-redos
    x-shapegen-closed
    """.split())


def _likely_keyword(key: str) -> str | None:
    """The keyword an unknown key was probably meant to be (`requried` -> `required`), or None
    for a key that resembles none (an annotation of the author's own, kept and ignored)."""
    import difflib

    if key.startswith("x-"):
        if not key.lower().startswith(("x-shapegen", "x-shape-gen", "x_shapegen")):
            return None
        known = sorted(EXTENSIONS)
    else:
        known = sorted(KEYWORDS)
    by_case = {k.lower(): k for k in known}
    if key.lower() in by_case:  # minlength, MaxLength
        return by_case[key.lower()]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    return close[0] if close else None


def unknown_keywords(doc: Document, report: _Report) -> None:
    """A key of a schema object that is no keyword but close to one is a mistake JSON Schema
    would pass over in silence (`requried` leaves every property optional, `minLenght` drops a
    limit): a warning naming the keyword it probably is (an error under strict)."""
    for base, schema in _schema_objects(doc.data):
        for path, node in walk(schema):
            for key in node:
                if not isinstance(key, str) or key in KEYWORDS or key in EXTENSIONS:
                    continue
                likely = _likely_keyword(key)
                if likely is None:
                    continue
                report.warning(
                    f"unknown keyword {key!r}; did you mean {likely!r}?",
                    pointer_join(base, *path, key),
                    f"rename it to {likely!r}; as it is, JSON Schema and shapegen ignore it "
                    "(start it with x- to keep an annotation of your own)",
                )


def _literal_integers(node: dict[str, Any]) -> list[tuple[tuple[str | int, ...], int]]:
    """The integers a schema asks generated code to write as literal types or members: const and enum
    values (a default past 64 bits is written as each language's big number; see the number_limits
    golden case)."""
    out: list[tuple[tuple[str | int, ...], int]] = [
        ((key,), node[key]) for key in ("const",) if type(node.get(key)) is int
    ]
    values = node.get("enum")
    if isinstance(values, list):
        out.extend((("enum", i), v) for i, v in enumerate(values) if type(v) is int)
    return out


def _fits_a_double(value: int) -> bool:
    try:
        float(value)
    except OverflowError:
        return False
    return True


def _short(value: int) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:10]}...({len(text)} digits)"


def check_patterns(doc: Document, report: _Report | None = None) -> list[Diagnostic]:
    """Every `pattern` (and `patternProperties` key) is an ECMA-262 regular expression that the
    generated code of every language can compile: one that cannot would make a whole module fail
    to load (TypeScript's `new RegExp`) or a validator fail at run time."""
    import re as stdlib_re

    from generator.validators.regex import UnsupportedPattern, translate

    report = report or _Report(doc)
    for base, schema in _schema_objects(doc.data):
        for path, node in walk(schema):
            found: list[tuple[tuple[str, ...], str]] = []
            if isinstance(node.get("pattern"), str):
                found.append((("pattern",), node["pattern"]))
            found += [(("patternProperties", k), k) for k in _mapping(node.get("patternProperties"))]
            for rel, pattern in found:
                try:
                    stdlib_re.compile(translate(pattern))
                except (UnsupportedPattern, stdlib_re.error) as exc:
                    report.error(
                        f"pattern {pattern!r} is not a regular expression every target can use: {exc}",
                        pointer_join(base, *path, *rel),
                        "write it as an ECMA-262 regular expression without look-behind, named groups or "
                        "\\p{Script=...} classes",
                    )
    return report.items


# ---------------------------------------------------------------- one document


def diagnose(doc: Document) -> list[Diagnostic]:
    """Every problem of one document, once; the unambiguous ones are repaired in `doc.data`."""
    if doc.diagnostics is not None:
        return doc.diagnostics
    report = repair(doc)
    if report is not None:
        verdict(doc, report)
    return finish(doc, report)


def repair(doc: Document) -> _Report | None:
    """The first half of `diagnose`, the only one that changes `doc.data`: the unambiguous
    problems repaired and reported; None when `doc` is no OpenAPI 3.x document (then its
    diagnostics are complete: that error)."""
    report = _Report(doc)
    version = doc.data.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.")):
        report.error(
            "not an OpenAPI 3.x document (no 'openapi: 3.1.0' at the top)",
            "",
            "start each schema file with 'openapi: 3.1.0' and an 'info' block",
        )
        doc.diagnostics = report.items
        return None
    _repair(doc, report)
    if report.moved_references:  # under `prefixItems` now, or a $ref: found again when asked
        doc.forget_references()
    return report


def finish(doc: Document, report: _Report | None) -> list[Diagnostic]:
    """`doc`'s diagnostics, kept on it, once `verdict` has added its findings to `report`."""
    if report is not None:
        doc.diagnostics = report.items
    assert doc.diagnostics is not None
    return doc.diagnostics


def verdict(doc: Document, report: _Report) -> list[Diagnostic]:
    """The second half of `diagnose`, on the repaired document: a pure verdict (it reads
    `doc.data`, never changes it), so it may run beside the stages that read the repaired
    document (`generator.front`). Adds its findings to `report`, and returns its items."""
    openapi_errors = _distinct_errors(_openapi_validator(), doc.data)
    for pointer, message in openapi_errors:
        report.error(
            f"breaks the OpenAPI 3.1 meta-schema: {message}",
            pointer,
            "see https://spec.openapis.org/oas/v3.1.0 for the structure of this object",
        )
    if not openapi_errors:
        for base, schema in _schema_objects(doc.data):
            for pointer, message in _distinct_errors(_schema_validator(), schema):
                report.error(
                    f"not a valid JSON Schema 2020-12 schema: {message}",
                    base + pointer,
                    "compare the keyword with https://json-schema.org/draft/2020-12/json-schema-validation",
                )
        _semantics(doc, report)
        unknown_keywords(doc, report)
        check_patterns(doc, report)
    return report.items


def check_document(doc: Document) -> None:
    """Raise the document's errors (all of them); its warnings are the pipeline's to print."""
    errors = [d for d in diagnose(doc) if d.severity == "error"]
    if errors:
        raise ShapegenError.of(errors)


# ---------------------------------------------------------------- across the documents of a namespace


def component_ref(documents: dict[Path, Document], doc: Document, ref: str) -> tuple[Document, str] | None:
    """(document, name) of the component schema `ref`, held by `doc`, points to: a
    `#/components/schemas/<name>` of one of `documents` (the name may be missing there); None
    for a reference to anything else."""
    file, fragment = split_ref(ref)
    other = documents.get((doc.path.parent / file).resolve()) if file else doc
    tokens = pointer_tokens(fragment)
    if other is None or len(tokens) != 3 or tokens[:2] != ["components", "schemas"]:
        return None
    return other, tokens[2]


def check_references(documents: dict[Path, Document]) -> list[Diagnostic]:
    """Dangling `$ref`s to component schemas, and loops of pure references (`A: {$ref: B}`,
    `B: {$ref: A}`, or `A: {$ref: A}`): such a shape means only "the next one" forever."""
    out: list[Diagnostic] = []
    Key = tuple[Path, str]
    points_to: dict[Key, Key] = {}

    def target(doc: Document, ref: str) -> tuple[Document, str] | None:
        return component_ref(documents, doc, ref)

    for doc in documents.values():
        for base, schema in _schema_objects(doc.data):
            for path, node in walk(schema):
                ref = node.get("$ref")
                if not isinstance(ref, str):
                    continue
                found = target(doc, ref)
                if found is None:
                    continue
                other, name = found
                if name not in _mapping(_mapping(other.data.get("components")).get("schemas")):
                    out.append(
                        Diagnostic(
                            "error",
                            f"dangling $ref {ref!r}: {other.rel} has no schema named {name!r}",
                            doc.where(pointer_join(base, *path, "$ref")),
                            "fix the name (names are case-sensitive) or add the schema under components/schemas",
                        )
                    )
                elif not path and base.startswith("/components/schemas/"):
                    points_to[(doc.path, pointer_tokens(base)[2])] = (other.path, name)

    by_path = {doc.path: doc for doc in documents.values()}
    reported: set[Key] = set()
    for start in sorted(points_to):
        chain: list[Key] = []
        cur: Key | None = start
        while cur is not None and cur not in chain and cur not in reported:
            chain.append(cur)
            cur = points_to.get(cur)
        if cur is None or cur in reported or cur not in chain:
            reported.update(chain)
            continue
        loop = chain[chain.index(cur) :]
        reported.update(chain)
        members = [f"{name} ({by_path[path].where(pointer_join('/components/schemas', name))})" for path, name in loop]
        first_path, first_name = loop[0]
        out.append(
            Diagnostic(
                "error",
                "a loop of $refs with nothing in between: "
                + " -> ".join([*(n for _, n in loop), loop[0][1]])
                + "; members: "
                + ", ".join(members),
                by_path[first_path].where(pointer_join("/components/schemas", first_name)),
                "each shape here only means 'the next one'; give one of them a schema of its own "
                "(recursion must go through a property, an array item or a map value)",
            )
        )
    return out


def namespace_diagnostics(documents: dict[Path, Document]) -> list[Diagnostic]:
    """Every problem of one namespace: its documents one by one, then across them."""
    items: list[Diagnostic] = []
    for doc in documents.values():
        items.extend(diagnose(doc))
    items.extend(check_references(documents))
    if not any(d.severity == "error" for d in items):
        if not any(True for doc in documents.values() for _ in _schema_objects(doc.data)):
            root = next(iter(documents.values()))
            items.append(
                Diagnostic(
                    "error",
                    "this namespace defines no shapes (no components/schemas and no JSON request or response bodies)",
                    root.where(""),
                    "add schemas under components/schemas",
                )
            )
    return items
