import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebhookExporter, type WebhookOptions } from '../../../src/audit/exporters/webhook.js';
import { notFound } from '../../../src/errors.js';
import type { AuditEvent } from '../../../src/audit/types.js';
import { makeEvent, Receiver, sleep, waitFor } from './helpers.js';

const KEY = 'whsec_test_8c1f0a4b9e2d47f3a6b5c8d9e0f1a2b3';

/** What a receiver does: HMAC-SHA256 over "<timestamp>.<body>", compared in constant time. */
function verify(key: string, headers: Record<string, unknown>, body: string): boolean {
  const ts = String(headers['x-warden-timestamp']);
  const sig = String(headers['x-warden-signature'] ?? '');
  const expected = 'sha256=' + createHmac('sha256', key).update(`${ts}.${body}`).digest('hex');
  return sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
}

/** Receivers drop retried duplicates by batch id: what is left is what was delivered. */
function deduped(r: Receiver): string[] {
  const seen = new Set<string>();
  return r.accepted
    .filter((x) => {
      const b = String(x.headers['x-warden-batch']);
      if (seen.has(b)) return false;
      seen.add(b);
      return true;
    })
    .flatMap((x) => x.json.events.map((e: any) => e.unmapped?.warden?.event_id ?? e.id));
}

describe('webhook exporter', () => {
  let root: string;
  let n = 0;
  const logs: string[] = [];
  const log = { warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  const vault = {
    secrets: new Map([['siem-key', KEY]]),
    async resolve(name: string) {
      const v = this.secrets.get(name);
      if (v === undefined) throw notFound('vault.secret_not_found', `No vault secret named "${name}".`);
      return v;
    },
  };
  const open: WebhookExporter[] = [];
  const receivers: Receiver[] = [];

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'warden-webhook-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((x) => x.close()));
    await Promise.all(receivers.splice(0).map((r) => r.stop()));
  });
  after(() => {
    // The signing key is never written to disk, nor logged.
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
    walk(root);
    for (const f of files) assert.equal(readFileSync(f, 'utf8').includes(KEY), false, `key found in ${f}`);
    assert.equal(logs.join('\n').includes(KEY), false, 'key found in logs');
    rmSync(root, { recursive: true, force: true });
  });

  async function exporter(url: string, over: Partial<WebhookOptions> = {}): Promise<WebhookExporter> {
    const x = await WebhookExporter.open({
      name: 'siem',
      url,
      secret: 'siem-key',
      batchSize: 10,
      flushIntervalMs: 30,
      timeoutMs: 2000,
      maxQueueBytes: 64 * 1024 * 1024,
      format: 'ocsf',
      dir: path.join(root, `q${++n}`),
      vault,
      log,
      backoff: { baseMs: 20, maxMs: 200 },
      closeDeadlineMs: 2000,
      ...over,
    });
    open.push(x);
    return x;
  }
  /** A receiver on a port of its own; `down` starts it dropping every connection. */
  async function receiver(opts: { down?: boolean } = {}): Promise<Receiver> {
    const r = new Receiver();
    r.down = opts.down ?? false;
    await r.start();
    receivers.push(r);
    return r;
  }
  const send = (x: WebhookExporter, count: number): AuditEvent[] => {
    const events = Array.from({ length: count }, () => makeEvent());
    events.forEach((e) => x.handle(e));
    return events;
  };

  it('POSTs signed batches of at most batch_size records, in order', async () => {
    const r = await receiver();
    const x = await exporter(r.url, { batchSize: 10 });
    const events = send(x, 25);
    await waitFor(() => r.acceptedEventIds().length === 25, 5000, 'all events');
    assert.deepEqual(r.acceptedEventIds(), events.map((e) => e.id));
    assert.deepEqual(r.accepted.map((a) => a.json.events.length), [10, 10, 5], 'full batches, then the rest after flush_interval');
    for (const a of r.accepted) {
      assert.equal(a.json.format, 'ocsf');
      assert.equal(a.headers['content-type'], 'application/json');
      assert.match(String(a.headers['x-warden-signature']), /^sha256=[0-9a-f]{64}$/);
      assert.ok(verify(KEY, a.headers, a.body), 'signature verifies with the key');
      assert.equal(verify('another-key', a.headers, a.body), false);
      assert.equal(verify(KEY, a.headers, a.body.replace('6003', '6004')), false, 'a changed body fails');
      assert.ok(Math.abs(Number(a.headers['x-warden-timestamp']) - Date.now() / 1000) < 60);
    }
    await waitFor(() => x.queueDepth() === 0, 2000, 'queue empty');
    assert.deepEqual(readdirSync(path.join(root, `q${n}`)), [], 'delivered segments are removed');
    assert.equal(x.stats().exported, 25);
  });

  it('sends unsigned batches when no secret is configured, and the warden format on request', async () => {
    const r = await receiver();
    const x = await exporter(r.url, { secret: undefined, format: 'warden' });
    const events = send(x, 3);
    await waitFor(() => r.accepted.length === 1);
    assert.equal(r.accepted[0]!.headers['x-warden-signature'], undefined);
    assert.equal(r.accepted[0]!.json.format, 'warden');
    assert.deepEqual(r.accepted[0]!.json.events, JSON.parse(JSON.stringify(events)));
  });

  it('down (connections dropped) then up: every event delivered exactly once, in order', async () => {
    const r = await receiver({ down: true });
    const x = await exporter(r.url);
    const events = send(x, 35);
    await waitFor(() => x.stats().failures >= 2, 5000, 'failed attempts');
    assert.equal(x.queueDepth(), 35, 'nothing lost while down');
    assert.ok(readdirSync(path.join(root, `q${n}`)).some((f) => f.endsWith('.seg')), 'batches wait on disk');
    const more = send(x, 7);
    assert.equal(r.requests.length, 0);
    r.down = false;
    await waitFor(() => r.acceptedEventIds().length >= 42, 8000, 'delivery after the receiver is up');
    await sleep(100);
    assert.deepEqual(r.acceptedEventIds(), [...events, ...more].map((e) => e.id), 'exactly once, in order');
    assert.ok(logs.some((l) => l.includes('webhook:siem') && l.includes('retrying')), 'a warning says delivery is failing');
  });

  it('retries a slow receiver (beyond timeout) with the same batch id', async () => {
    const r = await receiver();
    r.respond = (i) => (i === 1 ? { status: 200, delayMs: 600 } : { status: 200 });
    const x = await exporter(r.url, { timeoutMs: 150 });
    const events = send(x, 4);
    await waitFor(() => r.accepted.length >= 1 && deduped(r).length === 4, 5000);
    assert.ok(r.requests.length >= 2, 'retried after the timeout');
    assert.equal(r.requests[0]!.headers['x-warden-batch'], r.requests[1]!.headers['x-warden-batch'], 'a retry carries the same batch id');
    assert.deepEqual(deduped(r), events.map((e) => e.id));
    assert.ok(x.stats().failures >= 1);
    assert.match(String(x.stats().lastError), /timed out/);
  });

  it('retries 500s, 503 and 429 (honouring Retry-After) until a 200', async () => {
    const r = await receiver();
    r.respond = (i) => (i === 1 ? { status: 500 } : i === 2 ? { status: 503 } : i === 3 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200 });
    const x = await exporter(r.url);
    const events = send(x, 5);
    await waitFor(() => r.accepted.length === 1, 5000);
    assert.equal(r.requests.length, 4);
    assert.deepEqual(r.acceptedEventIds(), events.map((e) => e.id));
    assert.equal(x.stats().failures, 3);
    assert.equal(x.stats().rejected, 0);
  });

  it('drops a batch answered 4xx as rejected, with a warning, and goes on with the next', async () => {
    const r = await receiver();
    r.respond = (i) => (i === 1 ? { status: 400 } : { status: 200 });
    const x = await exporter(r.url, { batchSize: 2 });
    const events = send(x, 4);
    await waitFor(() => r.accepted.length === 1, 5000);
    await sleep(50);
    assert.equal(r.requests.length, 2, 'a 4xx is not retried');
    assert.deepEqual(r.acceptedEventIds(), events.slice(2).map((e) => e.id));
    assert.equal(x.stats().rejected, 2);
    assert.ok(logs.some((l) => l.includes('rejected a batch of 2 events (HTTP 400)')));
  });

  it('treats 408 as retryable', async () => {
    const r = await receiver();
    r.respond = (i) => (i === 1 ? { status: 408 } : { status: 204 });
    const x = await exporter(r.url);
    send(x, 1);
    await waitFor(() => r.accepted.length === 1, 5000);
    assert.equal(x.stats().rejected, 0);
  });

  it('keeps undelivered batches on disk across a restart and delivers them first', async () => {
    const r = await receiver({ down: true });
    const url = r.url;
    const dir = path.join(root, 'restart');
    const first = await exporter(url, { dir });
    const before = send(first, 13);
    await waitFor(() => first.stats().failures >= 1, 5000);
    await first.close();
    open.splice(open.indexOf(first), 1);
    assert.equal(first.queueDepth(), 13, 'closing with the receiver down keeps everything');
    assert.ok(logs.some((l) => l.includes('kept on disk for the next start')));

    r.down = false;
    const second = await exporter(url, { dir });
    assert.equal(second.queueDepth(), 13, 'the queue is recovered from disk');
    const afterRestart = send(second, 3);
    await waitFor(() => r.acceptedEventIds().length === 16, 5000);
    assert.deepEqual(r.acceptedEventIds(), [...before, ...afterRestart].map((e) => e.id));
    assert.ok(r.accepted.every((a) => verify(KEY, a.headers, a.body)));
  });

  it('recovers a batch a crash left open, without its torn last line', async () => {
    const dir = path.join(root, 'crash');
    mkdirSync(dir, { recursive: true });
    const a = makeEvent();
    const b = makeEvent();
    writeFileSync(path.join(dir, 'open.jsonl'), JSON.stringify(a) + '\n' + JSON.stringify(b) + '\n' + '{"id":"evt_torn","se');
    const r = await receiver();
    const x = await exporter(r.url, { dir, format: 'warden' });
    await waitFor(() => r.accepted.length === 1, 5000);
    assert.deepEqual(r.acceptedEventIds(), [a.id, b.id]);
    await waitFor(() => x.queueDepth() === 0);
  });

  it('holds batches (never sends unsigned) while the signing secret cannot be read', async () => {
    const r = await receiver();
    const x = await exporter(r.url);
    vault.secrets.delete('siem-key');
    try {
      send(x, 2);
      await waitFor(() => x.stats().failures >= 2, 5000);
      assert.equal(r.requests.length, 0);
      assert.ok(logs.some((l) => l.includes('signing secret "siem-key" cannot be read')));
    } finally {
      vault.secrets.set('siem-key', KEY);
    }
    await waitFor(() => r.accepted.length === 1, 5000);
    assert.ok(verify(KEY, r.accepted[0]!.headers, r.accepted[0]!.body));
  });

  it('respects max_queue_bytes: drops the oldest undelivered batches, counts them and warns', async () => {
    const r = await receiver({ down: true });
    const x = await exporter(r.url, { batchSize: 1, maxQueueBytes: 12_000, format: 'warden' });
    const events = send(x, 60);
    await waitFor(() => x.stats().dropped > 0, 5000, 'drops');
    await x.flush(200);
    const s = x.stats();
    assert.ok(s.dropped > 0);
    assert.equal(s.dropped + s.queued, 60, 'every record is either queued or counted as dropped');
    assert.ok(logs.some((l) => l.includes('max_queue_bytes')));
    r.down = false;
    await waitFor(() => x.queueDepth() === 0, 8000);
    // The newest survive, in order; the ones dropped are the oldest (the first batch may have been in flight).
    const got = r.acceptedEventIds();
    const ids = events.map((e) => e.id);
    assert.deepEqual(got.slice(-10), ids.slice(-10));
    assert.ok(got.length < 60);
    for (let i = 1; i < got.length; i++) assert.ok(ids.indexOf(got[i]!) > ids.indexOf(got[i - 1]!), 'in order');
  });

  it('does not block handle() while the receiver is slow', async () => {
    const r = await receiver();
    r.respond = () => ({ status: 200, delayMs: 50 });
    const x = await exporter(r.url, { batchSize: 500 });
    const t0 = performance.now();
    send(x, 5000);
    const took = performance.now() - t0;
    assert.ok(took < 2000, `handle() took ${took} ms for 5000 events`);
    await waitFor(() => r.acceptedEventIds().length === 5000, 15_000);
  });
});
