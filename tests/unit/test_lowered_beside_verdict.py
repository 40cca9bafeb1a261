"""While the check's verdict is out in a forked child (generator.front), the run lowers the
normalised bundles instead of waiting: what it says is still exactly what a serial run says. A
lowering error on a sound document is reported as a serial run reports it; on a document the
verdict refuses, only the verdict's errors are said, as in a serial run, which never lowers it."""

from __future__ import annotations

import re
import shutil

import pytest

from generator import check, front, load
from tests.hostile.project import API, make, run

# a property whose schema is `false` is valid JSON Schema, which lowering refuses
NEVER_VALID = API.replace("note: {type: string}", "note: false")
CASES = {
    "sound": API,
    "sound, but lowering refuses it": NEVER_VALID,
    "refused by the verdict, and by lowering": NEVER_VALID.replace("{type: integer, minimum: 1}", "{type: integr}"),
}


@pytest.fixture
def lowered_early(monkeypatch):
    """The overlap taken whatever the spec's size; the namespaces lowered while the verdict was out."""
    check._openapi_validator()  # compiled here first: each child inherits them
    check._schema_validator()
    early: list[str] = []
    lower_ahead = front._lower_ahead

    def counting(normalised, seconds):
        found = lower_ahead(normalised, seconds)
        early.extend(found)
        return found

    monkeypatch.setattr(front, "OVERLAP_BYTES", 0)
    monkeypatch.setattr(front, "_lower_ahead", counting)
    return early


def _generate(monkeypatch, root, jobs: int):
    monkeypatch.setenv("SHAPEGEN_JOBS", str(jobs))
    load._PARSED.clear()  # parsed and checked afresh: a cached document keeps its verdict
    fresh = root.parent / f"{root.name}-{jobs}"
    shutil.copytree(root, fresh)
    result = run(fresh, "generate")
    return result.code, re.sub(r"in [0-9.]+ s", "in ... s", result.out), result.err


@pytest.mark.parametrize("case", CASES)
def test_lowering_while_the_verdict_is_out_says_what_a_serial_run_says(tmp_path, monkeypatch, lowered_early, case):
    root = make(tmp_path, api=CASES[case], targets='["jsonschema", "python"]')
    overlapped = _generate(monkeypatch, root, 2)
    assert lowered_early == ["shop"]
    serial = _generate(monkeypatch, root, 1)
    assert lowered_early == ["shop"]  # a serial run lowers after the verdict
    assert overlapped == serial
    code, _, err = overlapped
    assert "Traceback" not in err
    if case == "sound":
        assert code == 0
    else:
        assert code == 2
        assert ("schema is 'false'" in err) == (case == "sound, but lowering refuses it")
        assert re.search(r"schema/api\.yaml:\d+:\d+", err)  # with its line
