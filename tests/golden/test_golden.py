"""Every golden case renders exactly its expected output, for every target."""

from __future__ import annotations

import pytest

from generator import pipeline
from tests.golden.golden import build, cases


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
