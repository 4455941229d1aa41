import type { Actor } from '../audit/types.js';
import { isWardenError } from '../errors.js';
import type { Services } from '../services.js';
import { SessionHoldRepo, type Alert, type AlertResponse } from '../store/repos/alerts.js';
import { VERSION } from '../version.js';
import { MONITOR_ACTOR, viewOf } from './alerts.js';
import type { Hit } from './engine.js';
import type { ResponseSpec } from './rules.js';

/**
 * Response actions. Each is idempotent twice over: the monitor runs a response once per alert
 * and target (it remembers what it did in the alert), and each action treats "already so"
 * (agent already quarantined, key already revoked, kill switch already engaged, session already
 * held) as success without changing anything again.
 */

export interface ResponseTarget {
  type: ResponseSpec['type'];
  target: string | null;
}

/** What a response acts on, from the event that raised or last extended the alert. */
export function targetOf(spec: ResponseSpec, alert: Alert, hit: Hit): string | null {
  const e = hit.event;
  switch (spec.type) {
    case 'quarantine_agent':
    case 'kill_agent':
      return e.agentId ?? alert.agentId ?? null;
    case 'revoke_key':
      return e.actor.credentialId ?? null;
    case 'require_approval_session':
      return e.sessionId ?? null;
    case 'kill_all':
      return 'all';
    case 'webhook':
      return displayUrl(spec.url);
  }
}

/** A webhook URL without query string or user info (either may carry a token): safe for audit and API. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}

function actorFor(alert: Alert): Actor {
  return { ...MONITOR_ACTOR, name: `monitor:${alert.ruleId}` };
}

function reasonFor(alert: Alert): string {
  return `monitor rule ${alert.ruleId} (${alert.title}), alert ${alert.id}`.slice(0, 500);
}

const codeOf = (e: unknown) => (isWardenError(e) ? e.code : undefined);
const messageOf = (e: unknown) => (isWardenError(e) ? `${e.message} [${e.code}]` : ((e as Error)?.message ?? String(e)));

/** Carries out one non-webhook response. Never throws: a failure is reported in the result. */
export async function carryOut(
  services: Services,
  spec: Exclude<ResponseSpec, { type: 'webhook' }>,
  target: string | null,
  alert: Alert,
  onHold: (sessionId: string) => void,
): Promise<AlertResponse> {
  const at = services.clock.now();
  const done = (status: AlertResponse['status'], detail?: string): AlertResponse => ({ type: spec.type, target, status, ...(detail ? { detail } : {}), at });
  if (target === null) {
    const what = spec.type === 'revoke_key' ? 'credential' : spec.type === 'require_approval_session' ? 'session' : 'agent';
    return done('skipped', `the event names no ${what}`);
  }
  const actor = actorFor(alert);
  const reason = reasonFor(alert);
  try {
    switch (spec.type) {
      case 'quarantine_agent': {
        const a = await services.agents.find(target);
        if (!a) return done('skipped', 'no such agent');
        if (a.status !== 'active') return done('already', `agent is ${a.status}`);
        await services.agents.quarantine(target, reason, actor);
        return done('done');
      }
      case 'revoke_key':
        await services.credentials.revoke(target, reason, actor);
        return done('done');
      case 'kill_agent':
        await services.kill.engage('agent', target, reason, actor);
        return done('done');
      case 'kill_all':
        await services.kill.engage('all', undefined, reason, actor);
        return done('done');
      case 'require_approval_session': {
        const fresh = await new SessionHoldRepo(services.store.db).insertIfAbsent({
          sessionId: target,
          alertId: alert.id,
          ruleId: alert.ruleId,
          agentId: alert.agentId,
          createdAt: at,
          releasedAt: null,
          releasedBy: null,
          releaseReason: null,
        });
        onHold(target);
        return done(fresh ? 'done' : 'already');
      }
    }
  } catch (e) {
    const code = codeOf(e);
    if (code === 'agent.already_quarantined' || code === 'agent.decommissioned' || code === 'key.revoked' || code === 'kill.already_engaged') {
      return done('already', messageOf(e));
    }
    if (code === 'key.not_found') return done('skipped', 'not a virtual key (access tokens expire on their own; use kill_agent to stop them now)');
    if (code === 'agent.not_found') return done('skipped', 'no such agent');
    return done('failed', messageOf(e));
  }
}

/** POSTs the alert as JSON; a few attempts with backoff. Runs detached from evaluation. */
export async function sendWebhook(
  services: Services,
  spec: Extract<ResponseSpec, { type: 'webhook' }>,
  alert: Alert,
  hit: Hit,
): Promise<AlertResponse> {
  const target = displayUrl(spec.url);
  const e = hit.event;
  const body = JSON.stringify({
    type: 'warden.alert',
    version: 1,
    alert: viewOf(alert),
    trigger: { id: e.id, seq: e.seq, ts: e.ts, phase: e.phase, action: e.action, agentId: e.agentId ?? null, sessionId: e.sessionId ?? null },
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `warden/${VERSION}`,
    'x-warden-alert-id': alert.id,
    'x-warden-rule-id': alert.ruleId,
  };
  let lastError = '';
  try {
    if (spec.secret) headers.authorization = `Bearer ${await services.vault.resolve(spec.secret)}`;
  } catch (err) {
    return { type: 'webhook', target, status: 'failed', detail: `vault secret "${spec.secret}": ${messageOf(err)}`, at: services.clock.now() };
  }
  const delays = [0, 250, 1000];
  for (const [i, delay] of delays.entries()) {
    if (delay) await new Promise((r) => setTimeout(r, delay));
    try {
      const res = await fetch(spec.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(spec.timeoutMs), redirect: 'error' });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { type: 'webhook', target, status: 'done', detail: `HTTP ${res.status}${i > 0 ? ` after ${i + 1} attempts` : ''}`, at: services.clock.now() };
      lastError = `HTTP ${res.status}`;
      // A client error will not change on retry.
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) break;
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      lastError = (err as Error).name === 'TimeoutError' ? `timed out after ${spec.timeoutMs} ms` : (cause?.code ?? (err as Error).message);
    }
  }
  return { type: 'webhook', target, status: 'failed', detail: lastError, at: services.clock.now() };
}
