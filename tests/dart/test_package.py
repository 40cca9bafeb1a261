"""The generated pub package: its manifest, its libraries, and the runtime copied into it."""

from __future__ import annotations

import yaml

from generator.targets import dart
from tests.dart import dart_tree as dt
from tests.dart.conftest import REPO


def test_the_package_depends_only_on_meta_and_collection_and_needs_dart_3(generated_package):
    pubspec = yaml.safe_load((generated_package.root / "pubspec.yaml").read_text(encoding="utf-8"))
    assert pubspec["name"] == "realtime_shapes"
    assert set(pubspec["dependencies"]) == {"meta", "collection"}
    assert pubspec["environment"]["sdk"].startswith("^3.")


def test_the_package_library_exports_the_runtime_and_one_library_per_namespace(generated_package):
    lib = generated_package.libraries["lib/realtime_shapes.dart"]
    exports = [i.uri for i in lib.imports if i.export]
    assert exports == ["src/runtime.dart", "src/openai.dart", "src/oci.dart"]
    for namespace in ("openai", "oci"):
        own = generated_package.libraries[f"lib/{namespace}.dart"]
        assert [i.uri for i in own.imports if i.export] == ["src/runtime.dart", f"src/{namespace}.dart"]


def test_the_namespace_libraries_import_only_meta_and_their_runtime(generated_package):
    for rel, lib in generated_package.libraries.items():
        if rel.startswith("lib/src/") and rel != "lib/src/runtime.dart":
            assert {i.uri for i in lib.imports} == {"package:meta/meta.dart", "runtime.dart"}, rel


def test_the_runtime_is_the_real_dart_file_copied_unchanged(generated_package):
    copied = (generated_package.root / "lib" / "src" / "runtime.dart").read_bytes()
    assert copied == dart.RUNTIME.read_bytes()
    assert dt.syntax_errors(dt.load(dart.RUNTIME).tree) == []


def test_every_shape_of_the_schema_is_a_public_dart_type(generated_package):
    from generator import pipeline
    from generator.config import load_config

    model, _ = pipeline.load_model(load_config(REPO))
    for namespace in model.namespaces:
        names = dart.names_for(namespace)
        lib = generated_package.libraries[f"lib/src/{dart.library_name(namespace)}.dart"]
        assert {names.type(s.name) for s in namespace.shapes} <= lib.declared


def test_a_name_two_namespaces_declare_is_exported_once_and_each_namespace_has_its_own_library():
    from generator import ir
    from generator.targets.base import RenderInput

    src = ir.Source("s.yaml", "/x")

    def namespace(name: str) -> ir.Namespace:
        shared = ir.Object(
            "Token", "", (ir.Field("value", ir.Primitive("string"), ir.Required(), False),), False, "response", src
        )
        own = ir.Object(f"{name.title()}Only", "", (), False, "response", src)
        return ir.Namespace(name, "", (shared, own), f"urn:{name}")

    files = dart.render(RenderInput(model=ir.Model((namespace("alpha"), namespace("beta"))), bundles={}))
    package = files["lib/realtime_shapes.dart"]
    assert "export 'src/alpha.dart';" in package
    assert "export 'src/beta.dart' hide Token;" in package
    assert "export 'src/beta.dart';" in files["lib/beta.dart"]  # beta's Token, from beta's library
    tree = dt.parser().parse(package.encode("utf-8"))
    assert dt.syntax_errors(tree) == []
