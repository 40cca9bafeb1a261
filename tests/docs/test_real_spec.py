"""The docs of OpenAI's real 3 MB spec (issue 9): about 3,000 pages, every link resolves, every
shape has a page. The spec breaks the JSON Schema 2020-12 meta-schema in a few places, so the
meta-schema check is left out here, as tests/unit/test_real_spec.py does (the end-to-end test of
the spec as shipped is tests/e2e's)."""

from __future__ import annotations

import posixpath
import time
from unittest import mock

import pytest

import generator.normalise as normalise
from generator import ir
from generator.lower import lower
from generator.targets import docs
from generator.targets.base import RenderInput
from tests.conftest import REPO
from tests.docs.markdown import links


@pytest.fixture(scope="module")
def rendered(shared):
    spec = shared / "specs" / "openai-openapi.yaml"
    with mock.patch.object(normalise, "check_document", lambda doc: None):
        bundle = normalise.build_bundle("openai", spec, REPO)
    model = ir.Model((lower(bundle),))
    started = time.process_time()
    files = docs.render(RenderInput(model=model, bundles={}, options={}))
    return model, files, time.process_time() - started


def test_every_link_of_the_real_spec_docs_resolves(rendered):
    _, files, _ = rendered
    count = 0
    for page, text in files.items():
        for target in links(text):
            count += 1
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target.split("#")[0]))
            assert resolved in files, f"{page} links to {target}, which is not a page"
    assert count > 10_000


def test_every_shape_of_the_real_spec_has_a_page(rendered):
    model, files, _ = rendered
    ns = model.namespaces[0]
    assert len(files) == 1 + len(ns.shapes) > 3000


def test_the_real_spec_docs_render_in_seconds(rendered):
    _, _, seconds = rendered
    assert seconds < 10, f"{seconds:.1f} s of CPU"
