import { z } from 'zod';
import { badRequest } from '../../errors.js';
import type { AuditQuery } from '../../store/repos/audit-events.js';
import { parseDuration } from '../../util/duration.js';
import type { AuditLog } from '../audit-log.js';
import { EFFECTS, PHASES, type AuditEvent } from '../types.js';

/** A point in time as people type it: a duration back from now ("1h", "7d") or an ISO timestamp. */
const timeSchema = z
  .string()
  .max(40)
  .refine((v) => parseTime(v, 0) !== null, 'expected a duration back from now ("15m", "1h", "7d") or an ISO timestamp ("2026-11-21T12:00:00Z")');

/** The filters every audit read shares: search, tail and the live stream. */
export const auditFilterFields = {
  agent: z.string().min(1).max(200).optional(),
  user: z.string().min(1).max(320).optional(),
  session: z.string().min(1).max(200).optional(),
  phase: z.enum(PHASES as [string, ...string[]]).optional(),
  action: z.string().min(1).max(100).optional(),
  effect: z.enum(EFFECTS as [string, ...string[]]).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  finding: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'expected a finding kind such as "prompt_injection"').optional(),
  target: z.string().min(1).max(200).optional(),
  since: timeSchema.optional(),
  until: timeSchema.optional(),
};

export type AuditFilters = { [K in keyof typeof auditFilterFields]?: string };

/** Milliseconds since the epoch, or null. Only full ISO dates count: Date.parse alone accepts too much. */
export function parseTime(value: string, now: number): number | null {
  const d = parseDuration(value);
  if (d !== null) return now - d;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/**
 * Turns the API's filters into the store's query. An agent is named by name or id; a name that
 * matches no agent is used as an id, so events of deleted agents stay searchable.
 */
export async function toAuditQuery(
  f: AuditFilters,
  now: number,
  findAgent: (nameOrId: string) => Promise<{ id: string } | undefined>,
): Promise<AuditQuery> {
  const since = f.since !== undefined ? parseTime(f.since, now)! : undefined;
  const until = f.until !== undefined ? parseTime(f.until, now)! : undefined;
  if (since !== undefined && until !== undefined && since >= until) {
    throw badRequest('audit.bad_time_range', `"since" (${new Date(since).toISOString()}) is not before "until" (${new Date(until).toISOString()}).`, 'Swap them, or widen the range.');
  }
  return {
    agentId: f.agent ? ((await findAgent(f.agent))?.id ?? f.agent) : undefined,
    userId: f.user,
    sessionId: f.session,
    phase: f.phase,
    action: f.action,
    effect: f.effect,
    outcome: f.outcome,
    findingKind: f.finding,
    targetId: f.target,
    since,
    until,
  };
}

/**
 * Splits off a finding-kind filter the store cannot answer. AuditEventRepo strips "%", "_" and
 * "," from the kind before its LIKE, so "prompt_injection" would look for "promptinjection" and
 * find nothing; such kinds are matched here instead, on the events' own findings (the same
 * rule as the index: triggered findings only). Kinds without those characters go to the store.
 */
export function splitFindingFilter(q: AuditQuery): { store: AuditQuery; match: (e: AuditEvent) => boolean } {
  const kind = q.findingKind;
  // The store matches whole kinds exactly (wildcards escaped); only a kind with a comma, which no
  // detector uses, cannot be expressed there.
  if (!kind || !kind.includes(',')) return { store: q, match: () => true };
  const { findingKind: _, ...store } = q;
  return { store, match: (e) => (e.findings ?? []).some((f) => f.triggered && f.kind === kind) };
}

/** Scanned per search request when matching in memory; past it the page comes back short, with a cursor. */
const SCAN_BUDGET = 20_000;

/**
 * One page of a search: at most `limit` events after the cursor, and `next`, the cursor to pass
 * for the page after it (null when there is nothing more).
 */
export async function searchEvents(audit: AuditLog, q: AuditQuery, page: { afterSeq?: number; limit: number; order: 'asc' | 'desc' }): Promise<{ events: AuditEvent[]; next: number | null }> {
  const { store, match } = splitFindingFilter(q);
  if (store === q) {
    const events = await audit.query({ ...q, ...page });
    return { events, next: events.length === page.limit ? events[events.length - 1]!.seq : null };
  }
  const events: AuditEvent[] = [];
  let cursor = page.afterSeq;
  for (let scanned = 0; scanned < SCAN_BUDGET; ) {
    const batch = await audit.query({ ...store, afterSeq: cursor, limit: 1000, order: page.order });
    for (const e of batch) {
      cursor = e.seq;
      if (match(e) && events.push(e) === page.limit) return { events, next: e.seq };
    }
    if (batch.length < 1000) return { events, next: null };
    scanned += batch.length;
  }
  return { events, next: cursor ?? null };
}

/** The newest seq in the log (0 when empty). */
export async function headSeq(audit: AuditLog): Promise<number> {
  return (await audit.query({ order: 'desc', limit: 1 }))[0]?.seq ?? 0;
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** The millisecond time in an event id (a ULID). */
function idTime(id: string): number | null {
  const m = /^evt_([0-9a-hjkmnp-tv-z]{10})[0-9a-hjkmnp-tv-z]{16}$/.exec(id.toLowerCase());
  if (!m) return null;
  let t = 0;
  for (const c of m[1]!) t = t * 32 + CROCKFORD.indexOf(c);
  return t;
}

/**
 * One event by seq ("42") or id ("evt_…"). AuditQuery has no id filter, so an id is found from
 * the time inside it: ids come from a monotonic ULID factory fed the event's own timestamp,
 * which never puts an id's time before its event's ts. So the event is among those with
 * ts <= that time, and newest-first it is near the top; the scan is bounded all the same.
 */
export async function findEvent(audit: AuditLog, idOrSeq: string): Promise<AuditEvent | undefined> {
  if (/^\d{1,15}$/.test(idOrSeq)) {
    const seq = Number(idOrSeq);
    const [e] = await audit.query({ afterSeq: seq - 1, limit: 1 });
    return e?.seq === seq ? e : undefined;
  }
  const t = idTime(idOrSeq);
  if (t === null) return undefined;
  const id = idOrSeq.toLowerCase();
  let after: number | undefined;
  for (let page = 0; page < 10; page++) {
    const events = await audit.query({ until: t + 1, order: 'desc', limit: 500, ...(after !== undefined ? { afterSeq: after } : {}) });
    const hit = events.find((e) => e.id === id);
    if (hit || events.length < 500) return hit;
    after = events[events.length - 1]!.seq;
  }
  return undefined;
}
