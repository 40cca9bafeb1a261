"""Schema text never becomes code: hostile property names, patterns, enum values, constants and
shape names reach the module only as quoted literals, and it still validates correctly."""

from __future__ import annotations

import ast

import pytest

from generator.validators import compile_module, compile_source

PAYLOAD = "__import__('os').system('touch /tmp/shapegen-pwned')"
HOSTILE = [
    PAYLOAD,
    "'; import os; os.system('x') #",
    '"""',
    "'''",
    "\\",
    "\\'",
    "a\nimport os\n",
    "line\u2028separator\u2029para",
    "\r\n",
    "{0}{__class__}",
    "%s%r",
    "\x00nul",
    "}}{{",
    "# comment",
    "é\U0001f600",
]


def hostile_schema() -> dict:
    props = {name: {"type": "string", "const": name} for name in HOSTILE}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:hostile'\"\n" + PAYLOAD,
        "$defs": {
            "Hostile": {
                "type": "object",
                "properties": {
                    **props,
                    "tagged": {"enum": HOSTILE + [1, 2.5, None, True, [PAYLOAD], {PAYLOAD: PAYLOAD}]},
                    # a quote needs no escape in ECMA-262's Unicode mode (and may not have one)
                    "patterned": {"type": "string", "pattern": "^[\"'\\\\]+\\n?$"},
                    "quoted": {"type": "string", "pattern": "^(?:'|\"|\\u2028)$"},
                },
                "patternProperties": {"^x-'\"\\\\": {"type": "integer"}},
                "required": [PAYLOAD],
                "dependentRequired": {"\n": [PAYLOAD]},
                "additionalProperties": False,
                "title": "'''\"\"\"" + PAYLOAD,
                "description": "\n\nimport os\nos.system('rm -rf /')\n",
            },
            "With'Quote\"Name\n": {"const": {PAYLOAD: [PAYLOAD, "\u2028"]}},
        },
    }


ENTRIES = [
    ("Hostile\n" + PAYLOAD, "hostile", "#/$defs/Hostile"),
    ("'\"", "quoted_name", "#/$defs/With'Quote\"Name\n"),
]


def imports_of(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


def test_module_with_hostile_schema_text_parses_and_imports_only_the_standard_library():
    source = compile_source(hostile_schema(), ENTRIES)
    tree = ast.parse(source)
    assert imports_of(tree) <= {"__future__", "json", "re", "typing"}


def test_hostile_text_appears_only_inside_string_constants():
    source = compile_source(hostile_schema(), ENTRIES)
    tree = ast.parse(source)
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert "__import__" not in calls and "system" not in calls
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            assert node.id.isidentifier() and node.id.isascii()
            assert "os" != node.id and "system" not in node.id
    assert "\u2028" not in source and "\u2029" not in source  # repr() escapes them


def test_module_level_statements_are_only_definitions_and_constants():
    tree = ast.parse(compile_source(hostile_schema(), ENTRIES))
    for node in tree.body:
        allowed = (ast.Expr, ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign)
        assert isinstance(node, allowed), ast.dump(node)[:80]
        if isinstance(node, ast.ImportFrom):
            assert node.module in ("__future__", "typing")
        if isinstance(node, ast.Expr):
            assert isinstance(node.value, ast.Constant)  # the docstring


def valid_instance() -> dict:
    return {name: name for name in HOSTILE}


def test_hostile_schema_accepts_a_valid_instance(tmp_path):
    module = compile_module(hostile_schema(), ENTRIES)
    assert module.is_valid_hostile(valid_instance())
    assert module.validate_hostile(valid_instance()) == []
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "change, keyword",
    [
        ({PAYLOAD: "other"}, "const"),
        ({"\\": 1}, "type"),
        ({"tagged": "not listed"}, "enum"),
        ({"patterned": "abc"}, "pattern"),
        ({"x-'\"\\": "not an integer"}, "type"),
        ({"\n": "\n"}, "dependentRequired"),
        ({"unknown": 1}, "additionalProperties"),
    ],
)
def test_hostile_schema_rejects_each_kind_of_mistake(change, keyword):
    module = compile_module(hostile_schema(), ENTRIES)
    instance = {**valid_instance(), **change}
    if keyword == "dependentRequired":
        del instance[PAYLOAD]
    assert not module.is_valid_hostile(instance)
    assert keyword in {e.keyword for e in module.validate_hostile(instance)}


def test_hostile_enum_and_pattern_values_match_exactly():
    module = compile_module(hostile_schema(), ENTRIES)
    for value in HOSTILE + [1, 2.5, None, True, [PAYLOAD], {PAYLOAD: PAYLOAD}]:
        assert module.is_valid_hostile({**valid_instance(), "tagged": value})
    assert not module.is_valid_hostile({**valid_instance(), "tagged": [PAYLOAD, PAYLOAD]})
    for good in ["'", '"', "\\\\\"'", "'\n"]:
        assert module.is_valid_hostile({**valid_instance(), "patterned": good})
    assert module.is_valid_hostile({**valid_instance(), "quoted": "\u2028"})


def test_hostile_shape_names_work_by_name_lookup():
    module = compile_module(hostile_schema(), ENTRIES)
    assert module.is_valid("'\"", {PAYLOAD: [PAYLOAD, "\u2028"]})
    assert not module.is_valid("'\"", {PAYLOAD: [PAYLOAD]})
    assert module.SHAPES == ("Hostile\n" + PAYLOAD, "'\"")


@pytest.mark.parametrize("snake", ["os.system", "a b", "class", "_private", "x;y", "é"])
def test_unsafe_snake_names_are_refused(snake):
    with pytest.raises(ValueError):
        compile_source({"type": "string"}, [("Shape", snake, "#")])
