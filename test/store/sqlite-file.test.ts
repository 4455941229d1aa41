import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { ChainedAuditLog } from '../../src/audit/audit-log.js';
import { scanAll, verifyLog } from '../../src/audit/verify.js';
import { scanRange } from '../../src/audit/verify-scan.js';
import { AuditEventRepo } from '../../src/store/repos/audit-events.js';
import { migrate } from '../../src/store/migrate.js';
import { SAFETY_NET_PAGES, startSqliteCheckpointer } from '../../src/store/sqlite-checkpointer.js';
import { MIGRATIONS, openStore, type Store } from '../../src/store/store.js';
import type { Database } from '../../src/store/tables.js';
import { systemClock } from '../../src/util/clock.js';

const event = (i: number) => ({
  phase: 'llm.request' as const,
  action: 'llm.chat',
  outcome: 'success' as const,
  actor: { kind: 'agent' as const, id: 'agt_1', name: 'bot' },
  agentId: 'agt_1',
  sessionId: `ses_${i % 7}`,
  content: { parts: [{ source: 'user', text: `${'a prompt of some length '.repeat(20)}${i}` }] },
});

function tempDir(): { dir: string; file: string; done(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-sqlite-'));
  return { dir, file: path.join(dir, 'warden.db'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SQLite file store', () => {
  it('migration 004 rebuilds a log written under 002 with seq as the rowid; every event kept, the chain still verifies', async () => {
    const t = tempDir();
    try {
      // A database as the releases before 004 left it.
      const raw = new SqliteDatabase(t.file);
      raw.pragma('journal_mode = WAL');
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), plugins: [new CamelCasePlugin()] });
      const before = MIGRATIONS.filter((m) => m.name < '004');
      assert.deepEqual((await migrate(db, 'sqlite', before)).applied, ['001_initial', '002_audit', '003_monitor']);
      const old: Store = { db, dialect: 'sqlite', sqlite: raw, location: { sqliteFile: t.file }, transaction: (fn) => db.transaction().execute(fn), close: () => db.destroy() };
      const log = new ChainedAuditLog({ store: old, clock: systemClock, capture: 'full' });
      const written = await Promise.all(Array.from({ length: 300 }, (_, i) => log.record(event(i))));
      await log.close();
      const pkBefore = raw.prepare("select type from pragma_table_info('audit_events') where name = 'seq'").pluck().get();
      assert.equal(String(pkBefore).toLowerCase(), 'bigint');
      await db.destroy();

      const store = await openStore({ sqliteFile: t.file });
      try {
        const info = store.sqlite!.prepare("select type, pk from pragma_table_info('audit_events') where name = 'seq'").get() as { type: string; pk: number };
        assert.deepEqual({ type: info.type.toLowerCase(), pk: info.pk }, { type: 'integer', pk: 1 });
        const indexes = store.sqlite!.prepare("select name from pragma_index_list('audit_events') order by name").pluck().all();
        assert.deepEqual(indexes.filter((n) => !String(n).startsWith('sqlite_autoindex')), ['audit_events_agent', 'audit_events_session', 'audit_events_ts', 'audit_events_user']);
        const report = await verifyLog(store, { keys: new Map() });
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.equal(report.events, 300);
        assert.equal(report.head.hash, written.reduce((a, e) => (e.seq > a.seq ? e : a)).hash);
        // New events extend the same chain.
        const next = new ChainedAuditLog({ store, clock: systemClock, capture: 'full' });
        assert.equal((await next.record(event(300))).seq, 301);
        await next.close();
        assert.equal((await verifyLog(store, { keys: new Map() })).ok, true);
      } finally {
        await store.close();
      }
    } finally {
      t.done();
    }
  });

  it('WAL checkpoints run in a worker: the main connection keeps only a high safety mark, and the log is copied back as it grows', async () => {
    const t = tempDir();
    const store = await openStore({ sqliteFile: t.file });
    try {
      assert.ok(store.checkpointer, 'a file store has a checkpointer');
      assert.equal(store.sqlite!.pragma('wal_autocheckpoint', { simple: true }), SAFETY_NET_PAGES);
      const log = new ChainedAuditLog({ store, clock: systemClock, capture: 'full' });
      for (let i = 0; i < 3000; i++) log.enqueue(event(i));
      await log.close();
      // Several MB were committed, under the main connection's own mark: only the worker copies them back.
      await until('a checkpoint that copied every frame', () => {
        const s = store.checkpointer!.stats();
        return s.active && s.walFrames > 500 && s.checkpointedFrames === s.walFrames;
      });
      assert.equal(store.checkpointer!.stats().lastError, null);
    } finally {
      await store.close();
      t.done();
    }
    assert.equal(store.checkpointer!.stats().active, false, 'stopped with the store');
  });

  it('if the checkpoint worker fails, the main connection goes back to SQLite’s own checkpoints', async () => {
    const t = tempDir();
    const main = new SqliteDatabase(t.file);
    main.pragma('journal_mode = WAL');
    try {
      // A directory is not a database: the worker cannot open it and stops.
      const c = startSqliteCheckpointer(t.dir, main, 10);
      await until('the fallback', () => !c.stats().active);
      assert.equal(main.pragma('wal_autocheckpoint', { simple: true }), 1000);
      assert.match(c.stats().lastError ?? '', /SQLITE_CANTOPEN/);
      await c.stop();
    } finally {
      main.close();
      t.done();
    }
  });

  it('verification split over threads still completes and agrees when a helper thread cannot open the database', async () => {
    const t = tempDir();
    const store = await openStore({ sqliteFile: t.file });
    try {
      const log = new ChainedAuditLog({ store, clock: systemClock, capture: 'full' });
      await Promise.all(Array.from({ length: 120 }, (_, i) => log.record(event(i))));
      await log.close();
      const alone = await verifyLog(store, { keys: new Map(), threads: 1 });
      // Helpers pointed at a directory fail as they start; at an empty database, on the range they hold.
      const empty = path.join(t.dir, 'empty.db');
      new SqliteDatabase(empty).close();
      for (const sqliteFile of [t.dir, empty]) {
        const r = await verifyLog({ db: store.db, sqlite: store.sqlite, location: { sqliteFile } }, { keys: new Map(), threads: 3, parallelFrom: 0, rangeSize: 10 });
        assert.deepEqual({ ...r, durationMs: 0, eventsPerSecond: 0 }, { ...alone, durationMs: 0, eventsPerSecond: 0 }, sqliteFile);
      }
      assert.equal(alone.ok, true);
      assert.equal(alone.events, 120);

      // This thread made slow, so the helpers do get ranges, and fail on them: each is scanned again here.
      const repo = new AuditEventRepo(store.db, store);
      const ranges = Array.from({ length: 12 }, (_, i) => [i * 10 + 1, i * 10 + 10] as [number, number]);
      const slowHere = async (from: number, to: number) => {
        await new Promise((r) => setTimeout(r, 40));
        return scanRange((f, l) => repo.rangeRaw(f, l), from, to, new Set(), 100, 10);
      };
      const scans = await scanAll(ranges, 2, slowHere, { location: { sqliteFile: empty }, rangeSql: repo.rangeSql(), wanted: [], maxProblems: 10 }, 100);
      assert.deepEqual(scans.map((x) => [x.first?.seq, x.last?.seq, x.events]), ranges.map(([a, b]) => [a, b, 10]));
    } finally {
      await store.close();
      t.done();
    }
  });

  it('an in-memory store has no checkpointer and verifies in this thread', async () => {
    const store = await openStore({});
    try {
      assert.equal(store.checkpointer, undefined);
      const log = new ChainedAuditLog({ store, clock: systemClock, capture: 'full' });
      await Promise.all(Array.from({ length: 20 }, (_, i) => log.record(event(i))));
      const report = await verifyLog(store, { keys: new Map(), threads: 4, parallelFrom: 0 });
      assert.equal(report.ok, true);
      assert.equal(report.events, 20);
    } finally {
      await store.close();
    }
  });
});
