import type { AuditEventInput } from '../../../audit/types.js';
import type { McpServerConfig } from '../../../config/schema.js';
import { WardenError } from '../../../errors.js';
import type { Services } from '../../../services.js';
import type { Clock } from '../../../util/clock.js';
import type { UpstreamServer, UpstreamSet } from '../types.js';
import { DEFAULT_BACKOFF, UpstreamConnection, type Backoff, type UpstreamLog } from './connection.js';
import type { ResolveSecret } from './spawn-env.js';
import { sendsTokenInClear } from './transports.js';

/**
 * Every configured upstream MCP server (services.config.mcp_servers), each its own
 * UpstreamConnection. One server failing never holds up the others.
 */
export interface UpstreamsDeps {
  servers: readonly McpServerConfig[];
  /** Vault lookup by secret name (services.vault.resolve); called at spawn/connect time only. */
  resolveSecret: ResolveSecret;
  audit: { record(e: AuditEventInput): Promise<unknown> };
  clock: Clock;
  /** Where a relative `cwd` resolves (services.baseDir). */
  baseDir: string;
  log?: UpstreamLog;
  backoff?: Partial<Backoff>;
  connectTimeoutMs?: number;
  stopGraceMs?: number;
}

const quiet: UpstreamLog = { debug: () => undefined, info: () => undefined, warn: () => undefined };

export class McpUpstreams implements UpstreamSet {
  private readonly servers = new Map<string, UpstreamConnection>();
  private readonly listeners = new Set<(server: string) => void>();

  constructor(deps: UpstreamsDeps) {
    const log = deps.log ?? quiet;
    const connectionDeps = {
      resolveSecret: deps.resolveSecret,
      audit: deps.audit,
      clock: deps.clock,
      log,
      baseDir: deps.baseDir,
      backoff: { ...DEFAULT_BACKOFF, ...deps.backoff },
      connectTimeoutMs: deps.connectTimeoutMs ?? 20_000,
      stopGraceMs: deps.stopGraceMs ?? 2_000,
    };
    for (const s of deps.servers) {
      if (this.servers.has(s.name)) {
        throw new WardenError('config.invalid', 400, `Invalid configuration: two mcp_servers are named "${s.name}".`, { hint: 'Give every MCP server its own name: agents see its tools as <name>__<tool>.' });
      }
      if (sendsTokenInClear(s)) log.warn(`mcp upstream "${s.name}": its vault secret is sent as a bearer token over plain http to another host; use https`);
      this.servers.set(s.name, new UpstreamConnection(s, connectionDeps, (server) => this.emit(server)));
    }
  }

  /** Built from the composition root's services. */
  static fromServices(services: Services, log?: UpstreamLog): McpUpstreams {
    return new McpUpstreams({
      servers: services.config.mcp_servers,
      resolveSecret: (name) => services.vault.resolve(name),
      audit: services.audit,
      clock: services.clock,
      baseDir: services.baseDir,
      ...(log ? { log } : {}),
    });
  }

  get(name: string): UpstreamServer | undefined {
    return this.servers.get(name);
  }

  all(): UpstreamServer[] {
    return [...this.servers.values()];
  }

  onToolsChanged(listener: (server: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every server is ready or has failed its first attempt (failed ones keep retrying). */
  async start(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.start()));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.servers.values()].map((s) => s.close()));
  }

  private emit(server: string): void {
    for (const l of this.listeners) {
      try {
        l(server);
      } catch {
        // A listener's failure is its own; the others still hear.
      }
    }
  }
}
