import { inspect } from 'node:util';
import { statSync } from 'node:fs';
import type { AuditLog } from '../audit/audit-log.js';
import { SYSTEM_ACTOR, type Actor } from '../audit/types.js';
import { badRequest, conflict, notFound, WardenError } from '../errors.js';
import { isUniqueViolation } from '../store/dialect.js';
import { repos } from '../store/repos/index.js';
import type { SecretKind, SecretVersion } from '../store/repos/secrets.js';
import type { Store } from '../store/store.js';
import type { ControlBus } from '../util/bus.js';
import { systemClock, type Clock } from '../util/clock.js';
import { looksLikeId, newId } from '../util/ids.js';
import { envelopeKid, open, rewrap, seal } from './envelope.js';
import { generateMasterKey, readKeyFile, writeKeyFile, type KeySource, type Keyring } from './master-key.js';

export type { SecretKind } from '../store/repos/secrets.js';

/** What other modules (signing keys, ...) use to keep their private material as envelopes. */
export interface Sealer {
  seal(aad: string, plaintext: Buffer): string;
  open(aad: string, envelope: string): Buffer;
}

export const SECRET_KINDS: readonly SecretKind[] = ['provider_key', 'mcp_token', 'env', 'generic'];
export const SECRET_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const MAX_SECRET_BYTES = 64 * 1024;
const MAX_DESCRIPTION = 1024;
const PAGE = 200;
const DEFAULT_CACHE_TTL_MS = 5_000;
const SYSTEM_NAME = /^[a-z0-9][a-z0-9._:-]{0,127}$/;
/** Contexts the vault seals its own rows under; other modules may not use them (no forging a secret row). */
const UNREADABLE = 'unreadable';
const RESERVED_AAD = /^(secret|system):/;

const secretAad = (secretId: string, version: number) => `secret:${secretId}:v${version}`;
const systemAad = (name: string) => `system:${name}`;

/** A secret's metadata. There is deliberately no field for the value, its length or any digest of it. */
export interface SecretSummary {
  id: string;
  name: string;
  kind: SecretKind;
  description: string;
  currentVersion: number;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
}

export interface SecretVersionInfo {
  version: number;
  createdAt: number;
  createdBy: string;
  /** Null for the current version; otherwise the end of its overlap window. */
  retireAt: number | null;
  current: boolean;
  /** Whether resolveAll() still returns it (current, or superseded but inside its grace). */
  active: boolean;
}

export interface SecretInfo extends SecretSummary {
  versions: SecretVersionInfo[];
}

export interface CreateSecretInput {
  name: string;
  kind: SecretKind;
  description?: string;
  value: string;
}

export interface RewrapResult {
  primaryKid: string;
  secretVersions: number;
  systemSecrets: number;
  signingKeys: number;
  /** Envelopes already under the primary key. */
  unchanged: number;
}

export interface VaultStatus {
  source: KeySource;
  file?: string;
  primaryKid: string;
  keyringKids: string[];
  /** Every kid the keyring, the vault_keys table or a stored envelope knows, with its envelope count. */
  keys: Array<{ kid: string; primary: boolean; inKeyring: boolean; recordedAt: number | null; envelopes: number }>;
  envelopes: number;
  /** Keys in the keyring that no stored envelope needs any more: safe to drop from the key source. */
  removableKids: string[];
}

export interface VaultOptions {
  store: Store;
  keyring: Keyring;
  /** Where the keyring came from; a loader result (`{ source, file }`) fits. */
  keySource: { source: KeySource; file?: string | undefined };
  audit: AuditLog;
  clock?: Clock;
  bus?: ControlBus;
  /** How long a superseded secret version stays resolvable after rotate(). */
  rotationGraceMs: number;
  /** How long a decrypted value may be served from memory; 0 disables the cache. */
  cacheTtlMs?: number;
}

const secretNotFound = (nameOrId: string) =>
  notFound('vault.secret_not_found', `No vault secret named "${nameOrId}".`, 'List secrets with `warden secrets list`.');

const actorRef = (a: Actor) => a.id ?? a.name ?? a.kind;

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !SECRET_NAME.test(name) || looksLikeId(name)) {
    throw badRequest(
      'vault.invalid_name',
      'A secret name is 1-63 characters: lowercase letters, digits, ".", "_" and "-", starting with a letter or digit (and not shaped like an id).',
    );
  }
  return name;
}

function checkValue(value: unknown): Buffer {
  // The message says what is wrong with the value and nothing about it (not even its length).
  if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES) {
    throw badRequest('vault.invalid_value', `A secret value must be a non-empty string of at most ${MAX_SECRET_BYTES} bytes.`);
  }
  return Buffer.from(value, 'utf8');
}

function toSummary(s: { id: string; name: string; kind: SecretKind; description: string; currentVersion: number; createdAt: number; updatedAt: number; createdBy: string }): SecretSummary {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    description: s.description,
    currentVersion: s.currentVersion,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    createdBy: s.createdBy,
  };
}

/** Versions resolve() may return: the current one, then superseded ones still inside their grace, newest first. */
function liveVersions(versions: SecretVersion[], current: number, now: number): SecretVersion[] {
  return versions
    .filter((v) => v.version === current || (v.version < current && v.retireAt !== null && v.retireAt > now))
    .sort((a, b) => (a.version === current ? -1 : b.version === current ? 1 : b.version - a.version));
}

/**
 * The vault: upstream secrets and Warden's own secret material, stored only as envelopes
 * (see envelope.ts). Values leave it only through resolve()/resolveAll() (for the gateway to
 * inject upstream) and systemSecret()/Sealer (for Warden's own modules).
 */
export class Vault implements Sealer {
  private keyring: Keyring;
  private readonly store: Store;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly bus: ControlBus | undefined;
  private readonly keySource: { source: KeySource; file?: string | undefined };
  private readonly graceMs: number;
  private readonly cacheTtlMs: number;
  private readonly cache = new Map<string, { values: string[]; until: number }>();
  private readonly systemCache = new Map<string, Buffer>();
  /** Bumped on every invalidation, so a read that raced with a change does not re-cache stale values. */
  private generation = 0;
  private lastKeyReload = 0;
  private lastKeyFileMtime = -1;
  private unsubscribe: (() => void) | undefined;

  private constructor(o: VaultOptions) {
    this.store = o.store;
    this.keyring = o.keyring;
    this.keySource = { source: o.keySource.source, file: o.keySource.file };
    this.audit = o.audit;
    this.clock = o.clock ?? systemClock;
    this.bus = o.bus;
    this.graceMs = o.rotationGraceMs;
    this.cacheTtlMs = o.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  }

  /** Opens the vault, failing closed when the keyring cannot open what the database holds. */
  static async open(o: VaultOptions): Promise<Vault> {
    const v = new Vault(o);
    await v.reconcileKeys();
    v.unsubscribe = o.bus?.subscribe((m) => {
      if (m.kind !== 'vault.changed') return;
      v.invalidate();
      // A message without a secret means the master keys changed on another instance.
      if (m.secret === undefined) v.reloadKeyFile(false);
    });
    return v;
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.invalidate();
    for (const b of this.systemCache.values()) b.fill(0);
    this.systemCache.clear();
  }

  /** A vault that ends up in a log line shows its key ids only, never cached values or keys. */
  toJSON(): { vault: { source: KeySource; primaryKid: string; kids: string[] } } {
    return { vault: { source: this.keySource.source, primaryKid: this.keyring.primaryKid, kids: this.keyring.kids() } };
  }

  [inspect.custom](): string {
    return `Vault { source: ${this.keySource.source}, primary: ${this.keyring.primaryKid} }`;
  }

  // ---- master keys -------------------------------------------------------------------------

  /**
   * Records new kids, and refuses to start when a known kid's check value differs (a different
   * key under the same id) or when stored envelopes need a key the keyring lacks. Writes happen
   * only after both checks pass, so a wrong key leaves no trace in the database.
   */
  private async reconcileKeys(): Promise<void> {
    const r = repos(this.store.db);
    const known = new Map((await r.vaultKeys.list()).map((k) => [k.kid, k]));
    for (const kid of this.keyring.kids()) {
      const rec = known.get(kid);
      if (rec && !this.keyring.matchesCheckValue(kid, rec.checkValue)) throw this.mismatch(kid);
    }
    const counts = await this.countEnvelopes();
    // Unparseable envelopes are reported by status() and fail on use; they do not name a key to ask for.
    const missing = [...counts.keys()].filter((kid) => kid !== UNREADABLE && !this.keyring.has(kid));
    if (missing.length > 0) {
      throw new WardenError(
        'vault.master_key_missing',
        503,
        `The vault holds ${missing.map((k) => `${counts.get(k)} envelope(s) sealed under master key ${k}`).join(', ')}, but that key is not in the keyring (which has ${this.keyring.kids().join(', ')}).`,
        {
          hint: 'Supply the missing master key as well: add it to WARDEN_MASTER_KEY (comma-separated, primary first) or to the key file (one per line). Without it those secrets cannot be decrypted.',
          details: { missingKids: missing, keyringKids: this.keyring.kids() },
        },
      );
    }
    for (const kid of this.keyring.kids()) {
      if (!known.has(kid)) await this.recordKid(kid);
    }
  }

  private mismatch(kid: string): WardenError {
    return new WardenError('vault.master_key_mismatch', 503, `Master key ${kid} does not match the key this database recorded under that id.`, {
      hint: 'Supply the master key this database was set up with (WARDEN_MASTER_KEY or the key file).',
      details: { kid },
    });
  }

  private async recordKid(kid: string, trx = this.store.db): Promise<void> {
    try {
      await repos(trx).vaultKeys.insert({ kid, checkValue: this.keyring.checkValue(kid)!, createdAt: this.clock.now(), retiredAt: null });
    } catch (e) {
      // Another instance recorded it at the same moment: fine if it recorded the same key.
      if (!isUniqueViolation(e)) throw e;
      const rec = (await repos(this.store.db).vaultKeys.list()).find((k) => k.kid === kid);
      if (!rec) throw e;
      if (!this.keyring.matchesCheckValue(kid, rec.checkValue)) throw this.mismatch(kid);
    }
  }

  /** Envelopes per master key id across every table that stores them. */
  private async countEnvelopes(): Promise<Map<string, number>> {
    const r = repos(this.store.db);
    const counts = new Map<string, number>();
    const add = (envelope: string) => {
      const kid = envelopeKid(envelope) ?? UNREADABLE;
      counts.set(kid, (counts.get(kid) ?? 0) + 1);
    };
    let after: { secretId: string; version: number } | undefined;
    for (;;) {
      const page = await r.secrets.allVersions(after, PAGE);
      page.forEach((v) => add(v.envelope));
      const last = page[page.length - 1];
      if (!last || page.length < PAGE) break;
      after = { secretId: last.secretId, version: last.version };
    }
    (await r.systemSecrets.all()).forEach((s) => add(s.envelope));
    (await r.signingKeys.list()).forEach((k) => add(k.privateEnvelope));
    return counts;
  }

  /**
   * Re-reads a Warden-written key file: after rotateMasterKey() on another instance sharing it,
   * envelopes arrive under a kid this process has not loaded yet. Env keys never change at runtime.
   */
  private reloadKeyFile(throttle: boolean): boolean {
    const file = this.keySource.file;
    if (this.keySource.source === 'env' || !file) return false;
    const now = Date.now();
    let mtime = -1;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      // Unreadable now: fall through to the throttle, and readKeyFile reports nothing new.
    }
    // A changed file is always worth reading; an unchanged one at most once a second, so junk kids
    // in forged envelopes cannot turn into a file read per request.
    if (throttle && mtime === this.lastKeyFileMtime && now - this.lastKeyReload < 1000) return false;
    this.lastKeyReload = now;
    this.lastKeyFileMtime = mtime;
    try {
      const before = this.keyring.kids().join();
      this.keyring = this.keyring.mergedWith(readKeyFile(file));
      return this.keyring.kids().join() !== before;
    } catch {
      return false; // Keep serving with the keys we have; startup reports file problems loudly.
    }
  }

  async status(): Promise<VaultStatus> {
    const counts = await this.countEnvelopes();
    const recorded = new Map((await repos(this.store.db).vaultKeys.list()).map((k) => [k.kid, k.createdAt]));
    const kids = [...new Set([...this.keyring.kids(), ...recorded.keys(), ...counts.keys()])];
    const keys = kids.map((kid) => ({
      kid,
      primary: kid === this.keyring.primaryKid,
      inKeyring: this.keyring.has(kid),
      recordedAt: recorded.get(kid) ?? null,
      envelopes: counts.get(kid) ?? 0,
    }));
    return {
      source: this.keySource.source,
      ...(this.keySource.file ? { file: this.keySource.file } : {}),
      primaryKid: this.keyring.primaryKid,
      keyringKids: this.keyring.kids(),
      keys,
      envelopes: [...counts.values()].reduce((a, b) => a + b, 0),
      removableKids: keys.filter((k) => k.inKeyring && !k.primary && k.envelopes === 0).map((k) => k.kid),
    };
  }

  /**
   * Re-wraps every stored data key under the primary master key, one page per short transaction,
   * so reads and writes carry on meanwhile (open() accepts any key in the keyring).
   */
  async rewrapAll(actor: Actor): Promise<RewrapResult> {
    const keyring = this.keyring; // one keyring for the whole run, even if rotated meanwhile
    const res: RewrapResult = { primaryKid: keyring.primaryKid, secretVersions: 0, systemSecrets: 0, signingKeys: 0, unchanged: 0 };
    const stale = (envelope: string) => {
      if (envelopeKid(envelope) !== keyring.primaryKid) return true;
      res.unchanged++;
      return false;
    };
    try {
      let after: { secretId: string; version: number } | undefined;
      for (;;) {
        const page = await this.store.transaction(async (trx) => {
          const r = repos(trx);
          const rows = await r.secrets.allVersions(after, PAGE);
          for (const v of rows.filter((v) => stale(v.envelope))) {
            await r.secrets.setEnvelope(v.secretId, v.version, rewrap(keyring, v.envelope, secretAad(v.secretId, v.version)));
            res.secretVersions++;
          }
          return rows;
        });
        const last = page[page.length - 1];
        if (!last || page.length < PAGE) break;
        after = { secretId: last.secretId, version: last.version };
      }
      // Both tables are small and their envelopes change only here, so read once and write in pages.
      const system = (await repos(this.store.db).systemSecrets.all()).filter((s) => stale(s.envelope));
      for (let i = 0; i < system.length; i += PAGE) {
        await this.store.transaction(async (trx) => {
          for (const s of system.slice(i, i + PAGE)) {
            await repos(trx).systemSecrets.setEnvelope(s.name, rewrap(keyring, s.envelope, systemAad(s.name)), this.clock.now());
            res.systemSecrets++;
          }
        });
      }
      // Signing keys are sealed by their own module under its own context, which the vault does not
      // need: the wrapped data key is bound to its kid only (see envelope.ts).
      const signing = (await repos(this.store.db).signingKeys.list()).filter((k) => stale(k.privateEnvelope));
      for (let i = 0; i < signing.length; i += PAGE) {
        await this.store.transaction(async (trx) => {
          for (const k of signing.slice(i, i + PAGE)) {
            await repos(trx).signingKeys.setPrivateEnvelope(k.kid, rewrap(keyring, k.privateEnvelope));
            res.signingKeys++;
          }
        });
      }
    } catch (e) {
      await this.audit
        .record({ phase: 'admin', action: 'vault.rewrap', outcome: 'failure', actor, target: { kind: 'vault', id: keyring.primaryKid }, data: { ...res, error: (e as { code?: string }).code ?? 'error' } })
        .catch(() => {});
      throw e;
    }
    await this.audit.record({ phase: 'admin', action: 'vault.rewrap', outcome: 'success', actor, target: { kind: 'vault', id: keyring.primaryKid }, data: { ...res } });
    return res;
  }

  /**
   * Generates a new primary master key, writes it first in the key file (old keys kept after it,
   * so everything still opens), records it, then re-wraps every envelope under it. Instances that
   * read the same key file pick the new key up via the bus or on the first envelope that needs it;
   * instances with their own copy of the keys need the new key before the rewrap (use the env flow).
   */
  async rotateMasterKey(actor: Actor): Promise<{ kid: string; previousKid: string; rewrap: RewrapResult }> {
    const file = this.keySource.file;
    if (this.keySource.source === 'env' || !file) {
      throw conflict(
        'vault.rotation_needs_file',
        'The master key comes from WARDEN_MASTER_KEY, which Warden cannot rewrite.',
        'Rotate by hand: put a new key first in WARDEN_MASTER_KEY (keep the old ones after it), restart every instance, run the vault rewrap, and drop the old key once status shows no envelopes under it.',
      );
    }
    // Start from the file as it is now, so keys an operator added by hand are kept.
    const onDisk = readKeyFile(file);
    const next = onDisk.mergedWith(this.keyring).withPrimary(generateMasterKey());
    const previousKid = this.keyring.primaryKid;
    try {
      writeKeyFile(file, next);
    } catch (e) {
      throw new WardenError('vault.key_file_unwritable', 500, `Cannot write the master key file ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`, {
        hint: 'Make the file and its directory writable by Warden, or rotate through WARDEN_MASTER_KEY.',
      });
    }
    const kid = next.primaryKid;
    await this.store.transaction(async (trx) => {
      await repos(trx).vaultKeys.insert({ kid, checkValue: next.checkValue(kid)!, createdAt: this.clock.now(), retiredAt: null });
      await this.audit.record(
        { phase: 'admin', action: 'vault.rotate_master', outcome: 'success', actor, target: { kind: 'vault', id: kid }, data: { kid, previousKid } },
        trx,
      );
    });
    this.keyring = next;
    await this.publish(undefined);
    return { kid, previousKid, rewrap: await this.rewrapAll(actor) };
  }

  // ---- sealing -------------------------------------------------------------------------------

  private openCtx(aad: string, envelope: string): Buffer {
    try {
      return open(this.keyring, envelope, aad);
    } catch (e) {
      const kid = envelopeKid(envelope);
      if (kid && !this.keyring.has(kid) && this.reloadKeyFile(true) && this.keyring.has(kid)) return open(this.keyring, envelope, aad);
      throw e;
    }
  }

  private checkForeignAad(aad: string): void {
    if (RESERVED_AAD.test(aad)) throw new TypeError('the secret: and system: contexts belong to the vault itself');
  }

  sealFor(aad: string, plaintext: Buffer): string {
    this.checkForeignAad(aad);
    return seal(this.keyring, plaintext, aad);
  }

  openFor(aad: string, envelope: string): Buffer {
    this.checkForeignAad(aad);
    return this.openCtx(aad, envelope);
  }

  seal(aad: string, plaintext: Buffer): string {
    return this.sealFor(aad, plaintext);
  }

  open(aad: string, envelope: string): Buffer {
    return this.openFor(aad, envelope);
  }

  /**
   * Warden's own secret material (e.g. the virtual-key pepper), created on first use. Across
   * instances the first writer wins: a losing insert reads the winner's value instead.
   */
  async systemSecret(name: string, create: () => Buffer): Promise<Buffer> {
    if (!SYSTEM_NAME.test(name)) throw new TypeError(`invalid system secret name "${name}"`);
    const cached = this.systemCache.get(name);
    if (cached) return Buffer.from(cached);
    const r = repos(this.store.db).systemSecrets;
    let row = await r.get(name);
    if (!row) {
      const fresh = create();
      if (!Buffer.isBuffer(fresh) || fresh.length === 0) throw new TypeError('system secret factory must return a non-empty Buffer');
      const envelope = seal(this.keyring, fresh, systemAad(name));
      fresh.fill(0);
      try {
        await this.store.transaction(async (trx) => {
          await repos(trx).systemSecrets.insert(name, envelope, this.clock.now());
          await this.audit.record(
            { phase: 'admin', action: 'vault.system_secret.create', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'system_secret', id: name }, data: { name } },
            trx,
          );
        });
        row = { name, envelope };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        row = await r.get(name);
        if (!row) throw e;
      }
    }
    const value = this.openCtx(systemAad(name), row.envelope);
    this.systemCache.set(name, value);
    return Buffer.from(value);
  }

  // ---- secrets -------------------------------------------------------------------------------

  async create(input: CreateSecretInput, actor: Actor): Promise<SecretInfo> {
    const name = checkName(input.name);
    if (!SECRET_KINDS.includes(input.kind)) {
      throw badRequest('vault.invalid_kind', `A secret kind is one of ${SECRET_KINDS.join(', ')}.`);
    }
    const description = input.description ?? '';
    if (typeof description !== 'string' || description.length > MAX_DESCRIPTION) {
      throw badRequest('vault.invalid_description', `A secret description is a string of at most ${MAX_DESCRIPTION} characters.`);
    }
    const value = checkValue(input.value);
    const now = this.clock.now();
    const id = newId('sec', now);
    const envelope = seal(this.keyring, value, secretAad(id, 1));
    value.fill(0);
    const exists = () => conflict('vault.secret_exists', `A vault secret named "${name}" already exists.`, 'Rotate it to change its value.');
    try {
      await this.store.transaction(async (trx) => {
        const r = repos(trx);
        if (await r.secrets.get(name)) throw exists();
        await r.secrets.insert({ id, name, kind: input.kind, description, currentVersion: 1, createdAt: now, updatedAt: now, createdBy: actorRef(actor), deletedAt: null });
        await r.secrets.insertVersion({ secretId: id, version: 1, envelope, createdAt: now, createdBy: actorRef(actor), retireAt: null });
        await this.audit.record(
          { phase: 'admin', action: 'secret.create', outcome: 'success', actor, target: { kind: 'secret', id, name }, data: { secretId: id, name, kind: input.kind, version: 1 } },
          trx,
        );
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw exists();
      throw e;
    }
    await this.publish(id);
    return this.get(id);
  }

  /** Makes `value` the current version; the previous one stays resolvable until now + grace. */
  async rotate(nameOrId: string, value: string, actor: Actor, opts: { graceMs?: number } = {}): Promise<SecretInfo> {
    const buf = checkValue(value);
    const grace = opts.graceMs ?? this.graceMs;
    if (!Number.isFinite(grace) || grace < 0) throw badRequest('vault.invalid_grace', 'The rotation grace must be a duration of zero or more.');
    const now = this.clock.now();
    let id = '';
    try {
      await this.store.transaction(async (trx) => {
        const r = repos(trx);
        const s = await r.secrets.get(nameOrId);
        if (!s) throw secretNotFound(nameOrId);
        id = s.id;
        const version = s.currentVersion + 1;
        const envelope = seal(this.keyring, buf, secretAad(s.id, version));
        await r.secrets.insertVersion({ secretId: s.id, version, envelope, createdAt: now, createdBy: actorRef(actor), retireAt: null });
        await r.secrets.setRetireAt(s.id, s.currentVersion, now + grace);
        await r.secrets.update(s.id, { currentVersion: version }, now);
        await this.audit.record(
          {
            phase: 'admin',
            action: 'secret.rotate',
            outcome: 'success',
            actor,
            target: { kind: 'secret', id: s.id, name: s.name },
            data: { secretId: s.id, name: s.name, version, previousVersion: s.currentVersion, previousRetireAt: now + grace },
          },
          trx,
        );
      });
    } catch (e) {
      // Two rotations raced for the same version number; the other one won.
      if (isUniqueViolation(e)) throw conflict('vault.conflict', `Secret "${nameOrId}" was changed at the same time; try again.`);
      throw e;
    } finally {
      buf.fill(0);
    }
    await this.publish(id);
    return this.get(id);
  }

  /** Soft delete: metadata stays for the record, values stop resolving, and the name is free again. */
  async remove(nameOrId: string, actor: Actor): Promise<void> {
    const now = this.clock.now();
    const id = await this.store.transaction(async (trx) => {
      const r = repos(trx);
      const s = await r.secrets.get(nameOrId);
      if (!s) throw secretNotFound(nameOrId);
      // '~' cannot occur in a live name, so the tombstone never blocks or matches a new secret.
      await r.secrets.update(s.id, { deletedAt: now, name: `${s.name}~${s.id}` }, now);
      await this.audit.record(
        { phase: 'admin', action: 'secret.delete', outcome: 'success', actor, target: { kind: 'secret', id: s.id, name: s.name }, data: { secretId: s.id, name: s.name, version: s.currentVersion } },
        trx,
      );
      return s.id;
    });
    await this.publish(id);
  }

  async list(): Promise<SecretSummary[]> {
    return (await repos(this.store.db).secrets.list()).map(toSummary);
  }

  async get(nameOrId: string): Promise<SecretInfo> {
    const r = repos(this.store.db).secrets;
    const s = await r.get(nameOrId);
    if (!s) throw secretNotFound(nameOrId);
    const now = this.clock.now();
    const all = await r.versions(s.id);
    const live = new Set(liveVersions(all, s.currentVersion, now).map((v) => v.version));
    const versions = all.map((v) => ({
      version: v.version,
      createdAt: v.createdAt,
      createdBy: v.createdBy,
      retireAt: v.retireAt,
      current: v.version === s.currentVersion,
      active: live.has(v.version),
    }));
    return { ...toSummary(s), versions };
  }

  /** The current value, for the gateway to inject upstream. Never log or return it to a client. */
  async resolve(nameOrId: string): Promise<string> {
    return (await this.resolveAll(nameOrId))[0]!;
  }

  /** Current value first, then superseded values still inside their grace window. */
  async resolveAll(nameOrId: string): Promise<string[]> {
    const now = this.clock.now();
    const hit = this.cache.get(nameOrId);
    if (hit && now < hit.until) return [...hit.values];
    const generation = this.generation;
    const r = repos(this.store.db).secrets;
    const s = await r.get(nameOrId);
    if (!s) throw secretNotFound(nameOrId);
    const live = liveVersions(await r.versions(s.id), s.currentVersion, now);
    const values = live.map((v) => this.openCtx(secretAad(s.id, v.version), v.envelope).toString('utf8'));
    if (this.cacheTtlMs > 0 && generation === this.generation) {
      // Never serve a superseded value past its retirement, however fresh the cache entry is.
      const until = Math.min(now + this.cacheTtlMs, ...live.map((v) => v.retireAt ?? Infinity));
      this.cache.set(nameOrId, { values, until });
    }
    return [...values];
  }

  private invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  /** Drops cached values here, then tells other instances (they also expire entries after cacheTtlMs). */
  private async publish(secretId: string | undefined): Promise<void> {
    this.invalidate();
    // The change is committed; a broker hiccup must not turn it into an error for the caller.
    await this.bus?.publish(secretId === undefined ? { kind: 'vault.changed' } : { kind: 'vault.changed', secret: secretId }).catch(() => {});
  }
}
