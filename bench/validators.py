"""Benchmark: the shipped validators against the Python peers, on the project's payload vectors.

    .venv/bin/python bench/validators.py [--quick] [--mypyc]

What is timed is what a user imports: `realtime_shapes.<ns>.validators` from generated/python
(never a module compiled in memory). Each peer is checked for its verdict on every payload before
it is timed (the manifest says valid or invalid); disagreements are counted and listed.

Two modes, each compared with its like:
- first verdict: the generated `is_valid_*`, jsonschema's and jsonschema-rs's `is_valid`,
  fastjsonschema (stops at the first error; each call on its own deep copy, made before timing);
- all errors: the generated `validate_*`, jsonschema's and jsonschema-rs's `iter_errors`.
The pydantic models of generated/python are timed for scale (their verdicts can differ: they are
lax where JSON Schema is strict and the reverse). `--mypyc` also times the optional compiled
build (`make validators-mypyc`, generator/validators/mypyc_build.py: the shipped source compiled
with mypyc into build/validators-mypyc, rebuilt here when stale), imported under its real name.
A last row times `walk`, a recursive pass over every value of each valid payload that tests
nothing: what reading a valid instance costs in Python at all, for scale against jsonschema-rs;
the valid payloads' ratios to jsonschema-rs are also listed on their own.

Per payload and peer: the median of seven timed batches of CPU time (process time, so that time
the process spends descheduled on a loaded machine is not counted), in microseconds per call.
Ratios are taken per payload (peer time / shapegen time on the same payload), then summarised as
median (min–max) over payloads: a ratio of medians would compare different payloads. The
first-verdict rows also give their time over jsonschema-rs's, per payload (the goal: within
1.2). The load average is printed before and after. Writes bench/results/validators.md.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import importlib.util
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.targets.validators import entries_for  # noqa: E402

GENERATED = REPO / "generated"
RESULTS = REPO / "bench" / "results" / "validators.md"
VECTOR_DIRS = [REPO.parent / "shared" / "vectors", REPO / "tests" / "vectors"]


def payloads() -> list[dict[str, Any]]:
    out = []
    for folder in VECTOR_DIRS:
        manifest = folder / "manifest.json"
        if not manifest.is_file():
            print(f"note: {manifest} is not here; its payloads are left out")
            continue
        for name, entry in sorted(json.loads(manifest.read_text(encoding="utf-8")).items()):
            if entry["expect"] == "unparseable":
                continue
            raw = (folder / name).read_bytes()
            ns, shape = entry["shape"].split(":", 1)
            out.append(
                {
                    "file": name,
                    "ns": ns,
                    "shape": shape,
                    "expect": entry["expect"],
                    "bytes": raw,
                    "data": json.loads(raw),
                }
            )
    return out


BATCHES = 7
clock = time.process_time  # CPU time: a loaded machine's preemptions are not counted


def time_call(fn: Callable[[], Any], budget: float) -> float:
    """Median microseconds per call over several batches of about `budget` seconds each."""
    start = clock()
    fn()
    once = max(clock() - start, 1e-7)
    number = max(1, int(budget / once))
    samples = []
    for _ in range(BATCHES):
        t0 = clock()
        for _ in range(number):
            fn()
        samples.append((clock() - t0) / number * 1e6)
    return statistics.median(samples)


def time_fastjsonschema(check: Callable[[Any], Any], data: Any, budget: float) -> float:
    once_start = clock()
    run_one(check, copy.deepcopy(data))
    once = max(clock() - once_start, 1e-7)
    number = max(1, min(int(budget / once), 20000))
    samples = []
    for _ in range(BATCHES):
        copies = [copy.deepcopy(data) for _ in range(number)]
        t0 = clock()
        for c in copies:
            run_one(check, c)
        samples.append((clock() - t0) / number * 1e6)
    return statistics.median(samples)


def run_one(check: Callable[[Any], Any], data: Any) -> bool:
    import fastjsonschema

    try:
        check(data)
        return True
    except fastjsonschema.JsonSchemaException:
        return False


def walk(value: Any) -> bool:
    """Visit every value of a JSON instance once, checking nothing: what reading a valid instance
    whole costs in Python before any test (the walk row, for scale)."""
    if type(value) is dict:
        for item in value.values():
            if type(item) is dict or type(item) is list:
                walk(item)
    elif type(value) is list:
        for item in value:
            if type(item) is dict or type(item) is list:
                walk(item)
    return True


FLOOR = "pure-Python walk, checks nothing (for scale)"


def bundle(ns: str) -> dict | None:
    path = GENERATED / "jsonschema" / f"{ns}.schema.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def shipped_module(ns: str):
    """realtime_shapes.<ns>.validators as a user imports it from generated/python."""
    package = GENERATED / "python"
    if not (package / "realtime_shapes" / ns / "validators.py").is_file():
        raise SystemExit(f"generated/python/realtime_shapes/{ns}/validators.py is missing: run `make generate`")
    if str(package) not in sys.path:
        sys.path.insert(0, str(package))
    module = importlib.import_module(f"realtime_shapes.{ns}.validators")
    return module, f"{Path(module.__file__).relative_to(REPO)}"


def mypyc_modules(namespaces: list[str]) -> tuple[dict[str, Any], str]:
    """The validators of the compiled build (make validators-mypyc), built first when missing or
    stale, imported under their real names beside the shipped ones; ({}, reason) when it cannot
    be built."""
    from generator.validators import mypyc_build

    package, out = GENERATED / "python", REPO / "build" / "validators-mypyc"
    if mypyc_build.stale(package, out):
        try:
            mypyc_build.build(package, out)
        except mypyc_build.BuildError as exc:
            return {}, str(exc)
    top = {p.parent.parent.name for p in mypyc_build.sources(package)}
    saved = {k: m for k, m in sys.modules.items() if k.split(".")[0] in top}
    for k in saved:
        del sys.modules[k]
    sys.path.insert(0, str(out))
    try:
        modules = {ns: importlib.import_module(f"{namespace_package()}.{ns}.validators") for ns in namespaces}
    finally:
        sys.path.remove(str(out))
        for k in [k for k in sys.modules if k.split(".")[0] in top]:
            del sys.modules[k]
        sys.modules.update(saved)
    compiled = [m for m in modules.values() if not str(getattr(m, "__file__", "")).endswith((".so", ".pyd"))]
    if compiled:
        return {}, "the build did not produce extension modules"
    return modules, f"the shipped source compiled with mypyc ({out.relative_to(REPO)}, make validators-mypyc)"


def namespace_package() -> str:
    found = sorted((GENERATED / "python").glob("*/*/validators.py"))
    return found[0].parent.parent.name if found else "realtime_shapes"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter batches")
    parser.add_argument("--mypyc", action="store_true", help="also time the module compiled with mypyc")
    args = parser.parse_args()
    budget = 0.004 if args.quick else 0.02

    items = payloads()
    load_before = os.getloadavg()
    notes: list[str] = []
    namespaces = sorted({p["ns"] for p in items})
    docs = {ns: bundle(ns) for ns in namespaces}
    missing = [ns for ns, d in docs.items() if d is None]
    if missing:
        print(f"generated/jsonschema has no bundle for {missing}: run `make generate` first")
        items = [p for p in items if p["ns"] not in missing]
    if not items:
        print("no payloads to measure")
        return 1
    modules = {}
    for ns in namespaces:
        if docs[ns] is not None:
            modules[ns], origin = shipped_module(ns)
            notes.append(f"shapegen ({ns}): the shipped {origin}")
    compiled: dict[str, Any] = {}
    if args.mypyc:
        compiled, why = mypyc_modules([ns for ns in namespaces if docs[ns] is not None])
        notes.append(f"mypyc: {why}" if compiled else f"mypyc: skipped ({why})")
    snake = {ns: dict((n, s) for n, s, _ in entries_for(list(docs[ns]["$defs"]))) for ns in modules}

    def generated(mods: dict[str, Any], prefix: str) -> Callable[[dict], Any]:
        def make(p: dict) -> Any:
            f = getattr(mods[p["ns"]], f"{prefix}_{snake[p['ns']][p['shape']]}", None)
            if f is None:
                return None
            if prefix == "is_valid":
                return (lambda d=p["data"]: f(d)), (lambda: bool(f(p["data"])))
            return (lambda d=p["data"]: f(d)), (lambda: not f(p["data"]))

        return make

    # name -> (mode, make(payload) -> (timed call, verdict) or None)
    peers: dict[str, tuple[str, Callable[[dict], Any]]] = {
        "shapegen is_valid_*": ("first verdict", generated(modules, "is_valid")),
    }
    if compiled:
        peers["shapegen is_valid_* (mypyc)"] = ("first verdict", generated(compiled, "is_valid"))
    peers["shapegen validate_*"] = ("all errors", generated(modules, "validate"))
    skipped: dict[str, str] = {}

    def rooted(p: dict) -> dict:
        return {**docs[p["ns"]], "$ref": f"#/$defs/{p['shape']}"}

    try:
        import jsonschema

        js_cache: dict[tuple[str, str], Any] = {}

        def js(p: dict) -> Any:
            v = js_cache.setdefault((p["ns"], p["shape"]), jsonschema.Draft202012Validator(rooted(p)))
            return v

        peers["jsonschema is_valid"] = (
            "first verdict",
            lambda p: ((lambda v=js(p), d=p["data"]: v.is_valid(d)), (lambda v=js(p): v.is_valid(p["data"]))),
        )
        peers["jsonschema iter_errors"] = (
            "all errors",
            lambda p: (
                (lambda v=js(p), d=p["data"]: list(v.iter_errors(d))),
                (lambda v=js(p): not list(v.iter_errors(p["data"]))),
            ),
        )
    except ImportError as exc:
        skipped["jsonschema"] = str(exc)
    try:
        import jsonschema_rs

        rs_cache: dict[tuple[str, str], Any] = {}

        def rs(p: dict) -> Any:
            key = (p["ns"], p["shape"])
            if key not in rs_cache:
                rs_cache[key] = jsonschema_rs.validator_for(rooted(p))
            return rs_cache[key]

        peers["jsonschema-rs is_valid"] = (
            "first verdict",
            lambda p: ((lambda v=rs(p), d=p["data"]: v.is_valid(d)), (lambda v=rs(p): v.is_valid(p["data"]))),
        )
        peers["jsonschema-rs iter_errors"] = (
            "all errors",
            lambda p: (
                (lambda v=rs(p), d=p["data"]: list(v.iter_errors(d))),
                (lambda v=rs(p): not list(v.iter_errors(p["data"]))),
            ),
        )
    except ImportError as exc:
        skipped["jsonschema-rs"] = str(exc)
    try:
        import fastjsonschema

        fjs_cache: dict[tuple[str, str], Any] = {}

        def fjs(p: dict) -> Any:
            key = (p["ns"], p["shape"])
            if key not in fjs_cache:
                fjs_cache[key] = fastjsonschema.compile(rooted(p), use_default=False)
            check = fjs_cache[key]
            return ("fastjsonschema", check), (lambda: run_one(check, copy.deepcopy(p["data"])))

        peers["fastjsonschema"] = ("first verdict", fjs)
    except ImportError as exc:
        skipped["fastjsonschema"] = str(exc)
    pyd_path = GENERATED / "python"
    try:
        import pydantic

        if str(pyd_path) not in sys.path:
            sys.path.insert(0, str(pyd_path))
        model_modules = {ns: importlib.import_module(f"realtime_shapes.{ns}.models") for ns in namespaces}

        def pyd(p: dict) -> Any:
            model = getattr(model_modules[p["ns"]], p["shape"], None)
            if model is None:
                return None
            adapter = model if hasattr(model, "model_validate") else pydantic.TypeAdapter(model)
            validate = adapter.model_validate if hasattr(adapter, "model_validate") else adapter.validate_python

            def verdict(d: Any = p["data"]) -> bool:
                try:
                    validate(d)
                    return True
                except pydantic.ValidationError:
                    return False

            return verdict, verdict

        peers["pydantic models (for scale)"] = ("model", pyd)
    except Exception as exc:  # an unavailable peer is reported, not fatal
        skipped["pydantic models (for scale)"] = f"{type(exc).__name__}: {exc}"

    # a valid instance is read whole by any validator; an invalid one may be left at its first fault
    peers[FLOOR] = (
        "valid payloads only",
        lambda p: (lambda d=p["data"]: walk(d), lambda: walk(p["data"])) if p["expect"] == "valid" else None,
    )
    timings: dict[str, dict[str, float]] = {name: {} for name in peers}  # peer -> payload file -> µs
    agree: dict[str, list[int]] = {name: [0, 0] for name in peers}  # agreeing, checked
    disagreements: list[str] = []
    expect = {p["file"]: p["expect"] for p in items}
    for p in items:
        row: dict[str, float] = {}
        for name, (_, make) in peers.items():
            try:
                made = make(p)
            except Exception as exc:
                skipped.setdefault(name, f"{type(exc).__name__}: {exc}"[:160])
                continue
            if made is None:
                continue
            call, verdict = made
            ok = bool(verdict()) == (p["expect"] == "valid")
            agree[name][0] += ok
            agree[name][1] += 1
            if not ok:
                disagreements.append(f"{name} on {p['file']} (expected {p['expect']})")
            if isinstance(call, tuple):
                us = time_fastjsonschema(call[1], p["data"], budget)
            else:
                us = time_call(call, budget)
            row[name] = us
            timings[name][p["file"]] = us
        print(f"  {p['file']:<62} " + "  ".join(f"{n.split()[0][:10]}={v:8.2f}" for n, v in row.items()), flush=True)

    def med(name: str, kind: str) -> str:
        values = [us for f, us in timings[name].items() if expect[f] == kind]
        return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})" if values else "-"

    def ratios(name: str, base: str, kind: str | None = None) -> str:
        paired = [
            timings[name][f] / timings[base][f]
            for f in timings[name]
            if f in timings[base] and timings[base][f] and kind in (None, expect[f])
        ]
        if not paired:
            return "-"
        return f"{statistics.median(paired):.2f} ({min(paired):.2f}–{max(paired):.2f})"

    load_after = os.getloadavg()
    lines = ["# Validator benchmark", ""]
    lines.append(
        f"Python {platform.python_version()} on {platform.machine()} ({os.cpu_count()} CPUs, shared with other "
        f"work while measured); {len(items)} payloads ({sum(p['expect'] == 'valid' for p in items)} valid, "
        f"{sum(p['expect'] == 'invalid' for p in items)} invalid); `python bench/validators.py"
        f"{' --quick' if args.quick else ''}{' --mypyc' if args.mypyc else ''}`. µs per call: median over payloads "
        "of each payload's median batch. Ratio: the peer's time / shapegen's on the same payload (above 1: "
        "shapegen is faster), median (min–max) over payloads; each mode is compared with its like. "
        "÷ jsonschema-rs: the first-verdict rows' time over jsonschema-rs `is_valid`'s on the same payload. "
        f"Load average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in load_before)}; after: "
        f"{', '.join(f'{x:.1f}' for x in load_after)}. Times are CPU time per call."
    )
    lines.append("")
    lines.append(
        "| peer | mode | verdicts as expected | valid µs, median (min–max) | invalid µs, median (min–max) "
        "| time ÷ shapegen's, per payload | time ÷ jsonschema-rs's, per payload |"
    )
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    rs_name = "jsonschema-rs is_valid"
    for name, (mode, _) in peers.items():
        if not timings[name]:
            continue
        base = "shapegen validate_*" if mode == "all errors" else "shapegen is_valid_*"
        ratio = "1" if name == base else ratios(name, base)
        to_rs = (
            ratios(name, rs_name) if mode in ("first verdict", "valid payloads only") and timings.get(rs_name) else "-"
        )
        ok, checked = agree[name]
        lines.append(
            f"| {name} | {mode} | {ok}/{checked} | {med(name, 'valid')} | {med(name, 'invalid')} | {ratio} | {to_rs} |"
        )
    if skipped:
        lines += ["", "Skipped peers:"] + [f"- {k}: {v}" for k, v in skipped.items()]
    if disagreements:
        lines += ["", "Verdicts other than the manifest's:"] + [f"- {d}" for d in disagreements]
    if timings.get(rs_name) and timings[FLOOR]:
        lines += ["", "Valid payloads alone, time ÷ jsonschema-rs's `is_valid`, per payload, median (min–max):"]
        for name, (mode, _) in peers.items():
            if timings[name] and (mode == "first verdict" or name == FLOOR) and name != rs_name:
                lines.append(f"- {name}: {ratios(name, rs_name, 'valid')}")
    lines += ["", "Notes:"] + [f"- {n}" for n in notes]
    lines.append("- fastjsonschema runs on a fresh deep copy per call (copies made before timing).")
    lines.append(
        f"- {FLOOR}: `walk` in bench/validators.py visits every value of a valid payload once (a recursive "
        "call per object or array) and tests nothing. A validator must read a valid instance whole, so this "
        "estimates the floor of pure Python here (the emitted code reads by key, inline, without those calls, "
        "and then tests each value); it is not a validator and has no verdict of its own."
    )
    lines += ["", "## Per payload (µs per call)", ""]
    names = [n for n in peers if timings[n]]
    lines.append("| payload | expect | " + " | ".join(names) + " |")
    lines.append("| --- | --- | " + " | ".join("---:" for _ in names) + " |")
    for p in items:
        lines.append(
            f"| {p['file']} | {p['expect']} | "
            + " | ".join(f"{timings[n][p['file']]:.2f}" if p["file"] in timings[n] else "-" for n in names)
            + " |"
        )
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print()
    print("\n".join(lines[: lines.index("## Per payload (µs per call)")]))
    print(f"written: {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
