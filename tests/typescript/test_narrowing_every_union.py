"""Every open tagged union of the project's schema narrows by its tag: for each one, a function
written from the decided names (`if` on each known tag gives that variant's type; a `switch` with a
case per known tag, and `case undefined` where the tag may be absent, leaves only the unknown variant
for `default`, where `isKnown<Name>` narrows to `never`) compiles under `tsc --strict`."""

from __future__ import annotations

from generator import ir
from generator.config import load_config
from generator.decide import decide
from generator.pipeline import load_checked
from generator.targets.typescript import ts_str
from tests.conftest import REPO
from tests.typescript.helpers import typecheck


def _access(tag: str) -> str:
    return f".{tag}" if tag.isidentifier() else f"[{ts_str(tag)}]"


def narrowing_source() -> tuple[str, list[str]]:
    model = load_checked(load_config(REPO)).model
    decided = decide(model)
    out: list[str] = []
    unions: list[str] = []
    for ns in model.namespaces:
        names = decided[ns.name].names("typescript")
        for shape in ns.shapes:
            if not (isinstance(shape, ir.Union_) and shape.open and shape.tag is not None):
                continue
            union = names.type(shape.name)
            unions.append(union)
            unknown = names.associated("unknown", shape.name)
            guard = names.associated("is-known", shape.name)
            variants = [(v.tag_value, names.type(v.type.name)) for v in shape.variants if isinstance(v.type, ir.Ref)]
            imports = sorted({union, unknown, guard, *(t for _, t in variants)})
            tag = _access(shape.tag)
            lines = [f"import {{ {', '.join(imports)} }} from './{names.module}/index.js';"]
            lines.append(f"export function each{union}(x: {union}): string {{")
            for value, variant in variants:
                lines.append(f"  if (x{tag} === {ts_str(value)}) {{ const v: {variant} = x; return String(v{tag}); }}")
            lines.append("  return '';")
            lines.append("}")
            lines.append(f"export function switch{union}(x: {union}): string {{")
            lines.append(f"  switch (x{tag}) {{")
            for value, variant in variants:
                lines.append(f"    case {ts_str(value)}: {{ const v: {variant} = x; return String(v{tag}); }}")
            if shape.default_tag is not None:  # a value without its tag is that variant
                lines.append("    case undefined: return 'the default';")
            lines.append("    default: {")
            lines.append(f"      if ({guard}(x)) {{ const unhandled: never = x; return unhandled; }}")
            lines.append(f"      const newer: {unknown} = x;")
            lines.append(f"      return String(newer{tag});")
            lines.append("    }")
            lines.append("  }")
            lines.append("}")
            out.append("\n".join(lines))
    return "\n".join(out) + "\n", unions


def test_every_open_union_of_the_project_narrows_by_its_tag(project_package):
    source, unions = narrowing_source()
    assert {"ClientSecretSession", "ToolResponse", "AudioFormatResponse", "TurnDetectionResponse"} <= set(unions)
    # one import line per union: merge them by module so that no name is imported twice
    path = project_package / "src" / "$narrowing_every_union.ts"
    imports: dict[str, set[str]] = {}
    body = []
    for line in source.splitlines():
        if line.startswith("import {"):
            names, module = line[len("import { ") :].split(" } from ")
            imports.setdefault(module, set()).update(names.split(", "))
        else:
            body.append(line)
    head = [f"import {{ {', '.join(sorted(n))} }} from {m}" for m, n in imports.items()]
    path.write_text("\n".join(head + body) + "\n", encoding="utf-8")
    try:
        result = typecheck([project_package])
    finally:
        path.unlink()
    assert result.returncode == 0, result.stdout
