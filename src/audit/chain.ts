import { hash } from 'node:crypto';
import type { AuditEventRow } from '../store/repos/audit-events.js';
import type { AuditEvent } from './types.js';
import { canonicalJson } from './canonical-json.js';

/** The prevHash of the first event. */
export const GENESIS = '0'.repeat(64);

/** The hashed part of an event: everything but its position and the chain fields. */
export type EventBody = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>;

/** RFC 8785 canonical JSON: the exact bytes that are hashed and stored. */
export function canonicalBody(body: EventBody): string {
  const text = canonicalJson(body);
  if (text === undefined) throw new Error('audit event is not serialisable');
  return text;
}

// One-shot crypto.hash (Node ≥ 20.12): no Hash object per call, which is most of the cost here.
export function digestOf(body: string): string {
  return hash('sha256', body, 'hex');
}

/** Links an event to its predecessor. Cheap (two short inputs), so it runs under the chain lock. */
export function chainHash(prevHash: string, digest: string): string {
  return hash('sha256', prevHash + digest, 'hex');
}

/** The indexed columns, derived from the body, so search and verification agree on them. */
export function indexColumns(b: EventBody): Omit<AuditEventRow, 'seq' | 'prevHash' | 'hash' | 'body'> {
  const kinds = b.findings?.filter((f) => f.triggered).map((f) => f.kind);
  return {
    id: b.id,
    ts: b.ts,
    phase: b.phase,
    action: b.action,
    outcome: b.outcome,
    effect: b.decision?.effect ?? null,
    actorKind: b.actor.kind,
    actorId: b.actor.id,
    agentId: b.agentId ?? null,
    userId: b.actor.onBehalfOf ?? null,
    sessionId: b.sessionId ?? null,
    targetKind: b.target?.kind ?? null,
    targetId: b.target?.id ?? null,
    findingKinds: kinds && kinds.length > 0 ? `,${[...new Set(kinds)].join(',')},` : null,
  };
}

export function eventFromRow(r: AuditEventRow): AuditEvent {
  const body = JSON.parse(r.body) as EventBody;
  return { ...body, seq: Number(r.seq), prevHash: r.prevHash, hash: r.hash };
}
