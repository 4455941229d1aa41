import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIALECTS, type TestStore } from '../helpers/stores.js';
import { WardenError } from '../../src/errors.js';
import { repos } from '../../src/store/repos/index.js';
import { envelopeKid } from '../../src/vault/envelope.js';
import { Keyring, kidOf, loadMasterKeyring } from '../../src/vault/master-key.js';
import type { Vault } from '../../src/vault/vault.js';
import { ADMIN, openVault } from './helpers.js';

async function withStore(open: () => Promise<TestStore>, fn: (t: TestStore) => Promise<void>): Promise<void> {
  const t = await open();
  try {
    await fn(t);
  } finally {
    await t.cleanup();
  }
}

async function allEnvelopes(t: TestStore): Promise<string[]> {
  const r = repos(t.store.db);
  const versions = await t.store.db.selectFrom('secretVersions').select('envelope').execute();
  return [
    ...versions.map((v) => v.envelope),
    ...(await r.systemSecrets.all()).map((s) => s.envelope),
    ...(await r.signingKeys.list()).map((k) => k.privateEnvelope),
  ];
}

/** A little of everything the vault stores: secrets with two versions, a system secret, a signing key. */
async function populate(t: TestStore, vault: Vault): Promise<void> {
  await vault.create({ name: 'openai', kind: 'provider_key', value: 'sk-openai' }, ADMIN);
  await vault.rotate('openai', 'sk-openai-2', ADMIN);
  await vault.create({ name: 'github', kind: 'mcp_token', value: 'ghp-token' }, ADMIN);
  await vault.systemSecret('key_pepper', () => Buffer.from('pepper-bytes'));
  await repos(t.store.db).signingKeys.insert({
    kid: 'sig_1',
    alg: 'EdDSA',
    publicJwk: '{}',
    privateEnvelope: vault.sealFor('signing:sig_1', Buffer.from('private-jwk')),
    createdAt: 1,
    retiredAt: null,
  });
}

async function assertValues(t: TestStore, vault: Vault): Promise<void> {
  assert.deepEqual(await vault.resolveAll('openai'), ['sk-openai-2', 'sk-openai']);
  assert.equal(await vault.resolve('github'), 'ghp-token');
  assert.equal((await vault.systemSecret('key_pepper', () => randomBytes(8))).toString(), 'pepper-bytes');
  const sig = (await repos(t.store.db).signingKeys.list())[0]!;
  assert.equal(vault.openFor('signing:sig_1', sig.privateEnvelope).toString(), 'private-jwk');
}

for (const d of DIALECTS) {
  describe(`vault master keys (${d.name})`, () => {
    it('records kids on open and refuses a wrong or missing key', () =>
      withStore(d.open, async (t) => {
        const a = await openVault(t.store);
        await populate(t, a.vault);
        const kids = (await repos(t.store.db).vaultKeys.list()).map((k) => k.kid);
        assert.deepEqual(kids, [a.keyring.primaryKid]);

        // A different key: the stored envelopes need one the keyring lacks.
        const wrong = Keyring.of([randomBytes(32)]);
        let err: WardenError | undefined;
        await assert.rejects(openVault(t.store, { keyring: wrong }), (e: unknown) => {
          err = e as WardenError;
          return e instanceof WardenError && e.code === 'vault.master_key_missing';
        });
        assert.ok(err!.message.includes(a.keyring.primaryKid), 'names the missing kid');
        assert.match(err!.hint ?? '', /WARDEN_MASTER_KEY/);
        assert.deepEqual(err!.details?.missingKids, [a.keyring.primaryKid]);
        // The refused key left no trace.
        assert.deepEqual((await repos(t.store.db).vaultKeys.list()).map((k) => k.kid), [a.keyring.primaryKid]);

        // Same kid, different check value: the recorded key is not the one supplied.
        await t.store.db.updateTable('vaultKeys').set({ checkValue: 'f'.repeat(64) }).where('kid', '=', a.keyring.primaryKid).execute();
        await assert.rejects(openVault(t.store, { keyring: a.keyring }), { code: 'vault.master_key_mismatch' });
      }));

    it('rewrapAll moves every envelope to the new primary while reads keep working', () =>
      withStore(d.open, async (t) => {
        const oldKey = randomBytes(32);
        const newKey = randomBytes(32);
        const v1 = await openVault(t.store, { keyring: Keyring.of([oldKey]) });
        await populate(t, v1.vault);
        // Enough versions to need more than one page.
        for (let i = 0; i < 205; i++) await v1.vault.create({ name: `bulk-${i}`, kind: 'env', value: `bulk-value-${i}` }, ADMIN);
        await v1.vault.close();

        // The operator adds a new key first (env flow) and restarts.
        const v2 = await openVault(t.store, { keyring: Keyring.of([newKey, oldKey]) });
        let status = await v2.vault.status();
        assert.equal(status.primaryKid, kidOf(newKey));
        assert.equal(status.keys.find((k) => k.kid === kidOf(oldKey))!.envelopes, 210);
        assert.deepEqual(status.removableKids, []);
        await assert.rejects(v2.vault.rotateMasterKey(ADMIN), { code: 'vault.rotation_needs_file' });

        // New writes already use the new key; reads during the rewrap keep working.
        await v2.vault.create({ name: 'fresh', kind: 'generic', value: 'fresh-value' }, ADMIN);
        const [res, ...reads] = await Promise.all([
          v2.vault.rewrapAll(ADMIN),
          v2.vault.resolve('bulk-3'),
          v2.vault.resolve('bulk-200'),
          v2.vault.resolveAll('openai'),
        ]);
        assert.deepEqual(reads, ['bulk-value-3', 'bulk-value-200', ['sk-openai-2', 'sk-openai']]);
        assert.deepEqual(res, { primaryKid: kidOf(newKey), secretVersions: 208, systemSecrets: 1, signingKeys: 1, unchanged: 1 });
        for (const env of await allEnvelopes(t)) assert.equal(envelopeKid(env), kidOf(newKey));
        status = await v2.vault.status();
        assert.deepEqual(status.removableKids, [kidOf(oldKey)]);
        assert.equal(status.envelopes, 211);
        assert.ok(!JSON.stringify(status).includes(newKey.toString('base64')));
        const ev = await v2.audit.query({ action: 'vault.rewrap' });
        assert.equal(ev.length, 1);
        assert.equal(ev[0]!.outcome, 'success');
        assert.equal(ev[0]!.data?.secretVersions, 208);

        // Running it again changes nothing.
        assert.deepEqual(await v2.vault.rewrapAll(ADMIN), { primaryKid: kidOf(newKey), secretVersions: 0, systemSecrets: 0, signingKeys: 0, unchanged: 211 });

        // The old key can go now.
        const v3 = await openVault(t.store, { keyring: Keyring.of([newKey]) });
        await assertValues(t, v3.vault);
        assert.equal(await v3.vault.resolve('bulk-204'), 'bulk-value-204');
      }));

    it('rotateMasterKey writes a new primary into the key file and re-wraps everything', () =>
      withStore(d.open, async (t) => {
        const dir = mkdtempSync(path.join(tmpdir(), 'warden-rot-'));
        try {
          const loaded = loadMasterKeyring({ dataDir: dir, env: {} });
          assert.equal(loaded.source, 'generated');
          const oldKid = loaded.keyring.primaryKid;
          const v = await openVault(t.store, { keyring: loaded.keyring, source: loaded.source, file: loaded.file! });
          await populate(t, v.vault);

          const out = await v.vault.rotateMasterKey(ADMIN);
          assert.equal(out.previousKid, oldKid);
          assert.notEqual(out.kid, oldKid);
          assert.deepEqual(out.rewrap, { primaryKid: out.kid, secretVersions: 3, systemSecrets: 1, signingKeys: 1, unchanged: 0 });

          // File: mode 0600, new key first, old key after.
          const file = loaded.file!;
          assert.equal(statSync(file).mode & 0o777, 0o600);
          const fileKeys = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => Buffer.from(l, 'base64'));
          assert.deepEqual(fileKeys.map(kidOf), [out.kid, oldKid]);
          const reloaded = loadMasterKeyring({ dataDir: dir, env: {} });
          assert.equal(reloaded.source, 'datadir');
          assert.deepEqual(reloaded.keyring.kids(), [out.kid, oldKid]);

          for (const env of await allEnvelopes(t)) assert.equal(envelopeKid(env), out.kid);
          await assertValues(t, v.vault);
          assert.equal((await v.vault.status()).primaryKid, out.kid);
          assert.deepEqual((await repos(t.store.db).vaultKeys.list()).map((k) => k.kid).sort(), [oldKid, out.kid].sort());
          const ev = await v.audit.query({ action: 'vault.rotate_master' });
          assert.deepEqual(ev[0]!.data, { kid: out.kid, previousKid: oldKid });
          assert.equal((await v.audit.query({ action: 'vault.rewrap' })).length, 1);

          // Only the new key: works. Only the old key: refused, naming the new kid.
          const onlyNew = await openVault(t.store, { keyring: Keyring.of([fileKeys[0]!]) });
          await assertValues(t, onlyNew.vault);
          await assert.rejects(openVault(t.store, { keyring: Keyring.of([fileKeys[1]!]) }), (e: unknown) => {
            return e instanceof WardenError && e.code === 'vault.master_key_missing' && e.message.includes(out.kid);
          });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }));

    it('an instance sharing the key file picks up a key rotated elsewhere', () =>
      withStore(d.open, async (t) => {
        const dir = mkdtempSync(path.join(tmpdir(), 'warden-rot-'));
        try {
          const loaded = loadMasterKeyring({ dataDir: dir, env: {} });
          const a = await openVault(t.store, { keyring: loaded.keyring, source: 'generated', file: loaded.file! });
          const b = await openVault(t.store, { keyring: loaded.keyring, source: 'datadir', file: loaded.file!, cacheTtlMs: 0 });
          await a.vault.create({ name: 'x', kind: 'generic', value: 'x-value' }, ADMIN);
          await a.vault.rotateMasterKey(ADMIN);
          // b has never seen the new kid; it re-reads the shared key file on first need.
          assert.equal(await b.vault.resolve('x'), 'x-value');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }));
  });
}
