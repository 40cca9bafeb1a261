"""A language is its target module and nothing else: a throwaway target in a temporary folder,
with its naming rules (`RULES`), its source traits (`SOURCE_TRAITS`) and its package-name key
(`PACKAGE_NAME`), is picked up by the decide stage, `shapegen breaking`, the docs and a
project's configuration (which checks and derives its key), with no file of shapegen touched."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

import generator.targets
from generator import pipeline
from generator.config import load_config
from tests.breaking.project import findings_between, source
from tests.golden.golden import HERE as GOLDEN

TARGET_SOURCE = """
from generator.naming import LanguageRules, pascal_case, snake_case
from generator.targets.base import PackageName, RenderInput, SourceTraits

RULES = LanguageRules(
    language="Toytongue",
    type_case=lambda name: "T" + pascal_case(name),
    field_case=snake_case,
    member_case=snake_case,
    keywords=frozenset({"def"}),
)

# a match over an enum must name every value, and variants are printed by name
SOURCE_TRAITS = SourceTraits(exhaustive_closed_enums=True, named_variants=True)

# [tool.shapegen.toytongue] module: dotted lower-case words, not a keyword; from `name` by default
PACKAGE_NAME = PackageName(
    key="module",
    pattern=r"[a-z]+(?:\\.[a-z]+)*",
    what="a Toytongue module path (lower-case words joined by '.')",
    example="shop.things",
    derive=lambda name: name.snake.replace("_", "."),
    keywords=frozenset({"def"}),
)


class _Toy:
    name = "toytongue"
    out_dir = "toytongue"
    formatter = "none"

    def owns(self, relpath):
        return relpath.endswith(".toy")

    def render(self, inp: RenderInput):
        greeting = inp.target_options("toytongue").get("greeting", "type")
        out = {"package.toy": "module " + inp.target_options("toytongue")["module"] + "\\n"}
        for ns in inp.model.namespaces:
            names = inp.decisions(ns).names_with(RULES)
            out[f"{ns.name}.toy"] = "".join(f"{greeting} {names.type(s.name)}\\n" for s in ns.shapes)
        return out


TARGET = _Toy()
"""


@pytest.fixture
def toytongue(tmp_path, monkeypatch):
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "toytongue.py").write_text(textwrap.dedent(TARGET_SOURCE))
    monkeypatch.setattr(generator.targets, "__path__", [*generator.targets.__path__, str(tmp_path / "targets")])
    yield tmp_path
    sys.modules.pop("generator.targets.toytongue", None)


def test_breaking_reports_what_breaks_the_new_language_s_source(toytongue, tmp_path: Path) -> None:
    enum = {"type": "string", "enum": ["a", "b"]}
    before = {"Thing": {"type": "object", "properties": {"m": {"$ref": "#/components/schemas/Mode"}}}, "Mode": enum}
    after = {**before, "Mode": {"type": "string", "enum": ["a", "b", "c"]}}
    found = findings_between(tmp_path / "p", before, after, {"Thing": "request"})
    assert ("enum-member-added", "source:toytongue") in source(found)
    message = next(f.message for f in found if f.category == "source:toytongue")
    assert message.startswith("TMode has a new value 'c'")  # the language's own type name


def test_the_docs_name_every_shape_in_the_new_language(toytongue) -> None:
    from tests.golden.golden import build

    _, plan = build(GOLDEN / "tagged_unions", targets=["docs"])
    page = next(text.decode() for path, text in plan.files.items() if path.endswith("/Envelope.md"))
    assert "Toytongue" in page and "TEnvelope" in page


def test_a_project_configures_and_generates_the_new_language(toytongue, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "schema").mkdir(parents=True)
    (project / "schema" / "api.yaml").write_text((GOLDEN / "tagged_unions" / "schema" / "api.yaml").read_text())
    (project / "pyproject.toml").write_text(textwrap.dedent("""
        [tool.shapegen]
        output = "generated"
        targets = ["toytongue"]
        [tool.shapegen.namespaces]
        shop = "schema/api.yaml"
        [tool.shapegen.toytongue]
        greeting = "kind"
    """))
    config = load_config(project)
    plan = pipeline.build(config)
    assert plan.files["toytongue/shop.toy"].decode().startswith("kind T")


def toy_project(tmp_path: Path, table: str) -> Path:
    project = tmp_path / "project"
    (project / "schema").mkdir(parents=True)
    (project / "schema" / "api.yaml").write_text((GOLDEN / "tagged_unions" / "schema" / "api.yaml").read_text())
    (project / "pyproject.toml").write_text(
        '[tool.shapegen]\ntargets = ["toytongue"]\n'
        + table
        + '\n[tool.shapegen.namespaces]\nshop = "schema/api.yaml"\n'
    )
    return project


def test_the_configuration_derives_the_new_language_s_package_name_from_name(toytongue, tmp_path: Path) -> None:
    project = toy_project(tmp_path, 'name = "shop-things"\n')

    config = load_config(project)

    assert config.options["toytongue"]["module"] == "shop.things"
    assert config.options["python"]["package"] == "shop_things"  # beside the languages shipped
    assert pipeline.build(config).files["toytongue/package.toy"] == b"module shop.things\n"
    from generator.config import config_schema

    assert config_schema()["properties"]["toytongue"]["properties"]["module"]["pattern"] == r"^[a-z]+(?:\.[a-z]+)*$"


@pytest.mark.parametrize(
    "table, message, line",
    [
        (
            '[tool.shapegen.toytongue]\nmodule = "Shop-Things"\n',
            "module 'Shop-Things' is not a Toytongue module path (lower-case words joined by '.')",
            4,
        ),
        ('[tool.shapegen.toytongue]\nmodule = "def"\n', "module 'def' is not a Toytongue module path", 4),
        ('name = "def"\n', "the toytongue module the name 'def' gives, 'def', is not a Toytongue module path", 3),
    ],
)
def test_the_configuration_refuses_a_package_name_the_new_language_refuses_with_its_line(
    toytongue, tmp_path: Path, table: str, message: str, line: int
) -> None:
    from generator.errors import ShapegenError

    project = toy_project(tmp_path, table)

    with pytest.raises(ShapegenError) as refused:
        load_config(project)

    (problem,) = [d for d in refused.value.diagnostics if "toytongue" in d.message or "Toytongue" in d.message]
    assert message in problem.message
    assert problem.where.startswith(f"{project / 'pyproject.toml'}:{line} ")
