"""Chain-scaling benchmark (issue 20, item 8): `shapegen generate` on a chain of N unions and a
chain of N objects, every target, in a fresh project each time; prints the seconds (wall and per
stage, with --timings) and the slope between sizes (seconds per link: linear growth keeps it flat).

    python bench/chains.py [--kind union|object] [--sizes 250,500,1000,2000] [--timeout 600]

(bench/growth.py measures a nested-union chain and copies of the vendor spec by CPU time; this one
gives the figures issue 20 asks for, at its sizes, for a chain of unions and a chain of objects.)

A union chain: U_i is oneOf [O_i, U_{i+1}], each O_i a closed object with one required property
of its own; an object chain: O_i has a property holding O_{i+1}. The request body is the head.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = '["jsonschema", "python", "validators", "docs", "typescript", "rust", "csharp", "dart"]'


def union_chain(n: int) -> str:
    lines = []
    for i in range(n):
        lines.append(f"    U{i}:\n      oneOf:\n        - $ref: '#/components/schemas/O{i}'\n")
        lines.append(f"        - $ref: '#/components/schemas/U{i + 1}'\n" if i + 1 < n else "")
        lines.append(
            f"    O{i}:\n      type: object\n      required: [f{i}]\n      additionalProperties: false\n"
            f"      properties:\n        f{i}: {{type: string}}\n"
        )
    return "".join(lines)


def object_chain(n: int) -> str:
    lines = []
    for i in range(n):
        nxt = f"\n        next: {{$ref: '#/components/schemas/U{i + 1}'}}" if i + 1 < n else ""
        lines.append(
            f"    U{i}:\n      type: object\n      required: [f{i}]\n      properties:\n"
            f"        f{i}: {{type: string}}{nxt}\n"
        )
    return "".join(lines)


def project(folder: Path, kind: str, n: int) -> Path:
    (folder / "schema").mkdir(parents=True)
    body = union_chain(n) if kind == "union" else object_chain(n)
    (folder / "schema" / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: chain, version: '1'}\npaths:\n  /head:\n    post:\n"
        "      requestBody:\n        content: {application/json: {schema: {$ref: '#/components/schemas/U0'}}}\n"
        "      responses: {'204': {description: none}}\ncomponents:\n  schemas:\n" + body
    )
    (folder / "pyproject.toml").write_text(
        f'[tool.shapegen]\noutput = "generated"\ntargets = {TARGETS}\n[tool.shapegen.namespaces]\nchain = "schema/api.yaml"\n'
    )
    return folder


def run(kind: str, n: int, timeout: float) -> tuple[float | None, dict[str, float], str]:
    with tempfile.TemporaryDirectory(prefix=f"shapegen-{kind}-{n}-") as tmp:
        root = project(Path(tmp), kind, n)
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "generator", "--project", str(root), "generate", "--timings"],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=timeout,
                env=dict(os.environ),
            )
        except subprocess.TimeoutExpired:
            return None, {}, f"over {timeout:.0f} s"
        seconds = time.perf_counter() - started
        stages = {m[0].strip(): float(m[1]) for m in re.findall(r"^  (.+?)\s+([0-9.]+) s$", done.stderr, re.M)}
        return (seconds if done.returncode == 0 else None), stages, (done.stderr[-400:] if done.returncode else "")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--kind", choices=["union", "object"], default="union")
    p.add_argument("--sizes", default="250,500,1000,2000")
    p.add_argument("--timeout", type=float, default=600)
    args = p.parse_args()
    previous: tuple[int, float] | None = None
    for n in (int(s) for s in args.sizes.split(",")):
        seconds, stages, problem = run(args.kind, n, args.timeout)
        if seconds is None:
            print(f"{args.kind} chain of {n}: {problem}", flush=True)
            break
        slowest = sorted(stages.items(), key=lambda kv: -kv[1])[:4]
        slope = f", slope {(seconds - previous[1]) / (n - previous[0]) * 1000:.1f} ms/link" if previous else ""
        print(
            f"{args.kind} chain of {n}: {seconds:.1f} s{slope}; slowest stages: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in slowest),
            flush=True,
        )
        previous = (n, seconds)


if __name__ == "__main__":
    main()
