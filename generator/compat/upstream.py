"""`shapegen upstream --spec FILE`: each shape against the vendor's own schema for it.

A shape names its counterpart with `x-shapegen-upstream: '#/components/schemas/<Name>'`. The
vendor document goes through the same load -> normalise -> lower pipeline as `schema/`, and the
same engine compares ours (the old side) with the vendor's (the new side): a finding says what
would change if we took the vendor's version. Each finding is then either accounted for, because
an `x-shapegen-deviation` note on the property or shape concerned (or on one that contains it)
says we differ on purpose, or drift: the vendor says something `schema/` does not reflect.

The open/closed policy is ours (request objects closed, response objects open), not the vendor's,
and so is which tagged unions keep unknown variants (response unions): `object-closed`/`-opened`
and `union-closed`/`-opened` are not differences between the two descriptions.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator import ir
from generator.compat.engine import Comparison
from generator.compat.findings import Finding, sort_key
from generator.compat.side import load_document, load_side
from generator.config import Config
from generator.errors import ShapegenError
from generator.load import pointer_join, pointer_tokens, reading

POINTER_KEY = "x-shapegen-upstream"
DEVIATION_KEY = "x-shapegen-deviation"
_POLICY_RULES = ("object-closed", "object-opened", "union-closed", "union-opened")
_PREFIX = "#/components/schemas/"


def _roles_reaching(ns: ir.Namespace) -> dict[str, set[str]]:
    """Every shape -> the roles of the top-level shapes that reach it."""
    graph = {s.name: list(ir.shape_refs(s)) for s in ns.shapes}
    out: dict[str, set[str]] = {s.name: set() for s in ns.shapes}
    for top in ns.top_level:
        stack, seen = [top.name], set()
        while stack:
            name = stack.pop()
            if name in seen or name not in graph:
                continue
            seen.add(name)
            out[name].add(top.role)
            stack.extend(graph[name])
    return out


def _node(data: Any, tokens: list[str]) -> Any:
    node = data
    for token in tokens:
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _note(node: Any) -> str | None:
    note = node.get(DEVIATION_KEY) if isinstance(node, dict) else None
    return note if isinstance(note, str) else None


_MENTION = re.compile(r"`([^`]+)`")
_LABELS = re.compile(r"\|'[^']*'|\|[A-Za-z0-9_]+|\[\]|\{\}")


def _mentions(note: str, path: str) -> bool:
    """Whether a shape-level note names the place `path` (`audio.input.turn_detection`)."""
    plain = "." + _LABELS.sub("", path.partition(":")[2])
    return any(plain.endswith("." + m.strip()) for m in _MENTION.findall(note))


def accounted_for(docs: dict[str, Any], places: list[tuple[str, str]], path: str) -> str | None:
    """The x-shapegen-deviation note that covers a difference, or None.

    `places` are the difference's own place on our side, then the properties that led to it,
    innermost first. A note covers it when it sits on the place, on a node between it and its
    shape or on that shape; or on a property that led to it (the deviation is in what that
    property holds); or on a shape further out, when the note names the place in backticks
    (`audio.input.turn_detection`).
    """
    for i, (file, ptr) in enumerate(places):
        doc = docs.get(file)
        if doc is None:
            continue
        tokens = pointer_tokens(ptr)
        inner = range(len(tokens), 2, -1) if i == 0 else [len(tokens)] if len(tokens) > 3 else []
        for depth in inner:
            note = _note(_node(doc.data, tokens[:depth]))
            if note:
                return note
        note = _note(_node(doc.data, tokens[:3]))
        if note and _mentions(note, path):
            return note
    return None


def _union_at(ns: ir.Namespace, file: str, pointer: str) -> ir.Union_ | None:
    return next(
        (s for s in ns.shapes if isinstance(s, ir.Union_) and (s.source.file, s.source.pointer) == (file, pointer)),
        None,
    )


def _tag_places(ns: ir.Namespace, union: ir.Union_) -> list[tuple[str, str]]:
    """Where the tag property of each variant of a tagged union is."""
    assert union.tag is not None
    shapes = {s.name: s for s in ns.shapes}
    out = []
    for v in union.variants:
        target = shapes.get(v.type.name) if isinstance(v.type, ir.Ref) else None
        if isinstance(target, ir.Object):
            out.append((target.source.file, pointer_join(target.source.pointer, "properties", union.tag)))
    return out


def _tag_note(docs: dict[str, Any], places: list[tuple[str, str]], tag: str) -> str | None:
    """A variant's note on its tag property, or its shape's note naming the tag (`type`)."""
    for file, ptr in places:
        doc = docs.get(file)
        if doc is None:
            continue
        tokens = pointer_tokens(ptr)
        note = _note(_node(doc.data, tokens))
        shape_note = _note(_node(doc.data, tokens[:3]))
        if note:
            return note
        if shape_note and f"`{tag}`" in shape_note:
            return shape_note
    return None


def run(config: Config, spec: Path) -> tuple[list[Finding], list[str], dict[str, Any]]:
    started = time.perf_counter()
    if not os.path.lexists(spec):
        raise ShapegenError(f"file not found: {spec}", hint="--spec takes the vendor's OpenAPI document")
    ours = load_side(config.root, "schema/")
    # the vendor's spec is read, not ours to fix: it breaks the 2020-12 meta-schema in a few places,
    # so load_document does not check it. It is read through the schema loader, confined to its own
    # folder: a $ref to an absolute path, a URL or a file outside that folder is an error, never read.
    with reading(confined=True):
        vendor = load_document(spec, "upstream")
    vendor_ns = vendor.model.namespaces[0]
    vendor_bundle = vendor.bundles["upstream"]
    vendor_pos = vendor.positions
    vendor_file = next(iter(vendor_bundle.documents.values())).rel
    findings: list[Finding] = []
    compared = 0
    for ns in ours.model.namespaces:
        bundle = ours.bundles[ns.name]
        docs = {doc.rel: doc for doc in bundle.documents.values()}
        comparison = Comparison(ns.name, ns, vendor_ns, ours, vendor_pos, languages=())
        reaching = _roles_reaching(ns)
        pairs: list[tuple[str, str, ir.Role]] = []
        for shape in ns.shapes:
            written = bundle.defs.get(shape.name)
            pointer = written.get(POINTER_KEY) if isinstance(written, dict) else None
            if not isinstance(pointer, str):
                continue
            if shape.source.pointer != f"/components/schemas/{shape.name}":
                continue  # the response-side copy of a shared part: reached from the response shapes
            theirs = pointer[len(_PREFIX) :] if pointer.startswith(_PREFIX) else None
            if theirs is None or theirs not in comparison.new:
                doc = docs[shape.source.file]
                raise ShapegenError(
                    f"{POINTER_KEY} {pointer!r} names no schema of {vendor_file}",
                    where=doc.where(f"{shape.source.pointer}/{POINTER_KEY}"),
                    hint="write '#/components/schemas/<Name>' with a component name of the vendor spec",
                )
            compared += 1
            roles = sorted(reaching.get(shape.name) or {"request", "response"})
            if shape.role != "part":
                roles = [shape.role]
            pairs.extend((shape.name, theirs, role) for role in roles)  # type: ignore[misc]
        comparison.run_pairs(pairs)
        for key, finding in comparison.findings.items():
            if any(finding.rule.endswith("-" + r) for r in _POLICY_RULES):
                continue
            at = comparison.places[key]
            note = accounted_for(docs, [(at.old_file, at.old_ptr), *reversed(at.trail)], finding.path)
            if note is None and finding.rule.endswith("-union-tag-changed"):
                # tagging a union is a deviation on its variants' tag property
                union = _union_at(ns, at.old_file, at.old_ptr)
                if union is not None and union.tag is not None:
                    note = _tag_note(docs, _tag_places(ns, union), union.tag)
            findings.append(replace(finding, accepted=note) if note else finding)
    findings.sort(key=sort_key)
    drift = [f for f in findings if f.accepted is None]
    footer = [
        f"{compared} shapes compared with their upstream schema: {len(findings) - len(drift)} differences "
        f"accounted for by {DEVIATION_KEY} notes, {len(drift)} drift",
    ]
    extra = {"spec": str(spec), "shapes": compared, "seconds": round(time.perf_counter() - started, 3)}
    return findings, footer, extra
