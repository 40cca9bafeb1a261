"""A second, syntax-only check of every generated C# file: tree-sitter-c-sharp parses it without an
error or a missing node."""

from __future__ import annotations

from pathlib import Path

import pytest
import tree_sitter
import tree_sitter_c_sharp

from tests.csharp import build

FILES = sorted(
    list((build.REPO / "generated" / "csharp").rglob("*.cs"))
    + list(build.REPO.glob("tests/golden/*/expected/csharp/**/*.cs"))
    + list(build.REPO.glob("tests/golden/common/csharp/**/*.cs"))
    + list(build.PROGRAMS.glob("*.cs"))
)


@pytest.fixture(scope="module")
def parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_c_sharp.language()))


def _problems(node: tree_sitter.Node) -> list[str]:
    if node.is_error or node.is_missing:
        return [f"line {node.start_point[0] + 1}: {'missing ' + node.type if node.is_missing else 'syntax error'}"]
    if not node.has_error:
        return []
    return [p for child in node.children for p in _problems(child)]


def test_there_are_files_to_check():
    assert len(FILES) > 100


def test_every_generated_csharp_file_parses_without_errors(parser):
    problems = {}
    for path in FILES:
        found = _problems(parser.parse(path.read_bytes()).root_node)
        if found:
            problems[str(path.relative_to(build.REPO))] = found[:3]
    assert not problems, problems
