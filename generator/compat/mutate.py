"""Seeded mutations of an OpenAPI document, each with the finding it must produce: how the
engine is tested (and timed) at scale on a real spec (tests/breaking, bench/breaking.py)."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from typing import Any

from generator import ir
from generator.compat.findings import Finding

_SCHEMAS = ("components", "schemas")


@dataclass(frozen=True)
class Mutation:
    kind: str
    shape: str
    prop: str
    expected: tuple[str, ...]  # rule ids without their role: any of them finds the mutation

    @property
    def pointer(self) -> str:
        return f"/components/schemas/{self.shape}/properties/{self.prop}"

    def found_by(self, f: Finding) -> bool:
        rule = f.rule.split("-", 1)[1] if f.rule.startswith(("request-", "response-")) else f.rule
        return rule in self.expected and (f.pointer == self.pointer or f.pointer.startswith(self.pointer + "/"))

    def describe(self) -> str:
        return f"{self.kind} at {self.shape}.{self.prop}"


def _reached(ns: ir.Namespace) -> set[str]:
    graph: dict[str, list[str]] = {}
    for s in ns.shapes:
        graph[s.name] = list(ir.shape_refs(s))
    seen: set[str] = set()
    stack = [s.name for s in ns.top_level]
    while stack:
        name = stack.pop()
        if name not in seen and name in graph:
            seen.add(name)
            stack.extend(graph[name])
    return seen


def candidates(document: dict[str, Any], ns: ir.Namespace) -> list[tuple[str, str, dict[str, Any], bool]]:
    """(component, property, property schema, required) for every plain property of a component
    object a body reaches, in a stable order."""
    reached = _reached(ns)
    schemas = document[_SCHEMAS[0]][_SCHEMAS[1]]
    out = []
    for name in sorted(schemas):
        schema = schemas[name]
        shape = next((s for s in ns.shapes if s.name == name), None)
        if name not in reached or not isinstance(shape, ir.Object) or not isinstance(schema, dict):
            continue
        if not isinstance(schema.get("properties"), dict) or "allOf" in schema:
            continue
        required = schema.get("required") or []
        for prop, sub in sorted(schema["properties"].items()):
            if isinstance(sub, dict) and "/" not in prop and "~" not in prop:
                out.append((name, prop, sub, prop in required))
    return out


def _is_plain_string(sub: dict[str, Any]) -> bool:
    return sub.get("type") == "string" and not any(k in sub for k in ("enum", "const", "maxLength", "format"))


def mutate(document: dict[str, Any], ns: ir.Namespace, count: int, seed: int) -> tuple[dict[str, Any], list[Mutation]]:
    """A copy of `document` with `count` mutations on distinct properties, and what each must produce."""
    rng = random.Random(seed)
    doc = copy.deepcopy(document)
    schemas = doc[_SCHEMAS[0]][_SCHEMAS[1]]
    pool = candidates(document, ns)
    rng.shuffle(pool)
    done: list[Mutation] = []
    kinds = ["remove", "add", "require", "retype", "enum-add", "enum-remove", "max-length", "nullable"]
    for name, prop, sub, required in pool:
        if len(done) == count:
            break
        if any(m.shape == name for m in done):
            continue  # one mutation per shape: findings stay attributable
        schema = schemas[name]
        target = schema["properties"][prop]
        for kind in rng.sample(kinds, len(kinds)):
            if kind == "remove":
                del schema["properties"][prop]
                if required:
                    schema["required"] = [r for r in schema["required"] if r != prop]
                expected: tuple[str, ...] = ("required-property-removed",) if required else ("property-removed",)
            elif kind == "add":
                added = f"{prop}_mutation_added"
                if added in schema["properties"]:
                    continue
                schema["properties"][added] = {"type": "string"}
                done.append(Mutation(kind, name, added, ("property-added",)))
                break
            elif kind == "require" and not required and "$ref" not in target:
                schema["required"] = list(schema.get("required") or []) + [prop]
                expected = ("property-became-required",)
            elif kind == "retype" and _is_plain_string(target):
                target["type"] = "integer"
                expected = ("type-changed",)
            elif kind == "enum-add" and isinstance(target.get("enum"), list) and len(target["enum"]) > 1:
                target["enum"] = list(target["enum"]) + ["mutation_added_value"]
                expected = ("enum-value-added",)
            elif kind == "enum-remove" and isinstance(target.get("enum"), list) and len(target["enum"]) > 2:
                if None in target["enum"]:
                    continue
                target["enum"] = list(target["enum"])[:-1]
                expected = ("enum-value-removed",)
            elif kind == "max-length" and _is_plain_string(target):
                target["maxLength"] = 7
                expected = ("length-narrowed",)
            elif kind == "nullable" and _is_plain_string(target):
                target["type"] = ["string", "null"]
                expected = ("became-nullable",)
            else:
                continue
            done.append(Mutation(kind, name, prop, expected))
            break
    return doc, done
