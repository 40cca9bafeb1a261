"""The `python` target: an installable package of pydantic v2 models, one subpackage per namespace.

Wire semantics in pydantic terms:
- strict mode everywhere: "4096" is not an integer and 1 is not a string;
- parsing JSON takes wire names only; constructing in Python takes attribute names (snake_case)
  or wire names, and `None` for an optional non-nullable attribute means "not set";
- Required -> no default; Optional -> `= None` and, unless nullable, an explicit null is rejected
  (`NotNull`); Default(v) -> `= v` for scalar defaults;
- closed objects forbid unknown properties, open ones keep them (`extra="allow"`);
- `model_dump()` / `model_dump_json()` write exactly what was set (unset properties left out,
  explicit nulls and unknown response properties kept), so the default output re-parses equal;
- tagged unions are pydantic discriminated unions; open ones (responses) route an unknown tag to a
  catch-all `<Union>Unknown` model that keeps the value; open enums are `Union[Literal[...], str]`;
- secret fields (`x-shapegen-secret`) show `<redacted>` in repr() and str();
- the models reach pydantic, typing and the shared base only as `_pd`, `_t`, `_sg`, names no
  shape or field can take.
"""

from __future__ import annotations

import dataclasses

import keyword
import re
from functools import lru_cache
from typing import Any, assert_never

import jinja2
from jinja2.filters import do_indent

from generator import ir, pylayout
from generator.code import per_character
from generator.rules import Associated, LanguageRules, Names, pascal_case, screaming_snake_case, snake_case
from generator.targets.base import RenderInput, SimpleTarget, SourceTraits
from generator.packaging.python import PACKAGE_NAME
from generator.identity import identity, toml_str
from generator.templating import environment
from generator.decide import DecidedNamespace, decide_namespace
from generator.layer.defaults import Json
from generator.layer.unions import InOrder
from generator.layer.patterns import as_pattern
from generator.validators.literals import string_literal
from generator.visible import BIDI_CONTROLS

# Attributes of pydantic.BaseModel (v2, with its deprecated v1 names) and of the generated base
# class that a field may not shadow. `model` is not one of them: pydantic v2 protects only
# `model_dump*`/`model_validate*` by default, and the base classes set `protected_namespaces=()`.
BASEMODEL_ATTRIBUTES = frozenset("""
    construct copy dict fields from_orm json parse_file parse_obj parse_raw schema schema_json
    update_forward_refs validate model_computed_fields model_config model_construct model_copy
    model_dump model_dump_json model_extra model_fields model_fields_set model_json_schema
    model_parametrized_name model_post_init model_rebuild model_validate model_validate_json
    model_validate_strings to_dict to_json
""".split())
# builtins the annotations use unqualified; a class attribute named `list` would shadow `list`
# while pydantic evaluates the class's annotations. Everything else the models use is reached
# through a private qualified import (`_t.`, `_pd.`, `_sg.`), which no shape or field can name.
ANNOTATION_BUILTINS = frozenset("bool dict float int list str".split())

UNKNOWN_VARIANT = "unknown-variant"
ENUM_VALUES = "enum-values"
# a tagged union whose discriminator is a callable (open, or with a default tag): the attribute
# its variants hold the tag in, and (open) the routing label of the catch-all (RULES.refine)
TAG_ATTRIBUTE, UNKNOWN_LABEL = "tag-attribute", "unknown-label"

RULES = LanguageRules(
    language="Python",
    type_case=pascal_case,
    field_case=snake_case,
    member_case=screaming_snake_case,
    keywords=frozenset(keyword.kwlist) | {"None", "True", "False"},
    reserved_fields=BASEMODEL_ATTRIBUTES | ANNOTATION_BUILTINS,
    reserved_types=frozenset(),
    associated=(
        # the catch-all variant of an open tagged union, a model beside the shapes
        Associated(UNKNOWN_VARIANT, "open-union", "types", ("{type}Unknown", "{type}UnknownVariant")),
        # the known values of an enum, a module constant
        Associated(
            ENUM_VALUES,
            "enum",
            "types",
            (
                lambda t, s, f: screaming_snake_case(s) + "_VALUES",
                lambda t, s, f: screaming_snake_case(s) + "_KNOWN_VALUES",
            ),
        ),
    ),
    # the namespace's module name
    module_case=lambda namespace: namespace_module(namespace),
    refine=lambda ns, names: _refine(ns, names),
)

# what `shapegen breaking` needs to know of the printed source: enum values are Literal[...] strings,
# and an optional field is Optional[T] whether or not it is nullable
SOURCE_TRAITS = SourceTraits(enum_values_as_literals=True, optional_nullable_same_type=True)


# ---------------------------------------------------------------- the quoting layer


def py_str(value: str) -> str:
    """A Python string literal for any text: repr() (always valid, equal source), quoted as
    black quotes it (double quotes unless that needs more escapes)."""
    return string_literal(str(value))


def py_literal(value: Any, quote: Any = None) -> str:
    """A Python literal for a JSON value (strings quoted by `quote`, py_str by default)."""
    quote = quote or py_str
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return str(quote(value))
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if quote is repr else repr(value).replace("e+", "e")  # black writes 1e100
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v, quote) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{quote(k)}: {py_literal(v, quote)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {value!r}")


def _surrogate(c: str) -> bool:
    return 0xD800 <= ord(c) <= 0xDFFF


def _py_escape(c: str) -> str:
    """A fixed-width escape (`\\xHH`, `\\uHHHH`): no character after it can extend it."""
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


_LINE_BREAKS = frozenset("\x85\u2028\u2029")


def _docstring_char(c: str) -> str:
    # besides controls and lone surrogates, the characters str.splitlines() breaks on (black reads a
    # docstring's lines that way, so a raw U+2028 would move its closing quotes)
    if c in "\n\t" or (c >= " " and not _surrogate(c) and c not in _LINE_BREAKS):
        return f"\\u{ord(c):04x}" if c in BIDI_CONTROLS else c  # read as written
    return _py_escape(c)


_docstring_chars = per_character(_docstring_char)


_QUOTE_RUN = re.compile(r'"{3,}')


def py_docstring(text: str) -> str:
    """A triple-quoted docstring whose content is exactly `text`, whatever it contains."""
    # fixed-width escapes only: `\\0` before a digit would read as an octal escape (`\\00`)
    body = text.replace("\\", "\\\\").replace("\r", "\\r")
    body = _docstring_chars(body)
    # a run of three quotes would close the docstring, and so would a quote right before the end
    if '"""' in body:
        body = _QUOTE_RUN.sub(lambda m: '\\"' * len(m.group()), body)
    if body.endswith('"'):
        before = body[:-1]
        if (len(before) - len(before.rstrip("\\"))) % 2 == 0:  # that quote is not escaped yet
            body = before + '\\"'
    return f'"""{body}"""'


# ---------------------------------------------------------------- types


class _Types:
    def __init__(self, decided: DecidedNamespace, quote_refs: bool):
        self.decided = decided
        self.ns = decided.namespace
        self.names = decided.names_with(RULES)
        # type aliases are evaluated at import, so they refer to shapes by string (any order);
        # class annotations are lazy already (`from __future__ import annotations`)
        self.quote_refs = quote_refs

    def ref(self, name: str) -> str:
        return self.quote(self.names.type(name))

    def quote(self, type_name: str) -> str:
        return f'"{type_name}"' if self.quote_refs else type_name

    def expr(self, t: ir.Type) -> str:
        match t:
            case ir.Primitive():
                if t.kind == "integer":
                    return self._constrained("int", t.constraints, "_sg.WholeNumber")
                base = {"string": "str", "number": "float", "boolean": "bool"}[t.kind]
                return self._constrained(base, t.constraints)
            case ir.AnyValue():
                return "_pd.JsonValue"
            case ir.Literal():
                if isinstance(t.value, float):
                    return f"_t.Annotated[float, _pd.Field(ge={py_literal(t.value)}, le={py_literal(t.value)})]"
                return f"_t.Literal[{py_literal(t.value)}]"
            case ir.Ref():
                return self.ref(t.name)
            case ir.Array():
                inner = f"list[{self.expr(t.item)}]"
                out = self._constrained(inner, t.constraints)
                if t.constraints.unique_items:
                    out = f"_t.Annotated[{out}, _pd.AfterValidator(_sg.unique_items)]"
                return out
            case ir.Map():
                c = t.constraints
                return self._constrained(
                    f"dict[str, {self.expr(t.value)}]",
                    ir.Constraints(min_length=c.min_properties, max_length=c.max_properties),
                )
            case ir.Nullable():
                return f"_t.Optional[{self.expr(t.inner)}]"
            case _:
                assert_never(t)

    def _constrained(self, base: str, c: ir.Constraints, *metadata: str) -> str:
        args = []
        for attr, kw in (
            ("minimum", "ge"),
            ("maximum", "le"),
            ("exclusive_minimum", "gt"),
            ("exclusive_maximum", "lt"),
            ("multiple_of", "multiple_of"),
            ("min_length", "min_length"),
            ("max_length", "max_length"),
            ("min_items", "min_length"),
            ("max_items", "max_length"),
        ):
            value = getattr(c, attr)
            if value is not None:
                args.append(f"{kw}={py_literal(value)}")
        if c.pattern is not None:
            args.append(f"pattern={py_str(python_pattern(c.pattern))}")
        extra = [*metadata, f"_pd.Field({', '.join(args)})"] if args else list(metadata)
        return f"_t.Annotated[{base}, {', '.join(extra)}]" if extra else base

    def field(self, shape: ir.Object, f: ir.Field) -> dict[str, Any]:
        name = self.names.field(shape.name, f.wire_name)
        t = self.expr(f.type)
        kwargs = []
        default = None
        metadata = []
        decided = self.decided.default(shape.name, f.wire_name)
        if isinstance(f.presence, ir.Required):
            annotation = f"_t.Optional[{t}]" if f.nullable else t
        elif (
            decided is not None
            and decided.offered
            and not isinstance(decided.carrier, Json)
            and _scalar(decided.value)
            and (decided.value is not None or f.nullable)
        ):
            # the layer's default decision (generator.layer.defaults), filled in as a literal
            annotation = f"_t.Optional[{t}]" if f.nullable else t
            default = py_literal(decided.value)
        else:  # Optional, or a default Python cannot hold as a plain literal: absent means None
            annotation = f"_t.Optional[{t}]"
            if not f.nullable:
                metadata.append("_sg.NotNull")
            default = "None"
        if f.secret:
            metadata.append("_sg.Secret")
        if metadata:
            annotation = f"_t.Annotated[{annotation}, {', '.join(metadata)}]"
        if name != f.wire_name:
            # not `alias=` nor a plain string: type checkers (pyright, and mypy with pydantic's
            # plugin) then take the attribute name as the keyword, which is how the models are
            # constructed (`session_id=`); JSON is read by wire name only
            kwargs.append(f"validation_alias=_pd.AliasChoices({py_str(f.wire_name)})")
            kwargs.append(f"serialization_alias={py_str(f.wire_name)}")
        if default is not None and kwargs:
            kwargs.insert(0, f"default={default}")
        if f.deprecated:
            kwargs.append("deprecated=True")
        value = f"_pd.Field({', '.join(kwargs)})" if kwargs else default
        return {"name": name, "annotation": annotation, "value": value, "doc": _field_doc(f)}


def python_pattern(pattern: str) -> str:
    """An ECMA-262 `pattern` as Python `re` source with the same meaning (`$` only at the very
    end, `\\d` ASCII digits, ...): the shared layer's python-re translation, which the compiled
    validators use too. A pattern Python cannot check exactly is an error naming its place."""
    return as_pattern(pattern, "").python_re()


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _field_doc(f: ir.Field) -> str:
    parts = [f.description] if f.description else []
    if isinstance(f.presence, ir.Default) and not _scalar(f.presence.value):
        # in prose, strings read as repr() writes them
        parts.append(f"Absent means the service default: {py_literal(f.presence.value, repr)}.")
    if f.secret:
        parts.append("A credential: repr() and str() show <redacted>; the wire keeps the value.")
    return "\n\n".join(parts)


def _unknown_label(known: list[str]) -> str:
    """The routing label of an open union's catch-all variant: a string no known tag value is."""
    label = "unknown"
    while label in known:
        label += "_"
    return label


def _alias_expr(shape: ir.Shape, types: _Types, catch_all: tuple[str, str] | None = None) -> str:
    match shape:
        case ir.Enum():
            values = ", ".join(py_literal(v) for v in shape.values)
            return f"_t.Union[_t.Literal[{values}], str]" if shape.open else f"_t.Literal[{values}]"
        case ir.Union_():
            if catch_all is not None and shape.tag is not None:
                unknown_name, attr = catch_all
                # pydantic's discriminated unions have no fallback; a callable discriminator routes
                # known tag values to their variant and everything else to the catch-all
                known = [v.tag_value for v in shape.variants if v.tag_value is not None]
                label = types.names.associated(UNKNOWN_LABEL, shape.name)
                members = [
                    f"_t.Annotated[{types.expr(v.type)}, _pd.Tag({py_str(v.tag_value or '')})]" for v in shape.variants
                ]
                members.append(f"_t.Annotated[{types.quote(unknown_name)}, _pd.Tag({py_str(label)})]")
                known_tuple = (
                    f"({py_str(known[0])},)" if len(known) == 1 else f"({', '.join(py_str(k) for k in known)})"
                )
                default = f", {py_str(shape.default_tag)}" if shape.default_tag is not None else ""
                discriminator = (
                    f"_sg.open_tag({py_str(shape.tag)}, {py_str(attr)}, {known_tuple}, {py_str(label)}{default})"
                )
                return f"_t.Annotated[_t.Union[{', '.join(members)}], {discriminator}]"
            if shape.tag is not None and shape.default_tag is not None:
                # the tag may be absent (a schema default): a callable discriminator reads it as the default
                members = [
                    f"_t.Annotated[{types.expr(v.type)}, _pd.Tag({py_str(v.tag_value or '')})]" for v in shape.variants
                ]
                attr = types.names.associated(TAG_ATTRIBUTE, shape.name)
                discriminator = f"_sg.tag_or_default({py_str(shape.tag)}, {py_str(attr)}, {py_str(shape.default_tag)})"
                return f"_t.Annotated[_t.Union[{', '.join(members)}], {discriminator}]"
            members_list = ", ".join(types.expr(v.type) for v in shape.variants)
            expr = f"_t.Union[{members_list}]" if len(shape.variants) > 1 else members_list
            if shape.tag is not None:
                expr = f"_t.Annotated[{expr}, _pd.Field(discriminator={py_str(shape.tag)})]"
            how = types.decided.dispatch(shape.name)
            if isinstance(how, InOrder) and how.exclusive and len(shape.variants) > 1:
                # a oneOf whose variants overlap: pydantic's union picks one, and `exactly_one` rejects
                # a value two variants accept; the members are named when first used (any order)
                eager = _Types(types.decided, quote_refs=False)
                eager_list = ", ".join(eager.expr(v.type) for v in shape.variants)
                expr = f"_t.Annotated[{expr}, _sg.exactly_one(lambda: ({eager_list}))]"
            return expr
        case ir.Alias():
            expr = types.expr(shape.type)
            return f"_t.Optional[{expr}]" if shape.nullable else expr
        case ir.Object():
            raise TypeError(f"{shape.name} is a model class, not a type expression")
        case _:
            assert_never(shape)


def _tag_attribute(ns: ir.Namespace, names: Names, union: ir.Union_) -> str:
    """The attribute the tag property has in the union's variants (the naming stage's name)."""
    for v in union.variants:
        if isinstance(v.type, ir.Ref) and (v.type.name, union.tag) in names.fields:
            return names.field(v.type.name, union.tag or "")
    return snake_case(union.tag or "") or "tag"


def _refine(ns: ir.Namespace, names: Names) -> Names:
    """The names a callable discriminator uses (RULES.refine): the tag's attribute, and for an
    open union the label its catch-all is routed by."""
    extra = dict(names.extra)
    for union in ns.shapes:
        if not isinstance(union, ir.Union_) or union.tag is None:
            continue
        if union.open or union.default_tag is not None:
            extra[(TAG_ATTRIBUTE, union.name, "")] = _tag_attribute(ns, names, union)
        if union.open:
            known = [v.tag_value for v in union.variants if v.tag_value is not None]
            extra[(UNKNOWN_LABEL, union.name, "")] = _unknown_label(known)
    return dataclasses.replace(names, extra=extra)


def catch_all_class(ns: ir.Namespace, names: Names, union: ir.Union_) -> tuple[str, dict[str, Any]] | None:
    """The variant that keeps an open tagged union's unknown values: an open model whose tag is
    any string, named by the naming stage (`<Union>Unknown`); (tag attribute, class)."""
    if not (union.open and union.tag is not None):
        return None
    name = names.associated(UNKNOWN_VARIANT, union.name)
    attr = names.associated(TAG_ATTRIBUTE, union.name)
    value = None
    if attr != union.tag:
        value = (
            f"_pd.Field(validation_alias=_pd.AliasChoices({py_str(union.tag)}),"
            f" serialization_alias={py_str(union.tag)})"
        )
    doc = (
        f"A {names.type(union.name)} whose {union.tag!r} this version does not know, kept as it is."
        "\n\nUnknown properties are accepted and kept."
    )
    fields = [{"name": attr, "annotation": "str", "value": value, "doc": ""}]
    return attr, {"name": name, "base": "_sg.OpenModel", "doc": doc, "fields": fields, "hide_input": False}


def _shape_doc(shape: ir.Shape) -> str:
    parts = [shape.description] if shape.description else []
    if isinstance(shape, ir.Object):
        parts.append(
            "Unknown properties are rejected." if shape.closed else "Unknown properties are accepted and kept."
        )
    if isinstance(shape, ir.Enum) and shape.open:
        parts.append("Open: any other string is accepted and kept.")
    if isinstance(shape, ir.Union_) and shape.open and shape.tag is not None:
        parts.append(f"Open: an object whose {shape.tag!r} is none of the known values is accepted and kept as it is.")
    return "\n\n".join(parts)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return environment("python", {"py_str": py_str, "py_doc": py_docstring, "toml_str": toml_str})


def namespace_module(namespace: str) -> str:
    """The subpackage a namespace's code lives in (models here, validators beside them):
    RULES.module_case, which the decided names hold."""
    return snake_case(namespace)


def _statement(text: str, depth: int = 0) -> str:
    return pylayout.statement(text, depth)


def _class_doc(text: str) -> str:
    """A class docstring as black leaves it (printed after four spaces)."""
    return pylayout.docstring(do_indent(py_docstring(text), 4), 1)


def _module_doc(text: str) -> str:
    return pylayout.docstring(py_docstring(text), 0)


def _laid_out(classes: list[dict[str, Any]], aliases: list[dict[str, Any]]) -> None:
    """Each statement of the module, in black's layout (the template prints them as they are)."""
    for a in aliases:
        if "recursive_expr" in a:
            # an alias that refers to itself (through aliases and unions alone, decided in
            # generator.layer.facts): a TypeAliasType whose value is a string, which mypy reads as
            # a recursive alias and pydantic resolves lazily, when the first model is built
            value = py_str(a["recursive_expr"])
            a["statement"] = _statement(f"{a['name']} = _te.TypeAliasType({py_str(a['name'])}, {value})")
        else:
            a["statement"] = _statement(f"{a['name']}: _t.TypeAlias = {a['expr']}")
        if "known_values" in a:
            a["values_statement"] = _statement(
                f"{a['values_name']}: tuple[str, ...] = ({''.join(v + ', ' for v in a['known_values'])})"
            )
    for c in classes:
        c["header"] = _statement(f"class {c['name']}({c['base']}):")
        c["docstring"] = _class_doc(c["doc"]) if c["doc"] else ""
        for f in c["fields"]:
            value = f" = {f['value']}" if f["value"] is not None else ""
            f["statement"] = _statement(f"{f['name']}: {f['annotation']}{value}", 1)
        c["rebuild"] = _statement(f"{c['name']}.model_rebuild()")


def render_namespace(ns: ir.Namespace, package: str, decided: DecidedNamespace | None = None) -> dict[str, str]:
    """models.py and __init__.py of one namespace, relative to the package folder."""
    decided = decided if decided is not None else decide_namespace(ns)
    names = decided.names_with(RULES)
    types = _Types(decided, quote_refs=False)
    alias_types = _Types(decided, quote_refs=True)
    secret_holders = decided.secret_holders
    aliases, classes, catch_alls = [], [], []
    for shape in ns.shapes:
        if isinstance(shape, ir.Object):
            classes.append(
                {
                    "name": names.type(shape.name),
                    "base": "_sg.ClosedModel" if shape.closed else "_sg.OpenModel",
                    "doc": _shape_doc(shape),
                    "fields": [types.field(shape, f) for f in shape.fields],
                    "hide_input": shape.name in secret_holders,
                }
            )
        else:
            unknown = catch_all_class(ns, names, shape) if isinstance(shape, ir.Union_) else None
            if unknown is not None:
                catch_alls.append(unknown[1])
            entry: dict[str, Any] = {
                "name": names.type(shape.name),
                "expr": _alias_expr(shape, alias_types, (unknown[1]["name"], unknown[0]) if unknown else None),
                "doc": _shape_doc(shape),
            }
            if shape.name in decided.graph.recursive_type_aliases:
                entry["recursive_expr"] = _alias_expr(
                    shape, types, (unknown[1]["name"], unknown[0]) if unknown else None
                )
            if isinstance(shape, ir.Enum):
                entry["values_name"] = names.associated(ENUM_VALUES, shape.name)
                entry["known_values"] = [py_literal(v) for v in shape.values]
            aliases.append(entry)
    classes.extend(catch_alls)
    _laid_out(classes, aliases)
    exports = sorted([c["name"] for c in classes] + [a["name"] for a in aliases])
    module = names.module
    env = _environment()
    models_doc = _module_doc(f"Models of the {ns.name} namespace. Generated by shapegen: do not edit.")
    init_doc = _module_doc(
        f"The {ns.name} namespace."
        + (f"\n\n{ns.description}" if ns.description else "")
        + "\n\nGenerated by shapegen: do not edit.\n"
    )
    return {
        f"{module}/models.py": env.get_template("models.py.j2").render(
            docstring=models_doc,
            package=package,
            aliases=aliases,
            classes=classes,
            exports=exports,
            recursive=any("recursive_expr" in a for a in aliases),
        ),
        f"{module}/__init__.py": env.get_template("namespace_init.py.j2").render(docstring=init_doc, exports=exports),
    }


def render(inp: RenderInput) -> dict[str, str]:
    package = str(inp.target_options("python").get("package", "realtime_shapes"))
    env = _environment()
    modules = [namespace_module(ns.name) for ns in inp.model.namespaces]
    names_tuple = "".join(py_str(ns.name) + ", " for ns in inp.model.namespaces)
    files = {
        "pyproject.toml": env.get_template("pyproject.toml.j2").render(
            package=package,
            namespaces=inp.model.namespaces,
            version=inp.package_version("python"),
            project=identity(inp.options, inp.bundles, inp.licenses),
        ),
        f"{package}/__init__.py": env.get_template("package_init.py.j2").render(
            package=package,
            modules=modules,
            namespaces_statement=_statement(f"NAMESPACES = ({names_tuple})"),
        ),
        f"{package}/py.typed": "",
        f"{package}/_base.py": env.get_template("base.py.j2").render(),
    }
    for ns in inp.model.namespaces:
        rendered = render_namespace(ns, package, inp.decisions(ns))
        files.update({f"{package}/{rel}": text for rel, text in rendered.items()})
    return files


def _owns(rel: str) -> bool:
    return not rel.endswith("/validators.py")


# the templates and generator.pylayout emit black's layout: no formatter runs (tests/python/test_black_layout.py)
TARGET = SimpleTarget(name="python", out_dir="python", render_fn=render, owns_fn=_owns, formatter="none")
