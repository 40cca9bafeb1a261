"""shapegen's own code is fingerprinted (read and hashed) for the render cache and the manifest,
unless the last run's manifest recorded the fingerprint with the identities of the files it was
worked out from and every one of those files is still that very file, sealed outside a clock tick
of the manifest's mark: then the recorded fingerprint is used, as the no-op run already trusts it
(issue 23: a warm run after a schema edit does not read the code again)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.output import cache, manifest


@pytest.fixture
def templates(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.j2").write_text("{{ a }}\n")
    monkeypatch.setattr(manifest, "_TEMPLATES", folder)
    return folder


def recorded_now(fingerprint: str = "recorded") -> tuple[str, dict, int]:
    """A record as a manifest keeps it, its seals taken well after every code file was written."""
    return fingerprint, manifest._code_identities(), cache.clock(Path.cwd()) + 10 * cache.RACY_NS


def test_a_recorded_fingerprint_whose_files_are_the_very_files_is_used_without_reading_them(templates, monkeypatch):
    code = manifest.Code()
    code.recorded = recorded_now()
    monkeypatch.setattr(manifest, "_fingerprint_now", lambda: pytest.fail("the code was read and hashed"))
    assert code.fingerprint() == "recorded"


def test_a_template_edited_in_place_is_fingerprinted_anew(templates):
    code_before = manifest.Code()
    honest = code_before.fingerprint()
    record = recorded_now(honest)
    page = templates / "page.j2"
    before = os.lstat(page)
    page.write_text("{{ b }}\n")  # same size, same modification time: only the change time tells
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    code = manifest.Code()
    code.recorded = record
    assert code.fingerprint() != honest


def test_a_file_sealed_within_a_clock_tick_of_the_mark_does_not_vouch(templates):
    code = manifest.Code()
    fingerprint, files, _ = recorded_now()
    newest = max(ident[2] for ident in files.values() if isinstance(ident, list))
    code.recorded = (fingerprint, files, newest)  # the seals were taken in the tick of the last write
    assert code.fingerprint() != "recorded"
    assert code.fingerprint() == manifest._fingerprint_now()


def test_a_record_that_is_not_a_manifests_is_not_used(templates):
    code = manifest.Code()
    code.recorded = (["not", "a", "fingerprint"], manifest._code_identities(), 0)  # type: ignore[assignment]
    assert code.fingerprint() == manifest._fingerprint_now()
