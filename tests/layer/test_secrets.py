"""Every language prints the one redaction marker the layer decides (generator.layer.secrets)."""

from __future__ import annotations

import pytest

from generator.layer.secrets import REDACTED
from tests.conftest import REPO

# the runtime or template of each language that spells the marker (Dart has no runtime file that
# prints values: its toString() is planned in the target, so the rendered library is read)
RUNTIMES = {
    "python": "templates/python/base.py.j2",
    "rust": "templates/rust/runtime.rs",
    "typescript": "templates/typescript/runtime.ts",
    "csharp": "templates/csharp/runtime/Shapes.cs",
    "dart": "generated/dart/lib/src/openai.dart",
}


@pytest.mark.parametrize("language", sorted(RUNTIMES))
def test_each_runtime_prints_the_layers_marker(language):
    text = (REPO / RUNTIMES[language]).read_text(encoding="utf-8")
    assert REDACTED in text
    assert "[redacted]" not in text
