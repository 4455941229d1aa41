import { constants as fsc } from 'node:fs';
import { access, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { WardenError } from '../../errors.js';
import type { AuditEvent } from '../types.js';
import type { Exporter } from './index.js';
import { errorText, newStats, serialize, Sleeper, throttledLog, type ExportFormat, type ExporterLog, type ExporterStats } from './common.js';

export interface JsonlOptions {
  /** Absolute path of the live file; rotated files are path.1 (newest) … path.N. */
  path: string;
  maxBytes: number;
  /** Rotated files kept besides the live one. */
  maxFiles: number;
  format: ExportFormat;
  log: ExporterLog;
  /** Memory held for a disk that cannot keep up; beyond it the oldest events are dropped. */
  maxBufferBytes?: number;
}

const DEFAULT_MAX_BUFFER = 64 * 1024 * 1024;
/** Bytes written per write call: large enough to amortise syscalls, small enough to rotate precisely. */
const CHUNK = 1024 * 1024;

/**
 * Appends one JSON line per record (the event itself, or its OCSF records) to a file, rotating
 * by size. handle() only queues; a single async writer appends queued lines in large chunks, so
 * the audit log never waits for the disk.
 */
export class JsonlExporter implements Exporter {
  readonly name = 'jsonl';
  /** Per event: its lines, newline-terminated, waiting for the writer; and its seq. */
  private pending: string[] = [];
  private pendingSeq: number[] = [];
  /** Every event up to this seq is in the file (or was dropped and counted). */
  private durable = 0;
  private bufferedBytes = 0;
  private fh: FileHandle | undefined;
  private size = 0;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly sleeper = new Sleeper();
  private readonly log: ExporterLog;
  private readonly s: ExporterStats;

  private constructor(private readonly o: JsonlOptions) {
    this.log = throttledLog(o.log);
    this.s = newStats('jsonl', 'jsonl', o.format);
  }

  /** Opens (creating) the file; refuses to start with a clear error if it cannot be written. */
  static async open(o: JsonlOptions): Promise<JsonlExporter> {
    const x = new JsonlExporter(o);
    try {
      await mkdir(path.dirname(o.path), { recursive: true });
      await access(path.dirname(o.path), fsc.W_OK);
      await x.openFile();
    } catch (e) {
      throw new WardenError('exporter.jsonl.path_unwritable', 500, `The JSONL audit exporter cannot write "${o.path}" (audit.exporters.jsonl.path): ${errorText(e)}.`, {
        hint: 'Point audit.exporters.jsonl.path at a file in a writable directory.',
        details: { exporter: 'jsonl', setting: 'path', path: o.path },
      });
    }
    return x;
  }

  handle(e: AuditEvent): void {
    if (this.closed) return;
    // One entry per event: counts are in events, and an event's records never straddle a rotation.
    const chunk = serialize(e, this.o.format).map((l) => l + '\n').join('');
    this.pending.push(chunk);
    this.pendingSeq.push(e.seq);
    this.bufferedBytes += Buffer.byteLength(chunk);
    this.shed();
    this.kick();
  }

  queueDepth(): number {
    return this.pending.length;
  }

  durableSeq(): number {
    return this.durable;
  }

  stats(): ExporterStats {
    return { ...this.s, queued: this.pending.length };
  }

  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sleeper.interrupt();
    await this.flush();
    // A last attempt for events a failing disk left behind (the writer gives up once closed).
    try {
      while (this.pending.length) await this.writeSome();
    } catch (e) {
      this.fail(e);
      this.log.warn(`audit exporter jsonl: ${this.pending.length} events could not be written before shutdown.`);
    }
    await this.fh?.close().catch(() => {});
    this.fh = undefined;
  }

  /** Drops the oldest events when the disk has fallen too far behind: memory is finite. */
  private shed(): void {
    const max = this.o.maxBufferBytes ?? DEFAULT_MAX_BUFFER;
    if (this.bufferedBytes <= max) return;
    let n = 0;
    while (this.bufferedBytes > max && this.pending.length > 1) {
      this.bufferedBytes -= Buffer.byteLength(this.pending.shift()!);
      this.durable = this.pendingSeq.shift()!;
      n++;
    }
    this.s.dropped += n;
    this.log.warn(`audit exporter jsonl: the file cannot keep up; dropped the ${n} oldest events (${this.s.dropped} in total).`);
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.pending.length && !this.closed) this.kick();
    });
  }

  private async drain(): Promise<void> {
    let attempt = 0;
    let checkedAt = 0;
    while (this.pending.length) {
      try {
        if (Date.now() - checkedAt >= 1000) {
          await this.reopenIfMoved();
          checkedAt = Date.now();
        }
        await this.writeSome();
        attempt = 0;
      } catch (e) {
        this.fail(e);
        if (this.closed) return;
        // The disk may be full or the file gone; reopen after a pause.
        await this.fh?.close().catch(() => {});
        this.fh = undefined;
        await this.sleeper.sleep(Math.min(30_000, 200 * 2 ** attempt++));
      }
    }
  }

  /** Writes queued events up to one chunk or the rotation point, whichever is first. */
  private async writeSome(): Promise<void> {
    if (!this.fh) await this.openFile();
    const room = this.o.maxBytes - this.size;
    let bytes = 0;
    let n = 0;
    for (const l of this.pending) {
      const b = Buffer.byteLength(l);
      // An event longer than max_bytes still goes whole into a fresh file: never split a record.
      if (n > 0 && (bytes + b > room || bytes + b > CHUNK)) break;
      if (n === 0 && b > room && this.size > 0) break;
      bytes += b;
      n++;
      if (bytes >= CHUNK) break;
    }
    if (n === 0) {
      await this.rotate();
      return;
    }
    // Taken out before awaiting: shed() may drop the oldest pending events while the disk writes.
    const take = this.pending.splice(0, n);
    const seqs = this.pendingSeq.splice(0, n);
    this.bufferedBytes -= bytes;
    try {
      await this.fh!.appendFile(take.join(''));
    } catch (e) {
      this.pending.unshift(...take);
      this.pendingSeq.unshift(...seqs);
      this.bufferedBytes += bytes;
      throw e;
    }
    this.durable = Math.max(this.durable, seqs[seqs.length - 1]!);
    this.size += bytes;
    this.s.exported += n;
    this.s.lastSuccessAt = Date.now();
    if (this.size >= this.o.maxBytes) await this.rotate();
  }

  /**
   * The file was moved or deleted (logrotate, an operator): writing on would go to an inode
   * nobody reads. Reopen the configured path instead.
   */
  private async reopenIfMoved(): Promise<void> {
    if (!this.fh) return;
    const [current, named] = await Promise.all([this.fh.stat(), stat(this.o.path).catch(() => undefined)]);
    if (named && named.ino === current.ino && named.dev === current.dev) return;
    await this.fh.close().catch(() => {});
    this.fh = undefined;
    await this.openFile();
  }

  private async openFile(): Promise<void> {
    this.fh = await open(this.o.path, 'a', 0o600);
    this.size = (await stat(this.o.path)).size;
  }

  /** path → path.1 → path.2 …; the oldest beyond max_files is removed. */
  private async rotate(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
    const p = this.o.path;
    await rm(`${p}.${this.o.maxFiles}`, { force: true });
    for (let i = this.o.maxFiles - 1; i >= 1; i--) {
      await rename(`${p}.${i}`, `${p}.${i + 1}`).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    await rename(p, `${p}.1`);
    await this.openFile();
  }

  private fail(e: unknown): void {
    this.s.failures++;
    this.s.lastError = errorText(e);
    this.log.warn(`audit exporter jsonl: cannot write ${this.o.path}: ${this.s.lastError}; will retry.`);
  }
}
