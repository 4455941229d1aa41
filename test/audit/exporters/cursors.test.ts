import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChainedAuditLog } from '../../../src/audit/audit-log.js';
import { startExporters } from '../../../src/audit/exporters/index.js';
import type { AuditEventInput } from '../../../src/audit/types.js';
import { configSchema } from '../../../src/config/schema.js';
import { openStore, type Store } from '../../../src/store/store.js';
import { systemClock } from '../../../src/util/clock.js';

const ev = (i: number): AuditEventInput => ({ phase: 'admin', action: 'owner.create', outcome: 'success', actor: { kind: 'system', id: 'test' }, data: { i } });

interface Env {
  dir: string;
  store: Store;
  log: ChainedAuditLog;
  file: string;
  warnings: string[];
  start(): ReturnType<typeof startExporters>;
  exportedIs(): number[];
  done(): Promise<void>;
}

async function env(): Promise<Env> {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-cursors-'));
  const store = await openStore({ sqliteFile: path.join(dir, 'warden.db') });
  const log = new ChainedAuditLog({ store, clock: systemClock, capture: 'full' });
  const file = path.join(dir, 'audit.jsonl');
  const config = configSchema.parse({ audit: { exporters: { jsonl: { path: file } } } }).audit;
  const warnings: string[] = [];
  return {
    dir, store, log, file, warnings,
    start: () =>
      startExporters({
        config, audit: log, vault: { resolve: async () => '' }, dataDir: dir, baseDir: dir, cursorIntervalMs: 50,
        log: { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
      }),
    exportedIs: () => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { data: { i: number } }).data.i),
    async done() {
      await log.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const cursorFile = (dir: string) => path.join(dir, 'exporters', 'cursors.json');

describe('exporter cursors', () => {
  it('a new exporter on an existing log starts at the head; a clean restart sends nothing twice and misses nothing', async () => {
    const t = await env();
    try {
      for (let i = 0; i < 5; i++) await t.log.record(ev(i));
      const first = await t.start();
      for (let i = 5; i < 10; i++) await t.log.record(ev(i));
      await first.close();
      await t.log.record(ev(10)); // committed while no exporter runs
      const second = await t.start();
      await t.log.record(ev(11));
      await second.close();
      // 10 was committed while no exporter ran, just after the first run's last cursor: the second run
      // picks it up from the cursor. History from before the first run is not exported.
      assert.deepEqual(t.exportedIs(), [5, 6, 7, 8, 9, 10, 11]);
    } finally {
      await t.done();
    }
  });

  it('after a crash the exporter re-reads from its saved cursor what it had not safely written', async () => {
    const t = await env();
    try {
      const events = [];
      for (let i = 0; i < 8; i++) events.push(await t.log.record(ev(i)));
      // As a crash leaves it: the cursor was saved after event 2, and events 3..7 never reached the file.
      mkdirSync(path.dirname(cursorFile(t.dir)), { recursive: true });
      writeFileSync(cursorFile(t.dir), JSON.stringify({ jsonl: { seq: events[2]!.seq, at: Date.now() } }));
      const x = await t.start();
      await x.close();
      assert.deepEqual(t.exportedIs(), [3, 4, 5, 6, 7]);
      assert.match(t.warnings.join('\n'), /re-sending 5 event/);
      const saved = JSON.parse(readFileSync(cursorFile(t.dir), 'utf8')) as { jsonl: { seq: number } };
      assert.equal(saved.jsonl.seq, events[7]!.seq, 'the cursor moved to what was written');
    } finally {
      await t.done();
    }
  });

  it('events committed long after the cursor was saved are not re-read (another instance’s, or a later start’s)', async () => {
    const t = await env();
    try {
      const e0 = await t.log.record(ev(0));
      await t.log.record(ev(1));
      mkdirSync(path.dirname(cursorFile(t.dir)), { recursive: true });
      // Saved an hour before these events were written.
      writeFileSync(cursorFile(t.dir), JSON.stringify({ jsonl: { seq: e0.seq - 1, at: e0.ts - 3_600_000 } }));
      const x = await t.start();
      await x.close();
      assert.deepEqual(t.exportedIs(), []);
    } finally {
      await t.done();
    }
  });

  it('a damaged cursor file is reported and ignored', async () => {
    const t = await env();
    try {
      mkdirSync(path.dirname(cursorFile(t.dir)), { recursive: true });
      writeFileSync(cursorFile(t.dir), '{"jsonl": {"seq": "many"');
      const x = await t.start();
      await t.log.record(ev(0));
      await x.close();
      assert.deepEqual(t.exportedIs(), [0]);
      assert.match(t.warnings.join('\n'), /cursors\.json is damaged/);
    } finally {
      await t.done();
    }
  });
});
