"""Scale and robustness: OpenAI's real 3 MB OpenAPI 3.1 spec (1,422 component schemas)."""

from __future__ import annotations

from unittest import mock

import pytest

import generator.normalise as normalise
from generator.errors import ShapegenError
from generator.lower import lower
from generator.targets.python import render_namespace
from tests.conftest import REPO


@pytest.fixture(scope="module")
def spec(shared):
    return shared / "specs" / "openai-openapi.yaml"


def test_every_schema_of_the_real_spec_lowers_and_renders(spec):
    # the spec breaks the JSON Schema 2020-12 meta-schema in a few places (see the next test);
    # here the checks are skipped to exercise bundling, lowering and rendering on every schema
    with mock.patch.object(normalise, "check_document", lambda doc: None):
        bundle = normalise.build_bundle("openai", spec, REPO)
    namespace = lower(bundle)
    assert len(bundle.defs) >= 1422
    assert len(namespace.top_level) > 100
    files = render_namespace(namespace, "realtime_shapes")
    compile(files["openai/models.py"], "models.py", "exec")


def test_the_real_spec_is_reported_where_it_breaks_json_schema_2020_12(spec):
    with pytest.raises(ShapegenError) as err:
        normalise.build_bundle("openai", spec, REPO)
    assert "openai-openapi.yaml:" in err.value.where
    assert "#/components/schemas/" in err.value.where
