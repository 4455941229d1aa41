import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyLog } from '../../src/audit/verify.js';
import { openStore } from '../../src/store/store.js';

const bin = new URL('../../../bin/warden.js', import.meta.url).pathname;

/** Starts `warden serve` in a child process and resolves with its URL and bootstrap admin token. */
function serve(dataDir: string, config = '') {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    env: { ...process.env, WARDEN_DATA_DIR: dataDir, WARDEN_LOG_LEVEL: 'error', WARDEN_ADMIN_TOKEN: '', WARDEN_CONFIG: config },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const restart = existsSync(path.join(dataDir, 'warden.db'));
  return new Promise<{ child: typeof child; url: string; token: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const token = /WARDEN_ADMIN_TOKEN=(wdna_\w+)/.exec(out)?.[1];
      // A restart on the same data prints no bootstrap token.
      if (url && (token || restart)) {
        clearTimeout(timer);
        resolve({ child, url, token: token ?? '' });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

describe('crash safety', () => {
  it('kill -9 under write load loses no event whose request was answered, the chain still verifies, and the JSONL export catches up after the restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'warden-crash-'));
    const config = path.join(dataDir, 'warden.yaml');
    const jsonl = path.join(dataDir, 'export', 'audit.jsonl');
    writeFileSync(config, `audit:\n  exporters:\n    jsonl:\n      path: ${jsonl}\n      max_bytes: 1000000000\n`);
    try {
      const { child, url, token } = await serve(dataDir, config);
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

      // Restarted and stopped the moment it is ready: the export holds every event of the log,
      // including those committed in the instant before the kill that the exporter had not yet written.
      const again = await serve(dataDir, config);
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('exit', r));
      const exported = new Set(readFileSync(jsonl, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id));
      const after = await openStore({ sqliteFile: path.join(dataDir, 'warden.db') });
      try {
        const rows = await after.db.selectFrom('auditEvents').select(['id', 'seq', 'action', 'ts']).orderBy('seq').execute();
        const notExported = rows.filter((r) => !exported.has(r.id)).map((r) => `${r.seq} ${r.action} ${new Date(Number(r.ts)).toISOString()}`);
        assert.deepEqual(notExported, [], `every one of ${rows.length} events is in the JSONL export (last seq ${rows.at(-1)?.seq})`);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
