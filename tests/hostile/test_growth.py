"""Cost that grows with the input, not faster (issue 20: what broke 9, what to build 8).

A chain of unions once took 3.0 s at 250 links and 65.7 s at 1,000 (22 times the cost for 4 times
the input: the docs, TypeScript, C# and Dart renders walked everything reachable from every shape).
Here each chain is generated at 200 and at 800 links by the targets that were quadratic, and the
CPU time of the run (the process and its render workers) may grow at most twice as fast as the
input: linear growth gives about 4 (less, with the fixed cost of a run), quadratic about 16. CPU
time, not wall time, so that other work on the machine does not decide the verdict.
(bench/chains.py prints the figures at 250, 500, 1,000 and 2,000 links.)
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

TARGETS = '["jsonschema", "docs", "typescript", "csharp", "dart"]'


def union_chain(n: int) -> str:
    """U_i is oneOf [O_i, U_{i+1}]; each O_i a closed object with a required property of its own."""
    out = []
    for i in range(n):
        out.append(f"    U{i}:\n      oneOf:\n        - $ref: '#/components/schemas/O{i}'\n")
        if i + 1 < n:
            out.append(f"        - $ref: '#/components/schemas/U{i + 1}'\n")
        out.append(
            f"    O{i}:\n      type: object\n      required: [f{i}]\n      additionalProperties: false\n"
            f"      properties:\n        f{i}: {{type: string}}\n"
        )
    return "".join(out)


def object_chain(n: int) -> str:
    """U_i has a property holding U_{i+1}."""
    out = []
    for i in range(n):
        after = f"\n        next: {{$ref: '#/components/schemas/U{i + 1}'}}" if i + 1 < n else ""
        out.append(
            f"    U{i}:\n      type: object\n      required: [f{i}]\n      properties:\n"
            f"        f{i}: {{type: string}}{after}\n"
        )
    return "".join(out)


def cpu_seconds_to_generate(root: Path, schemas: str) -> float:
    (root / "schema").mkdir(parents=True)
    (root / "schema" / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: chain, version: '1'}\npaths:\n  /head:\n    post:\n"
        "      requestBody:\n        content: {application/json: {schema: {$ref: '#/components/schemas/U0'}}}\n"
        "      responses: {'204': {description: none}}\ncomponents:\n  schemas:\n" + schemas
    )
    (root / "pyproject.toml").write_text(
        f'[tool.shapegen]\noutput = "generated"\ntargets = {TARGETS}\n'
        '[tool.shapegen.namespaces]\nchain = "schema/api.yaml"\n'
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(root), "generate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 0, done.stderr[-2000:]
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@pytest.mark.parametrize("chain", [union_chain, object_chain], ids=["union chain", "object chain"])
def test_four_times_the_links_cost_less_than_eight_times_the_cpu(tmp_path, chain):
    small = cpu_seconds_to_generate(tmp_path / "small", chain(200))
    large = cpu_seconds_to_generate(tmp_path / "large", chain(800))
    assert large < 8 * small, f"200 links: {small:.1f} s of CPU; 800 links: {large:.1f} s ({large / small:.1f}x)"
