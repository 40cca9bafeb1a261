"""The strings written into package manifests (Cargo.toml, pubspec.yaml, package.json) are read
back by the format's own parser as exactly the text. JSON's escaper is not TOML's (it writes a
character past U+FFFF as a surrogate pair of `\\u` escapes, which TOML rejects) nor YAML's (raw DEL
and C1 controls are not YAML)."""

from __future__ import annotations

import json
import tomllib

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from generator.targets.dart import yaml_str
from generator.targets.rust import _toml_str
from generator.targets.typescript import json_str

pytestmark = pytest.mark.fast

# what a path or version may hold on a user's machine; lone surrogates never reach a manifest
TEXT = st.text(st.characters(codec="utf-8"))


def toml_value(text: str) -> str:
    return tomllib.loads(f"x = {_toml_str(text)}\n")["x"]


def yaml_value(text: str) -> str:
    return yaml.safe_load(f"x: {yaml_str(text)}\n")["x"]


@pytest.mark.parametrize("text", ["\U0001f600 /home/dév", "\x7f", "\x000", 'a"b\\c\nd\te\rf\bg\fh', ""])
def test_a_toml_basic_string_reads_back_as_the_text(text):
    assert toml_value(text) == text


def test_a_character_past_the_bmp_is_not_a_surrogate_pair_in_toml():
    assert _toml_str("\U0001f600") == '"\U0001f600"'


@pytest.mark.parametrize("text", ["\x7f", "a\x85b", "\x9f", "\u2028\u2029", "\ufeff", "\x000", "1.0.0+é"])
def test_a_yaml_double_quoted_scalar_reads_back_as_the_text(text):
    assert yaml_value(text) == text


@given(TEXT)
@example("\U0001f600")
@example("\x7f")
def test_any_text_survives_as_a_toml_string(text):
    assert toml_value(text) == text


@given(TEXT)
@example("\x85")
@example("\x7f")
@example("\x000")
def test_any_text_survives_as_a_yaml_string(text):
    assert yaml_value(text) == text


@given(TEXT)
def test_any_text_survives_as_a_json_string(text):
    assert json.loads(json_str(text)) == text
