import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fastify (Node req/reply) to the web-standard Request/Response the MCP SDK serves, and back.
 * The body is not copied into the Request: the front has already parsed it and hands the SDK
 * the parsed value. Responses are streamed as they are produced (SSE), never buffered.
 */

/** Never handed to the SDK: credentials (no token passthrough) and hop-by-hop or body-framing headers. */
const DROPPED = new Set(['authorization', 'x-api-key', 'cookie', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer', 'proxy-authorization']);

export function requestOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

export function toWebRequest(req: FastifyRequest, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || DROPPED.has(k)) continue;
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else headers.set(k, v);
  }
  return new Request(`${requestOrigin(req)}${req.url}`, { method: req.method, headers, signal });
}

/**
 * Writes a web Response to the Node response, streaming its body. Resolves when the response has
 * ended or the client went away (the body stream is then cancelled, which the SDK reads as the
 * stream being closed).
 */
export async function sendWebResponse(reply: FastifyReply, res: Response): Promise<void> {
  // Headers the front set on the reply (CORS) are kept; the SDK's win where both say something.
  const headers: Record<string, string | number | string[]> = {};
  for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
  reply.hijack();
  const raw = reply.raw;
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  raw.writeHead(res.status, headers);
  if (!res.body) {
    raw.end();
    return;
  }
  // An SSE stream may stay silent for long; the client should see the headers now.
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) raw.flushHeaders();
  const reader = res.body.getReader();
  let gone = false;
  const onClose = () => {
    gone = true;
    reader.cancel().catch(() => undefined);
  };
  raw.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || gone) break;
      if (!raw.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            raw.off('drain', go);
            raw.off('close', go);
            resolve();
          };
          raw.on('drain', go);
          raw.on('close', go);
        });
      }
    }
  } catch {
    // The stream failed (the session was closed under it): end what was written.
  } finally {
    raw.off('close', onClose);
    if (!raw.writableEnded) raw.end();
  }
}
