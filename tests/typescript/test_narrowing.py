"""An open response union narrows by its tag the way a discriminated union does (`if`, `!==`,
`?:`, `switch` with a `never` check), while a variant from a newer service stays representable
(the `else` / `default` branch), under `tsc --strict` with exactOptionalPropertyTypes on and off.
The unknown variant's tag is typed `UnknownTag` (templates/typescript/runtime.ts)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from generator import ir
from generator.errors import ShapegenError
from generator.targets import typescript as ts
from tests.conftest import REPO
from tests.typescript.helpers import FIXTURES, render, typecheck

CASE = REPO / "tests" / "golden" / "open_response_unions" / "schema" / "api.yaml"


@pytest.mark.parametrize("exact", [True, False], ids=["exactOptionalPropertyTypes", "default-optional"])
def test_the_tag_narrows_and_the_unknown_variant_is_what_is_left(tmp_path, toolchain, exact):
    package = render({"open_response_unions": CASE}, tmp_path)
    config = json.loads((package / "tsconfig.json").read_text())
    config["compilerOptions"]["exactOptionalPropertyTypes"] = exact
    (package / "tsconfig.json").write_text(json.dumps(config))
    shutil.copy(FIXTURES / "narrowing.ts", package / "src" / "$narrowing.ts")
    result = typecheck([package])
    assert result.returncode == 0, result.stdout


def test_every_open_union_types_its_unknown_tag_as_the_runtime_declares_it():
    runtime = ts.RUNTIME.read_text(encoding="utf-8")
    declared = re.search(r"declare enum UnknownTag \{\s*Unknown = '([^']*)',\s*\}", runtime)
    assert declared is not None
    assert declared.group(1).encode().decode("unicode_escape") == ts.UNKNOWN_TAG_TEXT
    assert "export type { UnknownTag };" in runtime


def _open_union(tag_value: str) -> ir.Union_:
    variant = ir.Variant(type=ir.Ref("A"), tag_value=tag_value)
    source = ir.Source("api.yaml", "/components/schemas/U")
    return ir.Union_("U", "", (variant,), "type", "response", source, open=True)


def test_the_unknown_variant_is_the_tag_and_the_rest():
    assert ts.unknown_variant(_open_union("a")) == ["type: $rt.UnknownTag", "[property: string]: unknown"]


def test_a_tag_equal_to_the_reserved_text_is_refused():
    with pytest.raises(ShapegenError, match="reserves"):
        ts.unknown_variant(_open_union(ts.UNKNOWN_TAG_TEXT))
