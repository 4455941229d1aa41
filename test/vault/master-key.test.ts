import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { Keyring, kidOf, loadMasterKeyring, readKeyFile } from '../../src/vault/master-key.js';

function tmpDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'warden-mk-'));
}

/** Every printable form a key could leak in. */
function forms(key: Buffer): string[] {
  return [key.toString('base64'), key.toString('base64url'), key.toString('hex'), key.toString('hex').toUpperCase()];
}

function assertNoKey(text: string, key: Buffer): void {
  for (const f of forms(key)) assert.ok(!text.includes(f), 'key material leaked');
}

describe('master keyring loading', () => {
  it('reads WARDEN_MASTER_KEY as base64 or hex, primary first', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const loaded = loadMasterKeyring({ dataDir: '/nonexistent', env: { WARDEN_MASTER_KEY: `${a.toString('base64')}, ${b.toString('hex')}` } });
    assert.equal(loaded.source, 'env');
    assert.equal(loaded.file, undefined);
    assert.deepEqual(loaded.keyring.kids(), [kidOf(a), kidOf(b)]);
    assert.equal(loaded.keyring.primaryKid, kidOf(a));
    assert.deepEqual(loaded.warnings, []);
    // base64url works too
    const c = loadMasterKeyring({ dataDir: '/nonexistent', env: { WARDEN_MASTER_KEY: a.toString('base64url') } });
    assert.equal(c.keyring.primaryKid, kidOf(a));
  });

  it('derives a stable 16-hex kid and a check value that tells keys apart', () => {
    const a = randomBytes(32);
    const ka = Keyring.of([a]);
    assert.match(ka.primaryKid, /^[0-9a-f]{16}$/);
    assert.equal(Keyring.of([Buffer.from(a)]).primaryKid, ka.primaryKid);
    const cv = ka.checkValue(ka.primaryKid)!;
    assert.ok(ka.matchesCheckValue(ka.primaryKid, cv));
    assert.ok(!ka.matchesCheckValue(ka.primaryKid, cv.replace(/^./, (ch) => (ch === '0' ? '1' : '0'))));
    assertNoKey(cv, a);
  });

  it('refuses malformed keys without echoing them', () => {
    const bad = ['not-a-key', randomBytes(16).toString('base64'), randomBytes(33).toString('hex'), '', ' , '];
    for (const v of bad) {
      assert.throws(
        () => loadMasterKeyring({ dataDir: '/nonexistent', env: { WARDEN_MASTER_KEY: `${randomBytes(32).toString('base64')},${v}` } }),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'vault.master_key_invalid');
          if (v.trim()) assert.ok(!e.message.includes(v.trim()));
          return true;
        },
      );
    }
  });

  it('reads a key file with comments, primary first', () => {
    const dir = tmpDir();
    try {
      const a = randomBytes(32);
      const b = randomBytes(32);
      const file = path.join(dir, 'keys');
      writeFileSync(file, `# rotated 2024\n${a.toString('base64')}   # new\n\n  ${b.toString('hex')}\n`, { mode: 0o600 });
      const loaded = loadMasterKeyring({ dataDir: dir, masterKeyFile: file, env: {} });
      assert.equal(loaded.source, 'file');
      assert.equal(loaded.file, file);
      assert.deepEqual(loaded.keyring.kids(), [kidOf(a), kidOf(b)]);

      // WARDEN_MASTER_KEY_FILE wins over the config, WARDEN_MASTER_KEY over both.
      const other = path.join(dir, 'other');
      writeFileSync(other, `${b.toString('base64')}\n`, { mode: 0o600 });
      assert.equal(loadMasterKeyring({ dataDir: dir, masterKeyFile: file, env: { WARDEN_MASTER_KEY_FILE: other } }).keyring.primaryKid, kidOf(b));
      const c = randomBytes(32);
      const envWins = loadMasterKeyring({ dataDir: dir, masterKeyFile: file, env: { WARDEN_MASTER_KEY_FILE: other, WARDEN_MASTER_KEY: c.toString('hex') } });
      assert.equal(envWins.source, 'env');
      assert.equal(envWins.keyring.primaryKid, kidOf(c));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key file readable by group or others, with a chmod hint', { skip: process.platform === 'win32' }, () => {
    const dir = tmpDir();
    try {
      const file = path.join(dir, 'keys');
      const key = randomBytes(32);
      writeFileSync(file, key.toString('base64'));
      for (const mode of [0o644, 0o640, 0o604, 0o660]) {
        chmodSync(file, mode);
        assert.throws(
          () => loadMasterKeyring({ dataDir: dir, masterKeyFile: file, env: {} }),
          (e: Error & { code?: string; hint?: string }) => {
            assert.equal(e.code, 'vault.master_key_permissions');
            assert.equal(e.hint, `chmod 600 ${file}`);
            assertNoKey(e.message, key);
            return true;
          },
        );
      }
      chmodSync(file, 0o600);
      assert.equal(loadMasterKeyring({ dataDir: dir, masterKeyFile: file, env: {} }).keyring.primaryKid, kidOf(key));
      chmodSync(file, 0o400);
      assert.equal(readKeyFile(file).primaryKid, kidOf(key));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly when a configured key file is missing or empty', () => {
    const dir = tmpDir();
    try {
      assert.throws(() => loadMasterKeyring({ dataDir: dir, masterKeyFile: path.join(dir, 'nope'), env: {} }), { code: 'vault.master_key_unreadable' });
      const empty = path.join(dir, 'empty');
      writeFileSync(empty, '# nothing here\n', { mode: 0o600 });
      assert.throws(() => loadMasterKeyring({ dataDir: dir, masterKeyFile: empty, env: {} }), { code: 'vault.master_key_invalid' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates <dataDir>/master.key with mode 0600 and a warning, then reuses it', () => {
    const dir = tmpDir();
    try {
      const dataDir = path.join(dir, 'data');
      const first = loadMasterKeyring({ dataDir, env: {} });
      const file = path.join(dataDir, 'master.key');
      assert.equal(first.source, 'generated');
      assert.equal(first.file, file);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(first.warnings.length, 1);
      assert.match(first.warnings[0]!, /master\.key/);
      const keyLine = readFileSync(file, 'utf8').split('\n').find((l) => l && !l.startsWith('#'))!;
      const key = Buffer.from(keyLine, 'base64');
      assert.equal(key.length, 32);
      assert.equal(kidOf(key), first.keyring.primaryKid);
      assertNoKey(first.warnings.join('\n'), key);

      const second = loadMasterKeyring({ dataDir, env: {} });
      assert.equal(second.source, 'datadir');
      assert.equal(second.keyring.primaryKid, first.keyring.primaryKid);
      assert.deepEqual(second.warnings, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never prints or serialises key material', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const ring = Keyring.of([a, b]);
    for (const text of [JSON.stringify(ring), JSON.stringify({ ring }), inspect(ring, { showHidden: true, depth: 10 }), String(ring), `${inspect({ ring })}`]) {
      assertNoKey(text, a);
      assertNoKey(text, b);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(ring)), { primaryKid: kidOf(a), kids: [kidOf(a), kidOf(b)] });
    assert.deepEqual(Object.keys(ring), ['primaryKid']);
  });

  it('puts a new key first and keeps the old ones', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const ring = Keyring.of([a]).withPrimary(b);
    assert.deepEqual(ring.kids(), [kidOf(b), kidOf(a)]);
    assert.deepEqual(Keyring.of([a, a]).kids(), [kidOf(a)]);
  });
});
