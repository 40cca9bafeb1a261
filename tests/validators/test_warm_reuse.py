"""A warm `generate` reuses a namespace's validators module when nothing the compiler reads has
changed (issue 23 item 4): an edit to prose (a shape's or a property's description, a title, a
`$comment`, examples) takes the module from the render memo, and an edit to anything that
validates (a property *named* description, an enum value, a pattern, a const, even the words of
a const object) compiles it again. Either way the output is byte for byte what a run without
any cache writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from generator.validators.reuse import module_key
from tests.conftest import require_shared
from tests.hostile.project import make, run, snapshot
from tests.validators.test_module_key import reworded

pytestmark = pytest.mark.slow

API = """\
openapi: 3.1.0
info: {title: Notes, version: "1"}
paths:
  /folders:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Folder'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
components:
  schemas:
    Note:
      title: A note
      description: A note someone wrote.
      $comment: the docs quote this shape
      type: object
      required: [kind, text]
      properties:
        kind: {const: note, description: What this is.}
        text:
          type: string
          pattern: '^[a-z ]+$'
          description: The note's text.
          examples: [hello there]
        description: {type: string, maxLength: 80, description: A property named description.}
        mood: {enum: [calm, busy], description: How the writer felt.}
        stamp:
          const: {description: fixed, title: stamp}
          description: A fixed object.
    Folder:
      type: object
      properties:
        notes: {type: array, items: {$ref: '#/components/schemas/Note'}, description: The notes.}
"""
TARGETS = '["validators"]'

# edits the compiler never reads: the module is reused
PROSE = {
    "a shape's description": ("description: A note someone wrote.", "description: A note, as someone wrote it."),
    "a property's description": ("description: The note's text.", "description: What the note says."),
    "a title": ("title: A note", "title: One note"),
    "a $comment": ("$comment: the docs quote this shape", "$comment: nothing quotes this shape"),
    "examples": ("examples: [hello there]", "examples: [hello there, good day]"),
    "the description of an array property": ("description: The notes.}", "description: The folder's notes.}"),
}
# edits that change what validates, the words of some of them those of prose: compiled again
VALIDATING = {
    "the maxLength of a property named description": (
        "description: {type: string, maxLength: 80,",
        "description: {type: string, maxLength: 81,",
    ),
    "an enum value": ("enum: [calm, busy]", "enum: [calm, hurried]"),
    "a pattern": ("pattern: '^[a-z ]+$'", "pattern: '^[a-z .]+$'"),
    "a const": ("const: note,", "const: memo,"),
    "the description inside a const object": (
        "const: {description: fixed, title: stamp}",
        "const: {description: settled, title: stamp}",
    ),
}


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("SHAPEGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("SHAPEGEN_NO_CACHE", raising=False)
    return folder


def without_cache(root: Path, monkeypatch) -> dict[str, bytes]:
    """What `generate` writes for `root`'s inputs in a fresh folder with no cache at all."""
    fresh = root.parent / f"cold-{root.name}"
    make(fresh, api=(root / "schema" / "api.yaml").read_text(), targets=TARGETS)
    with monkeypatch.context() as m:
        m.setenv("SHAPEGEN_NO_CACHE", "1")
        assert run(fresh, "generate").code == 0
    return snapshot(fresh / "generated")


def edited(root: Path, old: str, new: str) -> None:
    api = root / "schema" / "api.yaml"
    text = api.read_text()
    assert text.count(old) == 1, old
    api.write_text(text.replace(old, new))


def module(files: dict[str, bytes]) -> bytes:
    """The one validators module among a run's files (relative to the output folder)."""
    (found,) = [content for path, content in files.items() if path.endswith("/validators.py")]
    return found


def reuse_after(tmp_path: Path, edit: tuple[str, str]) -> tuple[Path, dict[str, int], bytes, bytes]:
    """A cold generate, the edit, then a warm build: (the project, the validators' memo counts,
    the module before the edit, the module the warm build made)."""
    root = make(tmp_path / "p", api=API, targets=TARGETS)
    assert run(root, "generate").code == 0
    before = module(snapshot(root / "generated"))
    edited(root, *edit)
    plan = pipeline.build(load_config(root), cached=True)
    counts = {stage.split()[1]: n for stage, n in plan.stats.items() if stage.endswith(" validators")}
    return root, counts, before, module(plan.files)


@pytest.mark.parametrize("edit", PROSE)
def test_a_prose_edit_reuses_the_module_and_writes_what_a_run_without_cache_writes(
    tmp_path, cache_dir, monkeypatch, edit
):
    root, counts, before, warm = reuse_after(tmp_path, PROSE[edit])
    assert counts == {"reused": 1, "printed": 0}
    cold = without_cache(root, monkeypatch)
    assert warm == module(cold) == before
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == cold


@pytest.mark.parametrize("edit", VALIDATING)
def test_an_edit_to_what_validates_compiles_again_and_writes_what_a_run_without_cache_writes(
    tmp_path, cache_dir, monkeypatch, edit
):
    root, counts, before, warm = reuse_after(tmp_path, VALIDATING[edit])
    assert counts == {"reused": 0, "printed": 1}
    cold = without_cache(root, monkeypatch)
    assert warm == module(cold) != before
    assert run(root, "generate").code == 0
    assert snapshot(root / "generated") == cold


def test_with_the_cache_off_nothing_is_memoised(tmp_path, monkeypatch):
    monkeypatch.setenv("SHAPEGEN_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setenv("SHAPEGEN_NO_CACHE", "1")
    root = make(tmp_path / "p", api=API, targets=TARGETS)
    assert run(root, "generate").code == 0
    edited(root, *PROSE["a shape's description"])
    plan = pipeline.build(load_config(root), cached=True)
    assert not any(stage.endswith(" validators") for stage in plan.stats)
    assert not (tmp_path / "user-cache").exists()


def test_on_the_vendor_spec_every_reference_follows_the_schema_keywords_so_its_prose_is_left_out(tmp_path):
    """What makes a description edit on the vendor's spec a reuse: had any of its `$ref`s named
    something other than a schema object, the whole bundle would be digested, prose and all."""
    shared = require_shared()
    (tmp_path / "schema").mkdir()
    shutil.copy(shared / "specs" / "openai-openapi.yaml", tmp_path / "schema" / "openai-openapi.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.shapegen]\noutput = "generated"\ntargets = ["validators"]\n'
        '[tool.shapegen.namespaces]\nopenai = "schema/openai-openapi.yaml"\n'
    )
    bundle = pipeline.load_checked(load_config(tmp_path)).bundles["openai"].published()
    entries = [(name, f"shape_{i}", f"#/$defs/{name}") for i, name in enumerate(bundle["$defs"])]
    other = reworded(bundle)
    assert other != bundle
    assert module_key(other, entries, "doc", {"format_assertion": False}) == module_key(
        bundle, entries, "doc", {"format_assertion": False}
    )
