"""The words a generated package describes itself with: its title and one-line description, and
the licence and repository its manifests declare.

Title and description come from the configuration (`title`, `description`), else from the specs'
`info.title` (`Shop API` gives the description "Shop API wire shapes"), never from shapegen's own
project. They are single lines of printable text, whatever the spec holds, so each manifest's
quoting filter (TOML, JSON, YAML, Markdown) carries them exactly.

The licence (an SPDX expression) comes from the configuration (`license`), else from the specs'
`info.license` (its `identifier`, or a `name` that is an SPDX expression) when every namespace's
spec gives one; the repository (a URL) only from the configuration (`repository`). Either is ""
when nothing gives it, and the manifests then leave the key out: a licence is never guessed.
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
    license: str = ""  # an SPDX expression, or "" when neither the configuration nor the specs give one
    repository: str = ""  # a URL, or ""


# an SPDX licence expression: identifiers (`MIT`, `Apache-2.0`, `LicenseRef-Acme`) joined by AND,
# OR and WITH, with parentheses (their balance is not checked); config.schema.json says the same
SPDX_EXPRESSION = re.compile(
    r"^\(*[A-Za-z0-9][A-Za-z0-9.:+-]*\)*(?: (?:AND|OR|WITH) \(*[A-Za-z0-9][A-Za-z0-9.:+-]*\)*)*$"
)


def spec_license(info: Any) -> str:
    """The SPDX expression an OpenAPI `info` object's `license` gives: its `identifier`, else its
    `name` when that is an SPDX expression (`MIT`, not `Apache 2.0`); "" when it gives none."""
    found = info.get("license") if isinstance(info, Mapping) else None
    if not isinstance(found, Mapping):
        return ""
    for key in ("identifier", "name"):
        value = found.get(key)
        if isinstance(value, str) and SPDX_EXPRESSION.match(value.strip()):
            return value.strip()
    return ""


def _licence(configured: Any, licenses: Mapping[str, str], namespaces: list[str]) -> str:
    if configured:
        return str(configured)
    given = [licenses.get(ns, "") for ns in namespaces]
    if not given or not all(given):
        return ""  # a namespace whose spec says nothing: the package's licence is not known
    unique = list(dict.fromkeys(given))
    return unique[0] if len(unique) == 1 else " AND ".join(f"({v})" if " " in v else v for v in unique)


def identity(
    options: Mapping[str, Any], bundles: Mapping[str, Mapping[str, Any]], licenses: Mapping[str, str] | None = None
) -> Identity:
    """The project's identity from the configuration ([tool.shapegen] name, title, description,
    license, repository, as load_config puts them in options["project"]), the bundles' titles
    (their info.title) and the specs' licences by namespace (`spec_license` of their info)."""
    project = options.get("project") if isinstance(options.get("project"), Mapping) else {}
    assert isinstance(project, Mapping)
    titles = [one_line(b.get("title", "")) for b in bundles.values()]
    titles = [t for t in titles if t]
    first = next(iter(bundles), "shapes")
    name = one_line(project.get("name") or f"{first}-shapes")
    title = one_line(project.get("title") or (titles[0] if len(titles) == 1 else name))
    description = one_line(project.get("description") or f"{' and '.join(titles) or name} wire shapes")
    return Identity(
        name=name,
        title=title or name,
        description=description or f"{name} wire shapes",
        license=one_line(_licence(project.get("license"), licenses or {}, list(bundles))),
        repository=one_line(project.get("repository") or ""),
    )


def toml_str(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's; DEL, which TOML wants escaped, is."""
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
