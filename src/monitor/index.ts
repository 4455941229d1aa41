import type { Actor, AuditEvent } from '../audit/types.js';
import { resolvePath as resolveConfigPath } from '../config/load.js';
import type { Services } from '../services.js';
import { MonitorSeenRepo, SessionHoldRepo, type AlertFilter, type AlertResponse, type SessionHold } from '../store/repos/alerts.js';
import { AlertBook, MONITOR_ACTOR, viewOf, type AlertView } from './alerts.js';
import { RuleEngine, type Hit, type RuleStats } from './engine.js';
import { carryOut, sendWebhook, targetOf } from './responses.js';
import { loadRules, type CompiledRule } from './rules.js';

export type { AlertView } from './alerts.js';
export { RuleLoadError, type RuleProblem } from './rules.js';

/** A loaded rule, as the API and CLI list it. */
export interface RuleInfo {
  id: string;
  title: string;
  description: string;
  severity: string;
  tags: string[];
  source: string;
  builtin: boolean;
  match?: string;
  correlate?: { type: string; groupBy: string[]; windowMs: number; threshold?: number; field?: string; steps?: string[] };
  dedup: { fields: string[]; windowMs: number | null };
  responses: string[];
  stats: RuleStats;
}

export interface MonitorStats {
  rules: number;
  /** Audit events evaluated (the monitor's own are skipped). */
  events: number;
  hits: number;
  alertsRaised: number;
  alertsUpdated: number;
  responses: number;
  /** Hits dropped because the work queue was full. */
  dropped: number;
  queued: number;
  failures: number;
  lastError: string | null;
  heldSessions: number;
  warnings: string[];
}

/** Streaming detection rules over committed audit events: alerts and responses. */
export interface Monitor {
  /** True while a rule's require_approval_session response holds this session (until its alert is resolved). */
  isSessionHeld(sessionId: string): boolean;
  /** The sessions on hold, with the alert that placed each hold. */
  sessionHolds(): Promise<SessionHold[]>;
  /** Releases every hold on a session (audited as alert.session_release); returns the alerts whose holds ended. */
  releaseSession(sessionId: string, reason: string, actor: Actor): Promise<string[]>;
  rules(): RuleInfo[];
  listAlerts(filter?: AlertFilter): Promise<AlertView[]>;
  getAlert(id: string): Promise<AlertView>;
  acknowledge(id: string, actor: Actor, note?: string): Promise<AlertView>;
  resolve(id: string, reason: string, actor: Actor): Promise<AlertView>;
  /** Resolves when every event delivered so far has been evaluated and its alerts and responses written (webhooks included). */
  flush(): Promise<void>;
  stats(): MonitorStats;
  close(): Promise<void>;
}

const MAX_QUEUE = 10_000;
const HOLD_REFRESH_MS = 2000;
const CLOSE_WAIT_MS = 10_000;

type Task = () => Promise<void>;

class StreamingMonitor implements Monitor {
  private readonly engine: RuleEngine;
  private readonly book: AlertBook;
  private readonly queue: Task[] = [];
  private running: Promise<void> | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private held = new Set<string>();
  private holdVersion = 0;
  private unsubscribe: () => void = () => {};
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly s = { events: 0, hits: 0, alertsRaised: 0, alertsUpdated: 0, responses: 0, dropped: 0, failures: 0, lastError: null as string | null };

  constructor(
    private readonly services: Services,
    private readonly loaded: CompiledRule[],
    private readonly warnings: string[],
  ) {
    this.engine = new RuleEngine(loaded);
    this.book = new AlertBook(services.store, services.audit, services.clock);
  }

  async start(): Promise<void> {
    await this.reloadHolds();
    this.unsubscribe = this.services.audit.subscribe((e) => this.onEvent(e));
    // Other instances sharing the store place holds too; a hold reaches this one within HOLD_REFRESH_MS.
    this.timer = setInterval(() => void this.reloadHolds().catch(() => {}), HOLD_REFRESH_MS);
    this.timer.unref();
  }

  // ---- evaluation (synchronous, in the audit log's delivery order)

  private onEvent(e: AuditEvent): void {
    if (this.closed) return;
    this.s.events++;
    const hits = this.engine.evaluate(e);
    for (const h of hits) {
      this.s.hits++;
      this.enqueue(() => this.handle(h));
    }
  }

  private enqueue(t: Task): boolean {
    if (this.queue.length >= MAX_QUEUE) {
      this.s.dropped++;
      return false;
    }
    this.queue.push(t);
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = undefined;
      });
    }
    return true;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const t = this.queue.shift()!;
      try {
        await t();
      } catch (e) {
        this.s.failures++;
        this.s.lastError = (e as Error).message;
      }
    }
  }

  /** Runs fn on the work queue (so it is ordered with alert updates) and returns its result. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const ok = this.enqueue(async () => {
        try {
          resolve(await fn());
        } catch (e) {
          reject(e);
        }
      });
      if (!ok) fn().then(resolve, reject);
    });
  }

  // ---- alerts and responses (asynchronous, one at a time)

  private async handle(hit: Hit): Promise<void> {
    const rule = hit.rule;
    if (hit.newValue) {
      const seen = new MonitorSeenRepo(this.services.store.db);
      let fresh: boolean;
      try {
        fresh = await seen.insertIfAbsent({ ruleId: rule.id, groupKey: hit.newValue.group, value: hit.newValue.value.slice(0, 1000), firstSeen: hit.event.ts, eventId: hit.event.id });
      } catch (e) {
        this.engine.forgetSeen(rule.id, hit.newValue.group, hit.newValue.value);
        throw e;
      }
      if (!fresh) return;
      // The first value of a group is its baseline, not news (e.g. the address a key is first used from).
      if (rule.correlate?.ignoreFirst && (await seen.countGroup(rule.id, hit.newValue.group)) <= 1) return;
    }
    const { alert, created } = await this.book.raise(hit);
    if (created) this.s.alertsRaised++;
    else this.s.alertsUpdated++;

    for (const spec of rule.responses) {
      const target = targetOf(spec, alert, hit);
      if (alert.responses.some((r) => r.type === spec.type && r.target === target)) continue;
      if (spec.type === 'webhook') {
        const pending: AlertResponse = { type: 'webhook', target, status: 'pending', at: this.services.clock.now() };
        alert.responses.push(pending);
        await this.book.recordResponse(alert.id, pending);
        const snapshot = { ...alert, responses: alert.responses.slice(0, -1) };
        const p = sendWebhook(this.services, spec, snapshot, hit).then(
          (r) => void this.serial(() => this.finish(alert.id, alert.ruleId, alert.agentId, alert.sessionId, r)).catch(() => {}),
          () => {},
        );
        this.inflight.add(p);
        void p.finally(() => this.inflight.delete(p));
        continue;
      }
      const r = await carryOut(this.services, spec, target, alert, (s) => {
        this.held.add(s);
        this.holdVersion++;
      });
      alert.responses.push(r);
      await this.finish(alert.id, alert.ruleId, alert.agentId, alert.sessionId, r);
    }
  }

  /** Stores a response's outcome in its alert and audits it as response.<type>. */
  private async finish(alertId: string, ruleId: string, agentId: string | null, sessionId: string | null, r: AlertResponse): Promise<void> {
    this.s.responses++;
    await this.book.recordResponse(alertId, r);
    await this.services.audit.record({
      phase: 'admin',
      action: `response.${r.type}`,
      outcome: r.status === 'done' || r.status === 'already' ? 'success' : 'failure',
      actor: MONITOR_ACTOR,
      agentId,
      sessionId,
      target: { kind: r.type === 'revoke_key' ? 'credential' : r.type === 'require_approval_session' ? 'session' : r.type === 'webhook' ? 'webhook' : r.type === 'kill_all' ? 'warden' : 'agent', id: r.target ?? '-' },
      data: { alertId, ruleId, status: r.status, ...(r.detail ? { detail: r.detail } : {}) },
    });
  }

  // ---- session holds

  isSessionHeld(sessionId: string): boolean {
    return this.held.has(sessionId);
  }

  async sessionHolds(): Promise<SessionHold[]> {
    return new SessionHoldRepo(this.services.store.db).active();
  }

  async releaseSession(sessionId: string, reason: string, actor: Actor): Promise<string[]> {
    const now = this.services.clock.now();
    const alerts = await this.services.store.transaction(async (trx) => {
      const released = await new SessionHoldRepo(trx).releaseSession(sessionId, now, actor.id ?? actor.kind, reason);
      if (released.length > 0) {
        await this.services.audit.record(
          { phase: 'admin', action: 'alert.session_release', outcome: 'success', actor, sessionId, target: { kind: 'session', id: sessionId }, data: { reason, alerts: released } },
          trx,
        );
      }
      return released;
    });
    await this.reloadHolds(true);
    return alerts;
  }

  private async reloadHolds(force = false): Promise<void> {
    const version = this.holdVersion;
    const rows = await new SessionHoldRepo(this.services.store.db).active();
    // A hold placed here while the query ran is not in its answer: keep the set until the next refresh.
    if (!force && version !== this.holdVersion) return;
    this.held = new Set(rows.map((r) => r.sessionId));
    this.holdVersion++;
  }

  // ---- alerts API

  rules(): RuleInfo[] {
    const stats = new Map(this.engine.stats().map((s) => [s.id, s]));
    return this.loaded.map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      severity: r.severity,
      tags: r.tags,
      source: r.source,
      builtin: r.builtin,
      ...(r.expressions.match !== undefined ? { match: r.expressions.match } : {}),
      ...(r.correlate
        ? {
            correlate: {
              type: r.correlate.type,
              groupBy: r.correlate.groupBy.map((g) => g.path),
              windowMs: r.correlate.windowMs,
              ...(r.correlate.type === 'count' || r.correlate.type === 'distinct' || r.correlate.type === 'sum' ? { threshold: r.correlate.threshold } : {}),
              ...(r.correlate.field ? { field: r.correlate.field.path } : {}),
              ...(r.expressions.steps ? { steps: r.expressions.steps } : {}),
            },
          }
        : {}),
      dedup: { fields: r.dedup.fields.map((f) => f.path), windowMs: r.dedup.windowMs },
      responses: r.responses.map((x) => x.type),
      stats: stats.get(r.id)!,
    }));
  }

  async listAlerts(filter: AlertFilter = {}): Promise<AlertView[]> {
    return (await this.book.list(filter)).map(viewOf);
  }

  async getAlert(id: string): Promise<AlertView> {
    return viewOf(await this.book.get(id));
  }

  async acknowledge(id: string, actor: Actor, note?: string): Promise<AlertView> {
    return viewOf(await this.serial(() => this.book.acknowledge(id, actor, note)));
  }

  async resolve(id: string, reason: string, actor: Actor): Promise<AlertView> {
    const { alert, releasedSessions } = await this.serial(() => this.book.resolve(id, actor, reason));
    if (releasedSessions.length > 0) await this.reloadHolds(true);
    return viewOf(alert);
  }

  async flush(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.inflight.size > 0) await Promise.all([...this.inflight]);
      else if (this.queue.length > 0) await new Promise((r) => setImmediate(r));
      else return;
    }
  }

  stats(): MonitorStats {
    return { rules: this.loaded.length, ...this.s, queued: this.queue.length, heldSessions: this.held.size, warnings: this.warnings };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    // Finish what is queued; a webhook that hangs does not hold up shutdown for long.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((r) => (timer = setTimeout(r, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
  }
}

/**
 * Loads the rules (the built-in pack when monitor.builtin, then monitor.rules_dir; malformed rules
 * stop the start with every problem listed) and subscribes to the audit log.
 */
export async function startMonitor(services: Services): Promise<Monitor> {
  const cfg = services.config.monitor;
  const { rules, warnings } = loadRules({
    builtin: cfg.builtin,
    ...(cfg.rules_dir ? { rulesDir: resolveConfigPath(services.baseDir, cfg.rules_dir) } : {}),
    disabled: cfg.disabled_rules,
  });
  const m = new StreamingMonitor(services, rules, warnings);
  await m.start();
  return m;
}
