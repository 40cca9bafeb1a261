"""The `python` target: an installable package of pydantic v2 models, one subpackage per namespace.

Wire semantics in pydantic terms:
- strict mode everywhere: "4096" is not an integer and 1 is not a string;
- parsing takes wire names only (aliases); attributes are snake_case;
- Required -> no default; Optional -> `= None` and, unless nullable, an explicit null is rejected
  (`NotNull`); Default(v) -> `= v` for scalar defaults;
- closed objects forbid unknown properties, open ones keep them (`extra="allow"`), so
  `model_dump(mode="json", exclude_unset=True)` gives back the payload;
- tagged unions are pydantic discriminated unions; open enums are `Union[Literal[...], str]`.
"""

from __future__ import annotations

import keyword
import re
from functools import lru_cache
from typing import Any

import jinja2

from generator import ir
from generator.naming import LanguageRules, Names, assign, pascal_case, screaming_snake_case, snake_case
from generator.targets.base import RenderInput, SimpleTarget
from generator.templating import environment

# Attributes of pydantic.BaseModel (v2, with its deprecated v1 names) that a field may not shadow,
# and the typing names the generated annotations use (a field named `list` would shadow `list`).
BASEMODEL_ATTRIBUTES = frozenset("""
    construct copy dict fields from_orm json parse_file parse_obj parse_raw schema schema_json
    update_forward_refs validate model_computed_fields model_config model_construct model_copy
    model_dump model_dump_json model_extra model_fields model_fields_set model_json_schema
    model_parametrized_name model_post_init model_rebuild model_validate model_validate_json
    model_validate_strings
""".split())
ANNOTATION_NAMES = frozenset(
    "Annotated Any Field JsonValue Literal NotNull Optional Union bool dict float int list str".split()
)

RULES = LanguageRules(
    language="Python",
    type_case=pascal_case,
    field_case=snake_case,
    member_case=screaming_snake_case,
    keywords=frozenset(keyword.kwlist) | {"None", "True", "False"},
    reserved_fields=BASEMODEL_ATTRIBUTES | ANNOTATION_NAMES | {"model"},
    reserved_types=ANNOTATION_NAMES | {"BaseModel", "ClosedModel", "OpenModel", "TypeAlias", "ConfigDict"},
)


# ---------------------------------------------------------------- the quoting layer


def py_str(value: str) -> str:
    """A Python string literal for any text (repr always gives valid, equal source)."""
    return repr(str(value))


def py_literal(value: Any) -> str:
    """A Python literal for a JSON value."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(k)}: {py_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not a JSON value: {value!r}")


def py_docstring(text: str) -> str:
    """A triple-quoted docstring whose content is exactly `text`, whatever it contains."""
    body = text.replace("\\", "\\\\").replace("\r", "\\r").replace("\0", "\\0")
    body = "".join(c if c in "\n\t" or c >= " " else f"\\x{ord(c):02x}" for c in body)
    # a run of three quotes would close the docstring, and so would a quote right before the end
    body = re.sub(r'"{3,}', lambda m: '\\"' * len(m.group()), body)
    if body.endswith('"'):
        before = body[:-1]
        if (len(before) - len(before.rstrip("\\"))) % 2 == 0:  # that quote is not escaped yet
            body = before + '\\"'
    return f'"""{body}"""'


# ---------------------------------------------------------------- types


class _Types:
    def __init__(self, ns: ir.Namespace, names: Names, quote_refs: bool):
        self.ns = ns
        self.names = names
        # type aliases are evaluated at import, so they refer to shapes by string (any order);
        # class annotations are lazy already (`from __future__ import annotations`)
        self.quote_refs = quote_refs

    def ref(self, name: str) -> str:
        return f'"{self.names.type(name)}"' if self.quote_refs else self.names.type(name)

    def expr(self, t: ir.Type) -> str:
        if isinstance(t, ir.Primitive):
            if t.kind == "integer":
                return self._constrained("int", t.constraints, "WholeNumber")
            base = {"string": "str", "number": "float", "boolean": "bool"}[t.kind]
            return self._constrained(base, t.constraints)
        if isinstance(t, ir.AnyValue):
            return "JsonValue"
        if isinstance(t, ir.Literal):
            if isinstance(t.value, float):
                return f"Annotated[float, Field(ge={t.value!r}, le={t.value!r})]"
            return f"Literal[{py_literal(t.value)}]"
        if isinstance(t, ir.Ref):
            return self.ref(t.name)
        if isinstance(t, ir.Array):
            inner = f"list[{self.expr(t.item)}]"
            out = self._constrained(inner, t.constraints)
            if t.constraints.unique_items:
                out = f"Annotated[{out}, AfterValidator(unique_items)]"
            return out
        if isinstance(t, ir.Map):
            c = t.constraints
            return self._constrained(
                f"dict[str, {self.expr(t.value)}]",
                ir.Constraints(min_length=c.min_properties, max_length=c.max_properties),
            )
        if isinstance(t, ir.Nullable):
            return f"Optional[{self.expr(t.inner)}]"
        raise TypeError(t)

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
                args.append(f"{kw}={value!r}")
        if c.pattern is not None:
            args.append(f"pattern={py_str(c.pattern)}")
        extra = [*metadata, f"Field({', '.join(args)})"] if args else list(metadata)
        return f"Annotated[{base}, {', '.join(extra)}]" if extra else base

    def field(self, shape: ir.Object, f: ir.Field) -> dict[str, Any]:
        name = self.names.field(shape.name, f.wire_name)
        t = self.expr(f.type)
        kwargs = []
        default = None
        if isinstance(f.presence, ir.Required):
            annotation = f"Optional[{t}]" if f.nullable else t
        elif (
            isinstance(f.presence, ir.Default)
            and _scalar(f.presence.value)
            and (f.presence.value is not None or f.nullable)
        ):
            annotation = f"Optional[{t}]" if f.nullable else t
            default = py_literal(f.presence.value)
        else:  # Optional, or a default Python cannot hold as a plain literal: absent means None
            annotation = f"Optional[{t}]" if f.nullable else f"Annotated[Optional[{t}], NotNull]"
            default = "None"
        if name != f.wire_name:
            kwargs.append(f"alias={py_str(f.wire_name)}")
        if default is not None and kwargs:
            kwargs.insert(0, f"default={default}")
        if f.deprecated:
            kwargs.append("deprecated=True")
        value = f"Field({', '.join(kwargs)})" if kwargs else default
        return {"name": name, "annotation": annotation, "value": value, "doc": _field_doc(f)}


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _field_doc(f: ir.Field) -> str:
    parts = [f.description] if f.description else []
    if isinstance(f.presence, ir.Default) and not _scalar(f.presence.value):
        parts.append(f"Absent means the service default: {py_literal(f.presence.value)}.")
    return "\n\n".join(parts)


def _alias_expr(shape: ir.Shape, types: _Types) -> str:
    if isinstance(shape, ir.Enum):
        values = ", ".join(py_literal(v) for v in shape.values)
        return f"Union[Literal[{values}], str]" if shape.open else f"Literal[{values}]"
    if isinstance(shape, ir.Union_):
        members = ", ".join(types.expr(v.type) for v in shape.variants)
        expr = f"Union[{members}]" if len(shape.variants) > 1 else members
        if shape.tag is not None:
            expr = f"Annotated[{expr}, Field(discriminator={py_str(shape.tag)})]"
        return expr
    if isinstance(shape, ir.Alias):
        expr = types.expr(shape.type)
        return f"Optional[{expr}]" if shape.nullable else expr
    raise TypeError(shape)


def _shape_doc(shape: ir.Shape) -> str:
    parts = [shape.description] if shape.description else []
    if isinstance(shape, ir.Object):
        parts.append(
            "Unknown properties are rejected." if shape.closed else "Unknown properties are accepted and kept."
        )
    if isinstance(shape, ir.Enum) and shape.open:
        parts.append("Open: any other string is accepted and kept.")
    return "\n\n".join(parts)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return environment("python", {"py_str": py_str, "py_doc": py_docstring})


def namespace_module(namespace: str) -> str:
    """The subpackage a namespace's code lives in (models here, validators beside them)."""
    return snake_case(namespace)


def render_namespace(ns: ir.Namespace, package: str) -> dict[str, str]:
    """models.py and __init__.py of one namespace, relative to the package folder."""
    names = assign(ns, RULES)
    types = _Types(ns, names, quote_refs=False)
    alias_types = _Types(ns, names, quote_refs=True)
    aliases, classes = [], []
    for shape in ns.shapes:
        if isinstance(shape, ir.Object):
            classes.append(
                {
                    "name": names.type(shape.name),
                    "base": "ClosedModel" if shape.closed else "OpenModel",
                    "doc": _shape_doc(shape),
                    "fields": [types.field(shape, f) for f in shape.fields],
                }
            )
        else:
            entry: dict[str, Any] = {
                "name": names.type(shape.name),
                "expr": _alias_expr(shape, alias_types),
                "doc": _shape_doc(shape),
            }
            if isinstance(shape, ir.Enum):
                entry["values_name"] = screaming_snake_case(shape.name) + "_VALUES"
                entry["known_values"] = [py_literal(v) for v in shape.values]
            aliases.append(entry)
    exports = sorted([c["name"] for c in classes] + [a["name"] for a in aliases])
    module = namespace_module(ns.name)
    env = _environment()
    return {
        f"{module}/models.py": env.get_template("models.py.j2").render(
            namespace=ns, package=package, aliases=aliases, classes=classes, exports=exports
        ),
        f"{module}/__init__.py": env.get_template("namespace_init.py.j2").render(namespace=ns, exports=exports),
    }


def render(inp: RenderInput) -> dict[str, str]:
    package = str(inp.target_options("python").get("package", "realtime_shapes"))
    env = _environment()
    modules = [namespace_module(ns.name) for ns in inp.model.namespaces]
    files = {
        "pyproject.toml": env.get_template("pyproject.toml.j2").render(
            package=package, namespaces=inp.model.namespaces
        ),
        f"{package}/__init__.py": env.get_template("package_init.py.j2").render(
            package=package, namespaces=inp.model.namespaces, modules=modules
        ),
        f"{package}/py.typed": "",
        f"{package}/_base.py": env.get_template("base.py.j2").render(),
    }
    for ns in inp.model.namespaces:
        files.update({f"{package}/{rel}": text for rel, text in render_namespace(ns, package).items()})
    return files


def _owns(rel: str) -> bool:
    return not rel.endswith("/validators.py")


TARGET = SimpleTarget(name="python", out_dir="python", render_fn=render, owns_fn=_owns)
