"""The test run itself: what it needs around it."""

from tests.conftest import IN_CI, SHARED


def test_shared_material_is_present_in_ci():
    if IN_CI:
        assert SHARED.is_dir(), f"{SHARED} is missing: CI must run with ../shared beside the clone"
