import type { Kysely } from 'kysely';
import type { Db } from '../store.js';
import type { AlertsTable, Database } from '../tables.js';
import { parseJson } from './json.js';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'resolved'];

export interface AlertEventRef {
  id: string;
  seq: number;
  ts: number;
}

/** One response a rule asked for, as it was carried out (or not). */
export interface AlertResponse {
  type: string;
  /** What it acted on: agent id, credential id, session id, webhook URL (without query), "all". */
  target: string | null;
  status: 'done' | 'already' | 'skipped' | 'failed' | 'pending';
  detail?: string;
  at: number;
}

/** The JSON part of an alert row (the indexed columns are in AlertsTable). */
export interface AlertBody {
  description: string;
  tags: string[];
  /** The rule's group_by fields and their values. */
  group: Record<string, string>;
  /** Credential and user of the event that raised it (responses act on them). */
  credentialId: string | null;
  userId: string | null;
  /** count / distinct / sum value at the last firing, for correlated rules. */
  value: number | null;
  /** The events behind the alert: the first ones and the most recent (bounded); eventsTotal counts all. */
  events: AlertEventRef[];
  eventsTotal: number;
  responses: AlertResponse[];
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  note: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  resolution: string | null;
}

export interface Alert extends AlertBody {
  id: string;
  ruleId: string;
  dedupKey: string;
  severity: string;
  title: string;
  status: AlertStatus;
  agentId: string | null;
  sessionId: string | null;
  firstSeen: number;
  lastSeen: number;
  count: number;
  updatedAt: number;
}

export interface AlertFilter {
  status?: AlertStatus[];
  severity?: string[];
  agentId?: string;
  ruleId?: string;
  sessionId?: string;
  /** Keyset pagination: newest first, ids below this one. */
  before?: string;
  limit?: number;
}

const BODY_KEYS: Array<keyof AlertBody> = [
  'description', 'tags', 'group', 'credentialId', 'userId', 'value', 'events', 'eventsTotal', 'responses',
  'acknowledgedAt', 'acknowledgedBy', 'note', 'resolvedAt', 'resolvedBy', 'resolution',
];

function toRow(a: Alert): AlertsTable {
  const body: Record<string, unknown> = {};
  for (const k of BODY_KEYS) body[k] = a[k];
  return {
    id: a.id,
    ruleId: a.ruleId,
    dedupKey: a.dedupKey,
    severity: a.severity,
    title: a.title,
    status: a.status,
    agentId: a.agentId,
    sessionId: a.sessionId,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    count: a.count,
    body: JSON.stringify(body),
    updatedAt: a.updatedAt,
  };
}

function fromRow(r: AlertsTable): Alert {
  const body = parseJson<AlertBody>(r.body, 'alerts.body');
  return {
    ...body,
    id: r.id,
    ruleId: r.ruleId,
    dedupKey: r.dedupKey,
    severity: r.severity,
    title: r.title,
    status: r.status as AlertStatus,
    agentId: r.agentId,
    sessionId: r.sessionId,
    firstSeen: Number(r.firstSeen),
    lastSeen: Number(r.lastSeen),
    count: Number(r.count),
    updatedAt: Number(r.updatedAt),
  };
}

/** Alerts raised by the monitor's rules. */
export class AlertRepo {
  constructor(private readonly db: Db) {}

  async insert(a: Alert): Promise<void> {
    await this.db.insertInto('alerts').values(toRow(a)).execute();
  }

  /** forUpdate: lock the row for the rest of the transaction (PostgreSQL only; SQLite serialises writers). */
  async get(id: string, opts: { forUpdate?: boolean } = {}): Promise<Alert | undefined> {
    let q = this.db.selectFrom('alerts').selectAll().where('id', '=', id);
    if (opts.forUpdate) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && fromRow(r);
  }

  /** The alert that new matches of (rule, key) are folded into: the latest one not yet resolved. */
  async findUnresolved(ruleId: string, dedupKey: string, opts: { forUpdate?: boolean } = {}): Promise<Alert | undefined> {
    let q = this.db
      .selectFrom('alerts')
      .selectAll()
      .where('ruleId', '=', ruleId)
      .where('dedupKey', '=', dedupKey)
      .where('status', 'in', ['open', 'acknowledged'])
      .orderBy('lastSeen', 'desc')
      .orderBy('id', 'desc')
      .limit(1);
    if (opts.forUpdate) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && fromRow(r);
  }

  /** Writes every mutable field. */
  async save(a: Alert): Promise<void> {
    const { id, ...rest } = toRow(a);
    await this.db.updateTable('alerts').set(rest).where('id', '=', id).execute();
  }

  async list(f: AlertFilter = {}): Promise<Alert[]> {
    let q = this.db.selectFrom('alerts').selectAll();
    if (f.status?.length) q = q.where('status', 'in', f.status);
    if (f.severity?.length) q = q.where('severity', 'in', f.severity);
    if (f.agentId) q = q.where('agentId', '=', f.agentId);
    if (f.ruleId) q = q.where('ruleId', '=', f.ruleId);
    if (f.sessionId) q = q.where('sessionId', '=', f.sessionId);
    if (f.before) q = q.where('id', '<', f.before);
    const rows = await q.orderBy('id', 'desc').limit(f.limit ?? 100).execute();
    return rows.map(fromRow);
  }
}

// ---------------------------------------------------------------------------------------------
// The monitor's own tables (migration 003_monitor).

export interface MonitorSeenTable {
  ruleId: string;
  groupKey: string;
  value: string;
  firstSeen: number;
  eventId: string;
}

export interface MonitorSessionHoldsTable {
  sessionId: string;
  alertId: string;
  ruleId: string;
  agentId: string | null;
  createdAt: number;
  releasedAt: number | null;
  releasedBy: string | null;
  releaseReason: string | null;
}

interface MonitorTables extends Database {
  monitorSeen: MonitorSeenTable;
  monitorSessionHolds: MonitorSessionHoldsTable;
}

const monitorDb = (db: Db) => db as unknown as Kysely<MonitorTables>;

/** What `new_value` rules have seen: (rule, group, value), first writer wins. */
export class MonitorSeenRepo {
  private readonly db: Kysely<MonitorTables>;
  constructor(db: Db) {
    this.db = monitorDb(db);
  }

  /** Records the value; true when it was not there before (this caller saw it first). */
  async insertIfAbsent(row: MonitorSeenTable): Promise<boolean> {
    const r = await this.db
      .insertInto('monitorSeen')
      .values(row)
      .onConflict((oc) => oc.columns(['ruleId', 'groupKey', 'value']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** How many values a group has (to tell a group's first value, its baseline, from a new one). */
  async countGroup(ruleId: string, groupKey: string): Promise<number> {
    const r = await this.db
      .selectFrom('monitorSeen')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ruleId', '=', ruleId)
      .where('groupKey', '=', groupKey)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

export type SessionHold = MonitorSessionHoldsTable;

/** Sessions held for approval by a rule's response. */
export class SessionHoldRepo {
  private readonly db: Kysely<MonitorTables>;
  constructor(db: Db) {
    this.db = monitorDb(db);
  }

  /** True when the hold is new; an alert holds a session once. */
  async insertIfAbsent(h: SessionHold): Promise<boolean> {
    const r = await this.db
      .insertInto('monitorSessionHolds')
      .values(h)
      .onConflict((oc) => oc.columns(['sessionId', 'alertId']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async active(): Promise<SessionHold[]> {
    const rows = await this.db.selectFrom('monitorSessionHolds').selectAll().where('releasedAt', 'is', null).orderBy('createdAt').execute();
    return rows.map((r) => ({ ...r, createdAt: Number(r.createdAt) }));
  }

  async activeForSession(sessionId: string): Promise<SessionHold[]> {
    return this.db.selectFrom('monitorSessionHolds').selectAll().where('sessionId', '=', sessionId).where('releasedAt', 'is', null).execute();
  }

  /** Releases the holds an alert placed; returns their session ids. */
  async releaseByAlert(alertId: string, at: number, by: string, reason: string): Promise<string[]> {
    const held = await this.db.selectFrom('monitorSessionHolds').select('sessionId').where('alertId', '=', alertId).where('releasedAt', 'is', null).execute();
    if (held.length === 0) return [];
    await this.db
      .updateTable('monitorSessionHolds')
      .set({ releasedAt: at, releasedBy: by, releaseReason: reason })
      .where('alertId', '=', alertId)
      .where('releasedAt', 'is', null)
      .execute();
    return held.map((h) => h.sessionId);
  }

  /** Releases every hold on a session; returns the alerts whose holds were released. */
  async releaseSession(sessionId: string, at: number, by: string, reason: string): Promise<string[]> {
    const held = await this.activeForSession(sessionId);
    if (held.length === 0) return [];
    await this.db
      .updateTable('monitorSessionHolds')
      .set({ releasedAt: at, releasedBy: by, releaseReason: reason })
      .where('sessionId', '=', sessionId)
      .where('releasedAt', 'is', null)
      .execute();
    return held.map((h) => h.alertId);
  }
}
