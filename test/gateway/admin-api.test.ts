import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adminRoutes } from '../../src/gateway/admin/routes/index.js';
import { can, ADMIN_ROLES } from '../../src/identity/roles.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

describe('admin API: authentication, roles, input limits, OpenAPI', () => {
  let w: TestWarden;
  const tokens: Record<string, string> = {};

  before(async () => {
    w = await startWarden({ yaml: 'limits: { max_body_bytes: 4096, max_json_depth: 8 }' });
    for (const role of ADMIN_ROLES) {
      const r = await w.admin('POST', '/admin-tokens', { name: `${role}-token`, role });
      assert.equal(r.status, 201);
      assert.match(r.body.secret, /^wdna_/);
      tokens[role] = r.body.secret;
    }
    await w.admin('POST', '/owners', { handle: 'bob' });
  });
  after(() => w.close());

  it('refuses missing, malformed, unknown and revoked admin tokens with distinct codes', async () => {
    const none = await fetch(`${w.url}/admin/v1/agents`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /Bearer/);
    assert.equal(((await none.json()) as any).error.code, 'admin.missing_token');
    assert.equal((await w.admin('GET', '/agents', undefined, 'nonsense')).body.error.code, 'admin.token_malformed');
    const agentKeyShape = 'wdn_' + 'x'.repeat(38);
    assert.equal((await w.admin('GET', '/agents', undefined, agentKeyShape)).body.error.code, 'admin.token_malformed', 'an agent key is not an admin token');
    const created = await w.admin('POST', '/admin-tokens', { name: 'short-lived', role: 'viewer' });
    assert.equal((await w.admin('GET', '/agents', undefined, created.body.secret)).status, 200);
    await w.admin('POST', `/admin-tokens/${created.body.token.id}/revoke`);
    assert.equal((await w.admin('GET', '/agents', undefined, created.body.secret)).body.error.code, 'admin.token_revoked');
  });

  it('enforces the role matrix on every route, and audits refusals', async () => {
    const routes = adminRoutes();
    for (const role of ADMIN_ROLES) {
      for (const r of routes.filter((x) => x.permission && ['POST'].includes(x.method) && !x.path.includes(':'))) {
        const allowed = can(role, r.permission!);
        const res = await w.admin(r.method, r.path, {}, tokens[role]);
        if (allowed) assert.notEqual(res.status, 403, `${role} may ${r.operationId}`);
        else {
          assert.equal(res.status, 403, `${role} may not ${r.operationId}`);
          assert.equal(res.body.error.code, 'admin.forbidden');
        }
      }
    }
    const denied = await w.admin('GET', '/audit/events?action=admin.permission_denied&limit=1000');
    assert.ok(denied.body.events.length > 0);
    assert.ok(denied.body.events.every((e: any) => e.outcome === 'denied' && e.actor.kind === 'admin'));
  });

  it('viewers read the inventory but not the audit trail or secrets; auditors read both', async () => {
    assert.equal((await w.admin('GET', '/agents', undefined, tokens.viewer)).status, 200);
    assert.equal((await w.admin('GET', '/audit/events', undefined, tokens.viewer)).status, 403);
    assert.equal((await w.admin('GET', '/secrets', undefined, tokens.viewer)).status, 403);
    assert.equal((await w.admin('GET', '/audit/events', undefined, tokens.auditor)).status, 200);
    assert.equal((await w.admin('POST', '/agents', { name: 'x', owner: 'bob' }, tokens.auditor)).status, 403);
    assert.equal((await w.admin('POST', '/agents', { name: 'op-made', owner: 'bob' }, tokens.operator)).status, 201);
    assert.equal((await w.admin('POST', '/admin-tokens', { name: 'n', role: 'admin' }, tokens.operator)).status, 403, 'operators cannot mint admin tokens');
  });

  it('whoami reports the token\'s role and permissions', async () => {
    const r = await w.admin('GET', '/whoami', undefined, tokens.approver);
    assert.equal(r.body.token.role, 'approver');
    assert.ok(r.body.permissions.includes('approvals.decide'));
    assert.ok(!r.body.permissions.includes('keys.write'));
  });

  it('answers bad input with stable codes and fitting statuses', async () => {
    const h = { authorization: `Bearer ${w.adminToken}`, 'content-type': 'application/json' };
    const badJson = await fetch(`${w.url}/admin/v1/agents`, { method: 'POST', headers: h, body: '{"name": "x",' });
    assert.equal(badJson.status, 400);
    assert.equal(((await badJson.json()) as any).error.code, 'request.invalid_json');
    const big = await fetch(`${w.url}/admin/v1/agents`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'x', purpose: 'p'.repeat(5000), owner: 'bob' }) });
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as any).error.code, 'request.too_large');
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = { a: deep };
    const tooDeep = await fetch(`${w.url}/admin/v1/agents`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'x', owner: 'bob', labels: deep }) });
    assert.equal(tooDeep.status, 400);
    assert.equal(((await tooDeep.json()) as any).error.code, 'request.too_deep');
    const media = await fetch(`${w.url}/admin/v1/agents`, { method: 'POST', headers: { ...h, 'content-type': 'text/plain' }, body: 'hello' });
    assert.equal(media.status, 415);
    const wrongType = await w.admin('POST', '/agents', { name: 'x', owner: 'bob', grants: { models: 'gpt-4o' } });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.body.error.details.problems[0].field, 'grants.models');
    const notFound = await w.admin('GET', '/nope');
    assert.equal(notFound.status, 404);
    assert.equal(notFound.body.error.code, 'route.not_found');
    const badQuery = await w.admin('GET', '/agents?risk=extreme');
    assert.equal(badQuery.status, 400);
    assert.equal(badQuery.body.error.code, 'request.invalid');
    const badDuration = await w.admin('POST', '/agents/op-made/keys', { ttl: 'forever' });
    assert.equal(badDuration.status, 400);
    assert.match(badDuration.body.error.message, /ttl/);
  });

  it('serves an OpenAPI 3.1 document listing every operation with its permission', async () => {
    const r = await fetch(`${w.url}/admin/v1/openapi.json`);
    const doc = (await r.json()) as any;
    assert.equal(doc.openapi, '3.1.0');
    const ops = Object.values(doc.paths).flatMap((p: any) => Object.values(p)) as any[];
    assert.equal(ops.length, adminRoutes().length);
    const create = doc.paths['/admin/v1/agents'].post;
    assert.equal(create['x-warden-permission'], 'inventory.write');
    assert.ok(create.requestBody.content['application/json'].schema.properties.grants);
    assert.deepEqual(doc.paths['/admin/v1/agents/{id}'].get.parameters[0], { name: 'id', in: 'path', required: true, schema: { type: 'string' } });
  });

  it('health and readiness', async () => {
    assert.equal((await fetch(`${w.url}/healthz`)).status, 200);
    const ready = (await (await fetch(`${w.url}/readyz`)).json()) as any;
    assert.equal(ready.status, 'ready');
  });
});
