"""Fragments a warm run does not print again (issue 23 item 4).

Python decides; templates print. So a fragment of a target's output (one template rendered with a
context, or one call of a pure quoting function such as a doc-comment filter) is a function of
nothing but shapegen's code and templates, the run's settings and the plain data it is given. A
`Memo` keeps, per target, the text of every fragment its last run printed, keyed by exactly that
data; a warm run after an edit builds each context as a cold run does, and prints afresh only the
fragments whose data changed. No dependency list is declared anywhere: a fragment is reused only
when the very data it would be printed from is byte for byte the same.

What makes that sound:
- the key of a template fragment is the template's name and source digest and a pickle of its
  context that may hold only plain data: dict, list, tuple, set, str, int, float, bool, None,
  the text types of `_TEXT_TYPES` (`generator.code.Code`), and values of frozen dataclasses (an
  `ir.Source`, an IR shape: written as their class's name and every field, nothing cached beside
  them). Anything else (a function, a mutable object, a class instance whose behaviour pickle
  would not capture) makes the fragment render as it would without the memo: it is never keyed
  by a partial picture of its input;
- the key of a pure call is the function's qualified name and a marshal of its arguments, which
  may only be str, int, float, bool and None (marshal tells 1, 1.0 and True apart);
- every key lives under a prefix made of shapegen's code fingerprint (its modules and templates),
  the target module's own digest, the Python version and the run's options
  (`generator.output.render_cache.RenderCache.memo_name`): a change to any of them starts afresh;
- the store is a render-cache entry like any other: authenticated with the cache's key before it
  is parsed, in the user's private cache folder, never read by `check` or with
  SHAPEGEN_NO_CACHE=1 (then no memo is active and every hook prints directly).

Printing is not all a warm run repeats: each fragment's context (a target's plan of a shape) is
built again, and keying a context means pickling it (about as much work as printing it). A `unit`
(one shape's file or text) is therefore keyed by what it is made from, without building it: C#'s
class files, the docs' pages and each shape of a Dart library or of TypeScript's files are
reused whole, plan and print; the Go and Rust renders still make every plan (a later plan may
rest on what an earlier one worked out) and reuse only the printed text of each shape. That rests on two facts:
- the decide stage and every target read a shape's prose (the description of a shape, of each of
  its fields, of each enum value) only to print it: no name, dispatch or default depends on it.
  So the whole model with its prose left out (`structure_digest`) and, for a unit, the prose it
  prints (`own_prose` of the shapes it shows) determine the unit: a description edit re-makes the
  units that print that description and reuses every other;
- a target that keys a unit this way says, where it does, whose prose the unit prints; the test
  of those targets (tests/docs/test_warm_units.py) edits descriptions and checks that exactly the
  units that print them are made again, and that a warm run gives, file for file, what a run
  without cache gives.

The store holds the fragments the last run used, no more: it never grows beyond one run's output.
"""

from __future__ import annotations

import functools
import hashlib
import io
import marshal
import pickle
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

from generator.code import Code

# the text types a fragment may be, and may hold in its context: subclasses of str without state
_TEXT_TYPES: dict[type, int] = {str: 0, Code: 1}
_BY_FLAG = {flag: kind for kind, flag in _TEXT_TYPES.items()}
_PLAIN_ARGS = frozenset((str, int, float, bool, type(None)))

F = TypeVar("F", bound=Callable[..., Any])


class NotPlain(Exception):
    """A context holds something other than plain data: the fragment is printed directly."""


class _PlainPickler(pickle.Pickler):
    """A pickler that takes plain data only. pickle writes exact str, bytes, int, float, bool,
    None, dict, list, tuple, set and frozenset itself; everything else comes here."""

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _TEXT_TYPES:
            return (_text, (_TEXT_TYPES[kind], str.__str__(obj)))
        if obj is _text or obj is _record:  # how text and records are written: by reference
            return NotImplemented
        params = getattr(kind, "__dataclass_params__", None)
        if params is not None and params.frozen and not isinstance(obj, type):
            names = _field_names(kind)
            # a value: its fields are all it holds (nothing cached beside them in its __dict__;
            # a class with slots of its own beyond its fields has no names here)
            if names is not None and set(getattr(obj, "__dict__", ())) <= set(names):
                return (_record, (f"{kind.__module__}.{kind.__qualname__}", tuple(getattr(obj, n) for n in names)))
        raise NotPlain(kind.__qualname__)


def _text(flag: int, text: str) -> Any:
    return _BY_FLAG[flag](text)


def _record(name: str, values: tuple[Any, ...]) -> Any:
    """How a frozen dataclass is written into a key (keys are hashed, never read back)."""
    raise NotImplementedError(name)


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: Any) -> tuple[str, ...] | None:
    """A frozen dataclass's field names; None when its slots hold anything else."""
    if kind not in _FIELDS:
        import dataclasses

        names = tuple(f.name for f in dataclasses.fields(kind))
        slots = {slot for k in kind.__mro__ for slot in getattr(k, "__slots__", ())}
        _FIELDS[kind] = names if slots <= {*names, "__dict__", "__weakref__"} else None
    return _FIELDS[kind]


class Memo:
    """The fragments of one target: those its last run printed (`old`), and those this run has
    printed or reused so far (`new`, what will be stored)."""

    def __init__(self, old: dict[bytes, Any] | None = None) -> None:
        # a fragment's or a pure call's text: (flag, text); a unit's texts: a tuple of those
        self.old = old or {}
        self.new: dict[bytes, Any] = {}
        self.hits = 0
        self.misses = 0
        self._sources: dict[str, bytes | None] = {}

    def get(self, key: bytes) -> Any:
        found = self.new.get(key) or self.old.get(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self.new[key] = found
        return _text(*found)

    def put(self, key: bytes, value: Any) -> None:
        flag = _TEXT_TYPES.get(type(value))
        if flag is not None:
            self.new[key] = (flag, str.__str__(value))

    def template_digest(self, template: Any) -> bytes | None:
        """The digest of a template's name and source file; None for a template without one
        (made from a string), which is then never memoised."""
        name = template.filename or ""
        if name not in self._sources:
            try:
                with open(name, "rb") as fh:
                    digest: bytes | None = hashlib.sha256(f"{template.name}\0".encode() + fh.read()).digest()
            except (OSError, ValueError):
                digest = None
            self._sources[name] = digest
        return self._sources[name]

    def dumps(self) -> bytes:
        return marshal.dumps(self.new)

    @classmethod
    def loads(cls, data: bytes) -> Memo:
        """A memo from stored bytes (already authenticated); a malformed store is an empty memo."""
        try:
            old = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return cls()
        if not isinstance(old, dict) or not all(
            type(k) is bytes and (_is_text(v) if k[:1] != b"U" else type(v) is tuple and all(map(_is_text, v)))
            for k, v in old.items()
        ):
            return cls()
        return cls(old)


def _is_text(v: Any) -> bool:
    """Whether a stored value is one text: (flag, str)."""
    return type(v) is tuple and len(v) == 2 and v[0] in _BY_FLAG and type(v[1]) is str


_ACTIVE: Memo | None = None


@contextmanager
def active(memo: Memo | None) -> Iterator[Memo | None]:
    """Make `memo` the one the hooks use while a target renders (None: every hook prints directly)."""
    global _ACTIVE
    before = _ACTIVE
    _ACTIVE = memo
    try:
        yield memo
    finally:
        _ACTIVE = before


def memo_active() -> bool:
    """Whether a memo is active (a target keys its units only then)."""
    return _ACTIVE is not None


def fragment(template: Any, /, **context: Any) -> Any:
    """`template.render(**context)`, reused from the memo when the template and the plain data of
    `context` are those of a fragment the target's last run printed."""
    memo = _ACTIVE
    if memo is None:
        return template.render(**context)
    digest = memo.template_digest(template)
    if digest is None:
        return template.render(**context)
    buffer = io.BytesIO()
    try:
        _PlainPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(sorted(context.items()))
    except (NotPlain, pickle.PicklingError, RecursionError):
        return template.render(**context)
    hashed = hashlib.sha256(digest)
    hashed.update(buffer.getbuffer())  # the context's pickle is hashed where it lies, not copied first
    key = b"T" + hashed.digest()
    found = memo.get(key)
    if found is not None:
        return found
    text = template.render(**context)
    memo.put(key, text)
    return text


# prose: what a description edit changes, and nothing but the text printed from it depends on
_PROSE_FIELDS = frozenset(("description", "value_descriptions"))


def _structure_pickler(buffer: io.BytesIO) -> pickle.Pickler:
    """A pickler of the IR (generator.ir: frozen dataclasses of JSON values and patterns) that
    leaves out every shape's, field's and enum value's prose. The classes that hold prose are
    written by their fields but those; every other IR value as pickle writes it (its class and
    its attributes, at C speed)."""
    if not _TABLE:
        import dataclasses
        import operator

        from generator import ir
        from generator.layer.patterns import Pattern

        for kind in (ir.Object, ir.Union_, ir.Enum, ir.Alias, ir.Field):
            names = tuple(f.name for f in dataclasses.fields(kind) if f.name not in _PROSE_FIELDS)
            _TABLE[kind] = functools.partial(_without_prose, kind.__qualname__, operator.attrgetter(*names))
        _TABLE[Pattern] = _pattern
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _TABLE
    return pickler


_TABLE: dict[type, Callable[[Any], Any]] = {}


def _without_prose(name: str, values: Callable[[Any], tuple[Any, ...]], obj: Any) -> Any:
    return (_record, (name, values(obj)))


def _pattern(obj: Any) -> Any:
    """A pattern as written, and where (what an error about it names)."""
    return (_record, ("Pattern", (str.__str__(obj), obj.where)))


_STRUCTURE: dict[int, tuple[Any, bytes]] = {}


def structure_digest(model: Any) -> bytes:
    """The digest of `model` (an `ir.Model`) without its prose: every namespace's name,
    description, $id and shapes, with each shape's, field's and enum value's description left out
    (see the module notes). Worked out once per model a process sees."""
    found = _STRUCTURE.get(id(model))
    if found is not None and found[0] is model:
        return found[1]
    buffer = io.BytesIO()
    _structure_pickler(buffer).dump([(ns.name, ns.description, ns.schema_id, ns.shapes) for ns in model.namespaces])
    digest = hashlib.sha256(buffer.getbuffer()).digest()
    _STRUCTURE.clear()  # one model at a time: the entry keeps it alive
    _STRUCTURE[id(model)] = (model, digest)
    return digest


def own_prose(shape: Any) -> tuple[Any, ...]:
    """A shape's prose: what `structure_digest` leaves out of it."""
    fields = getattr(shape, "fields", ())
    return (shape.description, tuple(f.description for f in fields), getattr(shape, "value_descriptions", ()))


def unit(name: str, parts: tuple[Any, ...], make: Callable[[], tuple[Any, ...]]) -> tuple[Any, ...]:
    """`make()` (a tuple of texts: str or Code), reused from the memo when `parts` are those of a
    unit named `name` the target's last run made. `parts` must determine everything `make` reads
    (with `structure_digest` and `own_prose`, see the module notes) and be marshal-able data:
    bytes, str, int, float, bool, None and tuples of them."""
    memo = _ACTIVE
    if memo is None:
        return make()
    try:
        key = b"U" + hashlib.sha256(marshal.dumps((name, parts))).digest()
    except ValueError:  # something marshal does not write: made afresh, never keyed by part of it
        return make()
    found = memo.new.get(key) or memo.old.get(key)
    if found is not None:
        memo.hits += 1
        memo.new[key] = found
        return tuple(_text(flag, text) for flag, text in found)
    memo.misses += 1
    texts = make()
    flags = tuple(_TEXT_TYPES.get(type(t)) for t in texts)
    if None not in flags:
        memo.new[key] = tuple((flag, str.__str__(t)) for flag, t in zip(flags, texts))  # type: ignore[misc]
    return texts


def structured_unit(name: str, structure: tuple[Any, ...], parts: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """`unit(name, (*structure, *parts), make)` where a render was handed the model's structure
    (`structure`: its digest and the namespace's place in the model, given only while a memo is
    active); `make()` where it was not: a unit is never keyed without the structure."""
    return unit(name, (*structure, *parts), make) if structure else make()


def pure(fn: F) -> F:
    """Memoise a pure function of plain arguments (str, int, float, bool, None) that returns text
    (str or Code): with a memo active, a call whose arguments the last run saw is not made again.
    Pure means its result depends on its arguments and shapegen's code only."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def memoised(*args: Any, **kwargs: Any) -> Any:
        memo = _ACTIVE
        if memo is None or kwargs:
            return fn(*args, **kwargs)
        for a in args:
            if type(a) not in _PLAIN_ARGS:
                return fn(*args)
        key = b"P" + marshal.dumps((name, args))
        if len(key) > 96:  # a long text: its digest keeps the memo to the size of its results
            key = b"H" + hashlib.sha256(key).digest()
        found = memo.get(key)
        if found is not None:
            return found
        value = fn(*args)
        memo.put(key, value)
        return value

    return memoised  # type: ignore[return-value]
