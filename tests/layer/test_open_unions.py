"""Forward-compatible responses: a tagged union reachable from a response body is open (an
unknown tag is accepted and kept), the same union in a request stays closed."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import ir
from generator.lower import lower
from generator.normalise import UNKNOWN_VARIANT, build_bundle
from generator.validators import compile_module

API = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /make:
    post:
      operationId: make
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Holder'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Result'}
components:
  schemas:
    Holder:
      type: object
      properties:
        tool: {$ref: '#/components/schemas/Tool'}
    Result:
      type: object
      properties:
        tool: {$ref: '#/components/schemas/Tool'}
    Tool:
      oneOf:
        - $ref: '#/components/schemas/Fn'
        - $ref: '#/components/schemas/Mcp'
    Fn:
      type: object
      additionalProperties: false
      required: [type]
      properties: {type: {const: function}, name: {type: string}}
    Mcp:
      type: object
      additionalProperties: false
      required: [type, server]
      properties: {type: {const: mcp}, server: {type: string}}
"""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    root = tmp_path_factory.mktemp("open_unions")
    (root / "api.yaml").write_text(textwrap.dedent(API))
    return build_bundle("t", root / "api.yaml", root)


def test_union_used_by_both_roles_is_split_like_objects(bundle):
    assert "Tool" in bundle.defs and "ToolResponse" in bundle.defs


def test_response_side_union_gains_a_catch_all_for_unknown_tags(bundle):
    extra = [b for b in bundle.defs["ToolResponse"]["oneOf"] if UNKNOWN_VARIANT in b]
    assert extra == [
        {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"type": "string", "not": {"enum": ["function", "mcp"]}}},
            UNKNOWN_VARIANT: True,
        }
    ]


def test_request_side_union_stays_closed(bundle):
    assert not any(UNKNOWN_VARIANT in b for b in bundle.defs["Tool"]["oneOf"])


def test_lowering_sets_open_and_keeps_only_the_known_variants(bundle):
    ns = lower(bundle)
    response, request = ns.shape("ToolResponse"), ns.shape("Tool")
    assert isinstance(response, ir.Union_) and response.open and response.tag == "type"
    assert [v.tag_value for v in response.variants] == ["function", "mcp"]
    assert isinstance(request, ir.Union_) and not request.open


def test_published_bundle_accepts_unknown_tags_in_responses_only(bundle):
    entries = [(n, n.lower(), f"#/$defs/{n}") for n in ("Tool", "ToolResponse")]
    module = compile_module(bundle.published(), entries)
    assert module.is_valid("ToolResponse", {"type": "web_search", "x": 1})
    assert not module.is_valid("Tool", {"type": "web_search"})
    assert not module.is_valid("ToolResponse", {"type": "mcp"})  # a known tag is still checked in full
    assert not module.is_valid("ToolResponse", {"type": 5})
