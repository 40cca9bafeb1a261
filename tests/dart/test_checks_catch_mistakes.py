"""Each parse-tree check catches the mistake it stands for: a golden package with one mistake
put in fails exactly that check, and the package as generated passes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.dart import dart_tree as dt
from tests.dart import test_compiler_checks as checks
from tests.dart.conftest import REPO, Package
from tests.golden import golden

GOLDEN = golden.package(golden.HERE / "tagged_unions", "dart")
LIBRARY = "lib/src/tagged_unions.dart"

# check -> (text in the generated library, what a buggy generator might have printed instead)
MISTAKES = {
    "every_file_parses_as_dart_without_errors": ("  final double? side;", "  final double? side"),
    "every_type_name_is_declared_in_the_package_or_imported_from_core_meta_or_collection": (
        "  final double? side;",
        "  final Double? side;",
    ),
    "every_prefixed_name_exists_in_the_library_imported_with_that_prefix": (
        "$rt.readOptionalField($map, 'side'",
        "$rt.readOptional($map, 'side'",
    ),
    "every_call_of_a_generated_constructor_or_function_passes_its_parameters": (
        "    radius: $rt.readField(",
        "    radious: $rt.readField(",
    ),
    "constructor_field_parameters_name_final_fields_and_const_classes_hold_only_constants": (
        "  final double? side;",
        "  double? side;",
    ),
    "every_generated_class_and_enum_has_from_json_and_to_json": (
        "  factory Square.fromJson(Map<String, dynamic> json) => _readSquare(json, '');",
        "",
    ),
    "the_variants_of_a_sealed_union_are_final_in_its_library_and_implement_its_members": (
        "final class Circle implements Declared, Inferred {",
        "class Circle implements Declared, Inferred {",
    ),
    "every_identifier_names_a_local_a_member_or_something_in_scope": (
        "if (side != null) 'side': side,",
        "if (side != null) 'side': sides,",
    ),
    "every_field_takes_part_in_equality_copy_and_json": (
        "  List<Object?> get _fields => <Object?>[\n        side,\n      ];",
        "  List<Object?> get _fields => <Object?>[\n      ];",
    ),
    "every_field_is_read_with_a_reader_of_its_type": (
        "$rt.readOptionalField($map, 'side', $pointer, $rt.readDouble)",
        "$rt.readOptionalField($map, 'side', $pointer, $rt.readInt)",
    ),
    "every_private_name_used_is_declared_in_its_library": (
        "_readSquare($map, $pointer)",
        "_readSquares($map, $pointer)",
    ),
    "each_tagged_union_reader_dispatches_to_every_variant": (
        "    case 'square':\n      return _readSquare($map, $pointer);\n  }\n  throw $rt.unknownTag($pointer, 'shape', $tag, const <String>['circle', 'square']);\n}\n\nvoid _checkDeclared",
        "  }\n  throw $rt.unknownTag($pointer, 'shape', $tag, const <String>['circle', 'square']);\n}\n\nvoid _checkDeclared",
    ),
}


def _package(root: Path) -> Package:
    return Package(
        root, "realtime_shapes", {p.relative_to(root).as_posix(): dt.load(p) for p in sorted(root.rglob("*.dart"))}
    )


@pytest.fixture(scope="module")
def golden_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dart") / "dart"
    shutil.copytree(GOLDEN, root)
    return root


@pytest.mark.parametrize("check", list(MISTAKES), ids=list(MISTAKES))
def test_the_check_passes_the_package_as_generated_and_fails_it_with_the_mistake(check, golden_copy, tmp_path):
    run = checks.CHECKS[check]
    assert run((_package(golden_copy),)) == []
    before, after = MISTAKES[check]
    source = (golden_copy / LIBRARY).read_text(encoding="utf-8")
    assert source.count(before) >= 1, f"the golden output no longer contains {before!r}"
    broken = tmp_path / "dart"
    shutil.copytree(golden_copy, broken)
    (broken / LIBRARY).write_text(source.replace(before, after, 1), encoding="utf-8")
    assert run((_package(broken),)) != []


def test_a_switch_that_misses_a_variant_of_a_sealed_union_is_caught(golden_copy, tmp_path):
    program = tmp_path / "program.dart"
    good = "import 'package:realtime_shapes/realtime_shapes.dart';\nString f(Declared d) => switch (d) { Circle() => 'c', Square() => 's' };\n"
    bad = "import 'package:realtime_shapes/realtime_shapes.dart';\nString f(Declared d) => switch (d) { Circle() => 'c' };\n"
    check = checks.CHECKS["every_switch_over_a_sealed_union_names_each_of_its_variants"]
    for source, expect_problems in ((good, False), (bad, True)):
        program.write_text(source, encoding="utf-8")
        pkg = _package(golden_copy)
        pkg.extra = {"program.dart": dt.load(program)}
        assert bool(check((pkg,))) is expect_problems


def test_an_enum_constant_with_the_wrong_arguments_is_caught(tmp_path):
    root = tmp_path / "dart"
    shutil.copytree(golden.package(golden.HERE / "enums_open_closed_const", "dart"), root)
    lib = next(p for p in (root / "lib" / "src").glob("*.dart") if p.name != "runtime.dart")
    check = checks.CHECKS["enum_constants_pass_what_the_enum_constructor_takes"]
    assert check((_package(root),)) == []
    source = lib.read_text(encoding="utf-8")
    start = source.index("enum ")
    constant = source.index("('", start)
    lib.write_text(source[:constant] + "()" + source[source.index(")", constant) + 1 :], encoding="utf-8")
    assert check((_package(root),)) != []


def test_a_copy_with_parameter_that_cannot_be_left_out_is_caught(golden_copy, tmp_path):
    check = checks.CHECKS["every_field_takes_part_in_equality_copy_and_json"]
    source = (golden_copy / LIBRARY).read_text(encoding="utf-8")
    broken = tmp_path / "dart"
    shutil.copytree(golden_copy, broken)
    (broken / LIBRARY).write_text(source.replace("    double? side,", "    double side,", 1), encoding="utf-8")
    problems = check((_package(broken),))
    assert any("copyWith(side) takes double, not double?" in p for p in problems), problems
