"""Benchmark: `shapegen breaking` on OpenAI's 3 MB spec against a copy with seeded mutations.

    .venv/bin/python bench/breaking.py [--mutations 50] [--seed 11] [--runs 3]

Each mutation (a removed, added, newly required, retyped or newly nullable property, an enum
value added or removed, a new maxLength) is on its own shape a request or response body reaches,
and must be found as the finding its kind produces, at its pointer (checked once, in process).

What is timed is the command a user runs, `shapegen --project <mutated copy> breaking --against
<original>`, as a subprocess: cold (fresh project folders, so no cache of either side) and warm
(the same command again), medians (min–max) of `--runs`, wall and CPU seconds and peak memory.
Writes bench/results/breaking.md.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.compat.breaking import compare_sides  # noqa: E402
from generator.compat.mutate import mutate  # noqa: E402
from generator.compat.side import load_document  # noqa: E402
from generator.compat.source import discover  # noqa: E402

SPEC = REPO.parent / "shared" / "specs" / "openai-openapi.yaml"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generation import Sample, measure, spread  # noqa: E402


def _project(folder: Path, spec: Path) -> Path:
    (folder / "schema").mkdir(parents=True)
    shutil.copy(spec, folder / "schema" / "openai-openapi.yaml")
    (folder / "pyproject.toml").write_text(
        '[tool.shapegen]\noutput = "generated"\ntargets = ["python"]\n'
        '[tool.shapegen.namespaces]\nopenai = "schema/openai-openapi.yaml"\n'
    )
    return folder


def _row(label: str, samples: list[Sample]) -> str:
    wall, wall_lo, wall_hi = spread([s.seconds for s in samples])
    cpu, cpu_lo, cpu_hi = spread([s.cpu for s in samples])
    peak = max(s.peak_mib for s in samples)
    return (
        f"| {label} | {wall:.2f} ({wall_lo:.2f}–{wall_hi:.2f}) | {cpu:.2f} ({cpu_lo:.2f}–{cpu_hi:.2f}) | {peak:.0f} |"
    )


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
    cold: list[Sample] = []
    warm: list[Sample] = []
    with tempfile.TemporaryDirectory() as tmp:
        old = load_document(SPEC, "openai")
        mutated, mutations = mutate(document, old.model.namespaces[0], args.mutations, args.seed)
        copy_path = Path(tmp) / "openai-openapi.yaml"
        copy_path.write_text(yaml.dump(mutated, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False))
        notes: list[str] = []
        findings = compare_sides(old, load_document(copy_path, "openai"), languages, notes)  # the check, untimed
        for run in range(args.runs):
            new_side = _project(Path(tmp) / f"new{run}", copy_path)
            old_side = _project(Path(tmp) / f"old{run}", SPEC)
            command = [
                sys.executable,
                "-m",
                "generator",
                "--project",
                str(new_side),
                "breaking",
                "--against",
                str(old_side),
                "--format",
                "json",
                "--fail-on",
                "never",
            ]
            cold.append(measure(command, REPO))
            warm.append(measure(command, REPO))
    failed = [s.error for s in cold + warm if not s.ok]
    if failed:
        print(f"the command failed: {failed[0]}", file=sys.stderr)
        return 1
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
        "`shapegen breaking --against <original>` run as a user runs it, side by side in one invocation "
        "(the machine shared with other work while measured):",
        "",
        "| command | wall s, median (min–max) | CPU s, median (min–max) | peak MiB |",
        "| --- | ---: | ---: | ---: |",
        _row("cold: fresh project folders, no cache", cold),
        _row("warm: the same command again", warm),
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
    print("\n".join(lines[:12]))
    print(f"(written {out.relative_to(REPO)})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
