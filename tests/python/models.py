"""Import the generated pydantic models (generated/python) by namespace and name."""

from __future__ import annotations

import importlib
import sys
from typing import Any

from tests.conftest import GENERATED

_PACKAGE_ROOT = str(GENERATED / "python")
if _PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, _PACKAGE_ROOT)


def model(namespace: str, name: str) -> Any:
    return getattr(importlib.import_module(f"realtime_shapes.{namespace}"), name)
