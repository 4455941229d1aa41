import { badRequest, conflict, notFound, unauthorized } from '../errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../audit/types.js';
import { repos } from '../store/repos/index.js';
import type { AdminRole, AdminToken } from '../store/repos/admin-tokens.js';
import type { Store } from '../store/store.js';
import type { ControlBus } from '../util/bus.js';
import type { Clock } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { DigestCache } from './digest-cache.js';
import { SecretHasher } from './hmac.js';
import { generateKey, keyHint, parseKey } from './key-format.js';
import { ADMIN_ROLES } from './roles.js';
import { actorLabel } from './agents.js';

export type AdminTokenView = Omit<AdminToken, 'hmac'>;

export interface AdminPrincipal {
  tokenId: string;
  name: string;
  role: AdminRole;
}

const CACHE_TTL_MS = 30_000;

function view(t: AdminToken): AdminTokenView {
  const { hmac: _h, ...rest } = t;
  return rest;
}

/** Tokens for the admin API (CLI, console, automation), each with one role. */
export class AdminTokenService {
  private cache = new DigestCache<AdminToken>({ hitTtlMs: CACHE_TTL_MS, missTtlMs: 5_000, max: 10_000 });
  private unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly bus: ControlBus,
    private readonly clock: Clock,
    private readonly hasher: SecretHasher,
  ) {
    this.unsubscribe = bus.subscribe((m) => {
      if (m.kind === 'admin_token.changed') this.cache.clear();
    });
  }

  async create(input: { name: string; role: AdminRole; ttlMs?: number }, actor: Actor): Promise<{ token: AdminTokenView; secret: string }> {
    if (!ADMIN_ROLES.includes(input.role)) {
      throw badRequest('admin_token.invalid_role', `Unknown role "${input.role}".`, `Use one of: ${ADMIN_ROLES.join(', ')}.`);
    }
    const now = this.clock.now();
    const secret = generateKey('admin');
    const t: AdminToken = {
      id: newId('adm', now),
      name: input.name,
      role: input.role,
      hmac: this.hasher.digest(secret),
      hint: keyHint(secret),
      createdAt: now,
      createdBy: actorLabel(actor),
      expiresAt: input.ttlMs ? now + input.ttlMs : null,
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.store.transaction(async (trx) => {
      await repos(trx).adminTokens.insert(t);
      await this.audit.record(
        { phase: 'admin', action: 'admin_token.create', outcome: 'success', actor, target: { kind: 'admin_token', id: t.id, name: t.name }, data: { role: t.role, expiresAt: t.expiresAt } },
        trx,
      );
    });
    return { token: view(t), secret };
  }

  /**
   * Creates the first admin token if no live admin token exists. Returns undefined when one
   * already exists, so a restart never prints a second bootstrap token.
   */
  async bootstrap(actor: Actor, force = false): Promise<{ token: AdminTokenView; secret: string } | undefined> {
    const live = await repos(this.store.db).adminTokens.countLive(this.clock.now());
    if (live > 0 && !force) return undefined;
    return this.create({ name: force ? 'recovery' : 'bootstrap', role: 'admin' }, actor);
  }

  async list(): Promise<AdminTokenView[]> {
    return (await repos(this.store.db).adminTokens.list()).map(view);
  }

  async revoke(id: string, actor: Actor): Promise<AdminTokenView> {
    const now = this.clock.now();
    const t = await this.store.transaction(async (trx) => {
      const r = repos(trx);
      const t = await r.adminTokens.get(id);
      if (!t) throw notFound('admin_token.not_found', `No admin token "${id}".`);
      if (t.revokedAt !== null) throw conflict('admin_token.revoked', `Admin token ${id} is already revoked.`);
      await r.adminTokens.setRevoked(id, now);
      await this.audit.record({ phase: 'admin', action: 'admin_token.revoke', outcome: 'success', actor, target: { kind: 'admin_token', id, name: t.name } }, trx);
      return { ...t, revokedAt: now };
    });
    this.cache.clear();
    await this.bus.publish({ kind: 'admin_token.changed', tokenId: id });
    return view(t);
  }

  async verify(secret: string): Promise<AdminPrincipal> {
    const parsed = parseKey(secret);
    if (!parsed.ok || parsed.kind !== 'admin') {
      throw unauthorized('admin.token_malformed', 'The admin token is not a well-formed Warden admin token.', 'Admin tokens start with "wdna_"; set WARDEN_ADMIN_TOKEN or pass --token.');
    }
    const digest = this.hasher.digest(secret);
    const now = this.clock.now();
    const t = await this.cache.get(digest, now, async () => {
      const token = await repos(this.store.db).adminTokens.getByHmac(digest);
      // Last use is recorded when the token is (re)loaded: about once per cache lifetime, not per call.
      if (token) void repos(this.store.db).adminTokens.touch(token.id, now).catch(() => {});
      return token;
    });
    if (!t || !SecretHasher.equal(t.hmac, digest)) throw unauthorized('admin.token_unknown', 'The admin token is not known to this Warden.', 'Check WARDEN_ADMIN_TOKEN and WARDEN_URL point at the same installation.');
    if (t.revokedAt !== null) throw unauthorized('admin.token_revoked', `Admin token ${t.id} has been revoked.`, 'Ask an admin for a new token (`warden admin tokens create`).');
    if (t.expiresAt !== null && t.expiresAt <= now) throw unauthorized('admin.token_expired', `Admin token ${t.id} has expired.`, 'Ask an admin for a new token (`warden admin tokens create`).');
    return { tokenId: t.id, name: t.name, role: t.role };
  }

  close(): void {
    this.unsubscribe();
  }
}
