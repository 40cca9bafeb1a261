// The runtime's own tests (`node --test`): what every generated parse<Name> and redact<Name> is
// built from, one behaviour each. tests/typescript/test_runtime_node.py compiles and runs them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import * as rt from './runtime.js';

function rejects(check: rt.Check<unknown>, value: unknown, pointer = '', message?: RegExp): void {
  assert.throws(
    () => check(value, ''),
    (error: unknown) => {
      assert.ok(error instanceof rt.ValidationError, `not a ValidationError: ${String(error)}`);
      assert.equal(error.pointer, pointer);
      if (message !== undefined) assert.ok(message.test(error.message), error.message);
      return true;
    },
  );
}

describe('scalars', () => {
  it('an integer may be written with a zero fraction, and has none otherwise', () => {
    assert.equal(rt.integer()(7.0, ''), 7);
    rejects(rt.integer(), 7.5);
  });
  it('booleans and numeric strings are not numbers', () => {
    rejects(rt.number(), true);
    rejects(rt.number(), '7');
  });
  it('non-finite numbers are not JSON numbers', () => {
    rejects(rt.number(), Number.POSITIVE_INFINITY);
    rejects(rt.number(), Number.NaN);
  });
  it('bounds are inclusive, exclusive bounds are not', () => {
    assert.equal(rt.integer({ minimum: 10, maximum: 20 })(10, ''), 10);
    rejects(rt.integer({ minimum: 10 }), 9, '', /must be >= 10/);
    rejects(rt.number({ exclusiveMaximum: 1 }), 1, '', /must be < 1/);
  });
  it('multipleOf is decimal: 0.29 is a multiple of 0.01, 0.295 is not', () => {
    assert.equal(rt.number({ multipleOf: 0.01 })(0.29, ''), 0.29);
    rejects(rt.number({ multipleOf: 0.01 }), 0.295);
  });
  it('string lengths count code points, not UTF-16 units', () => {
    assert.equal(rt.string({ minLength: 2, maxLength: 2 })('😀😀', ''), '😀😀');
    rejects(rt.string({ minLength: 2 }), '😀');
  });
  it('a pattern is searched for anywhere, and anchors mean the whole string', () => {
    assert.equal(rt.string({ pattern: new RegExp('b+', 'u') })('abbc', ''), 'abbc');
    rejects(rt.string({ pattern: new RegExp('^a$', 'u') }), 'a\n');
  });
  it('a const takes exactly its value', () => {
    assert.equal(rt.literal('auto')('auto', ''), 'auto');
    rejects(rt.literal('auto'), 'Auto', '', /expected "auto", got "Auto"/);
  });
  it('a closed enum rejects other strings, an open one keeps them', () => {
    rejects(rt.oneOfStrings(['a', 'b'], false), 'c');
    assert.equal(rt.oneOfStrings(['a', 'b'], true)('c', ''), 'c');
    rejects(rt.oneOfStrings(['a'], true), 3);
  });
  it('any JSON value is copied, never shared', () => {
    const input = { a: [1, { b: null }] };
    const out = rt.any()(input, '') as typeof input;
    assert.deepEqual(out, input);
    assert.notEqual(out, input);
    assert.notEqual(out.a, input.a);
  });
});

describe('containers', () => {
  it('errors name the JSON pointer, with ~ and / escaped', () => {
    rejects(rt.map(rt.integer()), { 'x/y~z': 'no' }, '/x~1y~0z');
    rejects(rt.array(rt.string()), ['a', 2], '/1');
  });
  it('unique items compare JSON values, whatever the key order', () => {
    rejects(rt.array(rt.any(), { uniqueItems: true }), [{ a: 1, b: 2 }, { b: 2, a: 1 }], '/1');
  });
  it('nullable takes null and the inner type', () => {
    assert.equal(rt.nullable(rt.integer())(null, ''), null);
    rejects(rt.nullable(rt.integer()), 'x');
  });
});

describe('objects', () => {
  const known = rt.fields(['id', rt.string(), rt.REQUIRED], ['note', rt.string(), rt.NULLABLE], ['n', rt.integer(), 0]);
  it('keeps absent absent and null null, in the input order', () => {
    const out = rt.object<object>({ note: null, id: 'x' }, '', known, true);
    assert.equal(JSON.stringify(out), '{"note":null,"id":"x"}');
  });
  it('a property that is not nullable rejects null', () => {
    rejects((v, at) => rt.object(v, at, known, true), { id: 'x', n: null }, '/n', /must not be null/);
  });
  it('a required property must be there', () => {
    rejects((v, at) => rt.object(v, at, known, true), {}, '', /missing required property "id"/);
  });
  it('a property set to undefined is absent, as JSON.stringify writes it', () => {
    assert.deepEqual(rt.object({ id: 'x', n: undefined }, '', known, true), { id: 'x' });
    assert.deepEqual(rt.object({ id: 'x', later: undefined }, '', known, true), { id: 'x' });
    assert.deepEqual(rt.object({ id: 'x', later: undefined }, '', known, false), { id: 'x' });
    rejects((v, at) => rt.object(v, at, known, true), { id: undefined }, '', /missing required property "id"/);
    assert.deepEqual(rt.map(rt.string())({ a: 'x', b: undefined }, ''), { a: 'x' });
  });
  it('a closed object rejects unknown properties, an open one keeps them', () => {
    rejects((v, at) => rt.object(v, at, known, true), { id: 'x', later: 1 }, '/later');
    assert.deepEqual(rt.object({ id: 'x', later: { a: 1 } }, '', known, false), { id: 'x', later: { a: 1 } });
  });
  it('a __proto__ key is an own property, not a prototype', () => {
    const out = rt.object<Record<string, unknown>>(JSON.parse('{"id":"x","__proto__":{"p":1}}'), '', known, false);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal(JSON.stringify(out), '{"id":"x","__proto__":{"p":1}}');
  });
});

describe('unions', () => {
  const a = (v: unknown, at: string) => rt.object(v, at, rt.fields(['type', rt.literal('a'), rt.REQUIRED], ['x', rt.integer(), 0]), true);
  const b = (v: unknown, at: string) => rt.object(v, at, rt.fields(['type', rt.literal('b'), rt.REQUIRED]), true);
  const variants = rt.tags<unknown>(['a', a], ['b', b]);
  it('a tagged union dispatches on its tag and checks the variant', () => {
    assert.deepEqual(rt.tagged({ type: 'a', x: 1 }, '', 'type', variants), { type: 'a', x: 1 });
    rejects((v, at) => rt.tagged(v, at, 'type', variants), { type: 'a', x: 'no' }, '/x');
  });
  it('a closed tagged union rejects an unknown tag', () => {
    rejects((v, at) => rt.tagged(v, at, 'type', variants), { type: 'c' }, '/type', /expected one of "a", "b"/);
  });
  it('an open tagged union keeps an unknown tag, and the whole object, unchanged', () => {
    const text = '{"type":"web_search","search":{"depth":2,"sites":["a"]},"n":null}';
    const out = rt.tagged(JSON.parse(text), '', 'type', variants, true);
    assert.equal(JSON.stringify(out), text);
  });
  it('an open tagged union still checks a known tag', () => {
    rejects((v, at) => rt.tagged(v, at, 'type', variants, true), { type: 'a', x: 'no' }, '/x');
  });
  it('an open tagged union still wants a string tag', () => {
    rejects((v, at) => rt.tagged(v, at, 'type', variants, true), { type: 3 }, '/type');
    rejects((v, at) => rt.tagged(v, at, 'type', variants, true), {}, '', /missing required property "type"/);
  });
  it('knownTag tells the known variants from the others', () => {
    assert.equal(rt.knownTag({ type: 'a' }, 'type', variants), true);
    assert.equal(rt.knownTag({ type: 'z' }, 'type', variants), false);
  });
  it('an exclusive union rejects a value two variants accept; an inclusive one takes the first', () => {
    const both = [rt.integer(), rt.number()] as const;
    rejects((v, at) => rt.union(v, at, both, true), 1, '', /matches 2 variants/);
    assert.equal(rt.union(1, '', both, false), 1);
  });
  it('a union told apart by JSON type sends the value to its variant, which checks it in full', () => {
    const cases = rt.types<unknown>(['string', rt.literal('inf')], ['integer', rt.integer({ maximum: 10 })]);
    assert.equal(rt.byJsonType('inf', '', cases), 'inf');
    assert.equal(rt.byJsonType(7.0, '', cases), 7);
    rejects((v, at) => rt.byJsonType(v, at, cases), 'infinite', '', /expected "inf"/);
    rejects((v, at) => rt.byJsonType(v, at, cases), 11, '', /must be <= 10/);
    rejects((v, at) => rt.byJsonType(v, at, cases), true, '', /expected a string or an integer, got a boolean/);
  });
  it('an integer goes to a number variant when there is no integer one', () => {
    const cases = rt.types<unknown>(['number', rt.number()], ['null', rt.nullable(rt.number())]);
    assert.equal(rt.byJsonType(3, '', cases), 3);
    assert.equal(rt.byJsonType(null, '', cases), null);
    rejects((v, at) => rt.byJsonType(v, at, cases), Number.NaN, '', /expected a number or null/);
  });
  it('when no variant matches, the error is the one that got furthest', () => {
    const obj = (v: unknown, at: string) => rt.object(v, at, rt.fields(['n', rt.integer(), rt.REQUIRED]), true);
    rejects((v, at) => rt.union(v, at, [rt.literal('auto'), obj], true), { n: 'x' }, '/n');
  });
});

describe('secrets', () => {
  it('an error in a secret never quotes the value', () => {
    const check = rt.secret(rt.literal('expected'));
    assert.throws(
      () => check('ek_the_secret', '/value'),
      (error: unknown) =>
        error instanceof rt.ValidationError &&
        error.pointer === '/value' &&
        !error.message.includes('ek_the_secret') &&
        !String(error).includes('ek_the_secret'),
    );
  });
  it('a secret that passes is returned as it is', () => {
    assert.equal(rt.secret(rt.string())('ek_1', ''), 'ek_1');
  });
  it('a redacted secret string reads REDACTED', () => {
    assert.equal(rt.redactSecret('ek_1'), rt.REDACTED);
  });
  it('a redacted map of secrets keeps its keys, and null stays null', () => {
    assert.deepEqual(rt.redactSecret({ Authorization: 'Bearer x' }), { Authorization: rt.REDACTED });
    assert.equal(rt.redactSecret(null), null);
  });
  it('an object redactor redacts the listed properties and copies the rest', () => {
    const redact = rt.redactObject(['value', rt.redactSecret]);
    const input = { value: 'ek_1', expires_at: 1, later: { a: [1] } };
    const out = redact(input) as typeof input;
    assert.deepEqual(out, { value: rt.REDACTED, expires_at: 1, later: { a: [1] } });
    assert.equal(input.value, 'ek_1');
    assert.notEqual(out.later, input.later);
  });
  it('redaction goes through arrays, maps and tagged unions, and leaves unknown tags as they are', () => {
    const secretTool = rt.redactObject(['authorization', rt.redactSecret]);
    const tools = rt.redactArray(rt.redactTagged('type', ['mcp', secretTool]));
    assert.deepEqual(tools([{ type: 'mcp', authorization: 't' }, { type: 'other', authorization: 't' }]), [
      { type: 'mcp', authorization: rt.REDACTED },
      { type: 'other', authorization: 't' },
    ]);
    assert.deepEqual(rt.redactMap(secretTool)({ k: { authorization: 't' } }), { k: { authorization: rt.REDACTED } });
  });
  it('an untagged union redacts as the first variant the value passes', () => {
    const obj = (v: unknown, at: string) => rt.object(v, at, rt.fields(['key', rt.string(), rt.REQUIRED]), true);
    const redact = rt.redactUnion([rt.literal('auto'), rt.keep], [obj, rt.redactObject(['key', rt.redactSecret])]);
    assert.equal(redact('auto'), 'auto');
    assert.deepEqual(redact({ key: 'k' }), { key: rt.REDACTED });
  });
});
