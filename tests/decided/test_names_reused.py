"""Every language's names reused on a warm `generate` (issue 23 item 4): naming reads the model's
structure and never its prose, so after a description edit the names come from the render cache
(`pipeline._names_key`, `Decided.take_names`) and the output is byte for byte what a run without
any cache writes; an edit that naming reads (a rename, a new property, a title that names an
inline shape, an option) names afresh; `check` never reads the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import decide, pipeline
from generator.config import load_config
from tests.hostile.project import make, pyproject, run, snapshot

pytestmark = pytest.mark.slow

TARGETS = '["python", "typescript", "rust", "csharp", "dart", "go", "docs", "validators"]'

API = """\
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths: {}
components:
  schemas:
    Order:
      type: object
      description: What a customer asks for.
      required: [item]
      properties:
        item: {type: string, maxLength: 40, description: The article.}
        count: {type: integer, minimum: 1}
        kind: {type: string, enum: [plain, gift-wrapped]}
        payment:
          oneOf:
            - {title: Card, type: object, required: [number], properties: {number: {type: string}}}
            - {type: string}
    Receipt:
      type: object
      required: [order]
      properties:
        order: {$ref: '#/components/schemas/Order'}
        note: {type: string}
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "user-cache"  # outside the project: the render cache is on
    monkeypatch.setenv("SHAPEGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("SHAPEGEN_NO_CACHE", raising=False)
    return folder


def warm_plan(root: Path) -> pipeline.Plan:
    return pipeline.build(load_config(root), cached=True)


def names_reused(plan: pipeline.Plan) -> bool:
    """Whether the run took every language's names from the cache (it rendered, so it had names)."""
    assert any(stage.startswith("render ") for stage in plan.timings)
    reused = "names reused" in plan.timings
    assert reused != ("naming" in plan.timings)  # either taken from the cache or made, never both
    return reused


def without_cache(root: Path, monkeypatch) -> dict[str, bytes]:
    """What a run without any cache writes for the inputs `root` has now."""
    fresh = root.parent / f"nocache-{root.name}"
    make(fresh, api=(root / "schema" / "api.yaml").read_text())
    (fresh / "pyproject.toml").write_text((root / "pyproject.toml").read_text())
    with monkeypatch.context() as m:
        m.setenv("SHAPEGEN_NO_CACHE", "1")
        assert run(fresh, "generate").code == 0
    return snapshot(fresh / "generated")


def edited(root: Path, old: str, new: str) -> None:
    api = root / "schema" / "api.yaml"
    text = api.read_text()
    assert old in text
    api.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("jobs", ["1", "2"])  # rendered in this process, or in forked workers
def test_a_description_edit_reuses_every_languages_names_and_writes_what_a_run_without_cache_writes(
    tmp_path, cache_dir, monkeypatch, jobs
):
    monkeypatch.setenv("SHAPEGEN_JOBS", jobs)
    root = make(tmp_path / "p", api=API, targets=TARGETS)
    assert not names_reused(warm_plan(root))  # cold: named, and kept
    edited(root, "The article.", "The article, as the catalogue spells it.")
    edited(root, "What a customer asks for.", "What a customer orders.")
    assert names_reused(warm_plan(root))
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == without_cache(root, monkeypatch)


EDITS = {
    "a renamed shape": ("Receipt", "Bill"),
    "a new property": ("        note: {type: string}", "        note: {type: string}\n        gift: {type: boolean}"),
    "a renamed enum value": ("gift-wrapped", "wrapped"),
    "a title that names an inline shape": ("title: Card", "title: Voucher"),
}


@pytest.mark.parametrize("edit", [*EDITS, "the package name", "a target's option"])
def test_an_edit_that_naming_reads_names_afresh_and_writes_what_a_run_without_cache_writes(
    tmp_path, cache_dir, monkeypatch, edit
):
    root = make(tmp_path / "p", api=API, targets=TARGETS)
    assert run(root, "generate").code == 0
    before = snapshot(root / "generated")
    if edit in EDITS:
        edited(root, *EDITS[edit])
    elif edit == "the package name":
        (root / "pyproject.toml").write_text(pyproject(TARGETS, extra='name = "corner-shop"'))
    else:
        (root / "pyproject.toml").write_text(pyproject(TARGETS) + '\n[tool.shapegen.python]\npackage = "shop_models"\n')
    assert not names_reused(warm_plan(root))
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == without_cache(root, monkeypatch) != before
    edited(root, "What a customer asks for.", "What a customer orders.")
    assert names_reused(warm_plan(root))  # the new names were kept


def test_check_never_reads_the_names_a_generate_kept(tmp_path, cache_dir, monkeypatch):
    root = make(tmp_path / "p", api=API, targets=TARGETS)
    assert run(root, "generate").code == 0
    edited(root, "The article.", "The article, as sold.")
    taken: list[bool] = []
    original = decide.Decided.take_names
    monkeypatch.setattr(decide.Decided, "take_names", lambda self, data: taken.append(original(self, data)) or False)
    assert run(root, "check").code == 1  # the edit is not generated yet: out of date
    assert taken == []
    assert not names_reused(pipeline.build(load_config(root)))  # the build `check` makes: never cached


def test_a_naming_error_is_raised_as_without_cache_and_keeps_no_names(tmp_path, cache_dir, monkeypatch):
    root = make(tmp_path / "p", api=API, targets=TARGETS)
    assert run(root, "generate").code == 0
    edited(root, "    Receipt:\n", "    receipt: {type: string}\n    Receipt:\n")  # both are Receipt in most languages
    first = run(root, "generate")
    with monkeypatch.context() as m:
        m.setenv("SHAPEGEN_NO_CACHE", "1")
        assert run(root, "generate").err == first.err
    assert first.code == 2 and "both become 'Receipt'" in first.err, first.err
    kept = sorted(p.name for p in (cache_dir / "render").glob("*.names"))
    assert run(root, "generate").err == first.err  # nothing kept from the failed run is reused
    assert sorted(p.name for p in (cache_dir / "render").glob("*.names")) == kept


def test_names_that_do_not_match_the_model_are_not_taken(tmp_path, cache_dir):
    root = make(tmp_path / "p", api=API, targets=TARGETS)
    loaded = pipeline.load_checked(load_config(root))
    decided = decide.decide(loaded.model)
    decided.name_every_language()
    data = decided.names_data()
    assert data is not None
    assert decide.decide(loaded.model).take_names(data)
    edited(root, "Receipt", "Bill")
    other = decide.decide(pipeline.load_checked(load_config(root)).model)
    assert not other.take_names(data)  # a shape it does not have: nothing is taken
    assert all(not d._names for d in other.namespaces.values())
    assert not other.take_names(data[:-7])
