import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/util/clock.js';
import { DIALECTS } from '../../helpers/stores.js';
import { injectSession, openSse, SESSION, startForensics, USER, type ForensicsWarden, type Injected } from './helpers.js';

for (const d of DIALECTS) {
  describe(`audit search, show, trace and stream over the admin API (${d.name})`, () => {
    const clock = new ManualClock(Date.parse('2026-11-21T12:00:00Z'));
    let w: ForensicsWarden;
    let s: Injected;
    const search = async (qs: string) => {
      const r = await w.admin('GET', `/audit/events?${qs}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body as { events: any[]; next: number | null };
    };
    const seqs = (events: Array<{ seq: number }>) => events.map((e) => e.seq);

    before(async () => {
      w = await startForensics({ dialect: d.name, clock, heartbeatMs: 150 });
      s = await injectSession(w, clock);
    });
    after(() => w.close());

    it('filters by agent (name or id), user, session, phase, action, effect, outcome, finding and target', async () => {
      const byName = await search('agent=research-bot&limit=1000');
      const byId = await search(`agent=${s.agentId}&limit=1000`);
      assert.deepEqual(seqs(byName.events), seqs(byId.events));
      assert.ok(byName.events.every((e) => e.agentId === s.agentId));
      for (const e of [...s.session, s.midAdmin, s.afterAdmin]) assert.ok(seqs(byName.events).includes(e.seq), `agent filter finds #${e.seq}`);
      assert.ok(!seqs(byName.events).includes(s.otherAgentAdmin.seq));

      assert.deepEqual(seqs((await search(`user=${USER}`)).events), seqs(s.session));
      assert.deepEqual(seqs((await search(`session=${SESSION}`)).events), seqs(s.session));
      assert.deepEqual(seqs((await search('session=sess_ops_1')).events), seqs(s.other));

      const toolCalls = await search('phase=tool.call');
      assert.deepEqual(seqs(toolCalls.events), [s.session[2]!.seq, s.session[5]!.seq, s.other[1]!.seq]);
      assert.deepEqual(seqs((await search(`phase=tool.call&agent=research-bot&action=tool.call`)).events), [s.session[2]!.seq, s.session[5]!.seq]);

      const denied = await search('effect=deny');
      assert.deepEqual(seqs(denied.events), [s.session[5]!.seq]);
      assert.equal(denied.events[0].decision.rules[0].id, 'block-external-mail');
      assert.deepEqual(seqs((await search('outcome=denied&phase=tool.call')).events), [s.session[5]!.seq]);
      assert.deepEqual(seqs((await search('effect=require_approval')).events), [s.other[1]!.seq]);

      assert.deepEqual(seqs((await search('finding=prompt_injection')).events), [s.session[3]!.seq, s.session[4]!.seq]);
      assert.deepEqual(seqs((await search('finding=data_exfiltration')).events), [s.session[5]!.seq]);
      assert.deepEqual((await search('finding=no_such_kind')).events, []);
      assert.deepEqual((await search('finding=secret')).events, [], 'findings below their threshold do not count');
      assert.deepEqual(seqs((await search('finding=external_url&limit=1')).events), [s.session[2]!.seq]);

      assert.deepEqual(seqs((await search(`target=${s.agentId}&phase=admin&action=agent.quarantine`)).events), [s.afterAdmin.seq]);
    });

    it('filters by time: ISO timestamps and durations back from now, with "until" exclusive', async () => {
      const [, , call, result, prompt2] = s.session;
      const iso = (t: number) => new Date(t).toISOString();
      const r = await search(`user=${USER}&since=${iso(call!.ts)}&until=${iso(prompt2!.ts)}`);
      assert.deepEqual(seqs(r.events), [call!.seq, result!.seq]);
      // The clock stands at the last event recorded, 2 s after the one before; 3 s back reaches those two only.
      assert.equal(clock.now(), s.other[1]!.ts);
      assert.deepEqual(seqs((await search('since=3s')).events), seqs(s.other));
      assert.deepEqual(seqs((await search('since=3s&until=1s')).events), [s.other[0]!.seq]);

      for (const [qs, code] of [
        ['since=yesterday', 'request.invalid'],
        ['since=2026-13-45T00:00:00Z', 'request.invalid'],
        ['phase=llm.bogus', 'request.invalid'],
        ['effect=maybe', 'request.invalid'],
        ['colour=red', 'request.invalid'],
        ['since=1h&until=2h', 'audit.bad_time_range'],
      ] as const) {
        const bad = await w.admin('GET', `/audit/events?${qs}`);
        assert.equal(bad.status, 400, qs);
        assert.equal(bad.body.error.code, code, qs);
      }
    });

    it('pages with "after" and "next", forwards and backwards, without gaps or repeats', async () => {
      for (const order of ['asc', 'desc'] as const) {
        const seen: number[] = [];
        let after: number | null | undefined;
        for (let i = 0; i < 10; i++) {
          const page = await search(`user=${USER}&limit=2&order=${order}${after ? `&after=${after}` : ''}`);
          assert.ok(page.events.length <= 2);
          seen.push(...seqs(page.events));
          after = page.next;
          if (after === null) break;
        }
        assert.equal(after, null, 'paging ends');
        const expected = seqs(s.session);
        assert.deepEqual(seen, order === 'asc' ? expected : [...expected].reverse());
      }
    });

    it('shows one event by id or by seq, with its chain fields', async () => {
      const target = s.session[3]!;
      const byId = await w.admin('GET', `/audit/events/${target.id}`);
      assert.equal(byId.status, 200);
      assert.deepEqual(byId.body.event, JSON.parse(JSON.stringify(target)));
      const bySeq = await w.admin('GET', `/audit/events/${target.seq}`);
      assert.deepEqual(bySeq.body.event, byId.body.event);
      assert.match(bySeq.body.event.hash, /^[0-9a-f]{64}$/);
      for (const missing of ['999999', 'evt_01zzzzzzzzzzzzzzzzzzzzzzzz', 'not-an-id']) {
        const r = await w.admin('GET', `/audit/events/${missing}`);
        assert.equal(r.status, 404, missing);
        assert.equal(r.body.error.code, 'audit.event_not_found');
      }
    });

    it('traces a session: every event in chain order, shaped for reading, with related admin events and a summary', async () => {
      const r = await w.admin('GET', `/audit/sessions/${SESSION}/trace`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const doc = r.body;
      assert.equal(doc.session, SESSION);
      assert.equal(doc.truncated, false);
      const expected = [...s.session.slice(0, 4), s.midAdmin, ...s.session.slice(4)];
      assert.deepEqual(seqs(doc.steps), seqs(expected), 'session events and the mid-session admin change, by seq');
      assert.deepEqual(doc.steps.map((x: any) => x.phase), ['llm.request', 'llm.response', 'tool.call', 'tool.result', 'admin', 'llm.request', 'tool.call']);
      assert.deepEqual(doc.steps.map((x: any) => x.related ?? false), [false, false, false, false, true, false, false]);

      const [prompt, output, call, result, admin, , deny] = doc.steps;
      assert.equal(prompt.content.kind, 'prompt');
      assert.deepEqual(prompt.content.parts.map((p: any) => p.source), ['system', 'user']);
      assert.match(prompt.content.parts[1].text, /^Summarise the quarterly report/);
      assert.equal(prompt.user, USER);
      assert.equal(prompt.actor.app, 'research-ui');
      assert.equal(output.content.kind, 'output');
      assert.match(output.content.parts[1].text, /web\.fetch/);
      assert.deepEqual(output.result.tokens, { input: 412, output: 38 });
      assert.equal(call.content.kind, 'arguments');
      assert.equal(call.decision.rules[0].id, 'allow-web-fetch');
      assert.equal(result.content.kind, 'result');
      assert.equal(result.call, call.seq, 'the result is paired with its call');
      assert.equal(result.findings[0].kind, 'prompt_injection');
      assert.equal(admin.action, 'agent.update');
      assert.equal(admin.actor.kind, 'admin');
      assert.equal(deny.decision.effect, 'deny');
      assert.deepEqual(deny.decision.rules.map((x: any) => x.id), ['block-external-mail']);
      assert.equal(deny.outcome, 'denied');
      assert.equal(deny.result.status, 403);

      assert.deepEqual(doc.summary, {
        events: 6,
        related: 1,
        first: s.session[0]!.ts,
        last: s.session[5]!.ts,
        durationMs: s.session[5]!.ts - s.session[0]!.ts,
        agents: [{ id: s.agentId, name: 'research-bot' }],
        users: [USER],
        apps: ['research-ui'],
        models: ['gpt-4o'],
        tools: ['web/fetch', 'mail/send'],
        phases: { 'llm.request': 2, 'llm.response': 1, 'tool.call': 2, 'tool.result': 1 },
        effects: { allow: 4, alert: 1, deny: 1 },
        outcomes: { success: 5, denied: 1 },
        findings: { external_url: 1, prompt_injection: 2, data_exfiltration: 1 },
        rules: { 'allow-web-fetch': 1, 'flag-injection-in-tool-output': 1, 'block-external-mail': 1 },
        tokens: { input: 412, output: 38 },
        costUsd: 0.00141,
      });

      const bare = await w.admin('GET', `/audit/sessions/${SESSION}/trace?admin=false`);
      assert.deepEqual(seqs(bare.body.steps), seqs(s.session));
      const none = await w.admin('GET', '/audit/sessions/sess_nope/trace');
      assert.equal(none.status, 404);
      assert.equal(none.body.error.code, 'audit.session_not_found');
    });

    it('needs audit.read for search, show, trace and stream', async () => {
      const viewer = (await w.warden.services.adminTokens.create({ name: 'viewer', role: 'viewer' }, { kind: 'system', id: 'test' })).secret;
      for (const p of ['/audit/events', `/audit/events/${s.session[0]!.seq}`, `/audit/sessions/${SESSION}/trace`]) {
        assert.equal((await w.admin('GET', p, undefined, viewer)).status, 403, p);
      }
      const stream = await fetch(`${w.streamUrl}/admin/v1/audit/stream`, { headers: { authorization: `Bearer ${viewer}` } });
      assert.equal(stream.status, 403);
      assert.equal(((await stream.json()) as any).error.code, 'admin.forbidden');
      const anonymous = await fetch(`${w.streamUrl}/admin/v1/audit/stream`);
      assert.equal(anonymous.status, 401);
      const bad = await fetch(`${w.streamUrl}/admin/v1/audit/stream?phase=nope`, { headers: { authorization: `Bearer ${w.adminToken}` } });
      assert.equal(bad.status, 400);
      const denied = await search('action=admin.permission_denied&limit=1000');
      assert.ok(denied.events.some((e) => e.target.id === 'streamAuditEvents'), 'the refused stream is audited');
    });

    it('streams new events live as Server-Sent Events, with heartbeats, honouring filters', async () => {
      const sse = await openSse(`${w.streamUrl}/admin/v1/audit/stream?session=${SESSION}`, w.adminToken);
      try {
        await sse.next((m) => m.event === 'comment' && m.data === 'heartbeat', 2000);
        // Not in the session: filtered out. Then one that is: the first audit message must be it.
        await w.warden.services.audit.record({ phase: 'llm.request', action: 'llm.chat', outcome: 'success', actor: { kind: 'agent', id: s.otherAgentId }, agentId: s.otherAgentId, sessionId: 'sess_ops_1' });
        const live = await w.warden.services.audit.record({ phase: 'llm.response', action: 'llm.chat', outcome: 'success', actor: { kind: 'agent', id: s.agentId, name: 'research-bot', onBehalfOf: USER }, agentId: s.agentId, sessionId: SESSION, content: { parts: [{ source: 'assistant', text: 'Done.' }] } });
        const msg = await sse.next((m) => m.event === 'audit');
        assert.equal(msg.id, String(live.seq));
        const e = JSON.parse(msg.data);
        assert.equal(e.seq, live.seq);
        assert.equal(e.content.parts[0].text, 'Done.');
        assert.equal(e.hash, live.hash);
      } finally {
        sse.close();
      }
    });

    it('replays from a cursor ("after" or Last-Event-ID) and then goes live, without gaps or repeats', async () => {
      const from = s.session[1]!.seq;
      const all = (await search(`session=${SESSION}&limit=1000`)).events;
      const expected = seqs(all.filter((e) => e.seq > from));
      for (const [qs, headers] of [[`after=${from}&session=${SESSION}`, {}], [`session=${SESSION}`, { 'last-event-id': String(from) }]] as const) {
        const sse = await openSse(`${w.streamUrl}/admin/v1/audit/stream?${qs}`, w.adminToken, headers);
        try {
          assert.deepEqual(seqs(await sse.events(expected.length)), expected);
          const live = await w.warden.services.audit.record({ phase: 'tool.call', action: 'tool.call', outcome: 'success', actor: { kind: 'agent', id: s.agentId }, agentId: s.agentId, sessionId: SESSION });
          assert.deepEqual(seqs(await sse.events(1)), [live.seq]);
          expected.push(live.seq);
        } finally {
          sse.close();
        }
      }
      const injections = await openSse(`${w.streamUrl}/admin/v1/audit/stream?after=0&finding=prompt_injection`, w.adminToken);
      try {
        assert.deepEqual(seqs(await injections.events(2)), [s.session[3]!.seq, s.session[4]!.seq]);
      } finally {
        injections.close();
      }
      // Without a cursor, "last" replays the newest N matching events first.
      const sse = await openSse(`${w.streamUrl}/admin/v1/audit/stream?session=${SESSION}&last=2`, w.adminToken);
      try {
        assert.deepEqual(seqs(await sse.events(2)), expected.slice(-2));
      } finally {
        sse.close();
      }
    });

    it('ends open streams when the server closes, and cleans up on disconnect', async () => {
      // The log's subscribers (exporters and metrics have theirs); earlier tests' streams may still be closing.
      const listeners = () => (w.warden.services.audit as unknown as { listeners: Set<unknown> }).listeners.size;
      const settle = async (want?: number) => {
        let last = -1;
        for (let i = 0; i < 100 && (want !== undefined ? listeners() !== want : listeners() !== last); i++) {
          last = listeners();
          await new Promise((r) => setTimeout(r, 50));
        }
        return listeners();
      };
      const base = await settle();
      const sse = await openSse(`${w.streamUrl}/admin/v1/audit/stream`, w.adminToken);
      await sse.next((m) => m.data === 'heartbeat');
      assert.equal(listeners(), base + 1);
      sse.close();
      assert.equal(await settle(base), base, 'the subscription is dropped on disconnect');

      // A stream left open must not hold server.close() (the `after` hook closes the server).
      const open = await openSse(`${w.streamUrl}/admin/v1/audit/stream`, w.adminToken);
      await open.next((m) => m.event === 'comment');
      const closed = w.streamServer.close();
      await open.next(() => false, 5000).then(
        () => assert.fail('expected the stream to end'),
        (e: Error) => assert.match(e.message, /stream ended|aborted|terminated/),
      );
      // Node's fetch opens a spare connection after an abort; it would hold close() until its own timeout.
      w.streamServer.server.closeAllConnections();
      await closed;
    });
  });
}
