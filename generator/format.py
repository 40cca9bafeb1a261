"""Format: the last step before a file is planned. Python goes through black; other languages'
templates are written to produce formatted code (their tests run each language's formatter
in check mode), so output never depends on which toolchains a machine happens to have."""

from __future__ import annotations

import black


def format_file(path: str, text: str) -> str:
    if path.endswith(".py") or path.endswith(".pyi"):
        return black.format_str(text, mode=black.Mode(target_versions={black.TargetVersion.PY311}))
    return text if text.endswith("\n") else text + "\n"
