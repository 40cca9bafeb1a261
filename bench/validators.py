"""Benchmark: compiled validators against the Python peers, on the project's payload vectors.

    .venv/bin/python bench/validators.py [--quick] [--mypyc]

Per payload and peer: the median of several timed batches, in microseconds per call; then the
median over payloads, valid and invalid payloads separately. Peers (each built once, outside
the timing): the generated `is_valid_*` and `validate_*`, jsonschema (Draft202012Validator),
jsonschema-rs, fastjsonschema (use_default=False, each call on its own deep copy, made before
timing), the pydantic models of generated/python, and `json.loads` of the same bytes as the
floor. A peer that is not available is skipped with the reason. `--mypyc` also compiles the
generated module with mypyc (when it and a C compiler are installed) and times that.

Payloads: ../shared/vectors and tests/vectors (manifest.json: file -> {shape: "ns:Name",
expect}); unparseable payloads are left out. Writes bench/results/validators.md.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.targets.validators import entries_for  # noqa: E402
from generator.validators import compile_module  # noqa: E402

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


def time_call(fn: Callable[[], Any], budget: float) -> float:
    """Median microseconds per call over several batches of about `budget` seconds each."""
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    number = max(1, int(budget / once))
    samples = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - t0) / number * 1e6)
    return statistics.median(samples)


def time_fastjsonschema(check: Callable[[Any], Any], data: Any, budget: float) -> float:
    once_start = time.perf_counter()
    run_one(check, copy.deepcopy(data))
    once = max(time.perf_counter() - once_start, 1e-7)
    number = max(1, min(int(budget / once), 20000))
    samples = []
    for _ in range(5):
        copies = [copy.deepcopy(data) for _ in range(number)]
        t0 = time.perf_counter()
        for c in copies:
            run_one(check, c)
        samples.append((time.perf_counter() - t0) / number * 1e6)
    return statistics.median(samples)


def run_one(check: Callable[[Any], Any], data: Any) -> bool:
    import fastjsonschema

    try:
        check(data)
        return True
    except fastjsonschema.JsonSchemaException:
        return False


def bundle(ns: str) -> dict | None:
    path = GENERATED / "jsonschema" / f"{ns}.schema.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def generated_module(ns: str, doc: dict):
    """generated/python/realtime_shapes/<ns>/validators.py when it exists, else the same code compiled now."""
    path = GENERATED / "python" / "realtime_shapes" / ns / "validators.py"
    if path.is_file():
        spec = importlib.util.spec_from_file_location(f"bench_validators_{ns}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if all(hasattr(module, f"is_valid_{s}") for _, s, _ in entries_for(list(doc["$defs"]))):
            return module, str(path.relative_to(REPO))
    return compile_module(doc, entries_for(list(doc["$defs"]))), "compiled in memory from the bundle"


def mypyc_module(ns: str, doc: dict):
    """The generated module compiled with mypyc, or (None, reason)."""
    if shutil.which("mypyc") is None and not (Path(sys.executable).parent / "mypyc").exists():
        return None, "mypyc is not installed (pip install mypy)"
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        return None, "no C compiler"
    from generator.validators import compile_source

    work = Path(tempfile.mkdtemp(prefix="shapegen-mypyc-"))
    name = f"mypyc_validators_{ns}"
    (work / f"{name}.py").write_text(compile_source(doc, entries_for(list(doc["$defs"]))), encoding="utf-8")
    mypyc = str(Path(sys.executable).parent / "mypyc")
    proc = subprocess.run([mypyc, f"{name}.py"], cwd=work, capture_output=True, text=True)
    if proc.returncode != 0:
        return None, "mypyc failed: " + (proc.stdout + proc.stderr).strip().splitlines()[-1][:200]
    sys.path.insert(0, str(work))
    module = importlib.import_module(name)
    if not str(getattr(module, "__file__", "")).endswith((".so", ".pyd")):
        return None, "mypyc build did not produce an extension module"
    return module, f"mypyc {work}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter batches")
    parser.add_argument("--mypyc", action="store_true", help="also time the module compiled with mypyc")
    args = parser.parse_args()
    budget = 0.004 if args.quick else 0.02

    items = payloads()
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
            modules[ns], origin = generated_module(ns, docs[ns])
            notes.append(f"shapegen ({ns}): {origin}")
    mypyc_modules: dict[str, Any] = {}
    if args.mypyc:
        for ns in namespaces:
            if docs[ns] is not None:
                module, why = mypyc_module(ns, docs[ns])
                if module is None:
                    notes.append(f"mypyc: skipped ({why})")
                    break
                mypyc_modules[ns] = module
        if mypyc_modules:
            notes.append("mypyc: the same generated source compiled with mypyc")

    peers: dict[str, Callable[[dict], Callable[[], Any] | None]] = {}
    snake = {ns: dict((n, s) for n, s, _ in entries_for(list(docs[ns]["$defs"]))) for ns in modules}
    peers["shapegen is_valid"] = lambda p: (
        lambda f=getattr(modules[p["ns"]], f"is_valid_{snake[p['ns']][p['shape']]}"), d=p["data"]: f(d)
    )
    peers["shapegen validate"] = lambda p: (
        lambda f=getattr(modules[p["ns"]], f"validate_{snake[p['ns']][p['shape']]}"), d=p["data"]: f(d)
    )
    if mypyc_modules:
        peers["shapegen is_valid (mypyc)"] = lambda p: (
            lambda f=getattr(mypyc_modules[p["ns"]], f"is_valid_{snake[p['ns']][p['shape']]}"), d=p["data"]: f(d)
        )
    skipped: dict[str, str] = {}

    try:
        import jsonschema

        peers["jsonschema"] = lambda p: (
            lambda v=jsonschema.Draft202012Validator({**docs[p["ns"]], "$ref": f"#/$defs/{p['shape']}"}), d=p[
                "data"
            ]: v.is_valid(d)
        )
    except ImportError as exc:
        skipped["jsonschema"] = str(exc)
    try:
        import jsonschema_rs

        peers["jsonschema-rs"] = lambda p: (
            lambda v=jsonschema_rs.validator_for({**docs[p["ns"]], "$ref": f"#/$defs/{p['shape']}"}), d=p[
                "data"
            ]: v.is_valid(d)
        )
    except ImportError as exc:
        skipped["jsonschema-rs"] = str(exc)
    try:
        import fastjsonschema

        fjs_cache: dict[tuple[str, str], Any] = {}

        def fjs(p):
            key = (p["ns"], p["shape"])
            if key not in fjs_cache:
                fjs_cache[key] = fastjsonschema.compile(
                    {**docs[p["ns"]], "$ref": f"#/$defs/{p['shape']}"}, use_default=False
                )
            return ("fastjsonschema", fjs_cache[key])

        peers["fastjsonschema"] = fjs  # type: ignore[assignment]
    except ImportError as exc:
        skipped["fastjsonschema"] = str(exc)
    pyd_path = GENERATED / "python"
    try:
        import pydantic

        if not (pyd_path / "realtime_shapes").is_dir():
            raise ImportError("generated/python/realtime_shapes is not there (run `make generate`)")
        sys.path.insert(0, str(pyd_path))
        model_modules = {ns: importlib.import_module(f"realtime_shapes.{ns}.models") for ns in namespaces}

        def pyd(p):
            model = getattr(model_modules[p["ns"]], p["shape"], None)
            if model is None:
                return None
            adapter = model if hasattr(model, "model_validate") else pydantic.TypeAdapter(model)
            validate = adapter.model_validate if hasattr(adapter, "model_validate") else adapter.validate_python

            def call(d=p["data"]):
                try:
                    validate(d)
                except pydantic.ValidationError:
                    pass

            return call

        peers["pydantic (models)"] = pyd
    except Exception as exc:  # an unavailable peer is reported, not fatal
        skipped["pydantic (models)"] = f"{type(exc).__name__}: {exc}"
    peers["json.loads (floor)"] = lambda p: (lambda b=p["bytes"]: json.loads(b))

    results: dict[str, dict[str, list[float]]] = {name: {"valid": [], "invalid": []} for name in peers}
    per_payload: list[tuple[str, str, dict[str, float]]] = []
    for p in items:
        row: dict[str, float] = {}
        for name, make in peers.items():
            try:
                call = make(p)
            except Exception as exc:
                skipped.setdefault(name, f"{type(exc).__name__}: {exc}"[:160])
                continue
            if call is None:
                continue
            if isinstance(call, tuple):
                us = time_fastjsonschema(call[1], p["data"], budget)
            else:
                us = time_call(call, budget)
            row[name] = us
            results[name][p["expect"]].append(us)
        per_payload.append((p["file"], p["expect"], row))
        print(
            f"  {p['file']:<62} "
            + "  ".join(f"{n.split()[0][:10]}={v:8.1f}" for n, v in row.items() if "floor" not in n),
            flush=True,
        )

    def med(name: str, kind: str) -> float | None:
        values = results[name][kind]
        return statistics.median(values) if values else None

    lines = []
    lines.append("# Validator benchmark")
    lines.append("")
    lines.append(
        f"Python {platform.python_version()} on {platform.machine()} ({os.cpu_count()} CPUs); "
        f"{len(items)} payloads ({sum(p['expect'] == 'valid' for p in items)} valid, "
        f"{sum(p['expect'] == 'invalid' for p in items)} invalid). Median over payloads of the median "
        "µs per call. Ratio: jsonschema's median / the peer's (higher is faster)."
    )
    lines.append("")
    lines.append("| peer | valid µs | × vs jsonschema | invalid µs | × vs jsonschema |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    base_v, base_i = med("jsonschema", "valid") if "jsonschema" in results else None, (
        med("jsonschema", "invalid") if "jsonschema" in results else None
    )
    for name in peers:
        v, i = med(name, "valid"), med(name, "invalid")
        rv = f"{base_v / v:.1f}" if v and base_v else "-"
        ri = f"{base_i / i:.1f}" if i and base_i else "-"
        lines.append(
            f"| {name} | {v:.2f} | {rv} | {i:.2f} | {ri} |"
            if v is not None and i is not None
            else f"| {name} | {v if v is None else f'{v:.2f}'} | {rv} | {i if i is None else f'{i:.2f}'} | {ri} |"
        )
    sv = med("shapegen is_valid", "valid")
    if sv:
        lines.append("")
        for peer in ("jsonschema", "fastjsonschema", "jsonschema-rs", "pydantic (models)", "shapegen is_valid (mypyc)"):
            if peer in results and med(peer, "valid"):
                lines.append(f"- `is_valid_*` vs {peer} on the median valid payload: {med(peer, 'valid') / sv:.2f}×")
    if skipped:
        lines.append("")
        lines.append("Skipped peers:")
        lines += [f"- {k}: {v}" for k, v in skipped.items()]
    lines.append("")
    lines.append("Notes:")
    lines += [f"- {n}" for n in notes]
    lines.append("- fastjsonschema runs on a fresh deep copy per call (copies made before timing).")
    lines.append(
        "- pydantic models are lax in places where JSON Schema is strict, and the reverse, so their verdicts can differ; they are timed for scale."
    )
    lines.append("")
    lines.append("## Per payload (µs per call)")
    lines.append("")
    names = list(peers)
    lines.append("| payload | expect | " + " | ".join(names) + " |")
    lines.append("| --- | --- | " + " | ".join("---:" for _ in names) + " |")
    for file, expect, row in per_payload:
        lines.append(f"| {file} | {expect} | " + " | ".join(f"{row[n]:.2f}" if n in row else "-" for n in names) + " |")
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print()
    print("\n".join(lines[: lines.index("## Per payload (µs per call)")]))
    print(f"written: {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
