import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import pg from 'pg';
import { DIALECTS, PG_URL, type TestStore } from '../helpers/stores.js';
import { WardenError } from '../../src/errors.js';
import { repos } from '../../src/store/repos/index.js';
import { Keyring } from '../../src/vault/master-key.js';
import { ADMIN, findLeak, openVault } from './helpers.js';

const TABLES = ['secrets', 'secret_versions', 'system_secrets', 'vault_keys', 'signing_keys', 'audit_events'] as const;

/** Everything the database holds for the vault's tables, as raw text and bytes. */
async function dump(t: TestStore): Promise<Buffer[]> {
  if (t.dialect === 'sqlite') {
    const file = t.location.sqliteFile!;
    // Read the bytes on disk (main file and WAL), not just rows: nothing may sit there in clear.
    return [file, `${file}-wal`, `${file}-journal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
  }
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    const out: Buffer[] = [];
    for (const table of TABLES) {
      const res = await c.query(`select * from ${t.location.pgSchema}.${table}`);
      out.push(Buffer.from(JSON.stringify(res.rows)));
    }
    return out;
  } finally {
    await c.end();
  }
}

for (const d of DIALECTS) {
  describe(`no plaintext at rest or in metadata (${d.name})`, () => {
    it('canary values appear nowhere but resolve()', async () => {
      const t = await d.open();
      try {
        const masterKey = randomBytes(32);
        const { vault, audit } = await openVault(t.store, { keyring: Keyring.of([masterKey]) });
        const canary1 = `sk-CANARY-${randomBytes(12).toString('hex')}`;
        const canary2 = `sk-CANARY-${randomBytes(12).toString('hex')}`;
        const systemCanary = Buffer.from(`SYSTEM-CANARY-${randomBytes(12).toString('hex')}`);
        const signingCanary = Buffer.from(`SIGNING-CANARY-${randomBytes(12).toString('hex')}`);
        // Positive control: a non-secret field holding a marker must be found by the same scan.
        const control = `visible-control-${randomBytes(12).toString('hex')}`;

        const s = await vault.create({ name: 'canary', kind: 'provider_key', description: 'canary test', value: canary1 }, ADMIN);
        await vault.rotate('canary', canary2, ADMIN);
        await vault.create({ name: 'control', kind: 'generic', description: control, value: 'x-control-value' }, ADMIN);
        await vault.systemSecret('canary_pepper', () => Buffer.from(systemCanary));
        await repos(t.store.db).signingKeys.insert({
          kid: 'sig_canary',
          alg: 'EdDSA',
          publicJwk: '{}',
          privateEnvelope: vault.sealFor('signing:sig_canary', signingCanary),
          createdAt: 1,
          retiredAt: null,
        });
        const errors: unknown[] = [];
        for (const attempt of [
          () => vault.create({ name: 'canary', kind: 'generic', value: canary1 }, ADMIN),
          () => vault.create({ name: 'BAD NAME', kind: 'generic', value: canary1 }, ADMIN),
          () => vault.create({ name: 'big', kind: 'generic', value: canary1.repeat(5000) }, ADMIN),
          () => vault.rotate('nope', canary1, ADMIN),
        ]) {
          await attempt().then(
            () => assert.fail('expected a refusal'),
            (e: unknown) => errors.push(e),
          );
        }
        // Everything still works.
        assert.deepEqual(await vault.resolveAll('canary'), [canary2, canary1]);
        assert.deepEqual(await vault.systemSecret('canary_pepper', () => randomBytes(4)), systemCanary);
        // A removed secret's envelopes stay at rest; they are encrypted too.
        await vault.remove('control', ADMIN);

        const secrets = [canary1, canary2, systemCanary, signingCanary, masterKey];
        const surfaces: Array<[string, string | Buffer]> = [
          ['list()', JSON.stringify(await vault.list())],
          ['get()', JSON.stringify(await vault.get(s.id))],
          ['status()', JSON.stringify(await vault.status())],
          ['audit events', JSON.stringify(await audit.query({ limit: 1000 }))],
          ['errors', JSON.stringify(errors.map((e) => (e instanceof WardenError ? { ...e.toJSON(), stack: e.stack } : String(e))))],
          ['vault object', JSON.stringify(vault) + inspect(vault, { depth: 10, showHidden: true })],
          ...(await dump(t)).map((b, i): [string, Buffer] => [`${d.name} storage #${i}`, b]),
        ];
        for (const [where, text] of surfaces) {
          for (const secret of secrets) {
            const leak = findLeak(text, secret);
            assert.equal(leak, undefined, `a secret (form ${leak?.slice(0, 4)}…) leaked into ${where}`);
          }
        }
        assert.ok(
          (await dump(t)).some((b) => findLeak(b, control) !== undefined),
          'the scan sees plain column data (positive control)',
        );
        await vault.close();
      } finally {
        await t.cleanup();
      }
    });
  });
}
