import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { defaultUrl, type CliContext } from './context.js';
import { UsageError } from './output.js';

/**
 * `warden mcp-stdio`: for desktop MCP clients that only speak stdio. Messages read from stdin
 * go to Warden's /mcp with the agent's key, and what Warden answers (responses, notifications,
 * streams) comes back on stdout. It is a pipe between the SDK's own transports (a stdio server
 * transport facing the client, a streamable HTTP client transport facing Warden), not a second
 * protocol implementation: both spec eras pass through as the client speaks them.
 *
 * Only JSON-RPC is written to stdout; diagnostics go to stderr.
 */

interface Options {
  keyFile?: string;
  user?: string;
  app?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('mcp-stdio')
    .description("Serve MCP over stdin/stdout for desktop clients, forwarding every message to Warden's /mcp as the agent.")
    .option('--key-file <file>', 'read the agent key from this file (default: env WARDEN_AGENT_KEY)')
    .option('--user <id>', 'the person the agent acts for (sent as x-warden-user)')
    .option('--app <name>', 'the application the agent runs in (sent as x-warden-app)')
    .addHelpText(
      'after',
      '\nThe Warden URL is the global --url (env WARDEN_URL); "/mcp" is added when the URL has no path.\n' +
        'Example client configuration: {"command": "warden", "args": ["mcp-stdio", "--url", "https://warden.example.com"], "env": {"WARDEN_AGENT_KEY": "wdn_…"}}\n',
    )
    .action(
      ctx.action(async (o: Options) => {
        const key = agentKey(o.keyFile);
        const url = mcpUrl(ctx.globals().url ?? defaultUrl());
        const headers: Record<string, string> = {};
        if (o.user) headers['x-warden-user'] = o.user;
        if (o.app) headers['x-warden-app'] = o.app;
        await runStdioBridge({ url, key, headers });
      }),
    );
}

function agentKey(keyFile: string | undefined): string {
  let key: string | undefined;
  if (keyFile) {
    try {
      key = readFileSync(keyFile, 'utf8').trim();
    } catch (e) {
      throw new UsageError(`cannot read --key-file ${keyFile}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else {
    key = process.env.WARDEN_AGENT_KEY?.trim();
  }
  if (!key) throw new UsageError('no agent key: set WARDEN_AGENT_KEY or pass --key-file (keys are not accepted as arguments: they would show in process lists)');
  if (/\s/.test(key)) throw new UsageError('the agent key contains whitespace; check the key file');
  return key;
}

/** The /mcp endpoint of a Warden URL: the URL as given when it names a path, else its /mcp. */
export function mcpUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, got "${raw}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--url must be an http(s) URL, got "${raw}"`);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/mcp';
  return u.toString();
}

export interface BridgeOptions {
  url: string;
  key: string;
  headers?: Record<string, string>;
  stdin?: Readable;
  stdout?: Writable;
  /** Diagnostics (default: stderr). */
  log?: (line: string) => void;
}

/** Runs until the client closes stdin; then ends the Warden session (DELETE) and returns. */
export async function runStdioBridge(o: BridgeOptions): Promise<void> {
  // Loaded here, not at the top: other verbs should not pay for the MCP SDK.
  const { StdioServerTransport } = await import('@modelcontextprotocol/server/stdio');
  const { StreamableHTTPClientTransport, SdkHttpError, isJSONRPCRequest, isJSONRPCResultResponse } = await import('@modelcontextprotocol/client');
  const log = o.log ?? ((line: string) => process.stderr.write(`warden mcp-stdio: ${line}\n`));
  const http = new StreamableHTTPClientTransport(new URL(o.url), { requestInit: { headers: { ...(o.headers ?? {}), authorization: `Bearer ${o.key}` } } });
  const stdio = new StdioServerTransport(o.stdin ?? process.stdin, o.stdout ?? process.stdout);
  /** 2025-11-25: the initialize requests in flight, whose answers say which version the session speaks. */
  const initializing = new Set<string | number>();

  const toClient = (m: JSONRPCMessage) => stdio.send(m).catch((e: unknown) => log(`cannot write to stdout: ${(e as Error).message}`));

  /** A request Warden refused at the HTTP level still gets its JSON-RPC answer, so the client does not wait forever. */
  const answerFailure = (id: string | number, e: unknown) => {
    let error: { code: number; message: string; data?: unknown } = { code: -32603, message: `Warden could not be reached: ${(e as Error).message}` };
    if (e instanceof SdkHttpError) {
      error = { code: -32603, message: `Warden answered HTTP ${e.status}.` };
      try {
        const body = JSON.parse(String((e.data as { text?: unknown }).text ?? '')) as { error?: { code?: unknown; message?: unknown; data?: unknown } };
        if (typeof body.error?.code === 'number' && typeof body.error.message === 'string') error = { code: body.error.code, message: body.error.message, ...(body.error.data !== undefined ? { data: body.error.data } : {}) };
      } catch {
        // not a JSON-RPC body: the status says it
      }
    }
    void toClient({ jsonrpc: '2.0', id, error } as JSONRPCMessage);
  };

  stdio.onmessage = (m) => {
    if (isJSONRPCRequest(m) && m.method === 'initialize') initializing.add(m.id);
    http.send(m).catch((e: unknown) => {
      log(`forwarding failed: ${(e as Error).message}`);
      if (isJSONRPCRequest(m)) answerFailure(m.id, e);
    });
  };
  http.onmessage = (m) => {
    if (isJSONRPCResultResponse(m) && initializing.delete(m.id)) {
      // The HTTP transport sends MCP-Protocol-Version on later requests once it knows it (the SDK client does this itself).
      const v = (m.result as { protocolVersion?: unknown }).protocolVersion;
      if (typeof v === 'string') http.setProtocolVersion(v);
    } else if ('id' in m && m.id !== undefined && !('method' in m)) initializing.delete(m.id as string | number);
    void toClient(m);
  };
  http.onerror = (e) => log(e.message);
  stdio.onerror = (e) => log(`stdin: ${e.message}`);

  const ended = new Promise<void>((resolve) => {
    stdio.onclose = () => resolve();
    (o.stdin ?? process.stdin).once('end', () => resolve());
  });
  await http.start();
  await stdio.start();
  log(`forwarding stdio to ${new URL(o.url).origin}${new URL(o.url).pathname}`);
  await ended;
  // The client is gone: end the Warden session rather than leave it to expire.
  await http.terminateSession().catch(() => undefined);
  await http.close().catch(() => undefined);
  await stdio.close().catch(() => undefined);
}
