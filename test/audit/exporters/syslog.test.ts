import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { formatSyslog, SyslogExporter, SD_ID } from '../../../src/audit/exporters/syslog.js';
import { toOcsf } from '../../../src/audit/exporters/ocsf.js';
import { isWardenError } from '../../../src/errors.js';
import { finding, makeEvent, sleep, waitFor } from './helpers.js';

const quiet = { warn() {}, error() {} };

/** RFC 5424 parser for what we send: HEADER SP STRUCTURED-DATA SP MSG. */
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (\[.*?[^\\]\]|-) (.*)$/s;
function parse(msg: string) {
  const m = RFC5424.exec(msg);
  assert.ok(m, `not RFC 5424: ${msg.slice(0, 120)}`);
  const [, pri, ts, host, app, procid, msgid, sd, body] = m;
  const params: Record<string, string> = {};
  for (const p of sd!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) params[p[1]!] = p[2]!.replace(/\\(.)/g, '$1');
  return { pri: Number(pri), facility: Math.floor(Number(pri) / 8), severity: Number(pri) % 8, ts: ts!, host: host!, app: app!, procid: procid!, msgid: msgid!, sdId: sd!.slice(1, sd!.indexOf(' ')), params, body: body! };
}

/** Splits an octet-counted TCP stream (RFC 6587 3.4.1) into messages. */
function deframe(buf: Buffer): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < buf.length) {
    const sp = buf.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(buf.subarray(i, sp).toString('ascii'));
    assert.ok(Number.isInteger(len) && len > 0, 'frame starts with a length');
    if (sp + 1 + len > buf.length) break;
    out.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
    i = sp + 1 + len;
  }
  return out;
}

describe('syslog exporter', () => {
  it('formats RFC 5424: PRI from facility and severity, header fields, SD and OCSF JSON', () => {
    const e = makeEvent({ phase: 'tool.call', action: 'tool.call', outcome: 'denied', findings: [finding({ severity: 'critical' })], decision: { effect: 'deny', rules: [], policyVersion: null }, data: { note: 'naïve ☃ "quoted" ]' } });
    const [api, fnd] = toOcsf(e);
    const m = parse(formatSyslog(api!, { facility: 13, appName: 'warden', hostname: 'gw 1', procId: '42' }));
    assert.equal(m.facility, 13);
    assert.equal(m.severity, 2, 'critical → crit (2)');
    assert.equal(m.ts, new Date(e.ts).toISOString());
    assert.equal(m.host, 'gw_1', 'spaces are not allowed in HOSTNAME');
    assert.equal(m.app, 'warden');
    assert.equal(m.procid, '42');
    assert.equal(m.msgid, 'tool.call');
    assert.equal(m.sdId, SD_ID);
    assert.equal(m.params.event_id, e.id);
    assert.equal(m.params.seq, String(e.seq));
    assert.equal(m.params.outcome, 'denied');
    assert.equal(m.params.effect, 'deny');
    assert.equal(m.params.class_uid, '6003');
    assert.equal(m.params.hash, e.hash);
    assert.match(m.body, /^[\x20-\x7e]*$/, 'MSG is plain ASCII (non-ASCII escaped), so no BOM is needed');
    assert.deepEqual(JSON.parse(m.body), api);
    assert.equal(parse(formatSyslog(fnd!, { facility: 13, appName: 'warden', hostname: 'h', procId: '1' })).params.class_uid, '2004');
    const admin = makeEvent({ phase: 'admin', action: 'agent.create', target: { kind: 'agent', id: 'agt_x' } });
    const a = parse(formatSyslog(toOcsf(admin)[0]!, { facility: 4, appName: 'warden', hostname: 'h', procId: '1' }));
    assert.equal(a.msgid, 'agent.create', 'MSGID is the action for admin events');
    assert.equal(a.pri, 4 * 8 + 6, 'informational → info (6)');
  });

  it('truncates safely at the size limit: header and SD intact, marked truncated', () => {
    const e = makeEvent({ data: { blob: 'ü'.repeat(5000) } });
    const r = toOcsf(e)[0]!;
    const text = formatSyslog(r, { facility: 13, appName: 'warden', hostname: 'h', procId: '1' }, 1024);
    assert.ok(Buffer.byteLength(text) <= 1024);
    const m = parse(text);
    assert.ok(Number(m.params.truncated) > 1024, 'the original length is given');
    assert.equal(m.params.event_id, e.id);
  });

  it('sends one datagram per record over UDP', async () => {
    const server = dgram.createSocket('udp4');
    const got: string[] = [];
    server.on('message', (b) => got.push(b.toString('utf8')));
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
    const port = server.address().port;
    const x = await SyslogExporter.open({ host: '127.0.0.1', port, protocol: 'udp', appName: 'warden-test', facility: 10, log: quiet, maxDatagramBytes: 4096 });
    try {
      const events = [makeEvent(), makeEvent({ findings: [finding()] }), makeEvent({ data: { blob: 'x'.repeat(10_000) } })];
      events.forEach((e) => x.handle(e));
      await waitFor(() => got.length === 4, 5000, 'datagrams');
      const parsed = got.map(parse);
      assert.deepEqual(parsed.map((p) => p.params.event_id), [events[0]!.id, events[1]!.id, events[1]!.id, events[2]!.id]);
      assert.deepEqual(parsed.map((p) => p.params.class_uid), ['6003', '6003', '2004', '6003']);
      assert.ok(parsed.every((p) => p.app === 'warden-test' && p.facility === 10 && p.procid === String(process.pid) && p.msgid === 'llm.request'));
      assert.ok(got.every((g) => Buffer.byteLength(g) <= 4096));
      assert.ok(parsed[3]!.params.truncated, 'the oversized one is truncated');
      assert.deepEqual(JSON.parse(parsed[0]!.body).metadata.uid, events[0]!.id);
      await waitFor(() => x.stats().exported === 3, 2000, 'three events counted');
    } finally {
      await x.close();
      server.close();
    }
  });

  it('sends octet-counted frames over TCP and reconnects when the receiver comes back', async () => {
    let buf = Buffer.alloc(0);
    const sockets = new Set<net.Socket>();
    const listen = (port: number) =>
      new Promise<net.Server>((resolve) => {
        const s = net.createServer((c) => {
          sockets.add(c);
          c.on('data', (d) => (buf = Buffer.concat([buf, d])));
        });
        s.listen(port, '127.0.0.1', () => resolve(s));
      });
    let server = await listen(0);
    const port = (server.address() as net.AddressInfo).port;
    const x = await SyslogExporter.open({ host: '127.0.0.1', port, protocol: 'tcp', appName: 'warden', facility: 13, log: quiet, backoff: { baseMs: 20, maxMs: 100 } });
    try {
      const first = [makeEvent(), makeEvent({ findings: [finding()] })];
      first.forEach((e) => x.handle(e));
      await waitFor(() => deframe(buf).length === 3, 5000, 'frames');
      const msgs = deframe(buf).map(parse);
      assert.deepEqual(msgs.map((m) => m.params.event_id), [first[0]!.id, first[1]!.id, first[1]!.id]);
      assert.ok(msgs.every((m) => JSON.parse(m.body).metadata.version === '1.5.0'));

      // The receiver goes away; messages queue in memory and go out after the reconnect.
      for (const c of sockets) c.destroy();
      await new Promise((r) => server.close(r));
      await sleep(50);
      const later = makeEvent();
      x.handle(later);
      buf = Buffer.alloc(0);
      server = await listen(port);
      await waitFor(() => deframe(buf).some((m) => parse(m).params.event_id === later.id), 5000, 'message after reconnect');
    } finally {
      await x.close();
      for (const c of sockets) c.destroy();
      server.close();
    }
  });

  it('refuses to start with exporter.syslog.host_unresolvable for a host that does not resolve', async () => {
    await assert.rejects(
      SyslogExporter.open({ host: 'no-such-host.invalid', port: 514, protocol: 'udp', appName: 'warden', facility: 13, log: quiet }),
      (e: unknown) => isWardenError(e) && e.code === 'exporter.syslog.host_unresolvable' && (e.details as any).setting === 'host',
    );
  });
});
