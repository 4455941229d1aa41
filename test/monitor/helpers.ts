import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import type { AuditEvent, AuditEventInput } from '../../src/audit/types.js';
import { ManualClock } from '../../src/util/clock.js';
import { startWarden, type TestWarden, type TestWardenOptions } from '../helpers/warden.js';

export const T0 = Date.parse('2026-11-21T12:00:00Z');

export interface MonitorWarden extends TestWarden {
  clock: ManualClock;
  rulesDir: string | undefined;
  /** Records an event as the gateway would (audit.record) and waits until the monitor has handled it. */
  inject(e: Partial<AuditEventInput> & Pick<AuditEventInput, 'phase'>): Promise<AuditEvent>;
  /** GET /alerts with a query string; asserts 200. */
  alerts(query?: string): Promise<any[]>;
  /** Audit events with this action (oldest first). */
  events(action: string): Promise<any[]>;
}

export interface MonitorWardenOptions extends Omit<TestWardenOptions, 'yaml' | 'clock'> {
  /** Rule files to put in monitor.rules_dir: name → YAML text. */
  rules?: Record<string, string>;
  builtin?: boolean;
  disabled?: string[];
  /** Extra configuration (YAML) appended at the top level. */
  extraYaml?: string;
}

/** A full Warden with a manual clock and, optionally, a rules directory of its own. */
export async function startMonitorWarden(opts: MonitorWardenOptions = {}): Promise<MonitorWarden> {
  const clock = new ManualClock(T0);
  let rulesDir: string | undefined;
  if (opts.rules) {
    rulesDir = mkdtempSync(path.join(tmpdir(), 'warden-rules-'));
    for (const [name, text] of Object.entries(opts.rules)) writeFileSync(path.join(rulesDir, name), text);
  }
  const yaml = [
    'monitor:',
    `  builtin: ${opts.builtin ?? false}`,
    ...(rulesDir ? [`  rules_dir: ${JSON.stringify(rulesDir)}`] : []),
    ...(opts.disabled?.length ? [`  disabled_rules: ${JSON.stringify(opts.disabled)}`] : []),
    opts.extraYaml ?? '',
  ].join('\n');
  const w = await startWarden({ ...opts, yaml, clock });
  const services = w.warden.services;
  return {
    ...w,
    clock,
    rulesDir,
    async inject(e) {
      const ev = await services.audit.record({
        action: e.phase === 'admin' ? 'test.event' : e.phase,
        outcome: 'success',
        actor: { kind: 'agent', id: 'agt_test', name: 'test-agent', credentialId: 'key_test', ip: '10.0.0.1' },
        agentId: 'agt_test',
        sessionId: `ses_default`,
        ...e,
      });
      await services.monitor.flush();
      return ev;
    },
    async alerts(query = '') {
      const r = await w.admin('GET', `/alerts${query ? `?${query}` : ''}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.alerts;
    },
    async events(action) {
      const r = await w.admin('GET', `/audit/events?action=${encodeURIComponent(action)}&limit=1000`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.events;
    },
    async close() {
      await w.close();
      if (rulesDir) rmSync(rulesDir, { recursive: true, force: true });
    },
  };
}

/** A finding as the detectors report it. */
export function finding(detector: string, kind: string, triggered = true) {
  return { detector, kind, score: triggered ? 0.95 : 0.1, triggered, severity: triggered ? ('high' as const) : ('info' as const) };
}
