"""How generation cost grows with the input (issue 20 item 8, issue 23 item 7): a cold `generate`
of every target, in a fresh project each run, side by side in one invocation, for

- a chain of N unions (U_i is oneOf [O_i, U_{i+1}]) and a chain of N objects (O_i holds O_{i+1}),
  N = 250, 500, 1,000, 2,000 links, every target;
- N renamed copies of the vendor spec in one namespace (1x, 2x, 4x, 8x), every target that
  renders it;
- a generated schema of a given size in MB (5, 10, 20 by default: 20 MB is the size issue 20
  names), many services' objects with descriptions, enums, constraints, arrays, maps, nested
  inline objects, unions and references, every target;
- (with --nested) the older nested-union chain through objects (Link_i -> Node_i -> Link_i+1).

    python bench/growth.py [--chains union object] [--links 250 500 1000 2000] [--copies 1 2 4 8]
                           [--mb 5 10 20] [--runs 3] [--big-runs 1] [--repo PATH] [--timings]

Each row gives wall and CPU seconds, median (min-max) over the runs, the CPU per unit of input
(ms per link, per copy, per MB) and two growth figures: the CPU ratio to the previous size beside
the size ratio (x2.0 for twice the input is linear), and the CPU per unit divided by the smallest
size's (1.00 = exactly linear; above 1 grows faster). CPU time (user + system of the command and
its render workers) is the figure to read on a shared machine; wall time also counts waiting.
--repo runs the shapegen of another checkout (`python -m generator` from that folder), so that an
older tree can be measured in the same invocation; --timings adds each run's three costliest stages.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO.parent / "shared" / "specs" / "openai-openapi.yaml"
ALL_TARGETS = ["jsonschema", "python", "validators", "docs", "typescript", "rust", "csharp", "dart", "go"]
# targets that do not render the vendor spec yet (none since go renders it; the figures in
# bench/results/growth.md were measured before, without go)
NOT_ON_VENDOR_SPEC: set[str] = set()
_REF = "#/components/schemas/"

# ---------------------------------------------------------------- inputs


def union_chain(n: int) -> str:
    """U_i is oneOf [O_i, U_{i+1}]; each O_i is a closed object with one required property."""
    out = []
    for i in range(n):
        out.append(f"    U{i}:\n      oneOf:\n        - $ref: '{_REF}O{i}'\n")
        out.append(f"        - $ref: '{_REF}U{i + 1}'\n" if i + 1 < n else "")
        out.append(
            f"    O{i}:\n      type: object\n      required: [f{i}]\n      additionalProperties: false\n"
            f"      properties:\n        f{i}: {{type: string}}\n"
        )
    return _api("".join(out))


def object_chain(n: int) -> str:
    """U_i is an object with a required string and an optional property holding U_{i+1}."""
    out = []
    for i in range(n):
        nxt = f"\n        next: {{$ref: '{_REF}U{i + 1}'}}" if i + 1 < n else ""
        out.append(
            f"    U{i}:\n      type: object\n      required: [f{i}]\n      properties:\n"
            f"        f{i}: {{type: string}}{nxt}\n"
        )
    return _api("".join(out))


def nested_union_chain(n: int) -> str:
    """Link_i is a union of a string and Node_i, an object holding Link_{i+1} (the chain
    bench/growth.py measured before)."""
    out = []
    for i in range(n):
        nxt = f"\n        next: {{$ref: '{_REF}Link{i + 1}'}}" if i + 1 < n else ""
        out.append(
            f"    Link{i}:\n      description: Link {i} of the chain.\n      oneOf:\n        - type: string\n"
            f"        - $ref: '{_REF}Node{i}'\n"
            f"    Node{i}:\n      type: object\n      required: [depth]\n      properties:\n"
            f"        depth: {{type: integer}}{nxt}\n"
        )
    return _api("".join(out), head="Link0")


def _api(schemas: str, head: str = "U0") -> str:
    return (
        "openapi: 3.1.0\ninfo: {title: chain, version: '1'}\npaths:\n  /head:\n    post:\n"
        f"      requestBody:\n        content: {{application/json: {{schema: {{$ref: '{_REF}{head}'}}}}}}\n"
        "      responses: {'204': {description: none}}\ncomponents:\n  schemas:\n" + schemas
    )


_WORDS = (
    "the account order invoice line item amount currency customer address region status created updated "
    "identifier reference payload message event token session window limit quota metadata label value"
).split()


def _sentence(i: int, words: int) -> str:
    return " ".join(_WORDS[(i * 7 + k * 3) % len(_WORDS)] for k in range(words)).capitalize() + "."


def _service(s: int) -> tuple[str, str]:
    """One service's schemas and its two paths: 10 named shapes and their inline parts (objects,
    nested inline objects, enums, a union, a map), described as a vendor's spec is (about 1 KB
    of YAML per shape, as in the vendor spec)."""
    p = f"S{s}"
    d = lambda k, n=36: _sentence(s * 31 + k, n)  # noqa: E731
    schemas = f"""    {p}Status:
      type: string
      description: {d(1)}
      enum: [pending, active, suspended, closed]
    {p}Money:
      type: object
      description: {d(2)}
      required: [amount, currency]
      properties:
        amount: {{type: string, pattern: '^-?[0-9]+(\\.[0-9]{{1,6}})?$', description: {d(3)}}}
        currency: {{type: string, minLength: 3, maxLength: 3, description: {d(4)}}}
    {p}Address:
      type: object
      description: {d(5, 60)}
      properties:
        lines: {{type: array, items: {{type: string, maxLength: 200}}, maxItems: 4, description: {d(6)}}}
        city: {{type: string, description: {d(7)}}}
        postcode: {{type: string, description: {d(8)}}}
        country: {{type: string, pattern: '^[A-Z]{{2}}$', description: {d(9)}}}
    {p}Tags:
      type: object
      description: {d(10)}
      additionalProperties: {{type: string, maxLength: 64}}
      maxProperties: 16
    {p}Quantity:
      description: {d(11)}
      oneOf:
        - {{type: integer, minimum: 0, maximum: 1000000}}
        - {{type: string, enum: [unlimited]}}
    {p}Line:
      type: object
      description: {d(12, 60)}
      required: [sku, quantity, price]
      properties:
        sku: {{type: string, description: {d(13)}}}
        quantity: {{$ref: '{_REF}{p}Quantity'}}
        price: {{$ref: '{_REF}{p}Money'}}
        discount:
          type: object
          description: {d(14)}
          properties:
            percent: {{type: number, minimum: 0, maximum: 100, description: {d(15)}}}
            reason: {{type: string, description: {d(16)}}}
        tags: {{$ref: '{_REF}{p}Tags'}}
    {p}Order:
      type: object
      description: {d(17, 80)}
      required: [id, status, lines, total]
      properties:
        id: {{type: string, format: uuid, description: {d(18)}}}
        status: {{$ref: '{_REF}{p}Status'}}
        lines: {{type: array, items: {{$ref: '{_REF}{p}Line'}}, minItems: 1, description: {d(19)}}}
        total: {{$ref: '{_REF}{p}Money'}}
        shipping: {{$ref: '{_REF}{p}Address'}}
        billing: {{$ref: '{_REF}{p}Address'}}
        created_at: {{type: string, format: date-time, description: {d(20)}}}
        notes: {{type: [string, 'null'], maxLength: 2000, description: {d(21)}}}
        priority: {{type: integer, minimum: 1, maximum: 5, default: 3, description: {d(22)}}}
        metadata:
          type: object
          description: {d(23)}
          properties:
            source: {{type: string, enum: [web, mobile, api, batch], description: {d(24)}}}
            campaign: {{type: string, description: {d(25)}}}
            attempts: {{type: integer, minimum: 0, description: {d(26)}}}
    {p}CreateOrder:
      type: object
      description: {d(27, 60)}
      required: [lines]
      additionalProperties: false
      properties:
        lines: {{type: array, items: {{$ref: '{_REF}{p}Line'}}, minItems: 1, description: {d(28)}}}
        shipping: {{$ref: '{_REF}{p}Address'}}
        notes: {{type: string, maxLength: 2000, description: {d(29)}}}
    {p}OrderList:
      type: object
      description: {d(30)}
      required: [data, has_more]
      properties:
        data: {{type: array, items: {{$ref: '{_REF}{p}Order'}}, description: {d(31)}}}
        has_more: {{type: boolean, description: {d(32)}}}
        next_cursor: {{type: [string, 'null'], description: {d(33)}}}
"""
    paths = f"""  /s{s}/orders:
    post:
      operationId: create{p}Order
      requestBody:
        content: {{application/json: {{schema: {{$ref: '{_REF}{p}CreateOrder'}}}}}}
      responses:
        '200':
          description: {d(34, 6)}
          content: {{application/json: {{schema: {{$ref: '{_REF}{p}Order'}}}}}}
    get:
      operationId: list{p}Orders
      responses:
        '200':
          description: {d(35, 6)}
          content: {{application/json: {{schema: {{$ref: '{_REF}{p}OrderList'}}}}}}
"""
    return schemas, paths


def sized_schema(mb: float) -> str:
    """An OpenAPI document of about `mb` megabytes (10^6 bytes): as many services as fit."""
    head = "openapi: 3.1.0\ninfo: {title: sized, version: '1'}\n"
    schemas: list[str] = []
    paths: list[str] = []
    size, s = len(head) + 40, 0
    while size < mb * 1_000_000:
        one, path = _service(s)
        schemas.append(one)
        paths.append(path)
        size += len(one) + len(path)
        s += 1
    return head + "paths:\n" + "".join(paths) + "components:\n  schemas:\n" + "".join(schemas)


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


def _yaml(document: dict[str, Any]) -> str:
    import yaml

    return yaml.dump(document, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False)


# ---------------------------------------------------------------- measuring

# runs a command and prints its exit code, peak RSS in KiB and CPU seconds (user + system): the
# RUSAGE_CHILDREN of this helper is the command's own, render workers included
_MEASURE = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True);"
    "sys.stderr.buffer.write(done.stderr[-6000:]);"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(done.returncode, r.ru_maxrss, r.ru_utime + r.ru_stime)"
)


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mib: float
    ok: bool
    stderr: str = ""
    stages: dict[str, float] = field(default_factory=dict)


def measure(text: str, targets: list[str], repo: Path, timings: bool, timeout: float) -> Sample:
    """One cold `generate` of `text` (one namespace) in a fresh project."""
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp:
        folder = Path(tmp)
        (folder / "schema").mkdir()
        (folder / "schema" / "api.yaml").write_text(text, encoding="utf-8")
        listed = ", ".join(json.dumps(t) for t in targets)
        (folder / "pyproject.toml").write_text(
            f'[tool.shapegen]\noutput = "generated"\ntargets = [{listed}]\n'
            '[tool.shapegen.namespaces]\napi = "schema/api.yaml"\n'
        )
        cmd = [sys.executable, "-m", "generator", "--project", str(folder), "generate"]
        if timings:
            cmd.append("--timings")
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-c", _MEASURE, *cmd], cwd=repo, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return Sample(timeout, 0.0, 0.0, False, f"over {timeout:.0f} s")
        wall = time.perf_counter() - started
        code, rss, cpu = done.stdout.split()[-3:]
        stages = {m[0].strip(): float(m[1]) for m in re.findall(r"^  (.+?)\s+([0-9.]+) s$", done.stderr, re.M)}
        return Sample(wall, float(cpu), int(rss) / 1024, code == "0", done.stderr, stages)


def spread(values: list[float]) -> tuple[float, float, float]:
    """Median, minimum and maximum."""
    return statistics.median(values), min(values), max(values)


def _fmt(values: list[float], digits: int = 2) -> str:
    median, low, high = spread(values)
    if len(values) == 1:
        return f"{median:.{digits}f}"
    return f"{median:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


HEADER = [
    "| input | size | wall s, median (min–max) | CPU s, median (min–max) | CPU per unit | size × | CPU × | "
    "per unit ÷ smallest | peak MiB |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]


def rows(
    label: str,
    unit: str,
    scale: float,
    sizes: list[float],
    make: Callable[[float], str],
    targets: list[str],
    runs: int,
    repo: Path = REPO,
    timings: bool = False,
    timeout: float = 1800,
) -> list[str]:
    """One table row per size, printed as it comes. `unit` names the input's unit and `scale`
    converts seconds per unit into the printed figure (1000: ms per link)."""
    out: list[str] = []
    base: float | None = None
    previous: tuple[float, float] | None = None
    for size in sizes:
        text = make(size)
        samples = [measure(text, targets, repo, timings, timeout) for _ in range(runs)]
        shown = f"{size:g}"
        if not all(s.ok for s in samples):
            bad = next(s for s in samples if not s.ok)
            why = (bad.stderr.strip().splitlines() or ["?"])[-1]
            out.append(f"| {label} | {shown} | failed: {why[:100]} | | | | | | |")
            print(out[-1], flush=True)
            break
        cpu = statistics.median(s.cpu for s in samples)
        per_unit = cpu / size
        base = per_unit if base is None else base
        grow = f"×{size / previous[0]:.1f} | ×{cpu / previous[1]:.2f}" if previous else "— | —"
        previous = (size, cpu)
        stages = ""
        if timings:
            slowest = sorted(samples[len(samples) // 2].stages.items(), key=lambda kv: -kv[1])[:3]
            stages = " (" + ", ".join(f"{k} {v:.1f}" for k, v in slowest) + ")"
        out.append(
            f"| {label} | {shown} | {_fmt([s.wall for s in samples])} | {_fmt([s.cpu for s in samples])} | "
            f"{per_unit * scale:.1f} {unit} | {grow} | {per_unit / base:.2f} | "
            f"{max(s.peak_mib for s in samples):.0f}{stages} |"
        )
        print(out[-1], flush=True)
    return out


def run(
    copies: list[int],
    chain: list[int],
    targets: list[str] | None = None,
    runs: int = 1,
    *,
    chains: tuple[str, ...] = (),
    links: list[int] = (),  # type: ignore[assignment]
    mb: list[float] = (),  # type: ignore[assignment]
    big_runs: int | None = None,
    repo: Path = REPO,
    timings: bool = False,
    timeout: float = 1800,
) -> list[str]:
    """The growth table's lines (printed as they come). `copies`: the vendor spec's sizes; `chain`:
    the nested-union chain's (the older chain); `chains`/`links`: the union and object chains;
    `mb`: the generated schema's sizes in MB. `runs` for the chains, `big_runs` for the rest."""
    big = big_runs if big_runs is not None else runs
    lines = [
        f"Cold `generate` in a fresh project each run; chains and sized schemas: every target "
        f"({', '.join(ALL_TARGETS)}); vendor spec: every target"
        f"{' but ' + ', '.join(sorted(NOT_ON_VENDOR_SPEC)) if NOT_ON_VENDOR_SPEC else ''}. "
        f"{runs} run(s) per chain size, {big} per vendor/sized row; {os.cpu_count()} CPUs (shared). "
        "`size ×` and `CPU ×`: against the row above (equal = linear).",
        "",
        *HEADER,
    ]
    print("\n".join(lines), flush=True)
    every = targets or ALL_TARGETS
    for kind in chains:
        make = {"union": union_chain, "object": object_chain}[kind]
        lines += rows(
            f"{kind} chain", "ms/link", 1000, list(links), lambda n: make(int(n)), every, runs, repo, timings, timeout
        )
    if chain:
        lines += rows(
            "nested union chain",
            "ms/link",
            1000,
            list(chain),
            lambda n: nested_union_chain(int(n)),
            every,
            runs,
            repo,
            timings,
            timeout,
        )
    if mb:
        lines += rows("sized schema", "s/MB", 1, list(mb), sized_schema, every, big, repo, timings, timeout)
    if copies and SPEC.is_file():
        import yaml

        spec = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        vendor = [t for t in (targets or ALL_TARGETS) if t not in NOT_ON_VENDOR_SPEC]
        lines += rows(
            "vendor spec ×N",
            "s/copy",
            1,
            list(copies),
            lambda n: _yaml(copies_spec(spec, int(n))),
            vendor,
            big,
            repo,
            timings,
            timeout,
        )
    elif copies:
        lines.append(f"(vendor spec rows left out: {SPEC} is not here)")
        print(lines[-1], flush=True)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chains", nargs="*", choices=["union", "object"], default=["union", "object"])
    parser.add_argument("--links", type=int, nargs="*", default=[250, 500, 1000, 2000])
    parser.add_argument("--nested", type=int, nargs="*", default=[], help="the older nested-union chain's sizes")
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 2, 4, 8])
    parser.add_argument("--mb", type=float, nargs="*", default=[5, 10, 20])
    parser.add_argument("--targets", nargs="*", default=None, help="default: every target")
    parser.add_argument("--runs", type=int, default=3, help="runs per chain size (default 3)")
    parser.add_argument("--big-runs", type=int, default=1, help="runs per vendor-spec and sized-schema row")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose shapegen runs")
    parser.add_argument("--timings", action="store_true", help="add each row's three costliest stages")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds a run may take; a row stops its series")
    args = parser.parse_args()
    run(
        args.copies,
        args.nested,
        args.targets,
        args.runs,
        chains=tuple(args.chains),
        links=args.links,
        mb=args.mb,
        big_runs=args.big_runs,
        repo=args.repo.resolve(),
        timings=args.timings,
        timeout=args.timeout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
