"""Dart names come from the naming pass (generator.naming with the Dart rules), and every string
from the schema reaches Dart source only through the quoting filters: the hostile-text golden
case parses and its strings are intact."""

from __future__ import annotations

import shutil

import pytest
import yaml

from generator import ir
from generator.naming import assign
from generator.targets import dart
from tests.dart import dart_tree as dt
from tests.dart import test_compiler_checks as checks
from tests.dart.conftest import REPO, Package

SRC = ir.Source("s.yaml", "/x")


def field(
    wire: str,
    t: ir.Type = ir.Primitive("string"),
    presence: ir.Presence = ir.Optional(),
    nullable: bool = False,
    secret: bool = False,
):
    return ir.Field(wire, t, presence, nullable, secret=secret)


def obj(name, *fields, closed=False, role="part"):
    return ir.Object(name, "", tuple(fields), closed, role, SRC)


def ns(*shapes):
    return ir.Namespace("n", "", shapes, "urn:n")


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "wire, dart_name",
    [
        ("class", "class_"),  # reserved word
        ("required", "required_"),  # built-in identifier
        ("sealed", "sealed_"),  # contextual keyword of Dart 3
        ("hashCode", "hashCode_"),  # members every Object has
        ("runtimeType", "runtimeType_"),
        ("toString", "toString_"),
        ("noSuchMethod", "noSuchMethod_"),
        ("toJson", "toJson_"),  # members every generated class has
        ("copyWith", "copyWith_"),
        ("unknownProperties", "unknownProperties_"),
        ("int", "int_"),  # a field named after a type would hide the type in its class
        ("_private", "private"),  # a leading underscore would make it library-private
        ("max_output_tokens", "maxOutputTokens"),
        ("2fast", "value2fast"),
    ],
)
def test_field_names_are_lower_camel_public_and_never_a_keyword_or_a_member_of_every_class(wire, dart_name):
    names = assign(ns(obj("A", field(wire))), dart.RULES)
    assert names.field("A", wire) == dart_name


def test_a_private_looking_wire_name_beside_its_public_twin_gets_a_name_of_its_own():
    names = assign(ns(obj("A", field("private"), field("_private"))), dart.RULES)
    assert names.field("A", "private") == "private"
    assert names.field("A", "_private") not in ("private", "_private")
    assert not names.field("A", "_private").startswith("_")


@pytest.mark.parametrize(
    "shape, dart_name",
    [("String", "String_"), ("Present", "Present_"), ("Function", "Function_"), ("JsonValue", "JsonValue_")],
)
def test_type_names_dodge_dart_core_and_the_runtime(shape, dart_name):
    names = assign(ns(obj(shape)), dart.RULES)
    assert names.type(shape) == dart_name


@pytest.mark.parametrize(
    "value, member",
    [
        ("values", "values_"),
        ("index", "index_"),
        ("value", "value_"),
        ("hashCode", "hashCode_"),
        ("in_progress", "inProgress"),
    ],
)
def test_enum_members_dodge_the_members_dart_enums_and_open_enum_classes_have(value, member):
    names = assign(ns(ir.Enum("E", "", (value,), False, "part", SRC)), dart.RULES)
    assert names.member("E", value) == member


# ---------------------------------------------------------------- quoting


HOSTILE_STRINGS = [
    "plain",
    "it's",
    'say "hi"',
    "back\\slash",
    "$money and ${injection}",
    "new\nline\r\ttab",
    "\x00\x07\x1f\x7f",
    "\u2028\u2029",
    "emoji \U0001f600 and é",
    "'''",
    '"""',
    "\\u0041 is not A",
]


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_a_dart_string_literal_parses_and_means_exactly_the_text(value):
    literal = dart.dart_str(value)
    tree = dt.parser().parse(f"const x = {literal};\n".encode("utf-8"))
    assert dt.syntax_errors(tree) == []
    assert dt.string_literals(tree) == [value]


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_a_dartdoc_comment_holds_any_text_without_ending_early(value):
    source = dart.dart_doc(f"before {value} after") + "\nconst x = 1;\n"
    tree = dt.parser().parse(source.encode("utf-8"))
    assert dt.syntax_errors(tree) == []
    assert [n.type for n in tree.root_node.children][-1] != "ERROR"
    assert "const x = 1;" in source.splitlines()


def test_the_hostile_text_case_parses_and_every_schema_string_survives_intact():
    case = REPO / "tests" / "golden" / "hostile_descriptions"
    schema = yaml.safe_load((case / "schema" / "api.yaml").read_text(encoding="utf-8"))["components"]["schemas"][
        "Hostile"
    ]
    library = next((case / "expected" / "dart" / "lib" / "src").glob("hostile_descriptions.dart"))
    lib = dt.load(library)
    assert dt.syntax_errors(lib.tree) == []
    literals = set(dt.string_literals(lib.tree))
    prop = schema["properties"]['quote"name']
    assert 'quote"name' in literals  # the wire name, in fromJson and toJson
    assert prop["pattern"] in literals  # the pattern, given to RegExp unchanged
    for value in schema["properties"]["mode"]["enum"]:
        assert value in literals  # each enum value, as its wire value
    docs = dt.doc_comments(lib.source)
    for text in (schema["description"], prop["description"]):
        for line in text.split("\n"):
            assert line.strip() in docs
    assert dt.doc_comments(lib.source).count("\n") + 1 == sum(
        1 for l in lib.source.splitlines() if l.lstrip().startswith("///")
    )


# ---------------------------------------------------------------- shapes the goldens do not have


def _render_package(tmp_path, namespace: ir.Namespace) -> Package:
    text, _ = dart.render_namespace(namespace)
    root = tmp_path / "dart"
    (root / "lib" / "src").mkdir(parents=True)
    shutil.copy(dart.RUNTIME, root / "lib" / "src" / "runtime.dart")
    (root / "lib" / "src" / "n.dart").write_text(text, encoding="utf-8")
    return Package(
        root, "realtime_shapes", {p.relative_to(root).as_posix(): dt.load(p) for p in sorted(root.rglob("*.dart"))}
    )


def _open_union_namespace() -> ir.Namespace:
    a = obj("ToolA", field("type", ir.Literal("a"), ir.Required()), field("token", secret=True), role="part")
    b = obj(
        "ToolB",
        field("type", ir.Literal("b"), ir.Required()),
        field("limit", ir.Primitive("integer", constraints=ir.Constraints(minimum=1))),
    )
    union = ir.Union_(
        "Tool", "", (ir.Variant(ir.Ref("ToolA"), "a"), ir.Variant(ir.Ref("ToolB"), "b")), "type", "part", SRC, open=True
    )
    body = obj(
        "Body", field("tool", ir.Ref("Tool"), ir.Required()), field("tools", ir.Array(ir.Ref("Tool"))), role="response"
    )
    return ns(body, union, a, b)


def test_an_open_response_union_gets_an_unknown_variant_that_keeps_the_raw_object(tmp_path):
    pkg = _render_package(tmp_path, _open_union_namespace())
    lib = pkg.libraries["lib/src/n.dart"]
    unknown = lib.classes["ToolUnknown"]
    assert unknown.implements == ["Tool"] and "final" in unknown.modifiers
    assert unknown.constructor("").params[0].name == "json" and "json" in unknown.fields
    assert dt.text(unknown.members["toJson"].body).strip() == "=> json;"  # written back unchanged
    reader = lib.source[lib.source.index("Tool _readTool(") :]
    assert "  return ToolUnknown($map);\n}" in reader[: reader.index("\n}\n") + 2]
    for name, check in checks.CHECKS.items():
        if name != "every_switch_over_a_sealed_union_names_each_of_its_variants":
            assert check((pkg,)) == [], name


def test_a_closed_union_rejects_an_unknown_tag_and_has_no_unknown_variant(tmp_path):
    namespace = _open_union_namespace()
    closed = tuple(
        (
            ir.Union_(s.name, s.description, s.variants, s.tag, s.role, s.source, open=False)
            if isinstance(s, ir.Union_)
            else s
        )
        for s in namespace.shapes
    )
    pkg = _render_package(tmp_path, ns(*closed))
    lib = pkg.libraries["lib/src/n.dart"]
    assert "ToolUnknown" not in lib.classes
    assert "throw $rt.unknownTag($pointer, 'type', $tag, const <String>['a', 'b']);" in lib.source


def test_secret_fields_are_never_interpolated_into_to_string(tmp_path):
    pkg = _render_package(tmp_path, _open_union_namespace())
    tool_a = pkg.libraries["lib/src/n.dart"].classes["ToolA"]
    body = tool_a.members["toString"].body
    used = {dt.text(n) for n in dt.walk(body) if n.type == "identifier"}
    assert "token" not in used
    assert "token: <redacted>" in dt.text(body)


def test_the_real_schemas_secret_fields_are_redacted_in_every_to_string(generated_package):
    from generator import pipeline
    from generator.config import load_config

    model, _ = pipeline.load_model(load_config(REPO))
    secrets = 0
    for namespace in model.namespaces:
        names = dart.names_for(namespace)
        lib = generated_package.libraries[f"lib/src/{dart.library_name(namespace)}.dart"]
        for shape in namespace.shapes:
            if not isinstance(shape, ir.Object):
                continue
            cls = lib.classes[names.type(shape.name)]
            used = {dt.text(n) for n in dt.walk(cls.members["toString"].body) if n.type == "identifier"}
            for f in shape.fields:
                if f.secret:
                    secrets += 1
                    assert names.field(shape.name, f.wire_name) not in used, f"{shape.name}.{f.wire_name}"
    assert secrets >= 4  # the client-secret value, the OCI token, MCP authorization and headers
