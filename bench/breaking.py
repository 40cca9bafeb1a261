"""Benchmark: `shapegen breaking` on OpenAI's 3 MB spec against a copy with seeded mutations.

    .venv/bin/python bench/breaking.py [--mutations 50] [--seed 11] [--runs 3]

Each mutation (a removed, added, newly required, retyped or newly nullable property, an enum
value added or removed, a new maxLength) is on its own shape a request or response body reaches,
and must be found as the finding its kind produces, at its pointer. Times, medians of `--runs`:
loading each side (load, normalise, lower: the meta-schema checks are off, the vendor's spec
does not pass them) and the comparison itself (wire and source findings for every target
language). Writes bench/results/breaking.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.compat.breaking import compare_sides  # noqa: E402
from generator.compat.mutate import mutate  # noqa: E402
from generator.compat.side import load_document  # noqa: E402
from generator.compat.source import discover  # noqa: E402

SPEC = REPO.parent / "shared" / "specs" / "openai-openapi.yaml"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--mutations", type=int, default=50)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    if not SPEC.is_file():
        print(f"skipped: {SPEC} is absent", file=sys.stderr)
        return 0
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(SPEC.read_bytes(), Loader=loader)
    languages = discover()
    loads, compares, totals, cpu_compares, cpu_totals = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        old = load_document(SPEC, "openai")
        base_load = time.perf_counter() - started
        mutated, mutations = mutate(document, old.model.namespaces[0], args.mutations, args.seed)
        copy_path = Path(tmp) / "openai-openapi.yaml"
        copy_path.write_text(yaml.dump(mutated, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False))
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            old = load_document(SPEC, "openai")
            new = load_document(copy_path, "openai")
            t1, c1 = time.perf_counter(), time.process_time()
            notes: list[str] = []
            findings = compare_sides(old, new, languages, notes)
            t2, c2 = time.perf_counter(), time.process_time()
            cpu_compares.append(c2 - c1)
            cpu_totals.append(c2 - c0)
            loads.append((t1 - t0) / 2)
            compares.append(t2 - t1)
            totals.append(t2 - t0)
    missed = [m for m in mutations if not any(m.found_by(f) for f in findings)]
    shapes = len(old.model.namespaces[0].shapes)
    lines = [
        "# `shapegen breaking` on the real spec",
        "",
        f"OpenAI's spec ({SPEC.stat().st_size / 1e6:.1f} MB, {shapes} shapes after lowering) against a copy with "
        f"{len(mutations)} seeded mutations (seed {args.seed}); {len(languages)} languages "
        f"({', '.join(lang.name for lang in languages)}). Python {platform.python_version()}, "
        f"{platform.machine()}, medians of {args.runs} runs.",
        "",
        "| step | wall seconds | CPU seconds |",
        "| --- | --- | --- |",
        f"| load + normalise + lower, one side | {statistics.median(loads):.2f} | |",
        f"| compare (wire and source findings) | {statistics.median(compares):.2f} | "
        f"{statistics.median(cpu_compares):.2f} |",
        f"| both sides and the comparison | {statistics.median(totals):.2f} | {statistics.median(cpu_totals):.2f} |",
        "",
        f"Mutations found: {len(mutations) - len(missed)} / {len(mutations)}; findings in all: {len(findings)}.",
        "",
        *(f"- {note}" for note in sorted(set(notes))),
        "",
        "| mutation | found as |",
        "| --- | --- |",
    ]
    for m in mutations:
        hits = sorted({f"{f.rule} [{f.category}]" for f in findings if m.found_by(f)})
        lines.append(f"| {m.describe()} | {', '.join(hits) or '**missed**'} |")
    out = REPO / "bench" / "results" / "breaking.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:13]))
    print(f"(first load {base_load:.2f} s; written {out.relative_to(REPO)})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
