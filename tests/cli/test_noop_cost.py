"""A no-op `generate` (nothing changed since the last run) loads only what answers it: the
configuration (checked in full, each language's package name included), the manifest, the schema
documents' bytes and the output folder's entries. It imports no stage, no target, no template
engine and no JSON Schema validator, and the configuration's errors and warnings are reported on
that path exactly as a full run reports them."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.config import target_names
from tests.conftest import REPO
from tests.hostile.project import API, run

# what a full run loads and a no-op run must not: the stages, the template engine, the schema
# validator, the YAML parser, black, and every target module
HEAVY = {
    "jinja2",
    "jsonschema",
    "yaml",
    "black",
    "generator.load",
    "generator.check",
    "generator.normalise",
    "generator.lower",
    "generator.decide",
    "generator.ir",
    "generator.templating",
    "generator.layer.registry",
    *(f"generator.targets.{name}" for name in target_names()),
}

# the keys a project sets beside the required ones: a sub-table, the project's name and words, a
# target's version; none of them wrong
CONFIG = """\
[tool.shapegen]
name = "shop-shapes"
title = "Shop"
description = "The shop's wire shapes"
version = "1.2.0"
output = "generated"
targets = ["jsonschema", "python"]

[tool.shapegen.namespaces]
shop = "schema/api.yaml"

[tool.shapegen.python]
package = "shop_models"
version = "1.2.1"

[tool.shapegen.rust]
crate = "shop_crate"
"""

# runs the command line in a fresh interpreter and prints, last, the modules it loaded
PROBE = textwrap.dedent("""
    import json, sys
    from generator.cli import _main
    code = _main(sys.argv[1:])
    print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
""")


def project(root: Path, config: str = CONFIG) -> Path:
    (root / "schema").mkdir(parents=True)
    (root / "schema" / "api.yaml").write_text(API)
    (root / "pyproject.toml").write_text(config)
    return root


def loaded_by(root: Path, *args: str) -> tuple[int, str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--project", str(root), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    *printed, last = done.stdout.splitlines()
    report = json.loads(last)
    return report["code"], "\n".join(printed), set(report["modules"])


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m in HEAVY or m.split(".")[0] in HEAVY}


def test_a_no_op_run_loads_no_stage_no_target_no_template_engine_and_no_schema_validator(tmp_path):
    root = project(tmp_path / "p")
    assert run(root, "generate").code == 0

    code, out, modules = loaded_by(root, "generate")

    assert code == 0 and "as the last run left them" in out
    assert heavy(modules) == set()


def test_the_probe_sees_what_a_full_run_loads(tmp_path):
    # the same probe on the first run, which renders: the list above names what a run really loads
    root = project(tmp_path / "p")

    code, out, modules = loaded_by(root, "generate")

    assert code == 0 and "as the last run left them" not in out
    assert {"jinja2", "yaml", "generator.decide", "generator.targets.python"} <= heavy(modules)


def test_a_wrong_type_in_a_sub_table_is_reported_as_before_where_the_run_would_be_a_no_op(tmp_path):
    root = project(tmp_path / "p")
    assert run(root, "generate").code == 0
    (root / "pyproject.toml").write_text(CONFIG.replace('package = "shop_models"', "package = 3"))

    result = run(root, "generate")

    assert result.code == 2
    assert result.err == (
        f"shapegen: error: {root}/pyproject.toml:13 ([tool.shapegen.python] package): "
        "python.package: 3 is not of type 'string'\n"
        "  hint: The import name of the package (also the validators' package)\n"
    )


def test_a_package_name_a_target_refuses_is_reported_as_before_where_the_run_would_be_a_no_op(tmp_path):
    root = project(tmp_path / "p")
    assert run(root, "generate").code == 0
    (root / "pyproject.toml").write_text(CONFIG.replace('crate = "shop_crate"', 'crate = "std"'))

    result = run(root, "generate")

    assert result.code == 2
    assert result.err == (
        f"shapegen: error: {root}/pyproject.toml:17 ([tool.shapegen.rust] crate): crate 'std' is refused by the "
        "rust target: it is a crate of Rust's own distribution, which Cargo will not let a package be called\n"
        "  hint: for example crate = 'shop_shapes'\n"
    )


def test_a_name_that_derives_a_package_name_a_language_refuses_is_reported_at_name(tmp_path):
    root = project(tmp_path / "p", CONFIG.replace('crate = "shop_crate"\n', "").replace("shop-shapes", "typing"))
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text().replace('package = "shop_models"\n', ""))

    result = run(root, "generate")

    assert result.code == 2
    assert result.err == (
        f"shapegen: error: {root}/pyproject.toml:2 ([tool.shapegen] name): package 'typing' is refused by the "
        "python target: it is the name of a module of Python's standard library, which the package would hide\n"
        "  hint: for example package = 'shop_shapes'\n"
    )


def test_an_unknown_key_is_still_a_warning_on_a_no_op_run_and_an_error_under_strict(tmp_path):
    root = project(tmp_path / "p", CONFIG.replace('version = "1.2.1"', 'version = "1.2.1"\npakage = "x"'))
    assert run(root, "generate").code == 0

    again = run(root, "generate")

    assert again.code == 0 and "as the last run left them" in again.out
    assert again.err.startswith(
        f"shapegen: warning: {root}/pyproject.toml:15 ([tool.shapegen.python] pakage): "
        "unknown key 'pakage'; did you mean 'package'?\n  repair: ignored"
    )
    strict = run(root, "generate", "--strict")
    assert strict.code == 2 and strict.err.startswith("shapegen: error: ") and "unknown key 'pakage'" in strict.err


def test_the_quick_configuration_check_never_passes_a_table_jsonschema_faults():
    # the no-op path skips jsonschema when the quick check is sure: over every key of the schema,
    # each with values of every kind (and every key of each sub-table), wherever jsonschema
    # reports a problem the quick check is not sure, so jsonschema is asked and gives the message
    import datetime

    from jsonschema import Draft202012Validator

    from generator.config import _BY_HAND, _surely_valid, config_schema

    schema = config_schema()
    validator = Draft202012Validator(schema)
    kinds: list[object] = ["shop_shapes", "", "1bad", "a b", "Acme.Shop", "1.2.3", "1.2", "MIT", "https://x.y"]
    kinds += [3, 3.0, True, None, [], ["go"], ["go", "go"], {}, {"a": 1}, datetime.date(2026, 12, 8)]

    def tables():
        for key, sub in schema["properties"].items():
            if key in _BY_HAND:
                continue
            for value in kinds:
                yield {key: value}
            for inner in [*sub.get("properties", {}), "unknown"]:
                for value in kinds:
                    yield {key: {inner: value}}

    def faulted(table):
        return any(
            error.validator not in ("additionalProperties", "required")
            for error in validator.iter_errors({"namespaces": {"shop": "api.yaml"}, **table})
        )

    judged = [(table, _surely_valid(table, schema, schema), faulted(table)) for table in tables()]

    assert [table for table, sure, fault in judged if sure and fault] == []
    assert sum(sure for _, sure, _ in judged) > 100  # and it is sure of the good ones


TOY_TARGET = """
raise AssertionError("the configuration imported the target to read its package name")
"""

TOY_PACKAGING = """
from generator.packaging import PackageName

PACKAGE_NAME = PackageName(
    key="module",
    pattern=r"[a-z]+(?:\\.[a-z]+)*",
    what="a Toytongue module path (lower-case words joined by '.')",
    example="shop.things",
    derive=lambda name: name.snake.replace("_", "."),
)
"""


def test_a_new_language_s_package_name_is_read_from_its_packaging_module_without_importing_the_target(
    tmp_path, monkeypatch
):
    import generator.packaging
    import generator.targets
    from generator.config import load_config

    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "toytongue.py").write_text(TOY_TARGET)
    (tmp_path / "packaging").mkdir()
    (tmp_path / "packaging" / "toytongue.py").write_text(TOY_PACKAGING)
    monkeypatch.setattr(generator.targets, "__path__", [*generator.targets.__path__, str(tmp_path / "targets")])
    monkeypatch.setattr(generator.packaging, "__path__", [*generator.packaging.__path__, str(tmp_path / "packaging")])
    root = project(tmp_path / "p", CONFIG.replace('targets = ["jsonschema", "python"]', 'targets = ["toytongue"]'))

    try:
        config = load_config(root)
    finally:
        sys.modules.pop("generator.packaging.toytongue", None)

    assert config.options["toytongue"]["module"] == "shop.shapes"
    assert "generator.targets.toytongue" not in sys.modules


def test_each_target_module_has_the_very_package_name_the_configuration_reads():
    # the configuration reads generator/packaging/<target>.py; the target renders with its own
    # module's PACKAGE_NAME: one declaration, so the two can never disagree
    import importlib

    from generator.config import package_names

    declared = package_names()
    for name in target_names():
        module = importlib.import_module(f"generator.targets.{name}")
        assert getattr(module, "PACKAGE_NAME", None) is declared.get(name), name
    assert set(declared) == {"csharp", "dart", "go", "python", "rust", "typescript"}
