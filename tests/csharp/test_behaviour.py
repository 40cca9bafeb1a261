"""Wire behaviour of the generated C# classes (tests/csharp/programs/BehaviourTests.cs, on
tests/csharp/fixture): presence, strict reading, JsonConvert, open and closed enums, tagged,
open and untagged unions, unknown properties, Validate() with pointers, secrets and names."""

from __future__ import annotations

import pytest

from tests.csharp.programs import names_in


@pytest.mark.parametrize("name", names_in("BehaviourTests.cs"))
def test_behaviour(behaviour_results, name):
    assert name in behaviour_results, f"{name} did not run"
    assert behaviour_results[name] == "", behaviour_results[name]
