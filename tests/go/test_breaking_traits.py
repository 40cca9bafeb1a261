"""What `shapegen breaking` assumes about Go source (generator/compat/source.py) is what the Go
target declares beside its naming rules (`generator.targets.go.TRAITS`): fields and members by
their assigned names, named constants for enum values, a type of its own for an optional nullable
field, different integer and number types, and no exhaustive switches."""

from __future__ import annotations

from generator.compat.source import discover
from generator.targets import go as target


def test_breaking_sees_go_as_the_target_declares_it():
    (go,) = [lang for lang in discover() if lang.name == "go"]
    assert go.title == "Go"
    assert {key: getattr(go, key) for key in target.TRAITS} == target.TRAITS
