"""A new team's first minutes: --version, init, and a configuration that says what is wrong with
it (file, line, the key it probably meant) before anything is generated."""

from __future__ import annotations

import contextlib
import io
import json
import re
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

from generator.cli import main
from generator.config import config_schema, load_config
from tests.adopt.conftest import shop_project
from tests.conftest import REPO


@dataclass
class Result:
    code: int
    out: str
    err: str


def shapegen(*args: str, cwd: Path | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> Result:
    out, err = io.StringIO(), io.StringIO()
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
        argv = list(args)
    else:
        argv = ["--project", str(cwd), *args] if cwd is not None else list(args)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return Result(code, out.getvalue(), err.getvalue())


def config(body: str) -> str:
    return textwrap.dedent(body).lstrip()


SHOP = config("""
    [project]
    name = "shop-service"

    [tool.shapegen]
    output = "out"

    [tool.shapegen.namespaces]
    shop = "api/shop.yaml"
""")


def test_version_answers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("shapegen 0.")


def test_init_adds_a_starter_table_to_an_existing_pyproject_without_asking(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop-service"\nversion = "3.0.0"\n')

    result = shapegen("init", "--spec", "api/shop.yaml", cwd=tmp_path)  # stdin is not a terminal here

    assert result.code == 0, result.err
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith('[project]\nname = "shop-service"\nversion = "3.0.0"\n\n[tool.shapegen]\n')
    table = tomllib.loads(text)["tool"]["shapegen"]
    assert table["namespaces"] == {"shop": "api/shop.yaml"}
    assert table["name"] == "shop-shapes"
    assert "targets" not in table  # every target
    assert (tmp_path / "api" / "shop.yaml").is_file()  # an example to start from
    listed = shapegen("list", cwd=tmp_path)
    assert listed.code == 0, listed.err
    assert re.search(r"^shop:NoteRequest +request body ", listed.out, re.M)


def test_init_writes_shapegen_toml_where_there_is_no_pyproject(tmp_path: Path) -> None:
    result = shapegen("init", cwd=tmp_path)

    assert result.code == 0, result.err
    assert not (tmp_path / "pyproject.toml").exists()
    table = tomllib.loads((tmp_path / "shapegen.toml").read_text())
    assert table["namespaces"] == {"example": "schema/example.yaml"}
    assert load_config(tmp_path).options["python"]["package"] == "example_shapes"
    generated = shapegen("generate", "--target", "jsonschema", "--target", "python", cwd=tmp_path)
    assert generated.code == 0, generated.err
    assert (tmp_path / "generated" / "python" / "example_shapes" / "example" / "models.py").is_file()


def test_init_keeps_an_existing_spec_and_refuses_a_configured_project(tmp_path: Path) -> None:
    project = shop_project(tmp_path, '[project]\nname = "shop-service"\n')
    spec = (project / "api" / "shop.yaml").read_text()

    assert shapegen("init", "--spec", "api/shop.yaml", cwd=project).code == 0
    assert (project / "api" / "shop.yaml").read_text() == spec
    again = shapegen("init", cwd=project)
    assert again.code == 2
    assert "has a shapegen configuration already" in again.err


def test_shapegen_finds_the_project_from_a_generated_package_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = shop_project(tmp_path, SHOP)
    assert shapegen("generate", "--target", "python", cwd=project).code == 0
    inside = project / "out" / "python"
    assert (inside / "pyproject.toml").is_file()  # the generated package's, without [tool.shapegen]

    result = shapegen("check", "--target", "python", cwd=inside, monkeypatch=monkeypatch)

    assert result.code == 0, result.err
    assert "up to date" in result.out


def test_no_configuration_anywhere_points_at_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    result = shapegen("list", cwd=tmp_path, monkeypatch=monkeypatch)
    assert result.code == 2
    assert "shapegen init" in result.err


def test_an_unknown_key_is_a_warning_with_its_line_and_likely_intent(tmp_path: Path) -> None:
    project = shop_project(
        tmp_path,
        SHOP.replace('output = "out"', 'output = "out"\noutdir = "gen"') + '\n[tool.shapegen.python]\npakage = "x"\n',
    )

    result = shapegen("list", cwd=project)

    assert result.code == 0, result.err
    assert (
        f"{project / 'pyproject.toml'}:6 ([tool.shapegen] outdir): unknown key 'outdir'; did you mean 'output'?"
        in result.err
    )
    assert (
        f"{project / 'pyproject.toml'}:12 ([tool.shapegen.python] pakage): unknown key 'pakage'; did you mean 'package'?"
        in result.err
    )
    strict = shapegen("list", "--strict", cwd=project)
    assert strict.code == 2
    assert "error: " in strict.err and "did you mean 'output'?" in strict.err


def test_a_crate_name_the_rust_target_would_refuse_is_refused_with_its_line(tmp_path: Path) -> None:
    project = shop_project(tmp_path, SHOP + '\n[tool.shapegen.rust]\ncrate = "shop-shapes"\n')

    result = shapegen("list", cwd=project)  # not even generating: the configuration is wrong

    assert result.code == 2
    assert f"{project / 'pyproject.toml'}:11 ([tool.shapegen.rust] crate): crate 'shop-shapes' is not" in result.err


def test_a_name_whose_derived_package_names_a_target_refuses_is_refused_at_name(tmp_path: Path) -> None:
    project = shop_project(tmp_path, SHOP.replace('output = "out"', 'output = "out"\nname = "class"'))
    result = shapegen("list", cwd=project)
    assert result.code == 2
    assert "([tool.shapegen] name)" in result.err and "'class', is not a Python package name" in result.err


def test_package_names_derive_from_name_and_each_target_key_overrides(tmp_path: Path) -> None:
    project = shop_project(
        tmp_path,
        SHOP.replace('output = "out"', 'name = "acme-shop"') + '\n[tool.shapegen.csharp]\nnamespace = "Acme.Shop"\n',
    )
    options = load_config(project).options
    assert options["python"]["package"] == "acme_shop"
    assert options["typescript"]["package"] == "acme-shop"
    assert options["rust"]["crate"] == "acme_shop"
    assert options["dart"]["package"] == "acme_shop"
    assert options["csharp"]["namespace"] == "Acme.Shop"


def test_a_csharp_root_that_names_the_namespace_is_not_repeated(tmp_path: Path) -> None:
    project = shop_project(tmp_path, SHOP + '\n[tool.shapegen.csharp]\nnamespace = "Acme.Shop"\n')
    assert shapegen("generate", "--target", "csharp", cwd=project).code == 0
    receipt = (project / "out" / "csharp" / "Shop" / "Receipt.cs").read_text()
    assert "namespace Acme.Shop\n" in receipt
    assert "Acme.Shop.Shop" not in receipt


def this_projects_words() -> set[str]:
    """What shapegen's own configuration says about this repository: its package names, title,
    description and subject (realtime sessions), the folders its specs and its output live in, and
    its make targets."""
    table = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["shapegen"]
    words = {table["name"], table["python"]["package"], "make generate", "make toolchain"}
    words |= {table["title"], table["description"], "realtime", "session"}
    words |= {PurePosixPath(spec).parts[0] + "/" for spec in table["namespaces"].values()}
    words.add(table["output"] + "/")
    return {w.lower() for w in words}


def test_no_generated_file_of_another_project_mentions_this_projects_words_or_layout(tmp_path: Path) -> None:
    words = this_projects_words()
    assert {"realtime", "realtime-shapes", "realtime_shapes", "schema/", "generated/"} <= words  # what is looked for
    project = shop_project(tmp_path, SHOP)
    assert shapegen("generate", cwd=project).code == 0

    found = {
        (path.relative_to(project).as_posix(), word)
        for path in (project / "out").rglob("*")
        if path.is_file()
        for word in words
        if word in path.read_text(encoding="utf-8").lower()
    }

    assert found == set()


def test_generated_manifests_speak_of_the_project_not_of_shapegen(tmp_path: Path) -> None:
    project = shop_project(tmp_path, SHOP)
    assert shapegen("generate", cwd=project).code == 0
    out = project / "out"
    assert json.loads((out / "typescript" / "package.json").read_text())["name"] == "shop-shapes"
    assert json.loads((out / "typescript" / "package.json").read_text())["description"].startswith(
        "Shop API wire shapes"
    )
    assert tomllib.loads((out / "python" / "pyproject.toml").read_text())["project"]["name"] == "shop-shapes"
    assert tomllib.loads((out / "rust" / "Cargo.toml").read_text())["package"]["name"] == "shop_shapes"
    assert (out / "csharp" / "ShopShapes.csproj").is_file()
    assert (out / "docs" / "index.md").read_text().startswith("# Shop API\n")
    assert (out / "go" / "go.mod").read_text().startswith("module example.com/shopshapes\n")


def test_every_key_the_configuration_takes_is_in_its_schema_with_a_description() -> None:
    schema = config_schema()

    def described(node: dict, path: str) -> None:
        for key, sub in node.get("properties", {}).items():
            assert sub.get("description"), f"{path}{key} has no description"
            described(sub, f"{path}{key}.")

    described(schema, "")
    repo_table = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())["tool"]["shapegen"]
    from jsonschema import Draft202012Validator

    assert list(Draft202012Validator(schema).iter_errors(repo_table)) == []


def test_init_on_a_terminal_asks_for_the_spec_and_namespace_and_enter_keeps_the_default(tmp_path: Path) -> None:
    from generator import scaffold

    asked: list[str] = []
    answers = iter(["api/orders.yaml", ""])  # a spec of its own; Enter for the namespace

    def read(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    scaffold.run(tmp_path, namespace=None, spec=None, name=None, output="generated", interactive=True, read=read)

    assert len(asked) == 2 and "[schema/example.yaml]" in asked[0] and "[orders]" in asked[1]
    assert tomllib.loads((tmp_path / "shapegen.toml").read_text())["namespaces"] == {"orders": "api/orders.yaml"}


def test_the_schema_file_editors_use_describes_each_language_s_package_name_as_the_language_declares_it() -> None:
    import json

    from generator.config import SCHEMA_FILE, package_names

    declared = package_names()
    on_file = json.loads(SCHEMA_FILE.read_text())["properties"]

    assert set(declared) == {"csharp", "dart", "go", "python", "rust", "typescript"}
    for target, decl in declared.items():
        key = on_file[target]["properties"][decl.key]
        assert key["pattern"] == f"^{decl.pattern}$", target
        assert re.fullmatch(decl.pattern, decl.example), target


@pytest.mark.parametrize(
    "table, message",
    [
        (
            '[tool.shapegen.csharp]\nnamespace = "System.Shop"\n',
            "namespace 'System.Shop' is refused by the csharp target: it lies inside System",
        ),
        ('[tool.shapegen.rust]\ncrate = "std"\n', "crate 'std' is refused by the rust target: it is a crate of Rust's"),
        (
            '[tool.shapegen.python]\npackage = "typing"\n',
            "package 'typing' is refused by the python target: it is the name of a module of Python's standard",
        ),
        (
            '[tool.shapegen.go]\nmodule = "example.com/a..b"\n',
            "module 'example.com/a..b' is refused by the go target: it has '..'",
        ),
    ],
)
def test_a_name_of_the_right_form_that_a_target_refuses_is_refused_with_its_line(
    tmp_path: Path, table: str, message: str
) -> None:
    project = shop_project(tmp_path, SHOP + "\n" + table)

    result = shapegen("list", cwd=project)  # before anything is generated

    assert result.code == 2
    assert f"{project / 'pyproject.toml'}:11 ([tool.shapegen." in result.err and message in result.err
    assert "realtime" not in result.err.lower()


def test_a_new_project_commits_its_output_but_never_shapegen_s_caches(tmp_path: Path) -> None:
    import subprocess

    project = shop_project(tmp_path, SHOP.replace('output = "out"', 'output = "out"\ntargets = ["python"]'))
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    assert shapegen("generate", cwd=project).code == 0
    assert (project / ".cache").is_dir()  # the manifest of no-op runs, among others

    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=project, capture_output=True, text=True)

    assert "out/python/shop_shapes/shop/models.py" in staged.stdout.splitlines()
    assert [name for name in staged.stdout.splitlines() if name.startswith(".cache")] == []
