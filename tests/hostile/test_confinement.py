"""Confinement (issue 7.1): shapegen reads only files inside the project, fetches nothing over the
network, writes and removes only inside its output folder, never through a symlink."""

from __future__ import annotations

import os

import pytest

from tests.hostile.project import SECRET, assert_no_leak, assert_user_error, make, pyproject, run, snapshot

REF_LINE = "        note: {type: string}"


def refer(root, ref):
    api = root / "schema" / "api.yaml"
    api.write_text(api.read_text().replace(REF_LINE, f"        note: {{$ref: '{ref}'}}"))


@pytest.fixture
def foreign(tmp_path):
    """A schema file outside the project whose content must not leak."""
    path = tmp_path / "outside" / "secret.yaml"
    path.parent.mkdir()
    path.write_text(f"components:\n  schemas:\n    Secret: {{const: {SECRET}}}\n")
    return path


def test_a_ref_to_an_absolute_path_is_refused_with_the_referring_line(project, foreign):
    before = snapshot(project / "generated")
    refer(project, f"{foreign}#/components/schemas/Secret")
    result = run(project, "generate")
    assert_user_error(
        result, "absolute path", file="schema/api.yaml", pointer="/components/schemas/Receipt/properties/note/$ref"
    )
    assert_no_leak(project, result)
    assert snapshot(project / "generated") == before


def test_a_ref_climbing_out_of_the_project_is_refused(project, foreign):
    refer(project, "../../outside/secret.yaml#/components/schemas/Secret")
    result = run(project, "generate")
    assert_user_error(result, "outside the project folder", file="schema/api.yaml")
    assert "symlink" not in result.err  # '..' took it out, not a link
    assert_no_leak(project, result)


def test_a_ref_through_a_symlink_to_a_foreign_file_is_refused(project, foreign):
    (project / "schema" / "link.yaml").symlink_to(foreign)
    refer(project, "./link.yaml#/components/schemas/Secret")
    result = run(project, "generate")
    assert_user_error(result, "outside the project folder", "through a symlink", file="schema/api.yaml")
    assert_no_leak(project, result)


@pytest.mark.parametrize("system_file", ["/etc/passwd", "/proc/self/environ"])
def test_system_files_are_never_read(project, system_file):
    refer(project, f"{system_file}#/x")
    result = run(project, "generate")
    assert_user_error(result, "absolute path", file="schema/api.yaml")
    relative = os.path.relpath(system_file, project / "schema")
    refer(make(project.parent / "again"), f"{relative}#/x")
    assert_user_error(run(project.parent / "again", "generate"), "outside the project folder")


@pytest.mark.parametrize(
    "ref", ["https://example.com/s.yaml#/components/schemas/X", "file:///etc/passwd", "//example.com/s.yaml"]
)
def test_a_ref_to_a_url_is_never_fetched(project, ref):
    refer(project, ref)
    assert_user_error(run(project, "generate"), "never fetches", file="schema/api.yaml")


def test_a_dynamic_ref_to_a_url_is_a_clear_error(project):
    api = project / "schema" / "api.yaml"
    api.write_text(api.read_text().replace(REF_LINE, "        note: {$dynamicRef: 'https://example.com/meta#x'}"))
    assert_user_error(run(project, "generate"), "$dynamicRef", "never fetches", file="schema/api.yaml")


def test_a_namespace_root_outside_the_project_is_refused(tmp_path, foreign):
    root = make(tmp_path / "p", namespaces=f'shop = "schema/api.yaml"\nother = "../outside/secret.yaml"')
    result = run(root, "generate")
    assert_user_error(result, "climbs out", "pyproject.toml")
    assert_no_leak(root, result)


def test_a_namespace_root_symlinked_outside_the_project_is_refused(tmp_path, foreign):
    root = make(tmp_path / "p")
    (root / "schema" / "api.yaml").unlink()
    (root / "schema" / "api.yaml").symlink_to(foreign)
    result = run(root, "generate")
    assert_user_error(result, "outside the project folder", "pyproject.toml")
    assert_no_leak(root, result)


def test_a_committed_symlink_in_the_output_is_an_error_and_the_target_is_untouched(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.md").write_text("keep me\n")
    docs = project / "generated" / "docs"
    for path in sorted(docs.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    docs.rmdir()
    docs.symlink_to(elsewhere)
    for command in ("generate", "check"):
        assert_user_error(run(project, command), "generated/docs is a symbolic link")
    assert snapshot(elsewhere) == {"precious.md": b"keep me\n"}


def test_a_symlinked_file_in_the_output_is_an_error(project, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n")
    models = next((project / "generated" / "python").rglob("models.py"))
    models.unlink()
    models.symlink_to(victim)
    assert_user_error(run(project, "generate"), "is a symbolic link")
    assert victim.read_text() == "mine\n"


def test_an_output_folder_that_is_a_symlink_is_an_error(tmp_path):
    root = make(tmp_path / "p")
    (tmp_path / "away").mkdir()
    (root / "generated").symlink_to(tmp_path / "away")
    assert_user_error(run(root, "generate"), "outside the project through a symlink")
    assert list((tmp_path / "away").iterdir()) == []


@pytest.mark.parametrize(
    "output, message",
    [
        ("../out", "climbs out"),
        ("/tmp/shapegen-out", "absolute path"),
        (".", "project folder itself"),
        ("", "must be a path"),
    ],
)
def test_an_output_outside_the_project_is_refused(tmp_path, output, message):
    root = make(tmp_path / "p")
    config = root / "pyproject.toml"
    config.write_text(config.read_text().replace('output = "generated"', f'output = "{output}"'))
    assert_user_error(run(root, "generate"), message, "pyproject.toml")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["../../x", "shop/x", "shöp", "1shop", "class", ""])
def test_a_namespace_name_that_is_not_an_identifier_is_refused(tmp_path, name):
    root = make(tmp_path / "p", namespaces=f'"{name}" = "schema/api.yaml"')
    assert_user_error(run(root, "generate"), "not an identifier", "pyproject.toml")
    assert not (root / "generated").exists()
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "table, key, value",
    [
        ("python", "package", "../evil"),
        ("python", "package", "import"),
        ("typescript", "package", "Evil Name"),
        ("rust", "crate", "../crate"),
        ("typescript", "version", "1"),
    ],
)
def test_a_package_name_its_ecosystem_rejects_is_refused(tmp_path, table, key, value):
    root = make(tmp_path / "p", extra=f'{table} = {{ {key} = "{value}" }}')
    assert_user_error(run(root, "generate"), f"{key} {value!r} is not", f"[tool.shapegen.{table}]")
