import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** A sealed batch on disk, waiting for delivery. Its event count is in the file name, so startup needs no reading. */
export interface Segment {
  id: number;
  file: string;
  count: number;
  bytes: number;
}

export interface SegmentQueueOptions {
  dir: string;
  /** Events per segment (one delivery). */
  batchSize: number;
  /** Bytes on disk and in memory together; beyond it the oldest segments are dropped. */
  maxBytes: number;
  /** Told when a segment is sealed (ready to deliver). */
  onSealed?: () => void;
}

const OPEN = 'open.jsonl';
const SEALED = /^(\d{12})-(\d+)\.seg$/;
const fileName = (id: number, count: number) => `${String(id).padStart(12, '0')}-${count}.seg`;

/**
 * A durable FIFO of event batches for one destination, as files in one directory:
 * events are appended (one line each: the event's JSON records, comma-separated) to
 * `open.jsonl`, which is sealed into
 * `<id>-<count>.seg` when the batch is full or old enough. Segments are removed only once
 * delivered, so a destination that is down, or a restart, loses nothing. All file operations
 * run one at a time, in order.
 */
export class SegmentQueue {
  private pending: string[] = [];
  private pendingBytes = 0;
  private openFh: FileHandle | undefined;
  private openCount = 0;
  private openBytes = 0;
  private sealed: Segment[] = [];
  private sealedBytes = 0;
  private nextId = 1;
  private chain: Promise<unknown> = Promise.resolve();
  /** The segment being delivered; never dropped under it. */
  inflight: number | null = null;
  /** Events dropped to respect maxBytes, since the last call to takeDropped(). */
  private droppedSince = 0;

  private constructor(private readonly o: SegmentQueueOptions) {}

  /** Opens the directory, recovering sealed segments and an interrupted open batch. */
  static async open(o: SegmentQueueOptions): Promise<SegmentQueue> {
    const q = new SegmentQueue(o);
    await mkdir(o.dir, { recursive: true, mode: 0o700 });
    const names = (await readdir(o.dir)).sort();
    for (const f of names) {
      const m = SEALED.exec(f);
      if (!m) continue;
      const bytes = (await stat(path.join(o.dir, f))).size;
      q.sealed.push({ id: Number(m[1]), file: f, count: Number(m[2]), bytes });
      q.sealedBytes += bytes;
      q.nextId = Math.max(q.nextId, Number(m[1]) + 1);
    }
    if (names.includes(OPEN)) await q.recoverOpen();
    // Proves the directory is writable now rather than at the first event.
    const probe = path.join(o.dir, '.probe');
    await writeFile(probe, '', { mode: 0o600 });
    await rm(probe, { force: true });
    return q;
  }

  /** One event's records (JSON texts) into memory; persist() moves them to disk. */
  push(records: string[]): void {
    const line = records.join(',') + '\n';
    this.pending.push(line);
    this.pendingBytes += Buffer.byteLength(line);
    // If the disk is failing, memory is the only buffer: keep it within the same limit.
    while (this.pendingBytes > this.o.maxBytes && this.pending.length > 1) {
      this.pendingBytes -= Buffer.byteLength(this.pending.shift()!);
      this.droppedSince++;
    }
  }

  /** Appends pending events to the open segment, sealing full batches, then enforces maxBytes. */
  persist(): Promise<void> {
    return this.serial(async () => {
      while (this.pending.length) {
        // Taken out before awaiting, so push() shedding meanwhile only touches what is still pending.
        const take = this.pending.splice(0, this.o.batchSize - this.openCount);
        const text = take.join('');
        const bytes = Buffer.byteLength(text);
        this.pendingBytes -= bytes;
        try {
          this.openFh ??= await open(path.join(this.o.dir, OPEN), 'a', 0o600);
          await this.openFh.appendFile(text);
        } catch (e) {
          // Take back a partial append so the batch holds only whole events, and keep them for the next try.
          await this.openFh?.truncate(this.openBytes).catch(() => {});
          this.pending.unshift(...take);
          this.pendingBytes += bytes;
          throw e;
        }
        this.openCount += take.length;
        this.openBytes += bytes;
        if (this.openCount >= this.o.batchSize) await this.sealNow();
      }
      await this.enforceLimit();
    });
  }

  /** Seals the open segment (if it holds anything) so it can be delivered. */
  seal(): Promise<void> {
    return this.serial(() => this.sealNow());
  }

  head(): Segment | undefined {
    return this.sealed[0];
  }

  /** The records of a segment, as one JSON array text. */
  async read(s: Segment): Promise<string> {
    const text = await readFile(path.join(this.o.dir, s.file), 'utf8');
    return '[' + text.split('\n').filter((l) => l.length > 0).join(',') + ']';
  }

  remove(s: Segment): Promise<void> {
    return this.serial(async () => {
      if (!this.sealed.some((x) => x.id === s.id)) return;
      // Gone from disk before it stops counting: depth() never claims less than the files hold.
      await rm(path.join(this.o.dir, s.file), { force: true });
      this.sealed.splice(this.sealed.findIndex((x) => x.id === s.id), 1);
      this.sealedBytes -= s.bytes;
    });
  }

  /** Events not yet delivered: in memory, in the open batch and in sealed segments. */
  depth(): number {
    return this.pending.length + this.openCount + this.sealed.reduce((n, s) => n + s.count, 0);
  }

  openRecords(): number {
    return this.pending.length + this.openCount;
  }

  takeDropped(): number {
    const n = this.droppedSince;
    this.droppedSince = 0;
    return n;
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      await this.openFh?.close().catch(() => {});
      this.openFh = undefined;
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn);
    this.chain = p.catch(() => {});
    return p;
  }

  private async sealNow(): Promise<void> {
    if (this.openCount === 0) return;
    const fh = this.openFh!;
    this.openFh = undefined;
    // Durable before it is named ready: a sealed segment is never half-written.
    await fh.sync().catch(() => {});
    await fh.close();
    const s: Segment = { id: this.nextId++, file: fileName(this.nextId - 1, this.openCount), count: this.openCount, bytes: this.openBytes };
    await rename(path.join(this.o.dir, OPEN), path.join(this.o.dir, s.file));
    this.sealed.push(s);
    this.sealedBytes += s.bytes;
    this.openCount = 0;
    this.openBytes = 0;
    this.o.onSealed?.();
  }

  /** Drops the oldest undelivered segments (never the one in flight) while over maxBytes. */
  private async enforceLimit(): Promise<void> {
    const total = () => this.sealedBytes + this.openBytes + this.pendingBytes;
    while (total() > this.o.maxBytes) {
      const victim = this.sealed.find((s) => s.id !== this.inflight);
      if (!victim) break;
      this.sealed.splice(this.sealed.indexOf(victim), 1);
      this.sealedBytes -= victim.bytes;
      this.droppedSince += victim.count;
      await rm(path.join(this.o.dir, victim.file), { force: true });
    }
  }

  /** An open batch left by a crash or restart: keep its whole lines as a sealed segment. */
  private async recoverOpen(): Promise<void> {
    const p = path.join(this.o.dir, OPEN);
    const text = await readFile(p, 'utf8');
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    const count = whole.split('\n').filter((l) => l.length > 0).length;
    if (count === 0) {
      await rm(p, { force: true });
      return;
    }
    if (whole.length !== text.length) await writeFile(p, whole, { mode: 0o600 });
    const s: Segment = { id: this.nextId++, file: fileName(this.nextId - 1, count), count, bytes: Buffer.byteLength(whole) };
    await rename(p, path.join(this.o.dir, s.file));
    this.sealed.push(s);
    this.sealedBytes += s.bytes;
  }
}
