"""The Dart consumer (tests/consumers/dart): its pubspec depends on generated/dart by path, as a
Dart app does; with no Dart SDK here, its code is parsed with tree-sitter-dart and every class it
names must be one the package declares. (A parse check proves the syntax and the names only.)"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import GENERATED
from tests.dart import dart_tree

CONSUMER = Path(__file__).resolve().parent / "dart"


def test_the_generated_pubspec_and_the_consumer_path_dependency_are_valid():
    package = yaml.safe_load((GENERATED / "dart" / "pubspec.yaml").read_text())
    assert re.fullmatch(r"[a-z][a-z0-9_]*", package["name"]) and package["version"] and package["environment"]["sdk"]
    consumer = yaml.safe_load((CONSUMER / "pubspec.yaml").read_text())
    path = consumer["dependencies"][package["name"]]["path"]
    assert (CONSUMER / path).resolve() == (GENERATED / "dart").resolve()


def test_the_consumer_parses_and_names_only_classes_the_package_declares():
    source = (CONSUMER / "bin" / "consumer.dart").read_text()
    tree = dart_tree.parser().parse(source.encode())
    assert dart_tree.syntax_errors(tree) == []
    declared = set()
    for library in (GENERATED / "dart" / "lib" / "src").glob("*.dart"):
        declared |= dart_tree.type_names(dart_tree.load(library))
    code = "\n".join(line.split("//")[0] for line in source.splitlines())
    used = set(re.findall(r"\b[A-Z][A-Za-z0-9]+\b", code)) - {"Map", "Object", "String"}  # dart:core's
    assert used and used <= declared, used - declared
