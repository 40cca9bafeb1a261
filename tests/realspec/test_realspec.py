"""The vendor's spec as it ships is accepted (with warnings that state their repairs), generates
with every target, and every output compiles (issue 9.4)."""

from __future__ import annotations

import pytest

from generator.targets import available
from tests.realspec.compilers import CHECKS

# a target whose output does not render or compile yet, owned by another engineer: target ->
# (owner, what fails). Strict: each entry turns into a failure the day the target passes, so it is
# removed. Every target passes today.
KNOWN_FAILURES: dict[str, tuple[str, str]] = {}


def test_the_spec_is_accepted_with_each_unambiguous_problem_a_warning(realspec):
    warnings = realspec.loaded.warnings
    pointers = sorted(w.where.split(" (at #", 1)[1].rstrip(")") for w in warnings if w.where and " (at #" in w.where)
    assert "/components/schemas/CompoundFilter/$recursiveAnchor" in pointers
    assert "/components/schemas/BetaCompoundFilter/$recursiveAnchor" in pointers
    assert "/components/schemas/ContainerResource/required" in pointers
    assert all(w.severity == "warning" and w.hint for w in warnings)
    assert all("openai-openapi.yaml" in (w.where or "") for w in warnings)


def test_every_schema_becomes_a_shape(realspec):
    (namespace,) = realspec.loaded.model.namespaces
    assert len(realspec.loaded.bundles["openai"].defs) >= 1422
    assert len(namespace.top_level) > 100


def test_a_date_in_an_example_stays_a_string(realspec):
    schema = realspec.loaded.bundles["openai"].defs["ChatSessionResource"]
    assert schema["examples"][0]["workflow"]["version"] == "2024-10-01"


def test_the_python_models_are_left_unchanged_by_black(realspec):
    """The 3 MB models module of the vendor spec: every layout black would choose, without black
    (moved here from tests/python/test_black_layout.py, to check the render this session already
    made rather than load and render the spec a second time)."""
    import black

    assert "python" not in realspec.failures, realspec.failures.get("python")
    assert realspec.python_fallbacks == []
    (models,) = [text for path, text in realspec.python_files.items() if path.endswith("/openai/models.py")]
    assert len(models) > 1_000_000
    assert black.format_str(models, mode=black.Mode(target_versions={black.TargetVersion.PY311})) == models


def _cases():
    for target in sorted(available()):
        checks = CHECKS.get(target)
        if not checks:
            yield pytest.param(target, None, id=f"{target}-no-check")
            continue
        for check in checks:
            marks = []
            if target in KNOWN_FAILURES:
                owner, why = KNOWN_FAILURES[target]
                marks.append(pytest.mark.xfail(strict=True, reason=f"owner: {owner}: {why}"))
            yield pytest.param(target, check, id=f"{target}-{check.__name__}", marks=marks)


@pytest.mark.parametrize("target, check", list(_cases()))
def test_every_target_output_compiles(realspec, target, check):
    assert target not in realspec.failures, f"{target} did not render: {realspec.failures[target]}"
    assert check is not None, f"no compile check for target {target!r}: add one to tests/realspec/compilers.py"
    ok, report = check(realspec.out, "openai")
    assert ok, report
