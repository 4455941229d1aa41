import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chainHash, digestOf, GENESIS } from '../../src/audit/chain.js';
import { storedCheckpointKeys, type Checkpoint } from '../../src/audit/checkpoints.js';
import { verifyLog, type VerifyReport } from '../../src/audit/verify.js';
import { DIALECTS } from '../helpers/stores.js';
import { startWarden, type TestWarden } from '../helpers/warden.js';

const N = 50;

/** A Warden with N agent events in its log and a signed checkpoint of them. */
async function logWithEvents(dialect: 'sqlite' | 'postgres'): Promise<TestWarden> {
  const w = await startWarden({ dialect });
  const audit = w.warden.services.audit;
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      audit.record({
        phase: i % 2 ? 'llm.response' : 'llm.request',
        action: 'llm.chat',
        outcome: 'success',
        actor: { kind: 'agent', id: 'agt_x', name: 'x', onBehalfOf: `user${i % 3}` },
        agentId: 'agt_x',
        sessionId: `ses_${Math.floor(i / 10)}`,
        resource: { model: 'gpt-4o' },
        decision: { effect: 'allow', rules: [], policyVersion: 'v1' },
        content: { parts: [{ source: 'user', text: `prompt number ${i}` }] },
      }),
    ),
  );
  const cp = await w.admin('POST', '/audit/checkpoints');
  assert.equal(cp.status, 201);
  return w;
}

/**
 * Verifies through the admin API (one thread at this size) and again with the chain split over
 * three threads, each scanning its range on its own connection: both must name the same problems.
 */
async function verify(w: TestWarden, body: { checkpoints?: Checkpoint[] } = {}): Promise<VerifyReport> {
  const r = await w.admin('POST', '/audit/verify', body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const report = r.body.report as VerifyReport;
  const s = w.warden.services;
  const keys = await storedCheckpointKeys(s.store);
  keys.set(s.checkpointer.kid, s.checkpointer.publicKey);
  const split = await verifyLog(s.store, { keys, ...(body.checkpoints ? { externalCheckpoints: body.checkpoints } : {}), threads: 3, parallelFrom: 0, pageSize: 7, rangeSize: 9 });
  const same = (x: VerifyReport) => ({ ...x, durationMs: 0, eventsPerSecond: 0 });
  assert.deepEqual(same(split), same(report), 'verification split over threads reports the same');
  return report;
}

/** Seq of the last event (admin events from startup come first). */
async function lastSeq(w: TestWarden): Promise<number> {
  return (await w.warden.services.store.db.selectFrom('auditEvents').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m as number;
}

const row = (w: TestWarden, seq: number) => w.warden.services.store.db.selectFrom('auditEvents').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

for (const d of DIALECTS) {
  describe(`audit chain tamper evidence (${d.name})`, () => {
    const scenario = (name: string, fn: (w: TestWarden, last: number) => Promise<void>) =>
      it(name, async () => {
        const w = await logWithEvents(d.name);
        try {
          await fn(w, Number(await lastSeq(w)));
        } finally {
          await w.close();
        }
      });

    scenario('an untouched log verifies, with its checkpoint', async (w, last) => {
      const r = await verify(w);
      assert.equal(r.ok, true, JSON.stringify(r.problems));
      assert.equal(r.events, last);
      assert.equal(r.checkpoints.valid, 1);
      assert.equal(r.checkpoints.latest, last);
    });

    scenario('an edited row is named (content changed)', async (w, last) => {
      const target = last - 20;
      const before = await row(w, target);
      await w.warden.services.store.db.updateTable('auditEvents').set({ body: before.body.replace(/prompt number \d+/, 'nothing to see') }).where('seq', '=', target).execute();
      const r = await verify(w);
      assert.equal(r.ok, false);
      assert.deepEqual(r.problems.map((p) => [p.kind, p.seq, p.id]), [['modified', target, before.id]]);
    });

    scenario('an edited search column is caught against the hashed body', async (w, last) => {
      await w.warden.services.store.db.updateTable('auditEvents').set({ agentId: 'agt_innocent' }).where('seq', '=', last - 5).execute();
      const r = await verify(w);
      assert.deepEqual(r.problems.map((p) => [p.kind, p.seq]), [['index_mismatch', last - 5]]);
      assert.match(r.problems[0]!.message, /agentId/);
    });

    scenario('a deleted row is named by position', async (w, last) => {
      await w.warden.services.store.db.deleteFrom('auditEvents').where('seq', '=', last - 10).execute();
      const r = await verify(w);
      assert.deepEqual(r.problems.map((p) => [p.kind, p.seq]), [['deleted', last - 10]]);
      assert.match(r.problems[0]!.message, /1 event\(s\) deleted/);
    });

    scenario('two swapped rows are reported as reordered', async (w, last) => {
      const a = await row(w, last - 30);
      const b = await row(w, last - 29);
      const { seq: _a, ...aRest } = a;
      const { seq: _b, ...bRest } = b;
      const db = w.warden.services.store.db;
      // Move a aside, then exchange contents (unique id and hash columns make a direct swap impossible).
      await db.updateTable('auditEvents').set({ ...aRest, id: 'tmp', hash: 'tmp' }).where('seq', '=', a.seq).execute();
      await db.updateTable('auditEvents').set({ ...bRest, id: 'tmp2', hash: 'tmp2' }).where('seq', '=', b.seq).execute();
      await db.updateTable('auditEvents').set(aRest).where('seq', '=', b.seq).execute();
      await db.updateTable('auditEvents').set(bRest).where('seq', '=', a.seq).execute();
      const r = await verify(w);
      const kinds = r.problems.map((p) => [p.kind, p.seq, p.id]);
      assert.deepEqual(kinds, [
        ['reordered', last - 30, b.id],
        ['reordered', last - 29, a.id],
      ]);
    });

    scenario('truncation after a checkpoint is caught, even with the head rewound', async (w, last) => {
      const db = w.warden.services.store.db;
      await db.deleteFrom('auditEvents').where('seq', '>', last - 3).execute();
      const tip = await row(w, last - 3);
      await db.updateTable('auditHead').set({ seq: last - 3, hash: tip.hash }).where('id', '=', 1).execute();
      const r = await verify(w);
      assert.deepEqual(r.problems.map((p) => p.kind), ['truncated']);
      assert.match(r.problems[0]!.message, new RegExp(`checkpoint covers ${last} events but the log ends at seq ${last - 3}`));
    });

    scenario('truncation without touching the head is caught by the head', async (w, last) => {
      await w.warden.services.store.db.deleteFrom('auditEvents').where('seq', '>', last - 3).execute();
      const r = await verify(w);
      assert.ok(r.problems.some((p) => p.kind === 'truncated' && /chain head records/.test(p.message)), JSON.stringify(r.problems));
    });

    scenario('an edited and re-hashed row is named: its successor still links to the original', async (w, last) => {
      const target = last - 15;
      const r0 = await row(w, target);
      const body = r0.body.replace(/prompt number \d+/, 'rewritten');
      await w.warden.services.store.db.updateTable('auditEvents').set({ body, hash: chainHash(r0.prevHash, digestOf(body)) }).where('seq', '=', target).execute();
      const r = await verify(w);
      assert.deepEqual(r.problems.map((p) => [p.kind, p.seq, p.id]), [['rehashed', target, r0.id]]);
    });

    scenario('rewriting the whole chain is caught by the signed checkpoint', async (w, last) => {
      const db = w.warden.services.store.db;
      const rows = await db.selectFrom('auditEvents').selectAll().orderBy('seq').execute();
      let prev = GENESIS;
      for (const r0 of rows) {
        const body = Number(r0.seq) === last - 25 ? r0.body.replace(/prompt number \d+/, 'rewritten') : r0.body;
        const hash = chainHash(prev, digestOf(body));
        await db.updateTable('auditEvents').set({ body, prevHash: prev, hash }).where('seq', '=', r0.seq).execute();
        prev = hash;
      }
      await db.updateTable('auditHead').set({ hash: prev }).where('id', '=', 1).execute();
      const r = await verify(w);
      assert.deepEqual(r.problems.map((p) => [p.kind, p.seq]), [['checkpoint_mismatch', last]]);
    });

    scenario('a forged or edited checkpoint fails its signature; an exported one still protects the log', async (w, last) => {
      const cps = (await w.admin('GET', '/audit/checkpoints')).body.checkpoints;
      assert.equal(cps.length, 1);
      const db = w.warden.services.store.db;
      // The attacker truncates and deletes the stored checkpoint too; the exported copy remains.
      await db.deleteFrom('auditCheckpoints').execute();
      await db.deleteFrom('auditEvents').where('seq', '>', last - 1).execute();
      await db.updateTable('auditHead').set({ seq: last - 1, hash: (await row(w, last - 1)).hash }).where('id', '=', 1).execute();
      assert.equal((await verify(w)).ok, true, 'without outside anchoring the truncation is invisible');
      const r = await verify(w, { checkpoints: cps });
      assert.deepEqual(r.problems.map((p) => p.kind), ['truncated']);
      const forged = await verify(w, { checkpoints: [{ ...cps[0], seq: 3 }] });
      assert.deepEqual(forged.problems.map((p) => p.kind), ['checkpoint_signature']);
    });
  });
}

describe('audit verify from the command line', () => {
  it('exits 1 and names the modified event; exits 0 on an intact log', async () => {
    const { execFile } = await import('node:child_process');
    const bin = new URL('../../../bin/warden.js', import.meta.url).pathname;
    const w = await logWithEvents('sqlite');
    const run = () =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(process.execPath, [bin, 'audit', 'verify'], { env: { ...process.env, WARDEN_URL: w.url, WARDEN_ADMIN_TOKEN: w.adminToken } }, (err, stdout) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
        );
      });
    try {
      const ok = await run();
      assert.equal(ok.code, 0, ok.stdout);
      assert.match(ok.stdout, /OK: the chain is intact/);
      const last = Number(await lastSeq(w));
      const r0 = await row(w, last - 1);
      await w.warden.services.store.db.updateTable('auditEvents').set({ body: r0.body.replace('prompt', 'PROMPT') }).where('seq', '=', last - 1).execute();
      const bad = await run();
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, new RegExp(`modified\\s+${last - 1}\\s+${r0.id}`));
    } finally {
      await w.close();
    }
  });
});

