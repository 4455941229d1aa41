import { randomBytes } from 'node:crypto';
import { ControlEventRepo } from '../store/repos/control-events.js';
import type { Store } from '../store/store.js';
import type { ControlBus, ControlHandler, ControlMessage } from './bus.js';

const POLL_MS = 250;
/**
 * Rows are read by time window rather than "seq > last": in PostgreSQL a sequence value can
 * commit after a higher one, and a seq cursor would skip it. Handlers are idempotent
 * (reload, forget), and delivered seqs are remembered, so overlap costs nothing.
 */
const WINDOW_MS = 10_000;
const PRUNE_AFTER_MS = 3_600_000;

/**
 * Carries control messages (kill switch, revocations, status changes) between Warden instances
 * that share a store, without a broker: publish writes a row, every instance polls for rows
 * from others. Delivery within ~250 ms; a Redis bus can replace it behind the same interface.
 */
export class StoreBus implements ControlBus {
  private readonly origin = randomBytes(8).toString('hex');
  private readonly handlers = new Set<ControlHandler>();
  private readonly seen = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private lastPrune = 0;

  // Wall-clock time, not an injected clock: rows are compared across processes.
  constructor(private readonly store: Store) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    this.timer.unref();
  }

  async publish(m: ControlMessage): Promise<void> {
    this.deliver(m);
    try {
      await new ControlEventRepo(this.store.db).append(m.kind, JSON.stringify({ origin: this.origin, message: m }), Date.now());
    } catch {
      // Local delivery already happened; other instances fall back to their cache lifetimes.
    }
  }

  subscribe(h: ControlHandler): () => void {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }

  /** One polling round; exposed so tests need not wait for the timer. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const now = Date.now();
      const repo = new ControlEventRepo(this.store.db);
      const rows = await repo.recent(now - WINDOW_MS);
      for (const r of rows) {
        if (this.seen.has(r.seq)) continue;
        this.seen.set(r.seq, r.ts);
        let body: { origin?: string; message?: ControlMessage };
        try {
          body = JSON.parse(r.payload);
        } catch {
          continue;
        }
        if (body.origin !== this.origin && body.message) this.deliver(body.message);
      }
      for (const [seq, ts] of this.seen) if (ts < now - 2 * WINDOW_MS) this.seen.delete(seq);
      if (now - this.lastPrune > 600_000) {
        this.lastPrune = now;
        await repo.prune(now - PRUNE_AFTER_MS);
      }
    } catch {
      // The store is unreachable for a moment; the next round retries.
    } finally {
      this.polling = false;
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.handlers.clear();
  }

  private deliver(m: ControlMessage): void {
    for (const h of this.handlers) {
      try {
        h(m);
      } catch {
        // One failing subscriber must not keep a kill switch from the others.
      }
    }
  }
}
