"""User-facing errors: the CLI prints them and exits 2, never with a traceback."""

from __future__ import annotations


class ShapegenError(Exception):
    """A problem in the user's input: where it is, what is wrong, how to fix it."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def render(self) -> str:
        head = f"{self.where}: {self.message}" if self.where else self.message
        return f"{head}\n  hint: {self.hint}" if self.hint else head
