import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../src/audit/types.js';
import { compile, eventValue, type Compiled } from '../../src/monitor/cel.js';
import { loadRules } from '../../src/monitor/rules.js';

/**
 * The monitor's guards skip CEL when a conjunct is certainly false: on every event, a false
 * guard must mean the program does not give true (what a rule sees must not change).
 */

let seq = 0;
function event(x: Partial<AuditEvent>): AuditEvent {
  seq++;
  return { id: `evt_${seq}`, seq, ts: 1_800_000_000_000 + seq, phase: 'llm.request', action: 'llm.chat', outcome: 'success', actor: { kind: 'agent', id: 'agt_a' }, prevHash: '', hash: '', ...x } as AuditEvent;
}

const finding = (detector: string, kind: string, triggered: boolean) => ({ detector, kind, score: triggered ? 0.9 : 0.1, triggered, severity: 'high' as const, span: { start: 0, end: 1 }, evidence: '' });

function events(): AuditEvent[] {
  const out: AuditEvent[] = [];
  const phases = ['llm.request', 'llm.response', 'tool.call', 'tool.result', 'admin'] as const;
  const actions = ['llm.chat', 'tool.call', 'admin.permission_denied', 'kill.engage', 'mcp.tool.quarantined', 'token.exchange_refused'];
  const outcomes = ['success', 'denied', 'failure'] as const;
  const findings = [[], [finding('secrets', 'aws', true)], [finding('prompt_injection', 'x', true), finding('pii', 'email', false)], [finding('jailbreak', 'dan', true), finding('tool_poisoning', 'hidden', true)], [finding('pii', 'email', true)]];
  let i = 0;
  for (const phase of phases) {
    for (const action of actions) {
      for (const outcome of outcomes) {
        const f = findings[i % findings.length]!;
        i++;
        out.push(
          event({
            phase,
            action,
            outcome,
            findings: f,
            actor: i % 3 === 0 ? { kind: 'admin', id: 'adm' } : { kind: 'agent', id: 'agt_a', credentialId: i % 2 ? 'key_a' : undefined, ip: i % 4 ? '10.0.0.1' : undefined },
            agentId: 'agt_a',
            sessionId: i % 5 ? 'ses_a' : undefined,
            decision: i % 2 ? { effect: (['allow', 'deny', 'redact', 'require_approval'] as const)[i % 4]!, rules: [], policyVersion: 'v' } : undefined,
            result: i % 3 ? { status: 200, costUsd: i % 7 ? 0 : 0.5, latencyMs: 1 } : undefined,
            resource: { model: 'm', server: 's', tool: i % 2 ? 't' : '', labels: i % 3 ? ['external_comms'] : [] } as AuditEvent['resource'],
            data: i % 2 ? { code: 'auth.agent_quarantined', cause: 'changed' } : {},
          }),
        );
      }
    }
  }
  return out;
}

describe('monitor guards', () => {
  it('read exists() over a list of strings as CEL does', () => {
    const sources = [
      `event.detectors.exists(d, d in ['pii', 'secrets'])`,
      `event.detectors.exists(x, x == 'prompt_injection')`,
      `event.resource.labels.exists(l, 'external_comms' == l)`,
      `event.detectors.exists(d, d in [])`,
    ];
    let held = 0;
    for (const src of sources) {
      const c = compile(src) as Compiled;
      assert.ok(c.whole && c.guards.length === 1, src);
      for (const e of events()) {
        const ev = eventValue(e);
        const guarded = c.guards[0]!(ev);
        if (guarded) held++;
        assert.equal(guarded, c.program({ event: ev }) === true, `${src} on ${JSON.stringify(e)}`);
      }
    }
    assert.ok(held > 0);
  });

  it('are false only where the rule does not match (built-in rules, many events)', () => {
    const { rules } = loadRules({ builtin: true, disabled: [] });
    const exprs: Compiled[] = rules.flatMap((r) => [...(r.match ? [r.match] : []), ...(r.correlate?.steps ?? [])]);
    assert.ok(exprs.some((c) => c.guards.length > 0), 'some built-in rule has a guard');
    let skipped = 0;
    for (const e of events()) {
      const ev = eventValue(e);
      for (const c of exprs) {
        if (c.guards.every((g) => g(ev))) continue;
        skipped++;
        assert.notEqual(c.program({ event: ev }), true, `a guard skipped a match on ${JSON.stringify(e)}`);
      }
    }
    assert.ok(skipped > 0);
  });

  it('decide alone only where they are the whole rule, and then as CEL would (built-in rules, many events)', () => {
    const { rules } = loadRules({ builtin: true, disabled: [] });
    const exprs: Compiled[] = rules.flatMap((r) => [...(r.match ? [r.match] : []), ...(r.correlate?.steps ?? [])]);
    const whole = exprs.filter((c) => c.whole);
    assert.ok(whole.length >= 3, 'several built-in rules are decided by their guards alone');
    let held = 0;
    for (const e of events()) {
      const ev = eventValue(e);
      for (const c of whole) {
        const guarded = c.guards.every((g) => g(ev));
        if (guarded) held++;
        assert.equal(guarded, c.program({ event: ev }) === true, `guards and CEL disagree on ${JSON.stringify(e)}`);
      }
    }
    assert.ok(held > 0, 'the events satisfy some whole rule');
  });

  it('are the whole rule only when every conjunct is an exact string or list test', () => {
    const whole = (src: string) => (compile(src) as Compiled).whole;
    assert.equal(whole(`event.phase == 'tool.call' && event.resource.tool != '' && 'secrets' in event.detectors && event.actor.kind in ['agent']`), true);
    assert.equal(whole(`event.phase == 'tool.call' && event.result.costUsd > 0`), false);
    assert.equal(whole(`event.phase == 'tool.call' && event.detectors.exists(d, d == 'pii')`), true);
    assert.equal(whole(`event.phase == 'tool.call' && event.detectors.exists(d, d.startsWith('p'))`), false);
    assert.equal(whole(`event.outcome == 'denied' || event.outcome == 'failure'`), false);
  });

  it('read the forms they know, both ways round, and leave the rest to CEL', () => {
    const guards = (src: string) => {
      const c = compile(src);
      assert.ok(!Array.isArray(c), src);
      return (c as Compiled).guards.length;
    };
    assert.equal(guards(`event.outcome == 'denied' && 'x' in event.detectors && event.result.costUsd > 0 && 10 <= event.result.status`), 4);
    assert.equal(guards(`'denied' != event.outcome && event.actor.kind in ['agent', 'admin']`), 2);
    assert.equal(guards(`event.outcome == 'denied' || event.outcome == 'failure'`), 0);
    assert.equal(guards(`has(event.data.x) && event.data.x == 'y'`), 0);
    assert.equal(guards(`event.detectors.exists(d, d in ['pii', 'secrets']) && event.resource.labels.exists(l, 'external_comms' == l)`), 2);
    // Other comprehensions, other predicates and fields that are not lists of strings are CEL's.
    assert.equal(guards(`event.detectors.all(d, d == 'pii')`), 0);
    assert.equal(guards(`event.detectors.exists_one(d, d == 'pii')`), 0);
    assert.equal(guards(`event.detectors.exists(d, d == event.outcome)`), 0);
    assert.equal(guards(`event.findings.exists(f, f.detector == 'pii')`), 0);
    const c = compile(`5 < event.result.costUsd`) as Compiled;
    const e = (cost: number) => eventValue(event({ result: { costUsd: cost } }));
    assert.equal(c.guards[0]!(e(6)), true);
    assert.equal(c.guards[0]!(e(5)), false);
  });
});
