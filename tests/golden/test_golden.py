"""Every golden case renders exactly its expected output, for every target."""

from __future__ import annotations

import pytest

from generator import pipeline
import difflib

from tests.golden.golden import build, cases, ir_path, ir_text


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_renders_exactly_the_expected_output(case):
    config, plan = build(case)
    changes = pipeline.compare(config, plan)
    if changes.written or changes.removed:
        pytest.fail(
            f"golden output of {case.name} differs (run 'make golden' if the change is intended):\n"
            + pipeline.diff(config, plan, changes)[:20000],
            pytrace=False,
        )


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_lowers_to_exactly_the_expected_ir_and_names(case):
    _, plan = build(case, targets=[])
    expected = ir_path(case).read_text(encoding="utf-8") if ir_path(case).is_file() else ""
    actual = ir_text(plan)
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), "expected/ir.txt", "actual"
        )
        pytest.fail(
            f"IR golden of {case.name} differs (run 'make golden' if the change is intended):\n"
            + "".join(diff)[:20000],
            pytrace=False,
        )
