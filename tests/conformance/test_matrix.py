"""Every language's generated code gives every vector its expected verdict, and re-serialises every
valid payload to an equal JSON document."""

from __future__ import annotations

import pytest

from tests.conformance.matrix import languages, matrix

_CELLS: dict[str, list] = {}


def cells_for(lang):
    if lang not in _CELLS:
        _CELLS[lang] = matrix([lang])
    return _CELLS[lang]


@pytest.mark.parametrize("lang", languages())
def test_every_vector_gets_the_expected_verdict_and_round_trips(lang):
    wrong = [c for c in cells_for(lang) if not c.right]
    assert not wrong, "\n".join(f"{c.item.id}: {c.why}" for c in wrong)
