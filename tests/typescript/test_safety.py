"""Safe by default for the people who call the generated TypeScript (issue 10):

- a forward-compatible (open) response union accepts an object whose tag it does not know and
  keeps it unchanged, with a typed catch-all branch and a guard that tells the known variants
  from it; request unions stay closed;
- secrets (`x-shapegen-secret`) never reach printed text: `redact<Name>` gives the copy to log,
  and a ValidationError never quotes a secret; the wire keeps the real value;
- serialisation writes exactly what was parsed: JSON.stringify of a parsed value is
  JSON.stringify of the input.

The fixture is tests/typescript/fixtures/safety/api.yaml; its response union `ToolResponse` is
marked open in the IR here (the layer marks response tagged unions open), so that these tests
specify the printing of that decision."""

from __future__ import annotations

import dataclasses

import pytest

from generator import ir, pipeline
from generator.config import Config
from tests.typescript.helpers import FIXTURES, NODE_DECLARATIONS, node_script, render_model, typecheck

OPEN = {"ToolResponse"}


@pytest.fixture(scope="module")
def package(tmp_path_factory, toolchain):
    out = tmp_path_factory.mktemp("ts-safety")
    config = Config(
        root=out,
        output=out,
        namespaces={"safety": FIXTURES / "safety" / "api.yaml"},
        targets=("typescript",),
        options={},
    )
    model = pipeline.build(config).model
    ns = model.namespaces[0]
    shapes = tuple(dataclasses.replace(s, open=True) if s.name in OPEN else s for s in ns.shapes)
    assert {s.name for s in shapes if isinstance(s, ir.Union_) and s.open} == OPEN
    return render_model(ir.Model((dataclasses.replace(ns, shapes=shapes),)), out)


SCRIPT = NODE_DECLARATIONS + r"""
import { safety, ValidationError, REDACTED } from './index.js';

const results: Record<string, unknown> = {};
const same = (text: string, parse: (v: unknown) => unknown): boolean =>
  JSON.stringify(parse(JSON.parse(text))) === JSON.stringify(JSON.parse(text));
const error = (f: () => unknown): { pointer: string; message: string; printed: string } | null => {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { pointer: e.pointer, message: e.message, printed: `${String(e)} ${e.stack ?? ''}` };
  }
};

// forward-compatible responses
const unknownTool = '{"type":"web_search","search_context_size":"high","filters":{"domains":["a.example"]},"n":null}';
const response = `{"value":"ek_123","tools":[${unknownTool},{"type":"function","name":"f"}]}`;
results['unknown tag kept'] = same(response, safety.parseKey);
results['known tag still checked'] = error(() => safety.parseKey({ value: 'ek_1', tools: [{ type: 'function' }] }))?.pointer;
results['tag must be a string'] = error(() => safety.parseToolResponse({ type: 7 }))?.pointer;
results['request stays closed'] = error(() => safety.parseKeyRequest(JSON.parse(`{"tools":[${unknownTool}]}`)))?.pointer;
const tools = safety.parseKey(JSON.parse(response)).tools;
results['guard'] = tools.map((t) => safety.isKnownToolResponse(t));
const described: string[] = [];
for (const t of tools) {
  if (safety.isKnownToolResponse(t)) {
    switch (t.type) {
      case 'function':
        described.push(`function ${t.name}`);
        break;
      case 'mcp':
        described.push(`mcp ${t.server_label}`);
        break;
    }
  } else {
    const tag: string = t.type;
    described.push(`unknown ${tag} ${JSON.stringify(t['filters'])}`);
  }
}
results['narrowing'] = described;

// secrets
const key = safety.parseKey(JSON.parse(
  '{"value":"ek_SECRET1","pin":4321,"tools":[{"type":"mcp","server_label":"s","authorization":"tok_SECRET2",' +
  '"headers":{"X-Api-Key":"SECRET3"}},{"type":"mcp","server_label":"t","headers":null},' + unknownTool + '],' +
  '"choice":{"key":"SECRET4"}}'));
const redacted = safety.redactKey(key);
const printed = JSON.stringify(redacted);
results['redacted shows no secret'] = !/SECRET|4321/.test(printed);
results['redacted'] = redacted;
results['wire keeps secrets'] = ['ek_SECRET1', 'tok_SECRET2', 'SECRET3', 'SECRET4', '4321'].every((s) => JSON.stringify(key).includes(s));
results['redact does not change the value'] = key.value === 'ek_SECRET1';
results['marker'] = REDACTED;
results['error in a secret'] = error(() => safety.parseKey({ value: 'not-ek_SECRET5', tools: [] }));
results['error in a secret map'] = error(() =>
  safety.parseKey({ value: 'ek_1', tools: [{ type: 'mcp', server_label: 's', headers: { 'X-Api-Key': 6 } }] }));
results['error outside secrets'] = error(() => safety.parseKey({ value: 'ek_1', tools: [], expires_at: 'soon' }))?.message;

print(results);
"""


@pytest.fixture(scope="module")
def results(package):
    return node_script(package, SCRIPT, name="$safety.ts")


def test_open_response_union_keeps_an_unknown_tag_unchanged(results):
    assert results["unknown tag kept"] is True


def test_open_response_union_still_checks_a_known_tag(results):
    assert results["known tag still checked"] == "/tools/0"


def test_open_response_union_still_wants_a_string_tag(results):
    assert results["tag must be a string"] == "/type"


def test_request_union_rejects_an_unknown_tag(results):
    assert results["request stays closed"] == "/tools/0/type"


def test_guard_tells_known_variants_from_unknown_ones(results):
    assert results["guard"] == [False, True]


def test_guard_narrows_to_the_known_variants_and_the_catch_all_keeps_its_properties(results):
    assert results["narrowing"] == ['unknown web_search {"domains":["a.example"]}', "function f"]


def test_redacted_copy_marks_every_secret_and_keeps_everything_else(results):
    marker = results["marker"]
    assert marker == "<redacted>"
    assert results["redacted"] == {
        "value": marker,
        "pin": marker,
        "tools": [
            {"type": "mcp", "server_label": "s", "authorization": marker, "headers": {"X-Api-Key": marker}},
            {"type": "mcp", "server_label": "t", "headers": None},
            {"type": "web_search", "search_context_size": "high", "filters": {"domains": ["a.example"]}, "n": None},
        ],
        "choice": {"key": marker},
    }


@pytest.mark.parametrize("case", ["error in a secret", "error in a secret map"])
def test_an_error_never_quotes_a_secret(results, case):
    error = results[case]
    assert error is not None and error["pointer"] in ("/value", "/tools/0/headers/X-Api-Key")
    assert "SECRET" not in error["printed"] and "not-ek" not in error["printed"] and " 6" not in error["message"]


def test_an_error_outside_secrets_says_what_is_wrong(results):
    assert results["error outside secrets"] == "expected an integer, got a string"


def test_redact_is_typed_as_the_shape_where_every_secret_is_a_string(package):
    parse = (package / "src" / "safety" / "parse.ts").read_text()
    assert "function redactFunctionTool" not in parse  # it cannot carry a secret
    assert "export function redactKeyRequest(value: KeyRequest): KeyRequest {" in parse
    assert "export function redactToolResponse(value: ToolResponse): ToolResponse {" in parse
    assert "export function redactKey(value: Key): $rt.Redacted<Key> {" in parse  # `pin` is a number


def test_the_package_type_checks(package):
    result = typecheck([package])
    assert result.returncode == 0, result.stdout


# The project's own schema: the layer marks its response tagged unions open.
FORWARD = [
    ("openai:ToolResponse", '{"type":"web_search","search_context_size":"high"}', True),
    ("openai:Tool", '{"type":"web_search","search_context_size":"high"}', False),
    ("openai:TurnDetectionResponse", '{"type":"future_vad","eagerness":"max"}', True),
    ("openai:TurnDetection", '{"type":"future_vad","eagerness":"max"}', False),
    ("openai:AudioFormatResponse", '{"type":"audio/opus","rate":48000}', True),
    ("openai:AudioFormat", '{"type":"audio/opus","rate":48000}', False),
]


@pytest.fixture(scope="module")
def forward_verdicts(project_package):
    from generator.drivers.typescript import run_items
    from tests.typescript.helpers import CACHE

    return run_items(project_package, CACHE, [(shape, text) for shape, text, _ in FORWARD])


@pytest.mark.parametrize("index", range(len(FORWARD)), ids=[f"{s}" for s, _, _ in FORWARD])
def test_project_unknown_tags_are_kept_in_responses_and_rejected_in_requests(forward_verdicts, index):
    import json

    shape, text, accepted = FORWARD[index]
    result = forward_verdicts[index]
    assert result["ok"] is accepted, result
    if accepted:
        assert result["json"] == json.loads(text)
