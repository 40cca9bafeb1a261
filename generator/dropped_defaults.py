"""Defaults no language would carry: found, never dropped in silence.

Every language carries a property's `default` (a referenced enum's included: `{$ref: Status,
default: shipped}`) through the decide stage's default decision (`generator.layer.defaults`):
Python fills it in, TypeScript has `<Name>Defaults`, Rust `<field>_or_default()`, C# and Go
`<Field>OrDefault`, Dart `<field>OrDefault`, and the docs show it. A `default` anywhere else has
nowhere to go, and is reported here as a warning with its file, line and pointer (an error under
strict), with where to put it instead:

- a property's default that is no value of the property's type (the decision is `Unfit`);
- a default inside an array's items, a map's values, a branch of anyOf/oneOf/allOf, or on a
  request or response body's own schema: no field holds it;
- a default on a component that an optional property refers to without a default of its own:
  the property carries its own default only, so the component's is repeated there or lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import ir
from generator.errors import Diagnostic
from generator.load import Document, pointer_join

_WHERE = {
    "items": "an array's items",
    "prefixItems": "an array's items",
    "additionalProperties": "a map's values",
    "patternProperties": "a map's values",
    "anyOf": "a branch of anyOf",
    "oneOf": "a branch of oneOf",
    "allOf": "a part of allOf",
}


def dropped_defaults(documents: dict[Path, Document], model_ns: ir.Namespace | None) -> list[Diagnostic]:
    """Every default in one namespace's documents that no language would carry (module notes)."""
    from generator.check import _schema_objects
    from generator.walk import walk

    found: dict[str, Diagnostic] = {}
    components = _component_defaults(documents)
    for doc in documents.values():
        for base, schema in _schema_objects(doc.data):
            nodes: dict[tuple[str | int, ...], dict[str, Any]] = {}  # each schema object walked, by path
            for path, node in walk(schema):
                nodes[path] = node
                pointer = pointer_join(base, *path)
                if "default" in node and path and not _is_property(path):
                    found.setdefault(
                        pointer,
                        Diagnostic(
                            "warning",
                            f"a default inside {_place(path)} is carried by no language: the generated code "
                            "and the docs would not show it",
                            f"{doc.rel}#{pointer_join(pointer, 'default')}",
                            "put the default on the property that holds this schema, beside its $ref or type "
                            "(for example {$ref: '#/components/schemas/Status', default: shipped})",
                        ),
                    )
                elif "default" in node and not path and not base.startswith("/components/"):
                    found.setdefault(
                        pointer,
                        Diagnostic(
                            "warning",
                            "a default on a request or response body's schema is carried by no language",
                            f"{doc.rel}#{pointer_join(pointer, 'default')}",
                            "remove it, or put defaults on the body's properties",
                        ),
                    )
                if _is_property(path) and "default" not in node and not _required(nodes.get(path[:-2]), path[-1]):
                    referred = _resolve(doc, node.get("$ref"), documents)
                    target = components.get(referred) if referred is not None else None
                    if target is not None:
                        name, value = target
                        found.setdefault(
                            pointer,
                            Diagnostic(
                                "warning",
                                f"property {path[-1]!r} refers to {name}, whose default {value!r} it does not "
                                "carry: no language and not the docs give it a default",
                                f"{doc.rel}#{pointer}",
                                f"repeat the default on the property, beside its $ref: default: {value!r}",
                            ),
                        )
    if model_ns is not None:
        for d in _unfit(model_ns):
            found.setdefault(d.where or "", d)
    return list(found.values())


def _is_property(path: tuple[str | int, ...]) -> bool:
    return len(path) >= 2 and path[-2] == "properties"


def _place(path: tuple[str | int, ...]) -> str:
    for token in reversed(path):
        if isinstance(token, str) and token in _WHERE:
            return _WHERE[token]
    return "this schema"


def _required(owner: Any, name: str | int) -> bool:
    """Whether the object `owner` (the schema whose properties hold `name`, met earlier in the same
    walk: an object comes before what it holds) requires the property `name`."""
    required = owner.get("required") if isinstance(owner, dict) else None
    return isinstance(required, list) and name in required


def _component_defaults(documents: dict[Path, Document]) -> dict[tuple[Path, str], tuple[str, Any]]:
    """(document, pointer) -> (name, default) of every component schema with a default."""
    out: dict[tuple[Path, str], tuple[str, Any]] = {}
    for doc in documents.values():
        schemas = (doc.data.get("components") or {}).get("schemas") if isinstance(doc.data, dict) else None
        for name, schema in (schemas or {}).items() if isinstance(schemas, dict) else ():
            if isinstance(schema, dict) and "default" in schema:
                out[(doc.path, pointer_join("/components/schemas", name))] = (str(name), schema["default"])
    return out


def _resolve(doc: Document, ref: Any, documents: dict[Path, Document]) -> tuple[Path, str] | None:
    """The (document, pointer) key of `_component_defaults` that `ref` points to, read as the check
    reads references (`check.component_ref`); None for a reference to no component schema."""
    from generator.check import component_ref

    if not isinstance(ref, str):
        return None
    found = component_ref(documents, doc, ref)
    return (found[0].path, pointer_join("/components/schemas", found[1])) if found is not None else None


def _unfit(ns: ir.Namespace) -> list[Diagnostic]:
    """Properties whose default is no value of their type: the decision every language follows
    offers no default for them."""
    from generator.layer.defaults import Unfit, default_of

    out = []
    for shape in ns.shapes:
        if not isinstance(shape, ir.Object):
            continue
        for f in shape.fields:
            decision = default_of(f, ns)
            if decision is not None and isinstance(decision.carrier, Unfit):
                out.append(
                    Diagnostic(
                        "warning",
                        f"the default of property {f.wire_name!r} is no value of its type "
                        f"({decision.carrier.reason}): no language can offer it",
                        f"{shape.source.file}#{pointer_join(shape.source.pointer, 'properties', f.wire_name, 'default')}",
                        "make it a value of the property's type, or remove it",
                    )
                )
    return out
