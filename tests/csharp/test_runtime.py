"""The C# runtime on its own (tests/csharp/programs/RuntimeTests.cs): strict RFC 8259 parsing, reading
without coercion, pointers, JSON equality, constraint checks and union choice."""

from __future__ import annotations

import pytest

from tests.csharp.programs import names_in


@pytest.mark.parametrize("name", names_in("RuntimeTests.cs"))
def test_runtime(runtime_results, name):
    assert name in runtime_results, f"{name} did not run"
    assert runtime_results[name] == "", runtime_results[name]
