"""The command line misused (issue 7.4): every case is exit 2 with a message that says where and
how to fix it, never a traceback."""

from __future__ import annotations

from tests.hostile.project import API, assert_user_error, make, pyproject, run


def test_a_project_folder_that_does_not_exist(tmp_path):
    assert_user_error(run(tmp_path / "nope", "generate"), "does not exist", "hint:")


def test_a_pyproject_that_is_not_utf8(tmp_path):
    root = make(tmp_path)
    (root / "pyproject.toml").write_bytes(pyproject().encode() + b"\n# caf\xe9\n")
    assert_user_error(run(root, "generate"), "pyproject.toml", "not UTF-8")


def test_targets_that_are_not_a_list(tmp_path):
    assert_user_error(run(make(tmp_path, targets="5"), "generate"), "targets must be a list")


def test_an_unknown_target(tmp_path):
    assert_user_error(run(make(tmp_path, targets='["cobol"]'), "generate"), "unknown target(s): cobol", "known targets")


def test_an_output_that_names_a_file(tmp_path):
    root = make(tmp_path)
    (root / "generated").write_text("a file\n")
    assert_user_error(run(root, "generate"), "is a file, not a folder")
    assert (root / "generated").read_text() == "a file\n"


def test_a_namespace_root_that_is_a_folder(tmp_path):
    root = make(tmp_path, namespaces='shop = "schema"')
    assert_user_error(run(root, "generate"), "is a folder, not a schema file", "pyproject.toml")


def test_a_namespace_root_that_does_not_exist(tmp_path):
    root = make(tmp_path, namespaces='shop = "schema/nope.yaml"')
    assert_user_error(run(root, "generate"), "file not found: schema/nope.yaml", "pyproject.toml")


def test_strict_that_is_not_a_boolean(tmp_path):
    assert_user_error(run(make(tmp_path, extra='strict = "yes"'), "generate"), "strict must be true or false")


def test_list_of_a_project_without_shapes(tmp_path):
    root = make(tmp_path, api="openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n")
    assert_user_error(run(root, "list"), "defines no shapes")


def test_check_works_on_a_read_only_checkout_without_writing_a_cache(project):
    cache = project / ".cache"
    if cache.exists():
        import shutil

        shutil.rmtree(cache)
    project.chmod(0o555)
    try:
        result = run(project, "check")
    finally:
        project.chmod(0o755)
    assert result.code == 0, result.err


def test_conformance_before_generate_says_to_generate(tmp_path):
    root = make(tmp_path, api=API)
    vectors = tmp_path / "v.jsonl"
    vectors.write_text('{"shape": "shop:Order", "json": {"item": "x"}}\n')
    for lang in ("python", "typescript", "rust"):
        result = run(root, "conformance", "--lang", lang, str(vectors))
        assert_user_error(result, "generate")
