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
    code = re.sub(r"'[^'\n]*'", "''", "\n".join(line.split("//")[0] for line in source.splitlines()))
    used = set(re.findall(r"\b[A-Z][A-Za-z0-9]+\b", code)) - {"Map", "Object", "String"}  # dart:core's
    assert used and used <= declared, used - declared
    # `Class.name(` must be a constructor (or static member) the package declares
    named = set(re.findall(r"\b([A-Z][A-Za-z0-9]*)\.([a-z][A-Za-z0-9]*)\(", code))
    assert named and named <= _named_members(), named - _named_members()


def _named_members() -> set[tuple[str, str]]:
    """(class, name) of every named constructor and static member the package's libraries declare,
    redirecting factory constructors included (`const factory Voice.id(VoiceId value) = ...`)."""
    out: set[tuple[str, str]] = set()
    for path in (GENERATED / "dart" / "lib" / "src").glob("*.dart"):
        library = dart_tree.load(path)
        for decl in library.classes.values():
            out |= {(decl.name, c.name) for c in decl.constructors if c.name}
            out |= {(decl.name, m) for m, member in decl.members.items() if member.static}
            out |= {(decl.name, f) for f, field in decl.fields.items() if field.static}
        tree = dart_tree.parser().parse(path.read_bytes())
        for node in dart_tree.walk(tree.root_node):
            if node.type == "redirecting_factory_constructor_signature":
                names = [dart_tree.text(c) for c in node.children if c.type == "identifier"]
                out.add((names[0], names[1]))
    return out
