"""Chain-scaling benchmark (issue 20, item 8): `shapegen generate` of every target on a chain of
N unions and a chain of N objects, in a fresh project each run, side by side in one invocation.

    python bench/chains.py [--kind union object] [--sizes 250 500 1000 2000] [--runs 3]
                           [--repo PATH] [--timings] [--timeout 900]

Each row prints wall and CPU seconds, median (min-max) over the runs, the CPU per link (ms) and
the slope: the CPU ratio to the previous size beside the size ratio (x2.0 for twice the links is
linear), and the CPU per link divided by the smallest chain's (1.00 = exactly linear). The chains
and the table are bench/growth.py's, which also measures the vendor spec 1x-8x and a 20 MB schema.

A union chain: U_i is oneOf [O_i, U_{i+1}], each O_i a closed object with one required property
of its own; an object chain: U_i has a property holding U_{i+1}. The request body is the head.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from growth import ALL_TARGETS, HEADER, REPO, object_chain, rows, union_chain  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kind", nargs="*", choices=["union", "object"], default=["union", "object"])
    p.add_argument("--sizes", type=int, nargs="*", default=[250, 500, 1000, 2000])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--repo", type=Path, default=REPO, help="the checkout whose shapegen runs")
    p.add_argument("--timings", action="store_true", help="add each row's three costliest stages")
    p.add_argument("--timeout", type=float, default=900, help="seconds a run may take; a timeout ends the series")
    args = p.parse_args()
    print(
        f"Cold `generate`, every target ({', '.join(ALL_TARGETS)}); {args.runs} run(s) per size; "
        f"{os.cpu_count()} CPUs (shared).\n\n" + "\n".join(HEADER),
        flush=True,
    )
    for kind in args.kind:
        make = union_chain if kind == "union" else object_chain
        rows(
            f"{kind} chain",
            "ms/link",
            1000,
            [float(n) for n in args.sizes],
            lambda n, make=make: make(int(n)),  # type: ignore[misc]
            ALL_TARGETS,
            args.runs,
            args.repo.resolve(),
            args.timings,
            args.timeout,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
