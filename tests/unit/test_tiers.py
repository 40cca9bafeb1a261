"""The tiers (tests/conftest.py): every test lands in exactly one, and the fast tier cannot reach a
compiler unnoticed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIRST, REPO, TOOLCHAIN_PROGRAMS, GroupScheduling, group_of, started_program, tier_of

TESTS = REPO / "tests"


@pytest.mark.parametrize(
    "path, tier",
    [
        ("unit/test_naming.py", "fast"),
        ("golden/test_golden.py", "golden"),
        ("rust/test_crates.py", "toolchain"),
        ("rust/test_scale.py", "scale"),
        ("typescript/test_scale.py", "scale"),
        ("conformance/test_matrix.py", "interop"),
        ("cli/test_errors.py", "slow"),
        ("hostile/test_bounded.py", "slow"),
        ("hostile/test_every_language_compiles.py", "toolchain"),  # a folder's module that runs compilers
        ("python/test_typecheck.py", "toolchain"),
        ("python/test_serialisation.py", "fast"),
    ],
)
def test_a_module_without_a_mark_gets_the_tier_of_where_it_lives(path, tier):
    assert tier_of(TESTS / path) == tier


def test_a_module_in_a_new_folder_is_toolchain_when_it_mentions_a_compiler_else_fast(tmp_path):
    (tmp_path / "newfolder").mkdir()
    (tmp_path / "newfolder" / "test_builds.py").write_text('RUN = ["cargo", "build"]\n')
    (tmp_path / "newfolder" / "test_pure.py").write_text("X = 1\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "helpers.py").write_text("def build(): return tsc(['-p', '.'])\n")
    (tmp_path / "other" / "test_uses_helpers.py").write_text("from .helpers import build\n")
    assert tier_of(tmp_path / "newfolder" / "test_builds.py", tests=tmp_path) == "toolchain"
    assert tier_of(tmp_path / "newfolder" / "test_pure.py", tests=tmp_path) == "fast"
    assert tier_of(tmp_path / "other" / "test_uses_helpers.py", tests=tmp_path) == "toolchain"


@pytest.mark.parametrize(
    "args, shell, program",
    [
        (["node", "x.js"], False, "node"),
        (["/usr/local/go/bin/go", "build"], False, "go"),
        ("cargo check -q", True, "cargo"),
        ([Path("/usr/bin/mcs"), "-out:x"], False, "mcs"),
        ([REPO / ".venv" / "bin" / "python", "-m", "generator"], False, "python"),
    ],
)
def test_the_fast_tier_guard_names_the_program_a_subprocess_starts(args, shell, program):
    assert started_program(args, shell=shell) == program
    assert (program in TOOLCHAIN_PROGRAMS) == (program != "python")


@pytest.mark.parametrize(
    "path, group",
    [
        ("rust/test_crates.py", "rust"),  # the Rust tests' one cargo workspace
        ("rust/test_behaviour.py", "rust"),
        ("rust/test_scale.py", "rust/test_scale.py"),  # shares nothing with them: may run beside them
        ("typescript/test_vectors.py", "typescript"),
        ("conformance/test_matrix.py", "conformance"),  # the project's drivers, built once
        ("every_language/test_presence.py", "conformance"),
        ("cli/test_errors.py", "cli/test_errors.py"),  # a module of its own
        ("adopt/test_wheel.py", "adopt"),  # the installed wheel, built once
        ("adopt/test_workflow_example.py", "adopt"),
    ],
)
def test_modules_that_share_a_build_run_on_one_worker(path, group):
    assert group_of(TESTS / path) == group


@pytest.mark.parametrize(
    "nodeid, group",
    [
        ("tests/rust/test_crates.py::test_a[x]", "rust"),
        ("tests/rust/test_behaviour.py::TestA::test_b", "rust"),
        ("tests/cli/test_errors.py::test_a[a::b@c]", "cli/test_errors.py"),
    ],
)
def test_the_scheduler_deals_out_a_group_as_one_unit_from_the_node_id_alone(nodeid, group):
    # the controller sees node ids only; no mark survives to it under pytest 9.2 (pytest-xdist#1386)
    assert GroupScheduling._split_scope(None, nodeid) == group  # type: ignore[arg-type]


def test_every_first_group_is_a_group_the_suite_has():
    groups = {
        group_of(p) for p in TESTS.rglob("test_*.py") if "golden" not in p.parts[-3:-1] or p.name == "test_golden.py"
    }
    assert set(FIRST) <= groups
