import { z } from 'zod';
import { parseDuration } from '../util/duration.js';
import { detectorsSchema } from '../detect/config.js';
import { DEFAULT_QUOTAS, pricingSchema, quotasSchema } from '../gateway/llm/quota/config.js';

/** A duration written as "90s", "10m", "24h", "30d"; parsed to milliseconds. */
export const duration = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'expected a duration such as "90s", "10m", "24h" or "30d"' });
      return z.NEVER;
    }
    return ms;
  });

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'expected a lowercase name: letters, digits, ".", "_" or "-", at most 63 characters');

/** A value that is either literal or taken from the vault at send time (never from the file). */
const secretRef = z.object({ secret: name }).strict();

export const riskClass = z.enum(['low', 'medium', 'high', 'critical']);
export const autonomy = z.enum(['assistive', 'supervised', 'autonomous']);
export const environment = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'expected a short lowercase environment name such as "prod"');

export const grantsSchema = z
  .object({
    models: z.array(z.string().min(1).max(200)).max(500).default([]),
    servers: z.array(z.string().min(1).max(200)).max(500).default([]),
    tools: z.array(z.string().min(1).max(300)).max(2000).default([]),
  })
  .strict();

const provider = z
  .object({
    name,
    kind: z.enum(['openai', 'anthropic']),
    base_url: z.string().url('expected an http(s) URL'),
    secret: name.optional().describe('vault secret holding the API key'),
    timeout: duration.default(120_000),
  })
  .strict();

const modelAlias = z
  .object({
    provider: name,
    model: z.string().min(1).max(200),
    fallback: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** MCP server names join tool names as `server__tool`, so they hold no "_" (nor "."): the split stays unambiguous. */
const mcpServerName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a lowercase name of letters, digits and "-" (no "_" or "."), at most 63 characters');
const capabilityLabel = z.enum(['private_data', 'untrusted_content', 'external_comms', 'destructive']);

const mcpServer = z
  .object({
    name: mcpServerName,
    transport: z.enum(['stdio', 'http', 'sse']),
    command: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    /** The whole environment of a spawned stdio server: nothing of Warden's own is inherited. */
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name'), z.union([z.string(), secretRef])).default({}),
    /** Working directory of a spawned stdio server (relative to the configuration file). */
    cwd: z.string().min(1).optional(),
    url: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'expected an http:// or https:// url').optional(),
    secret: name.optional().describe('vault secret sent as the bearer token upstream'),
    trust: z.enum(['trusted', 'internal', 'untrusted']).default('untrusted'),
    /**
     * How tool definitions are pinned: `approve` quarantines every new or changed tool until an
     * admin approves it; `tofu` pins what is seen first (trust on first use) and quarantines
     * only changes. A tool the poisoning detector flags is quarantined either way.
     */
    pin: z.enum(['approve', 'tofu']).default('approve'),
    /** Capability labels by upstream tool name, replacing what the server's annotations suggest. */
    labels: z.record(z.string().min(1).max(128), z.array(capabilityLabel)).default({}),
    /** How long one call may take upstream. */
    timeout: duration.default(60_000),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.transport === 'stdio' && !s.command) ctx.addIssue({ code: 'custom', path: ['command'], message: 'a stdio server needs a command' });
    if (s.transport !== 'stdio' && !s.url) ctx.addIssue({ code: 'custom', path: ['url'], message: `a ${s.transport} server needs a url` });
  });

const mcpSchema = z
  .object({
    /** Browser origins allowed to call /mcp (requests with no Origin header, from non-browser agents, always pass). */
    allowed_origins: z.array(z.string().min(1)).default([]),
    /** 2025-11-25 clients: how long a held tool call waits for a person before it is answered with the approval id. */
    approval_hold: duration.refine((ms) => ms >= 0 && ms <= 600_000, 'expected a duration of at most 10m').default(30_000),
    /** The largest JSON-RPC message accepted on /mcp. */
    max_message_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    /** A 2025-11-25 session nobody used for this long is closed. */
    session_idle: duration.refine((ms) => ms >= 1000 && ms <= 86_400_000, 'expected a duration between 1s and 24h').default(30 * 60_000),
    /** Open 2025-11-25 sessions on this instance at most; past it, initialize is answered 503. */
    max_sessions: z.number().int().min(1).max(1_000_000).default(10_000),
    /** Open sessions (and 2026-07-28 subscriptions/listen streams) per agent at most. */
    max_sessions_per_agent: z.number().int().min(1).max(100_000).default(100),
  })
  .strict();

export const declaredAgent = z
  .object({
    name,
    owner: z.string().min(1).max(200),
    team: name.optional(),
    purpose: z.string().max(2000).default(''),
    environment: environment.default('dev'),
    risk: riskClass.default('medium'),
    autonomy: autonomy.default('supervised'),
    labels: z.record(z.string(), z.string()).default({}),
    grants: grantsSchema.default({ models: [], servers: [], tools: [] }),
  })
  .strict();

const trustedIssuer = z
  .object({
    issuer: z.string().min(1),
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    jwks_url: z.string().url().optional(),
    jwks_file: z.string().min(1).optional(),
    algorithms: z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])).default(['RS256', 'ES256', 'EdDSA']),
    /** Rules that bind a verified token to an agent; the first rule whose claims all match wins. */
    bindings: z
      .array(
        z
          .object({
            claims: z.record(z.string(), z.string()).default({}),
            agent: z.string().min(1).optional(),
            agent_claim: z.string().min(1).optional(),
          })
          .strict()
          .refine((b) => Boolean(b.agent) !== Boolean(b.agent_claim), 'a binding names exactly one of "agent" or "agent_claim"'),
      )
      .default([]),
    /** Claim that names the user when this issuer vouches for people (on-behalf-of). */
    user_claim: z.string().min(1).optional(),
    clock_tolerance: duration.default(30_000),
  })
  .strict()
  .refine((i) => Boolean(i.jwks_url) !== Boolean(i.jwks_file), 'a trusted issuer needs exactly one of "jwks_url" or "jwks_file"');

const captureMode = z.enum(['full', 'redacted', 'hash']);

const webhookExporter = z
  .object({
    name: name,
    url: z.string().url('expected an http(s) URL'),
    /** Vault secret holding the HMAC key that signs each delivery. */
    secret: name.optional(),
    batch_size: z.number().int().min(1).max(10_000).default(500),
    flush_interval: duration.default(1000),
    timeout: duration.default(10_000),
    /** On-disk queue limit; beyond it the oldest undelivered batches are dropped and counted. */
    max_queue_bytes: z.number().int().min(1024 * 1024).default(1024 * 1024 * 1024),
    format: z.enum(['ocsf', 'warden']).default('ocsf'),
  })
  .strict();

const auditSchema = z
  .object({
    capture: captureMode.default('redacted'),
    /** Capture mode per agent (by name or id), e.g. `hash` for an agent that handles health data. */
    capture_overrides: z.record(z.string(), captureMode).default({}),
    /** Name of this log in signed checkpoints (default: server.public_url, else "warden"). */
    origin: z.string().min(1).max(200).optional(),
    checkpoint: z
      .object({
        interval: duration.default(60_000),
        /** Append each signed checkpoint to this file (JSON lines), for anchoring outside Warden. */
        file: z.string().min(1).optional(),
        /** POST each signed checkpoint to this URL. */
        webhook: z.string().url().optional(),
      })
      .strict()
      .default({ interval: 60_000 }),
    exporters: z
      .object({
        jsonl: z
          .object({
            path: z.string().min(1),
            max_bytes: z.number().int().min(1024).default(100 * 1024 * 1024),
            max_files: z.number().int().min(1).max(1000).default(10),
            format: z.enum(['ocsf', 'warden']).default('warden'),
          })
          .strict()
          .optional(),
        webhooks: z.array(webhookExporter).default([]),
        syslog: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535).default(514),
            protocol: z.enum(['udp', 'tcp']).default('udp'),
            app_name: z.string().min(1).max(48).default('warden'),
            facility: z.number().int().min(0).max(23).default(13),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({ webhooks: [] }),
    /** OpenTelemetry spans (GenAI semantic conventions) over OTLP/HTTP. */
    otlp: z
      .object({
        endpoint: z.string().url('expected the OTLP/HTTP traces URL, e.g. http://collector:4318/v1/traces'),
        headers: z.record(z.string(), z.string()).default({}),
        service_name: z.string().min(1).default('warden'),
      })
      .strict()
      .optional(),
  })
  .strict();

const policyEffect = z.enum(['allow', 'deny', 'redact', 'require_approval', 'alert']);
const policyPhaseDefault = z
  .object({
    effect: policyEffect.optional(),
    outside_grants: z.enum(['deny', 'require_approval', 'allow']).optional(),
  })
  .strict();

const policySchema = z
  .object({
    /** A bundle (directory of *.yaml policies) uploaded and activated at first start, when no version is active yet. */
    dir: z.string().min(1).optional(),
    /** Activation waits for a second admin's approval. */
    two_person_rule: z.boolean().default(false),
    /** Per-phase defaults under every bundle's own (a bundle's `defaults:` still win). */
    defaults: z
      .object({
        'llm.request': policyPhaseDefault.optional(),
        'llm.response': policyPhaseDefault.optional(),
        'tool.list': policyPhaseDefault.optional(),
        'tool.call': policyPhaseDefault.optional(),
        'tool.result': policyPhaseDefault.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        public_url: z.string().url().optional(),
        trust_proxy: z.boolean().default(false),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8080, trust_proxy: false }),
    data_dir: z.string().default('.warden'),
    database: z.object({ url: z.string().optional() }).strict().default({}),
    vault: z.object({ master_key_file: z.string().optional() }).strict().default({}),
    providers: z.array(provider).default([]),
    models: z.record(z.string(), modelAlias).default({}),
    /** Requests per minute, tokens and spend per day, per agent and per team (LLM gateway). */
    quotas: quotasSchema.default(DEFAULT_QUOTAS),
    /** USD per million input and output tokens, by model alias or upstream model. */
    pricing: pricingSchema.default({}),
    mcp_servers: z.array(mcpServer).default([]),
    /** The MCP front (/mcp): origins, approval holds, message size. */
    mcp: mcpSchema.default(mcpSchema.parse({})),
    agents: z.array(declaredAgent).default([]),
    keys: z
      .object({
        default_ttl: duration.default(90 * 86_400_000),
        max_ttl: duration.default(365 * 86_400_000),
        rotation_grace: duration.default(86_400_000),
      })
      .strict()
      .default({ default_ttl: 90 * 86_400_000, max_ttl: 365 * 86_400_000, rotation_grace: 86_400_000 }),
    identity: z
      .object({
        issuer: z.string().min(1).optional(),
        access_token_ttl: duration.default(600_000),
        max_access_token_ttl: duration.default(3_600_000),
        trusted_issuers: z.array(trustedIssuer).default([]),
      })
      .strict()
      .default({ access_token_ttl: 600_000, max_access_token_ttl: 3_600_000, trusted_issuers: [] }),
    vault_rotation_grace: duration.default(86_400_000),
    audit: auditSchema.default(auditSchema.parse({})),
    detectors: detectorsSchema.default(detectorsSchema.parse({})),
    metrics: z
      .object({
        enabled: z.boolean().default(true),
        path: z.string().regex(/^\/[a-z0-9/_-]*$/).default('/metrics'),
        /** Ask scrapers for an admin token (any role); off by default because most scrapers send none. */
        require_token: z.boolean().default(false),
      })
      .strict()
      .default({ enabled: true, path: '/metrics', require_token: false }),
    monitor: z
      .object({
        /** Load the built-in rule pack. */
        builtin: z.boolean().default(true),
        /** Extra rule files (*.yaml) in this directory. */
        rules_dir: z.string().min(1).optional(),
        /** Rule ids to switch off, built-in or not. */
        disabled_rules: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ builtin: true, disabled_rules: [] }),
    policy: policySchema.default({ two_person_rule: false, defaults: {} }),
    /** Human approval of requests a policy holds (require_approval). */
    approvals: z
      .object({
        /** How long an approval waits for a decision, and how long an approved one stays usable. */
        ttl: duration.refine((ms) => ms > 0 && ms <= 7 * 86_400_000, 'expected a positive duration of at most 7d').default(900_000),
      })
      .strict()
      .default({ ttl: 900_000 }),
    limits: z
      .object({
        max_body_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
        max_json_depth: z.number().int().min(4).max(1000).default(64),
        max_header_bytes: z.number().int().min(1024).max(1024 * 1024).default(16 * 1024),
      })
      .strict()
      .default({ max_body_bytes: 4 * 1024 * 1024, max_json_depth: 64, max_header_bytes: 16 * 1024 }),
    log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).strict().default({ level: 'info' }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const providers = new Set(c.providers.map((p) => p.name));
    for (const [alias, m] of Object.entries(c.models)) {
      if (!providers.has(m.provider)) {
        ctx.addIssue({ code: 'custom', path: ['models', alias, 'provider'], message: `no provider named "${m.provider}" is configured` });
      }
    }
    const seen = new Set<string>();
    c.mcp_servers.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: ['mcp_servers', i, 'name'], message: `duplicate server name "${s.name}"` });
      seen.add(s.name);
    });
    const agents = new Set<string>();
    c.agents.forEach((a, i) => {
      if (agents.has(a.name)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'name'], message: `duplicate agent name "${a.name}"` });
      agents.add(a.name);
    });
    if (c.keys.default_ttl > c.keys.max_ttl) {
      ctx.addIssue({ code: 'custom', path: ['keys', 'default_ttl'], message: 'default_ttl cannot exceed max_ttl' });
    }
  });

export type WardenConfig = z.output<typeof configSchema>;
export type TrustedIssuerConfig = WardenConfig['identity']['trusted_issuers'][number];
export type AuditConfig = WardenConfig['audit'];
export type DeclaredAgent = z.output<typeof declaredAgent>;
export type Grants = z.output<typeof grantsSchema>;
export type McpServerConfig = WardenConfig['mcp_servers'][number];
export type PolicyConfig = WardenConfig['policy'];
