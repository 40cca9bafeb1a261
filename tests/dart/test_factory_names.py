"""A union's named constructors read by what they hold (`Voice.id`, `ToolChoice.mode`), and a
response-side copy of a union reads as its request shape does (`ToolChoiceResponse.mode`, not
`ToolChoiceResponse.toolChoiceModeResponse`): the naming rule in generator/targets/dart.py."""

from __future__ import annotations

import pytest

from generator.targets import dart


def _names(union: str, held: list[str]) -> list[str]:
    variants = [dart._Variant(kind="wrapper", class_name=union + h) for h in held]
    dart._factories(union, variants, {v.class_name: h for v, h in zip(variants, held)})
    return [v.factory for v in variants]


@pytest.mark.parametrize(
    "union, held, factory",
    [
        ("Voice", "VoiceId", "id"),
        ("ToolChoice", "ToolChoiceMode", "mode"),
        ("ToolChoiceResponse", "ToolChoiceModeResponse", "mode"),
        ("TruncationResponse", "TruncationModeResponse", "mode"),
        # the request shape's name, without the response ending
        ("McpRequireApproval", "McpApprovalMode", "mcpApprovalMode"),
        ("McpRequireApprovalResponse", "McpApprovalModeResponse", "mcpApprovalMode"),
        # a held type that is not a response copy keeps its name
        ("PromptVariableResponse", "String", "string"),
        ("Response", "ErrorResponse", "errorResponse"),
    ],
)
def test_a_union_constructor_is_named_after_what_it_holds(union, held, factory):
    assert _names(union, [held]) == [factory]


def test_a_shorter_name_already_taken_falls_back_to_the_longer_one():
    assert _names("XResponse", ["XModeResponse", "ModeResponse"]) == ["mode", "modeResponse"]


def test_every_generated_union_constructor_reads_by_what_it_holds(generated_package):
    from tests.dart import dart_tree

    found = []
    for path in generated_package.root.glob("lib/src/*.dart"):
        tree = dart_tree.parser().parse(path.read_bytes())
        for node in dart_tree.walk(tree.root_node):
            if node.type == "redirecting_factory_constructor_signature":
                union, name = [dart_tree.text(c) for c in node.children if c.type == "identifier"][:2]
                found.append((union, name))
    assert ("TruncationResponse", "mode") in found and ("ToolChoiceResponse", "mode") in found
    for union, name in found:
        assert not name.lower().startswith(union.lower()), (union, name)
        assert not (union.endswith("Response") and name.endswith("Response")), (union, name)
