import { Client, SdkErrorCode, SdkHttpError, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { AuditEventInput } from '../../../audit/types.js';
import { SYSTEM_ACTOR } from '../../../audit/types.js';
import type { McpServerConfig } from '../../../config/schema.js';
import type { TrustLevel } from '../../../policy/input.js';
import { WardenError } from '../../../errors.js';
import type { Clock } from '../../../util/clock.js';
import { VERSION } from '../../../version.js';
import type { PromptDefinition, ResourceDefinition, ToolDefinition, ToolResult, UpstreamServer, UpstreamState } from '../types.js';
import type { ChildExit } from './child-transport.js';
import { promptDefinition, resourceDefinition, toolDefinition, toolResult } from './definitions.js';
import { describe, isConnectionLoss, mapCallError, Scrubber, truncate, unavailable } from './errors.js';
import { openTransport, type OpenedTransport } from './transports.js';
import type { ResolveSecret } from './spawn-env.js';

/**
 * One upstream MCP server: connects (spawning it, for stdio), keeps it connected, and answers
 * the gateway's calls through the SDK v2 client, which negotiates the protocol era itself
 * (2025-era `initialize` or 2026-07-28 `server/discover`).
 *
 * Lifecycle: starting → ready; a lost connection (the process exited, the HTTP session is gone)
 * → restarting → ready; a failed attempt → failed, retried in the background with exponential
 * backoff (reset once a connection has stayed up for `stableMs`); close() → stopped.
 * Calls made while not ready fail at once with mcp.upstream_unavailable: the caller is an agent
 * waiting on a tool, better told now than held.
 */

export interface UpstreamLog {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** A connection up this long resets the backoff. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, stableMs: 60_000 };

export interface ConnectionDeps {
  resolveSecret: ResolveSecret;
  audit: { record(e: AuditEventInput): Promise<unknown> };
  clock: Clock;
  log: UpstreamLog;
  baseDir: string;
  backoff: Backoff;
  /** Bound on one connect (spawn, negotiation, handshake), so start() never hangs on a dead server. */
  connectTimeoutMs: number;
  /** How long a stopping child gets after stdin closes, and again after SIGTERM. */
  stopGraceMs: number;
}

interface Live {
  client: Client;
  opened: OpenedTransport;
  since: number;
}

const STDERR_IN_LOG = 2048;

/**
 * Whether a failed 'auto' connect is worth one plain 2025-era handshake: the stdio child had
 * started (so it may have exited on the probe), or an HTTP server answered the probe with a
 * server error. Not for refused connections, timeouts or our own errors (a missing secret).
 */
function probeMayHaveFailed(e: unknown, spawned: boolean): boolean {
  if (e instanceof WardenError) return false;
  if (spawned) return true;
  return e instanceof SdkHttpError && e.code === SdkErrorCode.EraNegotiationFailed && e.status >= 500;
}

/** Asked before listing: the SDK would otherwise answer an empty list and warn on the console. */
const offers = (c: Client, what: 'tools' | 'prompts' | 'resources'): boolean => c.getServerCapabilities()?.[what] !== undefined;

export class UpstreamConnection implements UpstreamServer {
  readonly name: string;
  readonly trust: TrustLevel;
  readonly transport: 'stdio' | 'http' | 'sse';

  private current: UpstreamState = 'starting';
  private live: Live | undefined;
  /** The transport of a connect in progress, so close() can stop it (and its child) mid-way. */
  private connecting: OpenedTransport | undefined;
  private attempt: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private level = 0;
  private failStreak = 0;
  /** Set once a server needed the plain 2025 handshake after a failed era probe: later connects skip the probe. */
  private legacyOnly = false;
  private why = 'not connected yet';
  private started = false;
  private stopped = false;
  private settleFirst!: () => void;
  private readonly firstSettled = new Promise<void>((resolve) => (this.settleFirst = resolve));
  private readonly scrubber = new Scrubber();

  constructor(
    private readonly config: McpServerConfig,
    private readonly deps: ConnectionDeps,
    private readonly toolsChanged: (server: string) => void,
  ) {
    this.name = config.name;
    this.trust = config.trust;
    this.transport = config.transport;
  }

  state(): UpstreamState {
    return this.current;
  }

  /** Resolves once the first attempt has succeeded or failed; retries go on in the background. */
  start(): Promise<void> {
    if (!this.started && !this.stopped) {
      this.started = true;
      this.attempt = this.connect();
    }
    return this.started ? this.firstSettled : Promise.resolve();
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.current = 'stopped';
    this.why = 'Warden is shutting down';
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    const live = this.live;
    this.live = undefined;
    if (live?.opened.transport instanceof StreamableHTTPClientTransport) {
      // Tell a streamable HTTP server its session is over (DELETE), without waiting long on one that is gone.
      const t = live.opened.transport;
      await Promise.race([t.terminateSession().catch(() => undefined), new Promise((r) => setTimeout(r, this.deps.stopGraceMs).unref())]);
    }
    await Promise.allSettled([live?.client.close(), this.connecting?.transport.close()]);
    await this.attempt;
    this.settleFirst();
  }

  async listTools(): Promise<ToolDefinition[]> {
    return this.request('tools/list', undefined, async (c, o) =>
      offers(c, 'tools') ? (await c.listTools(undefined, { ...o, cacheMode: 'refresh' })).tools.map(toolDefinition) : [],
    );
  }

  async listPrompts(): Promise<PromptDefinition[]> {
    return this.request('prompts/list', undefined, async (c, o) =>
      offers(c, 'prompts') ? (await c.listPrompts(undefined, { ...o, cacheMode: 'refresh' })).prompts.map(promptDefinition) : [],
    );
  }

  async listResources(): Promise<ResourceDefinition[]> {
    return this.request('resources/list', undefined, async (c, o) =>
      offers(c, 'resources') ? (await c.listResources(undefined, { ...o, cacheMode: 'refresh' })).resources.map(resourceDefinition) : [],
    );
  }

  async callTool(name: string, args: Record<string, unknown>, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ToolResult> {
    return this.request('tools/call', opts, async (c, o) => toolResult(await c.callTool({ name, arguments: args }, o)));
  }

  async getPrompt(name: string, args: Record<string, string>, opts: { signal?: AbortSignal } = {}): Promise<Record<string, unknown>> {
    return this.request('prompts/get', opts, async (c, o) => ({ ...(await c.getPrompt({ name, arguments: args }, o)) }));
  }

  async readResource(uri: string, opts: { signal?: AbortSignal } = {}): Promise<Record<string, unknown>> {
    // Always fetched: a resource read is content the pipeline inspects, not something to serve stale.
    return this.request('resources/read', opts, async (c, o) => ({ ...(await c.readResource({ uri }, { ...o, cacheMode: 'bypass' })) }));
  }

  private async request<T>(
    method: string,
    opts: { signal?: AbortSignal; timeoutMs?: number } | undefined,
    run: (client: Client, o: { timeout: number; maxTotalTimeout: number; signal?: AbortSignal }) => Promise<T>,
  ): Promise<T> {
    const timeout = opts?.timeoutMs ?? this.config.timeout;
    const signal = opts?.signal;
    if (signal?.aborted) throw mapCallError(this.name, method, signal.reason, timeout, signal, this.scrubber);
    const live = this.live;
    if (!live || this.current !== 'ready') throw unavailable(this.name, this.why);
    try {
      return await run(live.client, { timeout, maxTotalTimeout: timeout, ...(signal ? { signal } : {}) });
    } catch (e) {
      const mapped = mapCallError(this.name, method, e, timeout, signal, this.scrubber);
      // Over HTTP a dead server or a forgotten session shows only here: reconnect. (A stdio child's exit closes the transport itself.)
      if (mapped.code === 'mcp.upstream_unavailable' && this.transport !== 'stdio' && !signal?.aborted && isConnectionLoss(e)) {
        this.lost(live.client, `a request failed (${describe(e, this.scrubber)})`);
      }
      throw mapped;
    }
  }

  private async connect(): Promise<void> {
    this.retry = undefined;
    try {
      if (this.stopped) return;
      let tried = await this.tryConnect(this.legacyOnly ? 'legacy' : 'auto');
      if (!tried.ok && !this.legacyOnly && !this.stopped && tried.mayBeLegacy) {
        // Some 2025-era servers exit, or fail, when probed with server/discover before initialize: plain handshake once more.
        tried = await this.tryConnect('legacy');
        if (tried.ok) this.legacyOnly = true;
      }
      if (!tried.ok && !this.stopped) this.attemptFailed(tried.error);
    } finally {
      this.settleFirst();
    }
  }

  /** One connection attempt: open the transport (spawn), negotiate the era, handshake. */
  private async tryConnect(mode: 'auto' | 'legacy'): Promise<{ ok: true } | { ok: false; error: unknown; mayBeLegacy: boolean }> {
    let opened: OpenedTransport | undefined;
    let client: Client | undefined;
    try {
      opened = await openTransport(this.config, {
        resolveSecret: this.deps.resolveSecret,
        baseDir: this.deps.baseDir,
        child: {
          graceMs: this.deps.stopGraceMs,
          onSpawn: (pid) => this.spawned(pid, opened!),
          onExit: (exit) => this.exited(exit, opened!),
        },
      });
      this.connecting = opened;
      this.scrubber.use(opened.secretValues);
      if (this.stopped) throw new Error('stopped');
      client = new Client(
        { name: 'warden', version: VERSION },
        {
          // No sampling, elicitation or roots: an upstream server cannot make requests of Warden.
          capabilities: {},
          versionNegotiation: { mode: 'auto', probe: { timeoutMs: Math.min(this.deps.connectTimeoutMs, 5_000) } },
          listChanged: { tools: { autoRefresh: false, debounceMs: 100, onChanged: () => this.notifyToolsChanged('notifications/tools/list_changed') } },
        },
      );
      client.onerror = (e) => this.deps.log.debug(`mcp upstream "${this.name}": ${describe(e, this.scrubber)}`);
      await client.connect(opened.transport, { timeout: this.deps.connectTimeoutMs, ...(mode === 'legacy' ? { prior: { kind: 'legacy' as const } } : {}) });
      if (this.stopped) throw new Error('stopped');
      this.connecting = undefined;
      this.becameReady(client, opened);
      return { ok: true };
    } catch (e) {
      this.connecting = undefined;
      const child = opened?.child;
      const spawned = (child?.pid ?? null) !== null;
      const crashed = spawned && child!.exitedOnItsOwn;
      await Promise.allSettled([client?.close(), opened?.transport.close()]);
      // A child that crashed has had its stderr logged (exited()); one we stopped because it would not connect has not.
      if (spawned && !crashed) this.logTail(child!.stderrTail());
      return { ok: false, error: e, mayBeLegacy: mode === 'auto' && probeMayHaveFailed(e, spawned) };
    }
  }

  private becameReady(client: Client, opened: OpenedTransport): void {
    const live: Live = { client, opened, since: this.deps.clock.now() };
    this.live = live;
    this.current = 'ready';
    this.why = '';
    this.failStreak = 0;
    client.onclose = () => this.lost(client, 'the connection closed');
    // A 2026-07-28 server delivers list_changed over a subscription; if the server ends it, nothing more would arrive.
    void client.autoOpenedSubscription?.closed.then((how) => {
      if (how !== 'local') this.lost(client, 'the server ended its change subscription');
    });
    const era = client.getProtocolEra() ?? 'legacy';
    const version = client.getNegotiatedProtocolVersion() ?? '';
    const info = client.getServerVersion();
    this.deps.log.info(`mcp upstream "${this.name}" connected (${this.transport}, protocol ${version || era})`);
    this.audit('mcp.server.connected', 'success', {
      transport: this.transport,
      era,
      protocolVersion: version,
      ...(info ? { serverName: truncate(info.name, 120), serverVersion: truncate(info.version, 60) } : {}),
      ...(opened.child?.pid ? { pid: opened.child.pid } : {}),
    });
    // A (re)connected server may offer different tools than before: the catalog looks again.
    this.notifyToolsChanged('connected');
  }

  private attemptFailed(e: unknown): void {
    const reason = describe(e, this.scrubber);
    this.current = 'failed';
    this.why = `the last attempt to connect failed (${reason})`;
    if (this.failStreak === 0) {
      this.deps.log.warn(`mcp upstream "${this.name}" could not connect: ${reason}; retrying in the background`);
      this.audit('mcp.server.connect_failed', 'failure', { transport: this.transport, reason, ...(e instanceof WardenError ? { code: e.code } : {}) });
    } else {
      this.deps.log.debug(`mcp upstream "${this.name}" still cannot connect: ${reason}`);
    }
    this.failStreak++;
    this.schedule();
  }

  /** The live connection `client` is gone: reconnect, unless it was already replaced or we are stopping. */
  private lost(client: Client, why: string): void {
    const live = this.live;
    if (this.stopped || !live || live.client !== client) return;
    this.live = undefined;
    if (this.deps.clock.now() - live.since >= this.deps.backoff.stableMs) this.level = 0;
    this.current = 'restarting';
    this.why = `reconnecting: ${why}`;
    this.deps.log.warn(`mcp upstream "${this.name}" lost: ${why}; reconnecting`);
    this.audit('mcp.server.disconnected', 'failure', { transport: this.transport, reason: why });
    void client.close().catch(() => undefined);
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.retry) return;
    const { initialMs, maxMs } = this.deps.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(this.level, 30));
    this.level++;
    this.retry = setTimeout(() => {
      this.attempt = this.connect();
    }, delay);
    this.retry.unref();
  }

  private notifyToolsChanged(why: string): void {
    if (this.stopped) return;
    this.deps.log.debug(`mcp upstream "${this.name}": tools may have changed (${why})`);
    this.toolsChanged(this.name);
  }

  private spawned(pid: number, opened: OpenedTransport): void {
    this.audit('mcp.server.spawned', 'success', { pid, ...opened.spawn });
  }

  private exited(exit: ChildExit, opened: OpenedTransport): void {
    const clean = exit.requested || (exit.code === 0 && exit.signal === null);
    this.audit('mcp.server.exited', clean ? 'success' : 'failure', { pid: exit.pid, code: exit.code, signal: exit.signal, requested: exit.requested });
    if (!exit.requested) {
      this.deps.log.warn(`mcp upstream "${this.name}" process ${exit.pid} exited (${exit.signal ?? `code ${exit.code}`})`);
      this.logTail(opened.child?.stderrTail() ?? '');
    }
  }

  /** What a child wrote to stderr, at debug level only, scrubbed of its secrets and bounded. */
  private logTail(tail: string): void {
    if (!tail) return;
    const flat = this.scrubber.scrub(tail).replace(/[\u0000-\u0008\u000b-\u001f\u007f]+/g, ' ').trim();
    this.deps.log.debug(`mcp upstream "${this.name}" stderr (last lines): ${flat.length > STDERR_IN_LOG ? `…${flat.slice(-STDERR_IN_LOG)}` : flat}`);
  }

  private audit(action: string, outcome: 'success' | 'failure', data: Record<string, unknown>): void {
    this.deps.audit
      .record({
        phase: 'admin',
        action,
        outcome,
        actor: SYSTEM_ACTOR,
        target: { kind: 'mcp_server', id: this.name, name: this.name },
        resource: { server: this.name },
        data: { server: this.name, ...data },
      })
      .catch((e: unknown) => this.deps.log.warn(`audit of ${action} for mcp upstream "${this.name}" failed: ${describe(e)}`));
  }
}
