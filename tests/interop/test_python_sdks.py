"""shapegen's Python models beside openai-python and the OCI Python SDK (pinned in requirements.txt):
every disagreement on a vector's verdict, on a round trip through the SDK, or on a type's fields is
one the known-differences table in tests/interop/README.md lists with its reason, and every listed
one still happens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import all_vectors, shared_vectors
from tests.interop import python_sdks

pytestmark = pytest.mark.interop

README = Path(__file__).resolve().parent / "README.md"
_ROW = re.compile(r"^\| (\w+) \| ([\w -]+?) \| `([^`]+)` \| (.+) \|$")


def known(sdk: str, check: str) -> dict[str, str]:
    """item -> kind (e.g. `only-sdk-accepts`) of the README rows for this SDK and check."""
    out = {}
    # a row about a shared vector holds only where ../shared is (CI); a user's clone has not got it
    visible = {v.id for v in all_vectors()}
    for line in README.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m and m.group(1) == sdk and m.group(2).split(" ", 1)[0] == check:
            assert m.group(4).strip(), f"{line}: a known difference needs its reason"
            if m.group(3).startswith("shared/") and m.group(3) not in visible:
                continue
            out[m.group(3)] = m.group(2).split(" ", 1)[1]
    return out


@pytest.mark.parametrize("sdk", ["openai", "oci"])
def test_verdicts_differ_only_where_the_table_says(sdk):
    assert python_sdks.verdicts(sdk) == known(sdk, "verdict")


@pytest.mark.parametrize("sdk", ["openai", "oci"])
def test_the_sdk_reads_our_dump_and_we_read_its_json_except_where_the_table_says(sdk):
    tried, failed = python_sdks.round_trips(sdk)
    # every valid vector with a counterpart, not a handful (a clone without ../shared has 6 for OCI)
    assert tried >= (10 if shared_vectors() else 5)
    assert failed == known(sdk, "round-trip")


def test_openai_field_sets_differ_only_where_the_table_says():
    assert python_sdks.openai_field_sets() == known("openai", "fields")


def test_every_oci_attribute_is_one_of_ours_and_the_other_way_round():
    assert python_sdks.oci_field_sets() == {}
