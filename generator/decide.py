"""The decide stage: after lowering, every wire question and every name is answered once per
namespace, and every consumer reads the answers from here (the targets, the docs, `breaking`'s
source findings, the IR golden `ir.txt`).

    load -> check -> normalise -> lower -> decide -> render

`decide(model)` returns a `Decided` (one `DecidedNamespace` per namespace); `RenderInput.decided`
carries it to the targets, which print the answers and never ask `generator.naming` or the
layer's decision functions themselves. A `DecidedNamespace` holds:

- `names(language)`: the language's complete names (`naming.Names`): the naming pass with the
  language's own rules (`LanguageRules.refine`) and its associated names. Each language's pass
  runs once per namespace per run, on first use, whoever asks first (target, docs, `breaking`),
  unless a warm `generate` took every language's names from the render cache (`take_names`,
  keyed by `pipeline._names_key`: naming reads the model's structure, never its prose);
- `dispatch(union)`: how a value finds its variant, with the one ambiguity policy of JSON
  Schema (`oneOf`: exactly one variant matches; `anyOf`: at least one), `generator.layer.unions`;
- `default(object, wire)`: how a field's default is carried (`generator.layer.defaults`), or None;
- `graph`: references, edges that need indirection, shapes used only as variants
  (`generator.layer.facts`); `secret_holders`: the shapes a value of which can hold a secret;
- `constraints(type)`: its constraints typed by kind (`generator.layer.facts`);
- `closed(object)`: whether the object rejects unknown properties, which every language enforces
  while reading.

The decided model is immutable: its tables are read-only mappings, computed once. The languages
are the registry's (`generator.layer.registry`): a target module that defines `RULES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from generator import ir
from generator.errors import ShapegenError
from generator.layer import defaults as _defaults
from generator.layer import facts as _facts
from generator.layer import unions as _unions
from generator.naming import Collision, LanguageRules, Names, assign


def _languages() -> Mapping[str, LanguageRules]:
    from generator.layer.registry import languages

    return {name: lang.rules for name, lang in languages().items()}


@dataclass(frozen=True)
class DecidedNamespace:
    namespace: ir.Namespace
    rules: Mapping[str, LanguageRules]  # language (target name) -> its naming rules
    dispatches: Mapping[str, _unions.Dispatch]  # union -> how a value finds its variant
    defaults: Mapping[tuple[str, str], _defaults.Decision]  # (object, wire name) -> default carrier
    graph: _facts.Graph
    secret_holders: frozenset[str]
    # each language's names, made on first use (once per namespace per run)
    _names: dict[str, Names] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.namespace.name

    def languages(self) -> tuple[str, ...]:
        return tuple(self.rules)

    def names(self, language: str) -> Names:
        """The language's complete names for this namespace (see the module notes)."""
        found = self._names.get(language)
        if found is None:
            found = self._names[language] = self._assign(self.rules[language])
        return found

    def names_with(self, rules: LanguageRules) -> Names:
        """Names for rules that are not a registered language's (a throwaway or test language)."""
        for language, known in self.rules.items():
            if known is rules:
                return self.names(language)
        return self._assign(rules)

    def _assign(self, rules: LanguageRules) -> Names:
        names = assign(self.namespace, rules)
        return rules.refine_decided(self, names) if rules.refine_decided is not None else names

    def dispatch(self, union: str) -> _unions.Dispatch:
        return self.dispatches[union]

    def default(self, shape: str, wire: str) -> _defaults.Decision | None:
        return self.defaults.get((shape, wire))

    def constraints(self, t: ir.Type) -> _facts.TypedConstraints | None:
        """A type's constraints, typed by kind (`generator.layer.facts`)."""
        return _facts.constraints_of(t)

    def closed(self, shape: str) -> bool:
        found = self.namespace.shape(shape)
        return isinstance(found, ir.Object) and found.closed


def secret_holders(ns: ir.Namespace, graph: _facts.Graph) -> frozenset[str]:
    """The shapes a value of which can hold a secret field, at any depth: the objects that declare
    one, and every shape that refers to one of those, through any number of references."""
    found = {s.name for s in ns.shapes if isinstance(s, ir.Object) and any(f.secret for f in s.fields)}
    todo = list(found)
    while todo:
        for user in graph.referenced_by.get(todo.pop(), ()):
            if user not in found:
                found.add(user)
                todo.append(user)
    return frozenset(found)


def decide_namespace(ns: ir.Namespace, rules: Mapping[str, LanguageRules] | None = None) -> DecidedNamespace:
    graph = _facts.graph(ns)
    dispatches = {s.name: _unions.dispatch(s, ns) for s in ns.shapes if isinstance(s, ir.Union_)}
    decisions: dict[tuple[str, str], _defaults.Decision] = {}
    for shape in ns.shapes:
        if isinstance(shape, ir.Object):
            for f in shape.fields:
                decision = _defaults.default_of(f, ns)
                if decision is not None:
                    decisions[(shape.name, f.wire_name)] = decision
    return DecidedNamespace(
        namespace=ns,
        rules=MappingProxyType(dict(_languages() if rules is None else rules)),
        dispatches=MappingProxyType(dispatches),
        defaults=MappingProxyType(decisions),
        graph=graph,
        secret_holders=secret_holders(ns, graph),
    )


@dataclass(frozen=True)
class Decided:
    """The decided model: one `DecidedNamespace` per namespace of the IR model."""

    model: ir.Model
    namespaces: Mapping[str, DecidedNamespace]

    def __getitem__(self, namespace: str) -> DecidedNamespace:
        return self.namespaces[namespace]

    def name_every_language(self) -> None:
        """Make every language's names now (they are otherwise made on first use), all at once:
        for a caller that times or reads them all (bench/stages.py). The pipeline names them one
        pass at a time beside the renders instead (`generator.pipeline._Naming`). On a large model
        with two cores, a forked child names every other language meanwhile (`_name_beside`); the
        names, and the first naming error in the serial order, are those of a serial pass."""
        todo = [
            (d, language) for d in self.namespaces.values() for language in d.languages() if language not in d._names
        ]
        beside = _name_beside(todo[1::2]) if len(todo) > 1 and _worth_forking(self.model) else None
        mine = todo[0::2] if beside is not None else todo
        made: dict[tuple[str, str], Names] = {}
        failed: dict[tuple[str, str], ShapegenError] = {}
        try:
            for decided, language in mine:
                try:
                    made[(decided.name, language)] = decided._assign(decided.rules[language])
                except ShapegenError as exc:  # raised below, in the serial order
                    failed[(decided.name, language)] = exc
            found = _names_from(beside) if beside is not None else {}
        except BaseException:
            if beside is not None:
                beside.reap(stop=True)
            raise
        for decided, language in todo:  # kept in the serial order
            key = (decided.name, language)
            if key in failed:
                raise failed[key]
            names = made.get(key)
            if names is None and key in found:
                kind, fields = found[key]
                names = object.__new__(kind)
                names.__dict__.update(fields, rules=decided.rules[language])
            if names is not None and language not in decided._names:
                decided._names[language] = names
            decided.names(language)  # made here if no one made it (its error is raised here)

    def names_data(self) -> bytes | None:
        """Every language's names of every namespace as plain data (marshal: str, int, tuples and
        dicts keyed by shape names, wire names and values, never by an object), for a later run to
        take with `take_names`; None unless every language of every namespace is named, each a
        plain `Names`."""
        import marshal

        out = []
        for decided in self.namespaces.values():
            languages = []
            for language in decided.languages():
                names = decided._names.get(language)
                if type(names) is not Names or set(vars(names)) != _NAMES_FIELDS:
                    return None
                try:
                    languages.append((language, tuple(_plain(names, key) for key in _NAMES_ORDER)))
                except _NotPlain:
                    return None
            out.append((decided.name, tuple(languages)))
        try:
            return marshal.dumps(tuple(out))
        except ValueError:  # a key marshal does not write: nothing is kept
            return None

    def take_names(self, data: bytes) -> bool:
        """Every language's names from `names_data` of an earlier run, if they are those of this
        model: the same namespaces and languages, in order, and every name for a shape, field,
        enum value or variant this model has, and for nothing it has not. Nothing is taken
        otherwise (False): the names are then made as usual."""
        import marshal

        try:
            stored = marshal.loads(data)
            made: list[tuple[DecidedNamespace, str, Names]] = []
            if [n for n, _ in stored] != list(self.namespaces):
                return False
            for ns_name, languages in stored:
                decided = self.namespaces[ns_name]
                if [language for language, _ in languages] != list(decided.languages()):
                    return False
                places = _places(decided.namespace)
                for language, fields in languages:
                    names = _names_of(decided.rules[language], fields, places)
                    if names is None:
                        return False
                    made.append((decided, language, names))
        except (ValueError, TypeError, EOFError, KeyError, IndexError):  # not what names_data wrote
            return False
        for decided, language, names in made:
            decided._names.setdefault(language, names)
        return True

    def of(self, ns: ir.Namespace) -> DecidedNamespace:
        found = self.namespaces.get(ns.name)
        # a namespace the model does not hold (a caller's own) is decided on its own
        return found if found is not None and found.namespace is ns else decide_namespace(ns)


# a Names' fields as `names_data` writes them (`rules` is the parent's own: it holds functions)
_NAMES_ORDER = ("types", "fields", "members", "variants", "extra", "files", "module", "collisions")
_NAMES_FIELDS = frozenset(_NAMES_ORDER) | {"rules"}


class _NotPlain(Exception):
    """A name that is neither a str nor finished code (`generator.code.Code`): nothing is kept."""


def _plain(names: Names, key: str) -> Any:
    """One field of `names` as marshal writes it: a table of names is (the table with each name
    as a str, the keys whose name is finished code: `Code`, which the renders print as it is)."""
    from generator.code import Code

    value = getattr(names, key)
    if key == "collisions":
        return tuple((c.scope, c.wanted, c.first, c.second, c.given) for c in value)
    if key == "module":
        if type(value) is not str:
            raise _NotPlain(key)
        return value
    codes = []
    for k, name in value.items():
        if type(name) is not str:
            if type(name) is not Code:
                raise _NotPlain(key)
            codes.append(k)
    if not codes:
        return (value, ())
    return ({k: str.__str__(name) for k, name in value.items()}, tuple(codes))


def _table(stored: Any) -> dict[Any, Any]:
    """A table of names as `_plain` wrote it."""
    from generator.code import Code

    table, codes = stored
    if not isinstance(table, dict):
        raise TypeError("not a table of names")
    for k in codes:
        table[k] = Code(table[k])
    return table


def _places(ns: ir.Namespace) -> tuple[frozenset[Any], ...]:
    """What a namespace has names for: its shapes, (object, wire name) fields, (enum, value)
    members and (union, index) variants."""
    shapes = frozenset(s.name for s in ns.shapes)
    fields = frozenset((s.name, f.wire_name) for s in ns.shapes if isinstance(s, ir.Object) for f in s.fields)
    members = frozenset((s.name, v) for s in ns.shapes if isinstance(s, ir.Enum) for v in s.values)
    variants = frozenset((s.name, i) for s in ns.shapes if isinstance(s, ir.Union_) for i in range(len(s.variants)))
    return shapes, fields, members, variants


def _names_of(rules: LanguageRules, fields: tuple[Any, ...], places: tuple[Any, ...]) -> Names | None:
    """A Names from its stored fields, or None when they name anything `places` does not hold
    (or leave out any of its shapes, fields, members or variants)."""
    shapes, object_fields, members, union_variants = places
    types, by_field, by_member, variants, extra, files = (_table(stored) for stored in fields[:6])
    module, collisions = fields[6:]
    if not (
        isinstance(types, dict)
        and set(types) == shapes
        and isinstance(by_field, dict)
        and set(by_field) == object_fields
        and isinstance(by_member, dict)
        and set(by_member) == members
        and isinstance(variants, dict)
        and set(variants) == union_variants
        and isinstance(extra, dict)
        and {len(k) for k in extra} <= {3}
        and {k[1] for k in extra} <= shapes | {""}
        and isinstance(files, dict)
        and set(files) <= shapes
        and isinstance(module, str)
    ):
        return None
    return Names(
        rules,
        types=types,
        fields=by_field,
        members=by_member,
        variants=variants,
        extra=extra,
        files=files,
        module=module,
        collisions=[Collision(*c) for c in collisions],
    )


# naming in a child pays (a fork, and the names pickled back) from about this many shapes on
_FORK_SHAPES = 1000


def _worth_forking(model: ir.Model) -> bool:
    import os

    from generator.pipeline import _jobs

    return hasattr(os, "fork") and _jobs() >= 2 and sum(len(ns.shapes) for ns in model.namespaces) >= _FORK_SHAPES


def _name_beside(todo: list[tuple[DecidedNamespace, str]]) -> Any:
    """A forked child naming `todo` (each language's pass as `DecidedNamespace.names` runs it),
    sending back each pass that succeeds: its Names' type and fields, without the rules (they
    hold functions, and are the parent's own)."""
    import pickle

    from generator.forked import Forked

    def work() -> bytes:
        out: dict[tuple[str, str], tuple[type, dict[str, Any]]] = {}
        for decided, language in todo:
            try:
                names = decided.names(language)
            except ShapegenError:  # the parent names it again and raises the error in order
                continue
            fields = {k: v for k, v in names.__dict__.items() if k != "rules"}
            out[(decided.name, language)] = (type(names), fields)
        return pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)

    return Forked.start(work)


def _names_from(child: Any) -> dict[tuple[str, str], tuple[type, dict[str, Any]]]:
    """What the naming child sent back ({} if it failed); the child is reaped."""
    import pickle

    data = b""
    try:
        data = child.output()
    finally:
        status = child.reap(stop=not data)
    if status != 0 or not data:
        return {}
    try:
        found = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a short or broken result: named in the parent instead
        return {}
    return found if isinstance(found, dict) else {}


def decide(model: ir.Model, rules: Mapping[str, LanguageRules] | None = None) -> Decided:
    """The decide stage: every namespace of `model`, decided once."""
    known = dict(_languages() if rules is None else rules)
    return Decided(model, MappingProxyType({ns.name: decide_namespace(ns, known) for ns in model.namespaces}))
