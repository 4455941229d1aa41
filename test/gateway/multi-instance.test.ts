import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWarden, type TestWarden } from '../helpers/warden.js';

/** Polls until fn() is true or the deadline passes; returns the time it took. */
async function within(ms: number, fn: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await fn()) return Date.now() - t0;
    await sleep(20);
  }
  assert.fail(`condition not met within ${ms} ms`);
}

describe('two instances sharing one PostgreSQL store', { skip: process.env.WARDEN_TEST_SKIP_PG === '1' }, () => {
  let a: TestWarden;
  let b: TestWarden;
  const schema = `wt_multi_${process.pid}_${Date.now().toString(36)}`;
  const master = Buffer.alloc(32, 7).toString('base64');

  before(async () => {
    a = await startWarden({ dialect: 'postgres', pgSchema: schema, env: { WARDEN_MASTER_KEY: master } });
    b = await startWarden({ dialect: 'postgres', pgSchema: schema, env: { WARDEN_MASTER_KEY: master } });
  });
  after(async () => {
    await b.close();
    await a.close();
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: (await import('../helpers/stores.js')).PG_URL });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`).finally(() => c.end());
  });

  it('a key issued on one instance works on the other; kill, revive and revoke reach it within a second', async () => {
    await a.admin('POST', '/owners', { handle: 'ops' });
    await a.admin('POST', '/agents', { name: 'shared-bot', owner: 'ops' });
    const issued = await a.admin('POST', '/agents/shared-bot/keys', {});
    const key = issued.body.secret as string;
    assert.equal((await b.agent('/v1/whoami', key)).status, 200, 'same pepper and store: B verifies A\'s key');

    await a.admin('POST', '/kill', { scope: 'agent', target: 'shared-bot', reason: 'multi-instance test' });
    const killMs = await within(1000, async () => (await b.agent('/v1/whoami', key)).status === 403);
    await a.admin('POST', '/revive', { scope: 'agent', target: 'shared-bot', reason: 'done' });
    await within(1000, async () => (await b.agent('/v1/whoami', key)).status === 200);

    await b.admin('POST', `/keys/${issued.body.key.id}/revoke`, { reason: 'revoked on B' });
    const revokeMs = await within(1000, async () => (await a.agent('/v1/whoami', key)).status === 401);
    assert.ok(killMs < 1000 && revokeMs < 1000);
  });

  it('quarantine on one instance stops the agent on the other', async () => {
    const key = (await a.admin('POST', '/agents/shared-bot/keys', {})).body.secret as string;
    assert.equal((await b.agent('/v1/whoami', key)).status, 200);
    await a.admin('POST', '/agents/shared-bot/quarantine', { reason: 'test' });
    await within(1000, async () => (await b.agent('/v1/whoami', key)).body?.error?.code === 'auth.agent_quarantined');
  });
});
