"""Measure each backtracking engine on the three ReDoS shapes the layer refuses in strict mode
(and warns about otherwise), on near-miss inputs: `"a" * n + "!"`.

    .venv/bin/python tests/layer/measure_redos.py [--timeout S]

Python `re` runs the layer's `python_re()` translation, node runs `new RegExp(src, "u")` (the
`ecma` dialect; TypeScript, and Dart's engine is the same Irregexp). Each run is a fresh process
with a timeout, so a catastrophic case costs at most the timeout.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generator.layer.patterns import Pattern  # noqa: E402

PATTERNS = ("^(a+)+$", "^(a|a)*$", "^a*a*a*a*a*a*a*a*b$")
LENGTHS = (20, 24, 30)
PY = textwrap.dedent("""
    import re, sys, time
    rx = re.compile(sys.argv[1]); t = time.perf_counter(); rx.search(sys.argv[2])
    print(f"{time.perf_counter() - t:.3f}")
""")
JS = textwrap.dedent("""
    const [src, s] = process.argv.slice(1); const rx = new RegExp(src, "u");
    const t = process.hrtime.bigint(); rx.test(s);
    console.log((Number(process.hrtime.bigint() - t) / 1e9).toFixed(3));
""")


def timed(cmd: list[str], timeout: float) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout).stdout.strip() + " s"
    except subprocess.TimeoutExpired:
        return f"> {timeout:g} s"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=20.0)
    args = ap.parse_args()
    print(f"{'pattern':<24} {'n':>3}  {'python re':>12}  {'node RegExp':>12}  risk")
    for src in PATTERNS:
        p = Pattern(src)
        for n in LENGTHS:
            subject = "a" * n + "!"
            py = timed([sys.executable, "-c", PY, p.python_re(), subject], args.timeout)
            js = timed(["node", "-e", JS, p.ecma(), subject], args.timeout) if shutil.which("node") else "-"
            print(f"{src:<24} {n:>3}  {py:>12}  {js:>12}  {p.risks[0].describe()}")


if __name__ == "__main__":
    main()
