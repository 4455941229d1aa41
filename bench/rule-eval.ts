/**
 * Cost of the monitor's rule evaluation per audit event, over the built-in rule pack.
 *
 *   npm run build && node dist/bench/rule-eval.js
 *
 * - pack: RuleEngine.evaluate(event) with every built-in rule, reported per event and per event
 *   per rule (the activation is built once per event and shared by all rules). Goal: ≤ 20 µs p50
 *   per rule.
 * - activation: building the CEL `event` value alone (part of the pack figure).
 * - per rule: each rule alone (its own engine), minus the activation cost, so the rules can be
 *   compared with each other.
 * Synthetic events: a realistic mix of phases (LLM requests and responses with tokens and cost,
 * tool calls and results with labels and decisions, findings on some, admin events), 50 agents,
 * 400 sessions, timestamps advancing 5 ms per event so correlation windows fill and expire.
 * Only evaluation is measured: alerts and responses are written by the Monitor's queue, off the
 * audit log's delivery path.
 */
import type { AuditEvent, Finding } from '../src/audit/types.js';
import { eventValue } from '../src/monitor/cel.js';
import { RuleEngine } from '../src/monitor/engine.js';
import { loadRules } from '../src/monitor/rules.js';
import { machine, measure, stats } from './lib.js';

const PHASES = ['llm.request', 'llm.response', 'tool.call', 'tool.result', 'llm.request', 'llm.response', 'tool.call', 'tool.result', 'admin'] as const;
const TOOLS = [
  { server: 'github', tool: 'list_issues', labels: [] },
  { server: 'github', tool: 'create_issue', labels: ['write'] },
  { server: 'mail', tool: 'send_email', labels: ['external_comms'] },
  { server: 'fs', tool: 'delete_file', labels: ['destructive'] },
  { server: 'search', tool: 'web_search', labels: ['untrusted_content'] },
];

function finding(i: number): Finding[] {
  switch (i % 23) {
    case 0:
      return [{ detector: 'injection', kind: 'prompt_injection', score: 0.93, triggered: true, severity: 'high' }];
    case 5:
      return [{ detector: 'secrets', kind: 'aws_access_key', score: 1, triggered: true, severity: 'critical', evidence: 'AKIA…[redacted]' }];
    case 9:
      return [{ detector: 'injection', kind: 'jailbreak', score: 0.81, triggered: true, severity: 'high' }];
    case 13:
      return [
        { detector: 'pii', kind: 'email', score: 0.7, triggered: true, severity: 'medium' },
        { detector: 'injection', kind: 'prompt_injection', score: 0.2, triggered: false, severity: 'low' },
      ];
    default:
      return i % 3 === 0 ? [{ detector: 'injection', kind: 'prompt_injection', score: 0.05, triggered: false, severity: 'info' }] : [];
  }
}

function syntheticEvent(i: number, ts: number): AuditEvent {
  const phase = PHASES[i % PHASES.length]!;
  const agent = `agt_${String(i % 50).padStart(26, '0')}`;
  const session = `ses_${i % 400}`;
  const t = TOOLS[i % TOOLS.length]!;
  const base = {
    id: `evt_${i}`,
    seq: i + 1,
    ts,
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
    actor: { kind: 'agent' as const, id: agent, name: `agent-${i % 50}`, credentialId: `key_${i % 120}`, ip: `10.0.${i % 7}.${i % 3}`, ...(i % 4 === 0 ? { onBehalfOf: `user${i % 30}@example.com` } : {}) },
    agentId: agent,
    sessionId: session,
    findings: finding(i),
    decision: { effect: i % 17 === 0 ? ('deny' as const) : ('allow' as const), rules: i % 17 === 0 ? [{ id: 'no-external-mail' }] : [], policyVersion: 'sha256:abc' },
  };
  switch (phase) {
    case 'llm.request':
      return { ...base, phase, action: 'llm.chat', outcome: i % 97 === 0 ? 'denied' : 'success', resource: { model: 'gpt-4o', provider: 'openai' }, ...(i % 97 === 0 ? { data: { code: 'auth.agent_quarantined' } } : {}) };
    case 'llm.response':
      return { ...base, phase, action: 'llm.chat', outcome: 'success', resource: { model: 'gpt-4o', provider: 'openai' }, result: { status: 200, latencyMs: 420, tokens: { input: 812, output: 233 }, costUsd: 0.0042 } };
    case 'tool.call':
      return { ...base, phase, action: 'tool.call', outcome: base.decision.effect === 'deny' ? 'denied' : 'success', resource: { server: t.server, tool: t.tool }, data: { toolLabels: t.labels } };
    case 'tool.result':
      return { ...base, phase, action: 'tool.result', outcome: 'success', resource: { server: t.server, tool: t.tool }, result: { status: 200, latencyMs: 35 }, data: { toolLabels: t.labels } };
    default:
      return { ...base, phase: 'admin', action: i % 2 ? 'agent.update' : 'admin.permission_denied', outcome: i % 2 ? 'success' : 'denied', actor: { kind: 'admin', id: `adm_${i % 5}`, name: 'ops' }, agentId: null, sessionId: null, findings: [], data: { changes: ['purpose'] } };
  }
}

async function main(): Promise<void> {
  const { rules } = loadRules({ builtin: true, disabled: [] });
  const BATCH = 1000;
  const BATCHES = 300;
  const WARMUP = 30;
  let clock = Date.parse('2026-11-21T12:00:00Z');
  let n = 0;
  const prepare = () =>
    Array.from({ length: BATCH }, () => {
      clock += 5;
      return syntheticEvent(n++, clock);
    });

  const pack = new RuleEngine(rules);
  let hits = 0;
  const packPerEvent = await measure(BATCHES, WARMUP, BATCH, prepare, (e) => (hits += pack.evaluate(e as AuditEvent).length));
  const perRule = packPerEvent.map((v) => v / rules.length);
  const activation = await measure(BATCHES, WARMUP, BATCH, prepare, (e) => eventValue(e as AuditEvent));
  const act = stats(activation);

  const single: Record<string, { p50: number; p99: number }> = {};
  for (const r of rules) {
    const eng = new RuleEngine([r]);
    const s = stats(await measure(100, 10, BATCH, prepare, (e) => eng.evaluate(e as AuditEvent)));
    single[r.id] = { p50: Math.max(0, Math.round((s.p50 - act.p50) * 1000) / 1000), p99: Math.max(0, Math.round((s.p99 - act.p50) * 1000) / 1000) };
  }

  const result = {
    bench: 'rule-eval',
    ...machine(),
    unit: 'us',
    rules: rules.length,
    pack_per_event: stats(packPerEvent),
    pack_per_event_per_rule: stats(perRule),
    activation_per_event: act,
    per_rule_alone_minus_activation: single,
    hits_per_1000_events: Math.round((hits / ((BATCHES + WARMUP) * BATCH)) * 1000 * 10) / 10,
    goal_per_rule_p50_us: 20,
  };
  const pe = result.pack_per_event;
  const pr = result.pack_per_event_per_rule;
  console.log(`${rules.length} built-in rules, ${BATCH * BATCHES} synthetic events`);
  console.log(`whole pack, per event            p50 ${pe.p50} µs   p99 ${pe.p99} µs`);
  console.log(`whole pack, per event per rule   p50 ${pr.p50} µs   p99 ${pr.p99} µs   (goal ≤ 20 µs p50)`);
  console.log(`activation (shared), per event   p50 ${act.p50} µs   p99 ${act.p99} µs`);
  for (const [id, s] of Object.entries(single)) console.log(`  ${id.padEnd(36)} p50 ${s.p50} µs   p99 ${s.p99} µs`);
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
