"""A Dart library is its shapes' texts in library.dart.j2, tidied (`dart._tidy`: at most one blank
line in a row, empty bodies as `{}`). A warm run tidies each shape's text once, with the shape
(`dart._tidy_core`), and joins the tidy texts (`dart._library`) instead of tidying the whole
library again: the result is the same, byte for byte, for any texts, including white space and
braces at their edges."""

from __future__ import annotations

import random

import pytest

from generator.code import Code, verbatim
from generator.targets import dart

SHOWN = [verbatim("JsonValue"), verbatim("ValidationError")]
# what shape texts are made of, edges included: line breaks, spaces, tabs, braces, code
PIECES = ["\n", "\n", "\n\n", " ", "  ", "\t", "{", "}", "{\n}", "{\n  \n}", "a", "x;", "/// doc", "}\n"]


def whole(texts: list[str]) -> str:
    """The library as a cold run tidies it: the template's text, tidied as a whole."""
    template = dart.code_env().get_template("library.dart.j2")
    return dart._tidy(template.render(shapes=[Code(t) for t in texts], runtime_shown=SHOWN))


def joined(texts: list[str]) -> str:
    """The library from each text tidied on its own (what a shape's unit holds), joined."""
    return dart._library(dart.code_env(), [dart._tidy_core(t) or (Code(t), "") for t in texts], SHOWN)


def text(rng: random.Random, edged: bool) -> str:
    body = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 12)))
    if edged:  # line breaks, then code, then line breaks: a shape as its macro prints it
        return "\n" * rng.randrange(0, 4) + "c" + body + "c" + "\n" * rng.randrange(0, 4)
    return body


@pytest.mark.parametrize("seed", range(8))
def test_tidying_each_shape_and_joining_them_is_tidying_the_library(seed):
    rng = random.Random(seed)
    for _ in range(400):
        texts = [text(rng, edged=rng.random() < 0.8) for _ in range(rng.randrange(0, 6))]
        assert joined(texts) == whole(texts), texts


def test_the_shapes_of_a_library_are_joined_without_tidying_it_again():
    # every text a core: the fast path is taken (each is a core; the result is still the whole's)
    texts = ["\nclass A {\n\n\n  x;\n}\n", "\n\n\ntypedef B = int;\n", "enum C { a }"]
    assert all(dart._tidy_core(t) for t in texts)
    assert joined(texts) == whole(texts)
    assert joined(texts).endswith("class A {\n\n  x;\n}\n\ntypedef B = int;\n\nenum C { a }\n")
