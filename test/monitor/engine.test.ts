import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEvent } from '../../src/audit/types.js';
import { RuleEngine } from '../../src/monitor/engine.js';
import { compileRules } from '../../src/monitor/rules.js';

const T0 = Date.parse('2026-11-21T12:00:00Z');
const SEC = 1000;
const MIN = 60 * SEC;

function engineFor(yaml: string): RuleEngine {
  return new RuleEngine(compileRules([{ file: 'test.yaml', text: yaml, builtin: false }]));
}

let seq = 0;
function ev(ts: number, x: Partial<AuditEvent> = {}): AuditEvent {
  seq++;
  return {
    id: `evt_${seq}`,
    seq,
    ts,
    phase: 'tool.call',
    action: 'tool.call',
    outcome: 'success',
    actor: { kind: 'agent', id: 'agt_a', credentialId: 'key_a', ip: '10.0.0.1' },
    agentId: 'agt_a',
    sessionId: 'ses_a',
    prevHash: '',
    hash: '',
    ...x,
  } as AuditEvent;
}

const fired = (e: RuleEngine, x: AuditEvent) => e.evaluate(x).map((h) => h.rule.id);

describe('rule engine: correlation by event time', () => {
  it('count: fires at the threshold inside the window (inclusive), then starts over', () => {
    const e = engineFor(`id: cc\ntitle: c\nseverity: low\nmatch: event.outcome == 'denied'\ncorrelate: {type: count, group_by: [agent], window: 1m, threshold: 3}\n`);
    const d = (t: number, agentId = 'agt_a') => ev(t, { outcome: 'denied', agentId });
    assert.deepEqual(fired(e, d(T0)), []);
    assert.deepEqual(fired(e, d(T0 + 30 * SEC)), []);
    assert.deepEqual(fired(e, ev(T0 + 40 * SEC)), [], 'a non-matching event does not count');
    assert.deepEqual(fired(e, d(T0 + 50 * SEC, 'agt_b')), [], 'another group');
    const [h] = e.evaluate(d(T0 + 60 * SEC));
    assert.equal(h?.rule.id, 'cc', 'exactly one window after the first event still counts');
    assert.equal(h!.value, 3);
    assert.deepEqual(h!.events.map((x) => x.ts - T0), [0, 30 * SEC, 60 * SEC]);
    assert.deepEqual(h!.group, { agent: 'agt_a' });
    assert.equal(h!.firstTs, T0);
    assert.deepEqual(fired(e, d(T0 + 61 * SEC)), [], 'the count starts over after firing');
  });

  it('count: events older than the window fall out', () => {
    const e = engineFor(`id: cc\ntitle: c\nseverity: low\nmatch: "true"\ncorrelate: {type: count, group_by: [agent], window: 1m, threshold: 3}\n`);
    assert.deepEqual(fired(e, ev(T0)), []);
    assert.deepEqual(fired(e, ev(T0 + 40 * SEC)), []);
    assert.deepEqual(fired(e, ev(T0 + 61 * SEC)), [], 'the first event is 61 s old');
    assert.deepEqual(fired(e, ev(T0 + 70 * SEC)), ['cc']);
  });

  it('events with an empty group_by field are not correlated', () => {
    const e = engineFor(`id: cc\ntitle: c\nseverity: low\nmatch: "true"\ncorrelate: {type: count, group_by: [user], window: 1m, threshold: 2}\n`);
    assert.deepEqual(fired(e, ev(T0)), []);
    assert.deepEqual(fired(e, ev(T0)), []);
    const u = (t: number) => ev(t, { actor: { kind: 'agent', id: 'agt_a', onBehalfOf: 'bob' } });
    assert.deepEqual(fired(e, u(T0)), []);
    assert.deepEqual(fired(e, u(T0)), ['cc']);
  });

  it('distinct: distinct values of a field per group within the window', () => {
    const e = engineFor(`id: dd\ntitle: d\nseverity: low\nmatch: event.phase == 'tool.call'\ncorrelate: {type: distinct, group_by: [agent], field: resource.tool, window: 5m, threshold: 3}\n`);
    const call = (t: number, tool: string) => ev(t, { resource: { server: 's', tool } });
    assert.deepEqual(fired(e, call(T0, 'a')), []);
    assert.deepEqual(fired(e, call(T0 + MIN, 'a')), [], 'a repeated value is not new');
    assert.deepEqual(fired(e, call(T0 + 2 * MIN, 'b')), []);
    assert.deepEqual(fired(e, call(T0 + 6.5 * MIN, 'c')), [], '"a" was last seen 5.5 minutes ago: b and c only');
    const [h] = e.evaluate(call(T0 + 7 * MIN, 'd'));
    assert.equal(h?.value, 3);
    assert.deepEqual(h!.events.map((x) => x.ts - T0), [2 * MIN, 6.5 * MIN, 7 * MIN]);
  });

  it('sum: a numeric field per group within the window', () => {
    const e = engineFor(`id: ss\ntitle: s\nseverity: low\nmatch: event.result.costUsd > 0\ncorrelate: {type: sum, group_by: [agent], field: result.costUsd, window: 1h, threshold: 10}\n`);
    const spend = (t: number, costUsd: number) => ev(t, { phase: 'llm.response', result: { costUsd } });
    assert.deepEqual(fired(e, spend(T0, 6)), []);
    assert.deepEqual(fired(e, spend(T0 + 61 * MIN, 3.5)), [], 'the 6 expired');
    const [h] = e.evaluate(spend(T0 + 90 * MIN, 6.5));
    assert.equal(h?.value, 10);
  });

  it('sequence: steps in order within the window, per group; the latest start counts', () => {
    const e = engineFor(
      `id: qq\ntitle: q\nseverity: high\ncorrelate:\n  type: sequence\n  group_by: [session]\n  window: 10m\n  steps:\n    - event.phase == 'tool.result' && 'prompt_injection' in event.kinds\n    - event.phase == 'llm.request'\n    - event.phase == 'tool.call'\n`,
    );
    const inj = (t: number, sessionId = 'ses_a') => ev(t, { phase: 'tool.result', sessionId, findings: [{ detector: 'i', kind: 'prompt_injection', score: 1, triggered: true, severity: 'high' }] });
    const req = (t: number, sessionId = 'ses_a') => ev(t, { phase: 'llm.request', sessionId });
    const call = (t: number, sessionId = 'ses_a') => ev(t, { phase: 'tool.call', sessionId });
    // Out of order: no.
    assert.deepEqual(fired(e, call(T0)), []);
    assert.deepEqual(fired(e, req(T0)), []);
    // Step 1 without step 0 first in this session: no.
    assert.deepEqual(fired(e, inj(T0 + SEC, 'ses_b')), []);
    assert.deepEqual(fired(e, req(T0 + 2 * SEC)), []);
    assert.deepEqual(fired(e, call(T0 + 3 * SEC)), []);
    // Window: step 0 at +0, final step 10 m 1 s later: no; a fresh start at +9 m gives room.
    assert.deepEqual(fired(e, inj(T0 + 10 * SEC)), []);
    assert.deepEqual(fired(e, req(T0 + MIN)), []);
    assert.deepEqual(fired(e, inj(T0 + 9 * MIN)), []);
    assert.deepEqual(fired(e, call(T0 + 10 * MIN + 11 * SEC)), [], 'the chain from +10 s expired; the new start has no llm.request yet');
    assert.deepEqual(fired(e, req(T0 + 10 * MIN + 12 * SEC)), []);
    const [h] = e.evaluate(call(T0 + 10 * MIN + 13 * SEC));
    assert.equal(h?.rule.id, 'qq');
    assert.deepEqual(h!.events.map((x) => x.ts - T0), [9 * MIN, 10 * MIN + 12 * SEC, 10 * MIN + 13 * SEC]);
    // ses_b finishes on its own.
    assert.deepEqual(fired(e, req(T0 + 10 * MIN + 14 * SEC, 'ses_b')), []);
    assert.deepEqual(fired(e, call(T0 + 10 * MIN + 15 * SEC, 'ses_b')), [], 'ses_b started at +1 s: expired');
  });

  it('new_value: once per group and value (the store confirms; forgetSeen lets it fire again)', () => {
    const e = engineFor(`id: nn\ntitle: n\nseverity: low\nmatch: "true"\ncorrelate: {type: new_value, group_by: [actor.credentialId], field: actor.ip}\n`);
    const use = (ip: string) => ev(T0, { actor: { kind: 'agent', id: 'agt_a', credentialId: 'key_a', ip } });
    const [h] = e.evaluate(use('1.1.1.1'));
    assert.deepEqual(h?.newValue, { group: 'key_a', value: '1.1.1.1' });
    assert.deepEqual(fired(e, use('1.1.1.1')), []);
    assert.deepEqual(fired(e, use('2.2.2.2')), ['nn']);
    e.forgetSeen('nn', 'key_a', '2.2.2.2');
    assert.deepEqual(fired(e, use('2.2.2.2')), ['nn']);
  });

  it('state is bounded: max_groups evicts the least recently seen group', () => {
    const e = engineFor(`id: cc\ntitle: c\nseverity: low\nmatch: "true"\ncorrelate: {type: count, group_by: [agent], window: 1h, threshold: 2, max_groups: 3}\n`);
    for (const a of ['a1', 'a2', 'a3', 'a4']) assert.deepEqual(fired(e, ev(T0, { agentId: a })), []);
    const s = e.stats()[0]!;
    assert.equal(s.groups, 3);
    assert.equal(s.evicted, 1);
    assert.deepEqual(fired(e, ev(T0, { agentId: 'a1' })), [], 'a1 was evicted: its first event is forgotten');
    assert.deepEqual(fired(e, ev(T0, { agentId: 'a4' })), ['cc']);
  });

  it('expired groups are swept', () => {
    const e = engineFor(`id: cc\ntitle: c\nseverity: low\nmatch: "true"\ncorrelate: {type: count, group_by: [session], window: 1m, threshold: 1000}\n`);
    for (let i = 0; i < 300; i++) e.evaluate(ev(T0 + i, { sessionId: `s${i}` }));
    assert.equal(e.stats()[0]!.groups, 300);
    for (let i = 0; i < 300; i++) e.evaluate(ev(T0 + 2 * MIN + i, { sessionId: 'live' }));
    assert.equal(e.stats()[0]!.groups, 1);
  });

  it('dedup key from the dedup fields (default: group_by, or agent for plain rules)', () => {
    const e = engineFor(
      `id: pp\ntitle: p\nseverity: low\nmatch: "true"\n---\nid: ff\ntitle: f\nseverity: low\nmatch: "true"\ndedup: {fields: [agent, resource.tool]}\n---\nid: gg\ntitle: g\nseverity: low\nmatch: "true"\ncorrelate: {type: count, group_by: [session], window: 1m, threshold: 1}\n`,
    );
    const hits = e.evaluate(ev(T0, { agentId: 'agt_x', sessionId: 'ses_y', resource: { tool: 'send' } }));
    assert.deepEqual(Object.fromEntries(hits.map((h) => [h.rule.id, h.dedupKey])), { pp: 'agt_x', ff: 'agt_x\u001fsend', gg: 'ses_y' });
  });

  it('a CEL runtime error is no match, counted per rule; events the monitor caused are skipped', () => {
    const e = engineFor(`id: xx\ntitle: x\nseverity: low\nmatch: event.data.code == 'boom'\n`);
    assert.deepEqual(fired(e, ev(T0)), []);
    assert.deepEqual(fired(e, ev(T0, { data: { code: 'boom' } })), ['xx']);
    const s = e.stats()[0]!;
    assert.equal(s.errors, 1);
    assert.match(s.lastError!, /code/);
    assert.deepEqual(fired(e, ev(T0, { data: { code: 'boom' }, actor: { kind: 'system', id: 'monitor' } })), []);
    assert.deepEqual(fired(e, ev(T0, { data: { code: 'boom' }, phase: 'admin', action: 'alert.acknowledge', actor: { kind: 'admin', id: 'adm_1' } })), []);
    assert.deepEqual(fired(e, ev(T0, { data: { code: 'boom' }, phase: 'admin', action: 'response.webhook' })), []);
  });

  it('the event shape: every documented field exists with a default', () => {
    const e = engineFor(
      `id: shape\ntitle: s\nseverity: low\nmatch: >-\n  event.user == '' && event.session == '' && event.trace == '' && event.code == '' &&\n  event.target.kind == '' && event.resource.labels == [] && event.findings == [] &&\n  event.detectors == [] && event.kinds == [] && event.decision.effect == '' && event.decision.rules == [] &&\n  event.result.status == 0 && event.result.tokens.input == 0 && event.result.costUsd == 0 && event.data == {} &&\n  event.actor.ip == '' && event.agent == '' && event.seq > 0 && event.ts > 0\n`,
    );
    assert.deepEqual(fired(e, ev(T0, { agentId: null, sessionId: null, actor: { kind: 'system', id: 'warden' } })), ['shape']);
    assert.equal(e.stats()[0]!.errors, 0);
  });
});
