"""Lower: a normalised bundle -> the IR. Every wire decision is made here, once.

- presence: in `required` -> Required; else `default` -> Default(value); else Optional;
- nullability: a `null` type or branch is taken off the type and put on the field;
- open enums: `anyOf: [{type: string, enum: [...]}, {type: string}]`;
- tagged unions: every branch an object that requires the same property with a distinct const
  (whether or not the schema says `discriminator`);
- closed objects: `additionalProperties: false` or `unevaluatedProperties: false`;
- inline objects, enums and unions are hoisted to named shapes, named after their parent
  (`Parent` + `Field`), so every renderer sees only named shapes.
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.errors import ShapegenError
from generator.layer.facts import as_count
from generator.layer.patterns import Pattern
from generator.layer.unions import detect_tag
from generator.naming import pascal_case
from generator.normalise import UNKNOWN_VARIANT, Bundle

_CONSTRAINT_KEYS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "multipleOf": "multiple_of",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minItems": "min_items",
    "maxItems": "max_items",
    "uniqueItems": "unique_items",
    "minProperties": "min_properties",
    "maxProperties": "max_properties",
}
_PRIMITIVES = ("string", "integer", "number", "boolean")
_COUNTS = ("min_length", "max_length", "min_items", "max_items", "min_properties", "max_properties")


def _constraints(schema: dict[str, Any], source: ir.Source | None = None) -> ir.Constraints:
    values = {attr: schema[key] for key, attr in _CONSTRAINT_KEYS.items() if key in schema}
    for count in _COUNTS:  # `minLength: 2.0` is the length 2
        if count in values:
            values[count] = as_count(values[count])
    if isinstance(values.get("pattern"), str):
        # one Pattern per place: the ECMA-262 source and where it was written (generator.layer.patterns)
        where = f"{source.file}#{source.pointer}/pattern" if source is not None else ""
        values["pattern"] = Pattern(values["pattern"], where)
    return ir.Constraints(**values) if values else ir.NO_CONSTRAINTS


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or schema.get("const", 0) is None and "const" in schema
    )


def _split_null(schema: Any) -> tuple[Any, bool]:
    """(schema without its null alternative, whether null was allowed)."""
    if not isinstance(schema, dict):
        return schema, False
    t = schema.get("type")
    if isinstance(t, list) and "null" in t:
        rest = [x for x in t if x != "null"]
        out = dict(schema)
        out["type"] = rest[0] if len(rest) == 1 else rest
        if "enum" in out:
            out["enum"] = [v for v in out["enum"] if v is not None]
        return out, True
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and any(_is_null(b) for b in branches):
            rest = [b for b in branches if not _is_null(b)]
            wrapper = {k: v for k, v in schema.items() if k != key}
            if len(rest) != 1:
                return dict(wrapper, **{key: rest}), True
            # one branch left: it is the type; the wrapper's annotations (description, default) win
            inner = rest[0] if isinstance(rest[0], dict) else {}
            return {**inner, **wrapper}, True
    if "enum" in schema and None in schema["enum"]:
        out = dict(schema)
        out["enum"] = [v for v in schema["enum"] if v is not None]
        return out, True
    return schema, False


_ANNOTATIONS = ("description", "title", "default", "examples", "deprecated")


def _is_pure_ref(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and "$ref" in schema
        and all(k == "$ref" or k in _ANNOTATIONS or k.startswith("x-") for k in schema)
    )


def _single_value(schema: Any) -> Any:
    """The one value a `const` or a one-value `enum` allows, or None."""
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    return enum[0] if isinstance(enum, list) and len(enum) == 1 else None


def _open_enum(schema: dict[str, Any]) -> list[str] | None:
    branches = schema.get("anyOf") or schema.get("oneOf")
    if not isinstance(branches, list) or len(branches) != 2:
        return None
    enum = [b for b in branches if isinstance(b, dict) and isinstance(b.get("enum"), list)]
    free = [
        b
        for b in branches
        if isinstance(b, dict)
        and b.get("type") == "string"
        and "enum" not in b
        and "const" not in b
        and not any(k in b for k in _CONSTRAINT_KEYS)
    ]
    if len(enum) == 1 and len(free) == 1 and all(isinstance(v, str) for v in enum[0]["enum"]):
        return list(enum[0]["enum"])
    return None


class _Lowering:
    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.defs = bundle.defs
        self.shapes: dict[str, ir.Shape] = {}
        self.order: list[str] = []
        self.nullable_defs = {n for n, s in self.defs.items() if _split_null(s)[1]}

    # -------------------------------------------------------------- shapes

    def run(self) -> ir.Namespace:
        for name in self.defs:
            self.order.append(name)
        for name, schema in self.defs.items():
            self._shape(name, schema, self.bundle.roles[name], self.bundle.sources[name])
        shapes = [self.shapes[n] for n in self.order if n in self.shapes]
        shapes.sort(key=lambda s: 0 if s.role != "part" else 1)  # stable: top-level first
        return ir.Namespace(
            name=self.bundle.namespace,
            description=self.bundle.description,
            shapes=tuple(shapes),
            schema_id=self.bundle.schema_id,
        )

    def _claim(self, hint: str | tuple[str, ...], source: ir.Source, schema: dict[str, Any]) -> str:
        """The name of a hoisted inline schema: the first free one of the hints (`Parent` + `Field`,
        or a union branch's title, then the parent-prefixed title), or, when all are taken, the
        last hint followed by what the inline schema is (`...Object`, `...Enum`)."""
        hints = (hint,) if isinstance(hint, str) else hint
        name = hints[-1]
        kind = (
            "Enum"
            if "enum" in schema or _open_enum(schema) is not None
            else "Object" if self._is_object(schema) else "Union"
        )
        for candidate in (*hints, name + kind, name + "Inline" + kind):
            if candidate not in self.shapes and candidate not in self.defs:
                return candidate
        raise ShapegenError(
            f"the inline schema here would be named {name!r}, which another shape already has",
            where=f"{source.file}#{source.pointer}",
            hint=f"give this schema a name of its own under components/schemas, or rename {name!r}",
        )

    def _shape(self, name: str, schema: Any, role: ir.Role, source: ir.Source) -> None:
        schema, _ = _split_null(schema)
        if schema is True or schema == {} or not isinstance(schema, dict):
            schema = {}
        desc = str(schema.get("description", "")).strip()
        examples = tuple(schema.get("examples", ()) or ())
        notes = tuple(n for n in [schema.get("x-shapegen-deviation")] if n)
        open_values = _open_enum(schema)
        listed = schema.get("enum")
        closed_values = (
            list(listed) if isinstance(listed, list) and listed and all(isinstance(v, str) for v in listed) else None
        )
        values = open_values if open_values is not None else closed_values
        if values is not None:
            enum = ir.Enum(
                name,
                desc,
                tuple(values),
                open_values is not None,
                role,
                source,
                examples=examples,
                notes=notes,
                value_descriptions=self._value_descriptions(schema, values),
            )
            self._add(enum)
            return
        if self._is_object(schema):
            self._add(self._object(name, schema, role, source, desc, examples, notes))
            return
        if self._is_union(schema):
            self._add(self._union(name, schema, role, source, desc, examples, notes))
            return
        t = self._type(schema, name, source)
        nullable = name in self.nullable_defs
        self._add(ir.Alias(name, desc, t, nullable, role, source, examples=examples, notes=notes))

    def _value_descriptions(self, schema: dict[str, Any], values: list[str]) -> tuple[str, ...]:
        described = schema.get("x-shapegen-enum-descriptions") or {}
        return tuple(str(described.get(v, "")) for v in values)

    def _add(self, shape: ir.Shape) -> None:
        # `order` holds every def before the first shape is added, then grows only here: a set
        # beside it answers "already listed?" without scanning the list
        listed: set[str] | None = self.__dict__.get("_listed")
        if listed is None or len(listed) != len(self.order):
            listed = self._listed = set(self.order)
        if shape.name not in listed:
            self.order.append(shape.name)
            listed.add(shape.name)
        self.shapes[shape.name] = shape

    def _is_object(self, schema: dict[str, Any]) -> bool:
        return "properties" in schema or ("allOf" in schema and self._allof_objects(schema) is not None)

    def _is_union(self, schema: dict[str, Any]) -> bool:
        if isinstance(schema.get("oneOf"), list) or isinstance(schema.get("anyOf"), list):
            return True
        t = schema.get("type")
        if isinstance(t, list) and len(t) > 1:
            return True
        return isinstance(schema.get("enum"), list) and len(schema["enum"]) > 1

    def _resolve(self, schema: Any) -> Any:
        """The schema a pure reference stands for (a `$ref` with nothing beside it but
        annotations), followed through chains of such references."""
        seen: set[str] = set()
        while _is_pure_ref(schema):
            name = schema["$ref"][len("#/$defs/") :]
            if name in seen:
                break
            seen.add(name)
            schema = self.defs[name]
        return schema

    def _allof_objects(self, schema: dict[str, Any]) -> list[dict[str, Any]] | None:
        members = []
        for m in schema.get("allOf", []):
            m = _split_null(self._resolve(m))[0]
            if not isinstance(m, dict):
                return None
            if "allOf" in m:
                inner = self._allof_objects(m)
                if inner is None:
                    return None
                members.extend(inner)
            elif "properties" in m or m.get("type") == "object" or "required" in m:
                members.append(m)
            else:
                return None
        return members

    def _object(self, name, schema, role, source, desc, examples, notes) -> ir.Object:
        props: dict[str, Any] = {}
        required: list[str] = []
        for part in (self._allof_objects(schema) or []) + [schema]:
            props.update(part.get("properties") or {})
            required += [r for r in part.get("required") or [] if r not in required]
        closed = schema.get("additionalProperties") is False or schema.get("unevaluatedProperties") is False
        fields = []
        for wire, prop in props.items():
            prop_source = ir.Source(source.file, f"{source.pointer}/properties/{wire}")
            t = self._type(prop, name + pascal_case(wire), prop_source, role)
            nullable = isinstance(t, ir.Nullable)
            if isinstance(t, ir.Nullable):
                t = t.inner
            if wire in required:
                presence: ir.Presence = ir.Required()
            elif isinstance(prop, dict) and "default" in prop:
                presence = ir.Default(prop["default"])
            else:
                presence = ir.Optional()
            description = str(prop.get("description", "")).strip() if isinstance(prop, dict) else ""
            field_notes = tuple(
                str(n) for n in [prop.get("x-shapegen-deviation") if isinstance(prop, dict) else None] if n
            )
            fields.append(
                ir.Field(
                    wire_name=wire,
                    notes=field_notes,
                    type=t,
                    presence=presence,
                    nullable=nullable,
                    description=description,
                    deprecated=bool(isinstance(prop, dict) and prop.get("deprecated")),
                    examples=tuple(prop.get("examples", ()) or ()) if isinstance(prop, dict) else (),
                    secret=bool(isinstance(prop, dict) and prop.get("x-shapegen-secret") is True),
                )
            )
        for wire in required:
            if wire not in props:
                fields.append(ir.Field(wire, ir.AnyValue(), ir.Required(), True, ""))
        # a deviation on one property is a deviation of the shape too, named after the property
        notes = notes + tuple(f"`{f.wire_name}`: {n}" for f in fields for n in f.notes)
        return ir.Object(name, desc, tuple(fields), closed, role, source, examples=examples, notes=notes)

    def _union(self, name, schema, role, source, desc, examples, notes) -> ir.Union_:
        if isinstance(schema.get("type"), list):
            branches = [dict({k: v for k, v in schema.items() if k != "type"}, type=t) for t in schema["type"]]
        elif isinstance(schema.get("enum"), list) and "oneOf" not in schema and "anyOf" not in schema:
            branches = [{"const": v} for v in schema["enum"]]
        else:
            branches = schema.get("oneOf") or schema.get("anyOf")
        # the normalised bundle's catch-all for unknown tags (forward-compatible responses) is the
        # union's openness, not a variant
        known = [b for b in branches if not (isinstance(b, dict) and b.get(UNKNOWN_VARIANT))]
        is_open = len(known) != len(branches)
        branches = known
        tag, default_tag = self._tag(branches, schema)
        variants = []
        for i, branch in enumerate(branches):
            resolved = _split_null(self._resolve(branch))[0]
            tag_value = None
            if tag is not None:
                tag_value = _single_value(resolved["properties"][tag])
            hint = self._variant_name(name, resolved, tag_value)
            t = self._type(branch, hint, ir.Source(source.file, f"{source.pointer}/oneOf/{i}"), role)
            variants.append(ir.Variant(t, tag_value))
        exclusive = "anyOf" not in schema or "oneOf" in schema
        return ir.Union_(
            name,
            desc,
            tuple(variants),
            tag,
            role,
            source,
            examples=examples,
            notes=notes,
            exclusive=exclusive,
            open=is_open and tag is not None,
            default_tag=default_tag,
        )

    def _variant_name(self, parent: str, schema: Any, tag_value: Any) -> str | tuple[str, ...]:
        if isinstance(schema, dict) and schema.get("title"):
            title = pascal_case(str(schema["title"]))
            return (title, title if title.startswith(parent) else parent + title)
        if tag_value is not None:
            return parent + pascal_case(str(tag_value))
        if isinstance(schema, dict) and "properties" in schema:
            req = schema.get("required") or list(schema["properties"])[:1]
            return parent + "".join(pascal_case(r) for r in req[:2]) if req else parent + "Object"
        if isinstance(schema, dict) and "enum" in schema:
            return parent + "Mode"
        return parent + "Value"

    def _tag(self, branches: list[Any], schema: dict[str, Any]) -> tuple[str | None, str | None]:
        """The tag property and the tag value a value without it has (or None), by the one detection
        every consumer shares (generator.layer.unions), when each variant has exactly one tag value."""
        resolved = [_split_null(self._resolve(b))[0] for b in branches]
        declared = (schema.get("discriminator") or {}).get("propertyName")
        tag = detect_tag(resolved, declared)
        if tag is None or any(len(values) != 1 for values in tag.values):
            return None, None
        return tag.property, (tag.values[tag.default][0] if tag.default is not None else None)

    # -------------------------------------------------------------- types

    def _type(self, schema: Any, hint: str | tuple[str, ...], source: ir.Source, role: ir.Role = "part") -> ir.Type:
        """The type of a value; inline objects, enums and unions become shapes named `hint`."""
        if schema is True or schema == {} or schema is None:
            return ir.AnyValue()
        if schema is False:
            raise ShapegenError(
                "a property whose schema is 'false' can never be valid",
                where=f"{source.file}#{source.pointer}",
                hint="remove the property instead",
            )
        schema, nullable = _split_null(schema)
        inner = self._type_non_null(schema, hint, source, role)
        if nullable and not isinstance(inner, ir.Nullable):
            return ir.Nullable(inner)
        return inner

    def _type_non_null(
        self, schema: dict[str, Any], hint: str | tuple[str, ...], source: ir.Source, role: ir.Role
    ) -> ir.Type:
        if "$ref" in schema:
            target = schema["$ref"][len("#/$defs/") :]
            return ir.Nullable(ir.Ref(target)) if target in self.nullable_defs else ir.Ref(target)
        if "const" in schema or (isinstance(schema.get("enum"), list) and len(schema["enum"]) == 1):
            # inline, a one-value enum is a constant; a named one stays an enum that can grow
            return ir.Literal(_single_value(schema))
        if (
            _open_enum(schema) is not None
            or (isinstance(schema.get("enum"), list))
            or self._is_object(schema)
            or self._is_union(schema)
        ):
            name = self._claim(hint, source, schema)
            self._shape(name, schema, "part", source)
            return ir.Ref(name)
        t = schema.get("type")
        if t in _PRIMITIVES:
            return ir.Primitive(t, schema.get("format"), _constraints(schema, source))
        if t == "array" or "items" in schema:
            base = hint if isinstance(hint, str) else hint[-1]
            item = self._type(
                schema.get("items", True), base + "Item", ir.Source(source.file, source.pointer + "/items"), role
            )
            return ir.Array(item, _constraints(schema, source))
        if t == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties", True)
            base = hint if isinstance(hint, str) else hint[-1]
            value = self._type(
                extra, base + "Value", ir.Source(source.file, source.pointer + "/additionalProperties"), role
            )
            return ir.Map(value, _constraints(schema, source))
        return ir.AnyValue()


def lower(bundle: Bundle) -> ir.Namespace:
    return _Lowering(bundle).run()
