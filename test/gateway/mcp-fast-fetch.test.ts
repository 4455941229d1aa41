import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fastFetch } from '../../src/gateway/mcp/upstream/fast-fetch.js';

/**
 * The upstream client's fetch (fast-fetch.ts): quick requests go over undici's request API and
 * an SSE answer holding the response comes back as the equivalent JSON; everything it is not
 * sure of reaches the SDK exactly as fetch would have delivered it.
 */

type Answer = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const CALL = JSON.stringify({ method: 'tools/call', params: { name: 'read_file', arguments: { path: 'a.md' } }, jsonrpc: '2.0', id: 3 });
const RESULT = { result: { content: [{ type: 'text', text: 'hello' }] }, jsonrpc: '2.0', id: 3 };
const PROGRESS = { method: 'notifications/progress', params: { progressToken: 3, progress: 1 }, jsonrpc: '2.0' };
const sseEvent = (m: unknown, id?: string) => `event: message\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(m)}\n\n`;

describe('MCP upstream fast fetch', () => {
  let server: http.Server;
  let url: URL;
  let answer: Answer = (_req, res) => res.end();
  const baseCalls: string[] = [];
  const base: typeof fetch = (input, init) => {
    baseCalls.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return fetch(input, init);
  };
  const f = fastFetch(base);
  const post = (body = CALL, init: RequestInit = {}) =>
    f(url, { method: 'POST', headers: new Headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': 's-1' }), body, ...init });

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        (req as { body?: string }).body = body;
        answer(req, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('sends a quick request with its headers and body, and gives an SSE answer as the JSON messages it held', async () => {
    let seen: { headers: http.IncomingHttpHeaders; body: string } | undefined;
    answer = (req, res) => {
      seen = { headers: req.headers, body: (req as { body?: string }).body ?? '' };
      res.writeHead(200, { 'content-type': 'text/event-stream', 'mcp-session-id': 's-1' });
      res.write(': a comment\n\n');
      res.write(sseEvent(PROGRESS));
      res.end(sseEvent(RESULT, 'ev-1'));
    };
    const before = baseCalls.length;
    const r = await post();
    assert.equal(baseCalls.length, before, 'not through fetch');
    assert.equal(seen?.body, CALL);
    assert.equal(seen?.headers['mcp-session-id'], 's-1');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.equal(r.headers.get('mcp-session-id'), 's-1');
    assert.deepEqual(await r.json(), [PROGRESS, RESULT]);
  });

  it('a lone response comes back as one JSON message; its text says the same', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // split mid-line, CRLF line ends
      const ev = `event: message\r\ndata: ${JSON.stringify(RESULT)}\r\n\r\n`;
      res.write(ev.slice(0, 20));
      res.end(ev.slice(20));
    };
    const r = await post();
    assert.deepEqual(await r.clone().json(), RESULT);
    assert.deepEqual(JSON.parse(await r.text()), RESULT);
  });

  it('a JSON answer, an accepted notification and an HTTP error pass as they are', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(RESULT));
    };
    assert.deepEqual(await (await post()).json(), RESULT);
    answer = (_req, res) => {
      res.writeHead(202);
      res.end();
    };
    const accepted = await post(JSON.stringify({ method: 'ping', jsonrpc: '2.0', id: 9 }));
    assert.equal(accepted.status, 202);
    assert.equal(await accepted.text(), '');
    answer = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Session not found');
    };
    const missing = await post();
    assert.equal(missing.status, 404);
    assert.equal(missing.ok, false);
    assert.equal(await missing.text(), 'Session not found');
  });

  it('gives the SDK the stream as it came when the answer is not plain: a server request, a retry field, an end without the response', async () => {
    const ping = { method: 'ping', jsonrpc: '2.0', id: 'srv-1' };
    const streams = [
      sseEvent(ping) + sseEvent(RESULT),
      `retry: 1000\n${sseEvent(RESULT)}`,
      'id: prime-1\ndata: \n\n', // a priming event, then the server hangs up before answering
      sseEvent({ jsonrpc: '1.0', id: 3, result: {} }) + sseEvent(RESULT), // a message the SDK would not take
    ];
    for (const text of streams) {
      answer = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(text);
      };
      const r = await post();
      assert.equal(r.headers.get('content-type'), 'text/event-stream', text);
      // The SDK reads the stream through `body`.
      assert.equal(await new Response(r.body).text(), text);
    }
  });

  it('tells the messages the SDK takes from those it does not, plain result or not', async () => {
    const taken: unknown[] = [
      { jsonrpc: '2.0', id: 3, result: { content: [], _meta: { 'x/y': 1 } } },
      { jsonrpc: '2.0', id: 'a', result: {} },
      { jsonrpc: '2.0', id: 3, error: { code: -32000, message: 'no' } },
    ];
    const refused: unknown[] = [
      { jsonrpc: '2.0', id: 3.5, result: {} },
      { jsonrpc: '2.0', id: 2 ** 60, result: {} },
      { jsonrpc: '2.0', id: 3, result: [] },
      { jsonrpc: '2.0', id: 3, result: null },
      { jsonrpc: '2.0', id: 3, result: {}, extra: true },
      { jsonrpc: '2.0', id: null, result: {} },
    ];
    for (const m of [...taken, ...refused]) {
      const text = sseEvent(m) + sseEvent(RESULT);
      answer = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(text);
      };
      const r = await post();
      if (taken.includes(m)) assert.deepEqual(await r.json(), [m, RESULT], JSON.stringify(m));
      else assert.equal(await new Response(r.body).text(), text, JSON.stringify(m));
    }
  });

  it('answers even when the server keeps the stream open after the response', async () => {
    let hold: http.ServerResponse | undefined;
    answer = (_req, res) => {
      hold = res;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sseEvent(RESULT));
    };
    const r = await post();
    assert.deepEqual(await r.json(), RESULT);
    hold?.end();
  });

  it('leaves to fetch what is not a quick request: GET, DELETE, subscriptions/listen, batches', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    };
    const before = baseCalls.length;
    await (await f(url, { method: 'GET' })).text();
    await (await f(url, { method: 'DELETE' })).text();
    await (await post(JSON.stringify({ method: 'subscriptions/listen', params: {}, jsonrpc: '2.0', id: 1 }))).text();
    await (await post(JSON.stringify([{ method: 'tools/call', jsonrpc: '2.0', id: 1 }]))).text();
    assert.equal(baseCalls.length - before, 4);
  });

  it('fails as fetch fails: a refused connection is a TypeError with the cause, an abort rejects with its reason', async () => {
    const closed = new URL(url);
    closed.port = '1';
    const refused = await f(closed, { method: 'POST', body: CALL }).then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TypeError & { cause?: { code?: string } },
    );
    assert.ok(refused instanceof TypeError);
    assert.equal(refused.cause?.code, 'ECONNREFUSED');
    answer = () => undefined; // never answers
    const ac = new AbortController();
    const p = post(CALL, { signal: ac.signal });
    const reason = new Error('gone');
    setImmediate(() => ac.abort(reason));
    await assert.rejects(p, (e) => e === reason);
  });
});
