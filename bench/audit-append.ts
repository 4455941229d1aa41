/**
 * Audit log throughput with the hash chain, and verification speed.
 *
 *   npm run build && node dist/bench/audit-append.js
 *
 * - append: events recorded as fast as the writer takes them (group commit), realistic size
 *   (~1 KB: a prompt, findings, a decision), until all are durable. Goals: ≥ 20,000 events/s on
 *   SQLite, ≥ 10,000 on PostgreSQL.
 * - verify: the whole chain re-hashed and every index column checked against its body.
 *   Goal: ≥ 100,000 events/s.
 * PostgreSQL is the machine's local server (WARDEN_BENCH_PG_URL to change it; skipped if down).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ChainedAuditLog } from '../src/audit/audit-log.js';
import type { AuditEventInput } from '../src/audit/types.js';
import { verifyLog } from '../src/audit/verify.js';
import { openStore, type Store } from '../src/store/store.js';
import { systemClock } from '../src/util/clock.js';
import { machine } from './lib.js';

const PG_URL = process.env.WARDEN_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PROMPT = 'Summarise the attached quarterly report for the finance team and list the three largest risks. '.repeat(6);

function event(i: number): AuditEventInput {
  return {
    phase: i % 2 ? 'llm.response' : 'llm.request',
    action: 'llm.chat',
    outcome: 'success',
    actor: { kind: 'agent', id: `agt_${i % 50}`, name: `agent-${i % 50}`, credentialId: 'key_01abc', onBehalfOf: `user${i % 200}@example.com`, ip: '10.0.0.7' },
    agentId: `agt_${i % 50}`,
    sessionId: `ses_${Math.floor(i / 20)}`,
    resource: { model: 'gpt-4o', provider: 'openai' },
    findings: i % 10 === 0 ? [{ detector: 'pii', kind: 'email', score: 0.97, triggered: true, severity: 'medium', span: { start: 10, end: 25 } }] : [],
    decision: { effect: 'allow', rules: [{ id: 'starter.allow-granted-models' }], policyVersion: 'sha256:4f2a9c' },
    result: { status: 200, latencyMs: 812, upstreamLatencyMs: 790, tokens: { input: 420, output: 96 }, costUsd: 0.0031 },
    content: { parts: [{ source: 'user', text: `${PROMPT} #${i}` }] },
  };
}

async function appendRun(store: Store, n: number): Promise<{ eventsPerSecond: number; batches: number }> {
  const log = new ChainedAuditLog({ store, clock: systemClock, capture: 'redacted', maxBatch: 2000 });
  // Warm up (JIT, prepared statements), not counted.
  for (let i = 0; i < 2000; i++) log.enqueue(event(i));
  await log.flush();
  const before = log.stats();
  // Inputs are built as they arrive (about 1 µs each, counted in): building all of them first
  // would hold 100 MB live that real traffic never holds, and the collector would bill the log for it.
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    log.enqueue(event(i));
    // Let the writer run while events arrive, as under real traffic.
    if (i % 2000 === 1999) await new Promise((r) => setImmediate(r));
  }
  await log.flush();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = log.stats();
  await log.close();
  return { eventsPerSecond: Math.round(n / s), batches: after.batches - before.batches };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-bench-audit-'));
  const results: Record<string, unknown> = { bench: 'audit-append', ...machine() };
  try {
    const sqlite = await openStore({ sqliteFile: path.join(dir, 'warden.db') });
    const N = 100_000;
    const a = await appendRun(sqlite, N);
    results.sqlite_append_events_per_s = a.eventsPerSecond;
    console.log(`append (SQLite, ${N} events, chained)      ${a.eventsPerSecond} events/s in ${a.batches} batches   (goal ≥ 20,000)`);
    const v = await verifyLog(sqlite, { keys: new Map() });
    if (!v.ok) throw new Error('chain did not verify');
    results.verify_events_per_s = v.eventsPerSecond;
    results.verify_events = v.events;
    console.log(`verify (SQLite, ${v.events} events)               ${v.eventsPerSecond} events/s   (goal ≥ 100,000)`);
    await sqlite.close();

    const schema = `bench_audit_${process.pid}`;
    let pgStore: Store | undefined;
    try {
      pgStore = await openStore({ url: PG_URL, pgSchema: schema, poolSize: 4 });
    } catch {
      console.log('PostgreSQL not reachable: skipped');
    }
    if (pgStore) {
      const NP = 50_000;
      const p = await appendRun(pgStore, NP);
      results.postgres_append_events_per_s = p.eventsPerSecond;
      console.log(`append (PostgreSQL, ${NP} events, chained)   ${p.eventsPerSecond} events/s in ${p.batches} batches   (goal ≥ 10,000)`);
      const vp = await verifyLog(pgStore, { keys: new Map() });
      results.postgres_verify_events_per_s = vp.eventsPerSecond;
      console.log(`verify (PostgreSQL, ${vp.events} events)          ${vp.eventsPerSecond} events/s`);
      await pgStore.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`).finally(() => c.end());
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
