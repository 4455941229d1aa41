import { createHash, createHmac } from 'node:crypto';
import { WardenError } from '../../errors.js';
import { VERSION } from '../../version.js';
import type { AuditEvent } from '../types.js';
import type { Exporter } from './index.js';
import {
  backoffDelay,
  DEFAULT_BACKOFF,
  errorText,
  newStats,
  serialize,
  Sleeper,
  throttledLog,
  type BackoffOptions,
  type ExportFormat,
  type ExporterLog,
  type ExporterStats,
} from './common.js';
import { SegmentQueue, type Segment } from './segment-queue.js';

/**
 * Delivery contract (what a receiver implements):
 *
 *   POST <url>
 *   content-type: application/json
 *   x-warden-timestamp: <unix seconds when this attempt was signed>
 *   x-warden-signature: sha256=<hex HMAC-SHA256(key, "<timestamp>.<body>")>   (when a secret is configured)
 *   x-warden-batch: <hex id of the batch; the same on every retry, so receivers can drop duplicates>
 *   body: {"format":"ocsf"|"warden","events":[<record>, ...]}
 *
 * `events` holds the events themselves (format warden) or their OCSF records (format ocsf: one or
 * more per event); batch_size counts events. Records are in chain order within and across batches. Any 2xx acknowledges the batch; 408, 429
 * and 5xx (and network errors, timeouts, redirects) are retried with exponential backoff and
 * jitter, honouring Retry-After; any other 4xx drops the batch as rejected. Delivery is
 * at-least-once: a batch whose acknowledgement was lost is sent again with the same batch id.
 */
export const SIGNATURE_HEADER = 'x-warden-signature';
export const TIMESTAMP_HEADER = 'x-warden-timestamp';
export const BATCH_HEADER = 'x-warden-batch';

/** How a receiver checks a delivery: recompute the HMAC over "<timestamp>.<raw body>". */
export function signBody(key: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
}

export interface WebhookVault {
  resolve(name: string): Promise<string>;
}

export interface WebhookOptions {
  name: string;
  url: string;
  /** Vault secret holding the HMAC key; resolved at each delivery so rotation takes effect. */
  secret?: string;
  batchSize: number;
  flushIntervalMs: number;
  timeoutMs: number;
  maxQueueBytes: number;
  format: ExportFormat;
  /** The on-disk queue: <dataDir>/exporters/<name>. */
  dir: string;
  vault: WebhookVault;
  log: ExporterLog;
  backoff?: BackoffOptions;
  /** How long close() keeps delivering before leaving the rest on disk for the next start. */
  closeDeadlineMs?: number;
}

type Outcome = { kind: 'ok' } | { kind: 'retry'; error: string; afterMs?: number } | { kind: 'reject'; error: string };

/** Resolves whoever waits once something happened (a batch sealed, close). */
class Signal {
  private waiters: Array<() => void> = [];
  wait(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }
  notify(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((r) => r());
  }
}

export class WebhookExporter implements Exporter {
  readonly name: string;
  private timer: NodeJS.Timeout | undefined;
  private persisting: Promise<void> | undefined;
  /** Seq of the last event handed to the queue, and the last one known to be on disk. */
  private pushedSeq = 0;
  private durable = 0;
  private loop: Promise<void> | undefined;
  private closing = false;
  private stopping = false;
  private inflight: AbortController | undefined;
  private cached: { id: number; body: string; batch: string } | undefined;
  /** True while waiting to retry: flush() does not wait for a destination that is down. */
  private backingOff = false;
  private readonly sleeper = new Sleeper();
  private readonly log: ExporterLog;
  private readonly s: ExporterStats;

  private constructor(
    private readonly o: WebhookOptions,
    private readonly q: SegmentQueue,
    private readonly sealed: Signal,
  ) {
    this.name = `webhook:${o.name}`;
    this.log = throttledLog(o.log);
    this.s = newStats(this.name, 'webhook', o.format);
  }

  static async open(o: WebhookOptions): Promise<WebhookExporter> {
    const sealed = new Signal();
    let q: SegmentQueue;
    try {
      q = await SegmentQueue.open({ dir: o.dir, batchSize: o.batchSize, maxBytes: o.maxQueueBytes, onSealed: () => sealed.notify() });
    } catch (e) {
      throw new WardenError('exporter.webhook.queue_unwritable', 500, `The webhook audit exporter "${o.name}" cannot use its queue directory "${o.dir}": ${errorText(e)}.`, {
        hint: 'The data directory must be writable by Warden; exporters keep undelivered batches under <data_dir>/exporters/<name>.',
        details: { exporter: `webhook:${o.name}`, setting: 'data_dir', path: o.dir },
      });
    }
    const x = new WebhookExporter(o, q, sealed);
    x.loop = x.deliverLoop();
    const backlog = q.depth();
    if (backlog > 0) o.log.warn(`audit exporter ${x.name}: ${backlog} undelivered events from before the restart will be delivered first.`);
    return x;
  }

  handle(e: AuditEvent): void {
    if (this.closing) return;
    this.q.push(serialize(e, this.o.format));
    this.pushedSeq = e.seq;
    this.noteDropped();
    this.kickPersist();
    // The first record of a batch starts its clock: a quiet period still delivers within flush_interval.
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.persistAndSeal();
      }, this.o.flushIntervalMs);
      this.timer.unref?.();
    }
  }

  queueDepth(): number {
    return this.q.depth();
  }

  durableSeq(): number {
    return this.durable;
  }

  stats(): ExporterStats {
    return { ...this.s, queued: this.q.depth() };
  }

  /** Seals what is open and waits (up to the deadline) until everything is delivered. */
  async flush(deadlineMs = this.o.closeDeadlineMs ?? 5000): Promise<void> {
    await this.persistAndSeal();
    const until = Date.now() + deadlineMs;
    while (this.q.depth() > 0 && Date.now() < until && !this.stopping && !this.backingOff) await new Promise((r) => setTimeout(r, 20));
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    // Whatever is left stays on disk and goes first after the next start.
    this.stopping = true;
    this.sleeper.interrupt();
    this.inflight?.abort();
    this.sealed.notify();
    await this.loop;
    await this.q.close();
    const left = this.q.depth();
    if (left > 0) this.o.log.warn(`audit exporter ${this.name}: ${left} events not yet delivered are kept on disk for the next start.`);
  }

  private kickPersist(): void {
    if (this.persisting) return;
    // persist() also takes records that arrive while it writes; after a disk error the next event or the timer tries again.
    this.persisting = this.persistQueue()
      .catch((e) => this.fail(`cannot write its queue: ${errorText(e)}`))
      .finally(() => {
        this.persisting = undefined;
        this.noteDropped();
      });
  }

  private async persistAndSeal(): Promise<void> {
    while (this.persisting) await this.persisting;
    await this.persistQueue()
      .then(() => this.q.seal())
      .catch((e) => this.fail(`cannot write its queue: ${errorText(e)}`));
    this.noteDropped();
  }

  /** Writes what is pushed to the on-disk queue; once written, every event pushed before the call is durable. */
  private async persistQueue(): Promise<void> {
    const upTo = this.pushedSeq;
    await this.q.persist();
    if (upTo > this.durable) this.durable = upTo;
  }

  private noteDropped(): void {
    const n = this.q.takeDropped();
    if (n === 0) return;
    this.s.dropped += n;
    this.log.warn(`audit exporter ${this.name}: the queue reached max_queue_bytes (${this.o.maxQueueBytes}); dropped the ${n} oldest undelivered events (${this.s.dropped} in total).`);
  }

  private async deliverLoop(): Promise<void> {
    let attempt = 0;
    while (!this.stopping) {
      const seg = this.q.head();
      if (!seg) {
        await this.sealed.wait();
        continue;
      }
      this.q.inflight = seg.id;
      const r = await this.attempt(seg).catch((e): Outcome => ({ kind: 'retry', error: errorText(e) }));
      if (r.kind === 'ok') {
        attempt = 0;
        this.s.exported += seg.count;
        this.s.lastSuccessAt = Date.now();
        await this.q.remove(seg).catch((e) => this.fail(`cannot remove a delivered batch: ${errorText(e)}`));
        this.cached = undefined;
      } else if (r.kind === 'reject') {
        attempt = 0;
        this.s.rejected += seg.count;
        this.s.lastError = r.error;
        this.log.warn(`audit exporter ${this.name}: the receiver rejected a batch of ${seg.count} events (${r.error}); it is dropped, not retried.`);
        await this.q.remove(seg).catch(() => {});
        this.cached = undefined;
      } else {
        this.fail(`delivery failed (${r.error}); retrying`);
        if (this.stopping) break;
        const b = this.o.backoff ?? DEFAULT_BACKOFF;
        this.backingOff = true;
        await this.sleeper.sleep(Math.min(Math.max(backoffDelay(attempt++, b), r.afterMs ?? 0), b.maxMs));
        this.backingOff = false;
      }
      this.q.inflight = null;
    }
  }

  private async batchBody(seg: Segment): Promise<{ body: string; batch: string }> {
    if (this.cached?.id === seg.id) return this.cached;
    const body = `{"format":${JSON.stringify(this.o.format)},"events":${await this.q.read(seg)}}`;
    const batch = createHash('sha256').update(body).digest('hex').slice(0, 32);
    this.cached = { id: seg.id, body, batch };
    return this.cached;
  }

  private async attempt(seg: Segment): Promise<Outcome> {
    let prepared: { body: string; batch: string };
    try {
      prepared = await this.batchBody(seg);
    } catch (e) {
      // A segment removed behind our back cannot be sent; retrying it would stall the queue for good.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'reject', error: 'its queue file was removed' };
      throw e;
    }
    const { body, batch } = prepared;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': `warden/${VERSION}`,
      [TIMESTAMP_HEADER]: timestamp,
      [BATCH_HEADER]: batch,
    };
    if (this.o.secret) {
      let key: string;
      try {
        key = await this.o.vault.resolve(this.o.secret);
      } catch (e) {
        // Never send unsigned what was meant to be signed: hold the batch until the secret is back.
        return { kind: 'retry', error: `the signing secret "${this.o.secret}" cannot be read from the vault (${(e as { code?: string }).code ?? 'error'})` };
      }
      headers[SIGNATURE_HEADER] = signBody(key, timestamp, body);
    }
    const ac = new AbortController();
    this.inflight = ac;
    const timer = setTimeout(() => ac.abort(new Error(`timed out after ${this.o.timeoutMs} ms`)), this.o.timeoutMs);
    try {
      const res = await fetch(this.o.url, { method: 'POST', headers, body, redirect: 'manual', signal: ac.signal });
      // The body is not needed; cancelling frees the connection.
      await res.body?.cancel().catch(() => {});
      return classify(res.status, res.headers.get('retry-after'));
    } catch (e) {
      const reason = ac.signal.aborted ? (this.stopping ? 'shutting down' : `timed out after ${this.o.timeoutMs} ms`) : errorText(e);
      return { kind: 'retry', error: reason };
    } finally {
      clearTimeout(timer);
      this.inflight = undefined;
    }
  }

  private fail(msg: string): void {
    this.s.failures++;
    this.s.lastError = msg;
    this.log.warn(`audit exporter ${this.name}: ${msg}.`);
  }
}

function classify(status: number, retryAfter: string | null): Outcome {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const error = `HTTP ${status}`;
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', error, afterMs: parseRetryAfter(retryAfter) };
  // A redirect is a configuration problem; keep the data until the URL is fixed.
  if (status >= 300 && status < 400) return { kind: 'retry', error: `${error} (redirects are not followed; fix the url)` };
  return { kind: 'reject', error };
}

function parseRetryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - Date.now());
}
