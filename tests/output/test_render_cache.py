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


# ---------------------------------------------------------------- fragments (generator.render_memo)

RICH_API = """\
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /orders:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Receipt'}}}
components:
  schemas:
    Order:
      type: object
      description: What a customer asks for.
      required: [item]
      properties:
        item: {type: string, maxLength: 40, description: The article's name.}
        count: {type: integer, minimum: 1}
        status: {$ref: '#/components/schemas/Status'}
    Status:
      type: string
      description: Where an order stands.
      enum: [open, paid]
    Receipt:
      type: object
      description: Proof of an order.
      required: [order]
      properties:
        order: {$ref: '#/components/schemas/Order'}
        note: {type: string, description: Anything the shop adds.}
    Payment:
      oneOf:
        - {$ref: '#/components/schemas/Card'}
        - {$ref: '#/components/schemas/Cash'}
      discriminator: {propertyName: kind}
    Card:
      type: object
      required: [kind, number]
      properties:
        kind: {const: card}
        number: {type: string, description: The card's last four digits.}
    Cash:
      type: object
      required: [kind]
      properties:
        kind: {const: cash}
        change: {type: number}
"""

# each edit applies to the schema as the edits before it left it (the configuration is separate)
FRAGMENT_EDITS = [
    ("a description", lambda api: api.replace("Proof of an order.", "Proof of an order, kept for a year.")),
    (
        "a new property",
        lambda api: api.replace(
            "        count: {type: integer, minimum: 1}\n",
            "        count: {type: integer, minimum: 1}\n        gift: {type: boolean, description: Wrapped.}\n",
        ),
    ),
    ("a renamed shape", lambda api: api.replace("Receipt", "Bill")),
    ("a new enum value", lambda api: api.replace("enum: [open, paid]", "enum: [open, paid, refunded]")),
]


def every_target() -> str:
    from generator.targets import available

    return "[" + ", ".join(f'"{name}"' for name in sorted(available())) + "]"


def no_cache_run(root: Path, monkeypatch, tag: str) -> dict[str, bytes]:
    """What a run without any cache writes for the schema and configuration `root` has now."""
    fresh = root.parent / f"cold-{tag}"
    make(fresh, api=(root / "schema" / "api.yaml").read_text())
    (fresh / "pyproject.toml").write_text((root / "pyproject.toml").read_text())
    with monkeypatch.context() as m:
        m.setenv("SHAPEGEN_NO_CACHE", "1")
        assert run(fresh, "generate").code == 0
    return snapshot(fresh / "generated")


def whole_target_entries_dropped(cache: Path) -> None:
    """Leave only the fragment memos, so that generate renders every target with them."""
    for entry in (cache / "render").glob("*.entry"):
        entry.unlink()


def fragments(plan: pipeline.Plan, how: str) -> int:
    return sum(count for stat, count in plan.stats.items() if stat.startswith(f"fragments {how} "))


def without_cache(root: Path, monkeypatch) -> dict[str, bytes]:
    with monkeypatch.context() as m:
        m.setenv("SHAPEGEN_NO_CACHE", "1")
        return pipeline.build(load_config(root)).files


def test_after_each_edit_and_after_reverting_each_every_target_renders_what_a_run_without_cache_renders(
    tmp_path, cache_dir, monkeypatch
):
    """Edits pile up (a description, a new property, a renamed shape, a new enum value, then a
    configuration change), then are undone one by one. After every step, every target rendered
    with its fragment memo (which prints only the fragments an edit changed and reuses the rest)
    is, file for file, what a run without any cache renders for the same inputs; and generate
    writes that tree."""
    targets = every_target()
    root = make(tmp_path / "p", api=RICH_API, targets=targets)
    api, config = root / "schema" / "api.yaml", root / "pyproject.toml"
    assert run(root, "generate").code == 0
    original = snapshot(root / "generated")
    states = [(api.read_text(), config.read_text())]
    for name, edit in FRAGMENT_EDITS:
        text = edit(states[-1][0])
        assert text != states[-1][0], name
        states.append((text, states[-1][1]))
    states.append((states[-1][0], pyproject(targets, extra='version = "2.3.4"')))
    for step, (text, conf) in enumerate(states[1:] + states[-2::-1], start=1):
        api.write_text(text)
        config.write_text(conf)
        whole_target_entries_dropped(cache_dir)
        plan = plan_of(root)
        assert fragments(plan, "reused") > 0, f"step {step}"  # unchanged fragments are not printed again
        assert plan.files == without_cache(root, monkeypatch), f"step {step}"
    assert (api.read_text(), config.read_text()) == states[0]
    whole_target_entries_dropped(cache_dir)
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == original == no_cache_run(root, monkeypatch, "original")


def memo_path(root: Path, target: str) -> Path:
    config = load_config(root)
    cache = render_cache.RenderCache.open(config, pipeline.load_checked(config))
    assert cache is not None
    return cache._path(cache.memo_name(pipeline._cache_name(pipeline.select([target])[0])), ".memo")


def test_a_planted_fragment_memo_without_the_key_is_never_read(tmp_path, cache_dir):
    """A memo whose every fragment says something else, with a MAC made without the key."""
    import marshal
    import zlib

    from generator.render_memo import Memo

    root = make(tmp_path / "p", api=RICH_API, targets='["csharp"]')
    assert run(root, "generate").code == 0
    honest = snapshot(root / "generated")
    path = memo_path(root, "csharp")
    real = Memo.loads(zlib.decompress(path.read_bytes()[len(render_cache.MAGIC) + 32 :]))
    forged = {key: (flag, PLANTED.decode()) for key, (flag, _) in real.old.items()}
    path.write_bytes(render_cache.MAGIC + os.urandom(32) + zlib.compress(marshal.dumps(forged)))
    whole_target_entries_dropped(cache_dir)
    plan = plan_of(root)
    assert fragments(plan, "reused") == 0
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == honest


def test_check_and_runs_without_the_cache_never_use_a_fragment_memo(tmp_path, cache_dir, monkeypatch):
    root = make(tmp_path / "p", api=RICH_API, targets='["csharp", "rust"]')
    assert run(root, "generate").code == 0
    assert fragments(plan_of(root, cached=False), "reused") == fragments(plan_of(root, cached=False), "printed") == 0
    monkeypatch.setenv("SHAPEGEN_NO_CACHE", "1")
    assert fragments(plan_of(root), "reused") == 0


def test_a_fragment_whose_context_is_not_plain_data_is_printed_every_time(tmp_path):
    """Only plain data (and frozen values) can key a fragment: anything whose behaviour a pickle
    would not capture, such as a function or a mutable object, makes the template render directly."""
    import jinja2

    from generator import render_memo

    class Mutable:
        def __init__(self, word: str) -> None:
            self.word = word

    (tmp_path / "word.j2").write_text("{{ thing.word }}")
    template = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path)).get_template("word.j2")
    memo = render_memo.Memo()
    with render_memo.active(memo):
        assert render_memo.fragment(template, thing=Mutable("one")) == "one"
        assert render_memo.fragment(template, thing=Mutable("two")) == "two"
        assert render_memo.fragment(template, thing={"word": "three"}) == "three"
        assert render_memo.fragment(template, thing={"word": "three"}) == "three"
    assert (memo.misses, memo.hits, len(memo.new)) == (1, 1, 1)


def test_a_pure_call_is_keyed_by_its_arguments_types_as_well_as_their_values():
    from generator import render_memo

    @render_memo.pure
    def spelled(value: object) -> str:
        return repr(value)

    with render_memo.active(render_memo.Memo()):
        assert [spelled(1), spelled(True), spelled(1.0), spelled(1)] == ["1", "True", "1.0", "1"]


def test_a_frozen_value_keys_a_fragment_by_every_field_and_one_holding_more_renders_directly(tmp_path):
    import dataclasses

    import jinja2

    from generator import render_memo

    @dataclasses.dataclass(frozen=True)
    class Where:
        file: str
        pointer: str

    (tmp_path / "where.j2").write_text("{{ at.file }}#{{ at.pointer }}")
    template = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path)).get_template("where.j2")
    memo = render_memo.Memo()
    with render_memo.active(memo):
        assert render_memo.fragment(template, at=Where("a.yaml", "/x")) == "a.yaml#/x"
        assert render_memo.fragment(template, at=Where("a.yaml", "/y")) == "a.yaml#/y"
        assert render_memo.fragment(template, at=Where("a.yaml", "/x")) == "a.yaml#/x"
        assert (memo.misses, memo.hits) == (2, 1)
        cached = Where("b.yaml", "/z")
        object.__setattr__(cached, "seen", "something a field does not say")
        assert render_memo.fragment(template, at=cached) == "b.yaml#/z"
    assert (memo.misses, memo.hits) == (2, 1)
