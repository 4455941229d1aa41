import { WardenError } from '../errors.js';
import { AuditEventRepo, type AuditEventRow, type AuditQuery } from '../store/repos/audit-events.js';
import { afterCommit, type Db, type Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { canonicalBody, chainHash, digestOf, eventFromRow, indexColumns, type EventBody } from './chain.js';
import { captureContent } from './content.js';
import type { AuditEvent, AuditEventInput, CaptureMode } from './types.js';

/**
 * The audit module's interface.
 * - record(e, trx): inside a control-plane change, so change and event commit together.
 * - record(e): resolves once the event is durable; rejects (audit.unavailable) if it cannot be
 *   made durable, so gated phases fail closed.
 * - enqueue(e): fire-and-forget for ungated events; kept and retried if the store is down.
 *   With `{ handOver: true }` the caller promises not to change the event (or anything it
 *   references) afterwards, and its encoding and hashing move off the caller's path into the
 *   writer.
 */
export interface AuditLog {
  record(e: AuditEventInput, trx?: Db): Promise<AuditEvent>;
  enqueue(e: AuditEventInput, opts?: EnqueueOptions): void;
  query(q: AuditQuery): Promise<AuditEvent[]>;
  /** Called with each event after it is committed, in chain order. */
  subscribe(listener: (e: AuditEvent) => void): () => void;
  /** Resolves when everything queued so far is written (or has failed). */
  flush(): Promise<void>;
  stats(): AuditStats;
  close(): Promise<void>;
}

export interface EnqueueOptions {
  /** The event is the log's from now on: the caller will not change it or anything it references. */
  handOver?: boolean;
  /**
   * When to write: `true`, at the next turn of the event loop (the caller knows the process has
   * nothing else to do, e.g. the last request in flight has just been answered); `false`, no
   * hurry (another event follows shortly, or the gateway is busy): the writer may wait GATHER_MS
   * to write more at once. Left out, the log judges by its last batch.
   */
  soon?: boolean;
}

export interface AuditStats {
  appended: number;
  batches: number;
  queued: number;
  failures: number;
  /** Milliseconds between record() and commit for the last batch. */
  lastLagMs: number;
  lastError: string | null;
}

export interface AuditLogOptions {
  store: Store;
  clock: Clock;
  capture: CaptureMode;
  /** Capture mode per agent, by agent id or name. */
  captureOverrides?: Record<string, CaptureMode>;
  maxBatch?: number;
  /** Beyond this many queued events new ones are refused: memory is finite, and refusing is safer than dropping. */
  maxQueue?: number;
}

interface Pending {
  body: EventBody;
  /** The canonical body's digest and the row: computed when the event is queued, or by the writer for events handed over. */
  digest: string;
  /** The row, built before the lock; its chain fields are filled in under it. */
  row: AuditEventRow | undefined;
  queuedAt: number;
  retry: boolean;
  resolve?: (e: AuditEvent) => void;
  reject?: (e: Error) => void;
}

/**
 * How long fire-and-forget events may wait for company before the writer takes them: a commit
 * costs about as much as a few rows. They wait when the caller says there is no hurry, or (the
 * caller silent) when the log is busy, its last batch holding more than one event; otherwise the
 * writer starts at the next turn of the event loop, in time the process would spend idle, where
 * a timer could fire in the middle of some later request. Events someone waits for (record)
 * start the writer at once, as does flush().
 */
const GATHER_MS = 5;
/** Queued events that start the writer without waiting. */
const GATHER_MAX = 256;

const unavailable = (cause: string) =>
  new WardenError('audit.unavailable', 503, 'The audit log cannot be written, so the request was refused.', {
    hint: 'Warden fails closed when it cannot record what it allows; check the database. The cause is in the server log.',
    details: { cause },
  });

/**
 * The hash-chained audit log with group commit: events queue in memory and a single writer
 * appends them in batches, one transaction per batch, holding the chain lock only to link and
 * insert (canonical JSON and its digest are computed before, outside the lock: when the event is
 * queued, or by the writer for events handed over). On SQLite the writer's append is one
 * synchronous transaction on prepared statements (AuditEventRepo.appendNow).
 */
export class ChainedAuditLog implements AuditLog {
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;
  private listeners = new Set<(e: AuditEvent) => void>();
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  private s: AuditStats = { appended: 0, batches: 0, queued: 0, failures: 0, lastLagMs: 0, lastError: null };
  private closed = false;
  /** The repository the writer appends through (SQLite: its prepared statements stay with the connection). */
  private writer: AuditEventRepo | undefined;
  /** Ends the writer's wait for more events early (set while it waits). */
  private hurry: (() => void) | undefined;
  /** Events the writer's last run appended: more than one means the log is busy (see GATHER_MS). */
  private lastRun = 0;

  constructor(private readonly opts: AuditLogOptions) {
    this.maxBatch = opts.maxBatch ?? 2000;
    this.maxQueue = opts.maxQueue ?? 200_000;
  }

  async record(input: AuditEventInput, trx?: Db): Promise<AuditEvent> {
    const p = this.prepare(input, false, false);
    if (trx) {
      const [event] = await this.append([p], trx);
      afterCommit(trx, () => this.announce([event!]));
      return event!;
    }
    return new Promise<AuditEvent>((resolve, reject) => {
      p.resolve = resolve;
      p.reject = reject;
      this.push(p);
    });
  }

  enqueue(input: AuditEventInput, opts?: EnqueueOptions): void {
    this.push(this.prepare(input, true, opts?.handOver === true), opts?.soon);
  }

  async query(q: AuditQuery): Promise<AuditEvent[]> {
    return (await new AuditEventRepo(this.opts.store.db).query(q)).map(eventFromRow);
  }

  subscribe(listener: (e: AuditEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async flush(): Promise<void> {
    while (this.running) {
      this.hurry?.();
      await this.running;
    }
  }

  stats(): AuditStats {
    return { ...this.s, queued: this.queue.length };
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private prepare(input: AuditEventInput, retry: boolean, handedOver: boolean): Pending {
    const ts = this.opts.clock.now();
    const o = this.opts.captureOverrides;
    const mode = (o && (o[input.agentId ?? ''] ?? o[input.actor.name ?? ''])) ?? this.opts.capture;
    // Every field named, in canonical (sorted) order, so the canonical encoder copies nothing at
    // the top; the chain fields are present but undefined (canonical JSON leaves them out) so
    // that filling them in under the lock changes no object's shape. The type makes the list
    // exhaustive: a field added to the event must be added here.
    const event: { [K in keyof Required<AuditEvent>]: AuditEvent[K] | undefined } = {
      action: input.action,
      actor: input.actor,
      agentId: input.agentId,
      content: input.content ? captureContent(input.content, mode) : undefined,
      data: input.data,
      decision: input.decision,
      findings: input.findings,
      hash: undefined,
      id: newId('evt', ts),
      outcome: input.outcome,
      phase: input.phase,
      prevHash: undefined,
      resource: input.resource,
      result: input.result,
      seq: undefined,
      sessionId: input.sessionId,
      target: input.target,
      traceId: input.traceId,
      ts,
    };
    const p: Pending = { body: event as EventBody, digest: '', row: undefined, queuedAt: Date.now(), retry };
    if (!handedOver) seal(p);
    return p;
  }

  private push(p: Pending, soon?: boolean): void {
    if (this.closed || this.queue.length >= this.maxQueue) {
      p.reject?.(unavailable(this.closed ? 'the audit log is closed' : 'the write queue is full'));
      return;
    }
    this.queue.push(p);
    this.kick(p.resolve !== undefined || this.queue.length >= GATHER_MAX || (soon ?? this.lastRun < 2));
  }

  /**
   * Starts the single writer unless it runs (or hurries it while it waits); restarts it for
   * events that arrived as it finished. It waits one turn of the event loop at least, so the
   * events of concurrent requests go in one batch (started at once, a synchronous store wrote
   * every event in its own transaction), and GATHER_MS unless `urgent`.
   */
  private kick(urgent: boolean): void {
    if (this.running) {
      if (urgent) this.hurry?.();
      return;
    }
    this.running = new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const go = () => {
        if (this.hurry !== go) return;
        this.hurry = undefined;
        clearTimeout(timer);
        setImmediate(resolve);
      };
      this.hurry = go;
      if (urgent) go();
      else timer = setTimeout(go, GATHER_MS);
    })
      .then(() => this.drain())
      .finally(() => {
        this.running = undefined;
        if (this.queue.length > 0 && !this.closed) this.kick(this.queue.some((p) => p.resolve !== undefined));
      });
  }

  private async drain(): Promise<void> {
    let backoff = 50;
    this.lastRun = 0;
    while (this.queue.length > 0) {
      const batch = this.sealAll(this.queue.splice(0, this.maxBatch));
      if (batch.length === 0) continue;
      try {
        const events = this.appendNow(batch) ?? (await this.opts.store.transaction((trx) => this.append(batch, trx)));
        this.s.appended += events.length;
        this.lastRun += events.length;
        this.s.batches++;
        this.s.lastLagMs = Date.now() - batch[0]!.queuedAt;
        this.s.failures = 0;
        backoff = 50;
        batch.forEach((p, i) => p.resolve?.(events[i]!));
        this.announce(events);
      } catch (e) {
        this.s.failures++;
        this.s.lastError = (e as Error).message;
        const err = unavailable((e as Error).message);
        // Waiting callers fail closed now; fire-and-forget events go back to the front and are retried.
        for (const p of batch) p.reject?.(err);
        this.queue.unshift(...batch.filter((p) => p.retry));
        if (this.closed || this.queue.length === 0) return;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  /**
   * Encodes the events handed over unencoded. One that cannot be encoded is left out (its caller
   * is gone) and counted as a failure; retrying it could only fail again and hold up the rest.
   */
  private sealAll(batch: Pending[]): Pending[] {
    let failed = false;
    for (const p of batch) {
      if (p.row) continue;
      try {
        seal(p);
      } catch (e) {
        failed = true;
        this.s.failures++;
        this.s.lastError = `an event could not be encoded: ${(e as Error).message}`;
      }
    }
    return failed ? batch.filter((p) => p.row !== undefined) : batch;
  }

  /** Links and inserts events under the chain lock, inside trx. */
  private async append(batch: Pending[], trx: Db): Promise<AuditEvent[]> {
    const repo = new AuditEventRepo(trx, { sqlite: this.opts.store.sqlite });
    const now = Date.now();
    const linked = link(batch, await repo.lockHead(now));
    await repo.insertMany(linked.rows);
    await repo.setHead(linked.seq, linked.hash, now);
    return linked.events;
  }

  /**
   * The writer's append on SQLite: one synchronous transaction, with no query building and no
   * promise between its statements (most of an append's cost for the small batches a lightly
   * loaded gateway writes). Undefined when the store cannot (see AuditEventRepo.appendNow).
   */
  private appendNow(batch: Pending[]): AuditEvent[] | undefined {
    const { store } = this.opts;
    if (!store.sqlite) return undefined;
    this.writer ??= new AuditEventRepo(store.db, { sqlite: store.sqlite });
    let events: AuditEvent[] = [];
    const done = this.writer.appendNow(Date.now(), (head) => {
      const linked = link(batch, head);
      events = linked.events;
      return linked;
    });
    return done ? events : undefined;
  }

  private announce(events: AuditEvent[]): void {
    for (const e of events) {
      for (const l of this.listeners) {
        try {
          l(e);
        } catch {
          // A failing exporter or rule must not stop the others from seeing the event.
        }
      }
    }
  }
}

/**
 * Links a batch onto the chain's tip, in order. The rows and bodies are completed in place:
 * these objects belong to the log, and a copy per event is measurable here.
 */
function link(batch: Pending[], head: { seq: number; hash: string }): { rows: AuditEventRow[]; events: AuditEvent[]; seq: number; hash: string } {
  let { seq, hash } = head;
  const rows: AuditEventRow[] = [];
  const events: AuditEvent[] = [];
  for (const p of batch) {
    seq += 1;
    const prevHash = hash;
    hash = chainHash(prevHash, p.digest);
    const row = p.row!;
    row.seq = seq;
    row.prevHash = prevHash;
    row.hash = hash;
    rows.push(row);
    const event = p.body as AuditEvent;
    event.seq = seq;
    event.prevHash = prevHash;
    event.hash = hash;
    events.push(event);
  }
  return { rows, events, seq, hash };
}

/** Encodes an event: its canonical text (what is hashed and stored), the text's digest and its row. */
function seal(p: Pending): void {
  const text = canonicalBody(p.body);
  p.digest = digestOf(text);
  p.row = { seq: 0, prevHash: '', hash: '', ...indexColumns(p.body), body: text };
}
