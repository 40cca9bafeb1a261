"""Source findings proved by the real compilers, on a sample.

tests/breaking/compile/{before,after}.yaml make fourteen changes, one per shape. For each change
and language a snippet of user code is written against the package generated from `before`; it
must compile there. Against the package generated from `after` it must fail exactly when
`shapegen breaking` reports a `source:<language>` finding for that change: Python under mypy,
TypeScript under tsc (strict), Rust under cargo check. Each compiler runs once per side.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline
from generator.compat.breaking import compare_sides
from generator.compat.side import load_side
from generator.config import load_config
from tests.conftest import REPO

HERE = Path(__file__).resolve().parent / "compile"
LANGUAGES = ("python", "typescript", "rust")

# change -> (the rule and path of its source finding, or None for "no source finding expected")
CHANGES = {
    "field_removed": ("field-removed", "t:Thing.b"),
    "closed_enum_value_removed": ("enum-member-removed", "t:Thing.mode"),
    "open_enum_value_removed": ("enum-member-removed", "t:Thing.omode"),
    "type_renamed": ("type-renamed", "t:Thing.inner"),
    "optional_property_added": (None, "t:Thing.grow"),
    "required_property_added": ("field-became-required", "t:Thing.grow2.c"),
    "property_retyped": ("field-type-changed", "t:Thing.retype.n"),
    "required_property_became_nullable": ("field-type-changed", "t:Thing.nul.r"),
    "optional_property_became_nullable": ("field-type-changed", "t:Thing.nul.o"),
    "union_variant_renamed": ("union-variant-renamed", "t:Thing.pick|Inside"),
    "integer_became_number": ("field-type-changed", "t:Thing.retype.count"),
    "closed_enum_value_added": ("enum-member-added", "t:Thing.grade"),
    "open_enum_value_added": ("enum-member-added", "t:Thing.ograde"),
    "union_variant_added": ("union-variant-added", "t:Thing.pick2"),
}

PY = "from realtime_shapes.t.models import {name}\n\n\n"
PYTHON = {
    "field_removed": PY.format(name="Thing") + "def use(t: Thing) -> str | None:\n    return t.b\n",
    "closed_enum_value_removed": PY.format(name="Mode") + 'm: Mode = "z"\n',
    "open_enum_value_removed": PY.format(name="OpenMode") + 'm: OpenMode = "z"\n',
    "type_renamed": PY.format(name="Inner") + "def use(i: Inner) -> str | None:\n    return i.v\n",
    "optional_property_added": PY.format(name="Grow") + 'g = Grow(a="x")\ns: str = g.a\n',
    "required_property_added": PY.format(name="Grow2") + 'g = Grow2(a="x")\n',
    "property_retyped": PY.format(name="Retype") + "def use(r: Retype) -> str | None:\n    return r.n\n",
    "required_property_became_nullable": PY.format(name="Nul") + "def use(n: Nul) -> str:\n    return n.r\n",
    "optional_property_became_nullable": PY.format(name="Nul") + "def use(n: Nul) -> str | None:\n    return n.o\n",
    "union_variant_renamed": PY.format(name="ThingPick")
    + "def text(p: ThingPick) -> str | None:\n    return p if isinstance(p, str) else None\n",
    "integer_became_number": PY.format(name="Retype") + "def use(r: Retype) -> int | None:\n    return r.count\n",
    "closed_enum_value_added": PY.format(name="Grade")
    + 'def score(g: Grade) -> int:\n    return 1 if g == "a" else 2\n',
    "open_enum_value_added": PY.format(name="OpenGrade")
    + 'def score(g: OpenGrade) -> int:\n    return 1 if g == "a" else 2\n',
    "union_variant_added": PY.format(name="ThingPick2")
    + "def text(p: ThingPick2) -> str:\n    return p if isinstance(p, str) else str(p)\n",
}

TS = "import type {{ {name} }} from '{pkg}/src/t/index.js';\n\n"
TYPESCRIPT = {
    "field_removed": TS.format(name="Thing", pkg="{pkg}")
    + "export function use(t: Thing): string | undefined {\n  return t.b;\n}\n",
    "closed_enum_value_removed": TS.format(name="Mode", pkg="{pkg}") + "export const m: Mode = 'z';\n",
    "open_enum_value_removed": TS.format(name="OpenMode", pkg="{pkg}") + "export const m: OpenMode = 'z';\n",
    "type_renamed": TS.format(name="Inner", pkg="{pkg}")
    + "export function use(i: Inner): string | undefined {\n  return i.v;\n}\n",
    "optional_property_added": TS.format(name="Grow", pkg="{pkg}") + "export const g: Grow = { a: 'x' };\n",
    "required_property_added": TS.format(name="Grow2", pkg="{pkg}") + "export const g: Grow2 = { a: 'x' };\n",
    "property_retyped": TS.format(name="Retype", pkg="{pkg}")
    + "export function use(r: Retype): string | undefined {\n  return r.n;\n}\n",
    "required_property_became_nullable": TS.format(name="Nul", pkg="{pkg}")
    + "export function use(n: Nul): string {\n  return n.r;\n}\n",
    "optional_property_became_nullable": TS.format(name="Nul", pkg="{pkg}")
    + "export function use(n: Nul): string | undefined {\n  return n.o;\n}\n",
    "union_variant_renamed": TS.format(name="ThingPick", pkg="{pkg}")
    + "export function text(p: ThingPick): string | undefined {\n  return typeof p === 'string' ? p : undefined;\n}\n",
    "integer_became_number": TS.format(name="Retype", pkg="{pkg}")
    + "export function use(r: Retype): number | undefined {\n  return r.count;\n}\n",
    "closed_enum_value_added": TS.format(name="Grade", pkg="{pkg}")
    + "export function score(g: Grade): number {\n  return g === 'a' ? 1 : 2;\n}\n",
    "open_enum_value_added": TS.format(name="OpenGrade", pkg="{pkg}")
    + "export function score(g: OpenGrade): number {\n  return g === 'a' ? 1 : 2;\n}\n",
    "union_variant_added": TS.format(name="ThingPick2", pkg="{pkg}")
    + "export function text(p: ThingPick2): string {\n  return typeof p === 'string' ? p : String(p);\n}\n",
}

RS = "use realtime_shapes::t::{name};\n\n"
RUST = {
    "field_removed": RS.format(name="Thing") + "pub fn use_it(t: &Thing) -> Option<&String> {\n    t.b.as_ref()\n}\n",
    "closed_enum_value_removed": RS.format(name="Mode") + "pub fn m() -> Mode {\n    Mode::Z\n}\n",
    "open_enum_value_removed": RS.format(name="OpenMode") + "pub fn m() -> OpenMode {\n    OpenMode::Z\n}\n",
    "type_renamed": RS.format(name="Inner") + "pub fn v(i: &Inner) -> Option<&String> {\n    i.v.as_ref()\n}\n",
    # the constructor takes the required fields; a struct is non-exhaustive, so a new optional
    # field breaks nobody who builds values
    "optional_property_added": RS.format(name="Grow")
    + 'pub fn g() -> Grow {\n    Grow::new("x".into())\n}\n\npub fn a(g: &Grow) -> &str {\n    &g.a\n}\n',
    "required_property_added": RS.format(name="Grow2") + 'pub fn g() -> Grow2 {\n    Grow2::new("x".into())\n}\n',
    "property_retyped": RS.format(name="Retype") + "pub fn n(r: &Retype) -> Option<&String> {\n    r.n.as_ref()\n}\n",
    "required_property_became_nullable": RS.format(name="Nul") + "pub fn r(n: &Nul) -> &String {\n    &n.r\n}\n",
    # `Nullable::as_ref` reads like `Option::as_ref`; matching on the Option is what changes
    "optional_property_became_nullable": RS.format(name="Nul")
    + "pub fn o(n: &Nul) -> Option<&String> {\n    match &n.o {\n        Some(s) => Some(s),\n        None => None,\n    }\n}\n",
    "union_variant_renamed": RS.format(name="ThingPick")
    + "pub fn is_inner(p: &ThingPick) -> bool {\n    matches!(p, ThingPick::Inner(_))\n}\n",
    "integer_became_number": RS.format(name="Retype") + "pub fn count(r: &Retype) -> Option<i64> {\n    r.count\n}\n",
    # a match that names every case
    "closed_enum_value_added": RS.format(name="Grade")
    + "pub fn score(g: Grade) -> u8 {\n    match g {\n        Grade::A => 1,\n        Grade::B => 2,\n    }\n}\n",
    "open_enum_value_added": RS.format(name="OpenGrade")
    + "pub fn score(g: &OpenGrade) -> u8 {\n    match g {\n        OpenGrade::A => 1,\n        OpenGrade::B => 2,\n"
    + "        OpenGrade::Other(_) => 3,\n    }\n}\n",
    "union_variant_added": RS.format(name="ThingPick2")
    + "pub fn kind(p: &ThingPick2) -> u8 {\n    match p {\n        ThingPick2::StringValue(_) => 1,\n"
    + "        ThingPick2::Integer(_) => 2,\n    }\n}\n",
}


def _project(root: Path, schema: Path) -> Path:
    (root / "schema").mkdir(parents=True, exist_ok=True)
    shutil.copy(schema, root / "schema" / "t.yaml")
    (root / "pyproject.toml").write_text(
        # the snippets import the packages by these names (`name` gives realtime_shapes for each)
        '[tool.shapegen]\nname = "realtime-shapes"\noutput = "generated"\ntargets = ["python", "typescript", "rust"]\n\n'
        '[tool.shapegen.namespaces]\nt = "schema/t.yaml"\n'
    )
    config = load_config(root)
    pipeline.write(config, pipeline.build(config))
    return root


def _errors_by_snippet(output: str, pattern: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        m = re.search(pattern, line)
        if m:
            found.setdefault(m.group(1), []).append(line.strip())
    return found


def _mypy(root: Path) -> dict[str, list[str]]:
    folder = root / "generated" / "python"
    for case, code in PYTHON.items():
        (folder / f"snippet_{case}.py").write_text(code)
    files = [f"snippet_{case}.py" for case in PYTHON]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", "--python-version=3.11", *files],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return _errors_by_snippet(done.stdout, r"snippet_(\w+)\.py:\d+: error"), done.returncode == 0


def _tsc(root: Path) -> dict[str, list[str]]:
    from tests.typescript.helpers import typecheck

    package = root / "generated" / "typescript"
    snippets = root / "ts-snippets"
    snippets.mkdir(exist_ok=True)
    paths = []
    for case, code in TYPESCRIPT.items():
        path = snippets / f"snippet_{case}.ts"
        path.write_text(code.replace("{pkg}", "../generated/typescript"))
        paths.append(path)
    done = typecheck([package], paths)
    return _errors_by_snippet(done.stdout, r"snippet_(\w+)\.ts\(\d+,\d+\): error"), done.returncode == 0


def _copy_crate(src: Path, dest: Path) -> None:
    for path in src.rglob("*"):
        if path.is_file() and (path.name == "Cargo.toml" or path.suffix == ".rs") and "target" not in path.parts:
            (dest / path.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, dest / path.relative_to(src))


def _cargo(root: Path, side: str) -> tuple[dict[str, list[str]], bool]:
    from tests.rust import crates

    workspace = REPO / ".cache" / "breaking-compile" / side
    if workspace.exists():
        shutil.rmtree(workspace)
    _copy_crate(root / "generated" / "rust", workspace / "realtime_shapes")
    members = ['"realtime_shapes"']
    for case, code in RUST.items():
        crate = workspace / f"snippet_{case}"
        (crate / "src").mkdir(parents=True)
        (crate / "src" / "lib.rs").write_text(code)
        (crate / "Cargo.toml").write_text(
            f'[package]\nname = "snippet_{case}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
            f'[dependencies]\nrealtime_shapes = {{ path = "../realtime_shapes" }}\n'
        )
        members.append(f'"snippet_{case}"')
    (workspace / "Cargo.toml").write_text(f'[workspace]\nresolver = "2"\nmembers = [{", ".join(members)}]\n')
    # the versions the Rust tests pin (cargo adds the members' own entries to this copy)
    shutil.copy(crates.LOCK_FILE, workspace / "Cargo.lock")
    done = subprocess.run(
        ["cargo", "check", "--workspace", "--keep-going", "--quiet", "--message-format", "short"],
        cwd=workspace,
        env=crates.cargo_env(),
        capture_output=True,
        text=True,
    )
    errors = _errors_by_snippet(done.stderr, r"snippet_(\w+)/src/lib\.rs:\d+:\d+: error")
    return errors, done.returncode == 0


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, list[str]]]]:
    """side -> language -> snippet -> its compiler errors (none: it compiles)."""
    from generator.drivers.typescript import ensure_toolchain
    from tests.rust import crates

    if shutil.which("node") is None:
        pytest.fail("node is needed for the TypeScript half of this test", pytrace=False)
    ensure_toolchain()
    crates.ensure_toolchain()
    out = {}
    for side in ("before", "after"):
        root = _project(tmp_path_factory.mktemp(side), HERE / f"{side}.yaml")
        runs = {"python": _mypy(root), "typescript": _tsc(root), "rust": _cargo(root, side)}
        if side == "before":  # the old package and every snippet compile: nothing else can fail
            assert {lang: clean for lang, (_, clean) in runs.items()} == dict.fromkeys(runs, True), runs
        out[side] = {lang: errors for lang, (errors, _) in runs.items()}
    return out


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory):
    sides = {}
    for side in ("before", "after"):
        root = tmp_path_factory.mktemp(f"findings-{side}")
        (root / "schema").mkdir()
        shutil.copy(HERE / f"{side}.yaml", root / "schema" / "t.yaml")
        (root / "pyproject.toml").write_text(
            '[tool.shapegen]\ntargets = []\n[tool.shapegen.namespaces]\nt = "schema/t.yaml"\n'
        )
        sides[side] = load_side(root, side)
    return compare_sides(sides["before"], sides["after"])


def _reported(findings, change: str, language: str) -> bool:
    rule, path = CHANGES[change]
    category = f"source:{language}"
    if rule is None:
        return any(f.category == category and f.path.startswith(path + ".") for f in findings)
    return any(f.category == category and f.rule == rule and f.path == path for f in findings)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("change", list(CHANGES))
def test_user_code_compiles_against_the_old_package(compiled, change: str, language: str) -> None:
    assert compiled["before"][language].get(change, []) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("change", list(CHANGES))
def test_user_code_fails_against_the_new_package_exactly_when_a_source_finding_says_so(
    compiled, findings, change: str, language: str
) -> None:
    errors = compiled["after"][language].get(change, [])
    assert bool(errors) == _reported(findings, change, language), errors or "compiles"
