import { badRequest, conflict, notFound, unauthorized } from '../errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../audit/types.js';
import { repos } from '../store/repos/index.js';
import type { Credential, CredentialScopes } from '../store/repos/credentials.js';
import type { Agent } from '../store/repos/agents.js';
import type { Store } from '../store/store.js';
import type { ControlBus } from '../util/bus.js';
import type { Clock } from '../util/clock.js';
import { matchesAny } from '../util/glob.js';
import { newId } from '../util/ids.js';
import { formatDuration } from '../util/duration.js';
import { DigestCache } from './digest-cache.js';
import { SecretHasher } from './hmac.js';
import { generateKey, keyHint, parseKey } from './key-format.js';
import { actorLabel } from './agents.js';

export interface KeyPolicy {
  defaultTtlMs: number;
  maxTtlMs: number;
  rotationGraceMs: number;
}

/** A credential as APIs show it: everything but the stored digest. */
export type CredentialView = Omit<Credential, 'hmac'> & { state: 'active' | 'grace' | 'expired' | 'revoked' };

export function viewOf(c: Credential, now: number): CredentialView {
  const { hmac: _h, ...rest } = c;
  const state = c.revokedAt !== null ? 'revoked' : c.expiresAt <= now ? 'expired' : c.rotatedTo ? 'grace' : 'active';
  return { ...rest, state };
}

const POSITIVE_TTL_MS = 30_000;
const NEGATIVE_TTL_MS = 5_000;
const CACHE_MAX = 100_000;
const TOUCH_FLUSH_MS = 5_000;

/**
 * Virtual keys: issue (shown once), rotate with overlap, revoke, and verify on the hot path.
 * Verification checks the offline checksum, computes the peppered HMAC and looks it up in a
 * cache that revocations invalidate through the control bus.
 */
export class CredentialService {
  // Re-read after POSITIVE_TTL_MS even without a bus message: a safety net for changes made elsewhere.
  private cache = new DigestCache<Credential>({ hitTtlMs: POSITIVE_TTL_MS, missTtlMs: NEGATIVE_TTL_MS, max: CACHE_MAX });
  private pendingTouch = new Map<string, { at: number; ip: string | null }>();
  private flushTimer: NodeJS.Timeout | undefined;
  private unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly bus: ControlBus,
    private readonly clock: Clock,
    private readonly hasher: SecretHasher,
    private readonly policy: KeyPolicy,
  ) {
    this.unsubscribe = bus.subscribe((m) => {
      if (m.kind === 'credential.changed') this.forget(m.credentialId);
    });
    this.flushTimer = setInterval(() => void this.flushTouches(), TOUCH_FLUSH_MS);
    this.flushTimer.unref();
  }

  async issue(
    agentIdOrName: string,
    opts: { name?: string; scopes?: Partial<CredentialScopes>; ttlMs?: number },
    actor: Actor,
  ): Promise<{ credential: CredentialView; key: string }> {
    const now = this.clock.now();
    const ttl = this.ttl(opts.ttlMs);
    const key = generateKey('agent');
    const result = await this.store.transaction(async (trx) => {
      const r = repos(trx);
      const agent = await r.agents.get(agentIdOrName);
      if (!agent) throw notFound('agent.not_found', `No agent "${agentIdOrName}".`, 'List agents with `warden agents list`.');
      if (agent.status !== 'active') {
        throw conflict(`agent.${agent.status}`, `Agent "${agent.name}" is ${agent.status}; keys can only be issued to active agents.`);
      }
      const scopes = checkScopes(agent, opts.scopes);
      const cred: Credential = {
        id: newId('key', now),
        agentId: agent.id,
        kind: 'virtual_key',
        name: opts.name ?? '',
        hmac: this.hasher.digest(key),
        hint: keyHint(key),
        scopes,
        createdAt: now,
        createdBy: actorLabel(actor),
        expiresAt: now + ttl,
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
        rotatedFrom: null,
        rotatedTo: null,
        lastUsedAt: null,
        lastUsedIp: null,
      };
      await r.credentials.insert(cred);
      await this.audit.record(
        {
          phase: 'admin',
          action: 'key.issue',
          outcome: 'success',
          actor,
          agentId: agent.id,
          target: { kind: 'credential', id: cred.id },
          data: { agent: agent.name, scopes, expiresAt: cred.expiresAt, hint: cred.hint },
        },
        trx,
      );
      return cred;
    });
    return { credential: viewOf(result, now), key };
  }

  /**
   * Issues a successor with the same agent and scopes; the old key keeps working until the
   * grace period ends (or its own expiry, if sooner), so callers can roll without downtime.
   */
  async rotate(
    credentialId: string,
    opts: { graceMs?: number; ttlMs?: number },
    actor: Actor,
  ): Promise<{ credential: CredentialView; key: string; previous: CredentialView }> {
    const now = this.clock.now();
    const grace = opts.graceMs ?? this.policy.rotationGraceMs;
    if (grace < 0 || grace > this.policy.maxTtlMs) throw badRequest('key.invalid_grace', 'The grace period must be between 0 and the maximum key lifetime.');
    const ttl = this.ttl(opts.ttlMs);
    const key = generateKey('agent');
    const out = await this.store.transaction(async (trx) => {
      const r = repos(trx);
      const old = await r.credentials.get(credentialId);
      if (!old) throw notFound('key.not_found', `No key "${credentialId}".`, 'List an agent\'s keys with `warden keys list --agent NAME`.');
      if (old.revokedAt !== null) throw conflict('key.revoked', `Key ${old.id} is revoked; it cannot be rotated.`, 'Issue a new key instead.');
      if (old.rotatedTo) throw conflict('key.already_rotated', `Key ${old.id} was already rotated to ${old.rotatedTo}.`, 'Rotate the newest key instead.');
      if (old.expiresAt <= now) throw conflict('key.expired', `Key ${old.id} has expired; it cannot be rotated.`, 'Issue a new key instead.');
      const agent = await r.agents.get(old.agentId);
      if (!agent || agent.status !== 'active') throw conflict('agent.not_active', 'Keys can only be rotated for active agents.');
      const next: Credential = {
        ...old,
        id: newId('key', now),
        hmac: this.hasher.digest(key),
        hint: keyHint(key),
        createdAt: now,
        createdBy: actorLabel(actor),
        expiresAt: now + ttl,
        rotatedFrom: old.id,
        rotatedTo: null,
        lastUsedAt: null,
        lastUsedIp: null,
      };
      await r.credentials.insert(next);
      const oldExpires = Math.min(old.expiresAt, now + grace);
      await r.credentials.markRotated(old.id, next.id, oldExpires);
      await this.audit.record(
        {
          phase: 'admin',
          action: 'key.rotate',
          outcome: 'success',
          actor,
          agentId: old.agentId,
          target: { kind: 'credential', id: old.id },
          data: { newKey: next.id, grace: formatDuration(grace), previousExpiresAt: oldExpires, expiresAt: next.expiresAt, hint: next.hint },
        },
        trx,
      );
      return { next, previous: { ...old, rotatedTo: next.id, expiresAt: oldExpires } };
    });
    await this.bus.publish({ kind: 'credential.changed', credentialId: out.previous.id, agentId: out.previous.agentId });
    return { credential: viewOf(out.next, now), key, previous: viewOf(out.previous, now) };
  }

  async revoke(credentialId: string, reason: string, actor: Actor): Promise<CredentialView> {
    const now = this.clock.now();
    const cred = await this.store.transaction(async (trx) => {
      const r = repos(trx);
      const c = await r.credentials.get(credentialId);
      if (!c) throw notFound('key.not_found', `No key "${credentialId}".`, 'List an agent\'s keys with `warden keys list AGENT --all`.');
      if (c.revokedAt !== null) throw conflict('key.revoked', `Key ${c.id} is already revoked.`);
      await r.credentials.setRevoked(c.id, now, actorLabel(actor), reason);
      await this.audit.record(
        { phase: 'admin', action: 'key.revoke', outcome: 'success', actor, agentId: c.agentId, target: { kind: 'credential', id: c.id }, data: { reason } },
        trx,
      );
      return { ...c, revokedAt: now, revokedBy: actorLabel(actor), revokeReason: reason };
    });
    await this.bus.publish({ kind: 'credential.changed', credentialId: cred.id, agentId: cred.agentId });
    return viewOf(cred, now);
  }

  async get(credentialId: string): Promise<CredentialView> {
    const c = await repos(this.store.db).credentials.get(credentialId);
    if (!c) throw notFound('key.not_found', `No key "${credentialId}".`, 'List an agent\'s keys with `warden keys list AGENT --all`.');
    return viewOf(this.withPendingTouch(c), this.clock.now());
  }

  async list(agentIdOrName: string, opts: { includeRevoked?: boolean } = {}): Promise<CredentialView[]> {
    const r = repos(this.store.db);
    const agent = await r.agents.get(agentIdOrName);
    if (!agent) throw notFound('agent.not_found', `No agent "${agentIdOrName}".`, 'List agents with `warden agents list`.');
    const now = this.clock.now();
    return (await r.credentials.listByAgent(agent.id, opts)).map((c) => viewOf(this.withPendingTouch(c), now));
  }

  /**
   * Hot path: resolves a presented key to its credential or throws a 401 with a precise code.
   * Kill switch and agent status are checked by the authenticator, which knows the agent.
   */
  async verify(key: string, ip: string | null): Promise<Credential> {
    const parsed = parseKey(key);
    if (!parsed.ok || parsed.kind !== 'agent') {
      throw unauthorized('auth.key_malformed', 'The credential is not a well-formed Warden key.', 'Warden keys start with "wdn_"; check for truncation or extra characters.');
    }
    const digest = this.hasher.digest(key);
    const now = this.clock.now();
    const cred = await this.cache.get(digest, now, () => repos(this.store.db).credentials.getByHmac(digest));
    // The map lookup already matched the digest; compare again in constant time so the check does
    // not depend on how the map compares strings.
    if (!cred || !SecretHasher.equal(cred.hmac, digest)) {
      throw unauthorized('auth.key_unknown', 'The key is not known to Warden.', 'It may have been mistyped or belong to another Warden installation.');
    }
    if (cred.revokedAt !== null) throw unauthorized('auth.key_revoked', `Key ${cred.id} has been revoked.`, 'Ask the agent\'s owner for a new key.');
    if (cred.expiresAt <= now) {
      if (cred.rotatedTo) {
        throw unauthorized('auth.key_rotated', `Key ${cred.id} was rotated and its grace period has ended.`, `Use the successor key ${cred.rotatedTo}.`);
      }
      throw unauthorized('auth.key_expired', `Key ${cred.id} has expired.`, 'Ask the agent\'s owner to issue or rotate a key.');
    }
    this.pendingTouch.set(cred.id, { at: now, ip });
    return cred;
  }

  /** Drops a credential from the cache so the next request re-reads it. */
  forget(credentialId: string): void {
    this.cache.forgetWhere((c) => c.id === credentialId);
  }

  /** Writes last-used times in one batch; called on a timer and at shutdown. */
  async flushTouches(): Promise<void> {
    if (this.pendingTouch.size === 0) return;
    const batch = [...this.pendingTouch];
    this.pendingTouch.clear();
    try {
      await this.store.transaction(async (trx) => {
        const r = repos(trx);
        for (const [id, t] of batch) await r.credentials.touch(id, t.at, t.ip);
      });
    } catch {
      // Last-used is informational; losing one batch must not break requests.
    }
  }

  async close(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.unsubscribe();
    await this.flushTouches();
  }

  private withPendingTouch(c: Credential): Credential {
    const t = this.pendingTouch.get(c.id);
    return t ? { ...c, lastUsedAt: t.at, lastUsedIp: t.ip } : c;
  }

  private ttl(requested: number | undefined): number {
    const ttl = requested ?? this.policy.defaultTtlMs;
    if (!Number.isFinite(ttl) || ttl <= 0) throw badRequest('key.invalid_ttl', 'The key lifetime must be positive.');
    if (ttl > this.policy.maxTtlMs) {
      throw badRequest('key.ttl_too_long', `The key lifetime exceeds the maximum of ${formatDuration(this.policy.maxTtlMs)}.`, 'Ask for a shorter lifetime, or raise keys.max_ttl in warden.yaml.');
    }
    return ttl;
  }
}

/** A key may narrow an agent's grants, never widen them. */
function checkScopes(agent: Agent, scopes: Partial<CredentialScopes> | undefined): CredentialScopes {
  const out: CredentialScopes = { models: scopes?.models ?? [], servers: scopes?.servers ?? [], tools: scopes?.tools ?? [] };
  for (const kind of ['models', 'servers', 'tools'] as const) {
    for (const s of out[kind]) {
      if (!matchesAny(agent.grants[kind], s)) {
        throw badRequest(
          'key.scope_exceeds_grants',
          `Scope ${kind} "${s}" is not within agent "${agent.name}"'s grants.`,
          `Grant it to the agent first (warden agents update ${agent.name} --grant-${kind.slice(0, -1)} ...), or drop it from the scope.`,
        );
      }
    }
  }
  return out;
}
