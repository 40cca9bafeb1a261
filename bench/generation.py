"""Generation benchmark, side by side in one invocation: shapegen on the vendor's spec and on the
project's schema/, next to datamodel-code-generator (Python) and quicktype, then how cost grows
with the input (bench/growth.py).

    python bench/generation.py [--runs N] [--realspec-runs N] [--only realspec|schema]
                               [--skip-peers] [--no-growth] [--no-alone] [--baseline CHECKOUT]

Per input, each run does, in this order (so every row sees the same load on a shared machine):
- all targets: cold (a fresh project: no output, no manifest, an empty render cache); warm after
  one edit (one schema description changed, then `generate`); no-op (`generate` once more); the
  edit reverted (`generate`: every target's files come from the render cache);
- with --baseline, the same all-targets rows with another checkout's generator (before and
  after a change, side by side in one sitting; the two take turns at going first, run by run);
- each target alone, in a fresh project of its own: cold, warm after the same edit, no-op;
- datamodel-codegen on the same OpenAPI file (pydantic v2), when installed.
Figures: wall seconds, median (min-max) over runs; CPU seconds (user + system of the command and
its render workers: the figure to read while other work shares the machine); peak resident memory
(the largest single process). The ratios to datamodel-codegen are taken per run (shapegen's run
i / the peer's run i, both made in the same run), then median (min-max). The load average is
printed before and after. Commands run as a user's would: bytecode compiled and kept (the
environment's PYTHONDONTWRITEBYTECODE is dropped, and shapegen's modules are compiled first), and
the render cache in a folder of the run's own ($SHAPEGEN_CACHE_DIR), empty for every cold row.

Writes bench/results/generation.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
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
sys.path.insert(0, str(REPO))
from generator.targets import available  # noqa: E402

TARGETS = sorted(available())
# targets that do not render the vendor spec yet: left out of its all-targets runs (their
# alone row shows why)
NOT_ON_REALSPEC: dict[str, str] = {}


def targets_for(subject: str) -> list[str]:
    return [t for t in TARGETS if subject != "realspec" or t not in NOT_ON_REALSPEC]


# runs a command and prints its exit code, peak RSS in KiB and CPU seconds (user + system): the
# RUSAGE_CHILDREN of this helper is the command's own. CPU time is what the command itself costs;
# wall time on a machine shared with other work also counts the waiting.
_MEASURE = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True);"
    "sys.stderr.buffer.write(done.stderr[-3000:]);"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(done.returncode, r.ru_maxrss, r.ru_utime + r.ru_stime)"
)


def spread(values: list[float]) -> tuple[float, float, float]:
    """Median, minimum and maximum."""
    return statistics.median(values), min(values), max(values)


@dataclass
class Sample:
    seconds: float
    peak_mib: float
    ok: bool
    error: str = ""
    cpu: float = 0.0


def user_env(cache: Path | None = None) -> dict[str, str]:
    """The environment a user's run has: bytecode kept; the render cache in `cache` (else none)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "SHAPEGEN_NO_CACHE")}
    if cache is not None:
        env["SHAPEGEN_CACHE_DIR"] = str(cache)
    else:
        env["SHAPEGEN_NO_CACHE"] = "1"
    return env


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], cwd=cwd, capture_output=True, text=True, env=env or user_env()
    )
    seconds = time.perf_counter() - started
    code, rss, cpu = done.stdout.split()[-3:]
    return Sample(seconds, int(rss) / 1024, code == "0", done.stderr[-600:] if code != "0" else "", float(cpu))


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
        (folder / "pyproject.toml").write_text(
            f'[tool.shapegen]\noutput = "generated"\ntargets = [{", ".join(json.dumps(t) for t in targets_for(subject))}]\n'
            '[tool.shapegen.namespaces]\nopenai = "schema/openai-openapi.yaml"\n'
        )
    else:
        shutil.copytree(REPO / "schema", folder / "schema")
        shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    return folder


def edited_file(folder: Path, subject: str) -> Path:
    return folder / "schema" / ("openai-openapi.yaml" if subject == "realspec" else "openai/openapi.yaml")


_DESCRIPTION = re.compile(r"^(\s+description: )([A-Za-z][^\n'\"#:|>]*)$", re.MULTILINE)


def edit_one_description(path: Path) -> None:
    """Change the first plain one-line description among the schemas (a real change to the output)."""
    text = path.read_text(encoding="utf-8")
    start = text.find("\n  schemas:\n")
    m = _DESCRIPTION.search(text, max(start, 0))
    if m is None:
        raise SystemExit(f"no plain description to edit in {path}")
    path.write_text(text[: m.end()] + " Edited by the benchmark." + text[m.end() :], encoding="utf-8")


def shapegen(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "--project", str(folder), *args]


def datamodel_command(subject: str, out: Path) -> list[str] | None:
    exe = Path(sys.executable).parent / "datamodel-codegen"
    if not exe.exists():
        return None
    source = SPEC if subject == "realspec" else REPO / "schema" / "openai" / "openapi.yaml"
    return [
        str(exe),
        "--input",
        str(source),
        "--input-file-type",
        "openapi",
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--output",
        str(out / "models.py"),
    ]


def revert(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _commit(repo: Path) -> str:
    done = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or repo.name


def bench_subject(subject: str, runs: int, peers: bool, alone: bool = True, baseline: Path | None = None) -> list[Row]:
    rows: dict[tuple[str, str], list[Sample]] = {}

    def add(tool: str, mode: str, sample: Sample) -> None:
        rows.setdefault((tool, mode), []).append(sample)

    def three_modes(tool: str, folder: Path, cache: Path, *args: str, repo: Path = REPO) -> None:
        """cold, warm after one edit, no-op; then the edit reverted (served by the render cache).
        `repo` is the checkout whose generator runs (`python -m generator` in that folder)."""
        env = user_env(cache)
        add(tool, "cold", measure(shapegen(folder, "generate", *args), repo, env))
        edited = edited_file(folder, subject)
        original = edited.read_text(encoding="utf-8")
        edit_one_description(edited)
        add(tool, "warm, after one edit", measure(shapegen(folder, "generate", *args), repo, env))
        add(tool, "no-op", measure(shapegen(folder, "generate", *args), repo, env))
        revert(edited, original)
        if not args:
            add(tool, "the edit reverted (render cache)", measure(shapegen(folder, "generate", *args), repo, env))

    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix=f"bench-{subject}-") as tmp:
            # with a baseline, the two checkouts take turns at going first: the first cold run of
            # a run follows the last run's clean-up, whose file deletions slow the disk a while
            order = ["baseline", "all"] if baseline is not None and run % 2 == 0 else ["all", "baseline"]
            for side in order:
                if side == "baseline" and baseline is not None:  # the same rows with another checkout's generator
                    folder = project(Path(tmp) / "baseline", subject)
                    three_modes(
                        f"baseline {_commit(baseline)}, all targets", folder, Path(tmp) / "cache-b", repo=baseline
                    )
                elif side == "all":
                    folder = project(Path(tmp) / "all", subject)
                    three_modes("shapegen, all targets", folder, Path(tmp) / "cache-all")
            for target in TARGETS if alone else []:
                alone_folder = project(Path(tmp) / target, subject)
                three_modes(
                    f"shapegen, {target} alone", alone_folder, Path(tmp) / f"cache-{target}", "--target", target
                )
            if peers:
                command = datamodel_command(subject, Path(tmp))
                if command is None:
                    add("datamodel-codegen (python)", "each run", Sample(0, 0, False, "not installed"))
                else:
                    add("datamodel-codegen (python)", "each run", measure(command, Path(tmp)))
        print(f"  {subject}: run {run + 1} of {runs} done", flush=True)
    return [Row(subject, tool, mode, samples) for (tool, mode), samples in rows.items()]


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


def _fmt(values: list[float]) -> str:
    median, low, high = spread(values)
    return f"{median:.2f} ({low:.2f}–{high:.2f})" if len(values) > 1 else f"{median:.2f}"


def table(rows: list[Row]) -> str:
    lines = [
        "| input | tool | mode | wall s | CPU s | peak MiB | wall ÷ datamodel-codegen's | CPU ÷ datamodel-codegen's |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    peer = {r.subject: r for r in rows if r.tool.startswith("datamodel-codegen") and r.ok}
    for r in rows:
        if not r.ok:
            why = next((s.error for s in r.samples if s.error), "failed").strip().splitlines()
            lines.append(f"| {r.subject} | {r.tool} | {r.mode} | failed: {(why[-1] if why else '')[:80]} | | | | |")
            continue
        ratio = cpu_ratio = ""
        if r.subject in peer and r is not peer[r.subject]:
            pairs = list(zip(r.samples, peer[r.subject].samples))
            paired = [a.seconds / b.seconds for a, b in pairs if b.seconds]
            ratio = _fmt(paired) if paired else ""
            paired = [a.cpu / b.cpu for a, b in pairs if b.cpu]
            cpu_ratio = _fmt(paired) if paired else ""
        lines.append(
            f"| {r.subject} | {r.tool} | {r.mode} | {_fmt([s.seconds for s in r.samples])} | "
            f"{_fmt([s.cpu for s in r.samples])} | {r.peak:.0f} | {ratio} | {cpu_ratio} |"
        )
    return "\n".join(lines)


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def compile_shapegen(repo: Path = REPO) -> None:
    """Bytecode for shapegen's modules, as an installed package has: the first cold row must not
    pay for compiling them."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(repo / "generator")],
        cwd=repo,
        env=user_env(),
        capture_output=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="runs per input (default 3; 1 on the vendor spec)")
    parser.add_argument("--realspec-runs", type=int, default=None)
    parser.add_argument("--only", choices=["realspec", "schema"])
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--no-growth", action="store_true", help="leave out bench/growth.py")
    parser.add_argument("--no-alone", action="store_true", help="leave out each target alone")
    parser.add_argument("--growth-copies", type=int, nargs="*", default=[1, 2, 4, 8])
    parser.add_argument("--chain", type=int, nargs="*", default=[200, 400, 800])
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout (e.g. a worktree of main): its all-targets rows run beside this one's, run by run",
    )
    args = parser.parse_args()
    subjects = [args.only] if args.only else ["schema", "realspec"]
    if "realspec" in subjects and not SPEC.is_file():
        print(f"{SPEC} is not here: benchmarking schema/ only", file=sys.stderr)
        subjects.remove("realspec")
    compile_shapegen()
    if args.baseline is not None:
        args.baseline = args.baseline.resolve()
        compile_shapegen(args.baseline)
    load_before = load_average()
    rows: list[Row] = []
    for subject in subjects:
        runs = (args.realspec_runs or 1) if subject == "realspec" else args.runs
        rows += bench_subject(subject, runs, not args.skip_peers, not args.no_alone, args.baseline)
        if not args.skip_peers:
            rows += bench_quicktype(subject, 1)
        print(table(rows), flush=True)
    growth = ""
    if not args.no_growth:
        import growth as growth_bench

        lines = growth_bench.run(
            args.growth_copies if "realspec" in subjects else [], args.chain, targets_for("realspec"), 1
        )
        growth = "\n\n## Growth (cold generate, every target)\n\n" + "\n".join(lines) + "\n"
    left_out = (
        'On the vendor spec, "all targets" leaves out '
        + ", ".join(f"{t} ({why})" for t, why in NOT_ON_REALSPEC.items())
        + ". "
        if NOT_ON_REALSPEC
        else ""
    )
    report = (
        "# Generation benchmark\n\n"
        f"Python {platform.python_version()} on {platform.machine()} ({os.cpu_count()} CPUs, shared with other "
        f"work while measured: read the CPU column; load average (1 / 5 / 15 min) {load_before} before, "
        f"{load_average()} after), `python bench/generation.py {' '.join(sys.argv[1:])}`. "
        "Every figure comes from this one invocation. " + left_out + "\n\n" + table(rows) + "\n" + growth
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(growth)
    print(f"\nwritten to {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
