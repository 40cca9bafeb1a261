"""A no-op `generate` answers from the manifest by each output file's identity (device, inode,
change time, modification time, size), hashing the bytes only where the identity cannot vouch
for them (issue 23 item 4, without weakening issue 20 item 1): any write to a file changes its
change time, so an edit that keeps the size and the modification time is still found, and a
file the manifest calls racy is hashed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.hostile.project import make, run

pytestmark = pytest.mark.slow

TARGETS = '["jsonschema", "python"]'


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    root = make(tmp_path / "project", targets=TARGETS)
    assert run(root, "generate").code == 0
    return root


def manifest_of(root: Path) -> Path:
    (found,) = (root / ".cache" / "shapegen").glob("manifest-*.json")
    return found


def bundle(root: Path) -> Path:
    return root / "generated" / "jsonschema" / "shop.schema.json"


def test_a_no_op_run_reads_no_output_file_the_identity_vouches_for(generated, monkeypatch):
    from generator.output import cache

    read: list[Path] = []
    original = cache.read_regular
    monkeypatch.setattr(cache, "read_regular", lambda path, *a: read.append(Path(path)) or original(path, *a))
    # the files were written long before the seals were taken: their identity vouches for them
    manifest = json.loads(manifest_of(generated).read_text())
    manifest["mark"] += 10 * cache.RACY_NS
    manifest_of(generated).write_text(json.dumps(manifest))
    again = run(generated, "generate")
    assert "as the last run left them" in again.out
    assert not [p for p in read if (generated / "generated") in p.parents]


def test_an_edit_that_keeps_size_and_modification_time_is_found(generated):
    path = bundle(generated)
    before = os.lstat(path)
    text = path.read_text()
    edited = text.replace('"maxLength": 40', '"maxLength": 41')
    assert len(edited) == len(text) and edited != text
    path.write_text(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a careful forger would
    result = run(generated, "generate")
    assert "as the last run left them" not in result.out and "1 written" in result.out
    assert path.read_text() == text


def test_a_racy_file_is_hashed_even_when_its_identity_matches(generated):
    """A file changed within a clock tick of the seals could keep its change time: its identity
    does not vouch, its bytes are compared. (The manifest is rewritten here as only a local
    process could, matching the edited file's identity, to show the bytes are what decides.)"""
    path = bundle(generated)
    path.write_text(path.read_text().replace('"maxLength": 40', '"maxLength": 41'))
    info = os.lstat(path)
    manifest = json.loads(manifest_of(generated).read_text())
    manifest["files"]["jsonschema/shop.schema.json"]["identity"] = [
        info.st_dev,
        info.st_ino,
        info.st_ctime_ns,
        info.st_mtime_ns,
        info.st_size,
    ]
    manifest["mark"] = info.st_ctime_ns  # the seals were taken in the same tick as the edit
    manifest_of(generated).write_text(json.dumps(manifest))
    result = run(generated, "generate")
    assert "as the last run left them" not in result.out and "1 written" in result.out


@pytest.mark.parametrize("tampered", [False, True])
def test_a_forged_manifest_with_a_mark_far_in_the_future_vouches_for_no_copied_file(generated, tmp_path, tampered):
    """A forged mark makes no file racy; it cannot make a copied tree's new inodes and change
    times match the records, so even a byte-identical copy is not called up to date."""
    import shutil

    from generator.output import cache

    clone = tmp_path / "clone"
    shutil.copytree(generated, clone, symlinks=True)
    manifest = json.loads(json.dumps(json.loads(manifest_of(clone).read_text())).replace(str(generated), str(clone)))
    manifest["mark"] = 2**62
    # grant the forger even the inputs' seals, which it cannot know (they are the clone's own)
    manifest["documents"] = {name: cache.seal(Path(name)) for name in manifest["documents"]}
    manifest_of(clone).write_text(json.dumps(manifest))
    path = bundle(clone)
    honest = path.read_text()
    if tampered:
        path.write_text(honest.replace('"maxLength": 40', '"maxLength": 41'))
    result = run(clone, "generate")
    assert result.code == 0 and "as the last run left them" not in result.out
    assert f"{int(tampered)} written" in result.out
    assert path.read_text() == honest


def test_a_change_to_shapegens_own_code_sends_the_run_the_full_way(tmp_path, monkeypatch):
    """The code's fingerprint is vouched for by the identity of each file it reads: a template
    edited in place, keeping its size, is found."""
    from generator.output import manifest

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.j2").write_text("{{ a }}\n")
    monkeypatch.setattr(manifest, "_TEMPLATES", templates)
    root = make(tmp_path / "project", targets=TARGETS)
    assert run(root, "generate").code == 0
    assert "as the last run left them" in run(root, "generate").out
    (templates / "page.j2").write_text("{{ b }}\n")
    assert "as the last run left them" not in run(root, "generate").out
    assert "as the last run left them" in run(root, "generate").out


def test_a_run_that_leaves_many_racy_bytes_waits_so_that_later_no_op_runs_read_no_output_file(tmp_path, monkeypatch):
    """A few large files written within a clock tick of the seals (a one-line edit rewrites the
    vendor spec's 9 MB Rust module) would be hashed by every later no-op run: past a budget of
    racy bytes the run waits out the tick before sealing, as it does past a number of files."""
    from generator.output import cache, manifest

    root = make(tmp_path / "project", targets=TARGETS)
    monkeypatch.setattr(manifest, "_RACY_BYTES", 0)  # every racy byte is over the budget
    assert run(root, "generate").code == 0
    sealed = json.loads(manifest_of(root).read_text())
    assert not [rel for rel, record in sealed["files"].items() if cache.racy(record["identity"][2], sealed["mark"])]
    read: list[Path] = []
    original = cache.read_regular
    monkeypatch.setattr(cache, "read_regular", lambda path, *a: read.append(Path(path)) or original(path, *a))
    again = run(root, "generate")
    assert "as the last run left them" in again.out
    assert not [p for p in read if (root / "generated") in p.parents]
