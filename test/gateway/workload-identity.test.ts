import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const ISSUER = 'https://k8s.example.test';

describe('workload identity end to end: JWKS file → token exchange → authenticated request', () => {
  let w: TestWarden;
  let sign: (claims: Record<string, unknown>) => Promise<string>;

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k8s-1', alg: 'ES256', use: 'sig' };
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-jwks-'));
    const jwksFile = path.join(dir, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
    sign = (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k8s-1' }).setIssuer(ISSUER).setAudience('warden').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    w = await startWarden({
      yaml: `
identity:
  issuer: https://warden.test
  trusted_issuers:
    - issuer: ${ISSUER}
      audience: warden
      jwks_file: ${jwksFile}
      algorithms: [ES256]
      bindings:
        - claims: { sub: "system:serviceaccount:prod:*" }
          agent_claim: agent
      user_claim: email
agents:
  - name: billing-bot
    owner: alice@example.com
    grants: { models: [gpt-4o] }
`,
    });
  });
  after(() => w.close());

  const exchange = async (subject: string) => {
    const res = await fetch(`${w.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: subject,
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('exchanges a workload JWT for a Warden token that verifies against /.well-known/jwks.json', async () => {
    const r = await exchange(await sign({ sub: 'system:serviceaccount:prod:billing', agent: 'billing-bot' }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.token_type, 'Bearer');
    assert.ok(r.body.expires_in <= 300 && r.body.expires_in >= 298, `never outlives the subject token (5m < 10m default): ${r.body.expires_in}`);
    const jwks = createRemoteJWKSet(new URL(`${w.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(r.body.access_token, jwks, { issuer: 'https://warden.test', audience: 'warden' });
    assert.equal(protectedHeader.alg, 'EdDSA');
    const me = await w.agent('/v1/whoami', r.body.access_token);
    assert.equal(me.status, 200);
    assert.equal(me.body.agent.name, 'billing-bot');
    assert.equal(me.body.credential.kind, 'access_token');
    assert.equal(payload.sub, me.body.agent.id);
  });

  it('carries the on-behalf-of user the token asserts', async () => {
    const r = await exchange(await sign({ sub: 'system:serviceaccount:prod:billing', agent: 'billing-bot', email: 'dana@example.com' }));
    const me = await w.agent('/v1/whoami', r.body.access_token);
    assert.equal(me.body.user, 'dana@example.com');
  });

  it('refuses unbound subjects, and the kill switch and quarantine stop exchanged tokens too', async () => {
    const unbound = await exchange(await sign({ sub: 'system:serviceaccount:dev:x', agent: 'billing-bot' }));
    assert.equal(unbound.status, 400);
    assert.equal(unbound.body.warden_code, 'token.no_binding');
    const r = await exchange(await sign({ sub: 'system:serviceaccount:prod:billing', agent: 'billing-bot' }));
    const token = r.body.access_token as string;
    await w.admin('POST', '/kill', { scope: 'agent', target: 'billing-bot', reason: 'test' });
    assert.equal((await w.agent('/v1/whoami', token)).body.error.code, 'auth.killed');
    await w.admin('POST', '/revive', { scope: 'agent', target: 'billing-bot', reason: 'test' });
    await w.admin('POST', '/agents/billing-bot/quarantine', { reason: 'test' });
    assert.equal((await w.agent('/v1/whoami', token)).body.error.code, 'auth.agent_quarantined');
    const refused = await exchange(await sign({ sub: 'system:serviceaccount:prod:billing', agent: 'billing-bot' }));
    assert.equal(refused.body.warden_code, 'agent.inactive');
    await w.admin('POST', '/agents/billing-bot/activate', { reason: 'test' });
  });

  it('records issuances and refusals as admin events, without the token', async () => {
    const ev = await w.admin('GET', '/audit/events?limit=1000');
    const ex = ev.body.events.filter((e: any) => e.action.startsWith('token.exchange'));
    assert.ok(ex.some((e: any) => e.action === 'token.exchange' && e.outcome === 'success'));
    assert.ok(ex.some((e: any) => e.action === 'token.exchange_refused' && e.data.code === 'token.no_binding'));
    assert.ok(!JSON.stringify(ev.body).includes('eyJ'), 'no JWT in the audit trail');
  });

  it('declared agents from warden.yaml exist with their owner', async () => {
    const a = await w.admin('GET', '/agents/billing-bot');
    assert.equal(a.body.agent.source, 'config');
    assert.equal((await w.admin('GET', `/owners/${a.body.agent.ownerId}`)).body.owner.handle, 'alice@example.com');
  });
});
