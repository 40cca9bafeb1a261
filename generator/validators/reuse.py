"""What a compiled validator module is a function of, as one digest (issue 23 item 4).

`compile_source(bundle, entries, module_doc=..., **options)` reads its arguments and nothing
else (no clock, no environment, no file: the target passes no `retrieve`). So a module compiled
once can be reused whole by a later run whose arguments are the same, and `module_key` is a
digest of exactly those arguments, with one thing left out: the value of a prose annotation
(`description`, `title`, `$comment`, `examples`) where it is a keyword of a schema object. The
compiler never reads those values: they are in its `ANNOTATIONS`, which it consults by key only
(`set(s) - ANNOTATIONS`, skipped by `Compiler.inlinable`), the registry's walk does not enter
them, and nothing in the emitted code quotes them. Their presence stays in the digest (the key
is written with a null value), so a schema that gains or loses one is keyed anew.

Where a schema object is: the bundle's root, and every value the registry's walk
(`registry.SCHEMA_ONE`, `SCHEMA_MAP`, `SCHEMA_LIST`) reaches from there. Nothing else is
stripped: a property *named* `description` (a key of `properties`), a `$defs` entry named
`title`, and every value of `const`, `enum`, `default`, `examples` and of unknown keywords are
digested whole.

A `$ref` can name any JSON value by pointer, and the compiler compiles whatever it names. So the
prose is left out only when every `$ref` and `$dynamicRef` on the walk names a schema object the
walk reached: by an anchor or a resource (the registry records both on that same walk only), or
by a JSON pointer into this document that follows, value by value, the keywords the walk follows
(`#/$defs/X/properties/y/items`). Any other reference (`#/$defs/X/examples/0`, into an unknown
keyword, into a document it cannot see, or by pointer when some schema below the root has an
`$id` of its own) digests the bundle whole: a schema reached that way may hold references the
walk never saw, so this is decided for the whole bundle.

The digest is a sha256 of a pickle in fast mode (no memo: the bytes depend on the values, their
exact types and their order, never on which objects are shared). What pickle does not write by
itself (an object, a subclass of str or dict, whose behaviour its bytes would not capture) or a
cycle gives no key: the module is compiled afresh, as with no cache. (The built-in types pickle
does write, such as tuple or bytes, are written with their type, so they never pass for a JSON
value.)

The compiler's own code is not in the key: the memo it is looked up in is named by shapegen's
code fingerprint (every file of `generator/` and `templates/`), the target's module, the Python
version and the run's options (`generator.output.render_cache.RenderCache.memo_name`), so a
module compiled by other code is never found. The options are in the key all the same.
"""

from __future__ import annotations

import gc
import hashlib
import io
import pickle
from typing import Any, Mapping, Sequence

from generator.validators.registry import SCHEMA_LIST, SCHEMA_MAP, SCHEMA_ONE
from generator.validators.uri import pointer_tokens, resolve, split_fragment

# the annotations whose values the compiler never reads (see the module notes)
PROSE = frozenset(("description", "title", "$comment", "examples"))
_ONE = frozenset(SCHEMA_ONE)
_MAP = frozenset(SCHEMA_MAP)
_LIST = frozenset(SCHEMA_LIST)
_REFS = ("$ref", "$dynamicRef")
# bumped when what the key covers changes
_SCHEME = b"shapegen validators module 1\0"


class _NotPlain(Exception):
    """The arguments hold something other than plain JSON data: no key."""


class _ExactPickler(pickle.Pickler):
    """Plain data only. pickle writes exact dict, list, tuple, str, int, float, bool and None
    itself without asking `reducer_override`; everything else comes here and is refused."""

    def reducer_override(self, obj: Any) -> Any:
        raise _NotPlain(type(obj).__qualname__)


def module_key(
    bundle: Any, entries: Sequence[tuple[str, str, str]], module_doc: str, options: Mapping[str, Any]
) -> bytes | None:
    """The digest of everything `compile_source(bundle, entries, module_doc=module_doc,
    **options)` prints from, prose annotations' values left out where that is safe; None when
    the arguments are not plain data (the module is then compiled afresh)."""
    # the copy is thousands of small dicts that live a moment: with the cycle collector on, their
    # allocations set off collections that walk the whole model a render holds (0.03 s -> 0.45 s)
    collecting = gc.isenabled()
    gc.disable()
    try:
        walk = _Walk()
        stripped = walk.stripped(bundle)
        if not walk.references_schemas(bundle):
            stripped = bundle
        buffer = io.BytesIO()
        pickler = _ExactPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo: equal values give equal bytes, however they are shared
        pickler.dump((sorted(options.items()), [tuple(entry) for entry in entries], module_doc, stripped))
    except (_NotPlain, pickle.PicklingError, ValueError, TypeError, RecursionError):
        return None
    finally:
        if collecting:
            gc.enable()
    hashed = hashlib.sha256(_SCHEME)
    hashed.update(buffer.getbuffer())  # hashed where it lies, not copied first
    return b"V" + hashed.digest()


class _Walk:
    """The registry's walk over a bundle's schema objects, making the copy the key digests."""

    def __init__(self) -> None:
        self.refs: set[Any] = set()
        self.inner_ids = False  # some schema below the root has an `$id`: pointers need its base
        self._depth = 0

    def stripped(self, node: Any) -> Any:
        """`node` (a schema) with the values of its prose annotations, and of those of every
        schema below it, made None; every other value shared with `node`, not copied."""
        if type(node) is not dict:
            return node
        if "$id" in node and self._depth:
            self.inner_ids = True
        self._depth += 1
        out: dict[Any, Any] = {}
        for key, value in node.items():
            if key in PROSE:
                out[key] = None
            elif key in _ONE:
                if key == "items" and type(value) is list:
                    out[key] = [self.stripped(sub) for sub in value]
                else:
                    out[key] = self.stripped(value)
            elif key in _MAP and type(value) is dict:
                out[key] = {name: self.stripped(sub) for name, sub in value.items()}
            elif key in _LIST and type(value) is list:
                out[key] = [self.stripped(sub) for sub in value]
            else:
                if key in _REFS:
                    self.refs.add(value if type(value) is str else None)
                out[key] = value
        self._depth -= 1
        return out

    def references_schemas(self, bundle: Any) -> bool:
        """Whether every reference the walk saw names a schema object it reached."""
        main = ""
        if type(bundle) is dict and type(bundle.get("$id")) is str:
            main = split_fragment(resolve("", bundle["$id"]))[0]
        for ref in self.refs:
            if ref is None:
                return False
            fragment = split_fragment(ref)[1]
            if not fragment.startswith("/"):
                continue  # '' (a resource) or an anchor
            if self.inner_ids or split_fragment(resolve(main, ref))[0] != main:
                return False
            if not _follows_schemas(bundle, pointer_tokens(fragment)):
                return False
        return True


def _follows_schemas(node: Any, tokens: list[str]) -> bool:
    """Whether the pointer `tokens`, from the schema `node`, steps only through the keywords the
    registry's walk follows, and as it follows them (array `items` by index, maps by name)."""
    at = 0
    while at < len(tokens):
        token = tokens[at]
        if type(node) is not dict or token not in node:
            return False
        value = node[token]
        if token in _ONE and not (token == "items" and type(value) is list):
            node = value
        elif token in _MAP and type(value) is dict:
            at += 1
            if at == len(tokens) or tokens[at] not in value:
                return False
            node = value[tokens[at]]
        elif token in _LIST or token == "items":
            at += 1
            if type(value) is not list or at == len(tokens):
                return False
            index = tokens[at]
            if not (index.isascii() and index.isdigit() and int(index) < len(value)):
                return False
            node = value[int(index)]
        else:
            return False
        at += 1
    return True
