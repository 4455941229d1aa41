import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { TrustedIssuerConfig } from '../../config/schema.js';
import { WardenError, isWardenError } from '../../errors.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { WARDEN_AUDIENCE, type AccessTokens, type ActClaim } from './access-tokens.js';

export const GRANT_TYPE_TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const TOKEN_TYPE_JWT = 'urn:ietf:params:oauth:token-type:jwt';
export const TOKEN_TYPE_ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
export const TOKEN_TYPE_ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

const INPUT_TOKEN_TYPES = new Set([TOKEN_TYPE_JWT, TOKEN_TYPE_ID_TOKEN]);
const OUTPUT_TOKEN_TYPES = new Set([TOKEN_TYPE_ACCESS_TOKEN, TOKEN_TYPE_JWT]);
const MAX_TOKEN_CHARS = 16_384;
/** RFC 6749 §3.3 scope-token, space-separated. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

export type OAuthError = 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_target' | 'invalid_scope' | 'temporarily_unavailable' | 'server_error';

/** A refusal in RFC 6749 §5.2 shape, with Warden's stable code alongside the OAuth one. */
export class TokenExchangeError extends WardenError {
  constructor(
    readonly error: OAuthError,
    code: string,
    message: string,
    status = 400,
  ) {
    super(code, status, message);
  }

  toOAuth(): { error: OAuthError; error_description: string; warden_code: string } {
    return { error: this.error, error_description: this.message, warden_code: this.code };
  }
}

export interface AgentRef {
  id: string;
  name: string;
  status: string;
}

/** What the caller records in the audit log. Never contains a token. */
export interface ExchangeEvent {
  outcome: 'issued' | 'refused';
  /** Present on refusals. */
  wardenCode?: string;
  error?: OAuthError;
  agentId?: string;
  agentName?: string;
  /** Issuer of the token naming the agent (the subject token, or the actor token in delegation); trusted or merely claimed. */
  issuer?: string;
  /** Issuer of the user's token in delegation. */
  userIssuer?: string;
  user?: string;
  /** Id and expiry (epoch s) of the issued token. */
  jti?: string;
  exp?: number;
}

export interface TokenExchangeDeps {
  tokens: Pick<AccessTokens, 'issue' | 'issuer'>;
  issuers: TrustedIssuerConfig[];
  resolveAgent(nameOrId: string): Promise<AgentRef | undefined>;
  onEvent?: (e: ExchangeEvent) => void;
  clock?: Clock;
  /** Relative jwks_file paths resolve against this (the configuration file's directory). */
  baseDir?: string;
}

/** RFC 8693 §2.2.1 success response. */
export interface TokenExchangeResponse {
  access_token: string;
  issued_token_type: typeof TOKEN_TYPE_ACCESS_TOKEN;
  token_type: 'Bearer';
  expires_in: number;
  scope?: string;
}

const grantError = (code: string, message: string) => new TokenExchangeError('invalid_grant', code, message);
const requestError = (code: string, message: string) => new TokenExchangeError('invalid_request', code, message);

interface VerifiedToken {
  issuer: TrustedIssuer;
  claims: JWTPayload;
}

/**
 * RFC 8693 token exchange: a JWT from a trusted issuer (a workload identity such as a
 * Kubernetes service-account token, or a user's ID token) becomes a short-lived Warden
 * access token for the agent the issuer's binding rules name.
 *
 * Who is who:
 * - subject_token alone: it names the agent (through the bindings of its issuer). If that
 *   issuer has a user_claim and the token carries it, the issuer vouched for a user in the
 *   same token, and the Warden token acts on that user's behalf.
 * - subject_token + actor_token (delegation, RFC 8693 §1.1): the subject is the user and the
 *   actor is the agent. The agent comes from the actor token's bindings; the user from the
 *   subject issuer's user_claim, which is then required. If the subject token limits who may
 *   act for it (`may_act`, §4.4), the actor token must match.
 * The Warden token never outlives the tokens it was exchanged for.
 */
export class TokenExchange {
  private readonly issuers = new Map<string, TrustedIssuer>();
  private readonly clock: Clock;

  constructor(private readonly deps: TokenExchangeDeps) {
    this.clock = deps.clock ?? systemClock;
    for (const cfg of deps.issuers) this.issuers.set(cfg.issuer, new TrustedIssuer(cfg, deps.baseDir ?? process.cwd(), this.clock));
  }

  /** Runs one exchange from the request parameters; throws TokenExchangeError on refusal. */
  async exchange(params: Record<string, unknown>): Promise<TokenExchangeResponse> {
    const event: Omit<ExchangeEvent, 'outcome'> = {};
    try {
      const res = await this.run(params, event);
      this.emit({ outcome: 'issued', ...event });
      return res;
    } catch (e) {
      const err = asExchangeError(e);
      this.emit({ outcome: 'refused', ...event, wardenCode: err.code, error: err.error });
      throw err;
    }
  }

  private emit(e: ExchangeEvent): void {
    try {
      this.deps.onEvent?.(e);
    } catch {
      // Recording is the caller's job; a failing recorder must not change the answer.
    }
  }

  private async run(params: Record<string, unknown>, event: Omit<ExchangeEvent, 'outcome'>): Promise<TokenExchangeResponse> {
    const p = readParams(params);
    if (p.grant_type === undefined) throw requestError('exchange.missing_parameter', 'grant_type is required.');
    if (p.grant_type !== GRANT_TYPE_TOKEN_EXCHANGE) {
      throw new TokenExchangeError('unsupported_grant_type', 'exchange.unsupported_grant_type', `Only the ${GRANT_TYPE_TOKEN_EXCHANGE} grant is supported.`);
    }
    if (!p.subject_token) throw requestError('exchange.missing_parameter', 'subject_token is required.');
    if (!p.subject_token_type) throw requestError('exchange.missing_parameter', 'subject_token_type is required.');
    if (!INPUT_TOKEN_TYPES.has(p.subject_token_type)) {
      throw requestError('exchange.unsupported_token_type', `subject_token_type must be ${TOKEN_TYPE_JWT} or ${TOKEN_TYPE_ID_TOKEN}.`);
    }
    if (p.actor_token !== undefined || p.actor_token_type !== undefined) {
      if (!p.actor_token || !p.actor_token_type) throw requestError('exchange.missing_parameter', 'actor_token and actor_token_type go together.');
      if (!INPUT_TOKEN_TYPES.has(p.actor_token_type)) {
        throw requestError('exchange.unsupported_token_type', `actor_token_type must be ${TOKEN_TYPE_JWT} or ${TOKEN_TYPE_ID_TOKEN}.`);
      }
    }
    if (p.requested_token_type !== undefined && !OUTPUT_TOKEN_TYPES.has(p.requested_token_type)) {
      throw requestError('exchange.unsupported_token_type', `Warden issues only ${TOKEN_TYPE_ACCESS_TOKEN}.`);
    }
    // Warden issues tokens for itself only: a different audience or resource is a target it cannot serve.
    const targets = new Set([WARDEN_AUDIENCE, this.deps.tokens.issuer]);
    for (const t of [p.audience, p.resource]) {
      if (t !== undefined && !targets.has(t.replace(/\/+$/, ''))) {
        throw new TokenExchangeError('invalid_target', 'exchange.invalid_target', `Warden issues tokens only for audience "${WARDEN_AUDIENCE}".`);
      }
    }
    if (p.scope !== undefined && (p.scope.length > 1000 || !SCOPE.test(p.scope))) {
      throw new TokenExchangeError('invalid_scope', 'exchange.invalid_scope', 'scope must be space-separated scope tokens.');
    }

    const delegation = p.actor_token !== undefined;
    const subject = await this.verify(p.subject_token, 'subject_token', (iss) => (delegation ? (event.userIssuer = iss) : (event.issuer = iss)));
    let agentToken = subject;
    let user: { sub: string; iss: string } | undefined;
    if (p.actor_token) {
      const actor = await this.verify(p.actor_token, 'actor_token', (iss) => (event.issuer = iss));
      agentToken = actor;
      user = userOf(subject);
      if (!user) {
        throw grantError('token.no_user', 'In delegation the subject_token names the user, but its issuer vouches for no user (no user_claim, or the claim is missing).');
      }
      checkMayAct(subject.claims, actor.claims);
    } else {
      user = userOf(subject);
    }
    if (user) event.user = user.sub;

    const ref = bind(agentToken.issuer.cfg, agentToken.claims);
    if (ref === undefined) throw grantError('token.no_binding', 'No binding rule of the issuer matches this token, so it names no agent.');
    const agent = await this.deps.resolveAgent(ref);
    if (!agent) throw grantError('agent.unknown', 'The token is bound to an agent Warden does not know.');
    event.agentId = agent.id;
    event.agentName = agent.name;
    if (agent.status !== 'active') throw grantError('agent.inactive', `Agent ${agent.name} is ${agent.status}; only active agents get tokens.`);

    const exps = [subject.claims.exp, agentToken.claims.exp].filter((e): e is number => typeof e === 'number');
    const notAfter = Math.min(...exps) * 1000;
    if (notAfter - this.clock.now() < 1000) throw grantError('token.expired', 'The presented token expires too soon to exchange.');

    const issued = this.deps.tokens.issue({
      agent: { id: agent.id, name: agent.name },
      ...(user ? { user, ...priorActors(subject.claims) } : {}),
      ...(p.scope ? { scope: p.scope } : {}),
      notAfter,
    });
    event.jti = issued.claims.jti;
    event.exp = issued.claims.exp;
    return {
      access_token: issued.token,
      issued_token_type: TOKEN_TYPE_ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      ...(p.scope ? { scope: p.scope } : {}),
    };
  }

  /** Verifies one presented JWT against the trusted issuer it claims. */
  private async verify(token: string, which: string, noteIssuer: (iss: string) => void): Promise<VerifiedToken> {
    if (token.length > MAX_TOKEN_CHARS) throw grantError('token.malformed', `${which} is too long.`);
    const parts = token.split('.');
    if (parts.length === 5) throw grantError('token.malformed', `${which} is encrypted (JWE); present a signed JWT.`);
    if (parts.length !== 3) throw grantError('token.malformed', `${which} is not a JWT.`);
    let alg: unknown;
    let claims: JWTPayload;
    try {
      alg = decodeProtectedHeader(token).alg;
      claims = decodeJwt(token);
    } catch {
      throw grantError('token.malformed', `${which} is not a JWT.`);
    }
    // An unsigned token is refused on sight: nothing in it may steer what happens next.
    if (typeof alg !== 'string' || alg.toLowerCase() === 'none' || parts[2] === '') {
      throw grantError('token.unsigned', `${which} is unsigned (alg "none"); Warden accepts only signed tokens.`);
    }
    if (typeof claims.iss !== 'string') throw grantError('token.malformed', `${which} has no iss claim.`);
    noteIssuer(claims.iss.slice(0, 256));
    const issuer = this.issuers.get(claims.iss);
    if (!issuer) throw grantError('token.untrusted_issuer', `${which} comes from an issuer Warden does not trust.`);
    if (!(issuer.cfg.algorithms as string[]).includes(alg)) {
      throw grantError('token.disallowed_alg', `${which} uses algorithm ${JSON.stringify(alg.slice(0, 16))}, which issuer ${issuer.cfg.issuer} is not allowed to use.`);
    }
    return { issuer, claims: await issuer.verify(token, which) };
  }
}

/** One trusted issuer: its verification options and its key set, loaded on first use. */
class TrustedIssuer {
  private keys: JWTVerifyGetKey | undefined;
  private fileMtime = 0;
  private readonly file: string | undefined;

  constructor(
    readonly cfg: TrustedIssuerConfig,
    baseDir: string,
    private readonly clock: Clock,
  ) {
    this.file = cfg.jwks_file ? path.resolve(baseDir, cfg.jwks_file) : undefined;
  }

  async verify(token: string, which: string): Promise<JWTPayload> {
    try {
      return await this.verifyOnce(token);
    } catch (e) {
      // The issuer may have rotated its keys into the file since we read it: look once more.
      if (!(e instanceof errors.JWKSNoMatchingKey) || !this.file || !(await this.fileChanged())) throw mapVerifyError(e, which, this.cfg.issuer);
      this.keys = undefined;
      try {
        return await this.verifyOnce(token);
      } catch (e2) {
        throw mapVerifyError(e2, which, this.cfg.issuer);
      }
    }
  }

  private async verifyOnce(token: string): Promise<JWTPayload> {
    const keys = await this.keySet();
    const { payload } = await jwtVerify(token, keys, {
      issuer: this.cfg.issuer,
      audience: this.cfg.audience,
      algorithms: this.cfg.algorithms,
      clockTolerance: Math.round(this.cfg.clock_tolerance / 1000),
      currentDate: new Date(this.clock.now()),
      // A token without an expiry would be a bearer credential forever.
      requiredClaims: ['exp'],
    });
    return payload;
  }

  private async keySet(): Promise<JWTVerifyGetKey> {
    if (this.keys) return this.keys;
    if (this.cfg.jwks_url) {
      this.keys = createRemoteJWKSet(new URL(this.cfg.jwks_url), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
      return this.keys;
    }
    const file = this.file!;
    try {
      this.fileMtime = (await stat(file)).mtimeMs;
      this.keys = createLocalJWKSet(JSON.parse(await readFile(file, 'utf8')));
    } catch (e) {
      throw new TokenExchangeError('temporarily_unavailable', 'issuer.jwks_unavailable', `The key set of issuer ${this.cfg.issuer} cannot be read from ${file}: ${(e as Error).message}`, 503);
    }
    return this.keys;
  }

  private async fileChanged(): Promise<boolean> {
    try {
      return (await stat(this.file!)).mtimeMs !== this.fileMtime;
    } catch {
      return false;
    }
  }
}

function mapVerifyError(e: unknown, which: string, issuer: string): TokenExchangeError {
  if (e instanceof TokenExchangeError) return e;
  if (e instanceof errors.JWTExpired) return grantError('token.expired', `${which} has expired.`);
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return grantError('token.wrong_audience', `${which} is not meant for Warden (audience does not match issuer ${issuer}'s configuration).`);
    if (e.claim === 'iss') return grantError('token.wrong_issuer', `${which} has the wrong issuer.`);
    if (e.claim === 'nbf' || e.claim === 'iat') return grantError('token.not_yet_valid', `${which} is not valid yet.`);
    return grantError('token.malformed', `${which} has an invalid "${e.claim}" claim (${e.reason}).`);
  }
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) {
    return grantError('token.unknown_kid', `${which} is signed by a key issuer ${issuer} does not publish.`);
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return grantError('token.bad_signature', `${which} signature does not verify.`);
  if (e instanceof errors.JOSEAlgNotAllowed) return grantError('token.disallowed_alg', `${which} uses an algorithm issuer ${issuer} is not allowed to use.`);
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid || e instanceof errors.JOSENotSupported) {
    return grantError('token.malformed', `${which} is not a valid JWT.`);
  }
  // Key set fetch failures, timeouts, an invalid key set: Warden cannot check, so it refuses (fail closed).
  return new TokenExchangeError('temporarily_unavailable', 'issuer.jwks_unavailable', `The key set of issuer ${issuer} is unavailable.`, 503);
}

function asExchangeError(e: unknown): TokenExchangeError {
  if (e instanceof TokenExchangeError) return e;
  if (isWardenError(e)) return new TokenExchangeError(e.status >= 500 ? 'temporarily_unavailable' : 'invalid_request', e.code, e.message, e.status);
  return new TokenExchangeError('server_error', 'exchange.internal_error', 'The token could not be issued because of an internal error.', 500);
}

type Params = Partial<Record<
  'grant_type' | 'subject_token' | 'subject_token_type' | 'actor_token' | 'actor_token_type' | 'requested_token_type' | 'scope' | 'audience' | 'resource',
  string
>>;

function readParams(raw: Record<string, unknown>): Params {
  const out: Record<string, string> = {};
  for (const k of ['grant_type', 'subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type', 'scope', 'audience', 'resource']) {
    const v = raw[k];
    if (v === undefined || v === '') continue;
    // RFC 6749 §3.2: parameters must not be repeated. Multiple audience/resource values are a target Warden cannot serve anyway.
    if (Array.isArray(v)) throw requestError('exchange.duplicate_parameter', `${k} is given more than once.`);
    if (typeof v !== 'string') throw requestError('exchange.invalid_parameter', `${k} must be a string.`);
    out[k] = v;
  }
  return out;
}

/** The user a verified token vouches for, from its issuer's user_claim. */
function userOf(t: VerifiedToken): { sub: string; iss: string } | undefined {
  const claim = t.issuer.cfg.user_claim;
  const v = claim ? t.claims[claim] : undefined;
  return typeof v === 'string' && v !== '' ? { sub: v, iss: t.issuer.cfg.issuer } : undefined;
}

/** RFC 8693 §4.4: a subject token may name who may act for it. */
function checkMayAct(subject: JWTPayload, actor: JWTPayload): void {
  const m = subject.may_act as { sub?: unknown; iss?: unknown } | undefined;
  if (m === undefined) return;
  if (typeof m !== 'object' || m === null || m.sub !== actor.sub || (m.iss !== undefined && m.iss !== actor.iss)) {
    throw grantError('token.actor_not_allowed', 'The subject token does not allow this actor to act for it (may_act).');
  }
}

/** The delegation chain the user's token already carries, kept to sub/iss and a bounded depth. */
function priorActors(subject: JWTPayload): { priorActors?: ActClaim } {
  const walk = (v: unknown, depth: number): ActClaim | undefined => {
    const a = v as { sub?: unknown; iss?: unknown; act?: unknown } | null;
    if (depth > 8 || typeof a !== 'object' || a === null || typeof a.sub !== 'string') return undefined;
    const nested = walk(a.act, depth + 1);
    return { sub: a.sub, ...(typeof a.iss === 'string' ? { iss: a.iss } : {}), ...(nested ? { act: nested } : {}) };
  };
  const chain = walk(subject.act, 0);
  return chain ? { priorActors: chain } : {};
}

/**
 * First binding whose claims all match wins; it names the agent directly or through a claim.
 * A binding whose agent_claim is missing from the token does not match.
 */
function bind(cfg: TrustedIssuerConfig, claims: JWTPayload): string | undefined {
  for (const b of cfg.bindings) {
    if (!Object.entries(b.claims).every(([name, pattern]) => matches(pattern, claims[name]))) continue;
    if (b.agent) return b.agent;
    const v = claims[b.agent_claim!];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

const globs = new Map<string, RegExp>();

/** Exact match, or `*` as a wildcard over the whole value. Only scalar claims match. */
function matches(pattern: string, value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  const s = String(value);
  if (!pattern.includes('*')) return s === pattern;
  let re = globs.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
    globs.set(pattern, re);
  }
  return re.test(s);
}
