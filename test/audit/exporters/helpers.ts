import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditEvent, Finding } from '../../../src/audit/types.js';

let seq = 0;

/** A committed-looking audit event (ids, seq and hashes are fake but well-formed). */
export function makeEvent(over: Partial<AuditEvent> = {}): AuditEvent {
  seq += 1;
  return {
    id: `evt_${String(seq).padStart(26, '0')}`,
    seq,
    ts: Date.parse('2026-11-21T12:00:00Z') + seq,
    phase: 'llm.request',
    action: 'llm.chat',
    outcome: 'success',
    actor: { kind: 'agent', id: 'agt_01hzzzzzzzzzzzzzzzzzzzzzzz', name: 'billing-bot', credentialId: 'key_01hzzzzzzzzzzzzzzzzzzzzzzz', ip: '10.0.0.7' },
    agentId: 'agt_01hzzzzzzzzzzzzzzzzzzzzzzz',
    sessionId: 'sess-1',
    traceId: 'trace-1',
    resource: { model: 'gpt-4o', provider: 'openai' },
    decision: { effect: 'allow', rules: [], policyVersion: 'sha256:abc' },
    result: { status: 200, latencyMs: 12, tokens: { input: 10, output: 5 } },
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...over,
  };
}

export function finding(over: Partial<Finding> = {}): Finding {
  return { detector: 'injection', kind: 'prompt_injection', score: 0.93, triggered: true, severity: 'high', evidence: 'ignore previous [REDACTED]', span: { start: 0, end: 10 }, ...over };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  json: { format: string; events: any[] };
}

/**
 * A webhook receiver the test steers: `respond` decides each answer (status, or a delay
 * before answering). It can be stopped (connection refused) and started again on the same port.
 */
export class Receiver {
  requests: Received[] = [];
  /** Bodies answered with 2xx, in order. */
  accepted: Received[] = [];
  respond: (n: number, r: Received) => { status: number; delayMs?: number; headers?: Record<string, string> } = () => ({ status: 200 });
  port = 0;
  /**
   * While true, every connection is dropped as it is accepted: the receiver is down, but its
   * port stays taken. (A port found free and left unbound could be taken by another test
   * process before the receiver comes up, and its answers counted as deliveries.)
   */
  down = false;
  private server: Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${this.port}/ingest`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const r: Received = { headers: req.headers, body, json: JSON.parse(body) };
        this.requests.push(r);
        const a = this.respond(this.requests.length, r);
        const answer = () => {
          if (res.destroyed) return;
          if (a.status >= 200 && a.status < 300) this.accepted.push(r);
          res.writeHead(a.status, a.headers).end('ok');
        };
        if (a.delayMs) setTimeout(answer, a.delayMs);
        else answer();
      });
    });
    server.on('connection', (socket) => {
      if (this.down) socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }

  /** Warden event ids delivered with 2xx, in order (works for both formats). */
  acceptedEventIds(): string[] {
    return this.accepted.flatMap((r) => r.json.events.map((e) => e.unmapped?.warden?.event_id ?? e.id));
  }
}

/** Reserves a free port and releases it: connecting to it is refused until a receiver starts there. */
