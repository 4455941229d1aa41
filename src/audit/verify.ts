import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Store } from '../store/store.js';
import { AuditEventRepo } from '../store/repos/audit-events.js';
import { GENESIS } from './chain.js';
import { verifyCheckpointSignature, type Checkpoint } from './checkpoints.js';
import { scanRange, type LinkBreak, type RangeScan, type RowRef, type VerifyProblem } from './verify-scan.js';
import type { ScanReply, ScanRequest, ScanWorkerData } from './verify-worker.js';

export type { ProblemKind, VerifyProblem } from './verify-scan.js';

export interface VerifyReport {
  ok: boolean;
  events: number;
  lastSeq: number;
  head: { seq: number; hash: string };
  checkpoints: { checked: number; valid: number; latest: number | null };
  problems: VerifyProblem[];
  durationMs: number;
  eventsPerSecond: number;
}

export interface VerifyOptions {
  /** Public keys by kid for checkpoint signatures. */
  keys: Map<string, KeyObject>;
  /** Checkpoints to check besides the stored ones (e.g. an exported file: the stored ones may have been edited too). */
  externalCheckpoints?: Checkpoint[];
  pageSize?: number;
  maxProblems?: number;
  /**
   * Threads that scan ranges of the chain at once (this one included), each on its own
   * connection. Default: the CPU count, at most 4, for logs of at least `parallelFrom` events.
   */
  threads?: number;
  parallelFrom?: number;
  /** Events per unit of work the threads take from the queue. */
  rangeSize?: number;
}

const NO_PREDECESSOR: RowRef = { seq: 0, hash: GENESIS, id: '' };

/**
 * Scans `ranges` with this thread and `helpers` worker threads pulling from one queue, so no
 * thread idles while another still has work (a worker needs a few hundred milliseconds to start).
 * A range a failed worker was holding is scanned again here: a worker can only make
 * verification slower, never wrong or incomplete.
 */
export async function scanAll(ranges: Array<[number, number]>, helpers: number, scanHere: (from: number, to: number) => Promise<RangeScan>, workerData: ScanWorkerData, pageSize: number): Promise<RangeScan[]> {
  const scans: RangeScan[] = new Array(ranges.length);
  let next = 0;
  const orphaned: number[] = [];
  const take = () => (orphaned.length > 0 ? orphaned.pop()! : next < ranges.length ? next++ : -1);
  const helper = () =>
    new Promise<void>((resolve) => {
      let current = -1;
      let done = false;
      const w = new Worker(new URL('./verify-worker.js', import.meta.url), { workerData });
      const finish = () => {
        if (done) return;
        done = true;
        if (current >= 0 && scans[current] === undefined) orphaned.push(current);
        void w.terminate();
        resolve();
      };
      const send = () => {
        current = take();
        w.postMessage(current < 0 ? null : { from: ranges[current]![0], to: ranges[current]![1], pageSize } satisfies ScanRequest);
        if (current < 0) resolve();
      };
      w.on('message', (m: ScanReply) => {
        if (m.type === 'scan') scans[current] = m.scan;
        if (m.type === 'error') return finish();
        send();
      });
      w.once('error', finish);
      w.once('exit', finish);
    });
  const here = async () => {
    for (let i = take(); i >= 0; i = take()) scans[i] = await scanHere(ranges[i]![0], ranges[i]![1]);
  };
  await Promise.all([here(), ...Array.from({ length: helpers }, helper)]);
  // Ranges orphaned after this thread ran out of work.
  await here();
  return scans;
}

/**
 * Walks the chain in order and names every event that was modified, deleted, reordered or
 * re-hashed, then checks the head and every signed checkpoint (truncation after a checkpoint,
 * or a rewritten prefix, shows up there). Ranges of the chain are scanned in parallel (hashing
 * and parsing are CPU-bound; each thread reads its own rows, so nothing is copied between
 * them) and stitched together in order; broken links, which are rare, are then classified here.
 * Memory stays flat however long the log. Events appended after verification starts are not
 * part of the report.
 */
export async function verifyLog(store: Pick<Store, 'db'> & Partial<Pick<Store, 'sqlite' | 'pgPool' | 'location'>>, opts: VerifyOptions): Promise<VerifyReport> {
  const t0 = Date.now();
  const repo = new AuditEventRepo(store.db, store);
  // Pages of a thousand: larger ones keep more rows alive through each young-generation collection (measured: 5,000 is 20% slower).
  const pageSize = opts.pageSize ?? 1000;
  const maxProblems = opts.maxProblems ?? 100;

  const stored = (await repo.checkpoints()).map((c) => ({ origin: c.origin, seq: Number(c.seq), headHash: c.headHash, ts: Number(c.ts), kid: c.kid, signature: c.signature }));
  const checkpoints = [...stored, ...(opts.externalCheckpoints ?? [])];
  // The head and the last position are read first: that is the log being verified.
  const head = await repo.head();
  const to = Math.max(head.seq, await repo.maxSeq());
  const wanted = new Set([...checkpoints.map((c) => c.seq), head.seq]);

  const location = store.location;
  const shareable = location !== undefined && !('sqliteFile' in location && location.sqliteFile === ':memory:');
  const threads = shareable && to >= (opts.parallelFrom ?? 50_000) ? Math.max(1, opts.threads ?? Math.min(availableParallelism(), 4)) : 1;
  const chunk = Math.max(1, opts.rangeSize ?? 10_000);
  const ranges: Array<[number, number]> = [];
  for (let from = 1; from <= to; from += chunk) ranges.push([from, Math.min(to, from + chunk - 1)]);
  const scans = await scanAll(
    ranges,
    Math.min(threads - 1, ranges.length - 1),
    (from, upTo) => scanRange((f, l) => repo.rangeRaw(f, l), from, upTo, wanted, pageSize, maxProblems),
    { location: location!, rangeSql: repo.rangeSql(), wanted: [...wanted], maxProblems },
    pageSize,
  );

  const found: VerifyProblem[] = [];
  const bySeq = new Map<number, string>();
  /** Events found out of place: current seq → the seq they originally had. */
  const displaced = new Map<number, number>();
  /**
   * The original position of the event whose predecessor has hash prevHash: one after the
   * predecessor's original position. Follows displaced predecessors a few steps (swaps are short).
   */
  const originalSeq = async (prevHash: string, current: number, depth: number): Promise<number | undefined> => {
    if (prevHash === GENESIS) return 1;
    const k = await repo.seqOfHash(prevHash);
    if (k === undefined) return undefined;
    if (displaced.has(k)) return displaced.get(k)! + 1;
    if (k < current) return k + 1; // a predecessor already walked past with an intact link is in place
    if (depth >= 8) return undefined;
    const predPrev = await repo.prevHashAt(k);
    const o = predPrev === undefined ? undefined : await originalSeq(predPrev, current, depth + 1);
    return o === undefined ? undefined : o + 1;
  };
  /** Names what a broken link means; called in chain order. */
  const classify = async (row: LinkBreak, prev: RowRef): Promise<void> => {
    const prevId = prev.seq === 0 ? undefined : prev.id;
    if (row.seq > prev.seq + 1) {
      const range = row.seq - prev.seq === 2 ? `seq ${prev.seq + 1}` : `seq ${prev.seq + 1}–${row.seq - 1}`;
      found.push({ kind: 'deleted', seq: prev.seq + 1, message: `${row.seq - prev.seq - 1} event(s) deleted at ${range} (between ${prevId ?? 'the start'} and ${row.id})` });
      return;
    }
    if (row.prevHash === prev.hash) return;
    // The link is broken with no gap: work out where this event originally stood.
    const orig = await originalSeq(row.prevHash, row.seq, 0);
    if (orig !== undefined) {
      if (orig !== row.seq) {
        displaced.set(row.seq, orig);
        found.push({ kind: 'reordered', seq: row.seq, id: row.id, message: `event ${row.id} at seq ${row.seq} is out of order: it belongs at seq ${orig}` });
      }
      // else: it is in place and only its predecessor moved (already reported).
    } else if (row.selfOk && prev.seq > 0) {
      found.push({ kind: 'rehashed', seq: prev.seq, id: prev.id, message: `event ${prev.id} at seq ${prev.seq} was changed and re-hashed: event ${row.id} still links to the original` });
    } else if (prev.seq === 0) {
      found.push({ kind: 'deleted', seq: 1, message: `the first event(s) of the log were deleted: ${row.id} at seq ${row.seq} links to an event that is gone` });
    }
  };

  let prev = NO_PREDECESSOR;
  let events = 0;
  for (const scan of scans) {
    events += scan.events;
    // Each range's own problems come before the links it breaks: the order a single walk reports.
    const own = [...scan.problems];
    const linkProblemsFrom = found.length;
    if (scan.first) await classify(scan.first, prev);
    for (const b of scan.breaks) await classify(b, b.before!);
    const links = found.splice(linkProblemsFrom);
    found.push(...mergeBySeq(own, links));
    for (const [seq, hash] of scan.hashesAt) bySeq.set(seq, hash);
    if (scan.last) prev = scan.last;
  }

  const problems = found.slice(0, maxProblems);
  const add = (p: VerifyProblem) => {
    if (problems.length < maxProblems) problems.push(p);
  };
  const lastId = prev.seq === 0 ? undefined : prev.id;
  if (head.seq > prev.seq) {
    add({ kind: 'truncated', seq: prev.seq + 1, message: `the log was truncated: it ends at seq ${prev.seq} but the chain head records ${head.seq} events` });
  } else if (head.seq > 0 && bySeq.get(head.seq) !== head.hash) {
    add({ kind: 'modified', seq: head.seq, ...(lastId ? { id: lastId } : {}), message: `the last event ${lastId ?? ''} does not match the chain head` });
  }

  let valid = 0;
  let latest: number | null = null;
  for (const c of checkpoints) {
    const key = opts.keys.get(c.kid);
    if (!key || !verifyCheckpointSignature(c, key)) {
      add({ kind: 'checkpoint_signature', seq: c.seq, message: `checkpoint at seq ${c.seq} (${new Date(c.ts).toISOString()}) has an invalid signature or unknown key ${c.kid}` });
      continue;
    }
    valid++;
    latest = Math.max(latest ?? 0, c.seq);
    const h = bySeq.get(c.seq);
    if (h === undefined) {
      if (c.seq > prev.seq) add({ kind: 'truncated', seq: c.seq, message: `the log was truncated after a checkpoint: a signed checkpoint covers ${c.seq} events but the log ends at seq ${prev.seq}` });
      else add({ kind: 'deleted', seq: c.seq, message: `the event at checkpoint seq ${c.seq} is missing` });
    } else if (h !== c.headHash) {
      add({ kind: 'checkpoint_mismatch', seq: c.seq, message: `the log was rewritten: the event at seq ${c.seq} is not the one the checkpoint of ${new Date(c.ts).toISOString()} signed` });
    }
  }

  const durationMs = Date.now() - t0;
  return {
    ok: problems.length === 0,
    events,
    lastSeq: prev.seq,
    head,
    checkpoints: { checked: checkpoints.length, valid, latest },
    problems,
    durationMs,
    eventsPerSecond: durationMs > 0 ? Math.round((events * 1000) / durationMs) : events,
  };
}

/** Two lists each in seq order, merged; on equal seq the first list's entries come first. */
function mergeBySeq(a: VerifyProblem[], b: VerifyProblem[]): VerifyProblem[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: VerifyProblem[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i]!.seq ?? 0) <= (b[j]!.seq ?? 0))) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
