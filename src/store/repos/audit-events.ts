import type { Db } from '../store.js';
import type { AuditEventsTable } from '../tables.js';

export type AuditEventRow = AuditEventsTable;

export interface AuditQuery {
  agentId?: string;
  phase?: string;
  action?: string;
  targetId?: string;
  since?: number;
  until?: number;
  after?: string;
  limit?: number;
}

/** Append-only: there is deliberately no update or delete here. */
export class AuditEventRepo {
  constructor(private readonly db: Db) {}

  async insertMany(rows: AuditEventRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto('auditEvents').values(rows).execute();
  }

  async query(q: AuditQuery): Promise<AuditEventRow[]> {
    let s = this.db.selectFrom('auditEvents').selectAll();
    if (q.agentId) s = s.where('agentId', '=', q.agentId);
    if (q.phase) s = s.where('phase', '=', q.phase);
    if (q.action) s = s.where('action', '=', q.action);
    if (q.targetId) s = s.where('targetId', '=', q.targetId);
    if (q.since !== undefined) s = s.where('ts', '>=', q.since);
    if (q.until !== undefined) s = s.where('ts', '<', q.until);
    if (q.after) s = s.where('id', '>', q.after);
    return s.orderBy('id').limit(q.limit ?? 100).execute();
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
