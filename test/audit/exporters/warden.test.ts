import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWarden, type TestWarden } from '../../helpers/warden.js';
import { Receiver, waitFor } from './helpers.js';

const SIEM_KEY = 'siem-hmac-4f9d2c7a1b8e6f3d0c5a9b2e7f1d4c8a';

function jsonlRecords(file: string): any[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

const exportersYaml = (dir: string, url: string, secret = 'siem-key') => `
audit:
  exporters:
    jsonl:
      path: ${path.join(dir, 'audit.ocsf.jsonl')}
      format: ocsf
    webhooks:
      - name: siem
        url: ${url}
        secret: ${secret}
        batch_size: 50
        flush_interval: 50ms
        timeout: 2s
`;

describe('exporters in a running Warden', () => {
  let dataDir: string;
  let outDir: string;
  let w: TestWarden;
  const receiver = new Receiver();

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'warden-exp-data-'));
    outDir = mkdtempSync(path.join(tmpdir(), 'warden-exp-out-'));
    await receiver.start();
    // The signing key lives in the vault: store it first, then start with the exporters configured.
    const first = await startWarden({ dataDir });
    assert.equal((await first.admin('POST', '/secrets', { name: 'siem-key', value: SIEM_KEY })).status, 201);
    await first.close();
    w = await startWarden({ dataDir, yaml: exportersYaml(outDir, receiver.url) });
  });
  after(async () => {
    await w?.close();
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('exports admin changes in OCSF to the JSONL file and the webhook, signed', async () => {
    assert.equal((await w.admin('POST', '/teams', { name: 'payments' })).status, 201);
    assert.equal((await w.admin('POST', '/owners', { handle: 'alice@example.com', team: 'payments' })).status, 201);
    const agent = await w.admin('POST', '/agents', { name: 'billing-bot', owner: 'alice@example.com', risk: 'high' });
    assert.equal(agent.status, 201);
    const key = await w.admin('POST', '/agents/billing-bot/keys', {});
    assert.equal(key.status, 201);
    const forbidden = await w.admin('POST', '/agents', { name: 'x' }, 'wdn_admin_not_a_token');
    assert.equal(forbidden.status, 401);

    const wanted = ['team.create', 'owner.create', 'agent.create', 'key.issue'];
    const byAction = (records: any[]) => new Map(records.filter((r) => r.unmapped?.warden).map((r) => [r.unmapped.warden.action, r]));
    await waitFor(() => wanted.every((a) => byAction(receiver.accepted.flatMap((x) => x.json.events)).has(a)), 10_000, 'webhook deliveries');

    const hooked = byAction(receiver.accepted.flatMap((x) => x.json.events));
    for (const a of wanted) {
      const r = hooked.get(a);
      assert.equal(r.class_uid, 3004, `${a} is Entity Management`);
      assert.equal(r.category_uid, 3);
      assert.equal(r.type_uid, 3004 * 100 + r.activity_id);
      assert.equal(r.activity_id, 1, `${a} is a Create`);
      assert.ok(r.entity?.uid, `${a} names the entity`);
      assert.equal(r.actor.user.type, 'Admin');
      assert.ok(Number.isInteger(r.unmapped.warden.seq) && /^[0-9a-f]{64}$/.test(r.unmapped.warden.hash));
    }
    assert.equal(hooked.get('agent.create').entity.name, 'billing-bot');
    assert.equal(hooked.get('owner.create').entity.type_id, 2);
    assert.equal(hooked.get('team.create').entity.type_id, 3);
    assert.equal(hooked.get('key.issue').entity.uid, key.body.key.id);

    // Each delivery is signed with the vault secret.
    for (const a of receiver.accepted) {
      const ts = String(a.headers['x-warden-timestamp']);
      assert.equal(a.headers['x-warden-signature'], 'sha256=' + createHmac('sha256', SIEM_KEY).update(`${ts}.${a.body}`).digest('hex'));
    }
    // Chain order is kept across batches.
    const seqs = receiver.accepted.flatMap((x) => x.json.events).map((r) => r.unmapped.warden.seq);
    assert.deepEqual(seqs, [...seqs].sort((p, q) => p - q));

    // The events match the audit log: same ids, seq and hashes.
    const logged = await w.admin('GET', `/audit/events?action=agent.create`);
    const ev = logged.body.events[0];
    assert.equal(hooked.get('agent.create').metadata.uid, ev.id);
    assert.equal(hooked.get('agent.create').unmapped.warden.hash, ev.hash);

    await w.warden.services.exporters.exporters.find((x) => x.name === 'jsonl')!.flush();
    const file = path.join(outDir, 'audit.ocsf.jsonl');
    const lines = byAction(jsonlRecords(file));
    for (const a of wanted) assert.equal(lines.get(a)?.class_uid, 3004, `${a} in the JSONL file`);
    assert.ok(jsonlRecords(file).every((r) => [6003, 3004, 2004].includes(r.class_uid)));

    const stats = w.warden.services.exporters.stats();
    assert.deepEqual(stats.map((s) => s.name).sort(), ['jsonl', 'webhook:siem']);
    assert.ok(stats.every((s) => s.exported > 0 && s.dropped === 0 && s.rejected === 0));
  });

  it('never writes the signing key to disk or to the log', () => {
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
    walk(outDir);
    walk(path.join(dataDir, 'exporters'));
    for (const f of files) if (statSync(f).size < 50 * 1024 * 1024) assert.equal(readFileSync(f).includes(SIEM_KEY), false, f);
    assert.equal(w.logs.join('').includes(SIEM_KEY), false);
  });
});

describe('exporter settings are checked at start', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'warden-exp-start-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts without the webhook signing secret, holds deliveries, and sends them once the secret exists', async () => {
    const receiver = new Receiver();
    await receiver.start();
    const w = await startWarden({ dataDir, yaml: exportersYaml(dataDir, receiver.url, 'late-key') });
    try {
      assert.ok(w.warden.warnings.some((m) => /late-key/.test(m) && /held/.test(m)), w.warden.warnings.join('\n'));
      await w.admin('POST', '/teams', { name: 'held-team' });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(receiver.requests.length, 0, 'nothing is sent unsigned');
      assert.equal((await w.admin('POST', '/secrets', { name: 'late-key', value: SIEM_KEY })).status, 201);
      await waitFor(() => receiver.requests.some((r) => r.body.includes('held-team')), 10_000);
      const req = receiver.requests.find((r) => r.body.includes('held-team'))!;
      const ts = req.headers['x-warden-timestamp'];
      const expected = 'sha256=' + createHmac('sha256', SIEM_KEY).update(`${ts}.${req.body}`).digest('hex');
      assert.equal(req.headers['x-warden-signature'], expected);
    } finally {
      await w.close();
      await receiver.stop();
    }
  });

  it('refuses to start when the JSONL path cannot be written', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'warden-exp-bad-'));
    try {
      writeFileSync(path.join(d, 'file'), '');
      const yaml = `audit:\n  exporters:\n    jsonl:\n      path: ${path.join(d, 'file', 'audit.jsonl')}\n`;
      await assert.rejects(startWarden({ dataDir, yaml }), (e: any) => e.code === 'exporter.jsonl.path_unwritable' && e.details.setting === 'path');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('exporters on first boot', () => {
  it('export the events Warden records while it starts, before the exporters exist, in chain order', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'warden-exp-boot-'));
    const file = path.join(dataDir, 'out', 'audit.jsonl');
    const w = await startWarden({ dataDir, yaml: `audit:\n  exporters:\n    jsonl: { path: ${file}, format: warden }\n` });
    try {
      await w.admin('POST', '/teams', { name: 'after-boot' });
      await w.warden.services.audit.flush();
      await w.warden.services.exporters.close();
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const seqs = lines.map((e) => e.seq);
      assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'every event from seq 1, once, in order');
      const actions = lines.map((e) => e.action);
      assert.ok(actions.includes('vault.system_secret.create'), `the vault's first-boot events are exported: ${actions.join(', ')}`);
      assert.ok(actions.includes('team.create'));
    } finally {
      await w.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
