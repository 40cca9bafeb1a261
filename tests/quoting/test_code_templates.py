"""Code templates print code, never a bare string (generator/code.py).

A C#, Dart or TypeScript template prints a plan its target built in Python: every expression and
statement is `Code`, made by the language's quoting layer or built from code by its `Syntax`. The
template's `{{ }}` refuses a plain `str`, so a schema string that skipped the quoting layer is an
error at generate time, not code in the output. And a `Syntax` quotes a plain `str` part by
default, as a string literal of its language.
"""

from __future__ import annotations

import pytest

from generator import ir
from generator.code import BareString, Code
from generator.decide import decide_namespace
from generator.targets import csharp, dart, typescript

# a schema string that would be code if it were printed raw
HOSTILE = 'x"); System.Environment.Exit(1); //\n*/ ${1}'

SOURCE = ir.Source("api.yaml", "#/components/schemas/Order")
ORDER = ir.Object(
    name="Order",
    description=HOSTILE,
    fields=(
        ir.Field(HOSTILE, ir.Primitive("string", constraints=ir.Constraints(pattern="^a$")), ir.Required(), False),
        ir.Field("note", ir.Primitive("string"), ir.Default(HOSTILE), True, description=HOSTILE),
    ),
    closed=True,
    role="request",
    source=SOURCE,
)
SHOP = ir.Namespace(name="shop", description="", shapes=(ORDER,), schema_id="https://example.test/shop")


def csharp_render(plan_change=None) -> str:
    ctx = csharp.context(SHOP, "Acme")
    item = csharp.shape_model(ctx, ORDER)
    if plan_change:
        plan_change(item)
    return str(csharp.code_env().get_template("shape.cs.j2").render(item=item, namespace=ctx.namespace))


def test_csharp_prints_a_schema_string_only_quoted():
    text = csharp_render()
    assert csharp.cs_str(HOSTILE) in text
    # the raw text appears nowhere outside a doc comment: everywhere else it is a literal
    code_lines = [line for line in text.splitlines() if not line.lstrip().startswith("///")]
    assert not any("Environment.Exit" in line and csharp.cs_str(HOSTILE) not in line for line in code_lines)


def test_csharp_refuses_a_plain_string_in_its_plan():
    def unquoted_wire_name(item):
        # the same text the plan holds, but a plain str: what a target that forgot to quote would pass
        item["fields"][0]["pointer"] = str(item["fields"][0]["pointer"])

    with pytest.raises(BareString, match="plain str reached a code template"):
        csharp_render(unquoted_wire_name)


def test_csharp_refuses_a_raw_schema_string_as_an_expression():
    def raw(item):
        item["fields"][1]["read"] = HOSTILE

    with pytest.raises(BareString):
        csharp_render(raw)


def test_dart_prints_a_schema_string_only_quoted():
    text, _ = dart.render_namespace(SHOP, decide_namespace(SHOP))
    assert dart.dart_str(HOSTILE) in text
    code_lines = [line for line in text.splitlines() if not line.lstrip().startswith("///")]
    assert not any("Environment.Exit" in line and dart.dart_str(HOSTILE) not in line for line in code_lines)


def test_dart_refuses_a_plain_string_in_its_plan():
    types = dart._Types(decide_namespace(SHOP))
    order = dart._object(types, ORDER, [])
    env = dart.code_env()
    object_text = env.get_template("shape.dart.j2").module.object  # each shape's macro (dart.render_namespace)
    library = env.get_template("library.dart.j2")
    text = object_text(order)  # the plan as built prints
    library.render(shapes=[text], runtime_shown=[Code("JsonValue")])
    order.fields[0].read = str(order.fields[0].read)  # the same text, as a plain str
    with pytest.raises(BareString, match="plain str reached a code template"):
        object_text(order)
    with pytest.raises(BareString):
        library.render(shapes=[text], runtime_shown=["JsonValue"])
    with pytest.raises(BareString):  # a shape's text that is not code
        library.render(shapes=[str(text)], runtime_shown=[Code("JsonValue")])


def test_typescript_prints_a_schema_string_only_quoted():
    files = typescript.render_namespace(SHOP, decide_namespace(SHOP))
    for text in files.values():
        outside_comments = [line for line in text.splitlines() if not line.lstrip().startswith(("*", "/**", "//"))]
        assert not any(
            "Environment.Exit" in line and typescript.ts_str(HOSTILE) not in line for line in outside_comments
        )
    assert typescript.ts_str(HOSTILE) in files["src/shop/parse.ts"]


def test_typescript_refuses_a_plain_string_in_its_plan():
    ns = typescript._Namespace(SHOP, decide_namespace(SHOP))
    shapes = typescript._shapes(ns)
    env = typescript.code_env()
    type_text = env.get_template("shape_types.ts.j2").module.text  # each shape's part of types.ts
    texts = [type_text(s) for s in shapes]  # the plan as built prints
    env.get_template("types.ts.j2").render(namespace=SHOP, shapes=texts, runtime_types=False)
    shapes[0].fields[0]["type"] = str(shapes[0].fields[0]["type"])  # the same text, as a plain str
    with pytest.raises(BareString, match="plain str reached a code template"):
        type_text(shapes[0])
    with pytest.raises(BareString):  # a shape's text that is not code
        env.get_template("types.ts.j2").render(namespace=SHOP, shapes=[str(t) for t in texts], runtime_types=False)


def test_an_object_whose_str_is_code_like_is_refused_too():
    class Sneaky:
        def __str__(self):
            return HOSTILE

    template = csharp.code_env().from_string("x = {{ value }};")
    with pytest.raises(BareString):
        template.render(value=Sneaky())
    assert template.render(value=Code("1")) == "x = 1;"


@pytest.mark.parametrize(
    "syntax, quote",
    [(csharp.CS, csharp.cs_str), (dart.DART, dart.dart_str), (typescript.TS, typescript.ts_str)],
)
def test_a_syntax_quotes_a_plain_string_part_and_keeps_code(syntax, quote):
    built = syntax("Read({at}, {wire})", at=Code("at"), wire=HOSTILE)
    assert isinstance(built, Code)
    assert built == f"Read(at, {quote(HOSTILE)})"
    with pytest.raises(TypeError):
        syntax("Read({x})", x=1.5)
