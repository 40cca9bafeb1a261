"""What `parse<Name>` and `is<Name>` promise to TypeScript callers: a fresh value (the input is
never mutated or shared), JSON text round-trips, `ValidationError` with a pointer, type guards,
and no prototype pollution from a `__proto__` key."""

from __future__ import annotations

import pytest

from tests.typescript.helpers import NODE_DECLARATIONS, node_script

SCRIPT = NODE_DECLARATIONS + r"""
import { fixture, ValidationError } from './index.js';

const results: Record<string, unknown> = {};

const text = '{"id":"x","format":{"type":"audio/pcmu","extra":[1]},"transcription":null,"later":{"a":[1]}}';
const input = JSON.parse(text) as Record<string, any>;
const out = fixture.parseResponse(input) as Record<string, any>;
results['round trip'] = JSON.stringify(out) === text;
results['fresh'] = out !== input && out['later'] !== input['later'] && out['later'].a !== input['later'].a
  && out['format'] !== input['format'];
out['later'].a.push(2);
out['format'].type = 'changed';
results['input untouched'] = JSON.stringify(input) === text;

try {
  fixture.parseRequest({ kind: 'big', count_or_null: 1, tags: ['a', 1] });
  results['error'] = null;
} catch (error) {
  results['error'] = error instanceof ValidationError && error instanceof Error
    ? { name: error.name, pointer: error.pointer, message: error.message, string: String(error) }
    : String(error);
}

// an optional property set to undefined is absent, as JSON.stringify writes it (TypeScript's
// default settings let `{ plain: undefined }` stand for a value without `plain`)
results['undefined is absent'] = (() => {
  const parsed = fixture.parseRequest({ kind: 'big', count_or_null: 1, plain: undefined });
  return !('plain' in parsed) && fixture.isRequest({ kind: 'big', count_or_null: 1, plain: undefined });
})();

results['is: valid'] = fixture.isRequest({ kind: 'big', count_or_null: null });
results['is: invalid'] = fixture.isRequest({ kind: 'big' });
results['is: not an object'] = fixture.isRequest('big');

const polluting = JSON.parse('{"id":"x","__proto__":{"polluted":true}}');
const parsed = fixture.parseResponse(polluting) as unknown as Record<string, unknown>;
results['no pollution'] = ({} as Record<string, unknown>)['polluted'] === undefined
  && Object.getPrototypeOf(parsed) === Object.prototype
  && Object.keys(parsed).includes('__proto__')
  && JSON.stringify(parsed) === '{"id":"x","__proto__":{"polluted":true}}';

results['defaults are not filled in'] = !('seconds' in fixture.parseRequest({ kind: 'big', count_or_null: 1 }));
const request = fixture.parseRequest({ kind: 'big', count_or_null: 1 });
const seconds: number = request.seconds ?? fixture.RequestDefaults.seconds;
results['defaults'] = { all: fixture.RequestDefaults, read: seconds };

print(results);
"""


@pytest.fixture(scope="module")
def results(fixture_package):
    return node_script(fixture_package, SCRIPT, name="$api.ts")


@pytest.mark.parametrize(
    "what",
    [
        "round trip",
        "fresh",
        "input untouched",
        "undefined is absent",
        "no pollution",
        "defaults are not filled in",
        "is: valid",
    ],
)
def test_parse_promise(results, what):
    assert results[what] is True


@pytest.mark.parametrize("what", ["is: invalid", "is: not an object"])
def test_type_guard_rejects(results, what):
    assert results[what] is False


def test_validation_error_carries_pointer_and_message(results):
    assert results["error"] == {
        "name": "ValidationError",
        "pointer": "/tags/1",
        "message": "expected a string, got an integer",
        "string": "/tags/1: expected a string, got an integer",
    }


def test_defaults_are_offered_beside_the_type(results):
    """`<Name>Defaults` holds every default the layer offers (generator.layer.defaults), typed
    so that `value.x ?? <Name>Defaults.x` has the property's type."""
    assert results["defaults"] == {"all": {"seconds": 600}, "read": 600}
