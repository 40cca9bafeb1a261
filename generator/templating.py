"""The Jinja environment every target renders with.

StrictUndefined and no autoescape: a template that names something that does not exist fails
loudly, and the only escaping is the target's own quoting layer. The code templates of C#, Dart
and TypeScript render in `generator.code.code_environment`, built on this one, whose `{{ }}`
prints only finished code (`Code`) and refuses a bare str.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import sys
from pathlib import Path
from typing import Any, Callable, Mapping

import jinja2
import jinja2.bccache

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


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Each template's compiled code, kept beside shapegen's own bytecode (its package's
    `__pycache__`, or Python's pycache prefix), as Python keeps a module's: a run on a new project
    does not compile the templates again (about 0.5 s of CPU over all targets on the vendor spec).

    A template's entry is keyed by its file, the environment's compile-time settings and this
    module's own source, jinja2's version and Python's; it is used only when its recorded checksum
    is that of the template's source now. Written atomically (jinja2 writes a temporary file and
    renames it), not written when Python writes no bytecode (PYTHONDONTWRITEBYTECODE), and a
    folder that cannot be read or written is a cache that misses: the template is compiled as
    without it."""

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        key = self.get_cache_key(f"{_settings(environment)}\0{name}", filename)
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - an unreadable or damaged entry: compiled afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if sys.dont_write_bytecode:
            return
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:  # a read-only install: compiled again next run
            pass


def _settings(env: jinja2.Environment) -> str:
    """What the code compiled from a template depends on besides its source."""
    return repr(
        (
            _OWN_DIGEST,
            jinja2.__version__,
            sys.version,
            type(env).__qualname__,
            env.code_generator_class.__qualname__,
            getattr(env.finalize, "__qualname__", None),
            sorted(env.extensions),
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            env.is_async,
            getattr(env.autoescape, "__qualname__", env.autoescape),
        )
    )


_OWN_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@functools.lru_cache(maxsize=1)
def _compiled_templates() -> _CompiledTemplates | None:
    try:
        pycache = Path(importlib.util.cache_from_source(__file__)).parent
    except (NotImplementedError, ValueError):  # no bytecode cache in this interpreter
        return None
    return _CompiledTemplates(str(pycache / "templates"), "%s.jinja")


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
        bytecode_cache=_compiled_templates(),
    )
    env.filters.update(filters)
    if globals_:
        env.globals.update(globals_)
    return env
