"""The docs target: every shape has a page reachable from the index, every field of every
top-level shape is named in its table, links resolve, output is deterministic; run on the real
schema (once it exists) and on every golden case."""

from __future__ import annotations

import posixpath
import re

import pytest

from generator import ir
from generator.targets.docs import SECRET_NOTE, language_names, page_file, page_prefix
from tests.docs.markdown import cell_code, links, tables
from tests.docs.render import real_config, render_config
from tests.golden.golden import cases, config_for


def _projects():
    out = [pytest.param(lambda case=case: config_for(case), id=f"golden/{case.name}") for case in cases()]
    out.append(pytest.param(real_config, id="real-schema"))
    return out


@pytest.fixture(scope="module", params=_projects())
def rendered(request):
    config = request.param()
    if config is None:
        pytest.skip("schema/openai/openapi.yaml does not exist yet: the real schema is not written")
    plan, docs = render_config(config)
    return plan.model, docs


def _page(ns: ir.Namespace, shape: ir.Shape) -> str:
    return page_prefix(ns) + page_file(shape.name)


def _fields_table(text: str):
    for t in tables(text):
        if t.header and t.header[0] == "Wire name":
            return t
    return None


def _column(table, title: str) -> int:
    return table.header.index(title)


def test_every_field_of_every_top_level_shape_is_named(rendered):
    model, docs = rendered
    for ns in model.namespaces:
        for shape in ns.top_level:
            page = docs[_page(ns, shape)]
            assert page.startswith(f"# {shape.name}\n")
            if not isinstance(shape, ir.Object):
                continue
            table = _fields_table(page)
            if not shape.fields:
                assert table is None and "No fields." in page
                continue
            assert table is not None, f"{shape.name}: no fields table"
            assert len(table.rows) == len(shape.fields), f"{shape.name}: a field lost or split its row"
            for f, row in zip(shape.fields, table.rows):
                assert len(row) == len(table.header), f"{shape.name}.{f.wire_name}: row has {len(row)} cells"
                assert cell_code(row[0]) == f.wire_name.replace("\n", " ")
                assert row[_column(table, "Required")] == ("yes" if f.required else "no")
                assert row[_column(table, "Nullable")] == ("yes" if f.nullable else "no")


def test_every_shape_has_a_page_reachable_from_the_index(rendered):
    model, docs = rendered
    seen, todo = {"index.md"}, ["index.md"]
    while todo:
        page = todo.pop()
        for target in links(docs[page]):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target.split("#")[0]))
            assert resolved in docs, f"{page} links to {target}, which is not a page"
            if resolved not in seen:
                seen.add(resolved)
                todo.append(resolved)
    expected = {"index.md"} | {_page(ns, s) for ns in model.namespaces for s in ns.shapes}
    assert seen == expected == set(docs)


def test_index_lists_every_namespace_and_shape(rendered):
    model, docs = rendered
    index = docs["index.md"]
    for ns in model.namespaces:
        assert f"\n## {ns.name}\n" in index
        for shape in ns.shapes:
            assert f"[{shape.name}]({_page(ns, shape)})" in index


def test_pages_say_open_or_closed_and_show_a_diagram(rendered):
    model, docs = rendered
    for ns in model.namespaces:
        for shape in ns.shapes:
            page = docs[_page(ns, shape)]
            if isinstance(shape, ir.Object):
                assert ("**Closed object**" if shape.closed else "**Open object**") in page
            if isinstance(shape, ir.Enum):
                assert ("**Open enum**" if shape.open else "**Closed enum**") in page
            if isinstance(shape, ir.Union_):
                assert ("Tagged: " if shape.tag else "Untagged: ") in page
            assert "```mermaid\nflowchart LR\n" in page
            assert len(re.findall(r"^```json$", page, re.M)) == len(shape.examples)
            if shape.notes:
                assert "## Deviation notes" in page


def test_rendering_is_deterministic(rendered, request):
    model, docs = rendered
    config = request.node.callspec.params["rendered"]()
    assert render_config(config)[1] == docs


def test_every_language_names_every_shape_and_field(rendered):
    """A column per registered language (found in the registry, not listed here), holding the
    name that language's package gives the field; the page names the shape in each language."""
    model, docs = rendered
    for ns in model.namespaces:
        languages = language_names(ns)
        assert {"Python", "TypeScript", "Rust"} <= {ln.language for ln in languages}
        for shape in ns.shapes:
            page = docs[_page(ns, shape)]
            line = next(ln for ln in page.split("\n") if ln.startswith("In code: "))
            for ln in languages:
                assert f"{ln.language} `{ln.names.type(shape.name)}`" in line
            if not isinstance(shape, ir.Object) or not shape.fields:
                continue
            table = _fields_table(page)
            assert table.header[1 : 1 + len(languages)] == [ln.language for ln in languages]
            for f, row in zip(shape.fields, table.rows):
                for i, ln in enumerate(languages, start=1):
                    assert cell_code(row[i]) == ln.names.field(shape.name, f.wire_name).replace("\n", " ")


def test_secret_fields_are_marked(rendered):
    model, docs = rendered
    for ns in model.namespaces:
        for shape in ns.shapes:
            if not isinstance(shape, ir.Object) or not shape.fields:
                continue
            table = _fields_table(docs[_page(ns, shape)])
            for f, row in zip(shape.fields, table.rows):
                assert row[_column(table, "Description")].startswith(SECRET_NOTE) is f.secret, f.wire_name


def test_open_unions_are_marked(rendered):
    model, docs = rendered
    for ns in model.namespaces:
        for shape in ns.shapes:
            if isinstance(shape, ir.Union_):
                page = docs[_page(ns, shape)]
                assert ("**Open union** (forward-compatible)" in page) is shape.open
