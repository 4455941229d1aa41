import type { PolicyInput } from '../policy/input.js';

/**
 * Session taint: once a session has read untrusted content in which a detector fired (an
 * injection in a tool result, a web page, a document), later decisions in that session, on the
 * LLM side and the MCP side alike, see `session.tainted` with where it came from, so policies can
 * hold back external communication and destructive tools (the lethal trifecta).
 *
 * In process, bounded: the oldest sessions are forgotten first, and a session idle longer than the
 * time to live starts clean. (The scale-out mode keeps it beside the quota counters.)
 */
export interface TaintEntry {
  source: string;
  /** The detector that fired, or '' when the content is untrusted by where it came from alone. */
  detector: string;
  kind: string;
  /** Provenance: `server/tool` for a tool result, the model for LLM content. */
  origin: string;
  at: number;
}

const MAX_SESSIONS = 50_000;
const MAX_ENTRIES = 32;

export class SessionTaint {
  private readonly sessions = new Map<string, { entries: TaintEntry[]; counters: Record<string, number>; touched: number }>();

  constructor(private readonly ttlMs = 24 * 3_600_000) {}

  /** The session as policies see it; an empty session when the id is empty or unknown. */
  view(id: string, now: number): PolicyInput['session'] {
    const s = id ? this.live(id, now) : undefined;
    // Members (and counters) in canonical (sorted) order: decisions record this view in the audit log, whose encoder then copies none of it.
    const counters: Record<string, number> = {};
    if (s) {
      const names = Object.keys(s.counters);
      if (names.length > 1) names.sort();
      for (const k of names) counters[k] = s.counters[k]!;
    }
    return { counters, id, taint: s ? [...s.entries] : [], tainted: (s?.entries.length ?? 0) > 0 };
  }

  /** Marks the session tainted by untrusted content a detector fired on (each detector and kind once). */
  taint(id: string, entry: TaintEntry): void {
    if (!id) return;
    const s = this.touch(id, entry.at);
    if (s.entries.some((e) => e.detector === entry.detector && e.kind === entry.kind && e.source === entry.source && e.origin === entry.origin)) return;
    if (s.entries.length < MAX_ENTRIES) s.entries.push(entry);
  }

  /** Adds to a per-session counter (requests, tool calls, ...), for rules that count. */
  count(id: string, counter: string, now: number, by = 1): void {
    if (!id) return;
    const s = this.touch(id, now);
    s.counters[counter] = (s.counters[counter] ?? 0) + by;
  }

  private live(id: string, now: number) {
    const s = this.sessions.get(id);
    if (s && now - s.touched > this.ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  private touch(id: string, now: number) {
    let s = this.live(id, now);
    if (s) this.sessions.delete(id);
    else {
      s = { entries: [], counters: {}, touched: now };
      if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    }
    s.touched = now;
    // Re-inserted so the map's order is least recently used first.
    this.sessions.set(id, s);
    return s;
  }
}
