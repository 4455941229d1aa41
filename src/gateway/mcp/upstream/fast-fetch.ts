import { parseJSONRPCMessage } from '@modelcontextprotocol/client';
import { StringDecoder } from 'node:string_decoder';
import { createParser } from 'eventsource-parser';
import { request } from 'undici';

/**
 * fetch for the SDK's streamable HTTP client transport, lighter on the path every tool call
 * takes. A POST of one request that answers quickly (tools/call, the lists, prompts/get,
 * resources/read) is sent with undici's request API instead of fetch: no Request object, no
 * abort listener left behind on the transport's long-lived signal (fetch leaves one per request
 * until it is collected, and adding to that growing list cost more than the rest of the call),
 * and no web streams for the body. When such a POST is answered with an SSE stream, the stream
 * is read here and its messages handed to the SDK as the equivalent JSON answer (the spec lets a
 * server answer either way, and the SDK treats both alike), which spares the SDK's
 * TextDecoderStream → EventSource parser → reader chain per call.
 *
 * Anything else goes to `base` untouched: GET (the notification stream), DELETE, batches,
 * subscriptions/listen (an answer that stays open), and every stream this reader is not sure
 * of (a server request on it, a `retry:` field, data it cannot parse, an end without the
 * answer): those are handed to the SDK as the SSE stream they are, bytes as received.
 */

/** Methods whose answer is one response, soon; the only ones taken off fetch. */
const QUICK = new Set(['tools/call', 'tools/list', 'prompts/get', 'prompts/list', 'resources/read', 'resources/list', 'resources/templates/list', 'ping']);

/** How long to wait, once the answer arrived on an SSE stream, for the server to end the stream. */
const END_GRACE_MS = 50;

const PREFIX = '{"method":"';

/** The method of a JSON-RPC request as the SDK serialises it (`{"method":…` first), else undefined. */
function methodOf(body: string): string | undefined {
  if (!body.startsWith(PREFIX)) return undefined;
  const end = body.indexOf('"', PREFIX.length);
  return end > 0 ? body.slice(PREFIX.length, end) : undefined;
}

/**
 * A Response whose body is a string already read (and, for JSON, maybe already parsed). A
 * Response built on a string makes a web stream at once; this one makes it only if someone asks
 * for `body` (or a clone): text() and json(), which the SDK uses, answer from the string.
 * `text` may be given as a function: the text of an answer already parsed is then written only
 * if someone asks for it (the SDK asks for json()).
 */
function readResponse(source: string | (() => string), init: ResponseInit, parsed?: { value: unknown }): Response {
  const r = new Response(null, init);
  const nobody = init.status === 204 || init.status === 205 || init.status === 304;
  let stream: ReadableStream<Uint8Array> | null | undefined;
  let written: string | undefined = typeof source === 'string' ? source : undefined;
  const text = () => (written ??= (source as () => string)());
  Object.defineProperties(r, {
    text: { value: () => Promise.resolve().then(text) },
    json: { value: () => (parsed ? Promise.resolve(parsed.value) : Promise.resolve().then(() => JSON.parse(text()) as unknown)) },
    arrayBuffer: { value: () => Promise.resolve().then(() => new TextEncoder().encode(text()).buffer) },
    body: { get: () => (stream === undefined ? (stream = nobody ? null : new Response(text()).body) : stream) },
    clone: { value: () => readResponse(written ?? source, init, parsed) },
  });
  return r;
}

/**
 * Whether `m` is certainly a message the SDK takes: a result response with nothing but
 * jsonrpc "2.0", a string or integer id and an object result without `_meta` (the schema's
 * only constraint on a result). The common answer, told without the schema's full parse; any
 * other shape is left to parseJSONRPCMessage. (The SDK validates the answer again either way.)
 */
function plainResult(m: unknown): boolean {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return false;
  const o = m as Record<string, unknown>;
  let n = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    if (k !== 'jsonrpc' && k !== 'id' && k !== 'result') return false;
    n++;
  }
  if (n !== 3 || o.jsonrpc !== '2.0') return false;
  const id = o.id;
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isSafeInteger(id))) return false;
  const r = o.result;
  return r !== null && typeof r === 'object' && !Array.isArray(r) && !Object.hasOwn(r, '_meta');
}

type Init = RequestInit & { signal?: AbortSignal | null };

export function fastFetch(base: typeof fetch): typeof fetch {
  return (input, init) => {
    const i = init as Init | undefined;
    const method = i?.method === 'POST' && typeof i.body === 'string' ? methodOf(i.body) : undefined;
    if (!method || !QUICK.has(method) || !(input instanceof URL || typeof input === 'string')) return base(input, init);
    return post(input, i!);
  };
}

async function post(url: URL | string, init: Init): Promise<Response> {
  const headers: Record<string, string> = {};
  (init.headers instanceof Headers ? init.headers : new Headers(init.headers)).forEach((v, k) => {
    headers[k] = v;
  });
  // What fetch would have said (no accept-encoding: undici's request API does not decompress, so none is asked for).
  headers['user-agent'] ??= 'node';
  const signal = init.signal ?? undefined;
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(url, { method: 'POST', headers, body: init.body as string, ...(signal ? { signal } : {}) });
  } catch (e) {
    // As fetch rejects: with the abort reason when aborted, else a TypeError carrying the cause.
    if (signal?.aborted) throw signal.reason;
    throw new TypeError('fetch failed', { cause: e });
  }
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (Array.isArray(v)) for (const x of v) h.append(k, x);
    else if (v !== undefined) h.set(k, v);
  }
  const status = res.statusCode;
  const statusText = (res as { statusText?: string }).statusText ?? '';
  const type = (h.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (status === 200 && type === 'text/event-stream') return sse(res.body, h, statusText);
  return readResponse(await res.body.text(), { status, statusText, headers: h });
}

type Body = Awaited<ReturnType<typeof request>>['body'];

/** An SSE answer to one request: as JSON when it holds the response and nothing unusual, else as the stream it is. */
function sse(body: Body, headers: Headers, statusText: string): Promise<Response> {
  return new Promise<Response>((resolve) => {
    // undici's body gives Buffers whatever its encoding is set to: decoded here, across chunk boundaries.
    const decoder = new StringDecoder('utf8');
    const raw: Buffer[] = [];
    const messages: unknown[] = [];
    let answered = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;

    const finish = (r: Response) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(r);
    };
    const asJson = () => {
      if (settled) return;
      // These headers are this answer's own: changed in place.
      headers.set('content-type', 'application/json');
      headers.delete('content-length');
      const value = messages.length === 1 ? messages[0] : messages;
      finish(readResponse(() => JSON.stringify(value), { status: 200, statusText, headers }, { value }));
      // Whatever still comes (nothing, from a server that ends its stream) is read and dropped, so the connection is reused.
      body.resume();
    };
    /** The SDK reads the stream itself: what was read so far, then the rest as it arrives. */
    const asStream = (failed?: Error) => {
      if (settled) return;
      body.off('data', onData);
      body.off('end', onEnd);
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (const r of raw) c.enqueue(r);
          if (failed) return c.error(failed);
          body.on('data', (d: Buffer) => c.enqueue(d));
          body.once('end', () => c.close());
          body.once('error', (e) => c.error(e));
        },
        cancel() {
          body.destroy();
        },
      });
      finish(new Response(stream, { status: 200, statusText, headers }));
    };
    /** One complete event: false when this reader should give the stream to the SDK. */
    const take = (type: string | undefined, payload: string): boolean => {
      if (payload === '' || (type !== undefined && type !== '' && type !== 'message')) return true;
      let m: unknown;
      try {
        m = JSON.parse(payload);
      } catch {
        return false;
      }
      // What the SDK would not take as a message (it reports and skips it in a stream; in a JSON answer it fails the call) stays a stream.
      if (!plainResult(m)) {
        try {
          parseJSONRPCMessage(m);
        } catch {
          return false;
        }
      }
      const o = m as Record<string, unknown>;
      // A request from the server (it would wait for an answer): the SDK must see it now.
      if ('method' in o && 'id' in o) return false;
      messages.push(m);
      if (!('method' in o) && 'id' in o && ('result' in o || 'error' in o)) answered = true;
      return true;
    };
    // The SSE parser the SDK reads streams with (an event's `id`, a resumption token, is of no use once the answer is in hand).
    const parser = createParser({
      onEvent: (ev) => {
        if (!settled && !take(ev.event, ev.data)) asStream();
      },
      // The SDK keeps the server's retry interval: its business.
      onRetry: () => asStream(),
    });
    let first = true;
    const onData = (chunk: Buffer) => {
      if (settled) return;
      raw.push(chunk);
      const text = decoder.write(chunk);
      if (text === '') return;
      // A byte-order mark opens the stream at most (the SDK's TextDecoderStream drops it).
      parser.feed(first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      first = false;
      if (answered && !settled && !timer) {
        timer = setTimeout(asJson, END_GRACE_MS);
        timer.unref();
      }
    };
    const onEnd = () => {
      if (settled) return;
      // An event not closed by a blank line is dropped, as by an EventSource parser.
      if (answered) return asJson();
      // Ended without the answer: the SDK decides (it may resume the stream); it gets the bytes as they came.
      finish(readResponse(Buffer.concat(raw).toString('utf8'), { status: 200, statusText, headers }));
    };
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', (e) => {
      if (answered) return asJson();
      asStream(e);
    });
  });
}
