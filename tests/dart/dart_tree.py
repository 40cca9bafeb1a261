"""Dart source read through tree-sitter-dart: syntax errors, and a small model of each library
(imports, classes, enums, typedefs, top-level functions, constructors and their parameters) that
the checks in this folder use in place of a compiler.

There is no Dart SDK on these machines; tree-sitter-dart is a grammar, not a compiler, so the
checks built on this model prove only what they say (see tests/dart/test_compiler_checks.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import tree_sitter
import tree_sitter_dart

LANGUAGE = tree_sitter.Language(tree_sitter_dart.language())


@lru_cache(maxsize=1)
def parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(LANGUAGE)


def walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def text(node: tree_sitter.Node) -> str:
    return node.text.decode("utf-8") if node.text is not None else ""


def syntax_errors(tree: tree_sitter.Tree) -> list[str]:
    """Every ERROR or MISSING node, as `line:column: what`."""
    out = []
    for n in walk(tree.root_node):
        if n.type == "ERROR" or n.is_missing:
            row, col = n.start_point
            kind = f"missing {n.type}" if n.is_missing else "syntax error"
            out.append(f"{row + 1}:{col + 1}: {kind} near {text(n)[:60]!r}")
    return out


# ---------------------------------------------------------------- string literals


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}


def decode_string_literal(source: str) -> str:
    """The value of a Dart string literal without interpolation: single or double quotes,
    `r` raw strings, `\\n`-style escapes, `\\xHH`, `\\uHHHH` and `\\u{H...}`."""
    raw = source.startswith("r")
    body = source[1:] if raw else source
    quote = body[:3] if body[:3] in ("'''", '"""') else body[:1]
    if quote not in ("'", '"', "'''", '"""') or not body.endswith(quote):
        raise ValueError(f"not a string literal: {source!r}")
    body = body[len(quote) : len(body) - len(quote)]
    if raw:
        return body
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "$":
            raise ValueError(f"string literal with interpolation: {source!r}")
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
        elif e == "x":
            out.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
        elif e == "u" and body[i + 2] == "{":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3 : end], 16)))
            i = end + 1
        elif e == "u":
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        else:
            out.append(e)  # \\ \' \" \$ and any other character stand for themselves
            i += 2
    return "".join(out)


def string_literals(tree: tree_sitter.Tree) -> list[str]:
    """The value of every string literal without interpolation in a file."""
    out = []
    for n in walk(tree.root_node):
        if n.type == "string_literal" and not any(c.type == "template_substitution" for c in walk(n)):
            out.append(decode_string_literal(text(n)))
    return out


def doc_comments(source: str) -> str:
    """The text of every `///` comment line, one per line."""
    return "\n".join(m.group(1) for m in re.finditer(r"^\s*/// ?(.*)$", source, re.M))


# ---------------------------------------------------------------- a model of a library


@dataclass
class Param:
    name: str
    named: bool
    required: bool  # `required` named, or positional without a default
    this_field: bool  # `this.name`
    has_default: bool
    type_text: str = ""  # the declared type, without spaces ("" for `this.x` and untyped ones)


@dataclass
class Constructor:
    name: str  # "" for the unnamed constructor
    const: bool
    factory: bool
    params: list[Param]


@dataclass
class FieldDecl:
    name: str
    final: bool
    static: bool
    const: bool
    type_text: str
    initializer: tree_sitter.Node | None


@dataclass
class Member:
    name: str
    static: bool
    abstract: bool  # a declaration without a body
    kind: str  # method | getter | operator
    body: tree_sitter.Node | None


@dataclass
class ClassDecl:
    name: str
    kind: str  # class | enum
    modifiers: set[str]
    implements: list[str]
    annotations: list[str]
    fields: dict[str, FieldDecl] = field(default_factory=dict)
    constructors: list[Constructor] = field(default_factory=list)
    members: dict[str, Member] = field(default_factory=dict)
    enum_constants: list[tree_sitter.Node] = field(default_factory=list)
    node: tree_sitter.Node | None = None
    superclasses: list[str] = field(default_factory=list)  # `extends`

    def constructor(self, name: str = "") -> Constructor | None:
        return next((c for c in self.constructors if c.name == name), None)

    def has(self, name: str) -> bool:
        return name in self.members or name in self.fields or any(c.name == name for c in self.constructors)


@dataclass
class Import:
    uri: str
    show: list[str] | None
    prefix: str | None
    export: bool
    hide: list[str] = field(default_factory=list)


@dataclass
class Function:
    name: str
    params: list[Param]
    type_parameters: list[str]


@dataclass
class Library:
    path: Path
    source: str
    tree: tree_sitter.Tree
    imports: list[Import] = field(default_factory=list)
    classes: dict[str, ClassDecl] = field(default_factory=dict)
    typedefs: set[str] = field(default_factory=set)
    functions: dict[str, Function] = field(default_factory=dict)
    variables: set[str] = field(default_factory=set)

    @property
    def declared(self) -> set[str]:
        return set(self.classes) | self.typedefs | set(self.functions) | self.variables


def _params(plist: tree_sitter.Node) -> list[Param]:
    out: list[Param] = []

    def visit(node: tree_sitter.Node, named: bool, optional: bool) -> None:
        pending_required = False
        children = node.children
        for i, c in enumerate(children):
            if c.type == "optional_formal_parameters":
                is_named = any(t.type == "{" for t in c.children)
                visit(c, is_named, True)
            elif c.type == "required":
                pending_required = True
            elif c.type == "formal_parameter":
                this_param = next((x for x in c.children if x.type == "constructor_param"), None)
                if this_param is not None:
                    name = text(this_param.children[-1])
                else:
                    name_node = c.child_by_field_name("name")
                    if name_node is None:
                        ids = [x for x in c.children if x.type == "identifier"]
                        name_node = ids[-1] if ids else c
                    name = text(name_node)
                has_default = i + 1 < len(children) and children[i + 1].type == "="
                type_nodes = [
                    x
                    for x in c.children
                    if x.type in ("type_identifier", "type_arguments", "nullable_type", "function_type")
                ]
                out.append(
                    Param(
                        name=name,
                        named=named,
                        required=pending_required if named else not optional,
                        this_field=this_param is not None,
                        has_default=has_default,
                        type_text="".join(text(x) for x in type_nodes).replace(" ", ""),
                    )
                )
                pending_required = False

    visit(plist, named=False, optional=False)
    return out


def _type_parameters(node: tree_sitter.Node) -> list[str]:
    out = []
    for tp in node.children:
        if tp.type == "type_parameters":
            for p in tp.children:
                if p.type == "type_parameter":
                    out.append(text(next(x for x in p.children if x.type == "type_identifier")))
    return out


def _class_body(decl: ClassDecl, body: tree_sitter.Node) -> None:
    children = [c for c in body.children if c.type not in ("{", "}", ";", ",", "comment", "documentation_comment")]
    i = 0
    while i < len(children):
        c = children[i]
        nxt = children[i + 1] if i + 1 < len(children) else None
        has_body = nxt is not None and nxt.type == "function_body"
        if c.type == "enum_constant":
            decl.enum_constants.append(c)
        elif c.type in ("declaration", "method_signature"):
            _member(decl, c, nxt if has_body else None)
            if has_body:
                i += 1
        i += 1


def _member(decl: ClassDecl, node: tree_sitter.Node, body: tree_sitter.Node | None) -> None:
    static = any(x.type == "static" for x in node.children)
    for sig in node.children:
        if sig.type in ("constant_constructor_signature", "constructor_signature", "factory_constructor_signature"):
            ids = [text(x) for x in sig.children if x.type == "identifier"]
            plist = next(x for x in sig.children if x.type == "formal_parameter_list")
            decl.constructors.append(
                Constructor(
                    name=ids[1] if len(ids) > 1 else "",
                    const=sig.type == "constant_constructor_signature"
                    or any(x.type == "const_builtin" for x in sig.children),
                    factory=sig.type == "factory_constructor_signature",
                    params=_params(plist),
                )
            )
            return
        if sig.type in ("function_signature", "getter_signature", "setter_signature", "operator_signature"):
            if sig.type == "operator_signature":
                kids = sig.children
                at = next(i for i, x in enumerate(kids) if x.type == "operator")
                name = "operator" + text(kids[at + 1])
            else:
                name = text(sig.child_by_field_name("name"))
            kind = {"getter_signature": "getter", "operator_signature": "operator"}.get(sig.type, "method")
            decl.members[name] = Member(name=name, static=static, abstract=body is None, kind=kind, body=body)
            return
    final = any(x.type == "final_builtin" for x in node.children)
    const = any(x.type == "const_builtin" for x in node.children)
    type_nodes = [
        x for x in node.children if x.type in ("type_identifier", "function_type", "type_arguments", "nullable_type")
    ]
    type_text = " ".join(text(x) for x in type_nodes)
    for lst in node.children:
        if lst.type in ("initialized_identifier_list", "static_final_declaration_list"):
            for item in lst.children:
                if item.type in ("initialized_identifier", "static_final_declaration"):
                    name = text(item.children[0])
                    init = item.children[2] if len(item.children) > 2 else None
                    decl.fields[name] = FieldDecl(name, final or const, static, const, type_text, init)


def load(path: Path) -> Library:
    source = path.read_text(encoding="utf-8")
    tree = parser().parse(source.encode("utf-8"))
    lib = Library(path=path, source=source, tree=tree)
    root = tree.root_node
    for node in root.children:
        if node.type == "import_or_export":
            spec = next(walk(node), None)
            for s in walk(node):
                if s.type in ("import_specification", "library_export"):
                    spec = s
                    break
            assert spec is not None
            uri = decode_string_literal(text(next(x for x in walk(spec) if x.type == "string_literal")))
            show = None
            hide: list[str] = []
            for comb in spec.children:
                if comb.type == "combinator" and text(comb.children[0]) == "show":
                    show = [text(x) for x in comb.children if x.type == "identifier"]
                if comb.type == "combinator" and text(comb.children[0]) == "hide":
                    hide += [text(x) for x in comb.children if x.type == "identifier"]
            prefix = None
            kids = spec.children
            for i, k in enumerate(kids):
                if k.type == "as":
                    prefix = text(kids[i + 1])
            lib.imports.append(Import(uri, show, prefix, export=text(node).startswith("export"), hide=hide))
        elif node.type in ("class_definition", "enum_declaration"):
            kind = "enum" if node.type == "enum_declaration" else "class"
            name = text(node.child_by_field_name("name"))
            modifiers = {
                x.type for x in node.children if x.type in ("sealed", "final", "abstract", "interface", "base", "mixin")
            }
            interfaces = next((x for x in node.children if x.type == "interfaces"), None)
            implements = [text(x) for x in interfaces.children if x.type == "type_identifier"] if interfaces else []
            annotations = [text(x.child_by_field_name("name")) for x in node.children if x.type == "annotation"]
            superclass = next((x for x in node.children if x.type == "superclass"), None)
            extends = [text(x) for x in superclass.children if x.type == "type_identifier"] if superclass else []
            decl = ClassDecl(name, kind, modifiers, implements, annotations, node=node, superclasses=extends)
            body = node.child_by_field_name("body")
            if body is not None:
                _class_body(decl, body)
            lib.classes[name] = decl
        elif node.type == "type_alias":
            lib.typedefs.add(text(next(x for x in node.children if x.type == "type_identifier")))
        elif node.type == "function_signature":
            plist = next(x for x in node.children if x.type == "formal_parameter_list")
            name = text(node.child_by_field_name("name"))
            lib.functions[name] = Function(name, _params(plist), _type_parameters(node))
        elif node.type in (
            "top_level_variable_declaration",
            "static_final_declaration_list",
            "initialized_identifier_list",
        ):
            for item in walk(node):
                if item.type in ("static_final_declaration", "initialized_identifier"):
                    lib.variables.add(text(item.children[0]))
    # top-level `final x = ...;` / `const x = ...;` appear as bare declarations in this grammar
    for node in root.children:
        for item in node.children if node.type not in ("class_definition", "enum_declaration") else ():
            if item.type in ("static_final_declaration_list", "initialized_identifier_list"):
                for d in item.children:
                    if d.type in ("static_final_declaration", "initialized_identifier"):
                        lib.variables.add(text(d.children[0]))
    return lib


# ---------------------------------------------------------------- references


def type_names(lib: Library) -> set[str]:
    """Every type name the file writes (annotations, type arguments, `is` tests, patterns,
    `implements` clauses), and every capitalised identifier it calls or reads a member of
    (constructor calls, static members)."""
    names = {text(n) for n in walk(lib.tree.root_node) if n.type == "type_identifier"}
    for n in walk(lib.tree.root_node):
        if n.type == "identifier" and text(n)[:1].isupper():
            parent = n.parent
            if parent is None:
                continue
            # a declaration's own name, a named argument's label, a member after a dot: not a use
            if parent.type in ("label", "unconditional_assignable_selector", "combinator", "enum_constant"):
                continue
            if parent.type in ("class_definition", "enum_declaration") and n == parent.child_by_field_name("name"):
                continue
            if parent.type in (
                "constant_constructor_signature",
                "constructor_signature",
                "factory_constructor_signature",
            ):
                continue
            names.add(text(n))
    return names


def calls(node: tree_sitter.Node) -> Iterator[tuple[list[str], tree_sitter.Node]]:
    """Every call `a.b.c(args)` as (["a", "b", "c"], the arguments node): an identifier followed
    by member selectors and then an argument selector, among one node's children."""
    for n in walk(node):
        kids = n.children
        for i, k in enumerate(kids):
            if k.type != "identifier":
                continue
            path = [text(k)]
            j = i + 1
            while j < len(kids) and kids[j].type == "selector":
                sel = kids[j]
                member = next((x for x in sel.children if x.type == "unconditional_assignable_selector"), None)
                args = next((x for x in sel.children if x.type == "argument_part"), None)
                if member is not None:
                    ident = next((x for x in member.children if x.type == "identifier"), None)
                    if ident is None:
                        break
                    path.append(text(ident))
                elif args is not None:
                    arguments = next((x for x in args.children if x.type == "arguments"), None)
                    if arguments is not None:
                        yield list(path), arguments
                    break
                else:
                    break
                j += 1
        if n.type in ("const_object_expression", "new_expression"):
            t = next((x for x in n.children if x.type == "type_identifier"), None)
            ctor = [text(x) for x in n.children if x.type == "identifier"]
            arguments = next((x for x in n.children if x.type == "arguments"), None)
            if t is not None and arguments is not None:
                yield [text(t), *ctor], arguments


def arguments(args: tree_sitter.Node) -> tuple[int, list[str]]:
    """(number of positional arguments, names of named arguments)."""
    positional = 0
    named = []
    for a in args.children:
        if a.type == "named_argument":
            named.append(text(next(x for x in a.children if x.type == "label").children[0]))
        elif a.type == "argument":
            positional += 1
    return positional, named


# ---------------------------------------------------------------- identifiers and what they name

# an identifier under these nodes declares or labels something, or is a member after a dot
_NOT_A_USE = {
    "label",
    "unconditional_assignable_selector",
    "conditional_assignable_selector",
    "constructor_param",
    "class_definition",
    "enum_declaration",
    "enum_constant",
    "function_signature",
    "getter_signature",
    "setter_signature",
    "import_specification",
    "library_export",
    "combinator",
    "object_pattern",
    "catch_parameters",
    "variable_pattern",
    "factory_constructor_signature",
    "constant_constructor_signature",
    "constructor_signature",
    "operator_signature",
    "redirecting_factory_constructor_signature",
    "constructor_invocation",  # `List<T>.unmodifiable(...)`: the named constructor after the type
    "typed_identifier",  # a parameter's name inside a function type
}
_DECLARING = {
    "initialized_variable_definition",
    "static_final_declaration",
    "initialized_identifier",
    "formal_parameter",
}


def _locals(nodes: list[tree_sitter.Node]) -> set[str]:
    out = set()
    for root in nodes:
        for n in walk(root):
            if n.type == "formal_parameter":
                this_param = next((x for x in n.children if x.type == "constructor_param"), None)
                ids = [x for x in n.children if x.type == "identifier"]
                if this_param is None and ids:
                    out.add(text(ids[-1]))
            elif n.type in ("initialized_variable_definition", "static_final_declaration", "initialized_identifier"):
                ids = [x for x in n.children if x.type == "identifier"]
                if ids:
                    out.add(text(ids[0]))
            elif n.type in ("variable_pattern", "catch_parameters"):
                out |= {text(x) for x in n.children if x.type == "identifier"}
            elif n.type == "for_loop_parts" and any(x.type == "in" for x in n.children):
                ids = [x for x in n.children if x.type == "identifier"]
                if ids:
                    out.add(text(ids[0]))
    return out


def _uses(nodes: list[tree_sitter.Node]) -> Iterator[tree_sitter.Node]:
    for root in nodes:
        for n in walk(root):
            if n.type not in ("identifier", "identifier_dollar_escaped"):
                continue
            parent = n.parent
            if parent is None or parent.type in _NOT_A_USE:
                continue
            if parent.type in _DECLARING and n == next((x for x in parent.children if x.type == "identifier"), None):
                if parent.type != "formal_parameter" or n == [x for x in parent.children if x.type == "identifier"][-1]:
                    continue
            if parent.type == "for_loop_parts" and any(x.type == "in" for x in parent.children):
                if n == next(x for x in parent.children if x.type == "identifier"):
                    continue
            yield n


def units(lib: Library) -> Iterator[tuple[ClassDecl | None, list[tree_sitter.Node]]]:
    """Each declaration with its body: top-level functions and variables, and each member of each
    class (a signature or field declaration with the body that follows it)."""
    root = lib.tree.root_node.children
    i = 0
    while i < len(root):
        n = root[i]
        if n.type == "function_signature" and i + 1 < len(root) and root[i + 1].type == "function_body":
            yield None, [n, root[i + 1]]
            i += 2
            continue
        if n.type in ("class_definition", "enum_declaration"):
            cls = lib.classes[text(n.child_by_field_name("name"))]
            body = n.child_by_field_name("body")
            kids = (
                [c for c in body.children if c.is_named and c.type not in ("comment", "documentation_comment")]
                if body
                else []
            )
            j = 0
            while j < len(kids):
                k = kids[j]
                if (
                    j + 1 < len(kids)
                    and kids[j + 1].type == "function_body"
                    and k.type in ("declaration", "method_signature")
                ):
                    yield cls, [k, kids[j + 1]]
                    j += 2
                    continue
                if k.type != "annotation":
                    yield cls, [k]
                j += 1
        elif n.type in ("static_final_declaration_list", "initialized_identifier_list"):
            yield None, [n]
        i += 1


def unresolved(lib: Library, scope: set[str], prefixes: set[str], inherited: dict[str, set[str]]) -> list[str]:
    """Identifiers used in expressions that name no local, parameter, member of the enclosing
    class (or of what it extends in dart:core, `inherited`), library-level name or import prefix."""
    problems = []
    for cls, nodes in units(lib):
        members: set[str] = set()
        if cls is not None:
            members = set(cls.fields) | set(cls.members) | {c.name for c in cls.constructors if c.name}
            members |= {text(c.child_by_field_name("name")) for c in cls.enum_constants}
            members |= {"values", "index", "name"} if cls.kind == "enum" else set()
            for parent in cls.superclasses:
                members |= inherited.get(parent, set())
        known = _locals(nodes) | members | scope | prefixes | {"_"}
        for n in _uses(nodes):
            if text(n) not in known:
                where = f"{cls.name}: " if cls else ""
                problems.append(f"{n.start_point[0] + 1}: {where}{text(n)!r} names nothing in scope")
    return problems


# ---------------------------------------------------------------- the types of readers


_RUNTIME_READERS = {
    "readString": "String",
    "readInt": "int",
    "readDouble": "double",
    "readBool": "bool",
    "readAny": "Object?",
}


def _nullable(t: str) -> str:
    return t if t.endswith("?") else t + "?"


def _literal_type(node: tree_sitter.Node) -> str | None:
    return {
        "string_literal": "String",
        "decimal_integer_literal": "int",
        "decimal_floating_point_literal": "double",
        "true": "bool",
        "false": "bool",
    }.get(node.type)


class ReaderTypes:
    """The Dart type of the reading expressions the generated readers use (`$rt.readField(...,
    $rt.readString)` is `String`, `_readX` is what `_readX` returns), from the runtime's and the
    library's declarations: enough to compare what a reader gives with the field it fills."""

    def __init__(self, lib: Library, prefix: str = "$rt"):
        self.prefix = prefix
        self.returns: dict[str, str] = {}
        for node in lib.tree.root_node.children:
            if node.type == "function_signature":
                kids = node.children
                name = text(node.child_by_field_name("name"))
                at = kids.index(node.child_by_field_name("name"))
                self.returns[name] = "".join(text(k) for k in kids[:at])

    def expression(self, nodes: list[tree_sitter.Node]) -> str | None:
        """The type of an expression written as a primary followed by selectors."""
        nodes = [n for n in nodes if n.is_named]
        if not nodes:
            return None
        head = nodes[0]
        if len(nodes) == 1:
            if head.type == "function_expression":
                body = next(x for x in head.children if x.type == "function_expression_body")
                return self.expression([x for x in body.children if x.is_named])
            if head.type == "identifier" and text(head) in self.returns:
                return f"Reader<{self.returns[text(head)]}>"
            return _literal_type(head)
        if head.type == "identifier" and text(head) == self.prefix:
            member = text(nodes[1].children[0].children[-1]) if nodes[1].children else ""
            args = self._args(nodes[2]) if len(nodes) > 2 else None
            if args is None:
                return f"Reader<{_RUNTIME_READERS[member]}>" if member in _RUNTIME_READERS else None
            return self._runtime_call(member, args, nodes[3:])
        if head.type == "identifier" and text(head) in self.returns and len(nodes) == 2:
            return self.returns[text(head)]
        return None

    def _args(self, selector: tree_sitter.Node) -> list[list[tree_sitter.Node]] | None:
        part = next((x for x in selector.children if x.type == "argument_part"), None)
        if part is None:
            return None
        arguments = next(x for x in part.children if x.type == "arguments")
        return [[c for c in a.children if c.is_named] for a in arguments.children if a.type == "argument"]

    def _reader(self, nodes: list[tree_sitter.Node]) -> str | None:
        t = self.expression(nodes)
        if t is None:
            return None
        if t.startswith("Reader<") and t.endswith(">"):
            return t[len("Reader<") : -1]
        return t  # a closure's body: the type it reads

    def _runtime_call(
        self, member: str, args: list[list[tree_sitter.Node]], rest: list[tree_sitter.Node]
    ) -> str | None:
        if member in _RUNTIME_READERS:
            return _RUNTIME_READERS[member]
        if member == "nullable":
            inner = self._reader(args[0])
            if inner is None:
                return None
            return _nullable(inner) if rest else f"Reader<{_nullable(inner)}>"
        if member in ("readList", "readMap"):
            item = self._reader(args[2])
            return None if item is None else (f"List<{item}>" if member == "readList" else f"Map<String,{item}>")
        if member == "readConst":
            return _literal_type(args[2][0]) if args[2] else None
        if member in ("readField", "readOptionalField", "readPresentField"):
            value = self._reader(args[3])
            if value is None:
                return None
            return {
                "readField": value,
                "readOptionalField": _nullable(value),
                "readPresentField": f"Present<{value}>?",
            }[member]
        if member == "unknownOf":
            return "Map<String,Object?>"
        return None
