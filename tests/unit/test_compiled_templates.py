"""Compiled templates are kept beside shapegen's bytecode (generator.templating._CompiledTemplates):
a run on a new project reads them back instead of compiling every template again, and what a
run prints is exactly what it prints when it compiles them itself."""

from __future__ import annotations

import sys

import jinja2
import pytest

from generator import templating


def environment(folder, cache, **options) -> jinja2.Environment:
    """An environment like a target's (generator.templating.environment) over `folder`."""
    return templating._Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=cache,
        **options,
    )


@pytest.fixture
def folders(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as a user's run has it
    (tmp_path / "templates").mkdir()
    return tmp_path / "templates", tmp_path / "compiled"


def cache_in(folder) -> templating._CompiledTemplates:
    return templating._CompiledTemplates(str(folder), "%s.jinja")


def test_a_template_compiled_once_is_read_back_and_prints_the_same(folders, monkeypatch):
    templates, compiled = folders
    (templates / "shape.j2").write_text("{% for f in fields %}{{ f.name }}: {{ f.type }}\n{% endfor %}")
    fields = [{"name": "id", "type": "int"}, {"name": "items", "type": "list"}]
    first = environment(templates, cache_in(compiled)).get_template("shape.j2").render(fields=fields)
    assert first == "id: int\nitems: list\n"
    assert len(list(compiled.glob("*.jinja"))) == 1

    def compile_again(*args, **kwargs):
        raise AssertionError("a template kept compiled was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", compile_again)
    again = environment(templates, cache_in(compiled)).get_template("shape.j2").render(fields=fields)
    assert again == first


def test_an_edited_template_is_compiled_afresh(folders):
    templates, compiled = folders
    (templates / "t.j2").write_text("Hello {{ name }}\n")
    assert environment(templates, cache_in(compiled)).get_template("t.j2").render(name="x") == "Hello x\n"
    (templates / "t.j2").write_text("Goodbye {{ name }}\n")
    assert environment(templates, cache_in(compiled)).get_template("t.j2").render(name="x") == "Goodbye x\n"


def test_settings_that_change_the_compiled_code_keep_entries_of_their_own(folders):
    templates, compiled = folders
    (templates / "t.j2").write_text("{% if flag %}\n  on\n{% endif %}\n")
    plain = environment(templates, cache_in(compiled)).get_template("t.j2").render(flag=True)
    trimmed = (
        environment(templates, cache_in(compiled), trim_blocks=True, lstrip_blocks=True)
        .get_template("t.j2")
        .render(flag=True)
    )
    assert (plain, trimmed) == ("\n  on\n\n", "  on\n")
    assert environment(templates, cache_in(compiled)).get_template("t.j2").render(flag=True) == plain
    assert len(list(compiled.glob("*.jinja"))) == 2


def test_nothing_is_written_when_python_writes_no_bytecode(folders, monkeypatch):
    templates, compiled = folders
    (templates / "t.j2").write_text("{{ name }}\n")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert environment(templates, cache_in(compiled)).get_template("t.j2").render(name="x") == "x\n"
    assert not compiled.exists()


def test_a_folder_that_cannot_be_written_is_a_cache_that_misses(folders):
    templates, compiled = folders
    compiled.write_text("a file where the folder would be")
    (templates / "t.j2").write_text("{{ name }}\n")
    assert environment(templates, cache_in(compiled)).get_template("t.j2").render(name="x") == "x\n"
    assert environment(templates, cache_in(compiled)).get_template("t.j2").render(name="y") == "y\n"


def test_a_damaged_entry_is_compiled_afresh(folders):
    templates, compiled = folders
    (templates / "t.j2").write_text("{{ name }}!\n")
    environment(templates, cache_in(compiled)).get_template("t.j2")
    [entry] = compiled.glob("*.jinja")
    entry.write_bytes(entry.read_bytes()[:40])
    assert environment(templates, cache_in(compiled)).get_template("t.j2").render(name="x") == "x!\n"
