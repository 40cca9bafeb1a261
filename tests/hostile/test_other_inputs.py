"""Every YAML input goes through the one hardened loader (issue 20, item 4): the accepted-findings
file `.shapegen-breaking.yaml` (and `--ignore-file`) and the vendor spec of `upstream --spec` get
the same bounds and confinement as `schema/`: exit 2 with file and line, fast, never a hang, never
a traceback, never a line of a foreign file quoted, never a `$ref` read outside the spec's folder."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import yaml

from tests.breaking.project import write_project
from tests.hostile.project import SECRET, assert_user_error, run

S = {"type": "string"}
RULE = "response-enum-value-added"


@pytest.fixture
def compared(tmp_path):
    """(project, the folder of its older copy): `breaking --against` the copy finds nothing."""
    root = write_project(
        tmp_path / "project", {"Thing": {"type": "object", "properties": {"a": S}}}, {"Thing": "request"}
    )
    shutil.copytree(root, tmp_path / "old")
    return root, tmp_path / "old"


def breaking(root: Path, old: Path, *extra: str):
    started = time.perf_counter()
    result = run(root, "breaking", "--against", str(old), *extra)
    assert time.perf_counter() - started < 60, "the ignore file took over a minute"
    return result


def test_an_alias_bomb_in_the_ignore_file_is_refused_quickly(compared):
    root, old = compared
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    (root / ".shapegen-breaking.yaml").write_text("\n".join(lines) + "\naccepted: [*a11]\n")
    assert_user_error(breaking(root, old), "aliases repeat", file=".shapegen-breaking.yaml")


def test_a_huge_ignore_file_is_refused_before_it_is_parsed(compared):
    root, old = compared
    entry = f"  - {{rule: {RULE}, at: 't:Thing.a', reason: fine}}\n"
    (root / ".shapegen-breaking.yaml").write_text("accepted:\n" + entry * 300_000)
    assert_user_error(breaking(root, old), "more than the", "bytes")


def test_too_many_accepted_findings_are_refused_with_the_line(compared):
    root, old = compared
    entry = f"- {{rule: {RULE}, at: t, reason: r}}\n"
    (root / ".shapegen-breaking.yaml").write_text("accepted:\n" + entry * 10_001)
    assert_user_error(breaking(root, old), "10001 accepted findings", file=".shapegen-breaking.yaml")


def test_a_binary_ignore_file_is_a_user_error(compared):
    root, old = compared
    (root / ".shapegen-breaking.yaml").write_bytes(b"accepted:\n  - \x00\x01\xff\xfe binary\n")
    assert_user_error(breaking(root, old), "not valid YAML", file=".shapegen-breaking.yaml")


def test_an_ignore_file_linked_outside_the_project_is_refused_without_quoting_it(compared, tmp_path):
    root, old = compared
    credentials = tmp_path / "credentials"
    credentials.write_text(f"[default]\naws_secret_access_key = {SECRET}\n: : broken yaml\n")
    (root / ".shapegen-breaking.yaml").symlink_to(credentials)
    result = breaking(root, old)
    assert_user_error(result, "outside the project folder", "through a symlink")
    assert SECRET not in result.err + result.out


def test_an_ignore_file_with_bad_yaml_names_the_line_and_quotes_nothing(compared):
    root, old = compared
    (root / ".shapegen-breaking.yaml").write_text(f"accepted:\n  - rule: {RULE}\n    at: [{SECRET}\n")
    result = breaking(root, old)
    assert_user_error(result, "not valid YAML", file=".shapegen-breaking.yaml")
    assert SECRET not in result.err + result.out


def test_an_unknown_rule_in_the_ignore_file_names_its_line(compared):
    root, old = compared
    (root / ".shapegen-breaking.yaml").write_text("accepted:\n  - rule: no-such-rule\n    at: t\n    reason: r\n")
    result = breaking(root, old)
    assert_user_error(result, "unknown rule 'no-such-rule'", file=".shapegen-breaking.yaml")
    assert ".shapegen-breaking.yaml:2:" in result.err


@pytest.mark.parametrize("kind", ["missing", "folder", "device", "fifo"])
def test_an_ignore_file_named_on_the_command_line_must_be_a_file(compared, tmp_path, kind):
    root, old = compared
    path = {"missing": tmp_path / "nope.yaml", "folder": tmp_path, "device": Path("/dev/zero")}.get(kind)
    if kind == "fifo":
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
    result = breaking(root, old, "--ignore-file", str(path))
    assert_user_error(result, {"missing": "does not exist", "folder": "is a folder"}.get(kind, "not a regular file"))


def test_a_missing_default_ignore_file_is_no_error(compared):
    root, old = compared
    assert run(root, "breaking", "--against", str(old)).code == 0


# ---------------------------------------------------------------- upstream --spec


def spec_with(tmp: Path, ref: str) -> Path:
    folder = tmp / "vendor"
    folder.mkdir(exist_ok=True)
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "v", "version": "1"},
        "components": {"schemas": {"Theirs": {"type": "object", "properties": {"a": {"$ref": ref}}}}},
    }
    path = folder / "spec.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


@pytest.fixture
def ours(tmp_path):
    thing = {"type": "object", "properties": {"a": S}, "x-shapegen-upstream": "#/components/schemas/Theirs"}
    return write_project(tmp_path / "project", {"Thing": thing}, {"Thing": "request"})


@pytest.fixture
def foreign(tmp_path):
    path = tmp_path / "outside.yaml"
    path.write_text(f"components:\n  schemas:\n    Secret: {{const: {SECRET}}}\n")
    return path


@pytest.mark.parametrize("how", ["absolute", "climbing", "symlink"])
def test_upstream_never_follows_a_ref_out_of_the_spec_folder(ours, tmp_path, foreign, how):
    if how == "absolute":
        spec = spec_with(tmp_path, f"{foreign}#/components/schemas/Secret")
    elif how == "climbing":
        spec = spec_with(tmp_path, "../outside.yaml#/components/schemas/Secret")
    else:
        spec = spec_with(tmp_path, "./link.yaml#/components/schemas/Secret")
        (spec.parent / "link.yaml").symlink_to(foreign)
    result = run(ours, "upstream", "--spec", str(spec))
    assert_user_error(result, "spec.yaml")
    assert "absolute path" in result.err or "outside the project folder" in result.err
    assert SECRET not in result.err + result.out


def test_upstream_follows_a_ref_inside_the_spec_folder(ours, tmp_path):
    spec = spec_with(tmp_path, "./parts.yaml#/components/schemas/Text")
    (spec.parent / "parts.yaml").write_text("components:\n  schemas:\n    Text: {type: string}\n")
    result = run(ours, "upstream", "--spec", str(spec))
    assert result.code == 0, result.err


@pytest.mark.parametrize("kind", ["folder", "device"])
def test_upstream_spec_must_be_a_file(ours, tmp_path, kind):
    path = tmp_path if kind == "folder" else Path("/dev/zero")
    assert_user_error(
        run(ours, "upstream", "--spec", str(path)), "folder" if kind == "folder" else "not a regular file"
    )


def vendor_spec(tmp: Path, text: bytes) -> Path:
    (tmp / "vendor").mkdir(exist_ok=True)
    path = tmp / "vendor" / "spec.yaml"
    path.write_bytes(text)
    return path


def test_an_alias_bomb_in_the_upstream_spec_is_refused_quickly(ours, tmp_path):
    bomb = "\n".join(
        f"x-{name}: &{name} [{', '.join([f'*{prev}'] * 10) if prev else ', '.join(['lol'] * 10)}]"
        for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi")
    )
    spec = vendor_spec(tmp_path, ("openapi: 3.1.0\ninfo: {title: v, version: '1'}\n" + bomb + "\n").encode())
    started = time.perf_counter()
    result = run(ours, "upstream", "--spec", str(spec))
    assert time.perf_counter() - started < 60, "the vendor spec took over a minute"
    assert_user_error(result, "spec.yaml:", "alias")


@pytest.mark.parametrize(
    "text, fragment",
    [
        (b"openapi: 3.1.0\ninfo: {title: v\xff, version: '1'}\n", "spec.yaml:2:"),
        (b"openapi: 3.1.0\ninfo: {title: v, version: '1'\n  bad: [\n", "spec.yaml:3:"),
    ],
    ids=["not UTF-8", "broken YAML"],
)
def test_an_unreadable_upstream_spec_names_its_line(ours, tmp_path, text, fragment):
    assert_user_error(run(ours, "upstream", "--spec", str(vendor_spec(tmp_path, text))), fragment)
