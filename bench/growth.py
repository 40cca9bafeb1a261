"""How generation cost grows with the input: N renamed copies of the vendor spec in one namespace
(1×, 2×, 4×, 8×) and a chain of nested unions (200, 400, 800 links), each a cold `generate` of
every target, timed side by side in one invocation.

    python bench/growth.py [--copies 1 2 4 8] [--chain 200 400 800] [--targets ...] [--runs N]

Linear growth means the cost per unit of input stays flat: the last column divides each CPU median
by the size and by the smallest input's CPU per unit (1.00 = exactly linear). CPU time (user +
system of the command) is the figure to read on a shared machine; wall time also counts waiting.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generation import REPO, SPEC, Sample, measure, spread, targets_for  # noqa: E402

_REF = "#/components/schemas/"


def _renamed(node: Any, suffix: str) -> Any:
    """`node` with every reference to a component schema pointing at its renamed copy."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(_REF):
                out[key] = value + suffix
            elif key == "operationId" and isinstance(value, str):
                out[key] = value + suffix
            else:
                out[key] = _renamed(value, suffix)
        return out
    if isinstance(node, list):
        return [_renamed(item, suffix) for item in node]
    return node


def copies_spec(spec: dict[str, Any], n: int) -> dict[str, Any]:
    """The spec with its schemas and paths `n` times: copy i > 1 renames every schema `X` to
    `XCopyi` (and every reference to it) and mounts its paths under `/copyi`."""
    out = copy.deepcopy(spec)
    schemas = out["components"]["schemas"]
    paths = out["paths"]
    for i in range(2, n + 1):
        suffix = f"Copy{i}"
        for name, schema in spec["components"]["schemas"].items():
            schemas[name + suffix] = _renamed(schema, suffix)
        for path, item in spec["paths"].items():
            paths[f"/copy{i}{path}"] = _renamed(item, suffix)
    return out


def union_chain(n: int) -> dict[str, Any]:
    """An OpenAPI document whose `Link0` is a union of a string and an object holding `Link1`, and
    so on: `n` unions nested through objects, the last one ending the chain."""
    schemas: dict[str, Any] = {}
    for i in range(n):
        schemas[f"Link{i}"] = {
            "description": f"Link {i} of the chain.",
            "oneOf": [{"type": "string"}, {"$ref": f"{_REF}Node{i}"}],
        }
        properties: dict[str, Any] = {"depth": {"type": "integer"}}
        if i + 1 < n:
            properties["next"] = {"$ref": f"{_REF}Link{i + 1}"}
        schemas[f"Node{i}"] = {"type": "object", "required": ["depth"], "properties": properties}
    return {
        "openapi": "3.1.0",
        "info": {"title": "chain", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def project(folder: Path, document: dict[str, Any], targets: list[str]) -> Path:
    import yaml

    (folder / "schema").mkdir(parents=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    (folder / "schema" / "api.yaml").write_text(yaml.dump(document, Dumper=dumper, sort_keys=False))
    listed = ", ".join(json.dumps(t) for t in targets)
    (folder / "pyproject.toml").write_text(
        f'[tool.shapegen]\noutput = "generated"\ntargets = [{listed}]\n'
        '[tool.shapegen.namespaces]\napi = "schema/api.yaml"\n'
    )
    return folder


def cold(document: dict[str, Any], targets: list[str], runs: int) -> list[Sample]:
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp:
            folder = project(Path(tmp), document, targets)
            samples.append(measure([sys.executable, "-m", "generator", "--project", str(folder), "generate"], REPO))
    return samples


def rows(label: str, sizes: list[int], make: Any, targets: list[str], runs: int) -> list[str]:
    out = []
    base: float | None = None
    for size in sizes:
        samples = cold(make(size), targets, runs)
        ok = all(s.ok for s in samples)
        if not ok:
            why = next((s.error for s in samples if s.error), "").strip().splitlines()
            out.append(f"| {label} | {size} | failed: {(why[-1] if why else '')[:90]} | | | |")
            print(out[-1], flush=True)
            continue
        median, low, high = spread([s.seconds for s in samples])
        cpu, cpu_low, cpu_high = spread([s.cpu for s in samples])
        peak = max(s.peak_mib for s in samples)
        if base is None:
            base = cpu / size
        out.append(
            f"| {label} | {size} | {median:.2f} ({low:.2f}–{high:.2f}) | {cpu:.2f} ({cpu_low:.2f}–{cpu_high:.2f})"
            f" | {peak:.0f} | {cpu / size / base:.2f} |"
        )
        print(out[-1], flush=True)
    return out


def run(copies: list[int], chain: list[int], targets: list[str], runs: int) -> list[str]:
    """The growth table's lines (printed as they come)."""
    lines = [
        f"Cold `generate`, targets: {', '.join(targets)}; {runs} run(s) each; {os.cpu_count()} CPUs (shared).",
        "",
        "| input | size | wall s, median (min–max) | CPU s, median (min–max) | peak MiB | CPU per unit ÷ smallest |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    print("\n".join(lines), flush=True)
    if copies and SPEC.is_file():
        import yaml

        spec = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        lines += rows("vendor spec × N", copies, lambda n: copies_spec(spec, n), targets, runs)
    if chain:
        lines += rows("nested union chain", chain, union_chain, targets, runs)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 2, 4, 8])
    parser.add_argument("--chain", type=int, nargs="*", default=[200, 400, 800])
    parser.add_argument("--targets", nargs="*", default=None, help="default: every target that renders the vendor spec")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    run(args.copies, args.chain, args.targets or targets_for("realspec"), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
