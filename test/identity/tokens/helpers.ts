import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { TrustedIssuerConfig } from '../../../src/config/schema.js';
import type { SigningKeyRecord } from '../../../src/store/repos/signing-keys.js';
import { ManualClock } from '../../../src/util/clock.js';
import { AccessTokens } from '../../../src/identity/tokens/access-tokens.js';
import { TokenExchange, type AgentRef, type ExchangeEvent } from '../../../src/identity/tokens/exchange.js';
import { SigningKeys, type Sealer, type SigningKeyStore } from '../../../src/identity/tokens/signing-keys.js';
import { tokenRoutes } from '../../../src/gateway/token-routes.js';

/** AES-256-GCM under a random in-memory key: enough of a vault for tests. */
export function memorySealer(): Sealer {
  const key = randomBytes(32);
  return {
    seal(aad, plaintext) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
      const body = Buffer.concat([c.update(plaintext), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
    },
    open(aad, envelope) {
      const b = Buffer.from(envelope, 'base64url');
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12)).setAAD(Buffer.from(aad));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]);
    },
  };
}

/** The signing_keys table, in memory. */
export function memoryKeyStore(): SigningKeyStore & { rows: SigningKeyRecord[] } {
  const rows: SigningKeyRecord[] = [];
  return {
    rows,
    async list() {
      return rows.map((r) => ({ ...r })).sort((a, b) => a.createdAt - b.createdAt);
    },
    async insert(k) {
      rows.push({ ...k });
    },
    async retire(kid, at) {
      const r = rows.find((x) => x.kid === kid && x.retiredAt === null);
      if (r) r.retiredAt = at;
    },
  };
}

export const ISSUER = 'https://warden.test';
export const TTL = 600_000;
export const MAX_TTL = 3_600_000;

export async function wardenTokens(clock: ManualClock, store: SigningKeyStore = memoryKeyStore(), sealer: Sealer = memorySealer()) {
  const keys = new SigningKeys({ repo: store, sealer, clock, maxTokenTtlMs: MAX_TTL, refreshIntervalMs: 0 });
  await keys.start();
  const tokens = new AccessTokens({ keys, issuer: ISSUER, ttlMs: TTL, maxTtlMs: MAX_TTL, clock });
  return { keys, tokens };
}

/** An external identity provider: its own keys, a JWKS file, and a way to mint tokens. */
export interface TestIdp {
  issuer: string;
  kid: string;
  privateKey: CryptoKey;
  alg: 'RS256' | 'ES256';
  jwks: JWK[];
  mint(claims: JWTPayload, opts?: { exp?: number; aud?: string; iss?: string; kid?: string; key?: CryptoKey; alg?: string }): Promise<string>;
}

export async function makeIdp(issuer: string, alg: 'RS256' | 'ES256', dir: string, file: string): Promise<TestIdp & { file: string }> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const kid = `${alg.toLowerCase()}-1`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const full = path.join(dir, file);
  writeFileSync(full, JSON.stringify({ keys: [jwk] }));
  return {
    issuer,
    kid,
    privateKey,
    alg,
    jwks: [jwk],
    file: full,
    async mint(claims, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: opts.alg ?? alg, kid: opts.kid ?? kid, typ: 'JWT' })
        .setIssuer(opts.iss ?? issuer)
        .setAudience(opts.aud ?? 'warden')
        .setIssuedAt(now)
        .setExpirationTime(opts.exp ?? now + 3600)
        .sign(opts.key ?? privateKey);
    },
  };
}

export interface Harness {
  app: FastifyInstance;
  url: string;
  dir: string;
  clock: ManualClock;
  keys: SigningKeys;
  tokens: AccessTokens;
  workload: TestIdp & { file: string };
  idp: TestIdp & { file: string };
  agents: Map<string, AgentRef>;
  events: ExchangeEvent[];
  post(body: Record<string, string>, as?: 'form' | 'json'): Promise<{ status: number; body: Record<string, unknown>; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * A Warden token endpoint on a real port, trusting two issuers:
 * - workload (ES256, https://k8s.test): binds namespace "payments" + service account to agents.
 * - idp (RS256, https://idp.test): vouches for users (user_claim "email"); binds client "support-*" to agent "support-bot".
 */
export async function harness(): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-tokens-'));
  const clock = new ManualClock(Date.now());
  const { keys, tokens } = await wardenTokens(clock);
  const workload = await makeIdp('https://k8s.test', 'ES256', dir, 'k8s-jwks.json');
  const idp = await makeIdp('https://idp.test', 'RS256', dir, 'idp-jwks.json');
  const issuers: TrustedIssuerConfig[] = [
    {
      issuer: workload.issuer,
      audience: 'warden',
      jwks_file: 'k8s-jwks.json',
      algorithms: ['ES256'],
      bindings: [
        { claims: { namespace: 'payments', service_account: 'refunds' }, agent: 'refund-agent' },
        { claims: { namespace: 'payments', service_account: 'agent-*' }, agent_claim: 'service_account' },
      ],
      clock_tolerance: 30_000,
    },
    {
      issuer: idp.issuer,
      audience: ['warden', 'https://warden.test'],
      jwks_file: idp.file,
      algorithms: ['RS256'],
      bindings: [{ claims: { client_id: 'support-*' }, agent: 'support-bot' }],
      user_claim: 'email',
      clock_tolerance: 30_000,
    },
  ];
  const agents = new Map<string, AgentRef>();
  for (const a of [
    { id: 'agt_01refund', name: 'refund-agent', status: 'active' },
    { id: 'agt_01support', name: 'support-bot', status: 'active' },
    { id: 'agt_01ledger', name: 'agent-ledger', status: 'quarantined' },
  ]) {
    agents.set(a.name, a);
    agents.set(a.id, a);
  }
  const events: ExchangeEvent[] = [];
  const exchange = new TokenExchange({
    tokens,
    issuers,
    clock,
    baseDir: dir,
    resolveAgent: async (ref) => agents.get(ref),
    onEvent: (e) => events.push(e),
  });
  const app = fastify();
  tokenRoutes(app, { exchange, keys });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    app,
    url,
    dir,
    clock,
    keys,
    tokens,
    workload,
    idp,
    agents,
    events,
    async post(body, as = 'form') {
      const res = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': as === 'form' ? 'application/x-www-form-urlencoded' : 'application/json' },
        body: as === 'form' ? new URLSearchParams(body).toString() : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, text, headers: res.headers };
    },
    async close() {
      keys.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
