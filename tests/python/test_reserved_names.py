"""Names cannot change meaning: shapes named after what the models use (`WholeNumber`,
`AfterValidator`, `Field`, `NotNull`, ...) leave every check as it was, because the models reach
pydantic, typing and their base only through private qualified imports (`_pd`, `_t`, `_sg`)."""

from __future__ import annotations

import pydantic
import pytest

from tests.python.build import build_package

NAMES = [
    "WholeNumber",
    "AfterValidator",
    "Field",
    "NotNull",
    "Annotated",
    "Optional",
    "Literal",
    "BaseModel",
    "TypeAlias",
]

SCHEMA = """
openapi: 3.1.0
info: {title: Hostile names, version: "1"}
components:
  schemas:
    Order:
      x-shapegen-role: request
      type: object
      required: [count]
      properties:
        count: {type: integer}
        tags: {type: array, items: {type: string}, uniqueItems: true}
        note: {type: string}
        kind: {const: order}
""" + "".join(
    f"""    {name}:
      x-shapegen-role: request
      type: object
      properties:
        value: {{type: string}}
""" for name in NAMES
)


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    return build_package(tmp_path_factory.mktemp("names"), SCHEMA, package="hostile_name_shapes")


def test_every_hostile_name_is_a_model_of_its_own(shapes):
    for name in NAMES:
        cls = getattr(shapes, name)
        assert cls.model_validate_json('{"value":"v"}').value == "v"


def test_a_whole_number_float_still_fills_an_integer(shapes):
    assert shapes.Order.model_validate_json('{"count":600.0}').count == 600


def test_unique_items_is_still_checked(shapes):
    with pytest.raises(pydantic.ValidationError, match="unique"):
        shapes.Order.model_validate_json('{"count":1,"tags":["a","a"]}')


def test_null_for_a_non_nullable_property_is_still_rejected(shapes):
    with pytest.raises(pydantic.ValidationError, match="null is not allowed"):
        shapes.Order.model_validate_json('{"count":1,"note":null}')


def test_a_constant_is_still_a_literal(shapes):
    with pytest.raises(pydantic.ValidationError):
        shapes.Order.model_validate_json('{"count":1,"kind":"other"}')
