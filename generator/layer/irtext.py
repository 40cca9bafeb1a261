"""A readable text form of the IR, its decisions and every language's names: the IR golden
(`tests/golden/<case>/expected/ir.txt`), so that lowering is specified once and the per-target
goldens test only printing.

One block per shape, in namespace order:

    object Name  <role>  open|closed  @ file#pointer
      field <wire>: <type>  required|optional|default <json> (<carrier>)  [nullable] [secret]
        names: python=… rust=… typescript=…
        pattern <source>: redos linear|<risk>, then its python-re and dotnet translations
        (ecma and regress are the source itself)
    union Name  <role>  dispatch <ByTag/ByJsonType/InOrder …>
      associated: <lang>.<key>=<name> (names a target derives: catch-alls, accessors, constants)
      variant <i> <tag or type>  names: …
    enum Name  <role>  open|closed
      value <json>  names: …
    alias Name = <type>

Types: `string`, `integer`, `number`, `boolean` (with `format=` and constraints in braces),
`const <json>`, `<Name>`, `list<T>`, `map<T>`, `T | null`, `any`.
"""

from __future__ import annotations

import json
from typing import Any

from generator import ir
from generator.errors import ShapegenError
from generator.decide import DecidedNamespace, decide, decide_namespace
from generator.layer.patterns import patterns_of
from generator.layer.unions import ByJsonType, ByTag
from generator.naming import Names

_C = (
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("pattern", "pattern"),
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("exclusive_minimum", "exclusiveMinimum"),
    ("exclusive_maximum", "exclusiveMaximum"),
    ("multiple_of", "multipleOf"),
    ("min_items", "minItems"),
    ("max_items", "maxItems"),
    ("min_properties", "minProperties"),
    ("max_properties", "maxProperties"),
)


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _constraints(c: ir.Constraints, fmt: str | None = None) -> str:
    parts = [f"format={fmt}"] if fmt else []
    parts += [f"{key}={_j(getattr(c, attr))}" for attr, key in _C if getattr(c, attr) is not None]
    if c.unique_items:
        parts.append("uniqueItems")
    return " {" + ", ".join(parts) + "}" if parts else ""


def type_text(t: ir.Type) -> str:
    if isinstance(t, ir.Primitive):
        return t.kind + _constraints(t.constraints, t.format)
    if isinstance(t, ir.Literal):
        return f"const {_j(t.value)}"
    if isinstance(t, ir.Ref):
        return t.name
    if isinstance(t, ir.Array):
        return f"list<{type_text(t.item)}>" + _constraints(t.constraints)
    if isinstance(t, ir.Map):
        return f"map<{type_text(t.value)}>" + _constraints(t.constraints)
    if isinstance(t, ir.Nullable):
        return f"{type_text(t.inner)} | null"
    return "any"


def _names(by_lang: dict[str, Names], get: Any) -> str:
    out = []
    for lang, names in by_lang.items():
        try:
            out.append(f"{lang}={get(names)}")
        except KeyError:
            continue
    return "  names: " + " ".join(out) if out else ""


def _associated(by_lang: dict[str, Names], shape: str, wire: str = "") -> list[str]:
    """`associated: lang.key=name ...` for the names targets derive from this shape or field."""
    items = [
        f"{lang}.{key}={name}"
        for lang, names in by_lang.items()
        for (key, owner, w), name in sorted(names.extra.items())
        if owner == shape and w == wire
    ]
    return ["associated: " + " ".join(items)] if items else []


def _carrier(c: Any) -> str:
    name = type(c).__name__
    fields = ", ".join(
        f"{k}={_carrier(v) if hasattr(v, '__dataclass_fields__') else _j(v)}" for k, v in vars(c).items()
    )
    return f"{name}({fields})"


def _pattern_lines(t: ir.Type) -> list[str]:
    out = []
    for p in patterns_of(t):
        risk = p.risks[0].describe() if p.risks else "linear"
        out.append(f"pattern {_j(p.source)}: redos {risk}")
        for dialect in ("python-re", "dotnet"):
            try:
                out.append(f"  {dialect}: {p.in_dialect(dialect)}")
            except ShapegenError as exc:
                out.append(f"  {dialect}: cannot ({exc.message})")
    return out


def namespace_text(ns: ir.Namespace, decided: DecidedNamespace | None = None) -> str:
    decided = decided if decided is not None else decide_namespace(ns)
    by_lang = {language: decided.names(language) for language in decided.languages()}
    g = decided.graph
    lines = [f"namespace {ns.name}  {ns.schema_id}"]
    for shape in ns.shapes:
        where = f"@ {shape.source.file}#{shape.source.pointer}"
        type_names = _names(by_lang, lambda n: n.type(shape.name))
        lines.append("")
        if isinstance(shape, ir.Object):
            lines.append(f"object {shape.name}  {shape.role}  {'closed' if shape.closed else 'open'}  {where}")
            lines.append("  " + type_names.strip())
            lines += [f"  {a}" for a in _associated(by_lang, shape.name)]
            for f in shape.fields:
                if isinstance(f.presence, ir.Default):
                    decision = decided.default(shape.name, f.wire_name)
                    presence = f"default {_j(f.presence.value)} ({_carrier(decision.carrier) if decision else ''})"
                else:
                    presence = "required" if f.required else "optional"
                flags = "".join(["  nullable" if f.nullable else "", "  secret" if f.secret else ""])
                lines.append(f"  field {_j(f.wire_name)}: {type_text(f.type)}  {presence}{flags}")
                lines.append("    " + _names(by_lang, lambda n, w=f.wire_name: n.field(shape.name, w)).strip())
                lines += [f"    {a}" for a in _associated(by_lang, shape.name, f.wire_name)]
                lines += [f"    {line}" for line in _pattern_lines(f.type)]
        elif isinstance(shape, ir.Union_):
            d = decided.dispatch(shape.name)
            if isinstance(d, ByTag):
                how = f"by tag {_j(d.property)}{' (open: unknown tags kept)' if d.open else ' (closed)'}"
                if d.default is not None:
                    how += f" (absent: {_j(d.cases[d.default][0])})"
            elif isinstance(d, ByJsonType):
                how = "by JSON type " + ", ".join(f"{jt}->{i}" for jt, i in d.cases)
            else:
                how = f"in order ({'exactly one must match' if d.exclusive else 'first match wins'})"
            lines.append(f"union {shape.name}  {shape.role}  dispatch {how}  {where}")
            lines.append("  " + type_names.strip())
            lines += [f"  {a}" for a in _associated(by_lang, shape.name)]
            for i, v in enumerate(shape.variants):
                label = f"tag {_j(v.tag_value)} " if v.tag_value is not None else ""
                lines.append(f"  variant {i} {label}{type_text(v.type)}")
                lines.append("    " + _names(by_lang, lambda n, i=i: n.variant(shape.name, i)).strip())
        elif isinstance(shape, ir.Enum):
            lines.append(f"enum {shape.name}  {shape.role}  {'open' if shape.open else 'closed'}  {where}")
            lines.append("  " + type_names.strip())
            lines += [f"  {a}" for a in _associated(by_lang, shape.name)]
            for value in shape.values:
                lines.append(f"  value {_j(value)}")
                lines.append("    " + _names(by_lang, lambda n, v=value: n.member(shape.name, v)).strip())
        else:
            null = " | null" if shape.nullable else ""
            lines.append(f"alias {shape.name} = {type_text(shape.type)}{null}  {shape.role}  {where}")
            lines.append("  " + type_names.strip())
    facts = []
    if g.boxed_edges:
        facts.append("needs indirection: " + ", ".join(f"{a}->{b}" for a, b in sorted(g.boxed_edges)))
    if g.variant_only:
        facts.append("used only as variants: " + ", ".join(sorted(g.variant_only)))
    if g.recursive_type_aliases:
        facts.append("recursive aliases: " + ", ".join(sorted(g.recursive_type_aliases)))
    collisions = [f"{lang}: {line}" for lang, names in by_lang.items() for line in _report(names)]
    if facts or collisions:
        lines.append("")
        lines += facts
        lines += [f"collision {c}" for c in collisions]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _report(names: Names) -> list[str]:
    from generator.naming import report

    return report(names)


def model_text(model: ir.Model) -> str:
    decided = decide(model)
    return "\n".join(namespace_text(ns, decided.of(ns)) for ns in model.namespaces)
