import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { DIALECTS } from '../helpers/stores.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const HOUR = 3_600_000;

for (const d of DIALECTS) {
  describe(`agent and key lifecycle over the admin API (${d.name})`, () => {
    const clock = new ManualClock(Date.parse('2026-11-21T12:00:00Z'));
    let w: TestWarden;

    before(async () => {
      w = await startWarden({ dialect: d.name, clock });
      assert.equal((await w.admin('POST', '/teams', { name: 'payments' })).status, 201);
      assert.equal((await w.admin('POST', '/owners', { handle: 'alice@example.com', team: 'payments' })).status, 201);
    });
    after(() => w.close());

    async function newAgent(name: string, extra: Record<string, unknown> = {}) {
      const r = await w.admin('POST', '/agents', { name, owner: 'alice@example.com', risk: 'high', environment: 'prod', grants: { models: ['gpt-4o*', 'claude-*'] }, ...extra });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.agent;
    }
    async function issue(agent: string, body: Record<string, unknown> = {}) {
      const r = await w.admin('POST', `/agents/${agent}/keys`, body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { key: { id: string; expiresAt: number }; secret: string };
    }
    const whoami = (key: string) => w.agent('/v1/whoami', key);

    it('creates an agent with owner, team, risk and grants, and records an admin event', async () => {
      const a = await newAgent('billing-bot', { purpose: 'pays invoices', labels: { tier: 'gold' } });
      assert.equal(a.status, 'active');
      assert.equal(a.risk, 'high');
      assert.match(a.teamId, /^team_/, 'inherits the owner\'s team');
      assert.deepEqual(a.grants, { models: ['gpt-4o*', 'claude-*'], servers: [], tools: [] });
      const ev = await w.admin('GET', `/audit/events?action=agent.create&target=${a.id}`);
      assert.equal(ev.body.events.length, 1);
      assert.equal(ev.body.events[0].actor.kind, 'admin');
    });

    it('refuses a duplicate name, an unknown owner and bad fields with stable codes', async () => {
      const dup = await w.admin('POST', '/agents', { name: 'billing-bot', owner: 'alice@example.com' });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.error.code, 'agent.exists');
      const owner = await w.admin('POST', '/agents', { name: 'orphan', owner: 'nobody' });
      assert.equal(owner.status, 400);
      assert.equal(owner.body.error.code, 'owner.not_found');
      const bad = await w.admin('POST', '/agents', { name: 'Bad Name', owner: 'alice@example.com', risk: 'extreme', colour: 'red' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'request.invalid');
      const fields = bad.body.error.details.problems.map((p: { field: string }) => p.field).sort();
      assert.deepEqual(fields, ['(root)', 'name', 'risk']);
      // Nothing half-written: the refused agents do not exist.
      assert.equal((await w.admin('GET', '/agents/orphan')).status, 404);
    });

    it('issues a key shown once, in the recognisable format, that authenticates the agent', async () => {
      const { key, secret } = await issue('billing-bot', { name: 'host-1', ttl: '30d' });
      assert.match(secret, /^wdn_[0-9A-Za-z]{38}$/);
      assert.equal(key.expiresAt, clock.now() + 30 * 24 * HOUR);
      const r = await whoami(secret);
      assert.equal(r.status, 200);
      assert.equal(r.body.agent.name, 'billing-bot');
      assert.equal(r.body.credential.id, key.id);
      const listed = await w.admin('GET', '/agents/billing-bot/keys');
      assert.equal(JSON.stringify(listed.body).includes(secret), false, 'listing never shows the key');
      assert.equal(JSON.stringify(listed.body).includes('hmac'), false, 'nor its digest');
    });

    it('records last-used time and address', async () => {
      const { key, secret } = await issue('billing-bot');
      clock.advance(1000);
      assert.equal((await whoami(secret)).status, 200);
      const shown = await w.admin('GET', `/keys/${key.id}`);
      assert.equal(shown.body.key.lastUsedAt, clock.now());
      assert.equal(shown.body.key.lastUsedIp, '127.0.0.1');
    });

    it('rotation: the old key works during the grace period and stops after it', async () => {
      const { key, secret: oldKey } = await issue('billing-bot');
      const rot = await w.admin('POST', `/keys/${key.id}/rotate`, { grace: '1h' });
      assert.equal(rot.status, 200, JSON.stringify(rot.body));
      const newKey = rot.body.secret as string;
      assert.notEqual(newKey, oldKey);
      assert.equal(rot.body.previous.state, 'grace');
      assert.equal((await whoami(oldKey)).status, 200, 'old key still works inside the grace period');
      assert.equal((await whoami(newKey)).status, 200);
      clock.advance(59 * 60_000);
      assert.equal((await whoami(oldKey)).status, 200, 'still inside the grace period');
      clock.advance(61_000);
      const after = await whoami(oldKey);
      assert.equal(after.status, 401);
      assert.equal(after.body.error.code, 'auth.key_rotated');
      assert.equal((await whoami(newKey)).status, 200, 'the successor keeps working');
      const again = await w.admin('POST', `/keys/${key.id}/rotate`, {});
      assert.equal(again.body.error.code, 'key.already_rotated');
    });

    it('rotation uses the configured default grace of 24h', async () => {
      const { key, secret } = await issue('billing-bot');
      const rot = await w.admin('POST', `/keys/${key.id}/rotate`, {});
      assert.equal(rot.body.previous.expiresAt, clock.now() + 24 * HOUR);
      clock.advance(24 * HOUR - 1000);
      assert.equal((await whoami(secret)).status, 200);
      clock.advance(2000);
      assert.equal((await whoami(secret)).status, 401);
    });

    it('revocation takes effect on the next request', async () => {
      const { key, secret } = await issue('billing-bot');
      assert.equal((await whoami(secret)).status, 200); // now cached
      const rev = await w.admin('POST', `/keys/${key.id}/revoke`, { reason: 'leaked in a log' });
      assert.equal(rev.status, 200);
      const r = await whoami(secret);
      assert.equal(r.status, 401);
      assert.equal(r.body.error.code, 'auth.key_revoked');
      assert.equal((await w.admin('POST', `/keys/${key.id}/revoke`, { reason: 'again' })).body.error.code, 'key.revoked');
    });

    it('expiry ends a key; lifetimes above the maximum are refused', async () => {
      const { secret } = await issue('billing-bot', { ttl: '2h' });
      clock.advance(2 * HOUR);
      assert.equal((await whoami(secret)).body.error.code, 'auth.key_expired');
      const tooLong = await w.admin('POST', '/agents/billing-bot/keys', { ttl: '400d' });
      assert.equal(tooLong.status, 400);
      assert.equal(tooLong.body.error.code, 'key.ttl_too_long');
    });

    it('scopes narrow the agent\'s grants and can never widen them', async () => {
      const ok = await issue('billing-bot', { scopes: { models: ['gpt-4o-mini'] } });
      assert.deepEqual((await whoami(ok.secret)).body.credential.scopes.models, ['gpt-4o-mini']);
      const wide = await w.admin('POST', '/agents/billing-bot/keys', { scopes: { models: ['o1-pro'] } });
      assert.equal(wide.status, 400);
      assert.equal(wide.body.error.code, 'key.scope_exceeds_grants');
    });

    it('garbage, unknown and missing credentials get distinct 401s', async () => {
      assert.equal((await whoami('wdn_short')).body.error.code, 'auth.key_malformed');
      const { secret } = await issue('billing-bot');
      const flipped = secret.slice(0, 10) + (secret[10] === 'a' ? 'b' : 'a') + secret.slice(11);
      assert.equal((await whoami(flipped)).body.error.code, 'auth.key_malformed', 'checksum catches a changed character offline');
      assert.equal((await whoami('wdn_' + 'A'.repeat(32) + checksumOf('A'.repeat(32)))).body.error.code, 'auth.key_unknown');
      assert.equal((await w.agent('/v1/whoami', undefined)).body.error.code, 'auth.missing_credential');
    });

    it('quarantine refuses every request until the agent is activated', async () => {
      await newAgent('scraper');
      const { secret } = await issue('scraper');
      assert.equal((await w.admin('POST', '/agents/scraper/quarantine', { reason: 'odd traffic' })).status, 200);
      const r = await whoami(secret);
      assert.equal(r.status, 403);
      assert.equal(r.body.error.code, 'auth.agent_quarantined');
      assert.equal((await w.admin('POST', '/agents/scraper/quarantine', { reason: 'x' })).body.error.code, 'agent.already_quarantined');
      assert.equal((await w.admin('POST', '/agents/scraper/activate', { reason: 'reviewed' })).status, 200);
      assert.equal((await whoami(secret)).status, 200);
    });

    it('decommissioning revokes every key of the agent at once and freezes it', async () => {
      await newAgent('old-bot');
      const keys = [await issue('old-bot'), await issue('old-bot'), await issue('old-bot')];
      for (const k of keys) assert.equal((await whoami(k.secret)).status, 200);
      const r = await w.admin('POST', '/agents/old-bot/decommission', { reason: 'retired' });
      assert.equal(r.status, 200);
      assert.deepEqual([...r.body.revokedCredentials].sort(), keys.map((k) => k.key.id).sort());
      for (const k of keys) assert.equal((await whoami(k.secret)).body.error.code, 'auth.key_revoked');
      assert.equal((await w.admin('POST', '/agents/old-bot/keys', {})).body.error.code, 'agent.decommissioned');
      assert.equal((await w.admin('PATCH', '/agents/old-bot', { risk: 'low' })).body.error.code, 'agent.decommissioned');
      assert.equal((await w.admin('POST', '/agents/old-bot/activate', { reason: 'x' })).body.error.code, 'agent.decommissioned');
    });

    it('kill switch by agent, by key and for all, enforced on the next request and audited', async () => {
      await newAgent('runner');
      const a = await issue('runner');
      const b = await issue('runner');
      const other = await issue('billing-bot');
      assert.equal((await w.admin('POST', '/kill', { scope: 'key', target: a.key.id, reason: 'suspicious' })).status, 201);
      assert.equal((await whoami(a.secret)).body.error.code, 'auth.killed');
      assert.equal((await whoami(b.secret)).status, 200, 'other keys of the agent keep working');
      assert.equal((await w.admin('POST', '/kill', { scope: 'agent', target: 'runner', reason: 'stop it' })).status, 201);
      assert.equal((await whoami(b.secret)).status, 403);
      assert.equal((await whoami(other.secret)).status, 200, 'other agents keep working');
      assert.equal((await w.admin('POST', '/kill', { scope: 'all', reason: 'incident' })).status, 201);
      assert.equal((await whoami(other.secret)).body.error.code, 'auth.killed');
      assert.equal((await w.admin('POST', '/kill', { scope: 'all', reason: 'again' })).body.error.code, 'kill.already_engaged');
      assert.equal((await w.admin('POST', '/revive', { scope: 'all', reason: 'contained' })).status, 200);
      assert.equal((await whoami(other.secret)).status, 200);
      assert.equal((await whoami(b.secret)).status, 403, 'the agent switch is still engaged');
      await w.admin('POST', '/revive', { scope: 'agent', target: 'runner', reason: 'ok' });
      await w.admin('POST', '/revive', { scope: 'key', target: a.key.id, reason: 'ok' });
      assert.equal((await whoami(a.secret)).status, 200);
      const ev = await w.admin('GET', '/audit/events?action=kill.engage');
      assert.equal(ev.body.events.length, 3);
      assert.equal((await w.admin('GET', '/audit/events?action=kill.lift')).body.events.length, 3);
      assert.equal((await w.admin('POST', '/revive', { scope: 'all', reason: 'none engaged' })).body.error.code, 'kill.not_engaged');
    });

    it('the kill switch survives a restart (state is in the store)', async () => {
      const engaged = await w.admin('POST', '/kill', { scope: 'agent', target: 'runner', reason: 'persist' });
      assert.equal(engaged.status, 201);
      await w.warden.services.kill.reload();
      assert.ok(w.warden.services.kill.active().some((k) => k.target === engaged.body.killSwitch.target));
      await w.admin('POST', '/revive', { scope: 'agent', target: 'runner', reason: 'done' });
    });

    it('updates grants and records what changed', async () => {
      const r = await w.admin('PATCH', '/agents/billing-bot', { grants: { tools: ['files/read_*'] }, risk: 'critical' });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.agent.grants.tools, ['files/read_*']);
      assert.deepEqual(r.body.agent.grants.models, ['gpt-4o*', 'claude-*'], 'other grant kinds are kept');
      const ev = await w.admin('GET', `/audit/events?action=agent.update&target=${r.body.agent.id}`);
      const changes = ev.body.events.at(-1).data.changes;
      assert.deepEqual(changes.risk, { from: 'high', to: 'critical' });
    });
  });
}

// Same checksum as the key format, computed here independently from the published rule.
import { crc32 } from 'node:zlib';
function checksumOf(body: string): string {
  const A = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let v = crc32(body);
  let s = '';
  for (let i = 0; i < 6; i++) {
    s = A[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s;
}
