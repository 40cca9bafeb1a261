"""Generation benchmark: shapegen on the vendor's spec and on the project's schema/, cold and warm,
side by side with datamodel-code-generator (Python) and quicktype (TypeScript), in one run.

    python bench/generation.py [--runs N] [--skip-peers] [--only realspec|schema]

- cold: a fresh project folder with no output and an empty cache (the user's first run);
- warm: the same command again, output and caches in place (a no-op generate), and `check`;
- peers: datamodel-codegen on the same OpenAPI file (pydantic v2); quicktype on shapegen's JSON
  Schema bundle (it reads JSON Schema, not OpenAPI), installed with npm into .cache/quicktype.

Each figure is the median wall time of N runs (default 3; 1 for a cold run on the vendor spec
unless --runs says otherwise) and the peak resident memory of the run. Results are printed and
written to bench/results/generation.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO.parent / "shared" / "specs" / "openai-openapi.yaml"
RESULTS = REPO / "bench" / "results" / "generation.md"
QUICKTYPE = REPO / ".cache" / "quicktype"
QUICKTYPE_VERSION = "23.0.171"

# runs a command and prints its peak RSS in KiB (RUSAGE_CHILDREN of this helper is the command's)
_MEASURE = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True);"
    "sys.stderr.buffer.write(done.stderr[-3000:]);"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


@dataclass
class Sample:
    seconds: float
    peak_mib: float
    ok: bool
    error: str = ""


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], cwd=cwd, capture_output=True, text=True, env=env or dict(os.environ)
    )
    seconds = time.perf_counter() - started
    code, rss = done.stdout.split()[-2:]
    return Sample(seconds, int(rss) / 1024, code == "0", done.stderr[-600:] if code != "0" else "")


@dataclass
class Row:
    subject: str
    tool: str
    mode: str
    samples: list[Sample]

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak(self) -> float:
        return max(s.peak_mib for s in self.samples)

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.samples)


def project(folder: Path, subject: str) -> Path:
    """A temporary shapegen project: the vendor spec as a namespace of its own, or schema/."""
    if subject == "realspec":
        (folder / "schema").mkdir(parents=True)
        shutil.copy(SPEC, folder / "schema" / "openai-openapi.yaml")
        sys.path.insert(0, str(REPO))
        from generator.targets import available

        targets = ", ".join(f'"{t}"' for t in sorted(available()))
        (folder / "pyproject.toml").write_text(
            f'[tool.shapegen]\noutput = "generated"\ntargets = [{targets}]\n'
            '[tool.shapegen.namespaces]\nopenai = "schema/openai-openapi.yaml"\n'
        )
    else:
        shutil.copytree(REPO / "schema", folder / "schema")
        shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    return folder


def shapegen(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "--project", str(folder), *args]


def bench_shapegen(subject: str, runs: int, cold_runs: int) -> list[Row]:
    cold, warm, check = [], [], []
    for _ in range(cold_runs):
        with tempfile.TemporaryDirectory(prefix=f"bench-{subject}-") as tmp:
            folder = project(Path(tmp), subject)
            cold.append(measure(shapegen(folder, "generate"), REPO))
            if len(warm) < runs:
                for _ in range(runs):
                    warm.append(measure(shapegen(folder, "generate"), REPO))
                    check.append(measure(shapegen(folder, "check"), REPO))
    return [
        Row(subject, "shapegen (all targets)", "cold", cold),
        Row(subject, "shapegen (all targets)", "warm (no-op generate)", warm),
        Row(subject, "shapegen (all targets)", "warm (check)", check),
    ]


def openapi_file(subject: str, tmp: Path) -> Path:
    if subject == "realspec":
        return SPEC
    return REPO / "schema" / "openai" / "openapi.yaml"


def bench_datamodel(subject: str, runs: int) -> list[Row]:
    exe = Path(sys.executable).parent / "datamodel-codegen"
    if not exe.exists():
        return [Row(subject, "datamodel-codegen (python)", "-", [Sample(0, 0, False, "not installed")])]
    samples = []
    with tempfile.TemporaryDirectory(prefix="bench-dmcg-") as tmp:
        source = openapi_file(subject, Path(tmp))
        for _ in range(runs):
            samples.append(
                measure(
                    [
                        str(exe),
                        "--input",
                        str(source),
                        "--input-file-type",
                        "openapi",
                        "--output-model-type",
                        "pydantic_v2.BaseModel",
                        "--output",
                        str(Path(tmp) / "models.py"),
                    ],
                    Path(tmp),
                )
            )
    label = "datamodel-codegen (python)" + (" on schema/openai only" if subject == "schema" else "")
    return [Row(subject, label, "each run", samples)]


def quicktype_bin() -> Path | None:
    exe = QUICKTYPE / "node_modules" / ".bin" / "quicktype"
    if not exe.exists():
        if shutil.which("npm") is None:
            return None
        QUICKTYPE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", f"quicktype@{QUICKTYPE_VERSION}"],
            cwd=QUICKTYPE,
            capture_output=True,
        )
    return exe if exe.exists() else None


def bench_quicktype(subject: str, runs: int) -> list[Row]:
    exe = quicktype_bin()
    if exe is None:
        return [Row(subject, "quicktype (typescript)", "-", [Sample(0, 0, False, "not installable (npm)")])]
    with tempfile.TemporaryDirectory(prefix="bench-qt-") as tmp:
        folder = project(Path(tmp) / "p", subject)
        subprocess.run(shapegen(folder, "generate", "--target", "jsonschema"), cwd=REPO, capture_output=True)
        samples = []
        for bundle in sorted((folder / "generated" / "jsonschema").glob("*.schema.json")):
            schema = json.loads(bundle.read_text(encoding="utf-8"))
            # quicktype wants a top-level type: one object with a property per shape
            schema["type"] = "object"
            schema["properties"] = {name: {"$ref": f"#/$defs/{name}"} for name in schema["$defs"]}
            source = Path(tmp) / bundle.name
            source.write_text(json.dumps(schema), encoding="utf-8")
            for _ in range(runs):
                samples.append(
                    measure(
                        [
                            str(exe),
                            "--src-lang",
                            "schema",
                            "--lang",
                            "ts",
                            "--out",
                            str(Path(tmp) / "out.ts"),
                            str(source),
                        ],
                        Path(tmp),
                    )
                )
            if subject == "realspec":
                break
    return [Row(subject, "quicktype (typescript, from the JSON Schema bundle)", "each run", samples)]


def table(rows: list[Row]) -> str:
    lines = [
        "| input | tool | mode | median s | peak MiB | × shapegen cold |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    cold = {r.subject: r.median for r in rows if r.tool.startswith("shapegen") and r.mode == "cold" and r.ok}
    for r in rows:
        if not r.ok:
            why = next((s.error for s in r.samples if s.error), "failed").strip().splitlines()
            lines.append(f"| {r.subject} | {r.tool} | {r.mode} | failed: {(why[-1] if why else '')[:80]} | | |")
            continue
        ratio = f"{r.median / cold[r.subject]:.2f}" if r.subject in cold and cold[r.subject] else ""
        lines.append(f"| {r.subject} | {r.tool} | {r.mode} | {r.median:.2f} | {r.peak:.0f} | {ratio} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=None, help="cold runs (default: --runs; 1 on the vendor spec)")
    parser.add_argument("--only", choices=["realspec", "schema"])
    parser.add_argument("--skip-peers", action="store_true")
    args = parser.parse_args()
    subjects = [args.only] if args.only else ["schema", "realspec"]
    if "realspec" in subjects and not SPEC.is_file():
        print(f"{SPEC} is not here: benchmarking schema/ only", file=sys.stderr)
        subjects.remove("realspec")
    rows: list[Row] = []
    for subject in subjects:
        cold_runs = args.cold_runs or (1 if subject == "realspec" else args.runs)
        rows += bench_shapegen(subject, args.runs, cold_runs)
        if not args.skip_peers:
            rows += bench_datamodel(subject, args.runs)
            rows += bench_quicktype(subject, args.runs)
        print(table(rows), flush=True)
    report = (
        "# Generation benchmark\n\n"
        f"Python {platform.python_version()} on {platform.machine()} ({os.cpu_count()} CPUs), "
        f"`python bench/generation.py --runs {args.runs}`. Median wall time; peak resident memory. "
        "cold = a fresh project (no output, no cache); warm = again with output and cache in place. "
        "The last column divides each median by shapegen's cold median on the same input.\n\n" + table(rows) + "\n"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
