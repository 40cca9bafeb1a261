"""A warm run reuses what it printed for each shape (`generator.render_memo.unit`): C#'s class
files, the docs' pages and each shape of a Dart library and of TypeScript's types.ts and parse.ts
whole, plan and print; the text of each shape in a Go package and a Rust module (their plans are
made again). After an edit, a shape is made again only when the edit reaches it, and the output
is, file for file, what a run without any cache renders (issue 23 item 4)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from tests.hostile.project import make

pytestmark = pytest.mark.slow

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
        item: {type: string, maxLength: 40, description: The article's name.}
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
      description: How an order is paid.
    Card:
      type: object
      required: [kind]
      properties:
        kind: {const: card}
        number: {type: string, description: The card's last four digits., x-shapegen-secret: true}
    Cash:
      type: object
      required: [kind]
      properties:
        kind: {const: cash}
"""

SHAPES = ["Order", "Status", "Receipt", "Payment", "Card", "Cash"]
TARGETS = '["csharp", "docs", "dart", "go", "rust", "typescript"]'

# (edit, the files of each target that print what it changes: made again; every other file is reused)
EDITS = [
    (
        "a shape's description",
        lambda api: api.replace("What a customer asks for.", "What a customer orders."),
        # docs: Order's page, Receipt's, whose "Uses" table quotes Order's description, and the index
        {"csharp": 1, "docs": 3, "dart": 1, "go": 1, "rust": 1, "typescript": 1},
    ),
    (
        "a field's description",
        lambda api: api.replace("The card's last four digits.", "The last four digits."),
        {"csharp": 1, "docs": 1, "dart": 1, "go": 1, "rust": 1, "typescript": 1},
    ),
    (
        "a union's description",
        lambda api: api.replace("How an order is paid.", "How a customer pays."),
        {"csharp": 1, "docs": 2, "dart": 1, "go": 1, "rust": 1, "typescript": 1},
    ),
    (
        "an enum's description, quoted where it is used",
        lambda api: api.replace("Where an order stands.", "Where an order is."),
        # docs: Status's page, Order's (its "Uses" table) and the index
        {"csharp": 1, "docs": 3, "dart": 1, "go": 1, "rust": 1, "typescript": 1},
    ),
]


def built(root: Path) -> tuple[dict[str, bytes], dict[str, int]]:
    plan = pipeline.build(load_config(root), cached=True)
    return plan.files, plan.stats


def without_cache(root: Path, monkeypatch) -> dict[str, bytes]:
    with monkeypatch.context() as m:
        m.setenv("SHAPEGEN_NO_CACHE", "1")
        return pipeline.build(load_config(root)).files


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("SHAPEGEN_CACHE_DIR", str(folder))
    monkeypatch.delenv("SHAPEGEN_NO_CACHE", raising=False)
    return folder


@pytest.mark.parametrize("edit, change, remade", EDITS, ids=[e[0] for e in EDITS])
def test_a_prose_edit_makes_again_only_the_files_that_print_it(tmp_path, cache_dir, monkeypatch, edit, change, remade):
    root = make(tmp_path / "p", api=API, targets=TARGETS)
    built(root)  # the memo of every file
    api = root / "schema" / "api.yaml"
    api.write_text(change(api.read_text()))
    for entry in (cache_dir / "render").glob("*.entry"):  # not the whole target from the cache: its memo
        entry.unlink()
    files, stats = built(root)
    assert files == without_cache(root, monkeypatch)
    for target, count in remade.items():
        assert stats[f"fragments printed {target}"] == count, target
        assert stats[f"fragments reused {target}"] > 0, target


@pytest.mark.parametrize(
    "edit",
    [
        lambda api: api.replace("maxLength: 40", "maxLength: 41"),
        lambda api: api.replace("enum: [open, paid]", "enum: [open, paid, refunded]"),
        lambda api: api.replace("Receipt", "Bill"),
    ],
    ids=["a constraint", "an enum value", "a renamed shape"],
)
def test_any_other_edit_makes_every_file_again(tmp_path, cache_dir, monkeypatch, edit):
    """A shape's file also prints what other shapes are (their names, kinds, how they are read):
    an edit to anything but prose makes every file again, as a cold run would."""
    root = make(tmp_path / "p", api=API, targets=TARGETS)
    built(root)
    api = root / "schema" / "api.yaml"
    api.write_text(edit(api.read_text()))
    for entry in (cache_dir / "render").glob("*.entry"):
        entry.unlink()
    files, stats = built(root)
    assert files == without_cache(root, monkeypatch)
    assert all(
        stats[f"fragments reused {target}"] == 0 for target in ("csharp", "docs", "dart", "go", "rust", "typescript")
    )


# (edit, the shapes whose Dart and TypeScript plans a warm run makes again: those that print what it changes)
PLANS = [
    (
        "a shape's description",
        lambda api: api.replace("What a customer asks for.", "What a customer orders."),
        {"Order"},
    ),
    ("a field's description", lambda api: api.replace("The card's last four digits.", "The last four."), {"Card"}),
    ("a union's description", lambda api: api.replace("How an order is paid.", "How a customer pays."), {"Payment"}),
    ("an enum's description", lambda api: api.replace("Where an order stands.", "Where an order is."), {"Status"}),
    ("a constraint", lambda api: api.replace("maxLength: 40", "maxLength: 41"), SHAPES),
]
# the functions that make a shape's plan, one call per shape planned
PLANNERS = {"dart": ("_object", "_union", "_enum", "_alias"), "typescript": ("_plan",)}


def planned(monkeypatch, target: str) -> list[str]:
    """The shapes whose plan `target` makes from now on, in the order they are made (the render
    runs in this process: SHAPEGEN_JOBS=1)."""
    module = importlib.import_module(f"generator.targets.{target}")
    made: list[str] = []
    monkeypatch.setenv("SHAPEGEN_JOBS", "1")
    for name in PLANNERS[target]:
        plan = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda ns, shape, *rest, plan=plan: made.append(shape.name) or plan(ns, shape, *rest)
        )
    return made


@pytest.mark.parametrize("target", PLANNERS)
@pytest.mark.parametrize("edit, change, remade", PLANS, ids=[e[0] for e in PLANS])
def test_a_warm_render_plans_only_the_shapes_an_edit_reaches(
    tmp_path, cache_dir, monkeypatch, edit, change, remade, target
):
    """A Dart or TypeScript shape is reused whole, plan and print: after a prose edit only the
    shapes that print it are planned again (what a plan reads from other shapes, which Dart aliases
    have a check, the classes of a union's variants, the names of TypeScript's hoisted checks, does
    not depend on which plans are made); after any other edit every shape is, once. Either way the
    files are those of a run without cache."""
    root = make(tmp_path / "p", api=API, targets=f'["{target}"]')
    made = planned(monkeypatch, target)
    built(root)
    assert sorted(made) == sorted(SHAPES)  # a cold run plans each shape once
    api = root / "schema" / "api.yaml"
    api.write_text(change(api.read_text()))
    for entry in (cache_dir / "render").glob("*.entry"):
        entry.unlink()
    made.clear()
    files, stats = built(root)
    assert sorted(made) == sorted(remade)
    # typescript: the tables its files read from every plan are a unit of their own, reused unless
    # the structure changed
    whole = remade == SHAPES and target == "typescript"
    assert stats[f"fragments printed {target}"] == len(remade) + whole
    assert stats[f"fragments reused {target}"] == len(SHAPES) - len(remade) + (target == "typescript" and not whole)
    made.clear()
    assert files == without_cache(root, monkeypatch)
    assert sorted(made) == sorted(SHAPES)
