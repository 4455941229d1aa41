import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { TokenExchange, TokenExchangeError } from '../../../src/identity/tokens/exchange.js';
import { ManualClock } from '../../../src/util/clock.js';
import { GRANT, ID_TOKEN_TYPE, ISSUER, JWT_TYPE, harness, makeIdp, wardenTokens, type Harness } from './helpers.js';

describe('POST /oauth/token (RFC 8693 token exchange)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => {
    await h.close();
  });

  const refundClaims = { sub: 'system:serviceaccount:payments:refunds', namespace: 'payments', service_account: 'refunds' };
  const exchange = (subject_token: string, extra: Record<string, string> = {}) =>
    h.post({ grant_type: GRANT, subject_token, subject_token_type: JWT_TYPE, ...extra });

  /** Asserts an RFC 6749 §5.2 refusal with the given codes, and that nothing echoes the token. */
  async function refused(res: Awaited<ReturnType<Harness['post']>>, error: string, code: string, token?: string) {
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error, error);
    assert.equal(res.body.warden_code, code);
    assert.equal(typeof res.body.error_description, 'string');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    if (token) {
      assert.ok(!res.text.includes(token), 'the error must not echo the token');
      for (const part of token.split('.').filter((p) => p.length > 8)) assert.ok(!res.text.includes(part), 'the error must not echo any part of the token');
      assert.ok(!JSON.stringify(h.events).includes(token), 'events must not carry the token');
    }
    const last = h.events.at(-1)!;
    assert.equal(last.outcome, 'refused');
    assert.equal(last.wardenCode, code);
  }

  it('exchanges a workload token for a Warden access token that verifies against /.well-known/jwks.json', async () => {
    const subject = await h.workload.mint(refundClaims);
    const res = await exchange(subject);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.issued_token_type, 'urn:ietf:params:oauth:token-type:access_token');
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 600);
    assert.equal(res.headers.get('cache-control'), 'no-store');

    // A relying party verifies with nothing but the published key set.
    const jwks = createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(res.body.access_token as string, jwks, { issuer: ISSUER, audience: 'warden', algorithms: ['EdDSA'] });
    assert.equal(protectedHeader.alg, 'EdDSA');
    assert.equal(protectedHeader.typ, 'at+jwt');
    assert.equal(payload.sub, 'agt_01refund');
    assert.deepEqual(payload.agent, { id: 'agt_01refund', name: 'refund-agent' });
    assert.equal(payload.exp! - payload.iat!, 600);
    assert.ok(Math.abs(payload.exp! - (Date.now() / 1000 + 600)) < 30);
    assert.match(payload.jti!, /^tok_[0-9a-z]{26}$/);
    assert.equal(payload.obo, undefined);
    assert.equal(payload.act, undefined);

    // Warden's own verifier agrees.
    const claims = await h.tokens.verify(res.body.access_token as string);
    assert.equal(claims.jti, payload.jti);

    const e = h.events.at(-1)!;
    assert.deepEqual(
      { outcome: e.outcome, agentId: e.agentId, issuer: e.issuer, jti: e.jti },
      { outcome: 'issued', agentId: 'agt_01refund', issuer: 'https://k8s.test', jti: payload.jti },
    );
    const logged = JSON.stringify(h.events);
    assert.ok(!logged.includes(subject) && !logged.includes(res.body.access_token as string));
  });

  it('accepts JSON bodies, id_token subjects, and binds through agent_claim with a glob', async () => {
    h.agents.set('agent-ledger', { id: 'agt_01ledger2', name: 'agent-ledger', status: 'active' });
    try {
      const subject = await h.workload.mint({ sub: 'x', namespace: 'payments', service_account: 'agent-ledger' });
      const res = await h.post({ grant_type: GRANT, subject_token: subject, subject_token_type: ID_TOKEN_TYPE, requested_token_type: 'urn:ietf:params:oauth:token-type:access_token' }, 'json');
      assert.equal(res.status, 200, res.text);
      assert.equal(decodeJwt(res.body.access_token as string).sub, 'agt_01ledger2');
    } finally {
      h.agents.set('agent-ledger', { id: 'agt_01ledger', name: 'agent-ledger', status: 'quarantined' });
    }
  });

  it('never issues a token that outlives the one it was exchanged for', async () => {
    const exp = Math.floor(h.clock.now() / 1000) + 120;
    const res = await exchange(await h.workload.mint(refundClaims, { exp }));
    assert.equal(res.status, 200, res.text);
    assert.ok((res.body.expires_in as number) <= 120);
    assert.ok(decodeJwt(res.body.access_token as string).exp! <= exp);
  });

  it('carries scope through to the token and the response', async () => {
    const res = await exchange(await h.workload.mint(refundClaims), { scope: 'llm:chat tools:refund' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.scope, 'llm:chat tools:refund');
    assert.equal(decodeJwt(res.body.access_token as string).scope, 'llm:chat tools:refund');
  });

  describe('delegation: subject = the user, actor = the agent', () => {
    it('issues a token for the agent acting on behalf of the user', async () => {
      const user = await h.idp.mint({ sub: 'u-123', email: 'alice@example.com' });
      const actor = await h.workload.mint(refundClaims);
      const res = await h.post({ grant_type: GRANT, subject_token: user, subject_token_type: ID_TOKEN_TYPE, actor_token: actor, actor_token_type: JWT_TYPE });
      assert.equal(res.status, 200, res.text);
      const claims = await h.tokens.verify(res.body.access_token as string);
      assert.equal(claims.sub, 'agt_01refund');
      assert.deepEqual(claims.agent, { id: 'agt_01refund', name: 'refund-agent' });
      assert.deepEqual(claims.obo, { sub: 'alice@example.com', iss: 'https://idp.test' });
      assert.deepEqual(claims.act, { sub: 'agt_01refund', iss: ISSUER });
      const e = h.events.at(-1)!;
      assert.equal(e.user, 'alice@example.com');
      assert.equal(e.userIssuer, 'https://idp.test');
      assert.equal(e.issuer, 'https://k8s.test');
    });

    it('keeps an actor chain the user token already carries, nested under the agent', async () => {
      const user = await h.idp.mint({ sub: 'u-1', email: 'bob@example.com', act: { sub: 'gateway-app', iss: 'https://idp.test', extra: 'dropped' } });
      const res = await h.post({ grant_type: GRANT, subject_token: user, subject_token_type: ID_TOKEN_TYPE, actor_token: await h.workload.mint(refundClaims), actor_token_type: JWT_TYPE });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(decodeJwt(res.body.access_token as string).act, { sub: 'agt_01refund', iss: ISSUER, act: { sub: 'gateway-app', iss: 'https://idp.test' } });
    });

    it('records the user when one token names both the agent and the user', async () => {
      const res = await exchange(await h.idp.mint({ sub: 'u-9', email: 'carol@example.com', client_id: 'support-web' }));
      assert.equal(res.status, 200, res.text);
      const claims = decodeJwt(res.body.access_token as string);
      assert.equal(claims.sub, 'agt_01support');
      assert.deepEqual(claims.obo, { sub: 'carol@example.com', iss: 'https://idp.test' });
    });

    it('refuses delegation when the subject token names no user', async () => {
      const user = await h.workload.mint(refundClaims);
      const res = await h.post({ grant_type: GRANT, subject_token: user, subject_token_type: JWT_TYPE, actor_token: await h.workload.mint(refundClaims), actor_token_type: JWT_TYPE });
      await refused(res, 'invalid_grant', 'token.no_user', user);
    });

    it('honours may_act in the subject token', async () => {
      const user = await h.idp.mint({ sub: 'u-1', email: 'dave@example.com', may_act: { sub: 'someone-else' } });
      const actor = await h.workload.mint(refundClaims);
      const res = await h.post({ grant_type: GRANT, subject_token: user, subject_token_type: ID_TOKEN_TYPE, actor_token: actor, actor_token_type: JWT_TYPE });
      await refused(res, 'invalid_grant', 'token.actor_not_allowed', actor);
    });

    it('requires actor_token_type with actor_token', async () => {
      const res = await h.post({ grant_type: GRANT, subject_token: await h.idp.mint({ email: 'e@x' }), subject_token_type: JWT_TYPE, actor_token: await h.workload.mint(refundClaims) });
      await refused(res, 'invalid_request', 'exchange.missing_parameter');
    });
  });

  describe('refusals, each with its own warden_code', () => {
    it('expired subject token', async () => {
      const t = await h.workload.mint(refundClaims, { exp: Math.floor(Date.now() / 1000) - 300 });
      await refused(await exchange(t), 'invalid_grant', 'token.expired', t);
    });

    it('wrong audience', async () => {
      const t = await h.workload.mint(refundClaims, { aud: 'someone-else' });
      await refused(await exchange(t), 'invalid_grant', 'token.wrong_audience', t);
    });

    it('untrusted issuer', async () => {
      const t = await h.workload.mint(refundClaims, { iss: 'https://evil.test' });
      await refused(await exchange(t), 'invalid_grant', 'token.untrusted_issuer', t);
      assert.equal(h.events.at(-1)!.issuer, 'https://evil.test');
    });

    it('unsigned token (alg none) is refused before any verification', async () => {
      const t = new UnsecuredJWT({ ...refundClaims }).setIssuer('https://k8s.test').setAudience('warden').setExpirationTime('1h').encode();
      assert.equal(decodeProtectedHeader(t).alg, 'none');
      await refused(await exchange(t), 'invalid_grant', 'token.unsigned', t);
      // Even from an issuer nobody trusts: the header alone decides.
      const t2 = new UnsecuredJWT({}).setIssuer('https://evil.test').encode();
      await refused(await exchange(t2), 'invalid_grant', 'token.unsigned');
    });

    it('unknown kid', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const t = await h.workload.mint(refundClaims, { kid: 'not-published', key: privateKey });
      await refused(await exchange(t), 'invalid_grant', 'token.unknown_kid', t);
    });

    it('bad signature (payload tampered after signing)', async () => {
      const good = await h.workload.mint({ ...refundClaims, service_account: 'nobody' });
      const [hd, , sig] = good.split('.');
      const forged = Buffer.from(JSON.stringify({ ...decodeJwt(good), service_account: 'refunds' })).toString('base64url');
      const t = `${hd}.${forged}.${sig}`;
      await refused(await exchange(t), 'invalid_grant', 'token.bad_signature', t);
    });

    it('bad signature (signed by another key under the published kid)', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const t = await h.workload.mint(refundClaims, { key: privateKey });
      await refused(await exchange(t), 'invalid_grant', 'token.bad_signature', t);
    });

    it('malformed tokens', async () => {
      for (const t of ['not-a-jwt', 'a.b.c', 'eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2ln', 'a.b.c.d.e']) {
        await refused(await exchange(t), 'invalid_grant', 'token.malformed');
      }
      const noIss = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: h.workload.kid }).setExpirationTime('1h').sign(h.workload.privateKey);
      await refused(await exchange(noIss), 'invalid_grant', 'token.malformed', noIss);
    });

    it('disallowed algorithm (HS256 keyed with the public key: the classic confusion attack)', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(h.workload.jwks[0]));
      const t = await new SignJWT({ ...refundClaims })
        .setProtectedHeader({ alg: 'HS256', kid: h.workload.kid })
        .setIssuer(h.workload.issuer)
        .setAudience('warden')
        .setExpirationTime('1h')
        .sign(secret);
      await refused(await exchange(t), 'invalid_grant', 'token.disallowed_alg', t);
    });

    it('no binding matches', async () => {
      const t = await h.workload.mint({ sub: 'x', namespace: 'payments', service_account: 'intruder' });
      await refused(await exchange(t), 'invalid_grant', 'token.no_binding', t);
    });

    it('unknown agent', async () => {
      const t = await h.workload.mint({ sub: 'x', namespace: 'payments', service_account: 'agent-ghost' });
      await refused(await exchange(t), 'invalid_grant', 'agent.unknown', t);
    });

    it('inactive agent', async () => {
      const t = await h.workload.mint({ sub: 'x', namespace: 'payments', service_account: 'agent-ledger' });
      await refused(await exchange(t), 'invalid_grant', 'agent.inactive', t);
      assert.equal(h.events.at(-1)!.agentId, 'agt_01ledger');
    });

    it('wrong grant type, missing and repeated parameters, foreign audience, unsupported token types', async () => {
      const t = await h.workload.mint(refundClaims);
      await refused(await h.post({ grant_type: 'client_credentials' }), 'unsupported_grant_type', 'exchange.unsupported_grant_type');
      await refused(await h.post({ grant_type: GRANT, subject_token_type: JWT_TYPE }), 'invalid_request', 'exchange.missing_parameter');
      await refused(await exchange(t, { subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' }), 'invalid_request', 'exchange.unsupported_token_type', t);
      await refused(await exchange(t, { requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' }), 'invalid_request', 'exchange.unsupported_token_type', t);
      await refused(await exchange(t, { audience: 'https://elsewhere.test' }), 'invalid_target', 'exchange.invalid_target', t);
      await refused(await exchange(t, { scope: 'bad"scope' }), 'invalid_scope', 'exchange.invalid_scope', t);

      const form = `grant_type=${encodeURIComponent(GRANT)}&subject_token=${t}&subject_token=${t}&subject_token_type=${encodeURIComponent(JWT_TYPE)}`;
      const res = await fetch(`${h.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
      const text = await res.text();
      assert.equal(res.status, 400);
      assert.equal(JSON.parse(text).warden_code, 'exchange.duplicate_parameter');
      assert.ok(!text.includes(t));
    });

    it('unparseable bodies get an OAuth error that does not quote the body', async () => {
      const t = await h.workload.mint(refundClaims);
      const res = await fetch(`${h.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"subject_token":"${t}"` });
      const text = await res.text();
      assert.equal(res.status, 400);
      assert.equal(JSON.parse(text).error, 'invalid_request');
      assert.ok(!text.includes(t.slice(0, 20)));
      const res2 = await fetch(`${h.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<x/>' });
      assert.equal(res2.status, 415);
      assert.equal(((await res2.json()) as { warden_code: string }).warden_code, 'exchange.unsupported_media_type');
    });
  });

  it('picks up keys the issuer adds to its JWKS file', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'es256-2', alg: 'ES256' };
    await new Promise((r) => setTimeout(r, 20)); // a distinct mtime
    writeFileSync(h.workload.file, JSON.stringify({ keys: [...h.workload.jwks, jwk] }));
    const res = await exchange(await h.workload.mint(refundClaims, { kid: 'es256-2', key: privateKey }));
    assert.equal(res.status, 200, res.text);
  });
});

describe('trusted issuer with a jwks_url', () => {
  it('fetches the key set over HTTP, and fails closed (503) when it cannot', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-remote-'));
    const idp = await makeIdp('https://remote.test', 'ES256', dir, 'jwks.json');
    const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: idp.jwks })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const clock = new ManualClock(Date.now());
    const { tokens, keys } = await wardenTokens(clock);
    const make = (jwks_url: string) =>
      new TokenExchange({
        tokens,
        clock,
        issuers: [{ issuer: idp.issuer, audience: 'warden', jwks_url, algorithms: ['ES256'], bindings: [{ claims: {}, agent: 'bot' }], clock_tolerance: 30_000 }],
        resolveAgent: async () => ({ id: 'agt_01bot', name: 'bot', status: 'active' }),
      });
    const params = { grant_type: GRANT, subject_token: await idp.mint({ sub: 'w' }), subject_token_type: JWT_TYPE };
    try {
      const ok = await make(`http://127.0.0.1:${port}/jwks`).exchange(params);
      assert.equal((await tokens.verify(ok.access_token)).sub, 'agt_01bot');
      server.close();
      await assert.rejects(make('http://127.0.0.1:1/jwks').exchange(params), (e: unknown) => e instanceof TokenExchangeError && e.status === 503 && e.code === 'issuer.jwks_unavailable');
    } finally {
      server.close();
      keys.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
