"""Adding a language is adding files: a throwaway target and driver in a temporary folder are
picked up by the CLI, conformance, the goldens and the naming stage, with nothing else edited."""

from __future__ import annotations

import json
import sys
import textwrap

import pytest

import generator.drivers
import generator.targets
from generator import cli, conformance
from generator.layer import registry
from tests.golden.golden import HERE as GOLDEN, build

TARGET_SOURCE = """
from generator.naming import LanguageRules, Associated, assign, pascal_case, snake_case
from generator.targets.base import RenderInput

RULES = LanguageRules(
    language="toylang",
    type_case=pascal_case,
    field_case=snake_case,
    member_case=snake_case,
    keywords=frozenset({"def"}),
    associated=(Associated("values", "enum", "types", ("{type}Values",)),),
)


class _Toy:
    name = "toylang"
    out_dir = "toylang"
    formatter = "none"

    def owns(self, relpath):
        return relpath.endswith(".toy")

    def render(self, inp: RenderInput):
        out = {}
        for ns in inp.model.namespaces:
            names = assign(ns, RULES)
            out[f"{ns.name}.toy"] = "".join(f"type {names.type(s.name)}\\n" for s in ns.shapes)
        return out


TARGET = _Toy()
"""

DRIVER_SOURCE = """
import json


def run(config, items):
    return [{"ok": True, "json": json.loads(text)} for _, text in items]
"""


@pytest.fixture
def toylang(tmp_path, monkeypatch):
    (tmp_path / "targets").mkdir()
    (tmp_path / "drivers").mkdir()
    (tmp_path / "targets" / "toylang.py").write_text(textwrap.dedent(TARGET_SOURCE))
    (tmp_path / "drivers" / "toylang.py").write_text(textwrap.dedent(DRIVER_SOURCE))
    monkeypatch.setattr(generator.targets, "__path__", [*generator.targets.__path__, str(tmp_path / "targets")])
    monkeypatch.setattr(generator.drivers, "__path__", [*generator.drivers.__path__, str(tmp_path / "drivers")])
    yield tmp_path
    for name in ("generator.targets.toylang", "generator.drivers.toylang"):
        sys.modules.pop(name, None)


def test_registry_finds_the_new_language_with_its_driver(toylang):
    lang = registry.languages()["toylang"]
    assert lang.driver == "toylang" and lang.rules.language == "toylang"
    assert {"python", "typescript", "rust"} <= set(registry.languages())


def test_cli_offers_the_new_language_for_conformance(toylang, tmp_path, capsys, monkeypatch):
    vectors = tmp_path / "v.jsonl"
    vectors.write_text(json.dumps({"shape": "oci:RealtimeSessionToken", "json": {"a": 1}}) + "\n")
    monkeypatch.chdir(GOLDEN.parent.parent)
    assert cli.main(["conformance", "--lang", "toylang", str(vectors)]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "json": {"a": 1}}


def test_conformance_lists_the_new_language(toylang):
    assert "toylang" in conformance.languages()
    from tests.conformance.matrix import languages

    assert "toylang" in languages(configured=["python", "toylang"])


def test_goldens_render_the_new_target(toylang):
    _, plan = build(GOLDEN / "tagged_unions", targets=["jsonschema", "toylang"])
    assert "toylang/tagged_unions.toy" in plan.files
    assert plan.files["toylang/tagged_unions.toy"].startswith(b"type ")


def test_names_of_every_language_include_the_new_one(toylang):
    from generator.config import load_config
    from generator.pipeline import load_model

    model, _ = load_model(load_config(GOLDEN.parent.parent))
    names = registry.names_by_language(model.namespaces[0])
    assert {"python", "typescript", "rust", "toylang"} <= set(names)


def test_an_unknown_language_is_a_usage_error():
    assert cli.main(["conformance", "--lang", "cobol", "x"]) == 2


def test_the_target_chooses_its_formatter_not_the_file_extension():
    from generator.format import format_for
    from generator.targets.base import SimpleTarget

    def render(inp):
        return {}

    plain = SimpleTarget("plain", "plain", render, formatter="none")
    shouting = SimpleTarget("shouting", "shouting", render, formatter=lambda path, text, cache: text.upper())
    legacy = SimpleTarget("legacy", "legacy", render)
    assert format_for(plain, "plain/x.py", "x  =  1") == "x  =  1\n"  # a .py file, yet not black's
    assert format_for(shouting, "shouting/a.txt", "hi\n") == "HI\n"
    assert format_for(legacy, "legacy/x.py", "x  =  1\n") == "x = 1\n"


def test_a_language_names_what_its_generated_code_prints():
    """The registry's names are the decide stage's: Go's too, whose decode functions and variant
    types are named after the naming pass (its refine_decided)."""
    from generator.decide import decide_namespace

    _, plan = build(GOLDEN / "tagged_unions", targets=["jsonschema"])
    ns = plan.model.namespaces[0]
    go = registry.languages()["go"].names(ns)
    assert go == decide_namespace(ns).names("go")
    assert any(key == "decode-fn" for key, _, _ in go.extra)
    assert registry.names_by_language(ns)["go"] == go
