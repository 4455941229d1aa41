import { sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import type { WardenConfig } from '../../config/schema.js';
import { WardenError, badRequest, isWardenError } from '../../errors.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { newId } from '../../util/ids.js';
import type { SigningKeys } from './signing-keys.js';

/** The audience of every token Warden issues: Warden itself (its gateway and admin API). */
export const WARDEN_AUDIENCE = 'warden';
/** RFC 9068 media type, so a Warden access token cannot be mistaken for an ID token. */
const TOKEN_TYP = 'at+jwt';

/** RFC 8693 §4.1 actor claim: `sub` acts; a nested `act` names the actor before it. */
export interface ActClaim {
  sub: string;
  iss?: string;
  act?: ActClaim;
}

/**
 * Claims of a Warden access token.
 *
 * Semantics, chosen so that a consumer reading only `sub` can never mistake an agent for a person:
 * - `sub` is always the agent id: the token authenticates the workload that presents it.
 * - `obo` (on behalf of) is the user, as `{sub, iss}` of the trusted issuer that vouched for them.
 *   It is present only when the agent acts for someone.
 * - `act` is present exactly when `obo` is. Read together they are RFC 8693 delegation: the user
 *   (`obo.sub`, the RFC's subject) delegated to the current actor `act.sub`, which is this agent
 *   (`act.iss` is Warden). A nested `act` is the earlier actor chain, copied from the user's token
 *   when its issuer had already recorded a delegation; per §4.1 only the outermost actor is current.
 */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  exp: number;
  jti: string;
  agent: { id: string; name: string };
  obo?: { sub: string; iss: string };
  act?: ActClaim;
  scope?: string;
}

export interface IssueInput {
  agent: { id: string; name: string };
  /** The person the agent acts for; turns on `obo` and `act`. */
  user?: { sub: string; iss: string };
  /** Actor chain already recorded upstream, nested under this agent in `act`. */
  priorActors?: ActClaim;
  scope?: string;
  ttlMs?: number;
  /** Epoch ms the token must not outlive (the credential it was exchanged for). */
  notAfter?: number;
}

export interface IssuedToken {
  token: string;
  claims: AccessTokenClaims;
  /** Seconds, as OAuth's expires_in. */
  expiresIn: number;
}

export interface AccessTokensOptions {
  keys: Pick<SigningKeys, 'signingKey' | 'publicKey' | 'refresh'>;
  issuer: string;
  ttlMs?: number;
  maxTtlMs?: number;
  clock?: Clock;
  /** Skew allowed on exp, nbf and iat. */
  clockToleranceMs?: number;
  /** Verified tokens remembered; the oldest are dropped first. */
  cacheSize?: number;
}

/** identity.issuer, else the server's public URL, else "warden". */
export function resolveIssuer(config: { identity: Pick<WardenConfig['identity'], 'issuer'>; server: Pick<WardenConfig['server'], 'public_url'> }): string {
  return config.identity.issuer ?? config.server.public_url?.replace(/\/+$/, '') ?? 'warden';
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_CHARS = 8192;

const refuse = (code: string, message: string, hint?: string) => new WardenError(code, 401, message, hint ? { hint } : {});

/**
 * Issues and verifies Warden's own access tokens (JWS, EdDSA). Verification is done with
 * node:crypto against a cached KeyObject: synchronous, and about 15-20% cheaper than jose's
 * async jwtVerify, the Ed25519 check itself being most of the cost (bench/token-verify.ts).
 * A verified token is remembered until it expires, so presenting it again costs one Map lookup.
 */
export class AccessTokens {
  readonly issuer: string;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly maxTtlMs: number;
  private readonly toleranceMs: number;
  private readonly cacheSize: number;
  private readonly cache = new Map<string, { claims: AccessTokenClaims; until: number }>();

  constructor(private readonly opts: AccessTokensOptions) {
    this.issuer = opts.issuer;
    this.clock = opts.clock ?? systemClock;
    this.maxTtlMs = opts.maxTtlMs ?? 3_600_000;
    this.ttlMs = Math.min(opts.ttlMs ?? 600_000, this.maxTtlMs);
    this.toleranceMs = opts.clockToleranceMs ?? 5_000;
    this.cacheSize = opts.cacheSize ?? 10_000;
  }

  issue(input: IssueInput): IssuedToken {
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    let expMs = now + Math.min(input.ttlMs ?? this.ttlMs, this.maxTtlMs);
    if (input.notAfter !== undefined) expMs = Math.min(expMs, input.notAfter);
    const exp = Math.floor(expMs / 1000);
    if (exp <= iat) throw badRequest('token.ttl_too_short', 'The token would expire as soon as it is issued.');

    const claims: AccessTokenClaims = {
      iss: this.issuer,
      aud: WARDEN_AUDIENCE,
      sub: input.agent.id,
      iat,
      exp,
      jti: newId('tok', now),
      agent: { id: input.agent.id, name: input.agent.name },
    };
    if (input.user) {
      claims.obo = { sub: input.user.sub, iss: input.user.iss };
      claims.act = { sub: input.agent.id, iss: this.issuer, ...(input.priorActors ? { act: input.priorActors } : {}) };
    }
    if (input.scope) claims.scope = input.scope;

    const { kid, privateKey } = this.opts.keys.signingKey();
    const header = b64json({ alg: 'EdDSA', typ: TOKEN_TYP, kid });
    const input64 = `${header}.${b64json(claims)}`;
    const signature = edSign(null, Buffer.from(input64), privateKey).toString('base64url');
    return { token: `${input64}.${signature}`, claims, expiresIn: exp - iat };
  }

  /**
   * Verifies a token; when it names a kid this instance does not know, re-reads the keys once
   * (another instance may have rotated) before refusing.
   */
  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      return this.verifySync(token);
    } catch (e) {
      if (!isWardenError(e) || e.code !== 'token.unknown_kid') throw e;
      // A refresh that fails half-way (new signer not unsealable) still loads the public keys.
      await this.opts.keys.refresh().catch(() => {});
      return this.verifySync(token);
    }
  }

  /** Verifies against the keys already loaded. The returned claims are frozen (they are shared with the cache). */
  verifySync(token: string): AccessTokenClaims {
    const hit = this.cache.get(token);
    if (hit) {
      if (this.clock.now() < hit.until) return hit.claims;
      this.cache.delete(token);
    }
    const claims = this.verifyUncached(token);
    if (this.cache.size >= this.cacheSize) this.evict();
    this.cache.set(token, { claims, until: claims.exp * 1000 + this.toleranceMs });
    return claims;
  }

  /** Forget every verified token (for tests and for an emergency key withdrawal). */
  clearCache(): void {
    this.cache.clear();
  }

  private evict(): void {
    const now = this.clock.now();
    for (const [t, e] of this.cache) if (e.until <= now) this.cache.delete(t);
    // Still full: drop the oldest insertions (Map keeps insertion order).
    for (const t of this.cache.keys()) {
      if (this.cache.size < this.cacheSize) break;
      this.cache.delete(t);
    }
  }

  private verifyUncached(token: string): AccessTokenClaims {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) throw refuse('token.malformed', 'The access token is not a JWT.');
    const parts = token.split('.');
    if (parts.length !== 3) throw refuse('token.malformed', 'The access token is not a JWT (expected three dot-separated parts).');
    const [h, p, s] = parts as [string, string, string];
    if (!B64URL.test(p) || (s !== '' && !B64URL.test(s))) throw refuse('token.malformed', 'The access token is not base64url-encoded.');
    const header = parseJsonPart(h, 'header');
    // Refuse unsigned tokens by their header alone, before any other processing.
    if (header.alg === undefined || String(header.alg).toLowerCase() === 'none' || s === '') {
      throw refuse('token.unsigned', 'The access token is unsigned.', 'Warden accepts only tokens it signed (EdDSA).');
    }
    if (header.alg !== 'EdDSA') throw refuse('token.disallowed_alg', `Algorithm ${safe(header.alg)} is not accepted for Warden access tokens.`);
    if (header.typ !== TOKEN_TYP) throw refuse('token.malformed', `The token type must be "${TOKEN_TYP}".`);
    if (header.crit !== undefined) throw refuse('token.malformed', 'The token has critical header parameters Warden does not understand.');
    if (typeof header.kid !== 'string') throw refuse('token.unknown_kid', 'The access token names no signing key (kid).');
    const key: KeyObject | undefined = this.opts.keys.publicKey(header.kid);
    if (!key) throw refuse('token.unknown_kid', `Signing key ${safe(header.kid)} is not one of Warden's published keys.`);
    if (!edVerify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) {
      throw refuse('token.bad_signature', 'The access token signature does not verify.');
    }

    const c = parseJsonPart(p, 'payload');
    if (
      typeof c.iss !== 'string' ||
      typeof c.sub !== 'string' ||
      typeof c.jti !== 'string' ||
      !isNumericDate(c.exp) ||
      !isNumericDate(c.iat) ||
      (c.nbf !== undefined && !isNumericDate(c.nbf)) ||
      !isAgent(c.agent)
    ) {
      throw refuse('token.malformed', 'The access token lacks required claims.');
    }
    if (c.iss !== this.issuer) throw refuse('token.wrong_issuer', 'The access token was issued by someone else.');
    const aud = c.aud;
    if (!(aud === WARDEN_AUDIENCE || (Array.isArray(aud) && aud.includes(WARDEN_AUDIENCE)))) {
      throw refuse('token.wrong_audience', 'The access token is not meant for Warden.');
    }
    const now = this.clock.now();
    if (c.exp * 1000 <= now - this.toleranceMs) throw refuse('token.expired', 'The access token has expired.', 'Exchange a fresh token.');
    if ((c.nbf !== undefined && c.nbf * 1000 > now + this.toleranceMs) || c.iat * 1000 > now + this.toleranceMs) {
      throw refuse('token.not_yet_valid', 'The access token is not valid yet.', 'Check the clocks of the issuing and verifying machines.');
    }
    return deepFreeze(c as unknown as AccessTokenClaims);
  }
}

function b64json(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

function parseJsonPart(part: string, what: string): Record<string, unknown> {
  if (!B64URL.test(part)) throw refuse('token.malformed', `The token ${what} is not base64url.`);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw refuse('token.malformed', `The token ${what} is not JSON.`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw refuse('token.malformed', `The token ${what} is not a JSON object.`);
  return v as Record<string, unknown>;
}

const isNumericDate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isAgent(v: unknown): v is { id: string; name: string } {
  const a = v as { id?: unknown; name?: unknown } | null;
  return typeof a === 'object' && a !== null && typeof a.id === 'string' && typeof a.name === 'string';
}

/** Header values go into messages; keep them short and printable. */
function safe(v: unknown): string {
  return JSON.stringify(String(v).slice(0, 64).replace(/[^\x20-\x7e]/g, '?'));
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
