import { Worker } from 'node:worker_threads';
import type { AuditEventRow } from '../store/repos/audit-events.js';
import type { EventBody } from './chain.js';

/**
 * Audit appends off the request thread, for a SQLite file. Encoding an event (canonical JSON and
 * its digest), linking it onto the chain and inserting it cost more than building it; on the one
 * JavaScript thread that work ran between requests and held up the next one (an agent's next
 * call arrives while the writer still runs). A worker thread with its own connection to the file
 * does it instead, on the other core, one transaction per batch; the request thread only hands
 * the events over and fills in the chain fields the worker sends back.
 *
 * Both connections append to the same chain: each append takes SQLite's write lock before it
 * reads the chain's tip (BEGIN IMMEDIATE), so they serialise as appends from two instances do.
 */
export interface AppendItem {
  /** An event the caller already encoded (its row and digest): stored as it is. */
  row?: AuditEventRow;
  digest?: string;
  /** An event handed over unencoded: the worker encodes it. */
  body?: EventBody;
}

/** What one append did: the chain fields of the events written, in order, and the events that could not be encoded. */
export interface Appended {
  /** seq of the first event written. */
  first: number;
  /** prevHash of the first event written (each next one's is the hash before it). */
  prev: string;
  hashes: string[];
  /** Items left out because they could not be encoded (by index in the request), with why. */
  failed: Array<{ index: number; message: string }>;
}

export type AppendRequest = { type: 'append'; id: number; now: number; items: AppendItem[] } | { type: 'stop' };
export type AppendReply = ({ type: 'appended'; id: number } & Appended) | { type: 'failed'; id: number; message: string } | { type: 'stopped' };

export class SqliteAppender {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (a: Appended) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private why: string | undefined;
  private stopped: Promise<void> | undefined;
  private onStopped: (() => void) | undefined;

  constructor(file: string) {
    this.worker = new Worker(new URL('./sqlite-append-worker.js', import.meta.url), { workerData: { file } });
    // Kept alive only while an append is under way (see append).
    this.worker.unref();
    this.worker.on('message', (m: AppendReply) => {
      if (m.type === 'stopped') return this.onStopped?.();
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (m.type === 'appended') w.resolve({ first: m.first, prev: m.prev, hashes: m.hashes, failed: m.failed });
      else w.reject(new Error(m.message));
    });
    this.worker.on('error', (e) => this.lost(`the audit append worker failed: ${e.message}`));
    this.worker.on('exit', (code) => {
      this.lost(`the audit append worker exited (${code})`);
      this.onStopped?.();
    });
  }

  /** False once the worker has stopped or failed: the log then appends on its own thread. */
  get active(): boolean {
    return this.why === undefined;
  }

  /**
   * Appends the items in one transaction. Throws what structured cloning throws (a DataCloneError,
   * before anything is sent) for items that cannot be posted, and rejects when the transaction
   * fails or the worker is gone.
   */
  append(now: number, items: AppendItem[]): Promise<Appended> {
    if (this.why !== undefined) return Promise.reject(new Error(this.why));
    const id = this.nextId++;
    this.worker.postMessage({ type: 'append', id, now, items } satisfies AppendRequest);
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise<Appended>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  /** Closes the worker's connection: before the store's, so the last connection to close is the main one. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((done) => {
      if (this.why !== undefined) return done();
      this.onStopped = done;
      this.worker.ref();
      this.worker.postMessage({ type: 'stop' } satisfies AppendRequest);
    }).then(() => {
      this.lost('the audit append worker is stopped');
      return this.worker.terminate().then(() => undefined);
    });
    return this.stopped;
  }

  /**
   * The worker is gone: appends under way fail (the log retries them on its own thread). One
   * cut off between its commit and its answer is then written twice; the chain stays valid.
   */
  private lost(why: string): void {
    this.why ??= why;
    for (const w of this.waiting.values()) w.reject(new Error(why));
    this.waiting.clear();
  }
}
