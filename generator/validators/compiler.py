"""JSON Schema 2020-12 -> straight-line Python validator functions.

Every (schema location, dynamic scope, mode) pair the entry points can reach becomes at most one
function; child schemas (properties, items, allOf branches, then/else, ...) are inlined into
their parent's function, so a typical object check is a run of `type(x) is ...`, `'key' in x`
and comparisons with no calls and no allocations. Functions exist for `$ref` targets, for the
branches of `anyOf`/`oneOf`/`not`/`if`, and where inlining would nest too deep.

Modes:
- `v`: `def _vN(x) -> bool`, stops at the first failure (is_valid);
- `e`: `def _eN(x, p, errs)`, appends every ValidationError (p is the instance path tuple);
- `a`: `def _aN(x) -> set | None`: None when invalid, else the property names / item indices
  the schema evaluated (the annotations `unevaluatedProperties`/`unevaluatedItems` need);
- `A`: like `a` but ignoring the schema's own `unevaluated*` keywords (used by `e`).

`$dynamicRef` is resolved statically: the dynamic scope that matters (which resource first
bound each dynamic anchor name that some `$dynamicRef` uses) is part of a function's key, so a
schema reached under two different scopes is compiled twice and nothing is looked up at run
time.

Schema text reaches the output only through `literals.literal` (and `repr` of pre-built
strings); identifiers are `_v`/`_e`/`_a`/`_c` plus a counter.
"""

from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from typing import Any, Iterator

from generator.validators.literals import frozenset_literal, literal
from generator.validators.regex import UnsupportedPattern, compile_pattern, translate
from generator.validators.registry import Location, Registry, SchemaError
from generator.validators.uri import join_pointer, resolve, split_fragment
from generator.validators import formats as _formats

Ctx = tuple[tuple[str, Location], ...]

TYPES = ("null", "boolean", "object", "array", "number", "string", "integer")
# keywords that never affect validation; a schema of only these (plus `$ref`) is a plain reference
ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$dynamicAnchor",
        "$comment",
        "$defs",
        "definitions",
        "$vocabulary",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "discriminator",
        "nullable",
    }
)
NUMERIC = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
STRING = ("minLength", "maxLength", "pattern", "format")
ARRAY = ("prefixItems", "items", "contains", "minItems", "maxItems", "uniqueItems", "minContains", "maxContains")
OBJECT = (
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "required",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "dependentSchemas",
)
VALIDATION_VOCABULARY = frozenset(
    {
        "type",
        "const",
        "enum",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
    }
)
MAX_INDENT = 9  # deeper children become function calls (Python caps statically nested blocks)
INLINE_REF_NODES = 40  # $ref targets this small, with no references inside, are inlined

_TYPE_TEST = {
    "null": "{v} is None",
    "boolean": "type({v}) is bool",
    "object": "type({v}) is dict",
    "array": "type({v}) is list",
    "number": "(type({v}) is int or type({v}) is float)",
    "string": "type({v}) is str",
    "integer": "(type({v}) is int or (type({v}) is float and {v}.is_integer()))",
}
_TYPE_NOT = {
    "null": "{v} is not None",
    "boolean": "type({v}) is not bool",
    "object": "type({v}) is not dict",
    "array": "type({v}) is not list",
    "number": "(type({v}) is not int and type({v}) is not float)",
    "string": "type({v}) is not str",
    "integer": "(type({v}) is not int and (type({v}) is not float or not {v}.is_integer()))",
}
# the instance type a group of keywords applies to, and the declared types that imply it
_GROUP_TEST = {
    "number": ("(type({v}) is int or type({v}) is float)", {"number", "integer"}),
    "string": ("type({v}) is str", {"string"}),
    "array": ("type({v}) is list", {"array"}),
    "object": ("type({v}) is dict", {"object"}),
}


def _is_number(v: Any) -> bool:
    return type(v) in (int, float)


def _count(v: Any) -> int:
    if type(v) is int and v >= 0:
        return v
    if type(v) is float and v >= 0 and v.is_integer():
        return int(v)
    raise SchemaError(f"expected a non-negative integer, got {v!r}")


class Path:
    """An instance path expression: a tuple variable plus literal/variable parts after it."""

    def __init__(self, base: str, parts: tuple[str, ...] = ()) -> None:
        self.base, self.parts = base, parts

    def child(self, part: str) -> "Path":
        return Path(self.base, self.parts + (part,))

    def expr(self) -> str:
        if not self.parts:
            return self.base
        return f"(*{self.base}, {', '.join(self.parts)})"


class Writer:
    """Indented lines; `struct` lines (block headers, temporaries) check nothing by themselves."""

    def __init__(self, indent: int = 1) -> None:
        self.lines: list[str] = []
        self.structural: list[bool] = []
        self.indent = indent

    def __call__(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)
        self.structural.append(False)

    def struct(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)
        self.structural.append(True)

    @contextmanager
    def block(self, header: str) -> Iterator[None]:
        self.struct(header)
        self.indent += 1
        mark = len(self.lines)
        yield
        if len(self.lines) == mark:
            self.struct("pass")
        self.indent -= 1

    def mark(self) -> int:
        return len(self.lines)

    def drop_if_nothing_after(self, mark: int) -> None:
        """Remove the lines from `mark` if none of them checks anything."""
        if all(self.structural[mark:]):
            del self.lines[mark:]
            del self.structural[mark:]


class Compiler:
    def __init__(self, registry: Registry, main: str, *, format_assertion: bool = False) -> None:
        self.reg = registry
        self.main = main
        self.format_assertion = format_assertion
        self.names: dict[tuple[Location, Ctx, str], str] = {}
        self.pending: deque[tuple[Location, Ctx, str]] = deque()
        self.functions: list[str] = []
        self.consts: dict[str, str] = {}
        self.const_defs: list[str] = []
        self.late_defs: list[str] = []
        self.helpers: set[str] = set()
        self.error_index: dict[tuple[str, str, str, str], int] = {}
        self.formats: set[str] = set()
        self.uses_re = False
        self._tmp = 0
        self._inline_cache: dict[Location, bool] = {}

    # ------------------------------------------------------------------ bookkeeping

    def fn(self, loc: Location, ctx: Ctx, mode: str) -> str:
        for _ in range(16):  # a schema that is only a `$ref` shares its target's function
            s = self.reg.schema_at(loc)
            if not (isinstance(s, dict) and "$ref" in s and not (set(s) - ANNOTATIONS - {"$ref"})):
                break
            if self.enter(loc, ctx) != ctx:
                break
            loc = self.ref_target(loc, s["$ref"])
        key = (loc, ctx, mode)
        name = self.names.get(key)
        if name is None:
            name = f"_{mode}{len(self.names)}"
            self.names[key] = name
            self.pending.append(key)
        return name

    def run(self) -> None:
        while self.pending:
            loc, ctx, mode = self.pending.popleft()
            self.functions.append(self._function(loc, ctx, mode))

    def const(self, source: str) -> str:
        name = self.consts.get(source)
        if name is None:
            name = f"_c{len(self.consts)}"
            self.consts[source] = name
            self.const_defs.append(f"{name} = {source}")
        return name

    def tmp(self, prefix: str = "y") -> str:
        self._tmp += 1
        return f"{prefix}{self._tmp}"

    def helper(self, name: str) -> str:
        self.helpers.add(name)
        return name

    def where(self, loc: Location, *tokens: str | int) -> str:
        """The literal naming a keyword's location, for errors."""
        return literal(self.reg.location_uri((loc[0], join_pointer(loc[1], *tokens)), self.main))

    def enter(self, loc: Location, ctx: Ctx) -> Ctx:
        """The dynamic scope after entering the resource `loc` belongs to (outermost binding wins)."""
        anchors = self.reg.dynamic.get(self.reg.base_at(loc))
        if not anchors:
            return ctx
        bound = dict(ctx)
        added = False
        for name, target in anchors.items():
            if name in self.reg.dynamic_names and name not in bound:
                bound[name] = target
                added = True
        return tuple(sorted(bound.items())) if added else ctx

    def vocabulary(self, loc: Location, s: dict) -> dict:
        """The keywords that assert here: without the validation vocabulary, only applicators do."""
        if self.reg.asserts_validation(loc):
            return s
        return {k: v for k, v in s.items() if k not in VALIDATION_VOCABULARY}

    def ref_target(self, loc: Location, ref: Any) -> Location:
        if not isinstance(ref, str):
            raise SchemaError(f"$ref must be a string at {loc[0]}#{loc[1]}")
        return self.reg.lookup(resolve(self.reg.base_at(loc), ref))

    def dynamic_target(self, loc: Location, ctx: Ctx, ref: Any) -> Location:
        if not isinstance(ref, str):
            raise SchemaError(f"$dynamicRef must be a string at {loc[0]}#{loc[1]}")
        uri = resolve(self.reg.base_at(loc), ref)
        initial = self.reg.lookup(uri)
        frag = split_fragment(uri)[1]
        target = self.reg.schema_at(initial)
        if frag and not frag.startswith("/") and isinstance(target, dict) and target.get("$dynamicAnchor") == frag:
            return dict(ctx).get(frag, initial)
        return initial

    def inlinable(self, loc: Location) -> bool:
        """Whether a `$ref` target is small and reference-free, so it can be inlined safely."""
        known = self._inline_cache.get(loc)
        if known is not None:
            return known
        count = 0
        ok = True

        def walk(node: Any) -> None:
            nonlocal count, ok
            count += 1
            if count > INLINE_REF_NODES or not ok:
                ok = False
                return
            if isinstance(node, dict):
                if any(k in node for k in ("$ref", "$dynamicRef", "$id", "unevaluatedProperties", "unevaluatedItems")):
                    ok = False
                    return
                for k, v in node.items():
                    if k in ("enum", "const", "examples", "default") or k in ANNOTATIONS:
                        continue
                    if isinstance(v, (dict, list)):
                        walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)

        walk(self.reg.schema_at(loc))
        self._inline_cache[loc] = ok
        return ok

    # ------------------------------------------------------------------ functions

    def _function(self, loc: Location, ctx: Ctx, mode: str) -> str:
        self._tmp = 0
        name = self.names[(loc, ctx, mode)]
        w = Writer()
        if mode == "v":
            self.emit(loc, ctx, "x", w, "return False")
            w("return True")
            head = f"def {name}(x: Any) -> bool:"
        elif mode == "e":
            self.emit_errors(loc, ctx, "x", Path("p"), w)
            if not w.lines:
                w("pass")
            head = f"def {name}(x: Any, p: Any, errs: list[ValidationError]) -> None:"
        else:
            w("ev: set[Any] = set()")
            self.emit(loc, ctx, "x", w, "return None", ev="ev", delegate=False, skip_uneval=(mode == "A"))
            w("return ev")
            head = f"def {name}(x: Any) -> set[Any] | None:"
        return "\n".join([head, *w.lines])

    # ------------------------------------------------------------------ validity (v / a / A)

    def emit_child(self, loc: Location, ctx: Ctx, var: str, w: Writer, fail: str, ev: str | None = None) -> None:
        """A child schema's checks, inlined unless that would nest too deep."""
        if w.indent <= MAX_INDENT:
            self.emit(loc, ctx, var, w, fail, ev=ev)
            return
        schema = self.reg.schema_at(loc)
        if schema is True:
            return
        if ev is None:
            w(f"if not {self.fn(loc, ctx, 'v')}({var}): {fail}")
        else:
            r = self.tmp("r")
            w(f"{r} = {self.fn(loc, ctx, 'a')}({var})")
            w(f"if {r} is None: {fail}")
            w(f"{ev}.update({r})")

    def emit_call(self, loc: Location, ctx: Ctx, var: str, w: Writer, fail: str, ev: str | None) -> None:
        """A separately compiled schema (a `$ref` target, an applicator branch)."""
        if ev is None:
            if self.inlinable(loc) and w.indent <= MAX_INDENT:
                self.emit(loc, ctx, var, w, fail)
            else:
                w(f"if not {self.fn(loc, ctx, 'v')}({var}): {fail}")
        else:
            r = self.tmp("r")
            w(f"{r} = {self.fn(loc, ctx, 'a')}({var})")
            w(f"if {r} is None: {fail}")
            w(f"{ev}.update({r})")

    def emit(
        self,
        loc: Location,
        ctx: Ctx,
        var: str,
        w: Writer,
        fail: str,
        *,
        ev: str | None = None,
        delegate: bool = True,
        skip_uneval: bool = False,
    ) -> None:
        s = self.reg.schema_at(loc)
        if s is True:
            return
        if s is False:
            w(fail)
            return
        if not isinstance(s, dict):
            raise SchemaError(f"a schema is an object or a boolean, not {type(s).__name__}, at {loc[0]}#{loc[1]}")
        s = self.vocabulary(loc, s)
        ctx = self.enter(loc, ctx)
        uneval = "unevaluatedProperties" in s or "unevaluatedItems" in s
        if uneval and delegate:
            if ev is not None:
                self.emit_call(loc, ctx, var, w, fail, ev)
            else:
                w(f"if {self.fn(loc, ctx, 'a')}({var}) is None: {fail}")
            return
        if "$ref" in s:
            self.emit_call(self.ref_target(loc, s["$ref"]), ctx, var, w, fail, ev)
        if "$dynamicRef" in s:
            self.emit_call(self.dynamic_target(loc, ctx, s["$dynamicRef"]), ctx, var, w, fail, ev)

        known = self._emit_type(s, loc, var, w, fail)
        if "const" in s:
            w(f"if not {self._eq_test(var, s['const'])}: {fail}")
        if "enum" in s:
            w(f"if not {self._enum_test(var, s['enum'], loc)}: {fail}")

        for group, keys in (("number", NUMERIC), ("string", STRING), ("array", ARRAY), ("object", OBJECT)):
            if not any(k in s for k in keys):
                continue
            if (
                group == "string"
                and not any(k in s for k in ("minLength", "maxLength", "pattern"))
                and not self._format_checked(s)
            ):
                continue
            test, implied = _GROUP_TEST[group]
            checks = getattr(self, f"_{group}_checks")
            if known is not None and not (known & implied):
                continue  # the declared type excludes this group: its keywords cannot apply
            if known is not None and known <= implied:
                checks(s, loc, ctx, var, w, fail, ev)
            else:
                mark = w.mark()
                with w.block(f"if {test.format(v=var)}:"):
                    checks(s, loc, ctx, var, w, fail, ev)
                w.drop_if_nothing_after(mark)

        self._applicators(s, loc, ctx, var, w, fail, ev)

        if uneval and not skip_uneval:
            assert ev is not None
            self._unevaluated(s, loc, ctx, var, w, fail, ev)

    def _emit_type(self, s: dict, loc: Location, var: str, w: Writer, fail: str) -> set[str] | None:
        if "type" not in s:
            return None
        types = [s["type"]] if isinstance(s["type"], str) else s["type"]
        if not isinstance(types, list) or any(t not in TYPES for t in types):
            raise SchemaError(f"bad type {s['type']!r} at {loc[0]}#{loc[1]}")
        if not types:
            w(fail)
            return set()
        if len(types) == 1:
            w(f"if {_TYPE_NOT[types[0]].format(v=var)}: {fail}")
        else:
            w(f"if not ({' or '.join(_TYPE_TEST[t].format(v=var) for t in types)}): {fail}")
        return set(types)

    def _eq_test(self, var: str, value: Any) -> str:
        t = type(value)
        if value is None:
            return f"({var} is None)"
        if t is bool:
            return f"({var} is {literal(value)})"
        if t is str:
            return f"({var} == {literal(value)})"
        if t in (int, float):
            return f"({var} == {literal(value)} and type({var}) is not bool)"
        return f"{self.helper('_eq')}({var}, {self.const(literal(value))})"

    def _enum_test(self, var: str, values: Any, loc: Location) -> str:
        if not isinstance(values, list):
            raise SchemaError(f"enum must be an array at {loc[0]}#{loc[1]}")
        strings = [v for v in values if type(v) is str]
        numbers = [v for v in values if type(v) in (int, float)]
        others = [v for v in values if type(v) not in (str, int, float)]
        tests: list[str] = []
        if strings:
            if len(strings) <= 2:
                tests.extend(f"{var} == {literal(v)}" for v in strings)
            else:
                tests.append(f"(type({var}) is str and {var} in {self.const(frozenset_literal(strings))})")
        if numbers:
            tests.append(
                f"((type({var}) is int or type({var}) is float) and {var} in {self.const(frozenset_literal(numbers))})"
            )
        for v in others:
            tests.append(self._eq_test(var, v))
        return "(" + " or ".join(tests) + ")" if tests else "False"

    def _pattern(self, pattern: Any, loc: Location) -> str:
        if not isinstance(pattern, str):
            raise SchemaError(f"a pattern is a string, at {loc[0]}#{loc[1]}")
        try:
            compile_pattern(pattern)
        except (UnsupportedPattern, Exception) as exc:
            raise SchemaError(f"pattern {pattern!r} at {loc[0]}#{loc[1]} cannot be used: {exc}") from None
        self.uses_re = True
        return self.const(f"re.compile({literal(translate(pattern))})")

    def _format_checked(self, s: dict) -> bool:
        return self.format_assertion and isinstance(s.get("format"), str) and s["format"] in _formats.FORMATS

    # ---- type groups (v / a)

    def _number_checks(self, s: dict, loc: Location, ctx: Ctx, var: str, w: Writer, fail: str, ev: str | None) -> None:
        for key, op in (("minimum", "<"), ("maximum", ">"), ("exclusiveMinimum", "<="), ("exclusiveMaximum", ">=")):
            if key in s:
                if not _is_number(s[key]):
                    raise SchemaError(f"{key} must be a number at {loc[0]}#{loc[1]}")
                w(f"if {var} {op} {literal(s[key])}: {fail}")
        if "multipleOf" in s:
            m = s["multipleOf"]
            if not _is_number(m) or m <= 0:
                raise SchemaError(f"multipleOf must be a positive number at {loc[0]}#{loc[1]}")
            if type(m) is int:
                w(
                    f"if (({var} % {literal(m)}) if type({var}) is int else not {self.helper('_multiple')}({var}, {literal(m)})): {fail}"
                )
            else:
                w(f"if not {self.helper('_multiple')}({var}, {literal(m)}): {fail}")

    def _string_checks(self, s: dict, loc: Location, ctx: Ctx, var: str, w: Writer, fail: str, ev: str | None) -> None:
        if "minLength" in s:
            w(f"if len({var}) < {_count(s['minLength'])}: {fail}")
        if "maxLength" in s:
            w(f"if len({var}) > {_count(s['maxLength'])}: {fail}")
        if "pattern" in s:
            w(f"if {self._pattern(s['pattern'], loc)}.search({var}) is None: {fail}")
        if self._format_checked(s):
            name = s["format"]
            self.formats.add(name)
            w(f"if not {_formats.FORMATS[name][0]}({var}): {fail}")

    def _array_checks(self, s: dict, loc: Location, ctx: Ctx, var: str, w: Writer, fail: str, ev: str | None) -> None:
        if "minItems" in s:
            w(f"if len({var}) < {_count(s['minItems'])}: {fail}")
        if "maxItems" in s:
            w(f"if len({var}) > {_count(s['maxItems'])}: {fail}")
        prefix = s.get("prefixItems", [])
        if not isinstance(prefix, list):
            raise SchemaError(f"prefixItems must be an array at {loc[0]}#{loc[1]}")
        for i in range(len(prefix)):
            sub = (loc[0], join_pointer(loc[1], "prefixItems", i))
            y = self.tmp()
            mark = w.mark()
            with w.block(f"if len({var}) > {i}:"):
                w.struct(f"{y} = {var}[{i}]")
                self.emit_child(sub, ctx, y, w, fail)
            w.drop_if_nothing_after(mark)
        if prefix and ev is not None:
            w(f"{ev}.update(range(min(len({var}), {len(prefix)})))")
        if "items" in s:
            items = s["items"]
            sub = (loc[0], join_pointer(loc[1], "items"))
            if items is False:
                w(f"if len({var}) > {len(prefix)}: {fail}")
            elif items is not True:
                y = self.tmp()
                mark = w.mark()
                header = f"for {y} in {var}:" if not prefix else f"for {y} in {var}[{len(prefix)}:]:"
                with w.block(header):
                    self.emit_child(sub, ctx, y, w, fail)
                w.drop_if_nothing_after(mark)
            if ev is not None:
                w(f"{ev}.update(range(len({var})))")
        if "contains" in s:
            sub = (loc[0], join_pointer(loc[1], "contains"))
            lo = _count(s.get("minContains", 1))
            hi = _count(s["maxContains"]) if "maxContains" in s else None
            test = self.fn(sub, ctx, "v")
            c, y, ix = self.tmp("c"), self.tmp(), self.tmp("i")
            if lo == 0 and hi is None and ev is None:
                pass
            else:
                w(f"{c} = 0")
                if ev is not None:
                    with w.block(f"for {ix}, {y} in enumerate({var}):"):
                        with w.block(f"if {test}({y}):"):
                            w(f"{c} += 1")
                            w(f"{ev}.add({ix})")
                else:
                    with w.block(f"for {y} in {var}:"):
                        with w.block(f"if {test}({y}):"):
                            w(f"{c} += 1")
                            if hi is None:
                                w(f"if {c} >= {lo}: break")
                            else:
                                w(f"if {c} > {hi}: {fail}")
                conds = []
                if lo > 0:
                    conds.append(f"{c} < {lo}")
                if hi is not None:
                    conds.append(f"{c} > {hi}")
                if conds:
                    w(f"if {' or '.join(conds)}: {fail}")
        if s.get("uniqueItems") is True:
            w(f"if not {self.helper('_unique')}({var}): {fail}")

    def _object_checks(self, s: dict, loc: Location, ctx: Ctx, var: str, w: Writer, fail: str, ev: str | None) -> None:
        if "minProperties" in s:
            w(f"if len({var}) < {_count(s['minProperties'])}: {fail}")
        if "maxProperties" in s:
            w(f"if len({var}) > {_count(s['maxProperties'])}: {fail}")
        required = s.get("required", [])
        if not isinstance(required, list) or any(type(r) is not str for r in required):
            raise SchemaError(f"required must be an array of strings at {loc[0]}#{loc[1]}")
        required = list(dict.fromkeys(required))
        if required:
            w(f"if {' or '.join(f'{literal(r)} not in {var}' for r in required)}: {fail}")
        props = s.get("properties", {})
        pats = s.get("patternProperties", {})
        if not isinstance(props, dict) or not isinstance(pats, dict):
            raise SchemaError(f"properties/patternProperties must be objects at {loc[0]}#{loc[1]}")
        for name in props:
            sub = (loc[0], join_pointer(loc[1], "properties", name))
            if self.reg.schema_at(sub) is True:
                continue
            y = self.tmp()
            mark = w.mark()
            if name in required:
                w.struct(f"{y} = {var}[{literal(name)}]")
                self.emit_child(sub, ctx, y, w, fail)
                w.drop_if_nothing_after(mark)
            else:
                with w.block(f"if {literal(name)} in {var}:"):
                    w.struct(f"{y} = {var}[{literal(name)}]")
                    self.emit_child(sub, ctx, y, w, fail)
                w.drop_if_nothing_after(mark)
        if props and ev is not None:
            w(f"{ev}.update({self.const(frozenset_literal(list(props)))}.intersection({var}))")
        addl = s.get("additionalProperties", None)
        addl_loc = (loc[0], join_pointer(loc[1], "additionalProperties"))
        if addl is False and not pats:
            if props:
                w(f"if not {self.const(frozenset_literal(list(props)))}.issuperset({var}): {fail}")
            else:
                w(f"if {var}: {fail}")
        elif pats or (addl is not None and addl is not True):
            k, y, m = self.tmp("k"), self.tmp(), self.tmp("m")
            mark = w.mark()
            with w.block(f"for {k}, {y} in {var}.items():"):
                need_flag = addl is not None and addl is not True
                if pats and need_flag:
                    w.struct(f"{m} = False")
                for pat in pats:
                    sub = (loc[0], join_pointer(loc[1], "patternProperties", pat))
                    cre = self._pattern(pat, loc)
                    with w.block(f"if {cre}.search({k}) is not None:"):
                        if need_flag:
                            w(f"{m} = True")
                        if ev is not None:
                            w(f"{ev}.add({k})")
                        self.emit_child(sub, ctx, y, w, fail)
                if need_flag:
                    conds = []
                    if props:
                        conds.append(f"{k} not in {self.const(frozenset_literal(list(props)))}")
                    if pats:
                        conds.append(f"not {m}")
                    if conds:
                        with w.block(f"if {' and '.join(conds)}:"):
                            self.emit_child(addl_loc, ctx, y, w, fail)
                    else:
                        self.emit_child(addl_loc, ctx, y, w, fail)
            w.drop_if_nothing_after(mark)
        if addl is not None and ev is not None:
            w(f"{ev}.update({var})")
        if "propertyNames" in s:
            sub = (loc[0], join_pointer(loc[1], "propertyNames"))
            if self.reg.schema_at(sub) is not True:
                k = self.tmp("k")
                with w.block(f"for {k} in {var}:"):
                    self.emit_child(sub, ctx, k, w, fail)
        dep_req = s.get("dependentRequired", {})
        if not isinstance(dep_req, dict):
            raise SchemaError(f"dependentRequired must be an object at {loc[0]}#{loc[1]}")
        for name, needs in dep_req.items():
            if not isinstance(needs, list) or any(type(n) is not str for n in needs):
                raise SchemaError(f"dependentRequired values are arrays of strings at {loc[0]}#{loc[1]}")
            if needs:
                missing = " or ".join(f"{literal(n)} not in {var}" for n in needs)
                w(f"if {literal(name)} in {var} and ({missing}): {fail}")
        dep_schemas = s.get("dependentSchemas", {})
        if not isinstance(dep_schemas, dict):
            raise SchemaError(f"dependentSchemas must be an object at {loc[0]}#{loc[1]}")
        for name in dep_schemas:
            sub = (loc[0], join_pointer(loc[1], "dependentSchemas", name))
            mark = w.mark()
            with w.block(f"if {literal(name)} in {var}:"):
                self.emit_child(sub, ctx, var, w, fail, ev=ev)
            w.drop_if_nothing_after(mark)

    # ---- in-place applicators (v / a)

    def _branches(self, s: dict, loc: Location, key: str) -> list[Location]:
        value = s[key]
        if not isinstance(value, list) or not value:
            raise SchemaError(f"{key} must be a non-empty array at {loc[0]}#{loc[1]}")
        return [(loc[0], join_pointer(loc[1], key, i)) for i in range(len(value))]

    def _applicators(self, s: dict, loc: Location, ctx: Ctx, var: str, w: Writer, fail: str, ev: str | None) -> None:
        if "allOf" in s:
            for sub in self._branches(s, loc, "allOf"):
                self.emit_child(sub, ctx, var, w, fail, ev=ev)
        for key in ("anyOf", "oneOf"):
            if key not in s:
                continue
            branches = self._branches(s, loc, key)
            if ev is not None:
                n, r = self.tmp("n"), self.tmp("r")
                w(f"{n} = 0")
                for sub in branches:
                    w(f"{r} = {self.fn(sub, ctx, 'a')}({var})")
                    with w.block(f"if {r} is not None:"):
                        w(f"{n} += 1")
                        w(f"{ev}.update({r})")
                w(f"if {n} {'== 0' if key == 'anyOf' else '!= 1'}: {fail}")
                continue
            if self._null_split(branches, ctx, var, w, fail, key):
                continue
            dispatch = self._tag_dispatch(branches, ctx)
            if dispatch is not None:
                self._emit_dispatch(dispatch, branches, ctx, var, w, fail, key)
                continue
            self._generic_choice(branches, ctx, var, w, fail, key)
        if "not" in s:
            sub = (loc[0], join_pointer(loc[1], "not"))
            w(f"if {self.fn(sub, ctx, 'v')}({var}): {fail}")
        if "if" in s and ("then" in s or "else" in s or ev is not None):
            cond = (loc[0], join_pointer(loc[1], "if"))
            then = (loc[0], join_pointer(loc[1], "then")) if "then" in s else None
            other = (loc[0], join_pointer(loc[1], "else")) if "else" in s else None
            if ev is None:
                header = f"if {self.fn(cond, ctx, 'v')}({var}):"
            else:
                r = self.tmp("r")
                w(f"{r} = {self.fn(cond, ctx, 'a')}({var})")
                header = f"if {r} is not None:"
            with w.block(header):
                if ev is not None:
                    w(f"{ev}.update({r})")
                if then is not None:
                    self.emit_child(then, ctx, var, w, fail, ev=ev)
            if other is not None:
                mark = w.mark()
                with w.block("else:"):
                    self.emit_child(other, ctx, var, w, fail, ev=ev)
                w.drop_if_nothing_after(mark)

    def _generic_choice(self, branches: list[Location], ctx: Ctx, var: str, w: Writer, fail: str, key: str) -> None:
        calls = [f"{self.fn(b, ctx, 'v')}({var})" for b in branches]
        if key == "anyOf":
            w(f"if not ({' or '.join(calls)}): {fail}")
        elif len(calls) == 1:
            w(f"if not {calls[0]}: {fail}")
        elif len(calls) == 2:
            w(f"if {calls[0]} is {calls[1]}: {fail}")
        else:
            n = self.tmp("n")
            w(f"{n} = 0")
            for call in calls:
                with w.block(f"if {call}:"):
                    w(f"{n} += 1")
                    w(f"if {n} > 1: {fail}")
            w(f"if {n} == 0: {fail}")

    def _is_null_only(self, loc: Location) -> bool:
        s = self.reg.schema_at(loc)
        return isinstance(s, dict) and s.get("type") == "null" and set(s) - ANNOTATIONS == {"type"}

    def _null_split(self, branches: list[Location], ctx: Ctx, var: str, w: Writer, fail: str, key: str) -> bool:
        """`anyOf/oneOf: [X, {type: null}]` (nullable X): test for None first, then X inline."""
        if len(branches) != 2:
            return False
        nulls = [b for b in branches if self._is_null_only(b)]
        if len(nulls) != 1:
            return False
        other = branches[0] if nulls[0] == branches[1] else branches[1]
        if key == "oneOf":
            with w.block(f"if {var} is None:"):
                w(f"if {self.fn(other, ctx, 'v')}({var}): {fail}")
            with w.block("else:"):
                self.emit_child(other, ctx, var, w, fail)
        else:
            mark = w.mark()
            with w.block(f"if {var} is not None:"):
                self.emit_child(other, ctx, var, w, fail)
            w.drop_if_nothing_after(mark)
        return True

    def _follow(self, loc: Location) -> Location | None:
        """A branch that is only a `$ref` (plus annotations), followed to the schema it names."""
        for _ in range(16):
            s = self.reg.schema_at(loc)
            if isinstance(s, dict) and "$ref" in s and not (set(s) - ANNOTATIONS - {"$ref"}):
                loc = self.ref_target(loc, s["$ref"])
                continue
            return loc
        return None

    def _tag_dispatch(self, branches: list[Location], ctx: Ctx) -> tuple[str, list[list[str]], bool] | None:
        """(tag property, the tag values each branch accepts, every branch requires an object) when
        each branch requires the tag with constant string values and no two branches share one."""
        targets = []
        for b in branches:
            t = self._follow(b)
            if t is None:
                return None
            s = self.reg.schema_at(t)
            if not isinstance(s, dict):
                return None
            targets.append((t, s))
        first = targets[0][1]
        candidates = [r for r in first.get("required", []) if isinstance(r, str)]
        for tag in candidates:
            values: list[list[str]] = []
            for t, s in targets:
                req = s.get("required", [])
                props = s.get("properties", {})
                if not isinstance(req, list) or tag not in req or not isinstance(props, dict) or tag not in props:
                    break
                ps = props[tag]
                if not isinstance(ps, dict) or set(ps) - ANNOTATIONS - {"const", "enum", "type"}:
                    break
                if "const" in ps and type(ps["const"]) is str:
                    vals = [ps["const"]]
                    if "enum" in ps:
                        vals = [v for v in vals if isinstance(ps["enum"], list) and v in ps["enum"]]
                elif (
                    "enum" in ps
                    and isinstance(ps["enum"], list)
                    and ps["enum"]
                    and all(type(v) is str for v in ps["enum"])
                ):
                    vals = list(dict.fromkeys(ps["enum"]))
                else:
                    break
                if not vals:
                    break
                values.append(vals)
            else:
                flat = [v for vals in values for v in vals]
                if len(flat) == len(set(flat)):
                    all_objects = all(s.get("type") == "object" for _, s in targets)
                    return tag, values, all_objects
        return None

    def _emit_dispatch(
        self,
        dispatch: tuple[str, list[list[str]], bool],
        branches: list[Location],
        ctx: Ctx,
        var: str,
        w: Writer,
        fail: str,
        key: str,
    ) -> None:
        tag, values, all_objects = dispatch
        t = self.tmp("t")
        with w.block(f"if type({var}) is dict:"):
            w(f"{t} = {var}.get({literal(tag)})")
            if len(branches) > 6:
                table = (
                    "{"
                    + ", ".join(
                        f"{literal(v)}: {self.fn(b, ctx, 'v')}" for b, vals in zip(branches, values) for v in vals
                    )
                    + "}"
                )
                name = f"_d{len(self.late_defs)}"
                self.late_defs.append(f"{name} = {table}")
                f = self.tmp("f")
                w(f"{f} = {name}.get({t}) if type({t}) is str else None")
                w(f"if {f} is None or not {f}({var}): {fail}")
            else:
                first = True
                for b, vals in zip(branches, values):
                    cond = " or ".join(f"{t} == {literal(v)}" for v in vals)
                    with w.block(f"{'if' if first else 'elif'} {cond}:"):
                        w(f"if not {self.fn(b, ctx, 'v')}({var}): {fail}")
                    first = False
                with w.block("else:"):
                    w(fail)
        if all_objects:
            with w.block("else:"):
                w(fail)
        else:
            with w.block("else:"):
                self._generic_choice(branches, ctx, var, w, fail, key)

    def _unevaluated(self, s: dict, loc: Location, ctx: Ctx, var: str, w: Writer, fail: str, ev: str) -> None:
        if "unevaluatedProperties" in s:
            sub = (loc[0], join_pointer(loc[1], "unevaluatedProperties"))
            k = self.tmp("k")
            with w.block(f"if type({var}) is dict:"):
                if self.reg.schema_at(sub) is not True:
                    with w.block(f"for {k} in {var}:"):
                        with w.block(f"if {k} not in {ev}:"):
                            self.emit_child(sub, ctx, f"{var}[{k}]", w, fail)
                w(f"{ev}.update({var})")
        if "unevaluatedItems" in s:
            sub = (loc[0], join_pointer(loc[1], "unevaluatedItems"))
            i = self.tmp("i")
            with w.block(f"if type({var}) is list:"):
                if self.reg.schema_at(sub) is not True:
                    with w.block(f"for {i} in range(len({var})):"):
                        with w.block(f"if {i} not in {ev}:"):
                            self.emit_child(sub, ctx, f"{var}[{i}]", w, fail)
                w(f"{ev}.update(range(len({var})))")

    # ------------------------------------------------------------------ errors (e)

    def err(
        self,
        w: Writer,
        path: Path,
        loc: Location,
        keyword: str,
        *,
        prefix: str = "",
        value: str | None = None,
        suffix: str = "",
    ) -> None:
        """Append one error: its location, keyword and message text go to the module's error table
        (`_ERRORS`, four strings per error); the call passes the table index and the value shown."""
        where = self.reg.location_uri((loc[0], join_pointer(loc[1], keyword)), self.main)
        self._emit_fail(w, path, (where, keyword, prefix, suffix), value)

    def _emit_fail(self, w: Writer, path: Path, spec: tuple[str, str, str, str], value: str | None) -> None:
        index = self.error_index.get(spec)
        if index is None:
            index = self.error_index[spec] = len(self.error_index)
        tail = "" if value is None else f", {value}"
        w(f"{self.helper('_fail')}(errs, {path.expr()}, {index}{tail})")

    def r(self, var: str) -> str:
        return f"{self.helper('_r')}({var})"

    def emit_errors_child(self, loc: Location, ctx: Ctx, var: str, path: Path, w: Writer) -> None:
        if w.indent <= MAX_INDENT:
            self.emit_errors(loc, ctx, var, path, w)
        else:
            w(f"{self.fn(loc, ctx, 'e')}({var}, {path.expr()}, errs)")

    def emit_errors(self, loc: Location, ctx: Ctx, var: str, path: Path, w: Writer) -> None:
        s = self.reg.schema_at(loc)
        if s is True:
            return
        if s is False:
            self.err_plain(w, path, loc, "false", value=var, suffix=" is not allowed here (false schema)")
            return
        if not isinstance(s, dict):
            raise SchemaError(f"a schema is an object or a boolean at {loc[0]}#{loc[1]}")
        s = self.vocabulary(loc, s)
        ctx = self.enter(loc, ctx)
        for key in ("$ref", "$dynamicRef"):
            if key in s:
                target = self.ref_target(loc, s[key]) if key == "$ref" else self.dynamic_target(loc, ctx, s[key])
                w(f"{self.fn(target, ctx, 'e')}({var}, {path.expr()}, errs)")
        if "type" in s:
            types = [s["type"]] if isinstance(s["type"], str) else s["type"]
            if not isinstance(types, list) or any(t not in TYPES for t in types):
                raise SchemaError(f"bad type {s['type']!r} at {loc[0]}#{loc[1]}")
            test = " or ".join(_TYPE_TEST[t].format(v=var) for t in types) or "False"
            names = ", ".join(repr(t) for t in types)
            with w.block(f"if not ({test}):"):
                self.err(w, path, loc, "type", value=var, suffix=" is not of type " + names)
        if "const" in s:
            with w.block(f"if not {self._eq_test(var, s['const'])}:"):
                self.err(w, path, loc, "const", value=var, suffix=" was expected to be " + _short(s["const"]))
        if "enum" in s:
            with w.block(f"if not {self._enum_test(var, s['enum'], loc)}:"):
                self.err(w, path, loc, "enum", value=var, suffix=" is not one of " + _short(s["enum"]))
        if any(k in s for k in NUMERIC):
            with w.block(f"if type({var}) is int or type({var}) is float:"):
                for key, op, text in (
                    ("minimum", "<", "less than the minimum of"),
                    ("maximum", ">", "greater than the maximum of"),
                    ("exclusiveMinimum", "<=", "less than or equal to the exclusive minimum of"),
                    ("exclusiveMaximum", ">=", "greater than or equal to the exclusive maximum of"),
                ):
                    if key in s:
                        if not _is_number(s[key]):
                            raise SchemaError(f"{key} must be a number at {loc[0]}#{loc[1]}")
                        with w.block(f"if {var} {op} {literal(s[key])}:"):
                            self.err(w, path, loc, key, value=var, suffix=f" is {text} {s[key]!r}")
                if "multipleOf" in s:
                    m = s["multipleOf"]
                    if not _is_number(m) or m <= 0:
                        raise SchemaError(f"multipleOf must be a positive number at {loc[0]}#{loc[1]}")
                    with w.block(f"if not {self.helper('_multiple')}({var}, {literal(m)}):"):
                        self.err(w, path, loc, "multipleOf", value=var, suffix=f" is not a multiple of {m!r}")
        if any(k in s for k in ("minLength", "maxLength", "pattern")) or self._format_checked(s):
            with w.block(f"if type({var}) is str:"):
                if "minLength" in s:
                    n = _count(s["minLength"])
                    with w.block(f"if len({var}) < {n}:"):
                        self.err(w, path, loc, "minLength", value=var, suffix=f" is shorter than {n} characters")
                if "maxLength" in s:
                    n = _count(s["maxLength"])
                    with w.block(f"if len({var}) > {n}:"):
                        self.err(w, path, loc, "maxLength", value=var, suffix=f" is longer than {n} characters")
                if "pattern" in s:
                    with w.block(f"if {self._pattern(s['pattern'], loc)}.search({var}) is None:"):
                        self.err(w, path, loc, "pattern", value=var, suffix=" does not match " + _short(s["pattern"]))
                if self._format_checked(s):
                    name = s["format"]
                    self.formats.add(name)
                    with w.block(f"if not {_formats.FORMATS[name][0]}({var}):"):
                        self.err(w, path, loc, "format", value=var, suffix=" is not a valid " + _short(name))
        if any(k in s for k in ARRAY):
            with w.block(f"if type({var}) is list:"):
                self._array_errors(s, loc, ctx, var, path, w)
        if any(k in s for k in OBJECT):
            with w.block(f"if type({var}) is dict:"):
                self._object_errors(s, loc, ctx, var, path, w)
        self._applicator_errors(s, loc, ctx, var, path, w)
        if "unevaluatedProperties" in s or "unevaluatedItems" in s:
            self._unevaluated_errors(s, loc, ctx, var, path, w)

    def err_plain(
        self, w: Writer, path: Path, loc: Location, keyword: str, *, value: str | None = None, suffix: str = ""
    ) -> None:
        self._emit_fail(w, path, (self.reg.location_uri(loc, self.main), keyword, "", suffix), value)

    def _array_errors(self, s: dict, loc: Location, ctx: Ctx, var: str, path: Path, w: Writer) -> None:
        for key, op, text in (
            ("minItems", "<", "is too short (fewer than"),
            ("maxItems", ">", "is too long (more than"),
        ):
            if key in s:
                n = _count(s[key])
                with w.block(f"if len({var}) {op} {n}:"):
                    self.err(w, path, loc, key, value=var, suffix=f" {text} {n} items)")
        prefix = s.get("prefixItems", [])
        if not isinstance(prefix, list):
            raise SchemaError(f"prefixItems must be an array at {loc[0]}#{loc[1]}")
        for i in range(len(prefix)):
            sub = (loc[0], join_pointer(loc[1], "prefixItems", i))
            mark = w.mark()
            with w.block(f"if len({var}) > {i}:"):
                self.emit_errors_child(sub, ctx, f"{var}[{i}]", path.child(str(i)), w)
            w.drop_if_nothing_after(mark)
        if "items" in s:
            sub = (loc[0], join_pointer(loc[1], "items"))
            if s["items"] is False:
                with w.block(f"if len({var}) > {len(prefix)}:"):
                    self.err(w, path, loc, "items", suffix=f"no items are allowed after the first {len(prefix)}")
            elif s["items"] is not True:
                iv = self.tmp("i")
                mark = w.mark()
                with w.block(f"for {iv} in range({len(prefix)}, len({var})):"):
                    self.emit_errors_child(sub, ctx, f"{var}[{iv}]", path.child(iv), w)
                w.drop_if_nothing_after(mark)
        if "contains" in s:
            sub = (loc[0], join_pointer(loc[1], "contains"))
            lo = _count(s.get("minContains", 1))
            hi = _count(s["maxContains"]) if "maxContains" in s else None
            test = self.fn(sub, ctx, "v")
            c, y = self.tmp("c"), self.tmp()
            w(f"{c} = sum(1 for {y} in {var} if {test}({y}))")
            if lo > 0:
                with w.block(f"if {c} < {lo}:"):
                    kw = "contains" if "minContains" not in s else "minContains"
                    self.err(w, path, loc, kw, value=var, suffix=f" contains fewer than {lo} matching items")
            if hi is not None:
                with w.block(f"if {c} > {hi}:"):
                    self.err(w, path, loc, "maxContains", value=var, suffix=f" contains more than {hi} matching items")
        if s.get("uniqueItems") is True:
            with w.block(f"if not {self.helper('_unique')}({var}):"):
                self.err(w, path, loc, "uniqueItems", value=var, suffix=" has non-unique elements")

    def _object_errors(self, s: dict, loc: Location, ctx: Ctx, var: str, path: Path, w: Writer) -> None:
        for key, op, text in (("minProperties", "<", "fewer than"), ("maxProperties", ">", "more than")):
            if key in s:
                n = _count(s[key])
                with w.block(f"if len({var}) {op} {n}:"):
                    self.err(w, path, loc, key, suffix=f"the object has {text} {n} properties")
        required = s.get("required", [])
        if not isinstance(required, list) or any(type(r) is not str for r in required):
            raise SchemaError(f"required must be an array of strings at {loc[0]}#{loc[1]}")
        for name in dict.fromkeys(required):
            with w.block(f"if {literal(name)} not in {var}:"):
                self.err(w, path, loc, "required", suffix=f"{name!r} is a required property")
        props = s.get("properties", {})
        pats = s.get("patternProperties", {})
        if not isinstance(props, dict) or not isinstance(pats, dict):
            raise SchemaError(f"properties/patternProperties must be objects at {loc[0]}#{loc[1]}")
        for name in props:
            sub = (loc[0], join_pointer(loc[1], "properties", name))
            if self.reg.schema_at(sub) is True:
                continue
            mark = w.mark()
            y = self.tmp()
            with w.block(f"if {literal(name)} in {var}:"):
                w.struct(f"{y} = {var}[{literal(name)}]")
                self.emit_errors_child(sub, ctx, y, path.child(literal(name)), w)
            w.drop_if_nothing_after(mark)
        addl = s.get("additionalProperties", None)
        if pats or (addl is not None and addl is not True):
            k, m = self.tmp("k"), self.tmp("m")
            mark = w.mark()
            with w.block(f"for {k} in {var}:"):
                if pats:
                    w.struct(f"{m} = False")
                for pat in pats:
                    sub = (loc[0], join_pointer(loc[1], "patternProperties", pat))
                    with w.block(f"if {self._pattern(pat, loc)}.search({k}) is not None:"):
                        w(f"{m} = True")
                        self.emit_errors_child(sub, ctx, f"{var}[{k}]", path.child(k), w)
                if addl is not None and addl is not True:
                    conds = [f"not {m}"] if pats else []
                    if props:
                        conds.append(f"{k} not in {self.const(frozenset_literal(list(props)))}")
                    with w.block(f"if {' and '.join(conds) or 'True'}:"):
                        if addl is False:
                            self.err(
                                w,
                                path,
                                loc,
                                "additionalProperties",
                                prefix="additional property ",
                                value=k,
                                suffix=" is not allowed",
                            )
                        else:
                            sub = (loc[0], join_pointer(loc[1], "additionalProperties"))
                            self.emit_errors_child(sub, ctx, f"{var}[{k}]", path.child(k), w)
            w.drop_if_nothing_after(mark)
        if "propertyNames" in s:
            sub = (loc[0], join_pointer(loc[1], "propertyNames"))
            if self.reg.schema_at(sub) is not True:
                k = self.tmp("k")
                with w.block(f"for {k} in {var}:"):
                    self.emit_errors_child(sub, ctx, k, path, w)
        for name, needs in (s.get("dependentRequired") or {}).items():
            if not isinstance(needs, list) or any(type(n) is not str for n in needs):
                raise SchemaError(f"dependentRequired values are arrays of strings at {loc[0]}#{loc[1]}")
            for need in needs:
                with w.block(f"if {literal(name)} in {var} and {literal(need)} not in {var}:"):
                    self.err(w, path, loc, "dependentRequired", suffix=f"{need!r} is required when {name!r} is present")
        for name in s.get("dependentSchemas") or {}:
            sub = (loc[0], join_pointer(loc[1], "dependentSchemas", name))
            mark = w.mark()
            with w.block(f"if {literal(name)} in {var}:"):
                self.emit_errors_child(sub, ctx, var, path, w)
            w.drop_if_nothing_after(mark)

    def _applicator_errors(self, s: dict, loc: Location, ctx: Ctx, var: str, path: Path, w: Writer) -> None:
        if "allOf" in s:
            for sub in self._branches(s, loc, "allOf"):
                self.emit_errors_child(sub, ctx, var, path, w)
        for key in ("anyOf", "oneOf"):
            if key not in s:
                continue
            branches = self._branches(s, loc, key)
            dispatch = self._tag_dispatch(branches, ctx)
            if dispatch is None:
                self._choice_errors(branches, loc, ctx, var, path, w, key)
                continue
            tag, values, all_objects = dispatch
            t = self.tmp("t")
            with w.block(f"if type({var}) is dict and {literal(tag)} in {var}:"):
                w(f"{t} = {var}[{literal(tag)}]")
                first = True
                for b, vals in zip(branches, values):
                    cond = " or ".join(f"{t} == {literal(v)}" for v in vals)
                    with w.block(f"{'if' if first else 'elif'} {cond}:"):
                        self.emit_errors_child(b, ctx, var, path, w)
                    first = False
                allowed = [v for vals in values for v in vals]
                with w.block("else:"):
                    self.err(
                        w,
                        path.child(literal(tag)),
                        loc,
                        key,
                        value=t,
                        suffix=" is not one of " + _short(allowed),
                    )
            with w.block("else:"):
                if all_objects:
                    with w.block(f"if type({var}) is dict:"):
                        self.err(w, path, loc, key, suffix=f"{tag!r} is a required property")
                    with w.block("else:"):
                        self.err(w, path, loc, key, value=var, suffix=" is not of type " + repr("object"))
                else:
                    self._choice_errors(branches, loc, ctx, var, path, w, key)
        if "not" in s:
            sub = (loc[0], join_pointer(loc[1], "not"))
            with w.block(f"if {self.fn(sub, ctx, 'v')}({var}):"):
                self.err(w, path, loc, "not", value=var, suffix=" should not be valid under the not schema")
        if "if" in s and ("then" in s or "else" in s):
            cond_loc = (loc[0], join_pointer(loc[1], "if"))
            with w.block(f"if {self.fn(cond_loc, ctx, 'v')}({var}):"):
                if "then" in s:
                    self.emit_errors_child((loc[0], join_pointer(loc[1], "then")), ctx, var, path, w)
            if "else" in s:
                with w.block("else:"):
                    self.emit_errors_child((loc[0], join_pointer(loc[1], "else")), ctx, var, path, w)

    def _choice_errors(
        self, branches: list[Location], loc: Location, ctx: Ctx, var: str, path: Path, w: Writer, key: str
    ) -> None:
        if key == "anyOf" and len(branches) == 2 and sum(self._is_null_only(b) for b in branches) == 1:
            other = branches[1] if self._is_null_only(branches[0]) else branches[0]
            with w.block(f"if {var} is not None:"):
                self.emit_errors_child(other, ctx, var, path, w)
            return
        calls = [f"{self.fn(b, ctx, 'v')}({var})" for b in branches]
        if key == "anyOf":
            with w.block(f"if not ({' or '.join(calls)}):"):
                self.err(w, path, loc, key, value=var, suffix=" is not valid under any of the given schemas")
        else:
            n = self.tmp("n")
            w(f"{n} = {' + '.join(calls)}")
            with w.block(f"if {n} == 0:"):
                self.err(w, path, loc, key, value=var, suffix=" is not valid under any of the given schemas")
            with w.block(f"elif {n} > 1:"):
                self.err(w, path, loc, key, value=var, suffix=" is valid under more than one of the given schemas")

    def _unevaluated_errors(self, s: dict, loc: Location, ctx: Ctx, var: str, path: Path, w: Writer) -> None:
        ev = self.tmp("ev")
        w(f"{ev} = {self.fn(loc, ctx, 'A')}({var})")
        with w.block(f"if {ev} is not None:"):
            if "unevaluatedProperties" in s:
                sub = (loc[0], join_pointer(loc[1], "unevaluatedProperties"))
                k = self.tmp("k")
                with w.block(f"if type({var}) is dict:"):
                    with w.block(f"for {k} in {var}:"):
                        with w.block(f"if {k} not in {ev}:"):
                            if self.reg.schema_at(sub) is False:
                                self.err(
                                    w,
                                    path,
                                    loc,
                                    "unevaluatedProperties",
                                    prefix="unevaluated property ",
                                    value=k,
                                    suffix=" is not allowed",
                                )
                            else:
                                self.emit_errors_child(sub, ctx, f"{var}[{k}]", path.child(k), w)
            if "unevaluatedItems" in s:
                sub = (loc[0], join_pointer(loc[1], "unevaluatedItems"))
                i = self.tmp("i")
                with w.block(f"if type({var}) is list:"):
                    with w.block(f"for {i} in range(len({var})):"):
                        with w.block(f"if {i} not in {ev}:"):
                            if self.reg.schema_at(sub) is False:
                                self.err(
                                    w,
                                    path,
                                    loc,
                                    "unevaluatedItems",
                                    prefix="unevaluated item ",
                                    value=i,
                                    suffix=" is not allowed",
                                )
                            else:
                                self.emit_errors_child(sub, ctx, f"{var}[{i}]", path.child(i), w)


def _short(value: Any) -> str:
    """A JSON value rendered for a message (built at generation time, emitted as a literal)."""
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text if len(text) <= 120 else text[:117] + "..."
