"""Cold CPU per stage on the vendor spec (issue 23): load, check, normalise, lower, the ReDoS
review, decide (with every language's names), then each target's render, one after another in
one process (SHAPEGEN_JOBS=1), each timed by process CPU time.

    python bench/stages.py [--repo PATH] [--runs 2] [--profile STAGE]

--repo measures another checkout's generator (each run is a fresh interpreter in that folder);
the table gives, per stage, the smallest CPU time over the runs (the least disturbed by other
work on a shared machine) and the median. --profile STAGE prints cProfile's costliest calls for
that stage (a stage name, or a target's).
"""

from __future__ import annotations

import argparse
import json
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

config = load_config(tmp)
root = config.namespaces["openai"]
with loading.reading(confined=config.confined):
    documents = stage("load", lambda: loading.load_documents(root, config.root, referrer="bench"))
    stage("check", lambda: namespace_diagnostics(documents))
    bundle = stage("normalise", lambda: build_bundle("openai", root, config.root))
    namespace = stage("lower", lambda: lower(bundle))
model = ir.Model((namespace,))
stage("ReDoS review", lambda: pipeline._pattern_risks(model, [bundle]))
def decided_with_names():
    decided = decide(model)
    decided.name_every_language()
    return decided
decided = stage("decide", decided_with_names)
inp = RenderInput(model=model, bundles={"openai": bundle.published()}, options=config.options, decided=decided)
for target in pipeline.select(targets):
    stage(target.name, lambda: pipeline._render_target(target, inp, config.cache_dir))
shutil.rmtree(tmp, ignore_errors=True)
print(json.dumps(seconds))
"""


def run_once(repo: Path, profile: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(SPEC), profile, json.dumps(TARGETS)],
        cwd=repo,
        capture_output=True,
        text=True,
    )
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
    args = parser.parse_args()
    if not SPEC.is_file():
        print(f"{SPEC} is not here", file=sys.stderr)
        return 2
    runs = [run_once(args.repo.resolve(), args.profile) for _ in range(args.runs)]
    print(f"| stage | CPU s, least of {args.runs} | median |\n| --- | ---: | ---: |")
    for name in runs[0]:
        values = [r[name] for r in runs]
        print(f"| {name} | {min(values):.2f} | {statistics.median(values):.2f} |")
    total = [sum(r.values()) for r in runs]
    print(f"| sum | {min(total):.2f} | {statistics.median(total):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
