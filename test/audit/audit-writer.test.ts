import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChainedAuditLog } from '../../src/audit/audit-log.js';
import type { AuditEvent } from '../../src/audit/types.js';
import { verifyLog } from '../../src/audit/verify.js';
import { systemClock } from '../../src/util/clock.js';
import { sqliteStore, type TestStore } from '../helpers/stores.js';
import { ev } from './events.js';

/**
 * The audit log's writer: events handed over (encoded by the writer, off the caller's path) and
 * the synchronous SQLite append, which must never run inside a transaction a change holds open.
 */

/** Runs `fn` with a log on a fresh SQLite store, and closes both whatever happens. */
async function withLog(fn: (t: TestStore, log: ChainedAuditLog) => Promise<void>): Promise<void> {
  const t = await sqliteStore();
  const log = new ChainedAuditLog({ store: t.store, clock: systemClock, capture: 'redacted' });
  try {
    await fn(t, log);
  } finally {
    await log.close();
    await t.cleanup();
  }
}

describe('audit log writer (sqlite)', () => {
  it('events handed over are encoded by the writer: stored as enqueued, hashed, in order with the rest', () =>
    withLog(async (t, log) => {
      const heard: AuditEvent[] = [];
      log.subscribe((e) => heard.push(e));
      log.enqueue(ev(1));
      log.enqueue(ev(2, { result: { status: 200, latencyMs: 1.5 } }), { handOver: true });
      await log.record(ev(3));
      log.enqueue(ev(4), { handOver: true, soon: false });
      await log.flush();
      assert.deepEqual(heard.map((e) => [e.seq, e.data?.i]), [[1, 1], [2, 2], [3, 3], [4, 4]]);
      const stored = await log.query({});
      assert.deepEqual(stored.map((e) => e.data?.i), [1, 2, 3, 4]);
      assert.deepEqual(stored[1]!.result, { status: 200, latencyMs: 1.5 });
      const report = await verifyLog(t.store, { keys: new Map() });
      assert.equal(report.ok, true, JSON.stringify(report.problems));
    }));

  it('a handed-over event that cannot be encoded is left out and counted; the others are written', () =>
    withLog(async (t, log) => {
      const cyclic: Record<string, unknown> = { i: 2 };
      cyclic.self = cyclic;
      log.enqueue(ev(1), { handOver: true });
      log.enqueue(ev(2, { data: cyclic }), { handOver: true });
      log.enqueue(ev(3), { handOver: true });
      await log.flush();
      assert.deepEqual((await log.query({})).map((e) => e.data?.i), [1, 3]);
      assert.match(String(log.stats().lastError), /could not be encoded/);
      assert.equal(log.stats().queued, 0, 'nothing left to retry forever');
      // Not handed over, the same event is refused to its caller at once, as before.
      assert.throws(() => log.enqueue(ev(4, { data: cyclic })));
      assert.equal((await verifyLog(t.store, { keys: new Map() })).ok, true);
    }));

  it('appends while a change holds a transaction open on the connection: both commit, one intact chain', () =>
    withLog(async (t, log) => {
      await t.store.transaction(async (trx) => {
        await log.record(ev(1, { phase: 'admin', action: 'agent.update' }), trx);
        // The writer runs while this transaction is open (its statements must not join it).
        log.enqueue(ev(2), { soon: true });
        await new Promise((r) => setTimeout(r, 20));
        await log.record(ev(3, { phase: 'admin', action: 'agent.update' }), trx);
      });
      await log.flush();
      const stored = await log.query({});
      assert.deepEqual(stored.map((e) => [e.seq, e.data?.i]), [[1, 1], [2, 3], [3, 2]]);
      const report = await verifyLog(t.store, { keys: new Map() });
      assert.equal(report.ok, true, JSON.stringify(report.problems));
    }));

  it('a rolled-back change does not take events the writer queued meanwhile with it', () =>
    withLog(async (t, log) => {
      await assert.rejects(
        t.store.transaction(async (trx) => {
          await log.record(ev(1, { phase: 'admin', action: 'agent.update' }), trx);
          log.enqueue(ev(2), { soon: true });
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('change failed');
        }),
      );
      await log.flush();
      assert.deepEqual((await log.query({})).map((e) => [e.seq, e.data?.i]), [[1, 2]]);
      assert.equal((await verifyLog(t.store, { keys: new Map() })).ok, true);
    }));
});
