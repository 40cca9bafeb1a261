"""Normalise: one namespace's documents -> one JSON Schema 2020-12 bundle.

- every component schema of every file becomes `$defs/<Name>`; every `$ref` becomes `#/$defs/<Name>`;
- OpenAPI 3.0-isms are rewritten (`nullable`, singular `example`, boolean `exclusiveMinimum`);
- roles come from `paths` (request bodies, 2xx response bodies) and `x-shapegen-role`;
- the wire policy is made explicit: objects reachable from a request body are closed
  (`additionalProperties: false`), objects reachable from a response body are open. A part
  reachable from both whose meaning depends on the policy is split: the request side keeps the
  name, the response side gets `<Name>Response`.
- forward-compatible responses: a tagged union (`generator.layer.unions.detect_tag`) reachable
  from a response body is open: it gains one more branch, marked `x-shapegen-unknown-variant`,
  that accepts an object whose tag is a string none of the known values (kept as it is), so the
  published bundle, the validators, `shapegen validate` and every target agree; the lowering
  sets `ir.Union_.open` from that mark. Request bodies stay closed; a union used by both is
  split like objects are.

The result keeps `x-shapegen-*` notes and `discriminator` for the lowering; `published()` strips
them for generated/jsonschema.
"""

from __future__ import annotations

import copy
import marshal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from generator import ir
from generator.check import check_document
from generator.errors import ShapegenError
from generator.identity import spec_license
from generator.load import Document, load_documents, pointer_join, pointer_tokens, split_ref
from generator.layer.unions import detect_tag
from generator.naming import pascal_case
from generator.walk import nodes, subschemas, walk

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_COMPONENT_PREFIX = "/components/schemas/"
_NOT_JSON_SCHEMA = ("discriminator", "xml", "externalDocs", "example")


@dataclass
class Bundle:
    namespace: str
    title: str
    description: str
    defs: dict[str, Any]  # normalised, in a deterministic order
    roles: dict[str, ir.Role]  # every def: request / response / part
    sources: dict[str, ir.Source]
    documents: dict[Path, Document] = field(repr=False, default_factory=dict)
    license: str = ""  # the SPDX expression info.license gives (generator.identity.spec_license), or ""

    @property
    def schema_id(self) -> str:
        return f"urn:shapegen:{self.namespace}"

    def published(self) -> dict[str, Any]:
        """The bundle as written to generated/jsonschema: plain JSON Schema 2020-12."""
        return {
            "$schema": SCHEMA_DIALECT,
            "$id": self.schema_id,
            "title": self.title,
            "description": self.description,
            "$defs": {name: _strip_extensions(schema) for name, schema in self.defs.items()},
        }


def _copied(value: Any) -> Any:
    """A deep copy of a JSON value, as copy.deepcopy makes it (parts shared inside `value` stay
    shared in the copy, none with `value`), made by marshal's C code: several times faster on a
    large spec. A value marshal cannot hold is copied by copy.deepcopy."""
    try:
        return marshal.loads(marshal.dumps(value))
    except ValueError:
        return copy.deepcopy(value)


def _strip_extensions(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: (v if k in ("const", "enum", "default", "examples") else _strip_extensions(v))
            for k, v in node.items()
            if not (k.startswith("x-") or k in _NOT_JSON_SCHEMA)
        }
    if isinstance(node, list):
        return [_strip_extensions(v) for v in node]
    return node


def refs_of(schema: Any) -> list[str]:
    """Names of the $defs referenced anywhere in `schema` (normalised refs only)."""
    out = []
    for node in nodes(schema):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            out.append(ref[len("#/$defs/") :])
    return out


# ---------------------------------------------------------------- 3.0-isms and small rewrites


def _normalise_node(node: dict[str, Any]) -> None:
    if "example" in node and "examples" not in node:
        node["examples"] = [node["example"]]
    node.pop("example", None)
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if isinstance(node.get(exclusive), bool):
            if node.pop(exclusive) and bound in node:
                node[exclusive] = node.pop(bound)
    if node.pop("nullable", False) is True:
        _make_nullable(node)


def _make_nullable(node: dict[str, Any]) -> None:
    """Rewrite OpenAPI 3.0 `nullable: true` the 3.1 way."""
    if "enum" in node and None not in node["enum"]:
        node["enum"] = list(node["enum"]) + [None]
    t = node.get("type")
    if isinstance(t, str) and not any(k in node for k in ("$ref", "anyOf", "oneOf", "allOf", "const")):
        node["type"] = [t, "null"]
        return
    if isinstance(t, list):
        if "null" not in t:
            node["type"] = t + ["null"]
        return
    # a $ref, a composition or a const: keep the annotations outside, move the rest in a branch
    keep = {
        k: node.pop(k)
        for k in list(node)
        if k in ("description", "title", "default", "examples", "deprecated") or k.startswith("x-")
    }
    inner = dict(node)
    node.clear()
    node.update(keep)
    node["anyOf"] = [inner, {"type": "null"}]


# ---------------------------------------------------------------- the bundle


def build_bundle(namespace: str, root_file: Path, project_root: Path, *, check: bool = True) -> Bundle:
    """`check=False` skips the meta-schema checks: for documents shapegen only reads (a vendor's
    spec compared by `shapegen upstream`), never for schema/."""
    documents = load_documents(root_file, project_root)
    for doc in documents.values():
        if check:
            check_document(doc)

    defs: dict[str, Any] = {}
    origin: dict[str, tuple[Document, str]] = {}
    for doc in documents.values():
        for name, schema in ((doc.data.get("components") or {}).get("schemas") or {}).items():
            pointer = _COMPONENT_PREFIX + name.replace("~", "~0").replace("/", "~1")
            if name in defs:
                first, first_ptr = origin[name]
                raise ShapegenError(
                    f"two shapes are named {name!r} (the other one is at {first.where(first_ptr)})",
                    where=doc.where(pointer),
                    hint="shape names are unique across all files of a namespace: rename one of them",
                )
            defs[name] = _copied(schema)
            origin[name] = (doc, pointer)

    bodies = list(_operation_bodies(documents))
    for _, doc, at, schema, suggested in bodies:
        if "$ref" not in schema:
            name = suggested
            if name in defs:
                raise ShapegenError(
                    f"the inline body here would be named {name!r}, which a component schema already has",
                    where=doc.where(at),
                    hint="move the body under components/schemas and refer to it",
                )
            defs[name] = _copied(schema)
            origin[name] = (doc, at)

    def resolve(ref: str, doc: Document, at: str) -> str:
        target, fragment = split_ref(ref)
        target_doc = doc if not target else documents[(doc.path.parent / target).resolve()]
        tokens = pointer_tokens(fragment)
        name = tokens[2] if len(tokens) == 3 and tokens[:2] == ["components", "schemas"] else None
        if name is None:
            raise ShapegenError(
                f"$ref {ref!r} does not point to a component schema",
                where=doc.where(at),
                hint="refer to '#/components/schemas/<Name>' of some file; give the schema a name of its own if it has none",
            )
        if name not in ((target_doc.data.get("components") or {}).get("schemas") or {}):
            raise ShapegenError(
                f"dangling $ref {ref!r}: {target_doc.rel} has no schema named {name!r}",
                where=doc.where(at),
                hint="fix the name (names are case-sensitive) or add the schema under components/schemas",
            )
        return name

    for name, schema in defs.items():
        doc, base = origin[name]
        for path, node in list(walk(schema)):
            if isinstance(node.get("$ref"), str):
                node["$ref"] = "#/$defs/" + resolve(node["$ref"], doc, pointer_join(base, *path, "$ref"))
            _normalise_node(node)

    roles = _roles(bodies, defs, origin, resolve)
    sources = {n: ir.Source(file=d.rel, pointer=p) for n, (d, p) in origin.items()}
    defs, roles, sources = _apply_wire_policy(defs, roles, sources)

    root = documents[root_file.resolve()]
    info = root.data.get("info") or {}
    return Bundle(
        namespace=namespace,
        title=str(info.get("title", namespace)),
        description=str(info.get("description", "")).strip(),
        defs=defs,
        roles=roles,
        sources=sources,
        documents=documents,
        license=spec_license(info),
    )


_JSON_MEDIA = ("application/json",)


def _is_json_media(media: str) -> bool:
    media = media.split(";")[0].strip().lower()
    return media in _JSON_MEDIA or media.endswith("+json")


Body = tuple[ir.Role, Document, str, dict[str, Any], str]


def _operation_bodies(documents: dict[Path, Document]) -> Iterator[Body]:
    """(role, document, pointer, schema, name for an inline schema) of every JSON request body
    and 2xx JSON response body."""
    for doc in documents.values():
        for path, item in (doc.data.get("paths") or {}).items():
            for method, op in (item or {}).items():
                if (
                    not isinstance(op, dict)
                    or method.startswith("x-")
                    or method in ("parameters", "servers", "summary", "description")
                ):
                    continue
                base = pointer_join("/paths", path, method)
                op_name = pascal_case(str(op.get("operationId") or f"{method} {path}"))
                for media, content in ((op.get("requestBody") or {}).get("content") or {}).items():
                    if _is_json_media(media) and isinstance((content or {}).get("schema"), dict):
                        yield "request", doc, pointer_join(base, "requestBody", "content", media, "schema"), content[
                            "schema"
                        ], op_name + "Request"
                for status, resp in (op.get("responses") or {}).items():
                    if not str(status).startswith("2"):
                        continue
                    suffix = "Response" if str(status) in ("200", "201") else f"Response{status}"
                    for media, content in ((resp or {}).get("content") or {}).items():
                        if _is_json_media(media) and isinstance((content or {}).get("schema"), dict):
                            yield "response", doc, pointer_join(
                                base, "responses", str(status), "content", media, "schema"
                            ), content["schema"], op_name + suffix


def _roles(
    bodies: list[Body],
    defs: dict[str, Any],
    origin: dict[str, tuple[Document, str]],
    resolve: Callable[[str, Document, str], str],
) -> dict[str, ir.Role]:
    roles: dict[str, ir.Role] = {}
    for role, doc, at, schema, suggested in bodies:
        name = resolve(schema["$ref"], doc, pointer_join(at, "$ref")) if "$ref" in schema else suggested
        roles.setdefault(name, role)
    for name, schema in defs.items():
        declared = schema.get("x-shapegen-role") if isinstance(schema, dict) else None
        if declared is None:
            continue
        if declared not in ("request", "response"):
            doc, ptr = origin[name]
            raise ShapegenError(
                f"x-shapegen-role must be 'request' or 'response', not {declared!r}",
                where=doc.where(pointer_join(ptr, "x-shapegen-role")),
            )
        roles[name] = declared
    return {name: roles.get(name, "part") for name in defs}


def _reach(defs: dict[str, Any], roots: list[str], graph: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        stack.extend(graph[name])
    return seen


def _implicit_objects(schema: Any, in_allof: bool = False) -> Iterator[dict[str, Any]]:
    """Objects that say nothing about unknown properties: the wire policy decides for them."""
    if not isinstance(schema, dict):
        return
    explicit = any(k in schema for k in ("additionalProperties", "unevaluatedProperties", "patternProperties"))
    if (
        not explicit
        and not in_allof
        and ("properties" in schema or "allOf" in schema and _allof_has_properties(schema))
    ):
        yield schema
    for rel, sub in subschemas(schema):
        yield from _implicit_objects(sub, in_allof=rel[0] == "allOf")


def _allof_has_properties(schema: dict[str, Any]) -> bool:
    return any(isinstance(m, dict) and ("properties" in m or "$ref" in m) for m in schema.get("allOf", []))


def _close(schema: Any) -> None:
    for node in list(_implicit_objects(schema)):
        # with allOf, only unevaluatedProperties sees the members' properties
        node["unevaluatedProperties" if "allOf" in node else "additionalProperties"] = False


def _apply_wire_policy(
    defs: dict[str, Any], roles: dict[str, ir.Role], sources: dict[str, ir.Source]
) -> tuple[dict[str, Any], dict[str, ir.Role], dict[str, ir.Source]]:
    graph = {name: refs_of(schema) for name, schema in defs.items()}
    req = _reach(defs, [n for n, r in roles.items() if r == "request"], graph)
    resp = _reach(defs, [n for n, r in roles.items() if r == "response"], graph)

    # a def is policy-sensitive if closing it, or anything it reaches, changes something: an
    # object that says nothing about unknown properties, or a tagged union (open in responses)
    unions = {n: list(_tagged_unions(s, defs)) for n, s in defs.items()}  # found once, used twice
    tags = _tag_properties(defs, unions)
    sensitive = {
        n
        for n, s in defs.items()
        if any(True for _ in _implicit_objects(s)) or unions[n] or any(_closed_enums(s, tags))
    }
    changed = True
    while changed:
        changed = False
        for name in defs:
            if name not in sensitive and any(r in sensitive for r in graph[name]):
                sensitive.add(name)
                changed = True

    split = [n for n in defs if n in req and n in resp and n in sensitive]
    twin: dict[str, str] = {}
    for name in split:
        stem = name[: -len("Request")] if name.endswith("Request") else name
        candidates = [stem + "Response", name + "Response", name + "AsResponse"]
        free = [c for c in candidates if c not in defs and c not in twin.values()]
        if not free:
            raise ShapegenError(
                f"{name!r} is used by both requests and responses, and every name for its response-side copy "
                f"({', '.join(candidates)}) is taken",
                where=f"{sources[name].file}#{sources[name].pointer}",
                hint=f"rename one of those shapes, or say explicitly with additionalProperties whether {name!r} is open",
            )
        twin[name] = free[0]

    def retarget(schema: Any) -> Any:
        schema = _copied(schema)
        for node in nodes(schema):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref[len("#/$defs/") :] in twin:
                node["$ref"] = "#/$defs/" + twin[ref[len("#/$defs/") :]]
        return schema

    originals = {name: _copied(defs[name]) for name in twin}
    out_defs: dict[str, Any] = {}
    out_roles: dict[str, ir.Role] = {}
    out_sources: dict[str, ir.Source] = {}
    for name, schema in defs.items():
        if name in req:
            _close(schema)
            out_defs[name] = schema
        elif name in resp:
            out_defs[name] = retarget(schema)
        else:
            out_defs[name] = schema
        out_roles[name] = roles[name]
        out_sources[name] = sources[name]
        if name in twin:
            out_defs[twin[name]] = retarget(originals[name])
            out_roles[twin[name]] = "part"
            out_sources[twin[name]] = sources[name]
    response_side = {n for n in defs if n in resp and n not in req} | set(twin.values())
    out_tags = _tag_properties(out_defs)
    for name in out_defs:
        if name in response_side:
            _open_enums(out_defs[name], out_tags)
            _open_tagged_unions(out_defs[name], out_defs)
    return out_defs, out_roles, out_sources


CLOSED_ENUM = "x-shapegen-closed"


def _tag_properties(
    defs: dict[str, Any], unions: dict[str, list[tuple[dict[str, Any], str, list[str]]]] | None = None
) -> set[int]:
    """The schema nodes (by identity) that are the tag property of some tagged union's variant:
    their values pick a variant, so they stay closed in every context. `unions`: each def's
    `_tagged_unions`, when already found."""
    out: set[int] = set()
    for name, schema in defs.items():
        for node, tag, _ in unions[name] if unions is not None else _tagged_unions(schema, defs):
            key = "oneOf" if isinstance(node.get("oneOf"), list) else "anyOf"
            for branch in node[key]:
                props = _follow(branch, defs).get("properties") if isinstance(_follow(branch, defs), dict) else None
                if isinstance(props, dict) and isinstance(props.get(tag), dict):
                    out.add(id(props[tag]))
    return out


def _closed_enums(schema: Any, tags: set[int]) -> Iterator[dict[str, Any]]:
    """The closed string enums inside `schema` that a response opens: an `enum` of two or more
    strings, or of one string at the root of a named shape (inline, a one-value enum is a
    constant). Never a tag property, a value under `not`, or an enum marked `x-shapegen-closed`."""
    stack: list[tuple[Any, bool]] = [(schema, True)]
    while stack:
        node, root = stack.pop()
        if not isinstance(node, dict) or node.get(CLOSED_ENUM) is True or id(node) in tags:
            continue
        values = node.get("enum")
        if (
            isinstance(values, list)
            and len([v for v in values if v is not None]) >= (1 if root else 2)
            and all(isinstance(v, str) or v is None for v in values)
            and "const" not in node
        ):
            yield node
        if _is_open_enum(node):
            continue  # already open: its known values are one branch of it
        stack.extend((sub, False) for rel, sub in subschemas(node) if rel[0] != "not")


def _is_open_enum(node: dict[str, Any]) -> bool:
    """`anyOf`/`oneOf` with a branch of listed strings beside a branch of any string."""
    branches = [b for b in (node.get("anyOf") or node.get("oneOf") or []) if not _is_null_branch(b)]
    free = [
        b
        for b in branches
        if isinstance(b, dict) and b.get("type") == "string" and "enum" not in b and "const" not in b
    ]
    listed = [b for b in branches if isinstance(b, dict) and isinstance(b.get("enum"), list)]
    return len(branches) == 2 and len(free) == 1 and len(listed) == 1


def _open_enums(schema: Any, tags: set[int]) -> None:
    """Open every closed string enum of a response-side schema the documented way:
    `anyOf: [{type: string, enum: [known...]}, {type: string}]` (plus a `null` branch when the enum
    allowed null), annotations staying outside, so the bundle, the validators and the lowering
    (`ir.Enum.open`) all see one open enum."""
    for node in list(_closed_enums(schema, tags)):
        values = node.pop("enum")
        nullable = None in values or (isinstance(node.get("type"), list) and "null" in node["type"])
        node.pop("type", None)
        known = {"type": "string", "enum": [v for v in values if v is not None]}
        branches: list[Any] = [known, {"type": "string"}]
        if nullable:
            branches.append({"type": "null"})
        keep = {
            k: node.pop(k)
            for k in list(node)
            if k in ("description", "title", "default", "examples", "deprecated") or k.startswith("x-")
        }
        known.update(node)  # any other keyword (a length, a format) stays with the known values
        node.clear()
        node.update(keep)
        node["anyOf"] = branches


UNKNOWN_VARIANT = "x-shapegen-unknown-variant"


def _follow(schema: Any, defs: dict[str, Any]) -> Any:
    """A branch followed through pure `$ref`s to the schema it stands for."""
    seen: set[str] = set()
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        if any(k not in ("$ref", "description", "title") and not k.startswith("x-") for k in schema):
            break
        name = schema["$ref"][len("#/$defs/") :]
        if name in seen or name not in defs:
            break
        seen.add(name)
        schema = defs[name]
    return schema


def _is_null_branch(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or ("const" in schema and schema["const"] is None)
    )


def _tagged_unions(schema: Any, defs: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str, list[str]]]:
    """(node, tag, known tag values) of every tagged oneOf/anyOf inside `schema`."""
    for node in nodes(schema):
        for key in ("oneOf", "anyOf"):
            branches = node.get(key)
            if not isinstance(branches, list):
                continue
            known = [
                b for b in branches if not _is_null_branch(b) and not (isinstance(b, dict) and UNKNOWN_VARIANT in b)
            ]
            declared = (node.get("discriminator") or {}).get("propertyName")
            tag = detect_tag([_follow(b, defs) for b in known], declared)
            if tag is not None:
                yield node, tag.property, [v for vals in tag.values for v in vals]


def _open_tagged_unions(schema: Any, defs: dict[str, Any]) -> None:
    for node, tag, values in list(_tagged_unions(schema, defs)):
        key = "oneOf" if isinstance(node.get("oneOf"), list) else "anyOf"
        if any(isinstance(b, dict) and UNKNOWN_VARIANT in b for b in node[key]):
            continue
        node[key] = list(node[key]) + [
            {
                "type": "object",
                "required": [tag],
                "properties": {tag: {"type": "string", "not": {"enum": values}}},
                UNKNOWN_VARIANT: True,
            }
        ]
