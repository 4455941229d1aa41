import { newId } from '../util/ids.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor, AuditEventInput } from '../audit/types.js';
import { conflict, notFound } from '../errors.js';
import { AlertRepo, SessionHoldRepo, type Alert, type AlertEventRef, type AlertFilter, type AlertResponse } from '../store/repos/alerts.js';
import type { Db, Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import type { Hit } from './engine.js';
import { MONITOR_ACTOR_ID } from './engine.js';

/** An alert as the API shows it: the stored alert plus its tags split by framework. */
export interface AlertView extends Alert {
  /** MITRE ATLAS technique ids among the rule's tags. */
  atlas: string[];
  /** OWASP LLM Top 10 (LLM01:2025) and OWASP Agentic (ASI01) ids among the rule's tags. */
  owasp: string[];
}

export const MONITOR_ACTOR: Actor = { kind: 'system', id: MONITOR_ACTOR_ID, name: 'monitor' };

const MAX_EVENTS = 100;
const KEEP_FIRST = 10;

export function viewOf(a: Alert): AlertView {
  return {
    ...a,
    atlas: a.tags.filter((t) => t.startsWith('AML.')),
    owasp: a.tags.filter((t) => /^(LLM|ASI)\d/.test(t)),
  };
}

/** Folds new event references into an alert's bounded list: the first few and the most recent. */
function mergeEvents(existing: AlertEventRef[], add: AlertEventRef[]): { events: AlertEventRef[]; added: number } {
  const maxSeq = existing.reduce((m, e) => Math.max(m, e.seq), 0);
  const fresh = add.filter((e) => e.seq > maxSeq);
  let events = [...existing, ...fresh];
  if (events.length > MAX_EVENTS) events = [...events.slice(0, KEEP_FIRST), ...events.slice(events.length - (MAX_EVENTS - KEEP_FIRST))];
  return { events, added: fresh.length };
}

/** Events behind a hit: a count rule starts over after firing, so all `value` events are new even when only the last refs are kept. */
function eventCount(hit: Hit, refs: number): number {
  return hit.rule.correlate?.type === 'count' && hit.value !== undefined ? Math.max(hit.value, refs) : refs;
}

/**
 * Alerts in the store: raise (or fold into the open alert with the same rule and dedup key),
 * acknowledge, resolve. Every raise, acknowledgement and resolution is an audit event written in
 * the same transaction as the change.
 */
export class AlertBook {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Row locks on PostgreSQL, where instances may update the same alert concurrently. SQLite serialises writers anyway. */
  private repo(trx: Db): { alerts: AlertRepo; lock: boolean } {
    return { alerts: new AlertRepo(trx), lock: this.store.dialect === 'postgres' };
  }

  async raise(hit: Hit): Promise<{ alert: Alert; created: boolean }> {
    const rule = hit.rule;
    const now = this.clock.now();
    return this.store.transaction(async (trx) => {
      const { alerts, lock } = this.repo(trx);
      const existing = await alerts.findUnresolved(rule.id, hit.dedupKey, { forUpdate: lock });
      if (existing && (rule.dedup.windowMs === null || hit.lastTs - existing.lastSeen <= rule.dedup.windowMs)) {
        const { events, added } = mergeEvents(existing.events, hit.events);
        const next: Alert = {
          ...existing,
          count: existing.count + 1,
          lastSeen: Math.max(existing.lastSeen, hit.lastTs),
          firstSeen: Math.min(existing.firstSeen, hit.firstTs),
          events,
          eventsTotal: existing.eventsTotal + eventCount(hit, added),
          value: hit.value ?? existing.value,
          agentId: existing.agentId ?? hit.event.agentId ?? null,
          sessionId: existing.sessionId ?? hit.event.sessionId ?? null,
          updatedAt: now,
        };
        await alerts.save(next);
        return { alert: next, created: false };
      }
      const e = hit.event;
      const alert: Alert = {
        id: newId('alr', now),
        ruleId: rule.id,
        dedupKey: hit.dedupKey,
        severity: rule.severity,
        title: rule.title,
        status: 'open',
        agentId: e.agentId ?? null,
        sessionId: e.sessionId ?? null,
        firstSeen: hit.firstTs,
        lastSeen: hit.lastTs,
        count: 1,
        updatedAt: now,
        description: rule.description,
        tags: rule.tags,
        group: hit.group,
        credentialId: e.actor.credentialId ?? null,
        userId: e.actor.onBehalfOf ?? null,
        value: hit.value ?? null,
        events: hit.events.slice(-MAX_EVENTS),
        eventsTotal: eventCount(hit, hit.events.length),
        responses: [],
        acknowledgedAt: null,
        acknowledgedBy: null,
        note: null,
        resolvedAt: null,
        resolvedBy: null,
        resolution: null,
      };
      await alerts.insert(alert);
      const v = viewOf(alert);
      await this.audit.record(
        this.event('alert.raise', MONITOR_ACTOR, alert, {
          // The fields of the OCSF exporter's AlertLike, so alert.raise events map to Detection Findings.
          alertId: alert.id,
          ruleId: rule.id,
          title: alert.title,
          severity: alert.severity,
          tags: alert.tags,
          techniques: v.atlas,
          owasp: v.owasp,
          eventIds: alert.events.map((x) => x.id),
          eventSeqs: alert.events.map((x) => x.seq),
          group: alert.group,
          ...(alert.value !== null ? { value: alert.value } : {}),
          response: rule.responses.map((r) => r.type).join(',') || undefined,
        }),
        trx,
      );
      return { alert, created: true };
    });
  }

  async get(id: string): Promise<Alert> {
    const a = await new AlertRepo(this.store.db).get(id);
    if (!a) throw notFound('alert.not_found', `No alert "${id}".`, 'List alerts with `warden alerts list`.');
    return a;
  }

  async list(f: AlertFilter): Promise<Alert[]> {
    return new AlertRepo(this.store.db).list(f);
  }

  async acknowledge(id: string, actor: Actor, note: string | undefined): Promise<Alert> {
    const now = this.clock.now();
    return this.store.transaction(async (trx) => {
      const { alerts, lock } = this.repo(trx);
      const a = await alerts.get(id, { forUpdate: lock });
      if (!a) throw notFound('alert.not_found', `No alert "${id}".`, 'List alerts with `warden alerts list`.');
      if (a.status === 'acknowledged') throw conflict('alert.already_acknowledged', `Alert ${id} is already acknowledged (by ${a.acknowledgedBy}).`);
      if (a.status === 'resolved') throw conflict('alert.resolved', `Alert ${id} is resolved; it cannot be acknowledged.`);
      const next: Alert = { ...a, status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: label(actor), note: note ?? null, updatedAt: now };
      await alerts.save(next);
      await this.audit.record(this.event('alert.acknowledge', actor, next, { alertId: id, ruleId: a.ruleId, title: a.title, severity: a.severity, from: a.status, ...(note ? { note } : {}) }), trx);
      return next;
    });
  }

  /** Resolves an alert and releases the session holds it placed; returns the released sessions too. */
  async resolve(id: string, actor: Actor, reason: string): Promise<{ alert: Alert; releasedSessions: string[] }> {
    const now = this.clock.now();
    return this.store.transaction(async (trx) => {
      const { alerts, lock } = this.repo(trx);
      const a = await alerts.get(id, { forUpdate: lock });
      if (!a) throw notFound('alert.not_found', `No alert "${id}".`, 'List alerts with `warden alerts list`.');
      if (a.status === 'resolved') throw conflict('alert.already_resolved', `Alert ${id} is already resolved (by ${a.resolvedBy}).`);
      const next: Alert = { ...a, status: 'resolved', resolvedAt: now, resolvedBy: label(actor), resolution: reason, updatedAt: now };
      await alerts.save(next);
      const releasedSessions = await new SessionHoldRepo(trx).releaseByAlert(id, now, label(actor), `alert resolved: ${reason}`);
      await this.audit.record(
        this.event('alert.resolve', actor, next, { alertId: id, ruleId: a.ruleId, title: a.title, severity: a.severity, from: a.status, reason, ...(releasedSessions.length ? { releasedSessions } : {}) }),
        trx,
      );
      return { alert: next, releasedSessions };
    });
  }

  /** Records how a response went in the alert (outside the raise transaction, after it ran). */
  async recordResponse(id: string, r: AlertResponse): Promise<void> {
    await this.store.transaction(async (trx) => {
      const { alerts, lock } = this.repo(trx);
      const a = await alerts.get(id, { forUpdate: lock });
      if (!a) return;
      const responses = a.responses.filter((x) => !(x.type === r.type && x.target === r.target));
      responses.push(r);
      await alerts.save({ ...a, responses, updatedAt: this.clock.now() });
    });
  }

  private event(action: string, actor: Actor, a: Alert, data: Record<string, unknown>): AuditEventInput {
    return {
      phase: 'admin',
      action,
      outcome: 'success',
      actor,
      agentId: a.agentId,
      sessionId: a.sessionId,
      target: { kind: 'alert', id: a.id, name: a.ruleId },
      data: Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)),
    };
  }
}

function label(actor: Actor): string {
  return actor.name ? `${actor.name} (${actor.id ?? actor.kind})` : (actor.id ?? actor.kind);
}
