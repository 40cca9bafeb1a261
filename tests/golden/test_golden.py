"""Every golden case renders exactly its expected output, for every target: the files the case
decides in its own `expected/`, the files no case decides exactly as pinned once in `common/`."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

import pytest

from generator import pipeline
from tests.golden.golden import COMMON, COMMON_FILES, build, case_plan, cases, common_files, ir_path, ir_text

CASES = cases()


@lru_cache(maxsize=None)
def rendered(case: Path) -> tuple:
    return build(case)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_renders_exactly_the_expected_output(case):
    config, plan = rendered(case)
    plan = case_plan(plan)
    changes = pipeline.compare(config, plan)
    if changes.written or changes.removed:
        pytest.fail(
            f"golden output of {case.name} differs (run 'make golden' if the change is intended):\n"
            + pipeline.diff(config, plan, changes)[:20000],
            pytrace=False,
        )


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_renders_the_files_no_case_decides_exactly_as_pinned_once(case):
    _, plan = rendered(case)
    files = common_files(plan)
    assert sorted(files) == sorted(COMMON_FILES), "a common file is no longer rendered: take it out of COMMON_FILES"
    differing = [rel for rel, content in sorted(files.items()) if (COMMON / rel).read_bytes() != content]
    if differing:
        rel = differing[0]
        diff = difflib.unified_diff(
            (COMMON / rel).read_text(encoding="utf-8").splitlines(keepends=True),
            files[rel].decode("utf-8").splitlines(keepends=True),
            f"common/{rel}",
            f"{case.name}/{rel}",
        )
        pytest.fail(
            f"{case.name} renders {', '.join(differing)} unlike tests/golden/common (run 'make golden' if the "
            "change is intended; a file that now depends on the case leaves COMMON_FILES):\n" + "".join(diff)[:20000],
            pytrace=False,
        )


def test_common_holds_exactly_the_common_files():
    held = {p.relative_to(COMMON).as_posix() for p in COMMON.rglob("*") if p.is_file()}
    assert held == set(COMMON_FILES)


def test_a_file_every_case_renders_alike_is_pinned_once_not_copied_into_each_case():
    """A new runtime or manifest belongs in COMMON_FILES, not in fourteen copies."""
    plans = [case_plan(rendered(case)[1]).files for case in CASES]
    alike = [rel for rel, content in plans[0].items() if all(p.get(rel) == content for p in plans[1:])]
    assert alike == []


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
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
