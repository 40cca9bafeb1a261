"""Checks over the parse trees of every generated Dart file (generated/dart, every golden case's
expected/dart, and the example program that uses the package), standing in for the parts of a
Dart compiler that catch the mistakes a generator makes.

What they prove: the files are syntactically Dart 3 (tree-sitter-dart); every type name is
declared in the package or comes from dart:core, package:meta or package:collection, and every
imported name exists; every `$rt.` member exists in the runtime; every call of a generated
constructor or a runtime function passes parameters that exist, all required ones, and the right
number of positional ones; `this.x` parameters name fields, and const constructors have only
final fields with constant initialisers; every class and enum has `fromJson` and `toJson`; the
variants of a sealed union are final, in its library, and implement its members; every private
name used is declared; switches over sealed types name every subclass; each tagged union's reader
dispatches to every variant; every identifier in an expression names a local, a parameter, a
member of its class or something in scope; every field is read with a reader of its declared
type, and takes part in `==`, `copyWith` and `toJson`. What they do not prove: static types of expressions
(inference, assignability, null safety), which only the Dart analyzer checks, and run-time
behaviour.
"""

from __future__ import annotations

import pytest

from tests.dart import dart_tree as dt
from tests.dart.conftest import Package, scope


def _report(problems: list[str]) -> None:
    if problems:
        pytest.fail(f"{len(problems)} problem(s):\n" + "\n".join(problems[:60]), pytrace=False)


def _libraries(pkgs: tuple[Package, ...]):
    for pkg in pkgs:
        for rel, lib in pkg.all().items():
            yield pkg, f"{pkg.label}/{rel}", lib


def _namespace_libraries(pkgs: tuple[Package, ...]):
    for pkg in pkgs:
        for rel, lib in pkg.libraries.items():
            if rel.startswith("lib/src/") and rel != "lib/src/runtime.dart":
                yield pkg, f"{pkg.label}/{rel}", lib


def _runtime(pkg: Package) -> dt.Library:
    return pkg.libraries["lib/src/runtime.dart"]


def every_file_parses_as_dart_without_errors(dart_packages) -> list[str]:
    problems = []
    count = 0
    for _, where, lib in _libraries(dart_packages):
        count += 1
        problems += [f"{where}:{e}" for e in dt.syntax_errors(lib.tree)]
    return problems


def every_type_name_is_declared_in_the_package_or_imported_from_core_meta_or_collection(dart_packages) -> list[str]:
    problems = []
    for pkg, where, lib in _libraries(dart_packages):
        s = scope(pkg, lib)
        problems += [f"{where}: {p}" for p in s.problems]
        for name in sorted(dt.type_names(lib) - s.names):
            problems.append(f"{where}: {name!r} is not declared or imported")
    return problems


def every_prefixed_name_exists_in_the_library_imported_with_that_prefix(dart_packages) -> list[str]:
    problems = []
    for pkg, where, lib in _libraries(dart_packages):
        s = scope(pkg, lib)
        for n in dt.walk(lib.tree.root_node):
            if n.type != "identifier" or dt.text(n) not in s.prefixes or n.parent.type == "import_specification":
                continue
            sel = n.next_sibling
            member = sel.children[0] if sel is not None and sel.type == "selector" and sel.children else None
            ident = (
                member.children[-1]
                if member is not None and member.type == "unconditional_assignable_selector"
                else None
            )
            if ident is None or dt.text(ident) not in s.prefixes[dt.text(n)]:
                problems.append(
                    f"{where}:{n.start_point[0] + 1}: {dt.text(n.parent)[:60]!r} names nothing in {dt.text(n)}"
                )
    return problems


def _check_call(where: str, line: int, what: str, params: list[dt.Param], args: dt.tree_sitter.Node) -> list[str]:
    positional, named = dt.arguments(args)
    pos_params = [p for p in params if not p.named]
    named_params = {p.name: p for p in params if p.named}
    problems = []
    required_pos = [p for p in pos_params if p.required]
    if not len(required_pos) <= positional <= len(pos_params):
        problems.append(
            f"{where}:{line}: {what} takes {len(required_pos)}..{len(pos_params)} positional arguments, got {positional}"
        )
    for name in named:
        if name not in named_params:
            problems.append(f"{where}:{line}: {what} has no parameter {name!r}")
    for name, p in named_params.items():
        if p.required and name not in named:
            problems.append(f"{where}:{line}: {what} needs the required argument {name!r}")
    return problems


def every_call_of_a_generated_constructor_or_function_passes_its_parameters(dart_packages) -> list[str]:
    problems = []
    checked = 0
    for pkg, where, lib in _libraries(dart_packages):
        s = scope(pkg, lib)
        runtime = _runtime(pkg)
        classes = {name: c for lib2 in pkg.libraries.values() for name, c in lib2.classes.items() if name in s.names}
        functions = dict(lib.functions)
        for path, args in dt.calls(lib.tree.root_node):
            line = args.start_point[0] + 1
            if len(path) == 2 and path[0] in s.prefixes and path[1] in runtime.functions:
                fn = runtime.functions[path[1]]
                problems += _check_call(where, line, f"$rt.{fn.name}", fn.params, args)
            elif len(path) == 1 and path[0] in functions:
                problems += _check_call(where, line, path[0], functions[path[0]].params, args)
            elif len(path) in (1, 2) and path[0] in classes:
                cls = classes[path[0]]
                ctor = cls.constructor(path[1] if len(path) == 2 else "")
                if ctor is None:
                    if len(path) == 2 and path[1] in cls.members and cls.members[path[1]].static:
                        continue
                    problems.append(f"{where}:{line}: {'.'.join(path)} is not a constructor of {cls.name}")
                    continue
                problems += _check_call(where, line, ".".join(path), ctor.params, args)
            else:
                continue
            checked += 1
    return problems


def enum_constants_pass_what_the_enum_constructor_takes(dart_packages) -> list[str]:
    problems = []
    for _, where, lib in _libraries(dart_packages):
        for cls in lib.classes.values():
            if cls.kind != "enum":
                continue
            ctor = cls.constructor("")
            assert ctor is not None and ctor.const, f"{where}: enum {cls.name} needs a const constructor"
            for const in cls.enum_constants:
                part = next(x for x in const.children if x.type == "argument_part")
                args = next(x for x in part.children if x.type == "arguments")
                problems += _check_call(where, const.start_point[0] + 1, cls.name, ctor.params, args)
    return problems


def constructor_field_parameters_name_final_fields_and_const_classes_hold_only_constants(dart_packages) -> list[str]:
    constant_nodes = {
        "string_literal",
        "decimal_integer_literal",
        "decimal_floating_point_literal",
        "true",
        "false",
        "null_literal",
    }
    problems = []
    for _, where, lib in _libraries(dart_packages):
        for cls in lib.classes.values():
            instance_fields = {n: f for n, f in cls.fields.items() if not f.static}
            for ctor in cls.constructors:
                for p in ctor.params:
                    if p.this_field and (p.name not in instance_fields or not instance_fields[p.name].final):
                        problems.append(f"{where}: {cls.name}({p.name}) initialises no final field {p.name!r}")
                if ctor.const:
                    for f in instance_fields.values():
                        if not f.final:
                            problems.append(
                                f"{where}: {cls.name} has a const constructor and the non-final field {f.name}"
                            )
                        if f.initializer is not None and f.initializer.type not in constant_nodes:
                            problems.append(f"{where}: {cls.name}.{f.name} is initialised with a non-constant")
            if "immutable" in cls.annotations:
                problems += [
                    f"{where}: @immutable {cls.name}.{f.name} is not final"
                    for f in instance_fields.values()
                    if not f.final
                ]
            required = [p for c in cls.constructors if not c.factory for p in c.params if p.required and p.named]
            problems += [
                f"{where}: required parameter {cls.name}.{p.name} is not a field" for p in required if not p.this_field
            ]
    return problems


def every_generated_class_and_enum_has_from_json_and_to_json(dart_packages) -> list[str]:
    problems = []
    count = 0
    for _, where, lib in _namespace_libraries(dart_packages):
        for cls in lib.classes.values():
            count += 1
            if not (cls.constructor("fromJson") or ("fromJson" in cls.members and cls.members["fromJson"].static)):
                problems.append(f"{where}: {cls.name} has no fromJson")
            if "toJson" not in cls.members:
                problems.append(f"{where}: {cls.name} has no toJson")
    return problems


def the_variants_of_a_sealed_union_are_final_in_its_library_and_implement_its_members(dart_packages) -> list[str]:
    problems = []
    for pkg, where, lib in _libraries(dart_packages):
        for cls in lib.classes.values():
            for parent_name in cls.implements:
                parent = next(
                    (l.classes[parent_name] for l in pkg.libraries.values() if parent_name in l.classes), None
                )
                if parent is None or "sealed" not in parent.modifiers:
                    continue
                if parent_name not in lib.classes:
                    problems.append(f"{where}: {cls.name} implements the sealed {parent_name} of another library")
                if not cls.modifiers & {"final", "sealed"}:
                    problems.append(f"{where}: {cls.name} implements the sealed {parent_name} but is not final")
                for member in parent.members.values():
                    if member.abstract and not (member.name in cls.members and not cls.members[member.name].abstract):
                        problems.append(f"{where}: {cls.name} does not implement {parent_name}.{member.name}")
    return problems


def every_private_name_used_is_declared_in_its_library(dart_packages) -> list[str]:
    problems = []
    for _, where, lib in _libraries(dart_packages):
        declared = {n for n in lib.declared if n.startswith("_")}
        for cls in lib.classes.values():
            declared |= {n for n in list(cls.members) + list(cls.fields) if n.startswith("_")}
        for n in dt.walk(lib.tree.root_node):
            name = dt.text(n)
            if n.type == "identifier" and name.startswith("_") and name != "_" and name not in declared:
                problems.append(f"{where}:{n.start_point[0] + 1}: {name} is not declared")
    return problems


# members a generated class inherits from dart:core classes it extends
INHERITED = {"FormatException": {"message", "source", "offset"}}


def every_identifier_names_a_local_a_member_or_something_in_scope(dart_packages) -> list[str]:
    problems = []
    for pkg, where, lib in _libraries(dart_packages):
        s = scope(pkg, lib)
        problems += [f"{where}:{p}" for p in dt.unresolved(lib, s.names, set(s.prefixes), INHERITED)]
    return problems


def _identifiers(node) -> set[str]:
    return {dt.text(n) for n in dt.walk(node) if n.type == "identifier"}


def every_field_takes_part_in_equality_copy_and_json(dart_packages) -> list[str]:
    """Not a compiler's check, a generator's: a field left out of `_fields` would be ignored by
    `==`, one left out of `copyWith` could not be replaced, one left out of `toJson` or the reader
    would not cross the wire."""
    problems = []
    for _, where, lib in _namespace_libraries(dart_packages):
        for cls in lib.classes.values():
            if "_fields" not in cls.members:
                continue
            instance = {n for n, f in cls.fields.items() if not f.static}
            settable = {n for n in instance if cls.fields[n].initializer is None}
            compared = _identifiers(cls.members["_fields"].body)
            if compared != settable:
                problems.append(
                    f"{where}: {cls.name}._fields has {sorted(compared)}, the fields are {sorted(settable)}"
                )
            ctor = {p.name for p in cls.constructor("").params}
            copy = {p.name: p for p in _params_of(cls, "copyWith")}
            if not (ctor == set(copy) == settable):
                problems.append(f"{where}: {cls.name}: constructor {sorted(ctor)}, copyWith {sorted(copy)}")
            for name, p in copy.items():
                field = cls.fields[name].type_text.replace(" ", "") if name in cls.fields else "?"
                # a plain value, `T?` (null keeps the field; copyWithout clears one that can be null)
                want = field if field.endswith("?") else field + "?"
                if p.type_text != want:
                    problems.append(f"{where}: {cls.name}.copyWith({name}) takes {p.type_text}, not {want}")
            written = _identifiers(cls.members["toJson"].body) & instance
            if written != instance:
                problems.append(f"{where}: {cls.name}.toJson leaves out {sorted(instance - written)}")
    return problems


def _params_of(cls: dt.ClassDecl, method: str) -> list[dt.Param]:
    member = cls.members[method]
    node = member.body.prev_sibling if member.body is not None else None
    plist = next((n for n in dt.walk(node) if n.type == "formal_parameter_list"), None) if node is not None else None
    return dt._params(plist) if plist is not None else []


def every_field_is_read_with_a_reader_of_its_type(dart_packages) -> list[str]:
    """What the analyzer's "argument type" error would catch in a reader: each named argument of
    the constructor call in `_read<Class>` reads exactly the type the field declares."""
    problems = []
    compared = 0
    for _, where, lib in _namespace_libraries(dart_packages):
        types = dt.ReaderTypes(lib)
        roots = lib.tree.root_node.children
        for i, node in enumerate(roots):
            if node.type != "function_signature":
                continue
            cls = lib.classes.get(dt.text(node.child_by_field_name("name")).removeprefix("_read"))
            if cls is None or cls.constructor("") is None or i + 1 >= len(roots):
                continue
            for path, args in dt.calls(roots[i + 1]):
                if path != [cls.name]:
                    continue
                for a in args.children:
                    if a.type != "named_argument":
                        continue
                    name = dt.text(next(x for x in a.children if x.type == "label").children[0])
                    expr = [x for x in a.children if x.is_named and x.type != "label"]
                    got = types.expression(expr)
                    want = cls.fields[name].type_text.replace(" ", "") if name in cls.fields else None
                    compared += 1
                    if got is None or got != want:
                        problems.append(f"{where}: {cls.name}.{name} is {want}, read as {got}")
    if compared == 0:
        problems.append("no reader was compared")
    return problems


def _sealed_subclasses(pkg: Package) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for lib in pkg.libraries.values():
        for cls in lib.classes.values():
            for parent in cls.implements:
                if parent in lib.classes and "sealed" in lib.classes[parent].modifiers:
                    out.setdefault(parent, set()).add(cls.name)
    return out


def every_switch_over_a_sealed_union_names_each_of_its_variants(dart_packages) -> list[str]:
    problems = []
    switches = 0
    for pkg in dart_packages:
        subclasses = _sealed_subclasses(pkg)
        for rel, lib in pkg.all().items():
            for n in dt.walk(lib.tree.root_node):
                if n.type not in ("switch_expression", "switch_statement"):
                    continue
                cases = [c for c in dt.walk(n) if c.type in ("switch_expression_case", "switch_statement_case")]
                types = {
                    dt.text(t)
                    for c in cases
                    for p in c.children
                    if p.type == "object_pattern"
                    for t in p.children
                    if t.type == "type_identifier"
                }
                if not types:
                    continue
                unions = [u for u, subs in subclasses.items() if types <= subs | {u}]
                if not unions:
                    problems.append(
                        f"{pkg.label}/{rel}:{n.start_point[0] + 1}: a switch over {sorted(types)}, not one sealed union"
                    )
                    continue
                switches += 1
                missing = subclasses[unions[0]] - types
                if missing:
                    problems.append(
                        f"{pkg.label}/{rel}:{n.start_point[0] + 1}: switch over {unions[0]} misses {sorted(missing)}"
                    )
    return problems


def each_tagged_union_reader_dispatches_to_every_variant(dart_packages) -> list[str]:
    problems = []
    readers = 0
    for pkg, where, lib in _namespace_libraries(dart_packages):
        subclasses = _sealed_subclasses(pkg)
        roots = lib.tree.root_node.children
        for i, node in enumerate(roots):
            if node.type != "function_signature" or i + 1 >= len(roots):
                continue
            name = dt.text(node.child_by_field_name("name"))
            union = name.removeprefix("_read")
            body = roots[i + 1]
            switch = next((n for n in dt.walk(body) if n.type in ("switch_expression", "switch_statement")), None)
            if not name.startswith("_read") or union not in subclasses or switch is None:
                continue
            readers += 1
            called = {path[0].removeprefix("_read") for path, _ in dt.calls(body) if path[0].startswith("_read")}
            constructed = {path[0] for path, _ in dt.calls(body)}
            missing = subclasses[union] - called - constructed
            if missing:
                problems.append(f"{where}: {name} never reads {sorted(missing)}")
    return problems


# ---------------------------------------------------------------- the tests

CHECKS = {
    "every_field_is_read_with_a_reader_of_its_type": every_field_is_read_with_a_reader_of_its_type,
    "every_field_takes_part_in_equality_copy_and_json": every_field_takes_part_in_equality_copy_and_json,
    "every_identifier_names_a_local_a_member_or_something_in_scope": every_identifier_names_a_local_a_member_or_something_in_scope,
    "every_file_parses_as_dart_without_errors": every_file_parses_as_dart_without_errors,
    "every_type_name_is_declared_in_the_package_or_imported_from_core_meta_or_collection": every_type_name_is_declared_in_the_package_or_imported_from_core_meta_or_collection,
    "every_prefixed_name_exists_in_the_library_imported_with_that_prefix": every_prefixed_name_exists_in_the_library_imported_with_that_prefix,
    "every_call_of_a_generated_constructor_or_function_passes_its_parameters": every_call_of_a_generated_constructor_or_function_passes_its_parameters,
    "enum_constants_pass_what_the_enum_constructor_takes": enum_constants_pass_what_the_enum_constructor_takes,
    "constructor_field_parameters_name_final_fields_and_const_classes_hold_only_constants": constructor_field_parameters_name_final_fields_and_const_classes_hold_only_constants,
    "every_generated_class_and_enum_has_from_json_and_to_json": every_generated_class_and_enum_has_from_json_and_to_json,
    "the_variants_of_a_sealed_union_are_final_in_its_library_and_implement_its_members": the_variants_of_a_sealed_union_are_final_in_its_library_and_implement_its_members,
    "every_private_name_used_is_declared_in_its_library": every_private_name_used_is_declared_in_its_library,
    "every_switch_over_a_sealed_union_names_each_of_its_variants": every_switch_over_a_sealed_union_names_each_of_its_variants,
    "each_tagged_union_reader_dispatches_to_every_variant": each_tagged_union_reader_dispatches_to_every_variant,
}


@pytest.mark.parametrize("check", list(CHECKS), ids=list(CHECKS))
def test_generated_dart(check, dart_packages):
    _report(CHECKS[check](dart_packages))


def test_the_checks_have_something_to_check(generated_package):
    """The checks above pass vacuously on an empty tree: the generated package gives them plenty."""
    libs = generated_package.all()
    classes = [c for lib in libs.values() for c in lib.classes.values()]
    calls = [path for lib in libs.values() for path, _ in dt.calls(lib.tree.root_node)]
    switches = [
        n
        for lib in generated_package.extra.values()
        for n in dt.walk(lib.tree.root_node)
        if n.type == "switch_expression"
    ]
    sealed = [c for c in classes if "sealed" in c.modifiers]
    assert len(classes) > 100 and len(sealed) > 10
    assert sum(1 for path in calls if path[0].startswith("$rt")) > 500
    assert len(switches) >= 2
