import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { isWardenError } from '../../../src/errors.js';
import { SigningKeyRepo } from '../../../src/store/repos/signing-keys.js';
import { ManualClock } from '../../../src/util/clock.js';
import { DIALECTS } from '../../helpers/stores.js';
import { ISSUER, MAX_TTL, memorySealer, wardenTokens } from './helpers.js';

const agent = { id: 'agt_01abc', name: 'refund-agent' };

for (const d of DIALECTS) {
  describe(`signing keys persist (${d.name})`, () => {
    it('creates one key on first start; a second instance loads it instead of making another', async () => {
      const t = await d.open();
      try {
        const repo = new SigningKeyRepo(t.store.db);
        const sealer = memorySealer();
        const clock = new ManualClock(Date.now());
        const a = await wardenTokens(clock, repo, sealer);
        const b = await wardenTokens(clock, repo, sealer);
        const rows = await repo.list();
        assert.equal(rows.length, 1);
        const row = rows[0]!;
        assert.equal(row.alg, 'EdDSA');
        assert.equal(row.retiredAt, null);
        assert.equal(b.keys.signingKey().kid, row.kid);

        // Public half in clear, without private material; private half sealed and bound to its kid.
        const jwk = JSON.parse(row.publicJwk);
        assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
        assert.equal(sealer.open(`signing-key:${row.kid}`, row.privateEnvelope).length > 0, true);
        assert.throws(() => sealer.open('signing-key:sig_other', row.privateEnvelope));

        const { token } = a.tokens.issue({ agent });
        assert.equal((await b.tokens.verify(token)).sub, agent.id);
        a.keys.close();
        b.keys.close();
      } finally {
        await t.cleanup();
      }
    });

    it('two instances starting at once on an empty table both come up and trust each other', async () => {
      const t = await d.open();
      try {
        const repo = new SigningKeyRepo(t.store.db);
        const sealer = memorySealer();
        const clock = new ManualClock(Date.now());
        const [a, b] = await Promise.all([wardenTokens(clock, repo, sealer), wardenTokens(clock, repo, sealer)]);
        const rows = await repo.list();
        assert.ok(rows.length === 1 || rows.length === 2);
        assert.equal(new Set(rows.map((r) => r.kid)).size, rows.length);
        await Promise.all([a.keys.refresh(true), b.keys.refresh(true)]);
        assert.equal(a.keys.signingKey().kid, b.keys.signingKey().kid, 'after a refresh every instance signs with the same key');
        assert.equal((await b.tokens.verify(a.tokens.issue({ agent }).token)).sub, agent.id);
        assert.equal((await a.tokens.verify(b.tokens.issue({ agent }).token)).sub, agent.id);
        a.keys.close();
        b.keys.close();
      } finally {
        await t.cleanup();
      }
    });

    it('rotation: new tokens use the new kid, old tokens verify until they expire, the JWKS publishes both meanwhile', async () => {
      const t = await d.open();
      try {
        const repo = new SigningKeyRepo(t.store.db);
        const sealer = memorySealer();
        const clock = new ManualClock(Date.now());
        const a = await wardenTokens(clock, repo, sealer);
        const b = await wardenTokens(clock, repo, sealer);
        const oldKid = a.keys.signingKey().kid;
        const oldToken = a.tokens.issue({ agent, ttlMs: MAX_TTL }).token;

        clock.advance(1000);
        const fresh = await a.keys.rotate();
        assert.notEqual(fresh.kid, oldKid);
        const rows = await repo.list();
        assert.equal(rows.find((r) => r.kid === oldKid)!.retiredAt, clock.now());
        assert.equal(rows.find((r) => r.kid === fresh.kid)!.retiredAt, null);

        const newToken = a.tokens.issue({ agent }).token;
        assert.equal(decodeProtectedHeader(newToken).kid, fresh.kid);
        assert.deepEqual(a.keys.jwks().keys.map((k) => k.kid).sort(), [oldKid, fresh.kid].sort());

        // The old token still verifies, through the signature path too; jose agrees.
        a.tokens.clearCache();
        assert.equal((await a.tokens.verify(oldToken)).sub, agent.id);
        await jwtVerify(oldToken, createLocalJWKSet(a.keys.jwks()), { issuer: ISSUER, audience: 'warden', currentDate: new Date(clock.now()) });

        // Another instance meets the new kid and re-reads the table (after its throttle).
        clock.advance(6000);
        assert.equal((await b.tokens.verify(newToken)).sub, agent.id);
        assert.equal(b.keys.signingKey().kid, fresh.kid);

        // Once every token the old key could have signed has expired, it is no longer published.
        clock.advance(MAX_TTL);
        assert.deepEqual(a.keys.jwks().keys.map((k) => k.kid), [fresh.kid]);
        a.tokens.clearCache();
        await assert.rejects(a.tokens.verify(oldToken), (e: unknown) => isWardenError(e) && (e.code === 'token.expired' || e.code === 'token.unknown_kid'));
        a.keys.close();
        b.keys.close();
      } finally {
        await t.cleanup();
      }
    });

    it('fails closed when the private key cannot be unsealed', async () => {
      const t = await d.open();
      try {
        const repo = new SigningKeyRepo(t.store.db);
        const clock = new ManualClock(Date.now());
        (await wardenTokens(clock, repo, memorySealer())).keys.close();
        await assert.rejects(wardenTokens(clock, repo, memorySealer()), (e: unknown) => isWardenError(e) && e.code === 'token.signing_key_unavailable');
      } finally {
        await t.cleanup();
      }
    });
  });
}
