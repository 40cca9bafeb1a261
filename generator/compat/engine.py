"""The engine: two IR namespaces compared shape by shape, field by field.

The walk starts at pairs of top-level shapes and follows references, array items, map values and
union variants, carrying the role of the body that reaches each part (a part reached from a
request and from a response is compared once per role). The role and the open/closed policy
decide each wire finding's level (`rules.wire_level`); each target's names decide the source
findings (`source.Language`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

from generator import ir
from generator.compat.findings import Finding
from generator.compat.rules import wire_level
from generator.compat.source import Language
from generator.errors import ShapegenError
from generator.load import pointer_join
from generator.naming import Names


class Positions(Protocol):
    """Where a file's pointer is: anything with `line(file, pointer)` (a `side.Side`)."""

    def line(self, file: str, pointer: str) -> int | None: ...


@dataclass(frozen=True)
class At:
    """A place on both sides: file and pointer on each, and the path a person reads."""

    old_file: str
    old_ptr: str
    new_file: str
    new_ptr: str
    path: str
    # the old side's places that referred here, outermost first (a note there covers what is below)
    trail: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def shapes(old: ir.Shape, new: ir.Shape, path: str) -> "At":
        return At(old.source.file, old.source.pointer, new.source.file, new.source.pointer, path)

    def child(self, *tokens: str | int, path: str) -> "At":
        return At(
            self.old_file,
            pointer_join(self.old_ptr, *tokens),
            self.new_file,
            pointer_join(self.new_ptr, *tokens),
            self.path + path,
            self.trail,
        )

    def moved(self, old: ir.Shape, new: ir.Shape) -> "At":
        """Into a referenced shape: its own file and pointer, the path goes on."""
        return At(
            old.source.file,
            old.source.pointer,
            new.source.file,
            new.source.pointer,
            self.path,
            self.trail + ((self.old_file, self.old_ptr),),
        )


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


_LOWER = {
    "minimum": "minimum",
    "exclusive_minimum": "exclusiveMinimum",
    "min_length": "minLength",
    "min_items": "minItems",
    "min_properties": "minProperties",
}
_UPPER = {
    "maximum": "maximum",
    "exclusive_maximum": "exclusiveMaximum",
    "max_length": "maxLength",
    "max_items": "maxItems",
    "max_properties": "maxProperties",
}
_GROUP = {
    "minimum": "range",
    "maximum": "range",
    "exclusive_minimum": "range",
    "exclusive_maximum": "range",
    "min_length": "length",
    "max_length": "length",
    "min_items": "items",
    "max_items": "items",
    "min_properties": "properties-count",
    "max_properties": "properties-count",
}


def _kind(t: ir.Type) -> str:
    if isinstance(t, ir.Primitive):
        return t.kind
    if isinstance(t, ir.Literal):
        return "boolean" if isinstance(t.value, bool) else "string" if isinstance(t.value, str) else "number"
    return type(t).__name__.lower()


def _describe(t: ir.Type) -> str:
    if isinstance(t, ir.Primitive):
        return t.kind + (f" ({t.format})" if t.format else "")
    if isinstance(t, ir.Literal):
        return f"the constant {_json(t.value)}"
    if isinstance(t, ir.Ref):
        return t.name
    if isinstance(t, ir.Array):
        return f"array of {_describe(t.item)}"
    if isinstance(t, ir.Map):
        return f"map of {_describe(t.value)}"
    if isinstance(t, ir.Nullable):
        return f"{_describe(t.inner)} or null"
    return "any JSON value"


class Comparison:
    """One namespace pair. `roots` are (old shape, new shape, role) to start from."""

    def __init__(
        self,
        namespace: str,
        old: ir.Namespace,
        new: ir.Namespace,
        old_pos: Positions,
        new_pos: Positions,
        languages: Iterable[Language] = (),
    ):
        self.namespace = namespace
        self.old_ns, self.new_ns = old, new
        self.old_pos, self.new_pos = old_pos, new_pos
        self.old = {s.name: s for s in old.shapes}
        self.new = {s.name: s for s in new.shapes}
        self._candidates = list(languages)
        self._languages: list[Language] | None = None
        self.skipped: dict[str, str] = {}  # language -> why its names could not be compared
        self._names: dict[tuple[str, str], Names] = {}
        self.findings: dict[tuple[str, str, str, str], Finding] = {}
        self.places: dict[tuple[str, str, str, str], At] = {}  # each finding's place on both sides
        self.done: set[tuple[str, str, str | None]] = set()
        self.paired_old: set[str] = set()
        self.paired_new: set[str] = set()

    # -------------------------------------------------------------- output

    @property
    def languages(self) -> list[Language]:
        """The languages whose naming succeeds on both sides (a name collision is reported by
        `shapegen generate` as the user error it is; here it only leaves that language out)."""
        if self._languages is None:
            self._languages = []
            for lang in self._candidates:
                try:
                    self.names(lang, "old"), self.names(lang, "new")
                except ShapegenError as exc:
                    self.skipped[lang.name] = exc.message
                    continue
                self._languages.append(lang)
        return self._languages

    def names(self, lang: Language, side: str) -> Names:
        key = (lang.name, side)
        if key not in self._names:
            self._names[key] = lang.names_fn(self.old_ns if side == "old" else self.new_ns)
        return self._names[key]

    def _add(self, rule: str, level: str, category: str, at: At, message: str, removal: bool) -> None:
        file, ptr = (at.old_file, at.old_ptr) if removal else (at.new_file, at.new_ptr)
        pos = self.old_pos if removal else self.new_pos
        key = (rule, category, file, ptr)
        if key in self.findings:
            return
        self.places[key] = at
        self.findings[key] = Finding(
            rule=rule,
            level=level,  # type: ignore[arg-type]
            category=category,
            file=file,
            line=pos.line(file, ptr),
            pointer=ptr,
            path=at.path,
            message=message,
        )

    def wire(self, base: str, role: str | None, at: At, message: str, *, open_: bool = False, removal: bool = False):
        if role is None:  # a part no body reaches: nothing on the wire depends on it
            return
        self._add(f"{role}-{base}", wire_level(base, role, open_), "wire", at, message, removal)

    def source(  # `message` is called at once, for each language
        self,
        rule: str,
        at: At,
        message: Callable[[Language], str],
        *,
        removal: bool = False,
        only: Callable[[Language], bool] = lambda lang: True,
    ):
        for lang in self.languages:
            if only(lang):
                self._add(rule, "breaking", lang.category, at, message(lang), removal)

    # -------------------------------------------------------------- the walk

    def run_breaking(self) -> None:
        """Top-level shapes paired by name; then every shape no body reaches, for its names."""
        old_top = {s.name: s for s in self.old_ns.top_level}
        new_top = {s.name: s for s in self.new_ns.top_level}
        ns = self.namespace
        for name, shape in old_top.items():
            if name not in new_top:
                at = At.shapes(shape, shape, f"{ns}:{name}")
                self.wire(
                    "shape-removed",
                    shape.role,
                    at,
                    f"the {shape.role} body {name} was removed: clients that send or read it have nothing to use",
                    removal=True,
                )
        for name, shape in new_top.items():
            old = old_top.get(name)
            if old is None:
                self.wire("shape-added", shape.role, At.shapes(shape, shape, f"{ns}:{name}"), f"new {shape.role} body")
                continue
            at = At.shapes(old, shape, f"{ns}:{name}")
            if old.role != shape.role:
                self.wire(
                    "shape-role-changed",
                    shape.role,
                    at,
                    f"was a {old.role} body, is now a {shape.role} body: its open/closed policy changed with it",
                )
            self.shape(old, shape, shape.role, at)
        for name, shape in self.new.items():
            if name in self.old and name not in self.paired_new and self.old[name].name not in self.paired_old:
                self.shape(self.old[name], shape, None, At.shapes(self.old[name], shape, f"{ns}:{name}"))
        self.removed_types()

    def run_pairs(self, pairs: Iterable[tuple[str, str, ir.Role]]) -> None:
        for old_name, new_name, role in pairs:
            old, new = self.old[old_name], self.new[new_name]
            self.shape(old, new, role, At.shapes(old, new, f"{self.namespace}:{old_name}"))

    def removed_types(self) -> None:
        for name, shape in self.old.items():
            if name in self.paired_old or name in self.new:
                continue
            at = At.shapes(shape, shape, f"{self.namespace}:{name}")
            self.source(
                "type-removed",
                at,
                lambda lang: f"type {self.names(lang, 'old').type(name)} no longer exists",
                removal=True,
            )

    def shape(self, old: ir.Shape, new: ir.Shape, role: ir.Role | None, at: At) -> None:
        if role == "part":
            role = None
        key = (old.name, new.name, role)
        if key in self.done:
            return
        self.done.add(key)
        first_visit = old.name not in self.paired_old or new.name not in self.paired_new
        self.paired_old.add(old.name)
        self.paired_new.add(new.name)
        if first_visit:
            self.type_names(old, new, at)
        if type(old) is not type(new):
            self.wire(
                "type-changed",
                role,
                at,
                f"{old.name} was {_shape_kind(old)}, {new.name} is {_shape_kind(new)}: "
                "no JSON value means the same on both sides",
            )
            return
        if isinstance(old, ir.Object) and isinstance(new, ir.Object):
            self.object_(old, new, role, at)
        elif isinstance(old, ir.Enum) and isinstance(new, ir.Enum):
            self.enum(old, new, role, at)
        elif isinstance(old, ir.Union_) and isinstance(new, ir.Union_):
            self.union(old, new, role, at)
        elif isinstance(old, ir.Alias) and isinstance(new, ir.Alias):
            self.nullability(old.nullable, new.nullable, role, at)
            self.type(old.type, new.type, role, at)

    def type_names(self, old: ir.Shape, new: ir.Shape, at: At) -> None:
        for lang in self.languages:
            before, after = self.names(lang, "old").type(old.name), self.names(lang, "new").type(new.name)
            if before != after:
                self._add(
                    "type-renamed",
                    "breaking",
                    lang.category,
                    at,
                    f"type {before} is now {after}: code that names it stops compiling",
                    False,
                )

    # -------------------------------------------------------------- objects

    def object_(self, old: ir.Object, new: ir.Object, role: str | None, at: At) -> None:
        if old.closed and not new.closed:
            self.wire("object-opened", role, at, f"{new.name} now accepts and keeps unknown properties")
        elif new.closed and not old.closed:
            self.wire("object-closed", role, at, f"{new.name} now rejects unknown properties")
        old_fields = {f.wire_name: f for f in old.fields}
        new_fields = {f.wire_name: f for f in new.fields}
        for wire, f in old_fields.items():
            if wire in new_fields:
                continue
            here = at.child("properties", wire, path=f".{wire}")
            if f.required:
                self.wire(
                    "required-property-removed",
                    role,
                    here,
                    f"required property {wire!r} was removed"
                    + (": readers that expect it fail" if role == "response" else ""),
                    open_=not new.closed,
                    removal=True,
                )
            else:
                self.wire(
                    "property-removed",
                    role,
                    here,
                    f"property {wire!r} was removed"
                    + (": clients that still send it are rejected" if new.closed and role == "request" else ""),
                    open_=not new.closed,
                    removal=True,
                )
            self.source(
                "field-removed",
                here,
                lambda lang: f"field {self._field_name(lang, 'old', old.name, wire)} of "
                f"{self.names(lang, 'old').type(old.name)} no longer exists",
                removal=True,
            )
        for wire, f in new_fields.items():
            if wire in old_fields:
                continue
            here = at.child("properties", wire, path=f".{wire}")
            if f.required:
                self.wire(
                    "new-required-property",
                    role,
                    here,
                    f"new required property {wire!r}"
                    + (": requests without it are rejected" if role == "request" else ""),
                )
                self.source(
                    "field-became-required",
                    here,
                    lambda lang: f"{self.names(lang, 'new').type(new.name)} has a new required field "
                    f"{self._field_name(lang, 'new', new.name, wire)}: code that builds it without one stops compiling",
                )
            else:
                self.wire(
                    "property-added",
                    role,
                    here,
                    f"new optional property {wire!r}"
                    + (
                        ""
                        if role != "response"
                        else (
                            ": readers of the closed object reject it"
                            if old.closed
                            else ": readers keep it as an unknown property"
                        )
                    ),
                    open_=not old.closed,
                )
        for wire, f in old_fields.items():
            if wire in new_fields:
                self.field(old, new, f, new_fields[wire], role, at.child("properties", wire, path=f".{wire}"))

    def _field_name(self, lang: Language, side: str, shape: str, wire: str) -> str:
        return wire if lang.fields_by_wire_name else self.names(lang, side).field(shape, wire)

    def field(self, old_shape: ir.Object, new_shape: ir.Object, old: ir.Field, new: ir.Field, role, at: At) -> None:
        wire = new.wire_name
        for lang in self.languages:
            before = self._field_name(lang, "old", old_shape.name, wire)
            after = self._field_name(lang, "new", new_shape.name, wire)
            if before != after:
                self._add(
                    "field-renamed",
                    "breaking",
                    lang.category,
                    at,
                    f"field {before} of {self.names(lang, 'new').type(new_shape.name)} is now {after} "
                    f"(the wire name {wire!r} is unchanged)",
                    False,
                )
        if old.required and not new.required:
            self.wire(
                "property-became-optional",
                role,
                at,
                f"{wire!r} became optional"
                + (": readers that expect it fail when it is absent" if role == "response" else ""),
            )
            self.source(
                "field-type-changed",
                at,
                lambda lang: f"{wire!r} may now be absent: its type became optional",
            )
        elif new.required and not old.required:
            self.wire(
                "property-became-required",
                role,
                at,
                f"{wire!r} became required" + (": requests without it are rejected" if role == "request" else ""),
            )
            self.source(
                "field-became-required",
                at,
                lambda lang: f"{wire!r} became required: its type is no longer optional, and code "
                "that builds the value without it stops compiling",
            )
        if not old.required and not new.required and old.default != new.default:
            before = _json(old.default.value) if old.default else "no default"
            after = _json(new.default.value) if new.default else "no default"
            self.wire("default-changed", role, at, f"the default of {wire!r} changed: {before} -> {after}")
        self.nullability(old.nullable, new.nullable, role, at)
        if old.nullable != new.nullable:
            optional = not old.required and not new.required
            self.source(
                "field-type-changed",
                at,
                lambda lang: f"{wire!r} {'became' if new.nullable else 'is no longer'} nullable: its " "type changed",
                only=lambda lang: not (optional and lang.optional_nullable_same_type),
            )
        if self.type(old.type, new.type, role, at):
            numbers_only = _numbers_only(old.type, new.type)
            self.source(
                "field-type-changed",
                at,
                lambda lang: f"{wire!r} changed type ({_describe(old.type)} -> {_describe(new.type)}): code that "
                "reads or sets it as before stops compiling",
                only=lambda lang: not (numbers_only and lang.one_number_type),
            )

    def nullability(self, old: bool, new: bool, role, at: At) -> None:
        if new and not old:
            self.wire(
                "became-nullable",
                role,
                at,
                "null became an accepted value"
                + (": readers that do not expect null fail" if role == "response" else ""),
            )
        elif old and not new:
            self.wire(
                "became-not-nullable",
                role,
                at,
                "null is no longer accepted" + (": requests that send null are rejected" if role == "request" else ""),
            )

    # -------------------------------------------------------------- types

    def type(self, old: ir.Type, new: ir.Type, role, at: At) -> bool:
        """Compare two types; True when the value's type changed kind (a source break)."""
        if isinstance(old, ir.Nullable) or isinstance(new, ir.Nullable):
            self.nullability(isinstance(old, ir.Nullable), isinstance(new, ir.Nullable), role, at)
            inner_old = old.inner if isinstance(old, ir.Nullable) else old
            inner_new = new.inner if isinstance(new, ir.Nullable) else new
            changed = self.type(inner_old, inner_new, role, at)
            return changed or isinstance(old, ir.Nullable) != isinstance(new, ir.Nullable)
        if isinstance(old, ir.Ref) and isinstance(new, ir.Ref):
            o, n = self.old.get(old.name), self.new.get(new.name)
            if o is None or n is None:
                return False
            if type(o) is type(n):
                self.shape(o, n, role, at.moved(o, n))
                return False
            if isinstance(o, ir.Alias) or isinstance(n, ir.Alias):
                return self.ref_against_inline(
                    o.type if isinstance(o, ir.Alias) else old, n.type if isinstance(n, ir.Alias) else new, role, at
                )
            self.wire(
                "type-changed",
                role,
                at,
                f"{o.name} was {_shape_kind(o)}, {n.name} is {_shape_kind(n)}: no JSON value means the same on both sides",
            )
            return True
        if isinstance(old, ir.Ref) or isinstance(new, ir.Ref):
            return self.ref_against_inline(old, new, role, at)
        if isinstance(old, ir.AnyValue) and isinstance(new, ir.AnyValue):
            return False
        if isinstance(old, ir.AnyValue):
            self.wire("type-narrowed", role, at, f"was any JSON value, is now {_describe(new)}")
            return True
        if isinstance(new, ir.AnyValue):
            self.wire("type-widened", role, at, f"was {_describe(old)}, is now any JSON value")
            return True
        if isinstance(old, ir.Primitive) and isinstance(new, ir.Primitive):
            if old.kind != new.kind:
                if (old.kind, new.kind) == ("integer", "number"):
                    self.wire("type-widened", role, at, "was an integer, is now any number")
                elif (old.kind, new.kind) == ("number", "integer"):
                    self.wire("type-narrowed", role, at, "was any number, is now an integer")
                else:
                    self.wire("type-changed", role, at, f"type changed: {old.kind} -> {new.kind}")
                return True
            if old.format != new.format:
                self.wire(
                    "format-changed", role, at, f"format changed: {old.format or 'none'} -> {new.format or 'none'}"
                )
            self.constraints(old.constraints, new.constraints, role, at)
            return False
        if isinstance(old, ir.Literal) and isinstance(new, ir.Literal):
            if old.value != new.value or type(old.value) is not type(new.value):
                self.wire("const-changed", role, at, f"constant changed: {_json(old.value)} -> {_json(new.value)}")
                return True
            return False
        if isinstance(old, ir.Literal) and isinstance(new, ir.Primitive) and _kind(old) == new.kind:
            self.wire("type-widened", role, at, f"was the constant {_json(old.value)}, is now any {new.kind}")
            return True
        if isinstance(old, ir.Primitive) and isinstance(new, ir.Literal) and _kind(new) == old.kind:
            self.wire("type-narrowed", role, at, f"was any {old.kind}, is now the constant {_json(new.value)}")
            return True
        if isinstance(old, ir.Array) and isinstance(new, ir.Array):
            self.constraints(old.constraints, new.constraints, role, at)
            return self.type(old.item, new.item, role, at.child("items", path="[]"))
        if isinstance(old, ir.Map) and isinstance(new, ir.Map):
            self.constraints(old.constraints, new.constraints, role, at)
            return self.type(old.value, new.value, role, at.child("additionalProperties", path="{}"))
        self.wire("type-changed", role, at, f"type changed: {_describe(old)} -> {_describe(new)}")
        return True

    def ref_against_inline(self, old: ir.Type, new: ir.Type, role, at: At) -> bool:
        """One side names its type, the other writes it inline: compare what the named one means."""
        o = self.old.get(old.name) if isinstance(old, ir.Ref) else None
        n = self.new.get(new.name) if isinstance(new, ir.Ref) else None
        if isinstance(old, ir.Ref) and isinstance(o, ir.Alias):
            self.nullability(o.nullable, False, role, at)
            self.type(o.type, new, role, at)
            return True
        if isinstance(new, ir.Ref) and isinstance(n, ir.Alias):
            self.nullability(False, n.nullable, role, at)
            self.type(old, n.type, role, at)
            return True
        # a closed enum and a constant: the same when the enum has that one value
        if isinstance(o, ir.Enum) and isinstance(new, ir.Literal) and not o.open:
            if list(o.values) == [new.value]:
                return True
            if new.value in o.values:
                self.wire(
                    "type-narrowed", role, at, f"was one of the values of {o.name}, is now {_json(new.value)} only"
                )
                return True
        if isinstance(n, ir.Enum) and isinstance(old, ir.Literal) and not n.open:
            if list(n.values) == [old.value]:
                return True
            if old.value in n.values:
                self.wire(
                    "type-widened", role, at, f"was {_json(old.value)} only, is now one of the values of {n.name}"
                )
                return True
        # a string that became an enum narrows it; an enum that became a string widens it
        if isinstance(n, ir.Enum) and isinstance(old, ir.Primitive) and old.kind == "string":
            if not n.open:
                self.wire("type-narrowed", role, at, f"was any string, is now one of the values of {n.name}")
            return True
        if isinstance(o, ir.Enum) and isinstance(new, ir.Primitive) and new.kind == "string":
            if not o.open:
                self.wire("type-widened", role, at, f"was one of the values of {o.name}, is now any string")
            return True
        self.wire("type-changed", role, at, f"type changed: {_describe(old)} -> {_describe(new)}")
        return True

    def constraints(self, old: ir.Constraints, new: ir.Constraints, role, at: At) -> None:
        if old == new:
            return
        for attr, keyword in _LOWER.items():
            a, b = getattr(old, attr), getattr(new, attr)
            if a == b:
                continue
            narrowed = a is None or (b is not None and b > a)
            self._bound(_GROUP[attr], keyword, a, b, narrowed, role, at)
        for attr, keyword in _UPPER.items():
            a, b = getattr(old, attr), getattr(new, attr)
            if a == b:
                continue
            narrowed = a is None or (b is not None and b < a)
            self._bound(_GROUP[attr], keyword, a, b, narrowed, role, at)
        if old.unique_items != new.unique_items:
            self._bound("items", "uniqueItems", old.unique_items, new.unique_items, new.unique_items, role, at)
        if old.pattern != new.pattern:
            if old.pattern is None or new.pattern is None:
                self._bound("pattern", "pattern", old.pattern, new.pattern, old.pattern is None, role, at)
            else:
                self.wire("pattern-changed", role, at, f"pattern changed: {old.pattern!r} -> {new.pattern!r}")
        if old.multiple_of != new.multiple_of:
            a, b = old.multiple_of, new.multiple_of
            if a is None or b is None:
                self._bound("multiple-of", "multipleOf", a, b, a is None, role, at)
            elif b % a == 0:
                self._bound("multiple-of", "multipleOf", a, b, True, role, at)
            elif a % b == 0:
                self._bound("multiple-of", "multipleOf", a, b, False, role, at)
            else:
                self.wire("multiple-of-changed", role, at, f"multipleOf changed: {a} -> {b}")

    def _signature(self, t: ir.Type, shapes: dict[str, ir.Shape]) -> tuple[object, ...]:
        return _signature(t, shapes)

    def _bound(self, group: str, keyword: str, a, b, narrowed: bool, role, at: At) -> None:
        before = "none" if a is None else _json(a)
        after = "none" if b is None else _json(b)
        if narrowed:
            consequence = ": requests that were valid may now be rejected" if role == "request" else ""
            self.wire(f"{group}-narrowed", role, at, f"{keyword} narrowed: {before} -> {after}{consequence}")
        else:
            consequence = ": readers may now receive values they reject" if role == "response" else ""
            self.wire(f"{group}-widened", role, at, f"{keyword} widened: {before} -> {after}{consequence}")

    # -------------------------------------------------------------- enums and unions

    def enum(self, old: ir.Enum, new: ir.Enum, role, at: At) -> None:
        if old.open and not new.open:
            self.wire("enum-closed", role, at, f"{new.name} no longer accepts values it does not list")
        elif new.open and not old.open:
            self.wire("enum-opened", role, at, f"{new.name} now accepts any string")
        for value in new.values:
            if value not in old.values:
                self.source(
                    "enum-member-added",
                    at,
                    lambda lang: f"{self.names(lang, 'new').type(new.name)} has a new value {value!r}: a match "
                    "or switch that names every value stops compiling",
                    only=lambda lang: lang.exhaustive_open_enums if new.open else lang.exhaustive_closed_enums,
                )
                self.wire(
                    "enum-value-added",
                    role,
                    at,
                    f"new value {value!r} in {new.name}"
                    + (
                        ""
                        if role != "response"
                        else (
                            ": readers keep it as an unknown value"
                            if old.open
                            else ": readers of the closed enum reject it"
                        )
                    ),
                    open_=old.open,
                )
        for value in old.values:
            if value in new.values:
                continue
            self.wire(
                "enum-value-removed",
                role,
                at,
                f"value {value!r} was removed from {new.name}"
                + (": requests that send it are rejected" if role == "request" and not new.open else ""),
                open_=new.open,
                removal=True,
            )
            self.source(
                "enum-member-removed",
                at,
                lambda lang: (
                    f"{self.names(lang, 'old').type(old.name)} no longer has the value {value!r}"
                    if lang.enum_values_as_literals
                    else f"member {self.names(lang, 'old').member(old.name, value)} of "
                    f"{self.names(lang, 'old').type(old.name)} no longer exists"
                ),
                removal=True,
                # a literal union that also takes any string still takes the removed value
                only=lambda lang: not (lang.enum_values_as_literals and new.open),
            )
        for value in old.values:
            if value not in new.values:
                continue
            for lang in self.languages:
                if lang.enum_values_as_literals:
                    continue
                before = self.names(lang, "old").member(old.name, value)
                after = self.names(lang, "new").member(new.name, value)
                if before != after:
                    self._add(
                        "enum-member-renamed",
                        "breaking",
                        lang.category,
                        at,
                        f"member {before} of {self.names(lang, 'new').type(new.name)} is now {after} "
                        f"(the wire value {value!r} is unchanged)",
                        False,
                    )

    def union(self, old: ir.Union_, new: ir.Union_, role, at: At) -> None:
        if old.tag != new.tag:
            self.wire(
                "union-tag-changed",
                role,
                at,
                f"{new.name} told its variants apart by {old.tag or 'JSON type'}, now by {new.tag or 'JSON type'}",
            )
        if old.open and not new.open:
            self.wire("union-closed", role, at, f"{new.name} no longer keeps variants it does not know")
        elif new.open and not old.open:
            self.wire("union-opened", role, at, f"{new.name} now keeps variants it does not know")
        # by tag value while the tag stays; else by what each variant is
        tag = old.tag if old.tag == new.tag else None
        old_keys = [_variant_key(v, tag) for v in old.variants]
        new_keys = [_variant_key(v, tag) for v in new.variants]
        matched: list[tuple[int, int]] = []
        taken: set[int] = set()
        for i, k in enumerate(old_keys):
            j = next((j for j, nk in enumerate(new_keys) if nk == k and j not in taken), None)
            if j is not None:
                matched.append((i, j))
                taken.add(j)
        left_old = [i for i in range(len(old_keys)) if i not in {a for a, _ in matched}]
        left_new = [j for j in range(len(new_keys)) if j not in {b for _, b in matched}]
        # then by what each variant is (an object with `type: function`, a string, ...) where that
        # is unique on both sides: the same variant under another name
        old_sig = {i: self._signature(old.variants[i].type, self.old) for i in left_old}
        new_sig = {j: self._signature(new.variants[j].type, self.new) for j in left_new}
        for i in list(left_old):
            same = [j for j in left_new if new_sig[j] == old_sig[i]]
            if len(same) == 1 and list(old_sig.values()).count(old_sig[i]) == 1:
                matched.append((i, same[0]))
                left_old.remove(i)
                left_new.remove(same[0])
        # one variant on each side left over: the same variant, changed (a renamed type, a new bound)
        if len(left_old) == 1 and len(left_new) == 1 and old_keys[left_old[0]][0] == new_keys[left_new[0]][0]:
            matched.append((left_old[0], left_new[0]))
            left_old, left_new = [], []
        for i in left_old:
            here = at.child("oneOf", i, path="")
            self.wire(
                "union-variant-removed",
                role,
                here,
                f"variant {_variant_label(old.variants[i])} was removed from {new.name}",
                removal=True,
            )
            self.source(
                "union-variant-removed",
                here,
                lambda lang: f"variant {self.names(lang, 'old').variant(old.name, i)} of "
                f"{self.names(lang, 'old').type(old.name)} no longer exists",
                removal=True,
                only=lambda lang: lang.named_variants,
            )
        for added in left_new:
            self.source(
                "union-variant-added",
                at.child("oneOf", added, path=""),
                lambda lang: f"{self.names(lang, 'new').type(new.name)} has a new variant "
                f"{self.names(lang, 'new').variant(new.name, added)}: a match that names every variant stops compiling",
                only=lambda lang: lang.named_variants,
            )
            self.wire(
                "union-variant-added",
                role,
                at.child("oneOf", added, path=""),
                f"new variant {_variant_label(new.variants[added])} in {new.name}"
                + (
                    ""
                    if role != "response"
                    else (": readers keep it as an unknown variant" if old.open else ": readers reject it")
                ),
                open_=old.open,
            )
        for i, j in matched:
            ov, nv = old.variants[i], new.variants[j]
            here = at.child("oneOf", j, path=f"|{_variant_label(nv)}")
            for lang in self.languages:
                if not lang.named_variants:
                    continue
                before = self.names(lang, "old").variant(old.name, i)
                after = self.names(lang, "new").variant(new.name, j)
                if before != after:
                    self._add(
                        "union-variant-renamed",
                        "breaking",
                        lang.category,
                        here,
                        f"variant {before} of {self.names(lang, 'new').type(new.name)} is now {after}",
                        False,
                    )
            self.type(ov.type, nv.type, role, here)


def _numbers_only(old: ir.Type, new: ir.Type) -> bool:
    """Whether two types differ only in integer <-> number (the same type where a language has
    one number type)."""
    if isinstance(old, ir.Primitive) and isinstance(new, ir.Primitive):
        return {old.kind, new.kind} == {"integer", "number"}
    if isinstance(old, ir.Array) and isinstance(new, ir.Array):
        return _numbers_only(old.item, new.item)
    if isinstance(old, ir.Map) and isinstance(new, ir.Map):
        return _numbers_only(old.value, new.value)
    if isinstance(old, ir.Nullable) and isinstance(new, ir.Nullable):
        return _numbers_only(old.inner, new.inner)
    return False


def _signature(t: ir.Type, shapes: dict[str, ir.Shape], depth: int = 0) -> tuple[object, ...]:
    """What a variant is, whatever it is named: its JSON type, and for objects the constants
    they carry (`{"type": "function"}`)."""
    if isinstance(t, ir.Nullable):
        return _signature(t.inner, shapes, depth)
    if isinstance(t, ir.Ref) and t.name in shapes and depth < 8:
        shape = shapes[t.name]
        if isinstance(shape, ir.Alias):
            return _signature(shape.type, shapes, depth + 1)
        if isinstance(shape, ir.Enum):
            return ("string",)
        if isinstance(shape, ir.Object):
            consts = tuple(
                sorted((f.wire_name, _json(f.type.value)) for f in shape.fields if isinstance(f.type, ir.Literal))
            )
            return ("object", consts)
        return ("union",)
    if isinstance(t, (ir.Primitive, ir.Literal)):
        kind = _kind(t)
        return ("number",) if kind in ("integer", "number") else (kind,)
    return (type(t).__name__.lower(),)


def _variant_key(v: ir.Variant, tag: str | None) -> tuple[str, object]:
    if tag is not None and v.tag_value is not None:
        return ("tag", v.tag_value)
    t = v.type.inner if isinstance(v.type, ir.Nullable) else v.type
    if isinstance(t, ir.Ref):
        return ("ref", t.name)
    if isinstance(t, ir.Literal):
        return ("literal", _json(t.value))
    if isinstance(t, ir.Primitive):
        return ("number" if t.kind in ("integer", "number") else t.kind, t.kind)
    if isinstance(t, ir.Array):
        return ("array", _variant_key(ir.Variant(t.item), None))
    if isinstance(t, ir.Map):
        return ("map", _variant_key(ir.Variant(t.value), None))
    return (type(t).__name__.lower(), "")


def _variant_label(v: ir.Variant) -> str:
    return repr(v.tag_value) if v.tag_value is not None else _describe(v.type)


def _shape_kind(shape: ir.Shape) -> str:
    return {
        ir.Object: "an object",
        ir.Enum: "an enum",
        ir.Union_: "a union",
        ir.Alias: "a named type",
    }[type(shape)]
