import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DIALECTS, type TestStore } from '../helpers/stores.js';
import { InProcessBus } from '../../src/util/bus.js';
import { ManualClock } from '../../src/util/clock.js';
import { WardenError } from '../../src/errors.js';
import { repos } from '../../src/store/repos/index.js';
import { ADMIN, HOUR, openVault } from './helpers.js';

async function withStore(open: () => Promise<TestStore>, fn: (t: TestStore) => Promise<void>): Promise<void> {
  const t = await open();
  try {
    await fn(t);
  } finally {
    await t.cleanup();
  }
}

async function rejectsWith(p: Promise<unknown>, code: string, status?: number): Promise<WardenError> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return e instanceof WardenError && e.code === code && (status === undefined || e.status === status);
  });
  return caught as WardenError;
}

for (const d of DIALECTS) {
  describe(`vault secrets (${d.name})`, () => {
    it('creates, lists, gets metadata and resolves', () =>
      withStore(d.open, async (t) => {
        const { vault, audit } = await openVault(t.store);
        const info = await vault.create({ name: 'openai', kind: 'provider_key', description: 'prod key', value: 'sk-test-123' }, ADMIN);
        assert.match(info.id, /^sec_/);
        assert.deepEqual(
          { name: info.name, kind: info.kind, description: info.description, currentVersion: info.currentVersion, createdBy: info.createdBy },
          { name: 'openai', kind: 'provider_key', description: 'prod key', currentVersion: 1, createdBy: 'adm_test' },
        );
        assert.equal(info.versions.length, 1);
        assert.deepEqual(Object.keys(info).sort(), ['createdAt', 'createdBy', 'currentVersion', 'description', 'id', 'kind', 'name', 'updatedAt', 'versions']);
        assert.equal(await vault.resolve('openai'), 'sk-test-123');
        assert.equal(await vault.resolve(info.id), 'sk-test-123');
        assert.deepEqual(await vault.resolveAll('openai'), ['sk-test-123']);
        assert.deepEqual((await vault.get(info.id)).name, 'openai');
        await vault.create({ name: 'github.mcp', kind: 'mcp_token', value: 'ghp_x' }, ADMIN);
        assert.deepEqual((await vault.list()).map((s) => s.name), ['github.mcp', 'openai']);

        const events = await audit.query({ action: 'secret.create' });
        assert.equal(events.length, 2);
        assert.equal(events[0]!.phase, 'admin');
        assert.deepEqual(events[0]!.data, { secretId: info.id, name: 'openai', kind: 'provider_key', version: 1 });
        assert.deepEqual(events[0]!.target, { kind: 'secret', id: info.id, name: 'openai' });
        await vault.close();
      }));

    it('validates names, kinds, values and uniqueness', () =>
      withStore(d.open, async (t) => {
        const { vault } = await openVault(t.store);
        for (const name of ['OpenAI', '', '-x', 'a'.repeat(64), 'has space', 'sl/ash', 'sec_01h0000000000000000000000a']) {
          await rejectsWith(vault.create({ name, kind: 'generic', value: 'v' }, ADMIN), 'vault.invalid_name', 400);
        }
        await vault.create({ name: 'a'.repeat(63), kind: 'generic', value: 'v' }, ADMIN);
        await rejectsWith(vault.create({ name: 'k', kind: 'nope' as 'generic', value: 'v' }, ADMIN), 'vault.invalid_kind', 400);
        await rejectsWith(vault.create({ name: 'k', kind: 'env', value: '' }, ADMIN), 'vault.invalid_value', 400);
        const big = 'x'.repeat(64 * 1024 + 1);
        const err = await rejectsWith(vault.create({ name: 'k', kind: 'env', value: big }, ADMIN), 'vault.invalid_value', 400);
        assert.ok(!err.message.includes(String(big.length)), 'the error does not reveal the length');
        await vault.create({ name: 'k', kind: 'env', value: 'x'.repeat(64 * 1024) }, ADMIN);
        await rejectsWith(vault.create({ name: 'k', kind: 'env', value: 'again' }, ADMIN), 'vault.secret_exists', 409);
        await rejectsWith(vault.resolve('missing'), 'vault.secret_not_found', 404);
        await rejectsWith(vault.get('missing'), 'vault.secret_not_found', 404);
        await rejectsWith(vault.rotate('missing', 'v', ADMIN), 'vault.secret_not_found', 404);
        await rejectsWith(vault.remove('missing', ADMIN), 'vault.secret_not_found', 404);
        await rejectsWith(vault.rotate('k', '', ADMIN), 'vault.invalid_value', 400);
        await rejectsWith(vault.rotate('k', 'v', ADMIN, { graceMs: -1 }), 'vault.invalid_grace', 400);
        // Nothing half-written: the failed attempts left exactly the two secrets.
        assert.equal((await vault.list()).length, 2);
        await vault.close();
      }));

    it('concurrent creates of one name: one wins, the other gets secret_exists', () =>
      withStore(d.open, async (t) => {
        const a = await openVault(t.store);
        const b = await openVault(t.store, { keyring: a.keyring });
        const results = await Promise.allSettled([
          a.vault.create({ name: 'race', kind: 'generic', value: 'a' }, ADMIN),
          b.vault.create({ name: 'race', kind: 'generic', value: 'b' }, ADMIN),
        ]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        assert.equal((rejected.reason as WardenError).code, 'vault.secret_exists');
      }));

    it('rotation keeps the previous version resolvable until the grace ends', () =>
      withStore(d.open, async (t) => {
        const clock = new ManualClock(1_700_000_000_000);
        const { vault, audit } = await openVault(t.store, { clock });
        const s = await vault.create({ name: 'anthropic', kind: 'provider_key', value: 'v1-value' }, ADMIN);
        clock.advance(1000);
        const rotated = await vault.rotate('anthropic', 'v2-value', ADMIN, { graceMs: HOUR });
        assert.equal(rotated.currentVersion, 2);
        assert.deepEqual(
          rotated.versions.map((v) => [v.version, v.current, v.active, v.retireAt]),
          [
            [2, true, true, null],
            [1, false, true, clock.now() + HOUR],
          ],
        );
        assert.equal(await vault.resolve('anthropic'), 'v2-value');
        assert.deepEqual(await vault.resolveAll('anthropic'), ['v2-value', 'v1-value']);
        clock.advance(HOUR - 1);
        assert.deepEqual(await vault.resolveAll(s.id), ['v2-value', 'v1-value']);
        assert.deepEqual(await vault.resolveAll('anthropic'), ['v2-value', 'v1-value'], 'served from cache');
        clock.advance(1);
        // The cached entry must not outlive the retirement either.
        assert.deepEqual(await vault.resolveAll('anthropic'), ['v2-value']);
        assert.deepEqual(await vault.resolveAll(s.id), ['v2-value']);
        assert.equal((await vault.get('anthropic')).versions.find((v) => v.version === 1)!.active, false);

        // Default grace comes from the options (1h); graceMs 0 retires at once.
        await vault.rotate('anthropic', 'v3-value', ADMIN);
        assert.deepEqual(await vault.resolveAll('anthropic'), ['v3-value', 'v2-value']);
        await vault.rotate('anthropic', 'v4-value', ADMIN, { graceMs: 0 });
        // v3 retires at once; v2 is still inside the grace it got when v3 replaced it.
        assert.deepEqual(await vault.resolveAll('anthropic'), ['v4-value', 'v2-value']);

        const events = await audit.query({ action: 'secret.rotate' });
        assert.equal(events.length, 3);
        assert.deepEqual(events[0]!.data, { secretId: s.id, name: 'anthropic', version: 2, previousVersion: 1, previousRetireAt: 1_700_000_001_000 + HOUR });
        await vault.close();
      }));

    it('a removed secret no longer resolves and its name can be reused', () =>
      withStore(d.open, async (t) => {
        const { vault, audit } = await openVault(t.store);
        const s = await vault.create({ name: 'slack', kind: 'mcp_token', value: 'xoxb-1' }, ADMIN);
        await vault.rotate('slack', 'xoxb-2', ADMIN);
        assert.equal(await vault.resolve('slack'), 'xoxb-2'); // now cached
        await vault.remove('slack', ADMIN);
        await rejectsWith(vault.resolve('slack'), 'vault.secret_not_found', 404);
        await rejectsWith(vault.resolveAll(s.id), 'vault.secret_not_found', 404);
        await rejectsWith(vault.get(s.id), 'vault.secret_not_found', 404);
        await rejectsWith(vault.remove('slack', ADMIN), 'vault.secret_not_found', 404);
        assert.deepEqual(await vault.list(), []);
        const again = await vault.create({ name: 'slack', kind: 'mcp_token', value: 'xoxb-new' }, ADMIN);
        assert.notEqual(again.id, s.id);
        assert.equal(await vault.resolve('slack'), 'xoxb-new');
        const del = await audit.query({ action: 'secret.delete' });
        assert.deepEqual(del[0]!.data, { secretId: s.id, name: 'slack', version: 2 });
        await vault.close();
      }));

    it('an envelope moved to another row does not open there', () =>
      withStore(d.open, async (t) => {
        const { vault } = await openVault(t.store);
        const a = await vault.create({ name: 'a', kind: 'generic', value: 'value-a' }, ADMIN);
        const b = await vault.create({ name: 'b', kind: 'generic', value: 'value-b' }, ADMIN);
        const r = repos(t.store.db).secrets;
        const envA = (await r.versions(a.id))[0]!.envelope;
        await r.setEnvelope(b.id, 1, envA);
        await rejectsWith(vault.resolve('b'), 'vault.decrypt_failed');
        // Same secret, other version slot: refused too.
        await vault.rotate('a', 'value-a2', ADMIN);
        await r.setEnvelope(a.id, 2, envA);
        await rejectsWith(vault.resolve('a'), 'vault.decrypt_failed');
        await vault.close();
      }));

    it('system secrets: get-or-create, first writer wins across instances', () =>
      withStore(d.open, async (t) => {
        const a = await openVault(t.store);
        const b = await openVault(t.store, { keyring: a.keyring });
        const c = await openVault(t.store, { keyring: a.keyring });
        const [va, vb] = await Promise.all([
          a.vault.systemSecret('key_pepper', () => Buffer.alloc(32, 1)),
          b.vault.systemSecret('key_pepper', () => Buffer.alloc(32, 2)),
        ]);
        assert.deepEqual(va, vb);
        let called = false;
        const vc = await c.vault.systemSecret('key_pepper', () => {
          called = true;
          return randomBytes(32);
        });
        assert.equal(called, false);
        assert.deepEqual(vc, va);
        // Callers get a copy: scribbling on it does not change what the vault hands out next.
        vc.fill(0);
        assert.deepEqual(await c.vault.systemSecret('key_pepper', () => randomBytes(32)), va);
        assert.equal((await a.audit.query({ action: 'vault.system_secret.create' })).length, 1);
      }));

    it('seals material for other modules, keeping the vault contexts to itself', () =>
      withStore(d.open, async (t) => {
        const { vault } = await openVault(t.store);
        const env = vault.sealFor('signing:sig_1', Buffer.from('private-jwk'));
        assert.equal(vault.openFor('signing:sig_1', env).toString(), 'private-jwk');
        assert.equal(vault.open('signing:sig_1', vault.seal('signing:sig_1', Buffer.from('x'))).toString(), 'x');
        assert.throws(() => vault.openFor('signing:sig_2', env), { code: 'vault.decrypt_failed' });
        assert.throws(() => vault.sealFor('secret:sec_x:v1', Buffer.from('forged')), TypeError);
        assert.throws(() => vault.sealFor('system:key_pepper', Buffer.from('forged')), TypeError);
        await vault.close();
      }));

    it('cached values are dropped on a vault.changed message from another instance', () =>
      withStore(d.open, async (t) => {
        const bus = new InProcessBus();
        const clock = new ManualClock(1_700_000_000_000);
        const a = await openVault(t.store, { bus, clock });
        const b = await openVault(t.store, { keyring: a.keyring, bus, clock });
        const noBus = await openVault(t.store, { keyring: a.keyring, clock, cacheTtlMs: 5000 });
        await a.vault.create({ name: 'shared', kind: 'generic', value: 'one' }, ADMIN);
        assert.equal(await a.vault.resolve('shared'), 'one');
        assert.equal(await noBus.vault.resolve('shared'), 'one');
        await b.vault.rotate('shared', 'two', ADMIN, { graceMs: 0 });
        assert.equal(await a.vault.resolve('shared'), 'two', 'invalidated by the bus');
        assert.equal(await noBus.vault.resolve('shared'), 'one', 'no bus: cached until the TTL');
        clock.advance(5000);
        assert.equal(await noBus.vault.resolve('shared'), 'two');
        await b.vault.remove('shared', ADMIN);
        await rejectsWith(a.vault.resolve('shared'), 'vault.secret_not_found');
        await a.vault.close();
        await b.vault.close();
        await noBus.vault.close();
      }));
  });
}
