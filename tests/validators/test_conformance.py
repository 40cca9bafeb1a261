"""Conformance: the official JSON-Schema-Test-Suite (draft 2020-12) through compiled validators.

Required tests (tests/draft2020-12/*.json) must match suite_expectations.json exactly: a test it
lists must still fail (or the entry is stale) and a test it does not list must pass. Optional and
format tests are reported, never enforced. Without ../shared these tests skip (fail in CI).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import require_shared
from tests.validators import suite

EXPECTED = json.loads(suite.EXPECTATIONS.read_text(encoding="utf-8"))
REQUIRED_FILES = sorted(p.name for p in suite.TESTS.glob("*.json")) if suite.TESTS.is_dir() else ["(suite absent)"]


@pytest.fixture(scope="module")
def required_outcomes() -> dict[str, suite.Outcome]:
    require_shared()
    return {o.id: o for o in suite.run("required")}


@pytest.mark.parametrize("file", REQUIRED_FILES)
def test_required_suite_file_passes_except_listed_tests(file, required_outcomes):
    outcomes = [o for o in required_outcomes.values() if o.id.startswith(file + "#")]
    assert outcomes, f"no tests ran for {file}"
    unexpected_failures = [
        f"{o.id} {o.description}: {o.reason}" for o in outcomes if not o.passed and o.id not in EXPECTED["required"]
    ]
    unexpected_passes = [o.id for o in outcomes if o.passed and o.id in EXPECTED["required"]]
    assert not unexpected_failures, "failing and not listed in suite_expectations.json:\n" + "\n".join(
        unexpected_failures
    )
    assert not unexpected_passes, "listed as failing in suite_expectations.json but now passing:\n" + "\n".join(
        unexpected_passes
    )


def test_expectations_list_only_tests_that_exist(required_outcomes):
    assert set(EXPECTED["required"]) <= set(required_outcomes)


def test_at_least_99_percent_of_the_required_suite_passes(required_outcomes):
    passed = sum(o.passed for o in required_outcomes.values())
    assert len(required_outcomes) >= 1299
    assert passed / len(required_outcomes) >= 0.99


def test_optional_and_format_suites_are_reported_and_do_not_regress(capsys):
    """Prints the optional and format pass counts; a test that passed before must keep passing
    (one that starts passing is only reported, so the expectations file can be trimmed)."""
    require_shared()
    lines = []
    regressions: list[str] = []
    for kind in ("optional", "format"):
        outcomes = suite.run(kind)
        passed = sum(o.passed for o in outcomes)
        failing = {o.id for o in outcomes if not o.passed}
        new = sorted(failing - set(EXPECTED[kind]))
        fixed = sorted(set(EXPECTED[kind]) - failing)
        assert outcomes, f"the {kind} suite ran no test"
        regressions += new
        lines.append(
            f"{kind}: {passed}/{len(outcomes)} passed; newly failing {new or 'none'}; newly passing {fixed or 'none'}"
        )
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert not regressions, f"optional/format tests that passed before now fail: {regressions}"
