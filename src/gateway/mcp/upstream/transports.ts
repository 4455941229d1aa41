import { setMaxListeners } from 'node:events';
import { SSEClientTransport, StreamableHTTPClientTransport, type AuthProvider, type Transport } from '@modelcontextprotocol/client';
import { WardenError } from '../../../errors.js';
import type { McpServerConfig } from '../../../config/schema.js';
import { fastFetch } from './fast-fetch.js';
import { ChildProcessTransport, type ChildTransportOptions } from './child-transport.js';
import { spawnSpec, type ResolveSecret } from './spawn-env.js';

/**
 * One connection's transport, built from the server's configuration alone. There is no way to
 * hand it a caller's headers or credentials: the only credential that goes upstream is the
 * server's own vault secret (no token passthrough, by construction).
 */
export interface OpenedTransport {
  transport: Transport;
  /** Set for stdio. */
  child?: ChildProcessTransport;
  /** Vault values this connection carries now (for scrubbing upstream text); never logged. */
  secretValues(): string[];
  /** For the audit trail: what was spawned (stdio), never a value. */
  spawn?: { command: string; args: string[]; envNames: string[]; cwd?: string };
}

export interface TransportDeps {
  resolveSecret: ResolveSecret;
  baseDir: string;
  child?: ChildTransportOptions;
}

export async function openTransport(server: McpServerConfig, deps: TransportDeps): Promise<OpenedTransport> {
  if (server.transport === 'stdio') {
    const spec = await spawnSpec(server, deps.resolveSecret, deps.baseDir);
    const child = new ChildProcessTransport({ command: spec.command, args: spec.args, env: spec.env, cwd: spec.cwd }, deps.child);
    return {
      transport: child,
      child,
      secretValues: () => spec.secretValues,
      spawn: { command: spec.command, args: spec.args, envNames: spec.envNames, ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}) },
    };
  }
  if (!server.url) throw new WardenError('mcp.upstream_config', 500, `The MCP server "${server.name}" has no url.`, { hint: 'Set mcp_servers[].url.', details: { server: server.name } });
  const url = new URL(server.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WardenError('mcp.upstream_config', 500, `The MCP server "${server.name}" has a url that is not http(s).`, { hint: 'Use an http:// or https:// url in mcp_servers[].url.', details: { server: server.name } });
  }
  const bearer = server.secret === undefined ? undefined : await bearerFor(server.name, server.secret, deps.resolveSecret);
  const authProvider = bearer?.provider;
  // Redirects stay on the server's own origin (the SDK's default), so the bearer never follows one elsewhere.
  const transport =
    server.transport === 'http'
      ? new StreamableHTTPClientTransport(url, { ...(authProvider ? { authProvider } : {}), redirectPolicy: 'same-origin', fetch: quickFetch })
      : new SSEClientTransport(url, { ...(authProvider ? { authProvider } : {}), redirectPolicy: 'same-origin', fetch: upstreamFetch });
  return { transport, secretValues: () => (bearer ? [bearer.value()] : []) };
}

const quieted = new WeakSet<AbortSignal>();

/**
 * fetch for the SDK's HTTP transports. The SDK aborts every request of a connection through one
 * long-lived signal, and each fetch adds an abort listener to it that undici drops only when the
 * request is garbage-collected; after 1,500 calls on one connection Node warns of a leak on
 * every further call. The listeners are collected, so the warning is lifted for those signals.
 */
const upstreamFetch: typeof fetch = (input, init) => {
  const signal = init?.signal;
  if (signal && !quieted.has(signal)) {
    setMaxListeners(0, signal);
    quieted.add(signal);
  }
  return fetch(input, init);
};

/** Quick requests off fetch (see fast-fetch.ts); the rest through upstreamFetch. */
const quickFetch = fastFetch(upstreamFetch);

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A bearer token bound for a plain-http url off this machine travels in cleartext. */
export function sendsTokenInClear(server: McpServerConfig): boolean {
  if (server.transport === 'stdio' || server.secret === undefined || !server.url) return false;
  try {
    const url = new URL(server.url);
    return url.protocol === 'http:' && !LOOPBACK.has(url.hostname);
  } catch {
    return false;
  }
}

/**
 * The server's bearer token, resolved from the vault when the connection opens. On a 401 it is
 * resolved again once (the secret may have been rotated since) before the SDK retries.
 */
async function bearerFor(server: string, secret: string, resolve: ResolveSecret): Promise<{ provider: AuthProvider; value(): string }> {
  const read = async () => {
    try {
      return await resolve(secret);
    } catch (e) {
      const code = e instanceof WardenError ? e.code : 'vault.error';
      throw new WardenError('mcp.upstream_secret', 503, `The MCP server "${server}" cannot be reached: its vault secret "${secret}" could not be resolved (${code}).`, {
        hint: `Store it with \`warden secrets create ${secret} --stdin\`, or fix mcp_servers[].secret.`,
        details: { server, secret },
      });
    }
  };
  let token = await read();
  return {
    provider: {
      token: async () => token,
      onUnauthorized: async () => {
        token = await read();
      },
    },
    value: () => token,
  };
}
