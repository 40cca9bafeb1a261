"""A default on a referenced enum (`{$ref: '#/components/schemas/Status', default: shipped}`, in
2020-12 a sibling of $ref) is carried by every language and the docs, through the decide stage's
default decision; a default that no language would carry is a warning with its file, line and
pointer (an error under strict), never dropped in silence."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import load_config
from generator.decide import decide
from generator.layer.defaults import Member
from generator.layer.registry import languages
from tests.adopt.conftest import shop_project
from tests.adopt.test_init_and_config import SHOP, shapegen

pytestmark = pytest.mark.slow


def edit(project: Path, *changes: tuple[str, str]) -> None:
    spec = project / "api" / "shop.yaml"
    text = spec.read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    spec.write_text(text)


STATUS = "        status: {$ref: '#/components/schemas/Status'}\n"
NOTE = "          maxLength: 200\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shop with a defaulted enum property in a request (a closed enum) and in a response
    (an open one), every target generated."""
    project = shop_project(tmp_path_factory.mktemp("enum-default") / "shop", SHOP)
    edit(
        project,
        (STATUS, STATUS + "        fallback: {$ref: '#/components/schemas/Status', default: shipped}\n"),
        (NOTE, NOTE + "        priority: {$ref: '#/components/schemas/Priority', default: normal}\n"),
    )
    (project / "api" / "shop.yaml").write_text(
        (project / "api" / "shop.yaml").read_text()
        + "    Priority:\n      type: string\n      enum: [low, normal, high]\n"
    )
    result = shapegen("generate", "--strict", cwd=project)
    assert result.code == 0, result.err
    assert "warning" not in result.err
    return project


CASES = [("OrderRequest", "priority", "Priority", "normal"), ("Receipt", "fallback", "Status", "shipped")]


def decided(project: Path):  # type: ignore[no-untyped-def]
    loaded = pipeline.load_checked(load_config(project))
    (ns,) = loaded.model.namespaces
    return decide(loaded.model).of(ns)


def text_of(folder: Path, suffix: str) -> str:
    return "\n".join(p.read_text() for p in sorted(folder.rglob(f"*{suffix}")))


@pytest.mark.parametrize("shape, wire, enum, value", CASES)
def test_the_decided_model_carries_the_default_as_a_member_of_the_enum(
    generated: Path, shape: str, wire: str, enum: str, value: str
) -> None:
    decision = decided(generated).default(shape, wire)
    assert decision is not None and decision.offered
    assert decision.carrier == Member(enum, value, listed=True)


def carried_in(language: str, out: Path, names, shape: str, wire: str, enum: str, value: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether `language`'s generated code gives `shape.wire`'s default, printed as the decided
    names say (accessor, enum type and member)."""
    field, enum_type, member = names.field(shape, wire), names.type(enum), names.member(enum, value)
    if language == "python":
        program = (
            f"from shop_shapes.shop.models import {names.type(shape)} as T\n"
            "fields = T.model_fields\n"
            f"print(fields[{field!r}].default)\n"
        )
        run = subprocess.run(
            [sys.executable, "-c", program], cwd=out / "python", capture_output=True, text=True, check=True
        )
        return run.stdout.strip() == value
    if language == "typescript":
        defaults = names.associated("defaults", shape)
        block = re.search(rf"export const {defaults}\b[^=]*= \{{(.*?)\n\}};", text_of(out / "typescript", ".ts"), re.S)
        return block is not None and f"{wire}: '{value}'," in block.group(1)
    if language == "rust":
        accessor = names.associated("or_default", shape, wire)
        return (
            re.search(
                rf"pub fn {accessor}\(&self\) -> {enum_type} \{{\s*runtime::or\(&self\.{field}, {enum_type}::{member}\)",
                text_of(out / "rust", ".rs"),
            )
            is not None
        )
    if language == "csharp":
        accessor = names.associated("or_default", shape, wire)
        return (
            re.search(
                rf"public {enum_type} {accessor}\s*\{{\s*get \{{ return {field}\.HasValue \? {field}\.Value : "
                rf"global::[\w.]+\.{enum_type}\.{member}; \}}",
                text_of(out / "csharp", ".cs"),
            )
            is not None
        )
    if language == "dart":
        accessor = names.associated("or-default", shape, wire)
        return f"{enum_type} get {accessor} => {field} ?? {enum_type}.{member};" in text_of(out / "dart", ".dart")
    if language == "go":
        accessor = names.associated("or_default", shape, wire)
        code = text_of(out / "go", ".go")
        found = re.search(
            rf"func \(x {names.type(shape)}\) {accessor}\(\) {enum_type} \{{\n\treturn x\.{field}\.Or\((\w+)\)", code
        )
        return found is not None and re.search(rf"\b{found.group(1)} {enum_type} = \"{value}\"", code) is not None
    raise AssertionError(f"no check for {language}: say how it carries a default")


@pytest.mark.parametrize("shape, wire, enum, value", CASES)
def test_every_language_carries_the_default(generated: Path, shape: str, wire: str, enum: str, value: str) -> None:
    model = decided(generated)
    out = generated / "out"

    carried = {lang: carried_in(lang, out, model.names(lang), shape, wire, enum, value) for lang in languages()}

    assert carried == {lang: True for lang in languages()}
    assert set(carried) == {"csharp", "dart", "go", "python", "rust", "typescript"}


@pytest.mark.parametrize("shape, wire, enum, value", CASES)
def test_the_docs_and_the_bundle_carry_the_default(
    generated: Path, shape: str, wire: str, enum: str, value: str
) -> None:
    page = (generated / "out" / "docs" / "shop" / f"{shape}.md").read_text()
    (row,) = [line for line in page.splitlines() if line.startswith(f"| `{wire}` |")]
    assert f'`"{value}"`' in row and f"[{enum}]({enum}.md)" in row
    bundle = json.loads((generated / "out" / "jsonschema" / "shop.schema.json").read_text())
    assert bundle["$defs"][shape]["properties"][wire]["default"] == value


DROPPED = [
    (
        "        bogus: {$ref: '#/components/schemas/Status', default: 7}\n",
        "/components/schemas/Receipt/properties/bogus/default",
        "the default of property 'bogus' is no value of its type (7 is not a value of Status)",
    ),
    (
        "        history: {type: array, items: {$ref: '#/components/schemas/Status', default: shipped}}\n",
        "/components/schemas/Receipt/properties/history/items/default",
        "a default inside an array's items is carried by no language",
    ),
    (
        "        maybe: {anyOf: [{$ref: '#/components/schemas/Status', default: shipped}, {type: 'null'}]}\n",
        "/components/schemas/Receipt/properties/maybe/anyOf/0/default",
        "a default inside a branch of anyOf is carried by no language",
    ),
    (
        "        later: {$ref: '#/components/schemas/Later'}\n",
        "/components/schemas/Receipt/properties/later",
        "property 'later' refers to Later, whose default 'cancelled' it does not carry",
    ),
]


@pytest.mark.parametrize("added, pointer, message", DROPPED)
def test_a_default_no_language_would_carry_is_a_warning_with_file_line_and_pointer(
    tmp_path: Path, added: str, pointer: str, message: str
) -> None:
    project = shop_project(tmp_path / "shop", SHOP.replace('output = "out"', 'output = "out"\ntargets = ["python"]'))
    edit(
        project,
        (STATUS, STATUS + added),
        (
            "    Status:\n",
            "    Later:\n      $ref: '#/components/schemas/Status'\n      default: cancelled\n    Status:\n",
        ),
    )
    line = (project / "api" / "shop.yaml").read_text().splitlines().index(added.rstrip("\n")) + 1

    result = shapegen("generate", cwd=project)
    strict = shapegen("generate", "--strict", cwd=project)

    assert result.code == 0, result.err
    assert re.search(
        rf"warning: api/shop\.yaml:{line}:\d+ \(at #{re.escape(pointer)}\): {re.escape(message)}", result.err
    )
    assert "\n  repair: " in result.err[result.err.index(message) :]
    assert strict.code == 2 and f"error: api/shop.yaml:{line}:" in strict.err
