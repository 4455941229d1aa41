import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import os from 'node:os';
import { WardenError } from '../../errors.js';
import type { AuditEvent } from '../types.js';
import type { Exporter } from './index.js';
import { backoffDelay, errorText, newStats, Sleeper, throttledLog, type BackoffOptions, type ExporterLog, type ExporterStats } from './common.js';
import { ocsfRecords, type OcsfRecord } from './ocsf.js';

/**
 * RFC 5424 syslog: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG`, one message per
 * OCSF record. MSG is the OCSF JSON with every non-ASCII character escaped, so it is plain
 * ASCII (RFC 5424 MSG-ANY, no BOM needed). Over UDP each message is one datagram (RFC 5426),
 * over TCP it is octet-counted (RFC 6587 §3.4.1: `<length> <message>`).
 *
 * The structured-data id uses 32473, the private enterprise number RFC 5424 reserves for
 * examples and documentation, as Warden has no number of its own.
 */
export const SD_ID = 'warden@32473';

/** Syslog severity from OCSF severity_id: Informational → 6 (info) … Critical → 2 (crit), Fatal → 1 (alert). */
const SYSLOG_SEVERITY = [6, 6, 5, 4, 3, 2, 1];

export interface SyslogFormat {
  facility: number;
  appName: string;
  hostname: string;
  procId: string;
}

/** Printable US-ASCII without spaces, at most `max` characters, or the NILVALUE. */
function headerField(v: string | undefined, max: number): string {
  const s = (v ?? '').replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return s.length ? s : '-';
}

function sdValue(v: unknown): string {
  // ASCII only, so that character counts are byte counts when truncating.
  return String(v)
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/[\\"\]]/g, (c) => '\\' + c);
}

/** JSON with non-ASCII escaped: valid JSON, and safe to cut at any byte. */
export function asciiJson(v: unknown): string {
  return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function structuredData(r: OcsfRecord, extra: Record<string, string | number> = {}): string {
  const w = ((r.unmapped as { warden?: Record<string, unknown> } | undefined)?.warden ?? {}) as Record<string, unknown>;
  const decision = w.decision as { effect?: string } | undefined;
  const params: Record<string, unknown> = {
    event_id: w.event_id ?? w.alert_id,
    seq: w.seq,
    class_uid: r.class_uid,
    outcome: w.outcome,
    agent_id: w.agent_id,
    effect: decision?.effect,
    hash: w.hash,
    ...extra,
  };
  const body = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}="${sdValue(v)}"`)
    .join(' ');
  return `[${SD_ID} ${body}]`;
}

/** One RFC 5424 message for a record; cut to maxBytes (header and SD kept, a `truncated` param added). */
export function formatSyslog(r: OcsfRecord, f: SyslogFormat, maxBytes = Infinity): string {
  const sevId = Math.min(Math.max(r.severity_id, 0), 6);
  const pri = f.facility * 8 + (SYSLOG_SEVERITY[sevId] ?? 6);
  const w = ((r.unmapped as { warden?: { phase?: string; action?: string } } | undefined)?.warden ?? {});
  const msgid = w.phase === 'admin' || !w.phase ? w.action ?? String(r.metadata.event_code ?? r.class_uid) : w.phase;
  const head = `<${pri}>1 ${new Date(r.time).toISOString()} ${headerField(f.hostname, 255)} ${headerField(f.appName, 48)} ${headerField(f.procId, 128)} ${headerField(msgid, 32)} `;
  const msg = asciiJson(r);
  const whole = head + structuredData(r) + ' ' + msg;
  if (whole.length <= maxBytes) return whole;
  const prefix = head + structuredData(r, { truncated: whole.length }) + ' ';
  return (prefix + msg).slice(0, Math.max(prefix.length, maxBytes));
}

export interface SyslogOptions {
  host: string;
  port: number;
  protocol: 'udp' | 'tcp';
  appName: string;
  facility: number;
  log: ExporterLog;
  /** Largest UDP datagram sent; longer messages are truncated. */
  maxDatagramBytes?: number;
  /** Memory held while a TCP receiver is away; beyond it the oldest messages are dropped. */
  maxQueueBytes?: number;
  backoff?: BackoffOptions;
  hostname?: string;
}

const DEFAULT_DATAGRAM = 8192;
const DEFAULT_TCP_QUEUE = 16 * 1024 * 1024;

export class SyslogExporter implements Exporter {
  readonly name = 'syslog';
  private readonly fmt: SyslogFormat;
  private readonly log: ExporterLog;
  private readonly s: ExporterStats;
  private closed = false;
  // UDP
  private udp: dgram.Socket | undefined;
  private udpInflight = 0;
  // TCP
  private queue: Buffer[] = [];
  private queueBytes = 0;
  private sock: net.Socket | undefined;
  private connected = false;
  private writing = 0;
  private reconnectAttempt = 0;
  private readonly sleeper = new Sleeper();
  private connecting: Promise<void> | undefined;

  private constructor(
    private readonly o: SyslogOptions,
    private readonly address: string,
    family: number,
  ) {
    this.fmt = { facility: o.facility, appName: o.appName, hostname: o.hostname ?? os.hostname(), procId: String(process.pid) };
    this.log = throttledLog(o.log);
    this.s = newStats('syslog', 'syslog', 'ocsf');
    if (o.protocol === 'udp') {
      this.udp = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
      // ICMP "port unreachable" surfaces here; the exporter carries on.
      this.udp.on('error', (e) => this.fail(e));
      this.udp.unref();
    }
  }

  /** Resolves the host now, so a typo fails the start with a clear error rather than every send. */
  static async open(o: SyslogOptions): Promise<SyslogExporter> {
    let addr: { address: string; family: number };
    try {
      addr = await lookup(o.host);
    } catch (e) {
      throw new WardenError('exporter.syslog.host_unresolvable', 500, `The syslog audit exporter cannot resolve host "${o.host}" (audit.exporters.syslog.host): ${errorText(e)}.`, {
        hint: 'Set audit.exporters.syslog.host to a resolvable host name or an IP address.',
        details: { exporter: 'syslog', setting: 'host', host: o.host },
      });
    }
    const x = new SyslogExporter(o, addr.address, addr.family);
    if (o.protocol === 'tcp') x.connect();
    return x;
  }

  handle(e: AuditEvent): void {
    if (this.closed) return;
    const records = ocsfRecords(e);
    if (this.udp) this.sendUdp(records);
    else this.enqueueTcp(records.map((r) => formatSyslog(r, this.fmt)));
  }

  queueDepth(): number {
    return this.udpInflight + this.queue.length + this.writing;
  }

  stats(): ExporterStats {
    return { ...this.s, queued: this.queueDepth() };
  }

  async flush(deadlineMs = 5000): Promise<void> {
    const until = Date.now() + deadlineMs;
    while (this.queueDepth() > 0 && Date.now() < until && (this.udp || this.connected)) await new Promise((r) => setTimeout(r, 10));
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.sleeper.interrupt();
    if (this.queue.length) this.o.log.warn(`audit exporter syslog: ${this.queue.length} events were not sent before shutdown.`);
    this.udp?.close();
    this.udp = undefined;
    this.sock?.destroy();
    await this.connecting;
  }

  /** One datagram per record; the event counts as exported once all of them are sent. */
  private sendUdp(records: OcsfRecord[]): void {
    const max = this.o.maxDatagramBytes ?? DEFAULT_DATAGRAM;
    let left = records.length;
    let failed = false;
    this.udpInflight++;
    for (const r of records) {
      const text = formatSyslog(r, this.fmt, max);
      if (text.includes(' truncated="')) this.log.warn(`audit exporter syslog: a message longer than ${max} bytes was truncated (UDP datagram limit).`);
      this.udp!.send(Buffer.from(text), this.o.port, this.address, (err) => {
        if (err) {
          failed = true;
          this.fail(err);
        }
        if (--left > 0) return;
        this.udpInflight--;
        if (!failed) this.ok(1);
      });
    }
  }

  /** An event's messages, octet-counted, as one buffer: queued, dropped and counted together. */
  private enqueueTcp(messages: string[]): void {
    const frame = Buffer.concat(
      messages.map((m) => {
        const body = Buffer.from(m);
        return Buffer.concat([Buffer.from(`${body.length} `), body]);
      }),
    );
    this.queue.push(frame);
    this.queueBytes += frame.length;
    const max = this.o.maxQueueBytes ?? DEFAULT_TCP_QUEUE;
    let dropped = 0;
    while (this.queueBytes > max && this.queue.length > 1) {
      this.queueBytes -= this.queue.shift()!.length;
      dropped++;
    }
    if (dropped) {
      this.s.dropped += dropped;
      this.log.warn(`audit exporter syslog: the TCP receiver is not keeping up; dropped the ${dropped} oldest events (${this.s.dropped} in total).`);
    }
    this.pump();
  }

  /** Writes queued frames while the socket accepts them; resumes on 'drain'. */
  private pump(): void {
    const sock = this.sock;
    if (!sock || !this.connected) return;
    while (this.queue.length) {
      const frame = this.queue.shift()!;
      this.queueBytes -= frame.length;
      this.writing++;
      const more = sock.write(frame, (err) => {
        this.writing--;
        if (err) this.fail(err);
        else this.ok(1);
      });
      if (!more) {
        sock.once('drain', () => this.pump());
        return;
      }
    }
  }

  private connect(): void {
    if (this.closed) return;
    const sock = net.connect({ host: this.address, port: this.o.port });
    sock.setKeepAlive(true);
    sock.unref();
    this.sock = sock;
    sock.on('connect', () => {
      this.connected = true;
      this.reconnectAttempt = 0;
      this.pump();
    });
    sock.on('error', (e) => this.fail(e));
    // Frames handed to a socket that then died are lost: plain TCP syslog has no acknowledgement.
    sock.on('close', () => {
      this.connected = false;
      this.sock = undefined;
      if (this.closed) return;
      const delay = backoffDelay(this.reconnectAttempt++, this.o.backoff ?? { baseMs: 500, maxMs: 30_000 });
      this.connecting = this.sleeper.sleep(delay).then(() => this.connect());
    });
  }

  private ok(n: number): void {
    this.s.exported += n;
    this.s.lastSuccessAt = Date.now();
  }

  private fail(e: unknown): void {
    this.s.failures++;
    this.s.lastError = errorText(e);
    this.log.warn(`audit exporter syslog: ${this.o.protocol} ${this.o.host}:${this.o.port}: ${this.s.lastError}.`);
  }
}
