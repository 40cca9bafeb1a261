"""The interop tier: shapegen's generated code beside the SDKs people use with it (pinned in
tests/interop/requirements.txt, installed by `make toolchain-interop`, which `make test` runs).

Outside CI a missing SDK is a skip with its reason; under CI=true it is a failure."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from tests.conftest import IN_CI


def require_module(name: str) -> ModuleType:
    """An installed SDK module, or a skip (a failure in CI) naming how to install it."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        message = f"{name} is not installed: run `make toolchain-interop` (tests/interop/requirements.txt)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
