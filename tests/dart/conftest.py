"""The Dart packages under test: generated/dart and every golden case's expected/dart, each parsed
once per session, plus the example program in tests/dart/example/ (which imports the generated
package)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from tests.dart import dart_tree as dt
from tests.golden import golden

REPO = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent

# what the generated code may use from outside the package
DART_CORE = frozenset("""
    Object Null Never String int double num bool List Map Set Iterable Iterator Record Enum Type
    Symbol Function Future Stream Duration DateTime Uri RegExp RegExpMatch Match Pattern BigInt
    Comparable Error Exception FormatException ArgumentError RangeError StateError TypeError
    UnsupportedError UnimplementedError Deprecated StringBuffer StringSink Sink Runes Invocation
    StackTrace Expando Finalizer WeakReference MapEntry Comparator Stopwatch dynamic void print
    identical override deprecated
""".split())
LIBRARIES = {
    "dart:convert": frozenset({"jsonEncode", "jsonDecode", "json", "JsonEncoder", "JsonDecoder", "utf8"}),
    "package:meta/meta.dart": frozenset(
        {"immutable", "required", "protected", "visibleForTesting", "mustCallSuper", "nonVirtual", "useResult"}
    ),
    "package:collection/collection.dart": frozenset(
        {"DeepCollectionEquality", "ListEquality", "MapEquality", "SetEquality", "IterableEquality", "Equality"}
    ),
}
# and what the behaviour tests (tests/dart/example/behaviour_test.dart) may use from package:test
TEST_LIBRARY = {
    "package:test/test.dart": frozenset(
        "test group expect fail equals isA throwsA isNot contains isTrue isFalse isNull isEmpty hasLength".split()
    )
}


@dataclass
class Package:
    root: Path  # the folder with pubspec.yaml
    name: str
    libraries: dict[str, dt.Library]  # path relative to root -> library
    extra: dict[str, dt.Library] = field(default_factory=dict)  # programs outside lib/ that use it
    scopes: dict[str, "Scope"] = field(default_factory=dict, repr=False, compare=False)

    @property
    def label(self) -> str:
        return self.root.relative_to(REPO).as_posix() if self.root.is_relative_to(REPO) else self.root.as_posix()

    def all(self) -> dict[str, dt.Library]:
        return {**self.libraries, **self.extra}

    def resolve(self, lib: dt.Library, uri: str) -> dt.Library | None:
        if uri.startswith(f"package:{self.name}/"):
            rel = "lib/" + uri[len(f"package:{self.name}/") :]
        elif ":" in uri:
            return None
        else:
            base = lib.path.parent.relative_to(self.root) if lib.path.is_relative_to(self.root) else None
            if base is None:
                return None
            rel = (base / uri).as_posix()
        return self.libraries.get(rel)

    def exported(self, lib: dt.Library, seen: frozenset[str] = frozenset()) -> set[str]:
        """The names a library makes visible to its importers: its own, and what it exports."""
        names = {n for n in lib.declared if not n.startswith("_")}
        for imp in lib.imports:
            if not imp.export:
                continue
            target = self.resolve(lib, imp.uri)
            if target is None or str(target.path) in seen:
                continue
            names |= _filter(self.exported(target, seen | {str(lib.path)}), imp)
        return names


def _filter(names: set[str], imp: dt.Import) -> set[str]:
    if imp.show is not None:
        names = names & set(imp.show)
    return names - set(imp.hide)


@dataclass
class Scope:
    names: set[str]
    prefixes: dict[str, set[str]]
    problems: list[str]


def scope(pkg: Package, lib: dt.Library) -> Scope:
    """What a library can name (computed once per package and library)."""
    key = str(lib.path)
    if key not in pkg.scopes:
        pkg.scopes[key] = _scope(pkg, lib)
    return pkg.scopes[key]


def _scope(pkg: Package, lib: dt.Library) -> Scope:
    """What a library can name: dart:core, its own declarations and type parameters, and what it
    imports (checked against the package, or against what meta, collection and dart:convert
    export)."""
    names = set(DART_CORE) | lib.declared
    names |= {dt.text(x) for n in dt.walk(lib.tree.root_node) if n.type == "type_parameter" for x in n.children[:1]}
    prefixes: dict[str, set[str]] = {}
    problems = []
    for imp in lib.imports:
        if imp.export:
            continue
        known = LIBRARIES | (TEST_LIBRARY if lib.path.name.endswith("_test.dart") else {})
        if imp.uri in known:
            available = set(known[imp.uri])
            missing = set(imp.show or ()) - available
            if missing:
                problems.append(f"{imp.uri} does not export {sorted(missing)}")
        else:
            target = pkg.resolve(lib, imp.uri)
            if target is None:
                problems.append(
                    f"imports {imp.uri!r}, which is neither in the package nor dart:core, meta or collection"
                )
                continue
            available = pkg.exported(target)
            missing = set(imp.show or ()) - available
            if missing:
                problems.append(f"{imp.uri} does not declare {sorted(missing)}")
        visible = _filter(available, imp)
        if imp.prefix:
            prefixes.setdefault(imp.prefix, set()).update(visible)
        else:
            names |= visible
    return Scope(names, prefixes, problems)


def _packages() -> list[Package]:
    roots = [REPO / "generated" / "dart"] + list(golden.packages("dart").values())
    out = []
    for root in roots:
        if not (root / "pubspec.yaml").is_file():
            continue
        name = yaml.safe_load((root / "pubspec.yaml").read_text(encoding="utf-8"))["name"]
        libs = {p.relative_to(root).as_posix(): dt.load(p) for p in sorted(root.rglob("*.dart"))}
        out.append(Package(root, name, libs))
    return out


@lru_cache(maxsize=1)
def packages() -> tuple[Package, ...]:
    pkgs = _packages()
    for p in pkgs:
        if p.root == REPO / "generated" / "dart":
            p.extra = {f"example/{f.name}": dt.load(f) for f in sorted((HERE / "example").glob("*.dart"))}
    return tuple(pkgs)


@pytest.fixture(scope="session")
def dart_packages() -> tuple[Package, ...]:
    pkgs = packages()
    assert pkgs, "no Dart package found: run `shapegen generate --target dart` and `make golden`"
    return pkgs


@pytest.fixture(scope="session")
def generated_package(dart_packages) -> Package:
    return next(p for p in dart_packages if p.root == REPO / "generated" / "dart")
