import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError, UnauthorizedError } from '@modelcontextprotocol/client';
import { WardenError } from '../../../errors.js';

/**
 * Upstream failures as WardenErrors with stable codes. Messages name the server and the method,
 * never a URL (it may carry credentials in its query), an environment value or a token; the one
 * piece of upstream text let through is a JSON-RPC error message, truncated and scrubbed of any
 * secret this server was given (see Scrubber).
 */

const MAX_UPSTREAM_MESSAGE = 300;

/** Replaces every known secret value (the vault values resolved for one server) in upstream text. */
export class Scrubber {
  private source: () => string[] = () => [];

  /** Where the current connection's secrets are read (replaced at every connect). */
  use(source: () => string[]): void {
    this.source = source;
  }

  scrub(text: string): string {
    // Longest first, so a secret containing another is replaced whole; very short values are not secrets worth hiding.
    const values = [...new Set(this.source())].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
    let out = text;
    for (const v of values) out = out.split(v).join('[secret]');
    return out;
  }
}

export function unavailable(server: string, why: string): WardenError {
  return new WardenError('mcp.upstream_unavailable', 503, `The MCP server "${server}" is not available: ${why}.`, {
    hint: 'Warden reconnects on its own; retry in a few seconds. The log and the audit trail (mcp.server.*) say why it is down.',
    details: { server },
  });
}

export function timedOut(server: string, method: string, ms: number): WardenError {
  return new WardenError('mcp.upstream_timeout', 504, `The MCP server "${server}" did not answer ${method} within ${ms} ms.`, {
    hint: 'Raise the server\'s timeout in mcp_servers for slow tools, or check the server.',
    details: { server, method, timeoutMs: ms },
  });
}

export function aborted(): WardenError {
  return new WardenError('request.aborted', 499, 'The caller went away before the MCP server answered.');
}

export function upstreamError(server: string, method: string, detail: string, rpcCode?: number): WardenError {
  const code = rpcCode === undefined ? '' : ` (${rpcCode})`;
  return new WardenError('mcp.upstream_error', 502, `The MCP server "${server}" answered ${method} with an error${code}: ${detail}`, {
    hint: method === 'tools/call' ? 'Check the tool name and arguments against tools/list.' : 'Check the request against what the server offers.',
    details: { server, method, ...(rpcCode !== undefined ? { rpcCode } : {}) },
  });
}

export function truncate(text: string, max = MAX_UPSTREAM_MESSAGE): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A short, secret-free reason for logs, audit events and "not available" messages. */
export function describe(e: unknown, scrubber?: Scrubber): string {
  // Ours are secret-free by contract, and say what to fix.
  if (e instanceof WardenError) return e.message;
  if (e instanceof ProtocolError) return `JSON-RPC error ${e.code}: ${truncate(scrubber ? scrubber.scrub(e.message) : e.message, 120)}`;
  if (e instanceof UnauthorizedError) return 'the server refused the credentials (HTTP 401)';
  if (e instanceof SdkHttpError) return `HTTP ${e.status} (${e.code})`;
  if (e instanceof SdkError) {
    if (e.code === SdkErrorCode.RequestTimeout) return 'timed out';
    // The SDK wraps the network failure (a refused connection, a DNS miss): that is the useful part.
    const net = errnoCode(e.cause);
    return net ? `${net} (${e.code})` : e.code;
  }
  const code = errnoCode(e);
  if (code) return code;
  if (e instanceof Error && e.name) return e.name;
  return 'unknown error';
}

/** ECONNREFUSED, ENOENT, ...: from the error or its cause chain (fetch wraps the socket error). */
function errnoCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 4; cur = cur.cause, depth++) {
    const code = (cur as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
  }
  return undefined;
}

/** Whether the failure means the connection itself is gone (so a reconnect is due), not this one request. */
export function isConnectionLoss(e: unknown): boolean {
  if (e instanceof ProtocolError || e instanceof WardenError) return false;
  if (e instanceof SdkError) {
    switch (e.code) {
      case SdkErrorCode.RequestTimeout:
      case SdkErrorCode.InvalidResult:
      case SdkErrorCode.UnsupportedResultType:
      case SdkErrorCode.InputRequiredRoundsExceeded:
      case SdkErrorCode.ListPaginationExceeded:
      case SdkErrorCode.MethodNotSupportedByProtocolVersion:
      case SdkErrorCode.CapabilityNotSupported:
        return false;
      default:
        return true;
    }
  }
  return true;
}

/**
 * Maps what one request to an upstream threw. `signal` is the caller's: when it fired, the
 * failure is the caller's abort (or its own deadline), not the server's.
 */
export function mapCallError(server: string, method: string, e: unknown, timeoutMs: number, signal: AbortSignal | undefined, scrubber: Scrubber): WardenError {
  if (e instanceof WardenError) return e;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    const isDeadline = reason instanceof Error && reason.name === 'TimeoutError';
    return isDeadline ? timedOut(server, method, timeoutMs) : aborted();
  }
  if (e instanceof ProtocolError) return upstreamError(server, method, truncate(scrubber.scrub(e.message)), e.code);
  if (e instanceof SdkError) {
    if (e.code === SdkErrorCode.RequestTimeout) return timedOut(server, method, timeoutMs);
    if (!isConnectionLoss(e)) return upstreamError(server, method, `the answer was not usable (${e.code})`);
  }
  return unavailable(server, `the connection failed (${describe(e, scrubber)})`);
}
