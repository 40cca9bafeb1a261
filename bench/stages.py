"""Cold CPU per stage on the vendor spec (issue 23): load, check, normalise, lower, the ReDoS
review, the dropped-defaults review, decide (with every language's names), then each target's
render, one after another in one process (SHAPEGEN_JOBS=1), each timed by process CPU time. The
cycle collector is off from load to decide, as the pipeline has it (`pipeline._without_gc`).

    python bench/stages.py [--repo PATH] [--runs 2] [--profile STAGE] [--front] [--no-render]

--repo measures another checkout's generator (each run is a fresh interpreter in that folder);
the table gives, per stage, the smallest CPU time over the runs (the least disturbed by other
work on a shared machine) and the median. --profile STAGE prints cProfile's costliest calls for
that stage (a stage name, or a target's). --front measures the front as a run has it instead
(`pipeline.load_checked`, then deciding with every language's names, on the cores the process
may use, the check's verdict overlapped with normalising): its wall time, this process's CPU and
its children's.

Python's bytecode cache is written and read as usual (PYTHONDONTWRITEBYTECODE is dropped for the
runs), and one untimed run goes first, so that no stage counts compiling shapegen's own modules.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO.parent / "shared" / "specs" / "openai-openapi.yaml"
TARGETS = ["jsonschema", "python", "validators", "docs", "typescript", "rust", "csharp", "dart", "go"]

# one run, in a fresh interpreter whose working folder is the checkout measured: prints a JSON
# object {stage: CPU seconds} on its last line
_RUN = r"""
import cProfile, io, json, os, pstats, shutil, sys, tempfile, time
from pathlib import Path
os.environ["SHAPEGEN_JOBS"] = "1"
sys.setrecursionlimit(20000)
spec, profile, targets = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
tmp = Path(tempfile.mkdtemp(prefix="bench-stages-"))
(tmp / "schema").mkdir()
shutil.copy(spec, tmp / "schema" / "api.yaml")
(tmp / "pyproject.toml").write_text(
    '[tool.shapegen]\noutput = "generated"\ntargets = ' + json.dumps(targets)
    + '\n[tool.shapegen.namespaces]\nopenai = "schema/api.yaml"\n'
)
from generator import ir, pipeline
from generator import load as loading
from generator.check import namespace_diagnostics
from generator.config import load_config
from generator.decide import decide
from generator.lower import lower
from generator.normalise import build_bundle
from generator.targets.base import RenderInput

seconds = {}
def stage(name, fn):
    profiler = cProfile.Profile() if profile == name else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    out = fn()
    if profiler:
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
        print(text.getvalue(), file=sys.stderr)
    seconds[name] = time.process_time() - started
    return out

from generator.dropped_defaults import dropped_defaults

config = load_config(tmp)
root = config.namespaces["openai"]
with pipeline._without_gc():
    with loading.reading(confined=config.confined):
        documents = stage("load", lambda: loading.load_documents(root, config.root, referrer="bench"))
        stage("check", lambda: namespace_diagnostics(documents))
        bundle = stage("normalise", lambda: build_bundle("openai", root, config.root))
        namespace = stage("lower", lambda: lower(bundle))
    model = ir.Model((namespace,))
    stage("ReDoS review", lambda: pipeline._pattern_risks(model, [bundle]))
    stage("dropped defaults", lambda: dropped_defaults(documents, namespace))
    def decided_with_names():
        decided = decide(model)
        decided.name_every_language()
        return decided
    decided = stage("decide", decided_with_names)
inp = RenderInput(model=model, bundles={"openai": bundle.published()}, options=config.options, decided=decided)
for target in pipeline.select(targets) if sys.argv[4] == "render" else []:
    stage(target.name, lambda: pipeline._render_target(target, inp, config.cache_dir))
shutil.rmtree(tmp, ignore_errors=True)
print(json.dumps(seconds))
"""


# the front as a run has it, in a fresh interpreter: {"wall": s, "cpu": s, "children cpu": s}
_FRONT = r"""
import json, os, shutil, sys, tempfile, time
from pathlib import Path
sys.setrecursionlimit(20000)
spec = sys.argv[1]
tmp = Path(tempfile.mkdtemp(prefix="bench-front-"))
(tmp / "schema").mkdir()
shutil.copy(spec, tmp / "schema" / "api.yaml")
(tmp / "pyproject.toml").write_text(
    '[tool.shapegen]\noutput = "generated"\n[tool.shapegen.namespaces]\nopenai = "schema/api.yaml"\n'
)
from generator import pipeline
from generator.config import load_config
config = load_config(tmp)
wall, cpu = time.perf_counter(), time.process_time()
with pipeline._without_gc():
    loaded = pipeline.load_checked(config)
    from generator.decide import decide
    decide(loaded.model).name_every_language()
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
children = os.times()
shutil.rmtree(tmp, ignore_errors=True)
print(json.dumps({"wall": wall, "cpu": cpu, "children cpu": children.children_user + children.children_system}))
"""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(repo: Path, profile: str, front: bool = False, render: bool = True) -> dict[str, float]:
    command = (
        [sys.executable, "-c", _FRONT, str(SPEC)]
        if front
        else [sys.executable, "-c", _RUN, str(SPEC), profile, json.dumps(TARGETS), "render" if render else "front"]
    )
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=_environment())
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    if profile:
        print(done.stderr, file=sys.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose generator runs")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--profile", default="", help="a stage to profile")
    parser.add_argument("--front", action="store_true", help="the front's wall and CPU time, as a run has it")
    parser.add_argument("--no-render", action="store_true", help="the stages up to decide only")
    args = parser.parse_args()
    if not SPEC.is_file():
        print(f"{SPEC} is not here", file=sys.stderr)
        return 2
    run_once(args.repo.resolve(), "", front=True)  # untimed: writes the bytecode cache
    runs = [run_once(args.repo.resolve(), args.profile, args.front, not args.no_render) for _ in range(args.runs)]
    head = "measure | seconds" if args.front else "stage | CPU s"
    print(f"| {head}, least of {args.runs} | median |\n| --- | ---: | ---: |")
    for name in runs[0]:
        values = [r[name] for r in runs]
        print(f"| {name} | {min(values):.2f} | {statistics.median(values):.2f} |")
    if not args.front:
        total = [sum(r.values()) for r in runs]
        print(f"| sum | {min(total):.2f} | {statistics.median(total):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
