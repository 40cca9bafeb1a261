"""User-facing problems: the CLI prints them and exits 2 (errors), or prints them and goes on
(warnings); never a traceback.

A problem says where it is (`file:line:column (at #/json/pointer)`), what is wrong and how to
fix it. A run reports every problem it can find at once, sorted by file and line, the way a
compiler does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]

_WHERE = re.compile(r"^(?P<file>[^:(]*?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?(?: \(at #(?P<ptr>.*)\))?$")


@dataclass(frozen=True)
class Diagnostic:
    """One problem. A warning's `hint` states the repair shapegen made."""

    severity: Severity
    message: str
    where: str | None = None
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        m = _WHERE.match(self.where or "")
        if not m:
            return (self.where or "", 0, 0, "", self.message)
        return (m["file"], int(m["line"] or 0), int(m["col"] or 0), m["ptr"] or "", self.message)

    def render(self) -> str:
        """As a terminal or a CI log shows it: text from the input made visible (generator.visible)."""
        from generator.visible import visible

        head = f"{visible(self.where)}: {visible(self.message)}" if self.where else visible(self.message)
        label = "repair" if self.severity == "warning" else "hint"
        return f"{head}\n  {label}: {visible(self.hint)}" if self.hint else head

    def as_error(self) -> Diagnostic:
        return Diagnostic("error", self.message, self.where, self.hint)


def sorted_diagnostics(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.severity, d.message, d.where, d.hint): d for d in items}
    return sorted(unique.values(), key=lambda d: (d.sort_key(), d.severity))


class ShapegenError(Exception):
    """A problem in the user's input: where it is, what is wrong, how to fix it; or several
    (`diagnostics`), every one the run found."""

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        hint: str | None = None,
        diagnostics: Iterable[Diagnostic] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint
        self.diagnostics: list[Diagnostic] = (
            sorted_diagnostics(diagnostics) if diagnostics is not None else [Diagnostic("error", message, where, hint)]
        )

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> ShapegenError:
        items = sorted_diagnostics(diagnostics)
        errors = [d for d in items if d.severity == "error"] or items
        first = errors[0]
        return cls(first.message, where=first.where, hint=first.hint, diagnostics=items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def render(self) -> str:
        if len(self.diagnostics) == 1:
            return self.diagnostics[0].render()
        return "\n".join(d.render() for d in self.diagnostics)
