"""A language's package name (`[tool.shapegen.<target>] <key>`) is checked in one place,
`PackageName.problem`: the configuration asks it before anything is generated, and the target
asks it again when it renders from a RenderInput of its own."""

from __future__ import annotations

import pytest

from generator.errors import ShapegenError
from generator.targets import csharp, dart, go
from generator.targets.base import RenderInput


def test_a_good_name_has_no_problem():
    assert csharp.PACKAGE_NAME.problem("Acme.Shop") is None
    assert dart.PACKAGE_NAME.problem("shop_shapes") is None
    assert go.PACKAGE_NAME.problem("example.com/shopshapes") is None


def test_a_name_not_of_the_form_says_what_it_must_be():
    assert dart.PACKAGE_NAME.problem("Shop") == "it is not a pub package name (lower-case letters, digits, '_')"
    assert csharp.PACKAGE_NAME.problem("Acme..Shop") == "it is not a C# namespace name"
    assert go.PACKAGE_NAME.problem("has space") == "it is not a Go module path"


def test_a_keyword_is_no_name():
    assert dart.PACKAGE_NAME.problem("class") is not None
    assert csharp.PACKAGE_NAME.problem("Acme.namespace") is not None


def test_what_a_target_refuses_besides_the_form_is_its_reason():
    assert "lies inside System" in csharp.PACKAGE_NAME.problem("System.Shop")
    assert "'..'" in go.PACKAGE_NAME.problem("example.com/../x")


@pytest.mark.parametrize(
    "render, options",
    [
        (dart.render, {"dart": {"package": "Shop"}}),
        (csharp.render, {"csharp": {"namespace": "System.Shop"}}),
        (go.render, {"go": {"module": "a/../b"}}),
    ],
)
def test_a_target_refuses_what_the_check_refuses(render, options):
    from generator import ir

    with pytest.raises(ShapegenError):
        render(RenderInput(ir.Model(()), {}, options))
