import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ChainedAuditLog } from '../../src/audit/audit-log.js';
import type { AuditEvent } from '../../src/audit/types.js';
import { verifyLog } from '../../src/audit/verify.js';
import { systemClock } from '../../src/util/clock.js';
import { DIALECTS, sqliteStore } from '../helpers/stores.js';
import { ev } from './events.js';

for (const d of DIALECTS) {
  describe(`chained audit log with group commit (${d.name})`, () => {
    it('concurrent records get contiguous positions in one verifiable chain, in fewer batches than events', async () => {
      const t = await d.open();
      const log = new ChainedAuditLog({ store: t.store, clock: systemClock, capture: 'redacted' });
      try {
        const events = await Promise.all(Array.from({ length: 500 }, (_, i) => log.record(ev(i))));
        const seqs = events.map((e) => e.seq).sort((a, b) => a - b);
        assert.deepEqual(seqs, Array.from({ length: 500 }, (_, i) => i + 1));
        for (let i = 0; i < 50; i++) log.enqueue(ev(1000 + i));
        await log.flush();
        assert.equal(log.stats().appended, 550);
        assert.ok(log.stats().batches < 100, `group commit batched: ${log.stats().batches} batches`);
        const report = await verifyLog(t.store, { keys: new Map() });
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.equal(report.events, 550);
      } finally {
        await log.close();
        await t.cleanup();
      }
    });

    it('subscribers hear events only after they commit, in chain order; a rolled-back change announces nothing', async () => {
      const t = await d.open();
      const log = new ChainedAuditLog({ store: t.store, clock: systemClock, capture: 'redacted' });
      const heard: AuditEvent[] = [];
      log.subscribe((e) => heard.push(e));
      try {
        await Promise.all([log.record(ev(1)), log.record(ev(2)), log.record(ev(3))]);
        assert.deepEqual(heard.map((e) => e.seq), [1, 2, 3]);
        await assert.rejects(
          t.store.transaction(async (trx) => {
            await log.record(ev(4, { phase: 'admin', action: 'agent.create' }), trx);
            assert.equal(heard.length, 3, 'not announced before commit');
            throw new Error('change failed');
          }),
        );
        assert.equal(heard.length, 3, 'a rolled-back event is never announced');
        assert.deepEqual(await log.query({ action: 'agent.create' }), [], 'nor stored');
        await t.store.transaction((trx) => log.record(ev(5, { phase: 'admin', action: 'agent.update' }), trx));
        assert.equal(heard.at(-1)!.action, 'agent.update');
        assert.equal(heard.at(-1)!.seq, 4, 'the rolled-back event left no gap');
      } finally {
        await log.close();
        await t.cleanup();
      }
    });
  });
}

describe('audit log faults (sqlite)', () => {
  it('when the store cannot write, record() fails closed; enqueued events are retried and nothing is lost', async () => {
    const t = await sqliteStore();
    const log = new ChainedAuditLog({ store: t.store, clock: systemClock, capture: 'redacted' });
    try {
      await log.record(ev(0));
      await sql`create trigger no_audit before insert on audit_events begin select raise(abort, 'disk is full'); end`.execute(t.store.db);
      await assert.rejects(log.record(ev(1)), (e: Error & { code?: string; status?: number }) => e.code === 'audit.unavailable' && e.status === 503);
      log.enqueue(ev(2));
      log.enqueue(ev(3));
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(log.stats().failures > 0);
      assert.equal(log.stats().queued, 2, 'fire-and-forget events wait for the store');
      await sql`drop trigger no_audit`.execute(t.store.db);
      await log.flush();
      const stored = (await log.query({})).map((e) => e.data?.i);
      assert.deepEqual(stored, [0, 2, 3], 'the refused event is not written later; the queued ones are');
      assert.equal((await verifyLog(t.store, { keys: new Map() })).ok, true);
    } finally {
      await log.close();
      await t.cleanup();
    }
  });

  it('applies the capture mode: full keeps text but never secrets; redacted applies every redaction; hash keeps a digest', async () => {
    const t = await sqliteStore();
    const log = new ChainedAuditLog({ store: t.store, clock: systemClock, capture: 'full', captureOverrides: { 'health-bot': 'hash', agt_redact: 'redacted' } });
    const text = 'mail bob@example.com the key sk-proj-abcdefghijklmnop';
    const content = {
      parts: [
        {
          source: 'user',
          text,
          redactions: [
            { start: 5, end: 20, placeholder: '[EMAIL#1]' },
            { start: 29, end: text.length, placeholder: '[SECRET:openai#1]', secret: true },
          ],
        },
      ],
    };
    try {
      const full = await log.record(ev(1, { content }));
      assert.equal(full.content?.parts[0]!.text, 'mail bob@example.com the key [SECRET:openai#1]');
      const red = await log.record(ev(2, { content, agentId: 'agt_redact' }));
      assert.equal(red.content?.parts[0]!.text, 'mail [EMAIL#1] the key [SECRET:openai#1]');
      const hashed = await log.record(ev(3, { content, agentId: 'agt_h', actor: { kind: 'agent', id: 'agt_h', name: 'health-bot' } }));
      assert.equal(hashed.content?.parts[0]!.text, undefined);
      assert.match(hashed.content!.parts[0]!.sha256!, /^[0-9a-f]{64}$/);
      assert.equal(hashed.content!.parts[0]!.chars, text.length);
      const raw = await t.store.db.selectFrom('auditEvents').select('body').execute();
      assert.ok(raw.every((r) => !r.body.includes('sk-proj-abcdefghijklmnop')), 'the secret is stored nowhere');
    } finally {
      await log.close();
      await t.cleanup();
    }
  });
});
