"""The Jinja environment every target renders with.

StrictUndefined and no autoescape: a template that names something that does not exist fails
loudly, and the only escaping is the target's own quoting layer. The code templates of C#, Dart
and TypeScript render in `generator.code.code_environment`, built on this one, whose `{{ }}`
prints only finished code (`Code`) and refuses a bare str.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping

import jinja2

_PACKAGE = Path(__file__).resolve().parent
# an installed wheel carries the templates inside the package (generator/templates); a checkout
# keeps them beside it (templates/, the copy to edit)
TEMPLATES_ROOT = _PACKAGE / "templates" if (_PACKAGE / "templates").is_dir() else _PACKAGE.parent / "templates"


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, with `a.b` on a plain dict (the plans the targets hand their templates)
    looked up as the item at once: Jinja tries the attribute first and takes the item when that
    raises, an exception for every such lookup. The result is the same: a dict has no attribute
    but its methods (`a.items` is still the method)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:  # Jinja's own lookup, inline
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


def environment(
    target: str,
    filters: Mapping[str, Callable[..., Any]],
    globals_: Mapping[str, Any] | None = None,
) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_ROOT / target)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # a run renders from templates that do not change under it: each is compiled once, and
        # not checked against the file again on every page (get_template, {% from ... import %})
        auto_reload=False,
    )
    env.filters.update(filters)
    if globals_:
        env.globals.update(globals_)
    return env
