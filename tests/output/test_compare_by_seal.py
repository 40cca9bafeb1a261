"""A `generate` that is not a no-op compares the new output with the old by the last run's seals
(issue 23 item 5: files that did not change are not rewritten, and not read either): an output
file whose identity vouches for it (`cache.vouched`) is compared by the hash the manifest keeps of
its bytes, and only the others are read. `check` never uses the seals: it reads every file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.project import make, run, snapshot

pytestmark = pytest.mark.slow

TARGETS = '["jsonschema", "python", "docs"]'


def manifest_of(root: Path) -> Path:
    (found,) = (root / ".cache" / "shapegen").glob("manifest-*.json")
    return found


def settle(root: Path) -> None:
    """As if the last run's files were written long before its seals were taken (a real run's
    files are; here they are written within the same clock tick): no seal is racy."""
    from generator.output import cache

    manifest = json.loads(manifest_of(root).read_text())
    manifest["mark"] += 10 * cache.RACY_NS
    manifest_of(root).write_text(json.dumps(manifest))


def edit_schema(root: Path) -> None:
    api = root / "schema" / "api.yaml"
    api.write_text(api.read_text().replace("maxLength: 40", "maxLength: 41"))


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every output file compared by reading it, or hashed, from now on."""
    from generator.output import cache, guards

    seen: list[Path] = []
    read, read_regular = guards.read, cache.read_regular
    monkeypatch.setattr(guards, "read", lambda path, *a: seen.append(Path(path)) or read(path, *a))
    monkeypatch.setattr(cache, "read_regular", lambda path, *a: seen.append(Path(path)) or read_regular(path, *a))
    return seen


def test_a_schema_edit_reads_no_output_file_the_seals_vouch_for_and_writes_what_a_fresh_run_writes(tmp_path, reads):
    root = make(tmp_path / "project", targets=TARGETS)
    assert run(root, "generate").code == 0
    settle(root)
    edit_schema(root)
    reads.clear()
    result = run(root, "generate")
    assert result.code == 0, result.err
    written = int(result.out.split(" written")[0].rsplit(" ", 1)[1])
    assert written > 0 and " 0 unchanged" not in result.out
    assert not [p for p in reads if (root / "generated") in p.parents]
    fresh = make(tmp_path / "fresh", api=(root / "schema" / "api.yaml").read_text(), targets=TARGETS)
    assert run(fresh, "generate").code == 0
    assert snapshot(root / "generated") == snapshot(fresh / "generated")
    assert run(root, "check").code == 0


def test_a_file_whose_seal_does_not_vouch_for_it_is_read(tmp_path, reads):
    """A file replaced by hand (same bytes, a new inode) is not the file the seal names: it is
    read, found equal and left as it is; every other file is compared by its seal."""
    root = make(tmp_path / "project", targets=TARGETS)
    assert run(root, "generate").code == 0
    settle(root)
    replaced = root / "generated" / "docs" / "shop" / "Receipt.md"  # the edit leaves it as it is
    data = replaced.read_bytes()
    replaced.unlink()
    replaced.write_bytes(data)
    edit_schema(root)
    reads.clear()
    assert run(root, "generate").code == 0
    assert [p for p in reads if (root / "generated") in p.parents] == [replaced]
    assert replaced.read_bytes() == data


def test_check_reads_every_output_file_whatever_the_seals_say(tmp_path, reads):
    root = make(tmp_path / "project", targets=TARGETS)
    assert run(root, "generate").code == 0
    settle(root)
    files = [p for p in (root / "generated").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    reads.clear()
    assert run(root, "check").code == 0
    assert sorted(set(p for p in reads if (root / "generated") in p.parents)) == sorted(files)
