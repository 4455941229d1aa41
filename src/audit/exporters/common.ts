import type { AuditEvent } from '../types.js';
import { ocsfRecords } from './ocsf.js';

export type ExportFormat = 'ocsf' | 'warden';

export interface ExporterLog {
  warn(msg: string): void;
  error(msg: string): void;
}

/** Counters every exporter keeps, in audit events (an event with findings is several OCSF records, counted once). */
export interface ExporterStats {
  name: string;
  kind: 'jsonl' | 'webhook' | 'syslog';
  format: ExportFormat;
  /** Events written or acknowledged by the destination. */
  exported: number;
  /** Events accepted but not yet delivered. */
  queued: number;
  /** Events discarded to respect a size limit. */
  dropped: number;
  /** Events the destination refused for good (webhook 4xx). */
  rejected: number;
  /** Failed attempts (each is retried unless counted as dropped or rejected). */
  failures: number;
  lastError: string | null;
  lastSuccessAt: number | null;
}

export function newStats(name: string, kind: ExporterStats['kind'], format: ExportFormat): ExporterStats {
  return { name, kind, format, exported: 0, queued: 0, dropped: 0, rejected: 0, failures: 0, lastError: null, lastSuccessAt: null };
}

/** One JSON text per record, in the configured format. */
export function serialize(e: AuditEvent, format: ExportFormat): string[] {
  return format === 'warden' ? [JSON.stringify(e)] : ocsfRecords(e).map((r) => JSON.stringify(r));
}

/**
 * Warnings about a destination that is down would otherwise repeat for every retry: say each
 * kind of problem at most once per interval, with how many were held back.
 */
export function throttledLog(log: ExporterLog, intervalMs = 60_000): ExporterLog & { reset(): void } {
  const last = new Map<string, { at: number; suppressed: number }>();
  const say = (level: 'warn' | 'error', msg: string) => {
    const key = `${level}:${msg.replace(/\d+/g, '#')}`;
    const now = Date.now();
    const seen = last.get(key);
    if (seen && now - seen.at < intervalMs) {
      seen.suppressed++;
      return;
    }
    const extra = seen?.suppressed ? ` (${seen.suppressed} similar messages suppressed)` : '';
    last.set(key, { at: now, suppressed: 0 });
    log[level](msg + extra);
  };
  return { warn: (m) => say('warn', m), error: (m) => say('error', m), reset: () => last.clear() };
}

export interface BackoffOptions {
  /** First delay; doubles per attempt. */
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 60_000 };

/** Exponential backoff with "equal jitter": half the delay fixed, half random, so retries of many instances spread out. */
export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const d = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(attempt, 30));
  return d / 2 + Math.random() * (d / 2);
}

/** A sleep that close() can cut short. */
export class Sleeper {
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
      this.timer.unref?.();
    });
  }

  interrupt(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    this.wake = undefined;
  }
}

export function errorText(e: unknown): string {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } } | null;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return [err?.code, err?.message ?? String(e), cause].filter(Boolean).join(': ');
}
