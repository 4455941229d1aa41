import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyLog } from '../../src/audit/verify.js';
import { openStore } from '../../src/store/store.js';

const bin = new URL('../../../bin/warden.js', import.meta.url).pathname;

/** Starts `warden serve` in a child process and resolves with its URL and bootstrap admin token. */
function serve(dataDir: string) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    env: { ...process.env, WARDEN_DATA_DIR: dataDir, WARDEN_LOG_LEVEL: 'error', WARDEN_ADMIN_TOKEN: '', WARDEN_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<{ child: typeof child; url: string; token: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const token = /WARDEN_ADMIN_TOKEN=(wdna_\w+)/.exec(out)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ child, url, token });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

describe('crash safety', () => {
  it('kill -9 under write load loses no event whose request was answered, and the chain still verifies', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'warden-crash-'));
    try {
      const { child, url, token } = await serve(dataDir);
      const post = (p: string, body: unknown, t = token) =>
        fetch(`${url}/admin/v1${p}`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const viewer = (await (await post('/admin-tokens', { name: 'viewer', role: 'viewer' })).json()) as { secret: string };

      const answeredOwners: string[] = [];
      let answeredDenials = 0;
      let stop = false;
      let n = 0;
      // Writers in the change transaction (owner.create) and through group commit (permission denials).
      const worker = async (w: number) => {
        while (!stop) {
          const handle = `crash-${w}-${n++}`;
          try {
            if (n % 3 === 0) {
              const r = await post('/agents', { name: handle, owner: 'nobody' }, viewer.secret);
              if (r.status === 403) answeredDenials++;
            } else {
              const r = await post('/owners', { handle });
              if (r.status === 201) answeredOwners.push(handle);
            }
          } catch {
            return; // the server is gone
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, i) => worker(i));
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
      assert.ok(answeredOwners.length > 20, `enough load: ${answeredOwners.length} owners answered`);

      const store = await openStore({ sqliteFile: path.join(dataDir, 'warden.db') });
      try {
        const report = await verifyLog(store, { keys: new Map() });
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        const created = await store.db.selectFrom('auditEvents').select('body').where('action', '=', 'owner.create').execute();
        const names = new Set(created.map((r) => (JSON.parse(r.body) as { target?: { name?: string } }).target?.name));
        const missing = answeredOwners.filter((h) => !names.has(h));
        assert.deepEqual(missing, [], 'every answered change has its audit event');
        const denials = await store.db.selectFrom('auditEvents').select('seq').where('action', '=', 'admin.permission_denied').execute();
        assert.ok(denials.length >= answeredDenials, `every answered denial is recorded (${denials.length} ≥ ${answeredDenials})`);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
