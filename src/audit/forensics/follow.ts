import type { AuditQuery } from '../../store/repos/audit-events.js';
import type { AuditLog } from '../audit-log.js';
import type { AuditEvent } from '../types.js';
import { splitFindingFilter } from './query.js';

export interface FollowOptions {
  /** Filters (no cursor, order or limit: the follower owns those). */
  query: Omit<AuditQuery, 'afterSeq' | 'order' | 'limit'>;
  /** Deliver events with seq greater than this. */
  afterSeq: number;
  /** Called for each matching event in chain order; the follower waits for it (back-pressure). */
  deliver(e: AuditEvent): Promise<void>;
  onError(e: Error): void;
  /** How often to look for events other instances committed (this instance's wake us at once). */
  pollMs?: number;
}

const PAGE = 500;

/**
 * Follows the committed log from a cursor: replays what is already there, then goes on as new
 * events commit. The store is the source of truth and subscribe() only a wake-up: reading by
 * seq after the cursor cannot skip or repeat an event across the replay-to-live handover, sees
 * events other instances append, and a slow reader leaves the backlog in the database rather
 * than in this process's memory. Returns stop().
 */
export function followAudit(audit: AuditLog, o: FollowOptions): () => void {
  const { store, match } = splitFindingFilter(o.query);
  let cursor = o.afterSeq;
  let stopped = false;
  let running = false;
  let again = false;

  const pump = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        for (;;) {
          const events = await audit.query({ ...store, afterSeq: cursor, order: 'asc', limit: PAGE });
          for (const e of events) {
            if (stopped) return;
            if (match(e)) await o.deliver(e);
            cursor = e.seq;
          }
          if (events.length < PAGE) break;
        }
      } while (again && !stopped);
    } catch (e) {
      if (!stopped) {
        stop();
        o.onError(e as Error);
      }
    } finally {
      running = false;
    }
  };

  const unsubscribe = audit.subscribe(() => void pump());
  const timer = setInterval(() => void pump(), o.pollMs ?? 1000);
  timer.unref();
  const stop = () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
  };
  void pump();
  return stop;
}

export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads a Server-Sent Events body: yields each message, and each comment line as
 * { event: 'comment' } (heartbeats), so callers can see the connection is alive.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buf = '';
  let msg: { event?: string; id?: string; data: string[] } = { data: [] };
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.search(/\r?\n/)) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + (buf[nl] === '\r' ? 2 : 1));
      if (line === '') {
        if (msg.data.length > 0) yield { event: msg.event ?? 'message', ...(msg.id !== undefined ? { id: msg.id } : {}), data: msg.data.join('\n') };
        msg = { data: [] };
      } else if (line.startsWith(':')) {
        yield { event: 'comment', data: line.slice(1).trim() };
      } else {
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (field === 'data') msg.data.push(value);
        else if (field === 'event') msg.event = value;
        else if (field === 'id') msg.id = value;
      }
    }
  }
}
