"""The ignore file, `.shapegen-breaking.yaml`: findings a team accepted, each with a reason.

```yaml
accepted:
  - rule: response-enum-value-added          # the finding's rule id
    at: openai:RealtimeModel                 # its path, or a prefix of it ending at a name
    category: wire                           # optional: wire or source:<language>; default any
    reason: every SDK we ship keeps unknown models
```
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from generator.compat.findings import Finding
from generator.compat.rules import all_rule_ids
from generator.errors import ShapegenError

FILE_NAME = ".shapegen-breaking.yaml"


@dataclass(frozen=True)
class Accepted:
    rule: str
    at: str
    category: str | None
    reason: str

    def covers(self, f: Finding) -> bool:
        if f.rule != self.rule or (self.category is not None and f.category != self.category):
            return False
        return f.path == self.at or (f.path.startswith(self.at) and f.path[len(self.at)] in ".[{|")


def load(path: Path) -> list[Accepted]:
    if not path.is_file():
        return []
    where = str(path.name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ShapegenError(f"not valid YAML: {exc}", where=where) from None
    entries = data.get("accepted") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ShapegenError("the ignore file must be a mapping with an 'accepted' list", where=where, hint=_HINT)
    known = set(all_rule_ids())
    out = []
    for i, entry in enumerate(entries):
        at = f"{where} (accepted[{i}])"
        if not isinstance(entry, dict):
            raise ShapegenError("each accepted finding is a mapping", where=at, hint=_HINT)
        rule, path_, reason = entry.get("rule"), entry.get("at"), entry.get("reason")
        if rule not in known:
            raise ShapegenError(
                f"unknown rule {rule!r}", where=at, hint="use a rule id as `shapegen breaking` prints it"
            )
        if not isinstance(path_, str) or not path_:
            raise ShapegenError("'at' must name where the finding is (its path)", where=at, hint=_HINT)
        if not isinstance(reason, str) or not reason.strip():
            raise ShapegenError("every accepted finding needs a reason", where=at, hint="say why it is acceptable")
        category = entry.get("category")
        out.append(Accepted(rule, path_, str(category) if category is not None else None, reason.strip()))
    return out


_HINT = "accepted: [{rule: <rule id>, at: <namespace:Shape.field>, reason: <why>}]"


def apply(findings: list[Finding], accepted: list[Accepted]) -> list[Finding]:
    out = []
    for f in findings:
        entry = next((a for a in accepted if a.covers(f)), None)
        out.append(replace(f, accepted=entry.reason) if entry else f)
    return out
