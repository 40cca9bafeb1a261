"""Forward-compatible response unions: an unknown tag value is accepted and kept as a catch-all
model that round-trips unchanged; request unions stay closed. The shared layer decides which
unions are open (`ir.Union_.open`); here the IR is edited to say so, as it will for responses."""

from __future__ import annotations

import json

import pydantic
import pytest

from tests.python.build import build_package, open_unions

SCHEMA = """
openapi: 3.1.0
info: {title: Open unions, version: "1"}
components:
  schemas:
    Drawing:
      x-shapegen-role: response
      type: object
      properties:
        shapes: {type: array, items: {$ref: '#/components/schemas/Shape'}}
    Order:
      x-shapegen-role: request
      type: object
      properties:
        shape: {$ref: '#/components/schemas/Shape'}
    Shape:
      oneOf:
        - {$ref: '#/components/schemas/Circle'}
        - {$ref: '#/components/schemas/Square'}
    Circle:
      type: object
      required: [kind, radius]
      properties:
        kind: {const: circle}
        radius: {type: number, minimum: 0}
    Square:
      type: object
      required: [kind]
      properties:
        kind: {const: square}
        side: {type: number}
"""


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    return build_package(tmp_path_factory.mktemp("open"), SCHEMA, package="open_union_shapes", edit=open_unions)


def test_an_unknown_tag_in_a_response_is_accepted_as_the_catch_all(shapes):
    drawing = shapes.Drawing.model_validate_json('{"shapes":[{"kind":"hexagon","sides":6}]}')
    (shape,) = drawing.shapes
    assert type(shape).__name__ == "ShapeResponseUnknown"
    assert shape.kind == "hexagon"


def test_the_catch_all_round_trips_unchanged(shapes):
    text = '{"shapes":[{"kind":"hexagon","sides":6,"style":{"fill":null}},{"kind":"circle","radius":1}]}'
    drawing = shapes.Drawing.model_validate_json(text)
    assert json.loads(drawing.model_dump_json()) == json.loads(text)


def test_a_known_tag_still_picks_its_variant(shapes):
    drawing = shapes.Drawing.model_validate_json('{"shapes":[{"kind":"circle","radius":2}]}')
    assert type(drawing.shapes[0]).__name__ == "CircleResponse"


def test_a_known_tag_with_an_invalid_body_is_still_rejected(shapes):
    with pytest.raises(pydantic.ValidationError):
        shapes.Drawing.model_validate_json('{"shapes":[{"kind":"circle","radius":-1}]}')


@pytest.mark.parametrize("item", ['{"sides":6}', '{"kind":6}', '"circle"'])
def test_a_value_without_a_string_tag_is_rejected(shapes, item):
    with pytest.raises(pydantic.ValidationError):
        shapes.Drawing.model_validate_json('{"shapes":[%s]}' % item)


def test_an_unknown_tag_in_a_request_is_rejected(shapes):
    with pytest.raises(pydantic.ValidationError):
        shapes.Order.model_validate_json('{"shape":{"kind":"hexagon"}}')


def test_the_catch_all_is_exported_and_documented(shapes):
    assert "ShapeResponseUnknown" in shapes.__all__
    assert "kept as it is" in (shapes.ShapeResponseUnknown.__doc__ or "")
