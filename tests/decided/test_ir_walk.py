"""One walk over the IR's types (`ir.children`, `ir.walk`, `ir.refs`, `ir.shape_refs`) instead of a
copy per module, and dispatch over the kinds of type that mypy checks is exhaustive."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import ir
from tests.conftest import REPO

TEXT = ir.Primitive("string")
A = ir.Ref("A")
B = ir.Ref("B")


def test_children_are_the_types_directly_inside():
    assert ir.children(ir.Array(A)) == (A,)
    assert ir.children(ir.Map(B)) == (B,)
    assert ir.children(ir.Nullable(TEXT)) == (TEXT,)
    assert [ir.children(t) for t in (TEXT, ir.AnyValue(), ir.Literal("x"), A)] == [(), (), (), ()]


def test_walk_goes_outermost_first_and_can_stay_out_of_collections():
    nested = ir.Nullable(ir.Array(ir.Map(A)))
    assert list(ir.walk(nested)) == [nested, nested.inner, ir.Map(A), A]
    assert list(ir.refs(nested)) == ["A"]
    assert list(ir.refs(nested, through_containers=False)) == []
    assert list(ir.refs(ir.Nullable(B), through_containers=False)) == ["B"]


def test_a_shape_s_references_follow_its_declaration_order():
    where = ir.Source("api.yaml", "/x")
    union = ir.Union_(
        name="U",
        description="",
        variants=(ir.Variant(ir.Array(B)), ir.Variant(A)),
        tag=None,
        role="part",
        source=where,
    )
    assert list(ir.shape_refs(union)) == ["B", "A"]
    assert list(ir.shape_refs(union, through_containers=False)) == ["A"]


@pytest.mark.slow  # a mypy run
def test_mypy_rejects_a_dispatch_that_misses_a_kind_of_type(tmp_path: Path):
    probe = tmp_path / "probe.py"
    probe.write_text(textwrap.dedent("""
        from typing import assert_never

        from generator import ir


        def width(t: ir.Type) -> int:
            if isinstance(t, (ir.Primitive, ir.AnyValue, ir.Literal, ir.Ref)):
                return 1
            if isinstance(t, (ir.Array, ir.Nullable)):
                return 2
            assert_never(t)  # ir.Map is missing
        """))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", str(probe)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "Map" in done.stdout, done.stdout
