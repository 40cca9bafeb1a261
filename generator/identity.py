"""The words a generated package describes itself with: its title and one-line description.

Both come from the configuration (`title`, `description`), else from the specs' `info.title`
(`Shop API` gives the description "Shop API wire shapes"), never from shapegen's own project.
They are single lines of printable text, whatever the spec holds, so each manifest's quoting
filter (TOML, JSON, YAML, Markdown) carries them exactly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Mapping

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def one_line(text: str) -> str:
    """`text` on one line: every run of whitespace or control characters is one space."""
    return re.sub(r"\s+", " ", _UNPRINTABLE.sub(" ", str(text))).strip()


@dataclass(frozen=True)
class Identity:
    name: str  # the base of the packages' names ([tool.shapegen] name)
    title: str  # the docs' title
    description: str  # one line, the start of every manifest's description


def identity(options: Mapping[str, Any], bundles: Mapping[str, Mapping[str, Any]]) -> Identity:
    """The project's identity from the configuration ([tool.shapegen] name, title, description,
    as load_config puts them in options["project"]) and the bundles' titles (their info.title)."""
    project = options.get("project") if isinstance(options.get("project"), Mapping) else {}
    assert isinstance(project, Mapping)
    titles = [one_line(b.get("title", "")) for b in bundles.values()]
    titles = [t for t in titles if t]
    first = next(iter(bundles), "shapes")
    name = one_line(project.get("name") or f"{first}-shapes")
    title = one_line(project.get("title") or (titles[0] if len(titles) == 1 else name))
    description = one_line(project.get("description") or f"{' and '.join(titles) or name} wire shapes")
    return Identity(name=name, title=title or name, description=description or f"{name} wire shapes")


def toml_str(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's; DEL, which TOML wants escaped, is."""
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
