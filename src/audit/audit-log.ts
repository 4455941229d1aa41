import type { Db, Store } from '../store/store.js';
import { AuditEventRepo, type AuditEventRow, type AuditQuery } from '../store/repos/audit-events.js';
import { newId } from '../util/ids.js';
import type { Clock } from '../util/clock.js';
import type { AuditEvent, AuditEventInput } from './types.js';

/**
 * The audit module's interface. Control-plane changes call record() with the transaction that
 * makes the change, so the change and its event are written together or not at all.
 */
export interface AuditLog {
  record(e: AuditEventInput, trx?: Db): Promise<AuditEvent>;
  query(q: AuditQuery): Promise<AuditEvent[]>;
}

function toRow(e: AuditEvent): AuditEventRow {
  return {
    id: e.id,
    ts: e.ts,
    phase: e.phase,
    action: e.action,
    outcome: e.outcome,
    actorKind: e.actor.kind,
    actorId: e.actor.id,
    agentId: e.agentId ?? null,
    targetKind: e.target?.kind ?? null,
    targetId: e.target?.id ?? null,
    sessionId: e.sessionId ?? null,
    data: JSON.stringify({ actor: e.actor, target: e.target, data: e.data ?? {} }),
  };
}

function fromRow(r: AuditEventRow): AuditEvent {
  const body = JSON.parse(r.data) as { actor: AuditEvent['actor']; target?: AuditEvent['target']; data: Record<string, unknown> };
  return {
    id: r.id,
    ts: r.ts,
    phase: r.phase as AuditEvent['phase'],
    action: r.action,
    outcome: r.outcome as AuditEvent['outcome'],
    actor: body.actor,
    agentId: r.agentId,
    ...(body.target ? { target: body.target } : {}),
    sessionId: r.sessionId,
    data: body.data,
  };
}

/** A plain append-only table; the audit issue replaces this with the hash-chained log. */
export class StoreAuditLog implements AuditLog {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async record(input: AuditEventInput, trx?: Db): Promise<AuditEvent> {
    const ts = this.clock.now();
    const event: AuditEvent = { ...input, id: newId('evt', ts), ts };
    await new AuditEventRepo(trx ?? this.store.db).insertMany([toRow(event)]);
    return event;
  }

  async query(q: AuditQuery): Promise<AuditEvent[]> {
    return (await new AuditEventRepo(this.store.db).query(q)).map(fromRow);
  }
}
