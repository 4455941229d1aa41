import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DIALECTS, PG_URL } from '../helpers/stores.js';
import { startWarden } from '../helpers/warden.js';

/** Every form in which a leaked secret could show up in bytes we can read. */
function forms(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  return [secret, b.toString('base64'), b.toString('base64url'), b.toString('hex'), secret.slice(4, 30)];
}

function findLeaks(haystack: string | Buffer, secrets: Record<string, string>, where: string): string[] {
  const leaks: string[] = [];
  const text = typeof haystack === 'string' ? haystack : haystack.toString('latin1');
  for (const [label, s] of Object.entries(secrets)) {
    for (const f of forms(s)) if (text.includes(f)) leaks.push(`${label} found in ${where}`);
  }
  return leaks;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

for (const d of DIALECTS) {
  describe(`canary secrets never leak (${d.name})`, () => {
    it('a virtual key and a provider key appear in no log, response, error, audit event or stored byte', async () => {
      const schema = d.name === 'postgres' ? `wt_canary_${process.pid}_${Date.now().toString(36)}` : undefined;
      const w = await startWarden({ dialect: d.name, ...(schema ? { pgSchema: schema } : {}) });
      const responses: string[] = [];
      const record = async (p: Promise<{ status: number; body: any }>) => {
        const r = await p;
        responses.push(JSON.stringify(r.body));
        return r;
      };
      try {
        const providerKey = 'sk-proj-CANARY' + 'Q7x9'.repeat(12);
        const providerKey2 = 'sk-ant-api03-CANARY' + 'Zr4k'.repeat(12);
        await record(w.admin('POST', '/owners', { handle: 'carol' }));
        await record(w.admin('POST', '/agents', { name: 'canary-bot', owner: 'carol', grants: { models: ['*'] } }));
        const issued = await w.admin('POST', '/agents/canary-bot/keys', { name: 'canary' });
        const virtualKey = issued.body.secret as string;
        assert.match(virtualKey, /^wdn_/);
        const secrets = { virtualKey, providerKey, providerKey2 };

        // Store and rotate the provider key; read metadata every way the API offers.
        assert.equal((await record(w.admin('POST', '/secrets', { name: 'openai-prod', kind: 'provider_key', value: providerKey }))).status, 201);
        await record(w.admin('GET', '/secrets'));
        await record(w.admin('GET', '/secrets/openai-prod'));
        await record(w.admin('POST', '/secrets/openai-prod/rotate', { value: providerKey2 }));
        // Errors that involve the secret values must not echo them.
        await record(w.admin('POST', '/secrets', { name: 'openai-prod', value: providerKey }));
        await record(w.admin('POST', '/secrets', { name: 'Bad Name!', value: providerKey }));
        await record(w.admin('POST', '/secrets', { name: 'x', value: providerKey, extra: providerKey2 }));
        await record(w.admin('POST', '/secrets/openai-prod/rotate', { value: 42 }));
        // The key in use, and misuse of it.
        await record(w.agent('/v1/whoami', virtualKey));
        await record(w.agent('/v1/models', virtualKey));
        await record(w.agent('/v1/whoami', virtualKey.slice(0, -1) + (virtualKey.endsWith('A') ? 'B' : 'A')));
        await record(w.agent('/v1/whoami', virtualKey + 'x'));
        await record(w.admin('GET', '/agents', undefined, virtualKey));
        await record(w.admin('GET', '/agents/canary-bot/keys'));
        await record(w.admin('GET', `/keys/${issued.body.key.id}`));
        const rotated = await w.admin('POST', `/keys/${issued.body.key.id}/rotate`, {});
        await record(w.admin('POST', `/keys/${issued.body.key.id}/revoke`, { reason: 'canary test' }));
        await record(w.agent('/v1/whoami', virtualKey));
        await record(w.admin('POST', '/agents/canary-bot/decommission', { reason: 'done' }));
        const audit = await record(w.admin('GET', '/audit/events?limit=1000'));
        assert.ok(audit.body.events.length >= 8);
        // The vault still resolves the value for the gateway: it was stored, just never shown.
        assert.equal(await w.warden.services.vault.resolve('openai-prod'), providerKey2);
        await w.warden.services.credentials.flushTouches();

        const leaks: string[] = [];
        responses.forEach((r, i) => leaks.push(...findLeaks(r, secrets, `response #${i}`)));
        leaks.push(...findLeaks(w.logs.join(''), secrets, 'server log'));
        assert.ok(w.logs.length > 0, 'the log capture works');
        const rotatedKey = rotated.body.secret as string;
        const allSecrets = { ...secrets, rotatedKey };
        for (const f of filesUnder(w.dataDir)) leaks.push(...findLeaks(readFileSync(f), allSecrets, path.basename(f)));
        if (d.name === 'postgres') {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          try {
            const tables = await c.query(`select table_name from information_schema.tables where table_schema = $1`, [schema]);
            assert.ok(tables.rows.length >= 10);
            for (const t of tables.rows) {
              const rows = await c.query(`select * from ${schema}.${t.table_name}`);
              leaks.push(...findLeaks(JSON.stringify(rows.rows), allSecrets, `table ${t.table_name}`));
            }
          } finally {
            await c.end();
          }
        }
        assert.deepEqual(leaks, []);
      } finally {
        await w.close();
        if (schema) {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          await c.query(`drop schema if exists ${schema} cascade`).finally(() => c.end());
        }
      }
    });
  });
}
