"""Finished code, as its own type: what a code template may print.

A raw schema string (a description, a wire name, a pattern, a default) and a piece of finished
code were both `str`, so nothing told a template which of the two it was printing; quoting was a
filter a template had to remember to call. Here they differ:

- `Code` is a `str` that is already code in one language. It is made only by the language's
  quoting layer (its string-literal, identifier and doc-comment functions return `Code`), by a
  `Syntax` (below) that builds code out of code, or by `verbatim` for fixed text written in the
  generator's own source (`"Json.ReadString"`, `"null"`), never for text that came from a schema.
- `Syntax(language, string=...)` builds code the way ajv's `_` template does: in
  `cs("Json.Child(at, {wire})", wire=f.wire_name)` each part that is `Code` is inserted as it is,
  an `int` as its digits, and a plain `str` is quoted by default, as the language's string literal.
  Anything else (a float, a bool, None) is refused: its spelling is the language's to decide.
- `code_environment(...)` is the Jinja environment of a code template: its `finalize` refuses a
  plain `str` reaching `{{ }}` (`BareString`), so a raw schema string cannot reach generated code
  unquoted, and a macro's output (built by the template itself) is `Code`.

Templates print plans: the target's Python decides every statement and expression (as `Code`),
the template lays them out.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

import jinja2


class Code(str):
    """Finished code in one language, printed as it is (see the module notes)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Code({str.__repr__(self)})"


class BareString(jinja2.TemplateError):
    """A plain `str` reached a code template's `{{ }}`: it must be quoted or built as `Code`."""


def verbatim(text: str) -> Code:
    """Fixed code written in the generator's own source (never text that came from a schema)."""
    return Code(text)


def join(separator: str, parts: Iterable[Code]) -> Code:
    """Code parts joined by a fixed separator; every part must already be `Code`."""
    items = list(parts)
    for part in items:
        _require(part)
    return Code(separator.join(items))


def lines(parts: Iterable[Code], indent: int = 0) -> Code:
    """Statements (each `Code`, possibly several lines) one per line, indented by `indent`
    spaces; an empty line stays empty."""
    return Code("\n".join((" " * indent + line) if line else "" for line in join("\n", parts).split("\n")))


class _Spellings(dict):  # type: ignore[type-arg]
    """Each character's spelling under one per-character escape, worked out on first use."""

    def __init__(self, one: Callable[[str], str]) -> None:
        super().__init__()
        self.one = one

    def __missing__(self, c: str) -> str:
        spelled = self[c] = self.one(c)
        return spelled


def per_character(one: Callable[[str], str]) -> Callable[[str], str]:
    """`text -> "".join(one(c) for c in text)`, computed without a Python call per character.

    `one` must depend on its character alone. The ASCII characters it changes are found by asking
    it about each of them, here; every other character is looked up (and remembered) only where
    it occurs, so text with nothing to escape is one regex scan."""
    spellings = _Spellings(one)
    changed = "".join(re.escape(chr(o)) for o in range(128) if spellings[chr(o)] != chr(o))
    # \x80 and above: any non-ASCII character may be one that `one` changes
    pattern = re.compile(f"[{changed}\\x80-\\U0010ffff]" if changed else "[\\x80-\\U0010ffff]")
    replace = pattern.sub
    search = pattern.search

    def spell(match: re.Match[str]) -> str:
        return spellings[match.group()]

    def escaped(text: str) -> str:
        return replace(spell, text) if search(text) else text

    return escaped


def _require(value: Any) -> Code:
    if not isinstance(value, Code):
        raise BareString(f"not code: {value!r} (quote it with the language's quoting layer, or build it as Code)")
    return value


_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class Syntax:
    """Builds code of one language from a fixed template and parts (see the module notes)."""

    language: str
    # the language's string literal whose value is exactly the given text
    string: Callable[[str], str]

    def part(self, value: Any) -> Code:
        """One part of a template: code as it is, an int as its digits, a plain str quoted."""
        if isinstance(value, Code):
            return value
        if isinstance(value, str):
            return Code(self.string(value))
        if isinstance(value, int) and not isinstance(value, bool):
            return Code(str(value))
        raise TypeError(f"{self.language}: no default spelling for {value!r}; build it as Code")

    def __call__(self, template: str, /, **parts: Any) -> Code:
        out = []
        for text, name in _parsed(template, self.language):
            out.append(text)
            if name is None:
                continue
            if name not in parts:
                raise ValueError(f"{self.language}: bad code template field {name!r} in {template!r}")
            value = parts[name]
            out.append(value if type(value) is Code else self.part(value))
        return Code("".join(out))


# each code template's parse, (text, field name or None) in order: templates are fixed strings in the
# generator's source, parsed once a run
_PARSES: dict[str, list[tuple[str, str | None]]] = {}


def _parsed(template: str, language: str) -> list[tuple[str, str | None]]:
    parse = _PARSES.get(template)
    if parse is None:
        parse = []
        for text, name, spec, conversion in _FORMATTER.parse(template):
            if name is not None and (spec or conversion):
                raise ValueError(f"{language}: bad code template field {name!r} in {template!r}")
            parse.append((text, name))
        _PARSES[template] = parse
    return parse


def refuse_bare(value: Any) -> Any:
    """A code template's `finalize`: code and numbers print; a plain str is an error, and so is
    anything else (None, a bool, an object whose str() would be printed unchecked)."""
    if type(value) is Code or isinstance(value, Code):  # the exact type first: nearly every value
        return value
    if isinstance(value, str):
        raise BareString(f"a plain str reached a code template unquoted: {value!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise BareString(f"{value!r} has no spelling in code: build it as Code")


def code_environment(
    loader_target: str,
    filters: Mapping[str, Callable[..., Any]],
    globals_: Mapping[str, Any] | None = None,
) -> jinja2.Environment:
    """The Jinja environment of a target's code templates (`generator.templating.environment`)
    whose `{{ }}` prints only `Code` (and numbers): a plain str raises `BareString`."""
    from generator.templating import environment

    env = environment(loader_target, filters, globals_)
    env.finalize = refuse_bare
    # joining code gives code (Jinja's own `join` gives a plain str); every item must be code
    env.filters["join"] = lambda items, separator="": join(separator, items)
    # a macro's or block's output was built by the template, each of its `{{ }}` checked
    env.concat = lambda parts: Code("".join(parts))  # type: ignore[method-assign]
    return env
