import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { envelopeKid, open, rewrap, seal } from '../../src/vault/envelope.js';
import { Keyring } from '../../src/vault/master-key.js';
import { WardenError } from '../../src/errors.js';

const ring = Keyring.of([randomBytes(32)]);
const AAD = 'secret:sec_test:v1';

function assertDecryptFailed(fn: () => unknown, secret?: Buffer): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WardenError, `expected WardenError, got ${String(e)}`);
    assert.equal(e.code, 'vault.decrypt_failed');
    if (secret) {
      const text = JSON.stringify(e.toJSON()) + String(e.stack);
      assert.ok(!text.includes(secret.toString('utf8')));
      assert.ok(!text.includes(secret.toString('base64')));
      assert.ok(!text.includes(secret.toString('hex')));
    }
    return true;
  });
}

describe('envelope', () => {
  it('round-trips text, binary, empty and 64 KiB values', () => {
    for (const pt of [Buffer.from('sk-live-abc'), randomBytes(100), Buffer.alloc(0), randomBytes(64 * 1024)]) {
      const env = seal(ring, pt, AAD);
      assert.deepEqual(open(ring, env, AAD), pt);
    }
  });

  it('is self-describing and never repeats (fresh data key and IVs)', () => {
    const pt = Buffer.from('same value');
    const a = seal(ring, pt, AAD);
    const b = seal(ring, pt, AAD);
    assert.notEqual(a, b);
    const parts = a.split(':');
    assert.equal(parts.length, 9);
    assert.equal(parts[0], 'v1');
    assert.equal(parts[1], 'A256GCM');
    assert.equal(parts[2], ring.primaryKid);
    assert.equal(envelopeKid(a), ring.primaryKid);
    assert.equal(envelopeKid('garbage'), undefined);
    const bParts = b.split(':');
    for (const i of [3, 4, 5, 6, 7, 8]) assert.notEqual(parts[i], bParts[i]);
    assert.ok(!a.includes(pt.toString('base64')));
  });

  it('detects tampering with any character', () => {
    const pt = Buffer.from('tamper-canary-value');
    const env = seal(ring, pt, AAD);
    for (let i = 0; i < env.length; i++) {
      const c = env[i]!;
      const replacement = c === 'A' ? 'B' : 'A';
      assertDecryptFailed(() => open(ring, env.slice(0, i) + replacement + env.slice(i + 1), AAD), pt);
    }
    // Truncation and extension.
    assertDecryptFailed(() => open(ring, env.slice(0, -1), AAD), pt);
    assertDecryptFailed(() => open(ring, `${env}A`, AAD), pt);
    assertDecryptFailed(() => open(ring, `${env}:`, AAD), pt);
    assertDecryptFailed(() => open(ring, '', AAD), pt);
  });

  it('detects a flipped bit in every byte of every binary part', () => {
    const pt = Buffer.from('bitflip-canary');
    const env = seal(ring, pt, AAD);
    const parts = env.split(':');
    for (let p = 3; p < parts.length; p++) {
      const bytes = Buffer.from(parts[p]!, 'base64url');
      for (let i = 0; i < bytes.length; i++) {
        const copy = Buffer.from(bytes);
        copy[i] = copy[i]! ^ 0x01;
        const tampered = [...parts.slice(0, p), copy.toString('base64url'), ...parts.slice(p + 1)].join(':');
        assertDecryptFailed(() => open(ring, tampered, AAD), pt);
      }
    }
  });

  it('refuses another context (aad), another key, or spliced parts', () => {
    const pt = Buffer.from('context-bound');
    const env = seal(ring, pt, AAD);
    assertDecryptFailed(() => open(ring, env, 'secret:sec_test:v2'), pt);
    assertDecryptFailed(() => open(ring, env, 'secret:sec_other:v1'), pt);
    assertDecryptFailed(() => open(Keyring.of([randomBytes(32)]), env, AAD), pt);
    // The wrapped data key of one envelope does not open another's ciphertext.
    const other = seal(ring, Buffer.from('other'), AAD).split(':');
    const mine = env.split(':');
    const spliced = [...mine.slice(0, 3), ...other.slice(3, 6), ...mine.slice(6)].join(':');
    assertDecryptFailed(() => open(ring, spliced, AAD), pt);
    assert.throws(() => seal(ring, pt, ''), TypeError);
  });

  it('rewraps only the data key under the new primary key', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const oldRing = Keyring.of([oldKey]);
    const both = Keyring.of([newKey, oldKey]);
    const pt = Buffer.from('rewrap me');
    const env = seal(oldRing, pt, AAD);
    // Before rewrap, a keyring with both keys opens it (reads keep working during rotation).
    assert.deepEqual(open(both, env, AAD), pt);

    const re = rewrap(both, env, AAD);
    assert.equal(envelopeKid(re), both.primaryKid);
    assert.deepEqual(re.split(':').slice(6), env.split(':').slice(6), 'iv, tag and ciphertext unchanged');
    assert.deepEqual(open(both, re, AAD), pt);
    assert.deepEqual(open(Keyring.of([newKey]), re, AAD), pt);
    assertDecryptFailed(() => open(oldRing, re, AAD));

    // Without a context the data key is still re-wrapped (for material sealed by other modules).
    assert.deepEqual(open(Keyring.of([newKey]), rewrap(both, env), AAD), pt);
    // Already current: unchanged. Wrong context: refused before anything is re-wrapped.
    assert.equal(rewrap(both, re, AAD), re);
    assertDecryptFailed(() => rewrap(both, env, 'secret:sec_test:v9'));
    assertDecryptFailed(() => rewrap(Keyring.of([newKey]), env));
  });
});
