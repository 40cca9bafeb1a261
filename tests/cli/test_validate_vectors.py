"""`shapegen validate` gives every vector its expected verdict: exit 0 valid, 1 invalid, 2 not JSON."""

from __future__ import annotations

import pytest

from generator.cli import main
from tests.conftest import REPO, all_vectors

EXIT = {"valid": 0, "invalid": 1, "unparseable": 2}


@pytest.mark.parametrize("vector", all_vectors(), ids=lambda v: v.id)
def test_validate_exits_with_the_expected_verdict(vector, capsys):
    code = main(["--project", str(REPO), "validate", "--quiet", "--shape", vector.shape, str(vector.file)])
    out = capsys.readouterr()
    assert code == EXIT[vector.expect], out.out + out.err
