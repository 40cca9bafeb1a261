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

import os
from dataclasses import dataclass, replace
from pathlib import Path

from generator.compat.findings import Finding
from generator.compat.rules import all_rule_ids
from generator.errors import Diagnostic, ShapegenError

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


MAX_BYTES = 2 * 1024 * 1024  # far more than any team's accepted findings; a bound for a hostile file
MAX_ENTRIES = 10_000


def load(path: Path, *, root: Path | None = None, explicit: bool = False) -> list[Accepted]:
    """The accepted findings of the ignore file at `path`, read through the schema loader (YAML
    1.2 core schema, JSON values only, alias and depth limits, errors with file and line that
    never quote the file). The default file (`explicit` False) may be absent, and is confined to
    the project `root`: a link out of it is an error, never followed. A file named on the command
    line (`--ignore-file`) must exist and be a regular file."""
    from generator.load import confine, parse_file, read_schema_bytes

    where = path.name if not explicit else str(path)
    if not explicit and not os.path.lexists(path):
        return []
    if explicit and not os.path.lexists(path):
        raise ShapegenError(
            f"--ignore-file {str(path)!r} does not exist", hint=f"name the accepted findings file (a {FILE_NAME})"
        )
    if root is not None and not explicit:
        path = confine(path, root, what="ignore file")
    if os.path.isdir(path):
        raise ShapegenError(f"{where} is a folder, not an ignore file", hint=f"name the {FILE_NAME} file itself")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ShapegenError(f"cannot read {where}: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise ShapegenError(
            f"{where} is {size} bytes, more than the {MAX_BYTES} shapegen reads from an ignore file",
            where=where,
            hint="accept findings by a prefix of their path rather than one by one",
        )
    text = read_schema_bytes(path, where)  # a regular file: a device or a FIFO is an error
    if not text.strip():
        return []
    try:
        document = parse_file(path, path.parent, text)
    except ShapegenError as exc:
        if exc.message.startswith("a schema file must be a YAML mapping") or exc.message.startswith(
            "the file is empty"
        ):
            raise ShapegenError(
                "the ignore file must be a mapping with an 'accepted' list", where=f"{where}:1:1", hint=_HINT
            ) from None
        raise ShapegenError.of(
            Diagnostic(d.severity, d.message, _named(d.where, document_rel=path.name, shown=where), d.hint)
            for d in exc.diagnostics
        ) from None
    data = document.data

    def at_line(pointer: str) -> str:
        return _named(document.where(pointer), document_rel=document.rel, shown=where)

    entries = data.get("accepted")
    if not isinstance(entries, list):
        raise ShapegenError(
            "the ignore file must be a mapping with an 'accepted' list", where=at_line("/accepted"), hint=_HINT
        )
    if len(entries) > MAX_ENTRIES:
        raise ShapegenError(
            f"{len(entries)} accepted findings, more than the {MAX_ENTRIES} shapegen reads",
            where=at_line("/accepted"),
            hint="accept findings by a prefix of their path rather than one by one",
        )
    known = set(all_rule_ids())
    out = []
    for i, entry in enumerate(entries):
        at = at_line(f"/accepted/{i}")
        if not isinstance(entry, dict):
            raise ShapegenError("each accepted finding is a mapping", where=at, hint=_HINT)
        rule, path_, reason = entry.get("rule"), entry.get("at"), entry.get("reason")
        if rule not in known:
            raise ShapegenError(
                f"unknown rule {rule!r}",
                where=at_line(f"/accepted/{i}/rule") if "rule" in entry else at,
                hint="use a rule id as `shapegen breaking` prints it",
            )
        if not isinstance(path_, str) or not path_:
            raise ShapegenError("'at' must name where the finding is (its path)", where=at, hint=_HINT)
        if not isinstance(reason, str) or not reason.strip():
            raise ShapegenError("every accepted finding needs a reason", where=at, hint="say why it is acceptable")
        category = entry.get("category")
        out.append(Accepted(rule, path_, str(category) if category is not None else None, reason.strip()))
    return out


def _named(where: str | None, *, document_rel: str, shown: str) -> str:
    """A loader position (`<file>:line:col ...`) with the file as the user named it."""
    if where is None:
        return shown
    return shown + where[len(document_rel) :] if where.startswith(document_rel) else where


_HINT = "accepted: [{rule: <rule id>, at: <namespace:Shape.field>, reason: <why>}]"


def apply(findings: list[Finding], accepted: list[Accepted]) -> list[Finding]:
    out = []
    for f in findings:
        entry = next((a for a in accepted if a.covers(f)), None)
        out.append(replace(f, accepted=entry.reason) if entry else f)
    return out
