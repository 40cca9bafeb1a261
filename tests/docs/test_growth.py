"""The docs grow linearly with the schema: a page links to the shapes it refers to and never
expands them, so in a chain of nested shapes every page stays the size of its own shape."""

from __future__ import annotations

import re

import pytest

from tests.docs.markdown import links
from tests.docs.render import render_schema

_REF = "#/components/schemas/"


def _union_chain(n: int) -> dict:
    schemas: dict = {}
    for i in range(n):
        schemas[f"U{i}"] = {"oneOf": [{"$ref": f"{_REF}O{i}"}] + ([{"$ref": f"{_REF}U{i + 1}"}] if i + 1 < n else [])}
        schemas[f"O{i}"] = {
            "type": "object",
            "required": [f"f{i}"],
            "additionalProperties": False,
            "properties": {f"f{i}": {"type": "string"}},
        }
    return schemas


def _object_chain(n: int) -> dict:
    schemas: dict = {}
    for i in range(n):
        properties: dict = {f"f{i}": {"type": "string"}}
        if i + 1 < n:
            properties["next"] = {"$ref": f"{_REF}U{i + 1}"}
        schemas[f"U{i}"] = {"type": "object", "required": [f"f{i}"], "properties": properties}
    return schemas


def _docs(tmp_path, schemas: dict, n: int) -> dict[str, str]:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "chain", "version": "1"},
        "paths": {
            "/head": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": f"{_REF}U0"}}}},
                    "responses": {"204": {"description": "none"}},
                }
            }
        },
        "components": {"schemas": schemas},
    }
    _, docs = render_schema(tmp_path / str(n), document, "chain")
    return docs


def _digits(text: str) -> str:
    """The page with every number written as one digit, so that pages of links U7 and U107 compare."""
    return re.sub(r"[0-9]+", "0", text)


@pytest.mark.parametrize("chain", [_union_chain, _object_chain], ids=["union chain", "object chain"])
def test_a_page_of_a_chain_links_to_the_next_link_and_does_not_expand_the_rest(tmp_path, chain):
    short, long = _docs(tmp_path, chain(10), 10), _docs(tmp_path, chain(120), 120)
    # the head's page and a page in the middle: the same page, whatever the chain's length
    for name in ("U0", "U5"):
        page = long[f"chain/{name}.md"]
        assert _digits(page) == _digits(short[f"chain/{name}.md"]), name
        assert "U119" not in page and "O119" not in page, f"{name}'s page expands the chain down to its end"
    middle = long["chain/U5.md"]
    assert "U6.md" in links(middle), "a link's page links to the next link"
    assert "U4.md" in links(middle), "and to the link that uses it"
    # so the docs as a whole grow with the chain's length, not its square
    size = lambda docs: sum(len(text) for text in docs.values())  # noqa: E731
    assert size(long) < 14 * size(short)
