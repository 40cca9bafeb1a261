"""The validators modules are emitted in black's layout, so the pipeline need not run black on
them: the target's own output (before any formatter) is what is committed in the goldens and
generated/, and black leaves it, and modules compiled from the JSON-Schema-Test-Suite's schemas,
exactly as they are."""

from __future__ import annotations

import json
import warnings

import black
import pytest

from generator.validators import compile_source
from generator.validators.layout import fit
from generator.validators.literals import literal
from generator import pipeline
from generator.config import load_config
from generator.targets.base import RenderInput
from generator.targets.validators import TARGET
from tests.conftest import REPO
from tests.golden.golden import cases, config_for
from tests.validators import suite

MODE = black.Mode(target_versions={black.TargetVersion.PY311})


def _configs():
    return [("project", load_config(REPO))] + [(case.name, config_for(case)) for case in cases()]


@pytest.fixture(scope="module")
def rendered():
    """Each validators module as the target renders it (before any formatter) and as committed."""
    out = []
    for name, config in _configs():
        model, bundles = pipeline.load_model(config)
        inp = RenderInput(model=model, bundles={n: b.published() for n, b in bundles.items()}, options=config.options)
        for rel, text in TARGET.render(inp).items():
            out.append((f"{name}:{rel}", text, config.output / TARGET.out_dir / rel))
    return out


def test_the_rendered_modules_are_the_committed_ones(rendered):
    for name, text, committed in rendered:
        assert committed.read_text(encoding="utf-8") == text, name


def test_black_leaves_every_rendered_module_unchanged(rendered):
    changed = [name for name, text, _ in rendered if black.format_str(text, mode=MODE) != text]
    assert changed == []


def test_black_leaves_modules_compiled_from_the_test_suite_unchanged():
    if not suite.TESTS.is_dir():
        from tests.conftest import require_shared

        require_shared()
    changed = []
    for path in suite.files("required")[::4]:  # a quarter of the files: every keyword family, fast
        for g, group in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    source = compile_source(group["schema"], [("Root", "root", "#")], retrieve=suite.retrieve)
            except Exception:
                continue  # listed in suite_expectations.json
            if black.format_str(source, mode=MODE) != source:
                changed.append(f"{path.name}#{g}")
    assert changed == []


@pytest.mark.parametrize(
    "value", ["plain", "it's", 'say "hi"', "both ' and \"", "back\\slash", "\u2028\x00", 1e100, 1.5e-7, float("inf")]
)
def test_literals_are_quoted_as_black_quotes_them(value):
    text = f"x = {literal(value)}\n"
    assert black.format_str(text, mode=MODE) == text
    assert eval(literal(value)) == value


def test_a_statement_too_long_for_the_line_is_laid_out_as_black_lays_it_out():
    line = "        if " + " or ".join(f'"property_{i}" not in x' for i in range(8)) + ":"
    laid = fit(line)
    assert len(laid) > 1 and all(len(part) <= 88 for part in laid)
    source = "def f(x):\n    if x:\n" + "\n".join(laid) + "\n            return False\n"
    assert black.format_str(source, mode=MODE) == source
