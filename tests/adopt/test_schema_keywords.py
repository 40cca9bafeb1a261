"""A misspelt keyword is a mistake JSON Schema passes over in silence: `requried` leaves every
property optional, `minLenght` drops a limit. shapegen names the file, the line and the keyword
it probably is; under strict it is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adopt.conftest import shop_project
from tests.adopt.test_init_and_config import SHOP, shapegen


def project_with(tmp_path: Path, old: str, new: str) -> Path:
    project = shop_project(tmp_path, SHOP.replace('output = "out"', 'output = "out"\ntargets = ["jsonschema"]'))
    spec = project / "api" / "shop.yaml"
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new))
    return project


@pytest.mark.parametrize(
    "old, new, pointer, likely",
    [
        ("      required: [sku, quantity]", "      requried: [sku, quantity]", "LineItem/requried", "required"),
        (
            "          maxLength: 200",
            "          maxLenght: 200",
            "OrderRequest/properties/note/maxLenght",
            "maxLength",
        ),
        ("          minItems: 1", "          minitems: 1", "OrderRequest/properties/items/minitems", "minItems"),
        (
            "      additionalProperties: false",
            "      additionalProperty: false",
            "OrderRequest/additionalProperty",
            "additionalProperties",
        ),
    ],
)
def test_a_misspelt_keyword_is_a_warning_naming_file_line_and_keyword(
    tmp_path: Path, old: str, new: str, pointer: str, likely: str
) -> None:
    project = project_with(tmp_path, old, new)
    line = (project / "api" / "shop.yaml").read_text().splitlines().index(new) + 1

    result = shapegen("generate", cwd=project)

    assert result.code == 0, result.err
    key = pointer.rsplit("/", 1)[1]
    assert f"warning: api/shop.yaml:{line}:" in result.err
    assert f"(at #/components/schemas/{pointer}): unknown keyword {key!r}; did you mean {likely!r}?" in result.err
    strict = shapegen("generate", "--strict", cwd=project)
    assert strict.code == 2
    assert f"error: api/shop.yaml:{line}:" in strict.err


def test_a_misspelt_shapegen_extension_is_reported_and_other_annotations_are_not(tmp_path: Path) -> None:
    project = project_with(
        tmp_path,
        "        id: {type: string}",
        "        id: {type: string, x-shapegen-secrt: true, x-internal-note: hi, summary: x}",
    )

    result = shapegen("generate", cwd=project)

    assert result.code == 0, result.err
    assert "unknown keyword 'x-shapegen-secrt'; did you mean 'x-shapegen-secret'?" in result.err
    assert "x-internal-note" not in result.err and "summary" not in result.err  # not close to any keyword


def test_the_vendor_spec_misspells_min_items_and_it_is_found() -> None:
    from generator.check import namespace_diagnostics
    from generator.load import load_documents
    from tests.conftest import require_shared

    specs = (require_shared() / "specs").resolve()
    found = namespace_diagnostics(load_documents(specs / "openai-openapi.yaml", specs, referrer="test"))

    misspelt = sorted(d.message for d in found if d.message.startswith("unknown keyword"))
    assert misspelt == [
        "unknown keyword 'max_items'; did you mean 'maxItems'?",
        "unknown keyword 'min_items'; did you mean 'minItems'?",
    ]
