"""Patterns reach the TypeScript parsers through the layer's `ecma` translation (issue 8):
`new RegExp(<source>, 'u')`, a pattern that is not valid ECMA-262 in Unicode mode is an error at
generate time naming the file and pointer (never a module that throws on import), and a pattern
the layer's ReDoS check flags says so in the property's doc comment (issue 7: outside strict
mode the pattern is kept, with the risk stated)."""

from __future__ import annotations

import json
import warnings

import pytest

from generator.errors import ShapegenError
from tests.typescript.helpers import render


def _schema(pattern: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "patterns", "version": "1"},
        "paths": {
            "/p": {
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {
            "schemas": {"Thing": {"type": "object", "properties": {"code": {"type": "string", "pattern": pattern}}}}
        },
    }


def _render(tmp_path, pattern: str):
    (tmp_path / "api.yaml").write_text(json.dumps(_schema(pattern)), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return render({"patterns": tmp_path / "api.yaml"}, tmp_path)


def test_a_pattern_is_compiled_from_its_ecma_source_in_unicode_mode(tmp_path):
    package = _render(tmp_path, r"^tunnel_[a-z0-9]{4}$")
    parse = (package / "src" / "patterns" / "parse.ts").read_text()
    assert "$rt.string({ pattern: new RegExp('^tunnel_[a-z0-9]{4}$', 'u') })" in parse


def test_a_pattern_invalid_in_unicode_mode_is_an_error_at_generate_time(tmp_path):
    with pytest.raises(ShapegenError) as error:
        _render(tmp_path, r"\_")
    assert "api.yaml" in str(error.value.where) and "/pattern" in str(error.value.where)


def test_a_pattern_flagged_as_super_linear_says_so_in_its_doc_comment(tmp_path):
    schema = _schema(r"^(a+)+$")
    code = schema["components"]["schemas"]["Thing"]["properties"]["code"]
    code["x-shapegen-accept-redos"] = "a test: only trusted values reach it"  # refused otherwise
    (tmp_path / "api.yaml").write_text(json.dumps(schema), encoding="utf-8")
    package = render({"patterns": tmp_path / "api.yaml"}, tmp_path)
    types = (package / "src" / "patterns" / "types.ts").read_text()
    assert "the pattern can be slow on hostile input: nested quantifiers" in types
    assert "exponential time" in types
