import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { isWardenError } from '../../../src/errors.js';
import { AccessTokens, resolveIssuer } from '../../../src/identity/tokens/access-tokens.js';
import { ManualClock } from '../../../src/util/clock.js';
import { ISSUER, MAX_TTL, wardenTokens } from './helpers.js';

const agent = { id: 'agt_01abc', name: 'refund-agent' };

function rejectsWith(fn: () => unknown, code: string) {
  assert.throws(fn, (e: unknown) => isWardenError(e) && e.code === code && e.status === 401, `expected ${code}`);
}

describe('Warden access tokens', () => {
  it('issues EdDSA tokens with the documented claims; verify returns them', async () => {
    const clock = new ManualClock(Date.now());
    const { tokens, keys } = await wardenTokens(clock);
    const { token, claims, expiresIn } = tokens.issue({ agent });
    assert.equal(expiresIn, 600);
    const v = await tokens.verify(token);
    assert.deepEqual(v, claims);
    assert.equal(v.iss, ISSUER);
    assert.equal(v.aud, 'warden');
    assert.equal(v.sub, agent.id);
    assert.equal(v.exp - v.iat, 600);
    assert.match(v.jti, /^tok_/);
    // jose agrees with the home-grown verifier.
    const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys.jwks()), { issuer: ISSUER, audience: 'warden', algorithms: ['EdDSA'], currentDate: new Date(clock.now()) });
    assert.equal(protectedHeader.kid, keys.signingKey().kid);
  });

  it('caps the lifetime at max_access_token_ttl', async () => {
    const { tokens } = await wardenTokens(new ManualClock(Date.now()));
    assert.equal(tokens.issue({ agent, ttlMs: 10 * MAX_TTL }).expiresIn, MAX_TTL / 1000);
  });

  it('derives the issuer from configuration', () => {
    assert.equal(resolveIssuer({ identity: { issuer: 'https://id.example' }, server: { public_url: 'https://gw.example/' } }), 'https://id.example');
    assert.equal(resolveIssuer({ identity: {}, server: { public_url: 'https://gw.example/' } }), 'https://gw.example');
    assert.equal(resolveIssuer({ identity: {}, server: {} }), 'warden');
  });

  it('a second verification is a cache hit: same claims, no key lookup, no signature check', async () => {
    const clock = new ManualClock(Date.now());
    const { tokens, keys } = await wardenTokens(clock);
    let lookups = 0;
    const counting = new AccessTokens({
      keys: { signingKey: () => keys.signingKey(), refresh: () => keys.refresh(), publicKey: (kid) => (lookups++, keys.publicKey(kid)) },
      issuer: ISSUER,
      clock,
    });
    const { token } = tokens.issue({ agent });
    const first = counting.verifySync(token);
    const second = counting.verifySync(token);
    assert.equal(lookups, 1);
    assert.equal(second, first);
    assert.ok(Object.isFrozen(second) && Object.isFrozen(second.agent), 'cached claims cannot be altered by a caller');
    // The cached entry dies with the token.
    clock.advance(600_000 + 5_000);
    rejectsWith(() => counting.verifySync(token), 'token.expired');
  });

  it('the cache is bounded', async () => {
    const clock = new ManualClock(Date.now());
    const { keys, tokens } = await wardenTokens(clock);
    const small = new AccessTokens({ keys, issuer: ISSUER, clock, cacheSize: 3 });
    const issued = Array.from({ length: 10 }, () => tokens.issue({ agent }).token);
    for (const t of issued) small.verifySync(t);
    assert.ok((small as unknown as { cache: Map<string, unknown> }).cache.size <= 3);
    for (const t of issued) assert.equal(small.verifySync(t).sub, agent.id);
  });

  it('refuses expired, tampered, foreign, unsigned and malformed tokens with distinct codes', async () => {
    const clock = new ManualClock(Date.now());
    const { tokens, keys } = await wardenTokens(clock);
    const { token } = tokens.issue({ agent });
    const [h, p, s] = token.split('.') as [string, string, string];

    // Bad signature: the payload changed after signing.
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'agt_other' })).toString('base64url');
    rejectsWith(() => tokens.verifySync(`${h}.${forged}.${s}`), 'token.bad_signature');
    rejectsWith(() => tokens.verifySync(`${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`), 'token.bad_signature');

    // Unknown kid.
    const otherHeader = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'at+jwt', kid: 'sig_unknown' })).toString('base64url');
    rejectsWith(() => tokens.verifySync(`${otherHeader}.${p}.${s}`), 'token.unknown_kid');
    await assert.rejects(tokens.verify(`${otherHeader}.${p}.${s}`), (e: unknown) => isWardenError(e) && e.code === 'token.unknown_kid');

    // Unsigned, and a different algorithm.
    const none = new UnsecuredJWT({ sub: agent.id, agent }).setIssuer(ISSUER).setAudience('warden').setExpirationTime('5m').encode();
    rejectsWith(() => tokens.verifySync(none), 'token.unsigned');
    const hs = await new SignJWT({ agent }).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: keys.signingKey().kid }).setIssuer(ISSUER).setAudience('warden').setExpirationTime('5m').sign(new Uint8Array(32));
    rejectsWith(() => tokens.verifySync(hs), 'token.disallowed_alg');

    // Properly signed by Warden's key, but for another audience or by another issuer.
    const sign = (claims: Record<string, unknown>, iss = ISSUER, aud = 'warden') =>
      new SignJWT({ agent, jti: 'tok_x', ...claims })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: keys.signingKey().kid })
        .setSubject(agent.id)
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt(Math.floor(clock.now() / 1000))
        .setExpirationTime(Math.floor(clock.now() / 1000) + 300)
        .sign(keys.signingKey().privateKey);
    const foreignAud = await sign({}, ISSUER, 'someone-else');
    const foreignIss = await sign({}, 'https://other-warden.test');
    const future = await sign({ nbf: Math.floor(clock.now() / 1000) + 600 });
    rejectsWith(() => tokens.verifySync(foreignAud), 'token.wrong_audience');
    rejectsWith(() => tokens.verifySync(foreignIss), 'token.wrong_issuer');
    // Tokens from the future (beyond the clock tolerance) are not valid yet.
    rejectsWith(() => tokens.verifySync(future), 'token.not_yet_valid');

    for (const bad of ['', 'abc', 'a.b', 'a.b.c', `${h}.${p}`, `${h}.!!!.${s}`, 'x'.repeat(9000)]) rejectsWith(() => tokens.verifySync(bad), 'token.malformed');

    // Expired: the cached path and the uncached path agree.
    tokens.verifySync(token);
    clock.advance(601_000 + 5_000);
    rejectsWith(() => tokens.verifySync(token), 'token.expired');
    tokens.clearCache();
    rejectsWith(() => tokens.verifySync(token), 'token.expired');
  });
});
