import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ChainedAuditLog } from './audit/audit-log.js';
import { SYSTEM_ACTOR } from './audit/types.js';
import { resolvePath } from './config/load.js';
import type { WardenConfig } from './config/schema.js';
import { AdminTokenService } from './identity/admin-tokens.js';
import { AgentService } from './identity/agents.js';
import { Authenticator } from './identity/authenticate.js';
import { CredentialService } from './identity/credentials.js';
import { Directory } from './identity/directory.js';
import { SecretHasher } from './identity/hmac.js';
import { KillSwitchService } from './identity/kill-switch.js';
import { AccessTokens, resolveIssuer } from './identity/tokens/access-tokens.js';
import { TokenExchange } from './identity/tokens/exchange.js';
import { SigningKeys } from './identity/tokens/signing-keys.js';
import { adminRoutes } from './gateway/admin/routes/index.js';
import { buildServer } from './gateway/server.js';
import { tokenRoutes } from './gateway/token-routes.js';
import { llmGateway } from './gateway/llm/routes.js';
import { mcpGateway } from './gateway/mcp/index.js';
import { SessionTaint } from './gateway/session-taint.js';
import { registerAuditStream } from './gateway/admin/routes/audit.js';
import type { Services } from './services.js';
import { repos } from './store/repos/index.js';
import { isPostgresUrl, openStore, type Store } from './store/store.js';
import { StoreBus } from './util/store-bus.js';
import { systemClock, type Clock } from './util/clock.js';
import { loadMasterKeyring } from './vault/master-key.js';
import { Vault } from './vault/vault.js';
import { VERSION } from './version.js';
import { startExporters } from './audit/exporters/index.js';
import { Checkpointer } from './audit/checkpoints.js';
import type { AuditEvent } from './audit/types.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { startMonitor, type Monitor } from './monitor/index.js';
import { PolicyService, starterPackDir } from './policy/service.js';
import { ApprovalService } from './approvals/service.js';

export interface WardenOptions {
  config: WardenConfig;
  /** Relative paths in the configuration resolve against this directory. */
  baseDir: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** PostgreSQL schema (tests isolate themselves this way). */
  pgSchema?: string;
  logLevel?: string;
  logStream?: NodeJS.WritableStream;
  /** Demo mode: with no policy active and no policy.dir configured, the starter pack is activated. */
  demo?: boolean;
}

export interface Warden {
  services: Services;
  server: FastifyInstance;
  dataDir: string;
  /** Things the operator should know (generated master key, ...); never secret. */
  warnings: string[];
  close(): Promise<void>;
}

const PEPPER = 'credential-pepper';

/**
 * The composition root: opens the store and the vault, builds every service once, and the
 * HTTP server over them. Nothing listens until the caller says so.
 */
export async function createWarden(opts: WardenOptions): Promise<Warden> {
  const { config } = opts;
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? systemClock;
  const dataDir = resolvePath(opts.baseDir, config.data_dir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const warnings: string[] = [];
  // Until the server (and its logger) exists, problems are collected for the caller to print.
  let sink: { warn(m: string): void; error(m: string): void } = { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  const startupLog = { warn: (m: string) => sink.warn(m), error: (m: string) => sink.error(m) };

  // Fail before touching the store when the master key is unusable: nothing half-started.
  const loaded = loadMasterKeyring({
    dataDir,
    masterKeyFile: config.vault.master_key_file ? resolvePath(opts.baseDir, config.vault.master_key_file) : undefined,
    env,
  });
  warnings.push(...loaded.warnings);

  const store: Store = await openStore({
    url: config.database.url,
    sqliteFile: path.join(dataDir, 'warden.db'),
    ...(opts.pgSchema ? { pgSchema: opts.pgSchema } : {}),
  });
  const closers: Array<() => Promise<void> | void> = [() => store.close()];
  const close = async () => {
    for (const c of closers.reverse()) await c();
  };
  try {
    // Instances sharing a store hear each other's kill switches and revocations through it.
    const bus = new StoreBus(store);
    await bus.poll();
    bus.start();
    closers.push(() => bus.close());
    const audit = new ChainedAuditLog({ store, clock, capture: config.audit.capture, captureOverrides: config.audit.capture_overrides });
    closers.push(() => audit.close());
    // Exporters need the vault, which itself records events when it opens (first boot): keep what
    // is committed before they exist and hand it to them once they do, so the SIEM misses nothing.
    const beforeExporters: AuditEvent[] = [];
    const stopCollecting = audit.subscribe((e) => beforeExporters.push(e));
    const vault = await Vault.open({
      store,
      keyring: loaded.keyring,
      keySource: { source: loaded.source, file: loaded.file },
      audit,
      clock,
      bus,
      rotationGraceMs: config.vault_rotation_grace,
    });
    closers.push(() => vault.close());

    const hasher = new SecretHasher(await vault.systemSecret(PEPPER, () => randomBytes(32)));
    const directory = new Directory(store, audit, clock);
    const agents = new AgentService(store, audit, bus, clock);
    const credentials = new CredentialService(store, audit, bus, clock, hasher, {
      defaultTtlMs: config.keys.default_ttl,
      maxTtlMs: config.keys.max_ttl,
      rotationGraceMs: config.keys.rotation_grace,
    });
    closers.push(() => credentials.close());
    const adminTokens = new AdminTokenService(store, audit, bus, clock, hasher);
    closers.push(() => adminTokens.close());
    const kill = await KillSwitchService.open(store, audit, bus, clock);
    closers.push(() => kill.close());

    const signingKeys = new SigningKeys({
      repo: repos(store.db).signingKeys,
      sealer: vault,
      maxTokenTtlMs: config.identity.max_access_token_ttl,
      clock,
      bus,
    });
    await signingKeys.start();
    closers.push(() => signingKeys.close());
    const accessTokens = new AccessTokens({
      keys: signingKeys,
      issuer: resolveIssuer(config),
      ttlMs: config.identity.access_token_ttl,
      maxTtlMs: config.identity.max_access_token_ttl,
      clock,
    });
    const tokenExchange = new TokenExchange({
      tokens: accessTokens,
      issuers: config.identity.trusted_issuers,
      baseDir: opts.baseDir,
      clock,
      resolveAgent: async (nameOrId) => {
        const a = await agents.find(nameOrId);
        return a && { id: a.id, name: a.name, status: a.status };
      },
      onEvent: (e) => {
        void audit
          .record({
            phase: 'admin',
            action: e.outcome === 'issued' ? 'token.exchange' : 'token.exchange_refused',
            outcome: e.outcome === 'issued' ? 'success' : 'denied',
            actor: { kind: 'agent', id: e.agentId ?? null, ...(e.agentName ? { name: e.agentName } : {}), ...(e.user ? { onBehalfOf: e.user } : {}) },
            agentId: e.agentId ?? null,
            target: { kind: 'access_token', id: e.jti ?? '-' },
            data: { issuer: e.issuer, userIssuer: e.userIssuer, code: e.wardenCode, error: e.error, expiresAt: e.exp },
          })
          .catch(() => {});
      },
    });
    const authenticator = new Authenticator(store, bus, clock, credentials, kill, {
      verifyAccessToken: async (token) => {
        const c = await accessTokens.verify(token);
        return { agentId: c.sub, tokenId: c.jti, expiresAt: c.exp * 1000, user: c.obo?.sub ?? null };
      },
    });
    closers.push(() => authenticator.close());

    const checkpointer = await Checkpointer.open({
      store,
      vault,
      origin: config.audit.origin ?? config.server.public_url ?? 'warden',
      intervalMs: config.audit.checkpoint.interval,
      file: config.audit.checkpoint.file ? resolvePath(opts.baseDir, config.audit.checkpoint.file) : undefined,
      webhook: config.audit.checkpoint.webhook,
      log: startupLog,
    });
    checkpointer.start();
    closers.push(() => checkpointer.close());
    const early = beforeExporters.splice(0);
    stopCollecting();
    const exporters = await startExporters({ config: config.audit, audit, vault, dataDir, baseDir: opts.baseDir, log: startupLog, replay: early });
    closers.push(() => exporters.close());
    // Refuses to start when the stored active version does not compile (fail closed).
    const policy = await PolicyService.open({
      store,
      audit,
      bus,
      clock,
      config: config.policy,
      bootstrapDir: config.policy.dir ? resolvePath(opts.baseDir, config.policy.dir) : opts.demo ? starterPackDir() : undefined,
    });
    closers.push(() => policy.close());
    // approvals: human holds for require_approval (LLM and MCP)
    const approvals = new ApprovalService({ store, audit, bus, clock, ttlMs: config.approvals.ttl });
    closers.push(() => approvals.close());
    // end approvals
    // Closers run last-in-first-out: queued audit events are written (and so exported) before exporters close.
    closers.push(() => audit.flush());
    const services: Services = {
      config, clock, store, bus, audit, vault, directory, agents, credentials, adminTokens, kill, signingKeys, accessTokens, tokenExchange, authenticator,
      exporters,
      checkpointer,
      policy,
      approvals,
      metrics: undefined as unknown as Metrics,
      monitor: undefined as unknown as Monitor,
      dataDir,
      baseDir: opts.baseDir,
    };
    // Built after the services they observe and act through.
    services.metrics = createMetrics(services);
    closers.push(() => services.metrics.close());
    services.monitor = await startMonitor(services);
    closers.push(() => services.monitor.close());

    if (config.agents.length > 0) await agents.applyDeclared(config.agents, { ...SYSTEM_ACTOR, name: 'warden.yaml' });

    // One session taint for both sides: an injection read through a tool is seen by LLM policies too.
    const taint = new SessionTaint();
    const llm = llmGateway(services, taint);
    closers.push(() => llm.gateway.close());
    const mcp = mcpGateway(services, taint, startupLog);
    services.mcp = mcp;
    closers.push(() => mcp.close());
    await mcp.start();
    const server = await buildServer({
      services,
      routes: adminRoutes(),
      version: VERSION,
      logLevel: opts.logLevel,
      logStream: opts.logStream,
      plugins: [(app) => tokenRoutes(app, { exchange: tokenExchange, keys: signingKeys }), (app) => services.metrics.register(app), (app) => registerAuditStream(app, services), llm.register, mcp.register],
    });
    sink = { warn: (m) => server.log.warn(m), error: (m) => server.log.error(m) };
    // Last in, first out: the server stops taking requests before anything it uses is closed.
    closers.push(() => server.close());
    if (isPostgresUrl(config.database.url) && loaded.source === 'generated') {
      warnings.push('A master key was generated for a PostgreSQL store: other instances need the same key (copy it to WARDEN_MASTER_KEY_FILE).');
    }
    return { services, server, dataDir, warnings, close };
  } catch (e) {
    await close().catch(() => {});
    throw e;
  }
}
