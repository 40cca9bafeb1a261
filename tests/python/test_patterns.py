"""The models check `pattern` with ECMA-262's meaning, through the translation the compiled
validators use: `$` never matches before a trailing newline and `\\d` is ASCII digits only."""

from __future__ import annotations

import pydantic
import pytest

from generator.layer.patterns import Pattern
from generator.targets.python import python_pattern
from generator.validators.regex import translate
from tests.python.build import build_package

SCHEMA = r"""
openapi: 3.1.0
info: {title: Patterns, version: "1"}
components:
  schemas:
    Code:
      x-shapegen-role: request
      type: object
      properties:
        digits: {type: string, pattern: '^\d+$'}
        word: {type: string, pattern: 'ab'}
"""


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    return build_package(tmp_path_factory.mktemp("patterns"), SCHEMA, package="pattern_shapes")


def test_models_and_validators_share_one_translation():
    for source in (r"^\d+$", r"^tunnel_[a-z0-9]{32}$", r"\p{Lu}\s."):
        assert python_pattern(source) == Pattern(source).python_re() == translate(source)


def test_dollar_does_not_match_before_a_trailing_newline(shapes):
    with pytest.raises(pydantic.ValidationError):
        shapes.Code.model_validate_json('{"digits":"12\\n"}')


def test_backslash_d_means_ascii_digits(shapes):
    assert shapes.Code.model_validate_json('{"digits":"12"}').digits == "12"
    with pytest.raises(pydantic.ValidationError):
        shapes.Code.model_validate_json('{"digits":"\u0661\u0662"}')


def test_an_unanchored_pattern_matches_anywhere(shapes):
    assert shapes.Code.model_validate_json('{"word":"xxabxx"}').word == "xxabxx"
