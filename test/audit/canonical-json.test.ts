import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as jcs from 'canonicalize';
import { canonicalJson } from '../../src/audit/canonical-json.js';

const reference = jcs.default as unknown as (v: unknown) => string | undefined;

/** A small deterministic generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KEYS = ['a', 'b', 'Z', 'é', '\u{1F600}', '\u20ac', '\r', '', 'aa', 'a\u0000', 'ab', 'kind', 'id', '_x', '$', '-', 'A1', '10', '9', '1e3', 'ﬀ'];
const STRINGS = ['', 'plain', 'quote " and \\ backslash', 'line\nbreak\ttab', '\u2028\u2029', 'emoji \u{1F600}', '\u0007 control', 'ünïcödé'];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, 2 ** 53, 0.0031, 333333333.3333333];

function value(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 4 : 6));
  switch (k) {
    case 0: return STRINGS[Math.floor(r() * STRINGS.length)];
    case 1: return NUMBERS[Math.floor(r() * NUMBERS.length)];
    case 2: return r() < 0.5 ? null : r() < 0.5;
    case 3: return undefined;
    case 4: return Array.from({ length: Math.floor(r() * 4) }, () => { const v = value(r, depth + 1); return v === undefined ? null : v; });
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 6); i > 0; i--) o[KEYS[Math.floor(r() * KEYS.length)]!] = value(r, depth + 1);
      return o;
    }
  }
}

describe('canonical JSON (RFC 8785)', () => {
  it('is byte-identical to the reference implementation on 5,000 generated values (unsorted keys, integer-like keys, escapes, numbers)', () => {
    const r = rng(42);
    for (let i = 0; i < 5000; i++) {
      const v = { top: value(r, 0), n: i };
      assert.equal(canonicalJson(v), reference(v), JSON.stringify(v));
    }
  });

  it('sorts members by UTF-16 code units, drops undefined members, and copies nothing it does not have to', () => {
    const inner = { a: 1, b: 2 };
    const v = { z: inner, '\u{1F600}': 1, '\u20ac': 2, a: undefined, B: [inner] };
    assert.equal(canonicalJson(v), '{"B":[{"a":1,"b":2}],"z":{"a":1,"b":2},"\u20ac":2,"\u{1F600}":1}');
    assert.deepEqual(Object.keys(v), ['z', '\u{1F600}', '\u20ac', 'a', 'B'], 'the input is not reordered');
  });

  it('hands what JSON.stringify would encode differently to the reference: integer-like keys, toJSON, non-finite numbers', () => {
    assert.equal(canonicalJson({ b: 1, 10: 'x', 9: 'y' }), '{"10":"x","9":"y","b":1}');
    const d = new Date(0);
    assert.equal(canonicalJson({ d }), reference({ d }));
    assert.throws(() => canonicalJson({ x: Number.NaN }), /NaN/);
    assert.throws(() => canonicalJson({ x: Infinity }), /Infinity/);
  });

  it('encodes what JSON would keep: functions and symbols left out, never a bare undefined in the text', () => {
    const v = { i: 2, f: () => 1, s: Symbol('x'), list: [1, () => 2] };
    const text = canonicalJson(v)!;
    assert.equal(text, '{"i":2,"list":[1,null]}');
    assert.doesNotThrow(() => JSON.parse(text));
    assert.throws(() => canonicalJson({ n: 1n }), /BigInt/);
  });
});
