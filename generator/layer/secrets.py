"""Secrets (`x-shapegen-secret`, `ir.Field.secret`): what every language prints in place of one.

One marker for every language, so a log line reads the same whichever service wrote it. The
runtimes are real source files copied as they are, so each spells the marker itself;
`tests/layer/test_secrets.py` holds them to this value.
"""

from __future__ import annotations

REDACTED = "<redacted>"
