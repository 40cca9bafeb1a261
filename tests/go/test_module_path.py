"""The module path comes from `[tool.shapegen.go] module`, with a neutral default; it is the
go.mod's module line and the prefix of every import of the runtime. A path Go cannot take is a
user error naming the option."""

from __future__ import annotations

import pytest

from generator.errors import ShapegenError
from generator.targets import go as target
from generator.targets.base import RenderInput
from tests.golden.golden import build, cases


@pytest.fixture(scope="module")
def model():
    case = next(c for c in cases() if c.name == "tagged_unions")
    _, plan = build(case, targets=[])
    return plan.model


def test_the_default_module_path_names_no_one(model):
    files = target.render(RenderInput(model, {}, {}))
    assert files["go.mod"].startswith("module example.com/realtimeshapes\n")


def test_the_configured_module_path_is_the_module_and_its_imports(model):
    files = target.render(RenderInput(model, {}, {"go": {"module": "github.com/acme/voice-shapes"}}))
    assert files["go.mod"].startswith("module github.com/acme/voice-shapes\n")
    (package,) = [text for path, text in files.items() if path.endswith(".go") and not path.startswith("wire/")]
    assert '\t"github.com/acme/voice-shapes/wire"\n' in package


@pytest.mark.parametrize("bad", ["", "has space/x", "../escape", "a//b", 'quote"d'])
def test_a_path_go_cannot_take_is_refused(model, bad):
    with pytest.raises(ShapegenError, match=r"\[tool.shapegen.go\] module"):
        target.render(RenderInput(model, {}, {"go": {"module": bad}}))
