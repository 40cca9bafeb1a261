"""The pydantic models are printed in black's layout (generator.pylayout), so `generate` runs no
formatter: black is the oracle here, never a stage. What the target renders is what is committed
(goldens and generated/), black leaves all of it unchanged, and the layout of any statement or
docstring the target can write matches black's."""

from __future__ import annotations

import shutil
import sys

import black
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jinja2.filters import do_indent

from generator import pipeline, pylayout
from generator.config import load_config
from generator.targets.base import RenderInput
from generator.targets.python import TARGET, py_docstring, py_str
from tests.conftest import REPO
from tests.golden.golden import COMMON, COMMON_FILES, cases, config_for

MODE = black.Mode(target_versions={black.TargetVersion.PY311})


def _configs():
    return [("project", load_config(REPO))] + [(case.name, config_for(case)) for case in cases()]


@pytest.fixture(scope="module")
def rendered():
    """Each file of the python target as rendered (no formatter) and where it is committed."""
    pylayout.FALLBACKS.clear()
    out = []
    for name, config in _configs():
        model, bundles = pipeline.load_model(config)
        inp = RenderInput(model=model, bundles={n: b.published() for n, b in bundles.items()}, options=config.options)
        for rel, text in TARGET.render(inp).items():
            committed = config.output / TARGET.out_dir / rel
            if name != "project" and f"{TARGET.out_dir}/{rel}" in COMMON_FILES:
                committed = COMMON / TARGET.out_dir / rel  # pinned once for every case
            out.append((f"{name}:{rel}", text, committed))
    return out


def test_the_python_target_declares_no_formatter():
    assert TARGET.formatter == "none"


def test_the_rendered_files_are_the_committed_ones(rendered):
    for name, text, committed in rendered:
        # a file is written ending in one newline (generator.format), py.typed included
        assert committed.read_text(encoding="utf-8") == (text if text.endswith("\n") else text + "\n"), name


def test_black_leaves_every_rendered_module_unchanged(rendered):
    modules = [(name, text) for name, text, _ in rendered if name.endswith(".py")]
    assert len(modules) > 10
    changed = [name for name, text in modules if black.format_str(text, mode=MODE) != text]
    assert changed == []


def test_every_statement_was_laid_out_without_black(rendered):
    assert pylayout.FALLBACKS == []


def test_generate_keeps_no_formatter_cache_and_a_planted_entry_changes_nothing(tmp_path):
    """The black cache that `generate` once trusted is gone: a fresh project gets no
    `.cache/black`, and entries planted there (as a commit could) do not reach the output."""
    from generator import cli

    project = tmp_path / "p"
    shutil.copytree(REPO / "schema", project / "schema")
    shutil.copy(REPO / "pyproject.toml", project / "pyproject.toml")
    assert cli.main(["--project", str(project), "generate", "--target", "python"]) == 0
    assert not (project / ".cache" / "black").exists()
    planted = project / ".cache" / "black"
    for committed in (REPO / "generated" / "python").rglob("*.py"):
        entry = planted / committed.name
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text("raise SystemExit('from the cache')\n")
    for generated in (project / "generated").rglob("*.py"):
        generated.unlink()
    assert cli.main(["--project", str(project), "generate", "--target", "python"]) == 0
    written = [p for p in (project / "generated" / "python").rglob("*") if p.is_file()]
    assert len(written) == 8
    for path in written:
        rel = path.relative_to(project / "generated")
        assert path.read_bytes() == (REPO / "generated" / rel).read_bytes(), rel


# ---------------------------------------------------------------- any statement the target writes

_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=1, max_size=40).map(
    lambda s: "X" + s
)
_strings = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30).map(py_str)
_atoms = st.one_of(
    _names,
    _names.map(lambda n: "_t." + n),
    _strings,
    st.integers(-(10**12), 10**12).map(str),
    st.just("None"),
    st.just("..."),
)


def _exprs():
    return st.recursive(
        _atoms,
        lambda inner: st.one_of(
            st.tuples(_names.map(lambda n: "_t." + n), st.lists(inner, min_size=1, max_size=5)).map(
                lambda t: f"{t[0]}[{', '.join(t[1])}]"
            ),
            st.tuples(
                st.sampled_from(["_pd.Field", "_sg.open_tag", "_pd.Tag"]),
                st.lists(st.tuples(st.sampled_from(["", "default=", "alias=", "ge="]), inner), max_size=4),
            ).map(lambda t: f"{t[0]}({', '.join(k + v for k, v in t[1])})"),
        ),
        max_leaves=25,
    )


_statements = st.one_of(
    st.tuples(_names, _exprs(), st.none() | _exprs()).map(
        lambda t: (f"{t[0]}: {t[1]}" + (f" = {t[2]}" if t[2] is not None else ""), 1)
    ),
    st.tuples(_names, _exprs()).map(lambda t: (f"{t[0]}: _t.TypeAlias = {t[1]}", 0)),
    st.tuples(_names, st.lists(_strings, min_size=1, max_size=6)).map(
        lambda t: (f"{t[0]}_VALUES: tuple[str, ...] = ({''.join(v + ', ' for v in t[1])})", 0)
    ),
    st.tuples(_names, st.sampled_from(["_sg.ClosedModel", "_sg.OpenModel"])).map(
        lambda t: (f"class {t[0]}({t[1]}):", 0)
    ),
    _names.map(lambda n: (f"{n}.model_rebuild()", 0)),
)


def _black_statement(text: str, depth: int) -> str:
    if text.startswith("class "):
        return black.format_str(f"{text}\n    pass\n", mode=MODE).rsplit("\n", 2)[0]
    if depth:
        laid = black.format_str(f"class C:\n    {text}\n", mode=MODE)
        return laid.split("\n", 1)[1].rstrip("\n")
    return black.format_str(text + "\n", mode=MODE).rstrip("\n")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_statements)
def test_any_statement_is_laid_out_as_black_lays_it_out(case):
    text, depth = case
    pylayout.FALLBACKS.clear()
    assert pylayout.statement(text, depth) == _black_statement(text, depth)
    assert pylayout.FALLBACKS == []


@pytest.mark.parametrize(
    "text, depth",
    [
        # the forms the vendor spec hits: annotations split inside their brackets, a value that
        # moves to its own parentheses, long class headers, enum value tuples
        ("text: _t.Annotated[_t.Optional[MessageDeltaContentTextObjectTextAnnotationsItem], _sg.NotNull] = None", 1),
        (
            "service_account_created: _t.Annotated[_t.Optional[AuditLogServiceAccountCreated], _sg.NotNull]"
            ' = _pd.Field(default=None, validation_alias="service_account.created",'
            ' serialization_alias="service_account.created")',
            1,
        ),
        ("class RealtimeTranscriptionSessionCreateRequestGaAudioInputNoiseReductionX(_sg.ClosedModel):", 0),
        ('PROMPT_CACHE_RETENTION_VALUES: tuple[str, ...] = ("in_memory", "24h", )', 0),
        ('ONE_VALUE_VALUES: tuple[str, ...] = ("only", )', 0),
        ("AVeryLongShapeNameThatGoesOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOnAndOn.model_rebuild()", 0),
    ],
)
def test_statements_from_the_vendor_spec(text, depth):
    assert pylayout.statement(text, depth) == _black_statement(text, depth)


_doc_text = st.lists(
    st.sampled_from(list("ab \t\n\"'\\`#") + ["\u2028", "\x85", "x" * 30, "   ", "\n\n", "é", "中"]),
    min_size=1,
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_doc_text, st.sampled_from([0, 1]))
# found by a run: black splits a docstring's lines on U+2028 too, which moved the closing quotes
@example("a\u2028" + "x" * 90, 0)
def test_docstrings_are_rewritten_as_black_rewrites_them(text, depth):
    literal = py_docstring(text)
    if depth:
        printed = do_indent(literal, 4)
        source = f"class C:\n    {printed}\n\n    x: int\n"
        expected = black.format_str(source, mode=MODE)
        mine = f"class C:\n    {pylayout.docstring(printed, 1)}\n\n    x: int\n"
    else:
        source = f"{literal}\n\nx = 1\n"
        expected = black.format_str(source, mode=MODE)
        mine = f"{pylayout.docstring(literal, 0)}\n\nx = 1\n"
    assert mine == expected


def test_a_statement_outside_the_grammar_still_gets_black_s_layout():
    pylayout.FALLBACKS.clear()
    text = "x = [value for value in range(10) if value not in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)]"
    assert pylayout.statement(text, 0) == _black_statement(text, 0)
    assert pylayout.FALLBACKS == [text]


# The vendor spec's models module is checked against black in tests/realspec/test_realspec.py
# (test_the_python_models_are_left_unchanged_by_black), on the render that session makes anyway.
