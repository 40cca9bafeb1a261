"""Every use of ../shared goes through the one guard in tests/conftest.py.

A test that builds its own path to ../shared passes where ../shared is (CI) and breaks in a user's
clone, so a path to it is built in tests/conftest.py only (SHARED, honouring SHAPEGEN_SHARED) and
reached through require_shared(). `make test-no-shared` (in CI) runs the tests that need no
compiler with SHAPEGEN_SHARED pointing at nothing, which catches what this reading cannot.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

from tests import conftest
from tests.conftest import REPO

TESTS = REPO / "tests"
GUARD = TESTS / "conftest.py"


def paths_to_shared(source: str) -> list[int]:
    """Lines where a string literal names ../shared as a path: `... / "shared"` or "../shared..."."""
    lines = []
    previous = None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            try:
                value = ast.literal_eval(token.string)
            except (ValueError, SyntaxError):
                value = None
            if isinstance(value, str):
                after_slash = previous is not None and previous.type == tokenize.OP and previous.string == "/"
                if (value == "shared" and after_slash) or value.startswith("../shared"):
                    lines.append(token.start[0])
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            previous = token
    return lines


def test_the_finder_sees_the_ways_a_path_to_shared_is_spelled():
    assert paths_to_shared('SUITE = REPO.parent / "shared" / "x"\n') == [1]
    assert paths_to_shared("p = Path('../shared/vectors')\n") == [1]
    assert paths_to_shared('origin = "shared"\nx = ("shared", "v")\n"""Reads ../shared/vectors."""\n') == []


def test_only_the_guard_builds_a_path_to_shared():
    offenders = [
        f"{path.relative_to(REPO)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        if path not in (GUARD, Path(__file__).resolve()) and "expected" not in path.relative_to(TESTS).parts
        for line in paths_to_shared(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use tests.conftest.SHARED and require_shared() instead"


def test_a_missing_shared_folder_is_a_skip_with_its_reason_and_in_ci_a_failure(tmp_path: Path, monkeypatch):
    nowhere = tmp_path / "nowhere"
    monkeypatch.setattr(conftest, "SHARED", nowhere)
    monkeypatch.setattr(conftest, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match=f"{nowhere} is not here"):
        conftest.require_shared()
    monkeypatch.setattr(conftest, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match=f"{nowhere} is missing: CI must run with ../shared"):
        conftest.require_shared()


def test_shapegen_shared_moves_the_guard_and_without_it_shared_is_beside_the_clone(tmp_path: Path):
    assert conftest.shared_folder({"SHAPEGEN_SHARED": str(tmp_path / "nowhere")}) == tmp_path / "nowhere"
    beside = (REPO.parent / "shared").resolve()
    assert conftest.shared_folder({}) == beside
    assert conftest.shared_folder({"SHAPEGEN_SHARED": ""}) == beside
