"""The render cache (generator/output/render_cache.py): `generate` takes a target's files from an
entry only when every input is the same and the entry verifies, and then writes byte for byte
what a run without the cache writes; nothing a checkout, another user or a restored CI cache can
plant changes what `generate` writes; `check` never reads it (issue 23 item 4, issue 20 item 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from generator.output import render_cache
from tests.hostile.project import SECRET, make, pyproject, run, snapshot

pytestmark = pytest.mark.slow

TARGETS = '["jsonschema", "python", "validators", "docs"]'
NAMES = ("jsonschema", "python", "validators", "docs")
PLANTED = b"# PLANTED_BY_SOMEONE_WITHOUT_THE_KEY\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("SHAPEGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("SHAPEGEN_NO_CACHE", raising=False)
    return folder


def plan_of(root: Path, cached: bool = True) -> pipeline.Plan:
    return pipeline.build(load_config(root), cached=cached)


def from_cache(plan: pipeline.Plan) -> set[str]:
    return {stage.removeprefix("cached ") for stage in plan.timings if stage.startswith("cached ")}


def cold(root: Path, monkeypatch) -> dict[str, bytes]:
    """What a run without any cache writes for the inputs `root` has now."""
    fresh = root.parent / f"cold-{root.name}"
    make(fresh, api=(root / "schema" / "api.yaml").read_text())
    (fresh / "pyproject.toml").write_text((root / "pyproject.toml").read_text())
    with monkeypatch.context() as m:
        m.setenv("SHAPEGEN_NO_CACHE", "1")
        assert run(fresh, "generate").code == 0
    return snapshot(fresh / "generated")


EDITS = {
    "a description": lambda api: api.replace(
        "      required: [item]", "      description: An order.\n      required: [item]"
    ),
    "a new property": lambda api: api.replace(
        "        count: {type: integer, minimum: 1}",
        "        count: {type: integer, minimum: 1}\n        gift: {type: boolean}",
    ),
    "a renamed shape": lambda api: api.replace("Receipt", "Bill"),
}


@pytest.mark.parametrize("edit", [*EDITS, "the configuration"])
def test_after_an_edit_and_after_reverting_it_generate_writes_what_a_cold_run_writes(
    tmp_path, cache_dir, monkeypatch, edit
):
    root = make(tmp_path / "p", targets=TARGETS)
    assert run(root, "generate").code == 0
    before = snapshot(root / "generated")
    api, config = root / "schema" / "api.yaml", root / "pyproject.toml"
    original_api, original_config = api.read_text(), config.read_text()
    if edit in EDITS:
        api.write_text(EDITS[edit](original_api))
    else:
        config.write_text(pyproject(TARGETS, extra='version = "2.3.4"'))
    assert from_cache(plan_of(root)) == set()  # every input changed for every target: all rendered
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == cold(root, monkeypatch) != before

    api.write_text(original_api)
    config.write_text(original_config)
    assert from_cache(plan_of(root)) == set(NAMES)  # the first run's entries
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == before


def test_a_target_added_takes_the_others_from_the_cache(tmp_path, cache_dir, monkeypatch):
    root = make(tmp_path / "p", targets='["jsonschema", "python"]')
    assert run(root, "generate").code == 0
    (root / "pyproject.toml").write_text(pyproject(TARGETS))
    assert from_cache(plan_of(root)) == {"jsonschema", "python"}
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == cold(root, monkeypatch)


def entry_path(root: Path, target: str) -> Path:
    config = load_config(root)
    cache = render_cache.RenderCache.open(config, pipeline.load_checked(config))
    assert cache is not None
    return cache._path(cache.key(pipeline._cache_name(next(t for t in pipeline.select([target])))))


def forged_entry(files: dict[str, bytes]) -> bytes:
    """An entry as someone without the key can make it: right format, a MAC they had to guess."""
    import zlib

    body = zlib.compress(render_cache._pack(files))
    return render_cache.MAGIC + os.urandom(32) + body


def python_models(root: Path) -> tuple[str, bytes]:
    generated = root / "generated"
    path = next(generated.glob("python/*/shop/models.py"))
    return path.relative_to(generated).as_posix(), path.read_bytes()


@pytest.fixture
def generated(tmp_path, cache_dir) -> Path:
    root = make(tmp_path / "p", targets='["jsonschema", "python"]')
    assert run(root, "generate").code == 0
    (root / "generated" / "jsonschema" / "shop.schema.json").unlink()  # so that generate renders again
    return root


def test_a_planted_entry_without_the_key_is_never_read(generated):
    rel, honest = python_models(generated)
    entry = entry_path(generated, "python")
    entry.write_bytes(forged_entry({rel: honest + PLANTED}))
    assert run(generated, "generate").code == 0
    assert python_models(generated)[1] == honest
    assert run(generated, "check").code == 0


def test_an_entry_linked_to_a_secret_is_never_read(generated, tmp_path):
    secret = tmp_path / "environ"
    secret.write_text(f"CI_SECRET_TOKEN={SECRET}\n")
    entry = entry_path(generated, "python")
    entry.unlink()
    entry.symlink_to(secret)
    result = run(generated, "generate")
    assert result.code == 0 and SECRET not in result.out + result.err
    assert all(SECRET.encode() not in p.read_bytes() for p in (generated / "generated").rglob("*") if p.is_file())


def test_a_cache_folder_inside_the_project_is_not_used(tmp_path, monkeypatch):
    """A pull request controls the checkout: a cache (and its key) there could be forged whole."""
    root = make(tmp_path / "p", targets='["jsonschema", "python"]')
    monkeypatch.setenv("SHAPEGEN_CACHE_DIR", str(root / ".cache" / "render"))
    assert run(root, "generate").code == 0
    assert not (root / ".cache" / "render").exists()
    assert from_cache(plan_of(root)) == set()


def test_a_key_that_others_may_read_is_not_used(generated, cache_dir):
    (cache_dir / "key").chmod(0o644)
    assert from_cache(plan_of(generated)) == set()


def test_an_entry_naming_files_outside_its_target_is_refused_even_with_a_valid_mac(generated):
    """Held to what the target may render, as a fresh render is: its own folder, its own files."""
    config = load_config(generated)
    cache = render_cache.RenderCache.open(config, pipeline.load_checked(config))
    assert cache is not None
    rel, honest = python_models(generated)
    cache.store(
        pipeline._cache_name(pipeline.select(["python"])[0]), {rel: honest, "jsonschema/shop.schema.json": b"{}\n"}
    )
    assert "python" not in from_cache(plan_of(generated))
    assert run(generated, "generate").code == 0
    assert run(generated, "check").code == 0


def test_check_never_reads_the_cache(generated):
    """Even an entry with a valid MAC (which only a process of this user could write) does not
    decide check's verdict: check renders afresh."""
    config = load_config(generated)
    cache = render_cache.RenderCache.open(config, pipeline.load_checked(config))
    assert cache is not None
    assert run(generated, "generate").code == 0
    rel, honest = python_models(generated)
    cache.store(pipeline._cache_name(pipeline.select(["python"])[0]), {rel: honest + PLANTED})
    assert "python" in from_cache(plan_of(generated))  # generate would trust it: it holds the key
    assert "python" not in from_cache(plan_of(generated, cached=False))
    assert run(generated, "check").code == 0  # the honest tree is up to date: the entry was not read


def test_a_target_module_from_outside_shapegen_is_part_of_its_key(tmp_path):
    """A target on generator.targets' path from elsewhere (a plugin) is not in shapegen's code
    fingerprint: an edit to its module must still make its entries unusable."""
    import importlib.util

    from generator.targets.base import SimpleTarget

    module = tmp_path / "plugin_target.py"

    def target() -> SimpleTarget:
        spec = importlib.util.spec_from_file_location("plugin_target", module)
        assert spec is not None and spec.loader is not None
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        return SimpleTarget(name="plugin", out_dir="plugin", render_fn=loaded.render)

    module.write_text("def render(inp):\n    return {'a.txt': 'one'}\n")
    before = pipeline._cache_name(target())
    assert pipeline._cache_name(target()) == before
    module.write_text("def render(inp):\n    return {'a.txt': 'two'}\n")
    assert pipeline._cache_name(target()) != before
