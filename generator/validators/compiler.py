"""JSON Schema 2020-12 -> straight-line Python validator functions.

Every (schema location, dynamic scope, mode) pair the entry points can reach becomes at most one
function; child schemas (properties, items, allOf branches, then/else, ...) are inlined into
their parent's function, so a typical object check is a run of `type(x) is ...`, `'key' in x`
and comparisons with no calls and no allocations. Functions exist for `$ref` targets, for the
branches of `anyOf`/`oneOf`/`not`/`if`, and where inlining would nest too deep.

The boolean (`v`) code is shaped for speed, each step keeping the verdict: an entry point's
function is the public `is_valid_<shape>` itself; a `$ref` target named by one reference only is
inlined; a branch that is only a type/const/enum/bound test is an expression, not a call; an
anyOf branch a plain `type` branch accepts anyway is dropped; anyOf/oneOf branches of disjoint
JSON types are chosen by the instance's type; a closed object counts its declared properties
present instead of building a set. The `e` and annotation code is left as plain as it was.

Modes:
- `v`: `def _vN(x) -> bool`, stops at the first failure (is_valid);
- `e`: `def _eN(x, p, errs)`, appends every ValidationError (p is the instance path tuple);
- `a`: `def _aN(x) -> set | None`: None when invalid, else the property names / item indices
  the schema evaluated (the annotations `unevaluatedProperties`/`unevaluatedItems` need);
- `A`: like `a` but ignoring the schema's own `unevaluated*` keywords (used by `e`).

Every keyword is written once (`_type`, `_const`, `_object_keywords`, `_choice`, ...), against a
`Mode` that says how a failure is reported: the statement that ends a boolean function, or an
error appended with the instance path; the annotation set travels in the same Mode.

`$dynamicRef` is resolved statically: the dynamic scope that matters (which resource first
bound each dynamic anchor name that some `$dynamicRef` uses) is part of a function's key, so a
schema reached under two different scopes is compiled twice and nothing is looked up at run
time.

Schema text reaches the output only through `literals.literal` (and `repr` of pre-built
strings); identifiers are `_v`/`_e`/`_a`/`_c` plus a counter.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from generator.layer.unions import detect_tag
from generator.validators.layout import fit, fit_all
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


def _paren(expr: str) -> str:
    """`expr` as an operand: in parentheses unless it is a name, a call or parenthesized whole."""
    if _bare(expr) != expr or (" " not in expr and expr.replace("_", "a").replace(".", "a").split("(")[0].isalnum()):
        return expr
    return f"({expr})"


def _json_type(v: Any) -> str:
    """The JSON type of a value (an integral float is a number here; `_types_of` widens)."""
    if v is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}.get(type(v), "object")


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


@dataclass(frozen=True)
class Mode:
    """How the checks being emitted report a failure. Every keyword is written once, against a
    Mode: `fail` is the statement that ends a boolean function (`return False` in `v`, `return
    None` in `a`/`A`), or None when every failure is appended as an error (`e`, with `path`, the
    instance location); `ev` names the set collecting evaluated keys/indices (`a`/`A` only)."""

    fail: str | None = None
    path: Path | None = None
    ev: str | None = None

    @property
    def errors(self) -> bool:
        return self.fail is None

    def value(self, part: str | None) -> "Mode":
        """The mode for a child instance (a property value, an item, a property name): boolean
        children collect no annotations; error children extend the path by `part`."""
        if self.fail is not None:
            return Mode(fail=self.fail) if self.ev is not None else self
        assert self.path is not None
        return self if part is None else Mode(path=self.path.child(part))


VALID = Mode(fail="return False")


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

    def block(self, header: str) -> _Block:
        """`with w.block(header):` writes `header`, then the body indented (`pass` if empty)."""
        for keyword in ("if ", "elif "):
            if header.startswith(keyword):  # black drops parentheses around a whole condition
                header = keyword + _bare(header[len(keyword) : -1]) + ":"
        self.struct(header)
        self.indent += 1
        return _Block(self, len(self.lines))

    def when(self, condition: str, statement: str) -> None:
        """`if condition:` with `statement` on its own line (black's layout)."""
        with self.block(f"if {condition}:"):
            self(statement)

    def mark(self) -> int:
        return len(self.lines)

    def drop_if_nothing_after(self, mark: int) -> None:
        """Remove the lines from `mark` if none of them checks anything."""
        if all(self.structural[mark:]):
            del self.lines[mark:]
            del self.structural[mark:]


class _Block:
    """The body of a `Writer.block` (a class, not a generator's context manager: the compiler
    opens about 58k blocks on the vendor spec)."""

    __slots__ = ("writer", "mark")

    def __init__(self, writer: Writer, mark: int) -> None:
        self.writer = writer
        self.mark = mark

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, value: Any, trace: Any) -> None:
        if kind is None:  # as the generator had it: an error leaves the writer as it is
            w = self.writer
            if len(w.lines) == self.mark:
                w.struct("pass")
            w.indent -= 1


def _bare(condition: str) -> str:
    """`condition` without one pair of parentheses around all of it, as black writes it."""
    while condition.startswith("(") and condition.endswith(")"):
        depth, quote, escaped = 0, "", False
        for i, ch in enumerate(condition):
            if quote:
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
                if depth == 0 and i != len(condition) - 1:
                    return condition  # the first parenthesis closes before the end
        condition = condition[1:-1]
    return condition


def _fits(value: Any, types: set[str]) -> bool:
    """Whether a JSON value can pass a `type` check of `types` (a const/enum value that cannot is
    never emitted as a comparison: the declared type already decides, and type checkers reject
    comparisons between unrelated types)."""
    if value is None:
        return "null" in types
    t = type(value)
    if t is bool:
        return "boolean" in types
    if t is int:
        return bool(types & {"integer", "number"})
    if t is float:
        return "number" in types or ("integer" in types and value.is_integer())
    if t is str:
        return "string" in types
    if t is list:
        return "array" in types
    return "object" in types


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
        self._uses: dict[Location, int] | None = None
        self._inlining: list[Location] = []
        self.public: dict[str, tuple[str, str]] = {}  # function name -> (parameter, docstring)
        # instance variable -> (tag property, values): inside the branch a tag dispatch chose (and
        # inlined), the tag is present and equal to one of those values (a boolean check only);
        # no values: the branch was chosen by the tag's absence, nothing is known of it
        self._settled: dict[str, tuple[str, tuple[str, ...]]] = {}

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

    def entry(self, loc: Location, public: str, doc: str) -> str:
        """The boolean function of an entry point, named `public` (with `doc`, its parameter
        `instance`) unless another entry already named the same schema: the entry is that
        function, with no call in between."""
        name = self.fn(loc, (), "v")
        key = next(k for k, n in self.names.items() if n == name)
        if name.startswith("_v") and key in self.pending:
            self.names[key] = public
            self.public[public] = ("instance", doc)
            return public
        return name

    def uses(self, loc: Location) -> int:
        """How many `$ref`s of the loaded documents name `loc` (entry points count once each)."""
        if self._uses is None:
            self._uses = {}
            for uri in self.reg.refs:
                try:
                    target = self.reg.lookup(uri)
                except SchemaError:
                    continue
                self._uses[target] = self._uses.get(target, 0) + 1
        return self._uses.get(loc, 0)

    def count_entry(self, loc: Location) -> None:
        self.uses(loc)
        assert self._uses is not None
        self._uses[loc] = self._uses.get(loc, 0) + 1

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

    # ------------------------------------------------------------------ failures, in every mode

    def check(
        self,
        w: Writer,
        mode: Mode,
        bad: str,
        loc: Location,
        keyword: str,
        *,
        value: str | None = None,
        prefix: str = "",
        suffix: str = "",
        path: Path | None = None,
    ) -> None:
        """`bad` (a Python condition) means the keyword at `loc` fails: stop, or record why."""
        with w.block(f"if {bad}:"):
            self.always(w, mode, loc, keyword, value=value, prefix=prefix, suffix=suffix, path=path)

    def always(
        self,
        w: Writer,
        mode: Mode,
        loc: Location,
        keyword: str,
        *,
        value: str | None = None,
        prefix: str = "",
        suffix: str = "",
        path: Path | None = None,
    ) -> None:
        """The keyword at `loc` fails here, unconditionally."""
        if mode.fail is not None:
            w(mode.fail)
            return
        where = self.reg.location_uri((loc[0], join_pointer(loc[1], keyword)), self.main)
        self._record(w, path or mode.path, (where, keyword, prefix, suffix), value)

    def _record(self, w: Writer, path: Path | None, spec: tuple[str, str, str, str], value: str | None) -> None:
        """Append one error: its location, keyword and message text go to the module's error table
        (`_ERRORS`, four strings per error); the call passes the table index and the value shown."""
        assert path is not None
        index = self.error_index.get(spec)
        if index is None:
            index = self.error_index[spec] = len(self.error_index)
        tail = "" if value is None else f", {value}"
        w(f"{self.helper('_fail')}(errs, {path.expr()}, {index}{tail})")

    # ------------------------------------------------------------------ functions

    def _function(self, loc: Location, ctx: Ctx, kind: str) -> str:
        self._tmp = 0
        name = self.names[(loc, ctx, kind)]
        w = Writer()
        if kind == "v":
            param, doc = self.public.get(name, ("x", ""))
            self.emit(loc, ctx, VALID, param, w)
            w("return True")
            head = f"def {name}({param}: Any) -> bool:"
        elif kind == "e":
            self.emit(loc, ctx, Mode(path=Path("p")), "x", w)
            if not w.lines:
                w("pass")
            head = f"def {name}(x: Any, p: Any, errs: list[ValidationError]) -> None:"
        else:
            w("ev: set[Any] = set()")
            mode = Mode(fail="return None", ev="ev")
            self.emit(loc, ctx, mode, "x", w, delegate=False, skip_uneval=(kind == "A"))
            w("return ev")
            head = f"def {name}(x: Any) -> set[Any] | None:"
        body = fit_all(w.lines)
        if kind == "v" and name in self.public:
            body.insert(0, "    " + literal(self.public[name][1]))  # one string: black never splits it
        return "\n".join([*fit(head), *body])

    def call(
        self,
        loc: Location,
        ctx: Ctx,
        mode: Mode,
        var: str,
        w: Writer,
        *,
        known: set[str] | None = None,
        chosen: tuple[str, tuple[str, ...]] | None = None,
    ) -> None:
        """A separately compiled schema (a `$ref` target, an applicator branch): a call to its
        function, or, for a small boolean check, the check itself (`known`: the JSON types the
        instance is known to have here). `chosen`: the branch a tag dispatch picked, with (the tag
        property, the values compared): inlined whatever its size, where the tag needs no check
        again (see `_settled`), and the call and its frame are saved on every dispatch."""
        if mode.fail is not None and mode.ev is None and w.indent <= MAX_INDENT and loc not in self._inlining:
            if self.inlinable(loc) or self.uses(loc) == 1 or chosen is not None:
                # small, named by this one `$ref` only, or a dispatch's branch: inlined
                self._inlining.append(loc)
                before = self._settled.get(var)
                if chosen is not None:
                    self._settled[var] = chosen
                self.emit(loc, ctx, mode, var, w, known=known)
                if before is None:
                    self._settled.pop(var, None)
                else:
                    self._settled[var] = before
                self._inlining.pop()
                return
        self.call_function(loc, ctx, mode, var, w)

    def call_function(self, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer) -> None:
        if mode.fail is None:
            assert mode.path is not None
            w(f"{self.fn(loc, ctx, 'e')}({var}, {mode.path.expr()}, errs)")
        elif mode.ev is None:
            w.when(f"not {self.fn(loc, ctx, 'v')}({var})", mode.fail)
        else:
            r = self.tmp("r")
            w(f"{r} = {self.fn(loc, ctx, 'a')}({var})")
            w.when(f"{r} is None", mode.fail)
            w(f"{mode.ev}.update({r})")

    def child(self, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer, *, known: set[str] | None = None) -> None:
        """A child schema's checks, inlined unless that would nest too deep (`known`: the JSON
        types the instance is known to have here)."""
        if w.indent <= MAX_INDENT:
            self.emit(loc, ctx, mode, var, w, known=known)
        elif self.reg.schema_at(loc) is not True:
            self.call_function(loc, ctx, mode, var, w)

    # ------------------------------------------------------------------ one schema

    def emit(
        self,
        loc: Location,
        ctx: Ctx,
        mode: Mode,
        var: str,
        w: Writer,
        *,
        delegate: bool = True,
        skip_uneval: bool = False,
        known: set[str] | None = None,
    ) -> None:
        mark = self._tmp
        self._emit(loc, ctx, mode, var, w, delegate=delegate, skip_uneval=skip_uneval, known=known)
        self._tmp = mark  # every temporary of this schema is dead past its code: the next one reuses its name

    def _emit(
        self,
        loc: Location,
        ctx: Ctx,
        mode: Mode,
        var: str,
        w: Writer,
        *,
        delegate: bool = True,
        skip_uneval: bool = False,
        known: set[str] | None = None,
    ) -> None:
        s = self.reg.schema_at(loc)
        if s is True:
            return
        if s is False:
            if mode.fail is not None:
                w(mode.fail)
            else:
                where = self.reg.location_uri(loc, self.main)
                self._record(w, mode.path, (where, "false", "", " is not allowed here (false schema)"), var)
            return
        if not isinstance(s, dict):
            raise SchemaError(f"a schema is an object or a boolean, not {type(s).__name__}, at {loc[0]}#{loc[1]}")
        s = self.vocabulary(loc, s)
        ctx = self.enter(loc, ctx)
        uneval = "unevaluatedProperties" in s or "unevaluatedItems" in s
        if uneval and delegate and not mode.errors:
            # a boolean check of a schema with unevaluated*: the annotation-collecting function
            if mode.ev is not None:
                self.call_function(loc, ctx, mode, var, w)
            else:
                assert mode.fail is not None
                w.when(f"{self.fn(loc, ctx, 'a')}({var}) is None", mode.fail)
            return
        if "$ref" in s:
            # a dispatch's branch that only names its schema: that schema is the branch, inlined too
            chosen = self._settled.get(var) if set(s) - ANNOTATIONS == {"$ref"} else None
            self.call(self.ref_target(loc, s["$ref"]), ctx, mode, var, w, known=known, chosen=chosen)
        if "$dynamicRef" in s:
            self.call(self.dynamic_target(loc, ctx, s["$dynamicRef"]), ctx, mode, var, w)

        exact = None if mode.errors else self._exact(s)
        if exact is not None and known is not None and known <= exact[0]:
            exact = None  # the type is known already: the plain test follows
        if exact is not None:
            # a boolean check whose const/enum test admits only values of the declared types:
            # that test alone stands for the `type` check too
            types, possible = exact
            if "const" in s:
                self.check(w, mode, f"not {self._eq_test(var, s['const'])}", loc, "const")
                known = types
            else:
                self.check(w, mode, f"not {_paren(_bare(self._enum_test(var, possible)))}", loc, "enum")
                known = types
            if "const" in s and "enum" in s:
                self._enum(s["enum"], known, loc, mode, var, w)
        else:
            known = self._type(s, loc, mode, var, w, known) if "type" in s or mode.errors else known
            if "const" in s:
                self._const(s["const"], known, loc, mode, var, w)
            if "enum" in s:
                self._enum(s["enum"], known, loc, mode, var, w)

        for group, keys in (("number", NUMERIC), ("string", STRING), ("array", ARRAY), ("object", OBJECT)):
            if s.keys().isdisjoint(keys):
                continue
            if (
                group == "string"
                and not any(k in s for k in ("minLength", "maxLength", "pattern"))
                and not self._format_checked(s)
            ):
                continue
            test, implied = _GROUP_TEST[group]
            keywords = getattr(self, f"_{group}_keywords")
            if known is not None and not (known & implied):
                continue  # the declared type excludes this group: its keywords cannot apply
            if known is not None and known <= implied:
                keywords(s, loc, ctx, mode, var, w)
            else:
                mark = w.mark()
                with w.block(f"if {test.format(v=var)}:"):
                    keywords(s, loc, ctx, mode, var, w)
                w.drop_if_nothing_after(mark)

        self._applicators(s, loc, ctx, mode, var, w)

        if uneval and not skip_uneval:
            self._unevaluated(s, loc, ctx, mode, var, w)

    # ---- type, const, enum

    def _type(
        self, s: dict, loc: Location, mode: Mode, var: str, w: Writer, known: set[str] | None = None
    ) -> set[str] | None:
        """The `type` check; returns the types the instance is known to have afterwards (None
        when unknown: no `type`, or errors mode, where a failure does not stop). `known`: types
        the instance already has (a boolean check only); a `type` that accepts them all is not
        tested again."""
        if "type" not in s:
            return None
        types = [s["type"]] if isinstance(s["type"], str) else s["type"]
        if not isinstance(types, list) or any(t not in TYPES for t in types):
            raise SchemaError(f"bad type {s['type']!r} at {loc[0]}#{loc[1]}")
        suffix = " is not of type " + ", ".join(repr(t) for t in types)
        accepts = set(types) | ({"integer"} if "number" in types else set())
        if known is not None and not mode.errors and known <= accepts:
            return set(types)
        if not types:
            self.always(w, mode, loc, "type", value=var, suffix=suffix)
        elif len(types) == 1:
            self.check(w, mode, _TYPE_NOT[types[0]].format(v=var), loc, "type", value=var, suffix=suffix)
        else:
            test = " or ".join(_TYPE_TEST[t].format(v=var) for t in types)
            self.check(w, mode, f"not ({test})", loc, "type", value=var, suffix=suffix)
        return None if mode.errors else set(types)

    def _exact(self, s: dict) -> tuple[set[str], list[Any]] | None:
        """(declared types, the enum values of those types) when the schema's `const` (or else its
        `enum`) holds only scalars of its declared `type`: the equality test (`_eq_test`,
        `_enum_test` without a known type, which tell a bool from a number) then admits only
        values of that type, so no `type` test need come first; else None."""
        types = s.get("type")
        types = [types] if isinstance(types, str) else types
        if not isinstance(types, list) or not types or any(t not in TYPES for t in types):
            return None
        declared = set(types)
        scalar = (str, int, float, bool, type(None))
        if "const" in s:
            value = s["const"]
            return (declared, [value]) if type(value) in scalar and _fits(value, declared) else None
        values = s.get("enum")
        if not isinstance(values, list) or any(type(v) not in scalar for v in values):
            return None
        possible = [v for v in values if _fits(v, declared)]
        return (declared, possible) if possible else None

    def _const(self, value: Any, known: set[str] | None, loc: Location, mode: Mode, var: str, w: Writer) -> None:
        suffix = " was expected to be " + _short(value)
        if known is not None and not _fits(value, known):
            self.always(w, mode, loc, "const", value=var, suffix=suffix)
        else:
            self.check(w, mode, f"not {self._eq_test(var, value)}", loc, "const", value=var, suffix=suffix)

    def _enum(self, values: Any, known: set[str] | None, loc: Location, mode: Mode, var: str, w: Writer) -> None:
        if not isinstance(values, list):
            raise SchemaError(f"enum must be an array at {loc[0]}#{loc[1]}")
        suffix = " is not one of " + _short(values)
        possible = values if known is None else [v for v in values if _fits(v, known)]
        if not possible:
            self.always(w, mode, loc, "enum", value=var, suffix=suffix)
        else:
            test = self._enum_test(var, possible, known)
            self.check(w, mode, f"not {test}", loc, "enum", value=var, suffix=suffix)

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

    def _enum_test(self, var: str, values: list[Any], known: set[str] | None = None) -> str:
        strings = [v for v in values if type(v) is str]
        numbers = [v for v in values if type(v) in (int, float)]
        others = [v for v in values if type(v) not in (str, int, float)]
        tests: list[str] = []
        if strings:
            if len(strings) <= 2:
                tests.extend(f"{var} == {literal(v)}" for v in strings)
            elif known == {"string"}:  # the type check before says so
                tests.append(f"{var} in {self.const(frozenset_literal(strings))}")
            else:
                tests.append(f"(type({var}) is str and {var} in {self.const(frozenset_literal(strings))})")
        if numbers:
            if known is not None and known <= {"number", "integer"}:  # bool is excluded already
                tests.append(f"{var} in {self.const(frozenset_literal(numbers))}")
            else:
                tests.append(
                    f"((type({var}) is int or type({var}) is float) and {var} in "
                    f"{self.const(frozenset_literal(numbers))})"
                )
        for v in others:
            tests.append(self._eq_test(var, v))
        return "(" + " or ".join(tests) + ")" if tests else "False"

    def _pattern(self, pattern: Any, loc: Location) -> str:
        """The module constant holding the compiled pattern's `search`, bound once at import."""
        if not isinstance(pattern, str):
            raise SchemaError(f"a pattern is a string, at {loc[0]}#{loc[1]}")
        try:
            compile_pattern(pattern)
        except (UnsupportedPattern, Exception) as exc:
            raise SchemaError(f"pattern {pattern!r} at {loc[0]}#{loc[1]} cannot be used: {exc}") from None
        self.uses_re = True
        return self.const(f"re.compile({literal(translate(pattern))}).search")

    def _format_checked(self, s: dict) -> bool:
        return self.format_assertion and isinstance(s.get("format"), str) and s["format"] in _formats.FORMATS

    # ---- keywords by instance type

    def _number_keywords(self, s: dict, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer) -> None:
        for key, op, text in (
            ("minimum", "<", "less than the minimum of"),
            ("maximum", ">", "greater than the maximum of"),
            ("exclusiveMinimum", "<=", "less than or equal to the exclusive minimum of"),
            ("exclusiveMaximum", ">=", "greater than or equal to the exclusive maximum of"),
        ):
            if key in s:
                if not _is_number(s[key]):
                    raise SchemaError(f"{key} must be a number at {loc[0]}#{loc[1]}")
                self.check(
                    w, mode, f"{var} {op} {literal(s[key])}", loc, key, value=var, suffix=f" is {text} {s[key]!r}"
                )
        if "multipleOf" in s:
            m = s["multipleOf"]
            if not _is_number(m) or m <= 0:
                raise SchemaError(f"multipleOf must be a positive number at {loc[0]}#{loc[1]}")
            multiple = self.helper("_multiple")
            if type(m) is int:
                bad = f"(({var} % {literal(m)}) if type({var}) is int else not {multiple}({var}, {literal(m)}))"
            else:
                bad = f"not {multiple}({var}, {literal(m)})"
            self.check(w, mode, bad, loc, "multipleOf", value=var, suffix=f" is not a multiple of {m!r}")

    def _lengths(self, s: dict, low: str, high: str, loc: Location, mode: Mode, var: str, w: Writer) -> bool:
        """Both length bounds in a boolean check: one `len` call and a chained comparison (exact
        for the integers `len` returns); False when the keywords are checked one by one."""
        if mode.errors or low not in s or high not in s:
            return False
        lo, hi = _count(s[low]), _count(s[high])
        self.check(w, mode, f"not {lo} <= len({var}) <= {hi}", loc, low)
        return True

    def _string_keywords(self, s: dict, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer) -> None:
        both = self._lengths(s, "minLength", "maxLength", loc, mode, var, w)
        if "minLength" in s and not both:
            n = _count(s["minLength"])
            self.check(
                w, mode, f"len({var}) < {n}", loc, "minLength", value=var, suffix=f" is shorter than {n} characters"
            )
        if "maxLength" in s and not both:
            n = _count(s["maxLength"])
            self.check(
                w, mode, f"len({var}) > {n}", loc, "maxLength", value=var, suffix=f" is longer than {n} characters"
            )
        if "pattern" in s:
            cre = self._pattern(s["pattern"], loc)
            suffix = " does not match " + _short(s["pattern"])
            self.check(w, mode, f"{cre}({var}) is None", loc, "pattern", value=var, suffix=suffix)
        if self._format_checked(s):
            name = s["format"]
            self.formats.add(name)
            bad = f"not {_formats.FORMATS[name][0]}({var})"
            self.check(w, mode, bad, loc, "format", value=var, suffix=" is not a valid " + _short(name))

    def _array_keywords(self, s: dict, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer) -> None:
        both = self._lengths(s, "minItems", "maxItems", loc, mode, var, w)
        for key, op, text in (
            ("minItems", "<", "is too short (fewer than"),
            ("maxItems", ">", "is too long (more than"),
        ):
            if key in s and not both:
                n = _count(s[key])
                self.check(w, mode, f"len({var}) {op} {n}", loc, key, value=var, suffix=f" {text} {n} items)")
        prefix = s.get("prefixItems", [])
        if not isinstance(prefix, list):
            raise SchemaError(f"prefixItems must be an array at {loc[0]}#{loc[1]}")
        for i in range(len(prefix)):
            sub = (loc[0], join_pointer(loc[1], "prefixItems", i))
            y = self.tmp()
            mark = w.mark()
            with w.block(f"if len({var}) > {i}:"):
                w.struct(f"{y} = {var}[{i}]")
                self.child(sub, ctx, mode.value(str(i)), y, w)
            w.drop_if_nothing_after(mark)
        if prefix and mode.ev is not None:
            w(f"{mode.ev}.update(range(min(len({var}), {len(prefix)})))")
        if "items" in s:
            items = s["items"]
            sub = (loc[0], join_pointer(loc[1], "items"))
            n = len(prefix)
            if items is False:
                self.check(
                    w, mode, f"len({var}) > {n}", loc, "items", suffix=f"no items are allowed after the first {n}"
                )
            elif items is not True:
                y, iv = self.tmp(), self.tmp("i")
                mark = w.mark()
                if mode.errors:
                    header = (
                        f"for {iv}, {y} in enumerate({var})"
                        if not n
                        else f"for {iv}, {y} in enumerate({var}[{n}:], {n})"
                    )
                else:
                    header = f"for {y} in {var}" if not n else f"for {y} in {var}[{n}:]"
                with w.block(header + ":"):
                    self.child(sub, ctx, mode.value(iv), y, w)
                w.drop_if_nothing_after(mark)
            if mode.ev is not None:
                w(f"{mode.ev}.update(range(len({var})))")
        if "contains" in s:
            self._contains(s, loc, ctx, mode, var, w)
        if s.get("uniqueItems") is True:
            bad = f"not {self.helper('_unique')}({var})"
            self.check(w, mode, bad, loc, "uniqueItems", value=var, suffix=" has non-unique elements")

    def _contains(self, s: dict, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer) -> None:
        sub = (loc[0], join_pointer(loc[1], "contains"))
        lo = _count(s.get("minContains", 1))
        hi = _count(s["maxContains"]) if "maxContains" in s else None
        if lo == 0 and hi is None and mode.ev is None:
            return  # nothing can fail, and no annotation is wanted
        test = self.fn(sub, ctx, "v")
        c, y, ix = self.tmp("c"), self.tmp(), self.tmp("i")
        w(f"{c} = 0")
        header = f"for {ix}, {y} in enumerate({var}):" if mode.ev is not None else f"for {y} in {var}:"
        with w.block(header):
            with w.block(f"if {test}({y}):"):
                w(f"{c} += 1")
                if mode.ev is not None:
                    w(f"{mode.ev}.add({ix})")
                elif mode.fail is not None and hi is None:
                    w.when(f"{c} >= {lo}", "break")  # enough: the rest cannot change the verdict
                elif mode.fail is not None and hi is not None:
                    w.when(f"{c} > {hi}", mode.fail)
        if lo > 0:
            kw = "contains" if "minContains" not in s else "minContains"
            self.check(w, mode, f"{c} < {lo}", loc, kw, value=var, suffix=f" contains fewer than {lo} matching items")
        if hi is not None:
            suffix = f" contains more than {hi} matching items"
            self.check(w, mode, f"{c} > {hi}", loc, "maxContains", value=var, suffix=suffix)

    def _object_keywords(self, s: dict, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer) -> None:
        for key, op, text in (("minProperties", "<", "fewer than"), ("maxProperties", ">", "more than")):
            if key in s:
                n = _count(s[key])
                self.check(w, mode, f"len({var}) {op} {n}", loc, key, suffix=f"the object has {text} {n} properties")
        required = s.get("required", [])
        if not isinstance(required, list) or any(type(r) is not str for r in required):
            raise SchemaError(f"required must be an array of strings at {loc[0]}#{loc[1]}")
        required = list(dict.fromkeys(required))
        settled = self._settled.get(var) if mode.fail is not None and mode.ev is None else None
        tag = settled[0] if settled and settled[1] else None  # present: the dispatch compared its value
        unsure = [r for r in required if r != tag]
        if unsure and not mode.errors:
            self.check(w, mode, " or ".join(f"{literal(r)} not in {var}" for r in unsure), loc, "required")
        elif required and mode.errors:
            for name in required:
                self.check(
                    w, mode, f"{literal(name)} not in {var}", loc, "required", suffix=f"{name!r} is a required property"
                )
        props = s.get("properties", {})
        pats = s.get("patternProperties", {})
        if not isinstance(props, dict) or not isinstance(pats, dict):
            raise SchemaError(f"properties/patternProperties must be objects at {loc[0]}#{loc[1]}")
        closed = s.get("additionalProperties", None) is False and not pats and bool(props)
        if closed and mode.fail is not None and mode.ev is None:
            # a closed object in a boolean check: the declared properties present are counted on
            # the way (no set is built), and there may be no other
            count = self.tmp("c")
            w.struct(f"{count} = {sum(name in props for name in required)}")
            self._each_property(props, required, loc, ctx, mode, var, w, count=count)
            w.when(f"len({var}) > {count}", mode.fail)
        else:
            self._each_property(props, required, loc, ctx, mode, var, w)
            self._additional(s, props, pats, loc, ctx, mode, var, w)
        if "propertyNames" in s:
            sub = (loc[0], join_pointer(loc[1], "propertyNames"))
            if self.reg.schema_at(sub) is not True:
                k = self.tmp("k")
                with w.block(f"for {k} in {var}:"):
                    self.child(sub, ctx, mode.value(None), k, w)
        dep_req = s.get("dependentRequired", {})
        if not isinstance(dep_req, dict):
            raise SchemaError(f"dependentRequired must be an object at {loc[0]}#{loc[1]}")
        for name, needs in dep_req.items():
            if not isinstance(needs, list) or any(type(n) is not str for n in needs):
                raise SchemaError(f"dependentRequired values are arrays of strings at {loc[0]}#{loc[1]}")
            if needs and not mode.errors:
                missing = " or ".join(f"{literal(n)} not in {var}" for n in needs)
                self.check(w, mode, f"{literal(name)} in {var} and ({missing})", loc, "dependentRequired")
            else:
                for need in needs:
                    bad = f"{literal(name)} in {var} and {literal(need)} not in {var}"
                    suffix = f"{need!r} is required when {name!r} is present"
                    self.check(w, mode, bad, loc, "dependentRequired", suffix=suffix)
        dep_schemas = s.get("dependentSchemas", {})
        if not isinstance(dep_schemas, dict):
            raise SchemaError(f"dependentSchemas must be an object at {loc[0]}#{loc[1]}")
        for name in dep_schemas:
            sub = (loc[0], join_pointer(loc[1], "dependentSchemas", name))
            mark = w.mark()
            with w.block(f"if {literal(name)} in {var}:"):
                self.child(sub, ctx, mode, var, w)
            w.drop_if_nothing_after(mark)

    def _each_property(
        self,
        props: dict,
        required: list[str],
        loc: Location,
        ctx: Ctx,
        mode: Mode,
        var: str,
        w: Writer,
        *,
        count: str | None = None,
    ) -> None:
        """`properties`, one declared property after the other; with `count`, each optional
        property present adds one to that variable (the required ones are counted already)."""
        for name in props:
            sub = (loc[0], join_pointer(loc[1], "properties", name))
            anything = self.reg.schema_at(sub) is True
            if anything and (count is None or name in required):
                continue
            settled = self._settled.get(var) if mode.fail is not None and mode.ev is None else None
            if settled and settled[1] and name == settled[0] and name in required:
                accepts = self._tag_accepts(sub)
                if accepts and set(settled[1]) <= set(accepts):
                    continue  # the dispatch compared the tag with values this property accepts
            reuse = self._tmp  # the value's name is free again after its checks
            y = self.tmp()
            mark = w.mark()
            if name in required and not mode.errors:  # present, or the required check stopped
                w.struct(f"{y} = {var}[{literal(name)}]")
                self.child(sub, ctx, mode.value(literal(name)), y, w)
            else:
                with w.block(f"if {literal(name)} in {var}:"):
                    if count is not None:
                        w(f"{count} += 1")
                    if not anything:
                        w.struct(f"{y} = {var}[{literal(name)}]")
                        self.child(sub, ctx, mode.value(literal(name)), y, w)
            w.drop_if_nothing_after(mark)
            self._tmp = reuse
        if props and mode.ev is not None:
            w(f"{mode.ev}.update({self.const(frozenset_literal(list(props)))}.intersection({var}))")

    def _additional(
        self, s: dict, props: dict, pats: dict, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer
    ) -> None:
        """patternProperties and additionalProperties: one pass over the instance's properties."""
        addl = s.get("additionalProperties", None)
        addl_loc = (loc[0], join_pointer(loc[1], "additionalProperties"))
        not_allowed = ("additional property ", " is not allowed")
        if addl is False and not pats and not mode.errors:
            if props:
                w.when(f"not {self.const(frozenset_literal(list(props)))}.issuperset({var})", str(mode.fail))
            else:
                w.when(var, str(mode.fail))
        elif pats or (addl is not None and addl is not True):
            k, y, m = self.tmp("k"), self.tmp(), self.tmp("m")
            mark = w.mark()
            uses_value = bool(pats) or addl is not False
            with w.block(f"for {k}, {y} in {var}.items():" if uses_value else f"for {k} in {var}:"):
                checked = addl is not None and addl is not True
                if pats and checked:
                    w.struct(f"{m} = False")
                for pat in pats:
                    sub = (loc[0], join_pointer(loc[1], "patternProperties", pat))
                    cre = self._pattern(pat, loc)
                    with w.block(f"if {cre}({k}) is not None:"):
                        if checked:
                            w(f"{m} = True")
                        if mode.ev is not None:
                            w(f"{mode.ev}.add({k})")
                        self.child(sub, ctx, mode.value(k), y, w)
                if checked:
                    conds = []
                    if props:
                        conds.append(f"{k} not in {self.const(frozenset_literal(list(props)))}")
                    if pats:
                        conds.append(f"not {m}")
                    mark_inner = w.mark()
                    if conds:
                        w.struct(f"if {' and '.join(conds)}:")
                        w.indent += 1
                    if addl is False:
                        self.always(
                            w, mode, loc, "additionalProperties", value=k, prefix=not_allowed[0], suffix=not_allowed[1]
                        )
                    else:
                        self.child(addl_loc, ctx, mode.value(k), y, w)
                    if conds:
                        if w.mark() == mark_inner + 1:
                            w.struct("pass")
                        w.indent -= 1
            w.drop_if_nothing_after(mark)
        if addl is not None and mode.ev is not None:
            w(f"{mode.ev}.update({var})")

    # ---- in-place applicators

    def _branches(self, s: dict, loc: Location, key: str) -> list[Location]:
        value = s[key]
        if not isinstance(value, list) or not value:
            raise SchemaError(f"{key} must be a non-empty array at {loc[0]}#{loc[1]}")
        return [(loc[0], join_pointer(loc[1], key, i)) for i in range(len(value))]

    def _applicators(self, s: dict, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer) -> None:
        if "allOf" in s:
            for sub in self._branches(s, loc, "allOf"):
                self.child(sub, ctx, mode, var, w)
        for key in ("anyOf", "oneOf"):
            if key in s:
                self._choice(key, self._branches(s, loc, key), loc, ctx, mode, var, w)
        if "not" in s:
            sub = (loc[0], join_pointer(loc[1], "not"))
            suffix = " should not be valid under the not schema"
            self.check(w, mode, self._branch_test(sub, ctx, var), loc, "not", value=var, suffix=suffix)
        if "if" in s and ("then" in s or "else" in s or mode.ev is not None):
            cond = (loc[0], join_pointer(loc[1], "if"))
            then = (loc[0], join_pointer(loc[1], "then")) if "then" in s else None
            other = (loc[0], join_pointer(loc[1], "else")) if "else" in s else None
            if mode.ev is None:
                header = f"if {self._branch_test(cond, ctx, var)}:"
            else:
                r = self.tmp("r")
                w(f"{r} = {self.fn(cond, ctx, 'a')}({var})")
                header = f"if {r} is not None:"
            with w.block(header):
                if mode.ev is not None:
                    w(f"{mode.ev}.update({r})")
                if then is not None:
                    self.child(then, ctx, mode, var, w)
            if other is not None:
                mark = w.mark()
                with w.block("else:"):
                    self.child(other, ctx, mode, var, w)
                w.drop_if_nothing_after(mark)

    def _choice(
        self, key: str, branches: list[Location], loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer
    ) -> None:
        """anyOf / oneOf: a null split (`[X, {type: null}]`), a dispatch on a tag property, or
        every branch tried; annotation mode always tries every branch (each one's annotations
        count)."""
        if mode.ev is not None:
            n, r = self.tmp("n"), self.tmp("r")
            w(f"{n} = 0")
            for sub in branches:
                w(f"{r} = {self.fn(sub, ctx, 'a')}({var})")
                with w.block(f"if {r} is not None:"):
                    w(f"{n} += 1")
                    w(f"{mode.ev}.update({r})")
            w.when(f"{n} {'== 0' if key == 'anyOf' else '!= 1'}", str(mode.fail))
            return
        if self._null_split(key, branches, loc, ctx, mode, var, w):
            return
        if not mode.errors and self._by_type(key, branches, loc, ctx, mode, var, w):
            return
        dispatch = self._tag_dispatch(branches, ctx)
        if dispatch is not None:
            self._dispatch(key, dispatch, branches, loc, ctx, mode, var, w)
            return
        routes = None if mode.errors else self._routes(branches)
        if routes is not None:
            self._route(key, routes, branches, loc, ctx, mode, var, w)
        else:
            self._try_each(key, branches, loc, ctx, mode, var, w)

    def _by_type(
        self, key: str, branches: list[Location], loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer
    ) -> bool:
        """A boolean anyOf/oneOf whose branches fall into groups of disjoint JSON types: the
        instance's type picks the one group that can match, and only its branches are checked
        (a value of no group's type matches none)."""
        groups: list[tuple[set[str], list[Location]]] = []
        for b in branches:
            types = self._types_of(b)
            if types is None:
                return False
            merged = (set(types), [b])
            for g in [g for g in groups if g[0] & types]:
                groups.remove(g)
                merged = (merged[0] | g[0], g[1] + merged[1])
            groups.append(merged)
        if len(groups) < 2:
            return False
        groups.sort(key=lambda g: branches.index(g[1][0]))
        for i, (types, members) in enumerate(groups):
            members.sort(key=branches.index)
            wanted = [t for t in TYPES if t in types and not (t == "integer" and "number" in types)]
            test = " or ".join(_TYPE_TEST[t].format(v=var) for t in wanted)
            with w.block(f"{'if' if i == 0 else 'elif'} {test}:"):
                if len(members) == 1:
                    self.child(members[0], ctx, mode, var, w, known=types)
                else:
                    self._choice(key, members, loc, ctx, mode, var, w)
        with w.block("else:"):
            w(str(mode.fail))
        return True

    def _try_each(
        self, key: str, branches: list[Location], loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer
    ) -> None:
        if key == "anyOf":
            branches = self._without_subsumed(branches)
        calls = [self._branch_test(b, ctx, var) for b in branches]
        none = " is not valid under any of the given schemas"
        if key == "anyOf" or (not mode.errors and self._disjoint(branches)):
            self.check(w, mode, f"not {_paren(' or '.join(calls))}", loc, key, value=var, suffix=none)
        elif len(calls) == 1:
            self.check(w, mode, f"not {calls[0]}", loc, key, value=var, suffix=none)
        elif len(calls) == 2 and not mode.errors:
            self.check(w, mode, f"{calls[0]} is {calls[1]}", loc, key)
        else:
            n = self.tmp("n")
            w.struct(f"{n} = {' + '.join(calls)}")
            self.check(w, mode, f"{n} == 0", loc, key, value=var, suffix=none)
            suffix = " is valid under more than one of the given schemas"
            self.check(w, mode, f"{n} > 1", loc, key, value=var, suffix=suffix)

    def _branch_test(self, loc: Location, ctx: Ctx, var: str) -> str:
        """Whether `var` is valid under the branch at `loc`: an expression of its own when the
        branch is only a type and constant test, else a call of its boolean function."""
        test = self._predicate(loc, var)
        return _paren(test) if test is not None else f"{self.fn(loc, ctx, 'v')}({var})"

    def _simple(self, loc: Location) -> tuple[Location, dict] | None:
        """The schema a branch names (its `$ref`s followed) when it has only `type`, `const`,
        `enum` and scalar bounds, with no reference, dynamic scope or vocabulary of its own."""
        target = self._follow(loc)
        if target is None:
            return None
        s = self.reg.schema_at(target)
        if not isinstance(s, dict) or not self.reg.asserts_validation(target):
            return None
        if self.reg.dynamic.get(self.reg.base_at(target)):
            return None
        allowed = {"type", "const", "enum", "minLength", "maxLength", "minimum", "maximum"}
        allowed |= {"exclusiveMinimum", "exclusiveMaximum", "anyOf", "oneOf", "not"}
        return (target, s) if not (set(s) - ANNOTATIONS - allowed) else None

    def _predicate(self, loc: Location, var: str, depth: int = 0) -> str | None:
        """A boolean expression equivalent to the schema at `loc` (see `_simple`; its `anyOf`,
        and a `oneOf` of branches of disjoint types, when every branch is one too), or None."""
        simple = self._simple(loc)
        if simple is None or depth > 3:
            return None
        target, s = simple
        tests: list[str] = []
        for key in ("anyOf", "oneOf"):
            if key in s:
                branches = self._branches(s, target, key)
                if key == "anyOf":
                    branches = self._without_subsumed(branches)
                elif not self._disjoint(branches):
                    return None
                parts = [self._predicate(b, var, depth + 1) for b in branches]
                if any(part is None for part in parts):
                    return None
                tests.append(_paren(" or ".join(_paren(part) for part in parts if part is not None)))
        if "not" in s:
            negated = self._predicate((target[0], join_pointer(target[1], "not")), var, depth + 1)
            if negated is None:
                return None
            tests.append(f"not {_paren(negated)}")
        known: set[str] | None = None
        if "type" in s:
            types = [s["type"]] if isinstance(s["type"], str) else s["type"]
            if not isinstance(types, list) or not types or any(t not in TYPES for t in types):
                return None
            tests.append(" or ".join(_TYPE_TEST[t].format(v=var) for t in types))
            if len(types) > 1:
                tests[-1] = f"({tests[-1]})"
            known = set(types)
        if "const" in s:
            value = s["const"]
            tests.append("False" if known is not None and not _fits(value, known) else self._eq_test(var, value))
        if "enum" in s:
            if not isinstance(s["enum"], list):
                return None
            possible = s["enum"] if known is None else [v for v in s["enum"] if _fits(v, known)]
            tests.append(self._enum_test(var, possible, known) if possible else "False")
        bounds = [k for k in ("minLength", "maxLength") if k in s]
        numeric = [k for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in s]
        if bounds and known != {"string"} or numeric and not (known and known <= {"number", "integer"}):
            return None  # a bound that applies to some types only: the function says it plainly
        for key in bounds:
            n = _count(s[key])
            tests.append(f"len({var}) {'>=' if key == 'minLength' else '<='} {n}")
        for key in numeric:
            if not _is_number(s[key]):
                return None
            op = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[key]
            tests.append(f"{var} {op} {literal(s[key])}")
        return " and ".join(tests) if tests else "True"

    def _types_of(self, loc: Location, depth: int = 0) -> set[str] | None:
        """The JSON types a branch can accept at most (None: any, or not worked out), from its
        `type`, its `const`/`enum` values, or its `anyOf`/`oneOf` branches; `integer` and
        `number` overlap (1.0 is an integer), so either brings the other."""
        target = self._follow(loc)
        if target is None or depth > 4:
            return None
        s = self.reg.schema_at(target)
        if not isinstance(s, dict) or not self.reg.asserts_validation(target):
            return None
        found: set[str] | None = None
        if "type" in s:
            types = [s["type"]] if isinstance(s["type"], str) else s["type"]
            if not isinstance(types, list) or any(t not in TYPES for t in types):
                return None
            found = set(types)
        elif "const" in s:
            found = {_json_type(s["const"])}
        elif isinstance(s.get("enum"), list):
            found = {_json_type(v) for v in s["enum"]}
        else:
            for key in ("anyOf", "oneOf"):
                if isinstance(s.get(key), list) and s[key]:
                    parts = [self._types_of(b, depth + 1) for b in self._branches(s, target, key)]
                    if all(t is not None for t in parts):
                        found = set().union(*parts)  # type: ignore[arg-type]
                    break
        if found is not None and found & {"number", "integer"}:
            found |= {"number", "integer"}
        return found

    def _disjoint(self, branches: list[Location]) -> bool:
        """Whether no value can be valid under two of the branches, told by their types alone
        (then `oneOf` is `anyOf`: the first branch that matches decides)."""
        seen: set[str] = set()
        for b in branches:
            types = self._types_of(b)
            if types is None or types & seen:
                return False
            seen |= types
        return True

    def _declared_types(self, loc: Location) -> set[str] | None:
        """The types a branch's own `type` accepts (`number` includes the integers, not the
        reverse), its `$ref`s followed; None without one."""
        target = self._follow(loc)
        if target is None:
            return None
        s = self.reg.schema_at(target)
        if not isinstance(s, dict) or "type" not in s or not self.reg.asserts_validation(target):
            return None
        types = [s["type"]] if isinstance(s["type"], str) else s["type"]
        if not isinstance(types, list) or any(t not in TYPES for t in types):
            return None
        return set(types) | ({"integer"} if "number" in types else set())

    def _without_subsumed(self, branches: list[Location]) -> list[Location]:
        """anyOf branches without those another branch accepts anyway: a branch that is only
        `type: T` accepts everything a branch of a type within T accepts (an open enum's
        `anyOf: [{enum: [...]}, {type: string}]` is a string check)."""
        wide: list[tuple[int, set[str]]] = []
        for i, b in enumerate(branches):
            simple = self._simple(b)
            if simple is not None and set(simple[1]) - ANNOTATIONS == {"type"}:
                types = self._declared_types(b)
                if types is not None:
                    wide.append((i, types))
        widths = dict(wide)
        keep = []
        for i, b in enumerate(branches):
            mine = self._declared_types(b)
            # of two branches that are the same `type` alone, the first stays
            covered = mine is not None and any(
                j != i and mine <= t and (i not in widths or j < i or t != mine) for j, t in wide
            )
            if not covered:
                keep.append(b)
        return keep

    def _is_null_only(self, loc: Location) -> bool:
        s = self.reg.schema_at(loc)
        return isinstance(s, dict) and s.get("type") == "null" and set(s) - ANNOTATIONS == {"type"}

    def _null_split(
        self, key: str, branches: list[Location], loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer
    ) -> bool:
        """`anyOf/oneOf: [X, {type: null}]` (nullable X): test for None first, then X inline."""
        if len(branches) != 2:
            return False
        nulls = [b for b in branches if self._is_null_only(b)]
        if len(nulls) != 1:
            return False
        other = branches[0] if nulls[0] == branches[1] else branches[1]
        if key == "oneOf":
            with w.block(f"if {var} is None:"):
                suffix = " is valid under more than one of the given schemas"
                self.check(w, mode, f"{self.fn(other, ctx, 'v')}({var})", loc, key, value=var, suffix=suffix)
            mark = w.mark()
            with w.block("else:"):
                self.child(other, ctx, mode, var, w)
            w.drop_if_nothing_after(mark)
        else:
            mark = w.mark()
            with w.block(f"if {var} is not None:"):
                self.child(other, ctx, mode, var, w)
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
        # one tag detection for the validators and the lowering (generator.layer.unions)
        tag = detect_tag([s for _, s in targets])
        if tag is not None and tag.default is not None:
            return None  # a tag that may be absent: every branch is tried, as the bundle says
        return None if tag is None else (tag.property, [list(v) for v in tag.values], tag.all_objects)

    def _dispatch(
        self,
        key: str,
        dispatch: tuple[str, list[list[str]], bool],
        branches: list[Location],
        loc: Location,
        ctx: Ctx,
        mode: Mode,
        var: str,
        w: Writer,
    ) -> None:
        """The branch named by the tag's value is the only one checked."""
        tag, values, all_objects = dispatch
        t = self.tmp("t")
        allowed = [v for vals in values for v in vals]
        header = (
            f"if type({var}) is dict:" if not mode.errors else f"if type({var}) is dict and {literal(tag)} in {var}:"
        )
        with w.block(header):
            w.struct(f"{t} = {var}.get({literal(tag)})" if not mode.errors else f"{t} = {var}[{literal(tag)}]")
            if len(branches) > 6 and not mode.errors:
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
                w.struct(f"{f} = {name}.get({t}) if type({t}) is str else None")
                w.when(f"{f} is None or not {f}({var})", str(mode.fail))
            else:
                first = True
                for b, vals in zip(branches, values):
                    cond = " or ".join(f"{t} == {literal(v)}" for v in vals)
                    with w.block(f"{'if' if first else 'elif'} {cond}:"):
                        if mode.errors:
                            self.child(b, ctx, mode, var, w)
                        else:
                            self.call(b, ctx, mode, var, w, known={"object"}, chosen=(tag, tuple(vals)))
                    first = False
                with w.block("else:"):
                    tag_path = mode.path.child(literal(tag)) if mode.path is not None else None
                    self.always(w, mode, loc, key, value=t, suffix=" is not one of " + _short(allowed), path=tag_path)
        with w.block("else:"):
            if not all_objects:
                self._try_each(key, branches, loc, ctx, mode, var, w)
            elif not mode.errors:
                w(str(mode.fail))
            else:
                with w.block(f"if type({var}) is dict:"):
                    self.always(w, mode, loc, key, suffix=f"{tag!r} is a required property")
                with w.block("else:"):
                    self.always(w, mode, loc, key, value=var, suffix=" is not of type " + repr("object"))

    def _tag_accepts(self, loc: Location) -> tuple[str, ...] | None:
        """The strings a tag property's schema accepts, when that is all it accepts: a string
        `const`, an `enum` of strings, or () for `{type: string, not: {enum: [...]}}` (a catch-all:
        any string but those, see `_routes`); None for anything else."""
        s = self.reg.schema_at(loc)
        if not isinstance(s, dict) or not self.reg.asserts_validation(loc):
            return None
        keys = set(s) - ANNOTATIONS
        if "type" in keys and s["type"] != "string":
            return None
        if keys <= {"type", "const"} and "const" in keys:
            return (s["const"],) if type(s["const"]) is str else None
        if keys <= {"type", "enum"} and "enum" in keys:
            enum = s["enum"]
            ok = isinstance(enum, list) and enum and all(type(v) is str for v in enum)
            return tuple(dict.fromkeys(enum)) if ok else None
        if keys == {"type", "not"} and isinstance(s["not"], dict) and set(s["not"]) - ANNOTATIONS == {"enum"}:
            enum = s["not"]["enum"]
            return () if isinstance(enum, list) and all(type(v) is str for v in enum) else None
        return None

    def _routes(self, branches: list[Location]) -> tuple[str, list[tuple[str, ...]], list[int], bool] | None:
        """For a boolean anyOf/oneOf of object branches that one property tells apart, where
        `_tag_dispatch` finds no required tag: (the property, the values each branch accepts (()
        for the catch-all), the branches a value without the property goes to (at most one),
        every branch requires an object). Each branch accepts only its own constant strings, or
        at most one branch any string none of the others' (`not: {enum}`, listing them all);
        at most one branch does not require the property. A value whose property is one of a
        branch's strings can be valid under that branch only, one without the property (or
        null) under the branch that does not require it only, any other string under the
        catch-all only: the one branch left decides, for anyOf and oneOf alike."""
        targets: list[tuple[Location, dict]] = []
        for b in branches:
            t = self._follow(b)
            s = None if t is None else self.reg.schema_at(t)
            if t is None or not isinstance(s, dict) or not isinstance(s.get("properties"), dict):
                return None
            if self.reg.dynamic.get(self.reg.base_at(t)) or not self.reg.asserts_validation(t):
                return None
            targets.append((t, s))
        if len(targets) < 2:
            return None
        names = [n for n in targets[0][1]["properties"] if all(n in s["properties"] for _, s in targets)]
        for name in names:
            values: list[tuple[str, ...]] = []
            absent: list[int] = []
            for i, (t, s) in enumerate(targets):
                accepts = self._tag_accepts((t[0], join_pointer(t[1], "properties", name)))
                if accepts is None:
                    break
                values.append(accepts)
                required = s.get("required", [])
                if not (isinstance(required, list) and name in required):
                    absent.append(i)
            else:
                flat = [v for vals in values for v in vals]
                catch_all = [i for i, vals in enumerate(values) if not vals]
                if len(flat) != len(set(flat)) or len(absent) > 1 or len(catch_all) > 1:
                    continue
                if catch_all:
                    t, s = targets[catch_all[0]]
                    if not set(flat) <= set(s["properties"][name]["not"]["enum"]):
                        continue
                objects = all(s.get("type") == "object" for _, s in targets)
                return name, values, absent, objects
        return None

    def _route(
        self,
        key: str,
        routes: tuple[str, list[tuple[str, ...]], list[int], bool],
        branches: list[Location],
        loc: Location,
        ctx: Ctx,
        mode: Mode,
        var: str,
        w: Writer,
    ) -> None:
        """The one branch the property's value leaves (see `_routes`) is the only one checked."""
        tag, values, absent, all_objects = routes
        t = self.tmp("t")
        with w.block(f"if type({var}) is dict:"):
            w.struct(f"{t} = {var}.get({literal(tag)})")
            first = True
            catch_all = None
            for i, (b, vals) in enumerate(zip(branches, values)):
                if not vals:
                    catch_all = b
                    continue
                cond = " or ".join([f"{t} == {literal(v)}" for v in vals] + ([f"{t} is None"] if i in absent else []))
                with w.block(f"{'if' if first else 'elif'} {cond}:"):
                    chosen = (tag, () if i in absent else tuple(vals))  # (): the tag may be absent
                    self.call(b, ctx, mode, var, w, known={"object"}, chosen=chosen)
                first = False
            if catch_all is not None:
                cond = f"type({t}) is str" + (f" or {t} is None" if branches.index(catch_all) in absent else "")
                with w.block(f"{'if' if first else 'elif'} {cond}:"):
                    self.call(catch_all, ctx, mode, var, w, known={"object"}, chosen=(tag, ()))
            with w.block("else:"):
                w(str(mode.fail))
        with w.block("else:"):
            if all_objects:
                w(str(mode.fail))
            else:
                self._try_each(key, branches, loc, ctx, mode, var, w)

    def _unevaluated(self, s: dict, loc: Location, ctx: Ctx, mode: Mode, var: str, w: Writer) -> None:
        """unevaluatedProperties / unevaluatedItems over what the rest of the schema evaluated:
        collected in place (annotation mode), or by the schema's `A` function (errors mode)."""
        if mode.errors:
            ev = self.tmp("ev")
            w.struct(f"{ev} = {self.fn(loc, ctx, 'A')}({var})")
            w.struct(f"if {ev} is not None:")
            w.indent += 1
        else:
            assert mode.ev is not None
            ev = mode.ev
        if "unevaluatedProperties" in s:
            sub = (loc[0], join_pointer(loc[1], "unevaluatedProperties"))
            k = self.tmp("k")
            with w.block(f"if type({var}) is dict:"):
                if self.reg.schema_at(sub) is not True:
                    with w.block(f"for {k} in {var}:"):
                        with w.block(f"if {k} not in {ev}:"):
                            if self.reg.schema_at(sub) is False:
                                self.always(
                                    w,
                                    mode,
                                    loc,
                                    "unevaluatedProperties",
                                    value=k,
                                    prefix="unevaluated property ",
                                    suffix=" is not allowed",
                                )
                            else:
                                self.child(sub, ctx, mode.value(k), f"{var}[{k}]", w)
                if not mode.errors:
                    w(f"{ev}.update({var})")
        if "unevaluatedItems" in s:
            sub = (loc[0], join_pointer(loc[1], "unevaluatedItems"))
            i = self.tmp("i")
            with w.block(f"if type({var}) is list:"):
                if self.reg.schema_at(sub) is not True:
                    with w.block(f"for {i} in range(len({var})):"):
                        with w.block(f"if {i} not in {ev}:"):
                            if self.reg.schema_at(sub) is False:
                                self.always(
                                    w,
                                    mode,
                                    loc,
                                    "unevaluatedItems",
                                    value=i,
                                    prefix="unevaluated item ",
                                    suffix=" is not allowed",
                                )
                            else:
                                self.child(sub, ctx, mode.value(i), f"{var}[{i}]", w)
                if not mode.errors:
                    w(f"{ev}.update(range(len({var})))")
        if mode.errors:
            w.indent -= 1


def _short(value: Any) -> str:
    """A JSON value rendered for a message (built at generation time, emitted as a literal)."""
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return text if len(text) <= 120 else text[:117] + "..."
