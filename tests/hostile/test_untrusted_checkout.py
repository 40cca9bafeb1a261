"""The checkout is input, never trusted state (issue 20, item 1): nothing under `.cache/` that
came with a checkout (committed, unpacked, planted, a link, a FIFO) changes what `generate`
writes or what `check` concludes; `check` always compares with a fresh render; no cache folder
leads outside the project; no cached executable runs without being rebuilt from verified inputs."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.hostile.project import SECRET, make, run

TARGETS = '["jsonschema", "python"]'
PLANTED = "PLANTED_BY_A_PULL_REQUEST = True\n"


@pytest.fixture
def generated(tmp_path):
    root = make(tmp_path / "project", targets=TARGETS)
    assert run(root, "generate").code == 0
    return root


def models(root: Path) -> Path:
    return next((root / "generated" / "python").glob("*/shop/models.py"))


def plant_black_cache(root: Path, content: str) -> list[Path]:
    """Entries such as a pull request author could commit under `.cache/black/` (the layout the
    old formatter cache used: two hex digits, then the key): shapegen no longer runs black while
    generating, so none of them may be read."""
    import hashlib

    planted = []
    for seed in (content, content + "\n", "any text"):
        key = hashlib.sha256(seed.encode()).hexdigest()
        entry = root / ".cache" / "black" / key[:2] / key
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(content)
        planted.append(entry)
    return planted


def fresh_copy(root: Path, where: Path) -> Path:
    """The project as a clone or an unpacked archive gives it: same bytes, new files."""
    shutil.copytree(root, where, symlinks=True)
    return where


@pytest.mark.parametrize("how", ["committed", "edited in place"])
def test_a_forged_black_cache_entry_changes_neither_check_nor_generate(generated, tmp_path, how):
    root = fresh_copy(generated, tmp_path / "clone") if how == "committed" else generated
    honest = models(root).read_text()
    plant_black_cache(root, honest + PLANTED)
    models(root).write_text(honest + PLANTED)  # the tampered output the forged entry would vouch for

    result = run(root, "check")
    assert result.code == 1 and PLANTED.strip() in result.out  # the diff removes the planted line

    assert run(root, "generate").code == 0
    assert models(root).read_text() == honest
    assert run(root, "check").code == 0


def test_a_black_cache_entry_linked_to_a_secret_is_never_read(generated, tmp_path):
    secret = tmp_path / "environ"
    secret.write_text(f"CI_SECRET_TOKEN={SECRET}\n")
    entry = plant_black_cache(generated, "")[0]
    entry.unlink()
    entry.symlink_to(secret)
    for command in ("check", "generate"):
        result = run(generated, command)
        assert result.code == 0, result.err
        assert SECRET not in result.out + result.err
        assert all(SECRET not in p.read_text() for p in (generated / "generated").rglob("*") if p.is_file())


def test_a_fifo_in_the_black_cache_does_not_hang_a_run(generated):
    entry = plant_black_cache(generated, "")[0]
    entry.unlink()
    os.mkfifo(entry)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(run(generated, "check")), daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # unblock the reader before failing
        with open(entry, "w"):
            pass
        pytest.fail("check hung on a FIFO in the black cache")
    assert outcome[0].code == 0  # type: ignore[attr-defined]


def manifest_of(root: Path) -> Path:
    found = list((root / ".cache" / "shapegen").glob("manifest-*.json"))
    assert len(found) == 1
    return found[0]


def test_a_manifest_that_came_with_the_checkout_does_not_vouch_for_a_tampered_tree(generated, tmp_path):
    root = fresh_copy(generated, tmp_path / "clone")
    honest = models(root).read_text()
    models(root).write_text(honest + PLANTED)
    manifest = json.loads(manifest_of(root).read_text())
    # the strongest forgery an author can make offline: the right hashes for the tampered tree
    import hashlib

    for rel, record in manifest["files"].items():
        record["sha256"] = hashlib.sha256((root / "generated" / rel).read_bytes()).hexdigest()
    manifest_of(root).write_text(json.dumps(manifest))

    assert run(root, "check").code == 1
    result = run(root, "generate")
    assert result.code == 0 and "1 written" in result.out
    assert models(root).read_text() == honest


def test_check_always_renders_even_when_the_manifest_matches(generated):
    bundle = generated / "generated" / "jsonschema" / "shop.schema.json"
    bundle.write_text(bundle.read_text().replace('"maxLength": 40', '"maxLength": 41'))
    manifest = json.loads(manifest_of(generated).read_text())
    import hashlib

    manifest["files"]["jsonschema/shop.schema.json"]["sha256"] = hashlib.sha256(bundle.read_bytes()).hexdigest()
    manifest["files"]["jsonschema/shop.schema.json"]["identity"] = list(
        (lambda s: [s.st_dev, s.st_ino, s.st_ctime_ns, s.st_mtime_ns, s.st_size])(os.lstat(bundle))
    )
    manifest_of(generated).write_text(json.dumps(manifest))
    # even a manifest matching the disk exactly (as a local process could write it) does not answer check
    assert run(generated, "check").code == 1


@pytest.mark.parametrize("document", ["outside", "/dev/zero", "fifo"])
def test_manifest_document_paths_outside_the_project_are_never_read(generated, tmp_path, document):
    if document == "outside":
        path = tmp_path / "outside.yaml"
        path.write_text(f"token: {SECRET}\n")
    elif document == "fifo":
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
    else:
        path = Path(document)
    manifest = json.loads(manifest_of(generated).read_text())
    manifest["documents"][str(path)] = {"identity": [0, 0, 0, 0, 0], "sha256": "0" * 64}
    manifest_of(generated).write_text(json.dumps(manifest))
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(run(generated, "generate")), daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():
        with open(path, "w"):
            pass
        pytest.fail(f"generate hung reading the manifest's document {document}")
    result = outcome[0]
    assert result.code == 0 and "as the last run left them" not in result.out  # type: ignore[attr-defined]
    assert SECRET not in result.out + result.err  # type: ignore[attr-defined]


def test_a_cache_folder_linked_outside_the_project_is_not_written(tmp_path):
    root = make(tmp_path / "project", targets=TARGETS)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / ".cache").symlink_to(outside, target_is_directory=True)
    for command in ("generate", "check", "generate"):
        assert run(root, command).code == 0
    assert list(outside.rglob("*")) == []


@pytest.mark.parametrize("link", ["black", "shapegen"])
def test_a_cache_subfolder_linked_outside_the_project_is_not_written(tmp_path, link):
    root = make(tmp_path / "project", targets=TARGETS)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / ".cache").mkdir()
    (root / ".cache" / link).symlink_to(outside, target_is_directory=True)
    for command in ("generate", "generate", "check"):
        assert run(root, command).code == 0
    assert list(outside.rglob("*")) == []


@pytest.mark.skipif(shutil.which("mcs") is None or shutil.which("mono") is None, reason="needs mono's mcs")
def test_a_csharp_driver_that_came_with_the_checkout_is_rebuilt_before_it_runs(tmp_path):
    from generator.config import load_config
    from generator.drivers import csharp

    root = make(tmp_path / "project", targets='["csharp"]')
    assert run(root, "generate").code == 0
    exe = csharp.build(load_config(root))
    stamp = json.loads((exe.parent / "driver.exe.stamp").read_text())

    clone = fresh_copy(root, tmp_path / "clone")
    planted = clone / exe.relative_to(root)
    planted.write_bytes(b"MZ planted executable")
    import hashlib

    stamp["exe"]["sha256"] = hashlib.sha256(planted.read_bytes()).hexdigest()
    (planted.parent / "driver.exe.stamp").write_text(json.dumps(stamp))

    rebuilt = csharp.build(load_config(clone))
    assert rebuilt == planted and rebuilt.read_bytes() != b"MZ planted executable"
    assert rebuilt.read_bytes()[:2] == b"MZ"
    # and the verified build is reused, not rebuilt again
    identity = os.lstat(rebuilt).st_ino, os.lstat(rebuilt).st_ctime_ns
    assert csharp.build(load_config(clone)) == rebuilt
    assert (os.lstat(rebuilt).st_ino, os.lstat(rebuilt).st_ctime_ns) == identity


@pytest.mark.skipif(shutil.which("mcs") is None, reason="needs mono's mcs")
def test_a_csharp_driver_folder_linked_outside_the_project_is_refused(tmp_path):
    from generator.config import load_config
    from generator.drivers import csharp
    from generator.errors import ShapegenError

    root = make(tmp_path / "project", targets='["csharp"]')
    assert run(root, "generate").code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / ".cache" / "conformance").mkdir(parents=True, exist_ok=True)
    (root / ".cache" / "conformance" / "csharp").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ShapegenError, match="symbolic link"):
        csharp.build(load_config(root))
    assert list(outside.iterdir()) == []
