import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { WardenError, unavailable } from '../../errors.js';
import type { SigningKeyRepo } from '../../store/repos/signing-keys.js';
import type { ControlBus } from '../../util/bus.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { newId } from '../../util/ids.js';
import type { Sealer } from '../../vault/vault.js';

/** The vault implements it; re-exported so callers of this module need not reach into the vault. */
export type { Sealer };

/** The slice of the signing_keys repository this module uses (tests may fake it). */
export type SigningKeyStore = Pick<SigningKeyRepo, 'list' | 'insert' | 'retire'>;

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  publicJwk: PublicJwk;
  /** Cached so verification never re-imports the key. */
  publicKey: KeyObject;
  createdAt: number;
  retiredAt: number | null;
}

export interface SigningKeysOptions {
  repo: SigningKeyStore;
  sealer: Sealer;
  /** Longest life of a token these keys sign; a retired key stays published this long. */
  maxTokenTtlMs: number;
  clock?: Clock;
  /** When given, rotation is announced to other instances and their rotations are heard. */
  bus?: ControlBus;
  /** Re-read the table this often, so an instance without a bus still converges. */
  refreshIntervalMs?: number;
  /** Clock skew allowed between instances, added to the publication window. */
  clockToleranceMs?: number;
}

const aadFor = (kid: string) => `signing-key:${kid}`;

/**
 * Warden's Ed25519 token-signing keys. The public half is stored in clear, the private half
 * sealed by the vault. Exactly one key signs (the newest active one); retired keys keep
 * verifying until every token they could have signed has expired.
 */
export class SigningKeys {
  private keys = new Map<string, SigningKey>();
  private signer: { kid: string; privateKey: KeyObject } | undefined;
  /** Why there is no signer, when the active key could not be unsealed. */
  private signerError: WardenError | undefined;
  private readonly clock: Clock;
  private readonly refreshIntervalMs: number;
  private readonly toleranceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly opts: SigningKeysOptions) {
    this.clock = opts.clock ?? systemClock;
    this.refreshIntervalMs = opts.refreshIntervalMs ?? 60_000;
    this.toleranceMs = opts.clockToleranceMs ?? 5_000;
  }

  /** Loads the keys and creates one when none is active. Two instances racing both insert (kids are unique); both keys are valid. */
  async start(): Promise<void> {
    await this.load();
    if (!this.signer) {
      await this.create();
      await this.load();
    }
    if (this.opts.bus) {
      this.unsubscribe = this.opts.bus.subscribe((m) => {
        if (m.kind === 'signing_keys.changed') void this.refresh(true).catch(() => {});
      });
    }
    if (this.refreshIntervalMs > 0) {
      this.timer = setInterval(() => void this.refresh(true).catch(() => {}), this.refreshIntervalMs);
      this.timer.unref();
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.timer = undefined;
    this.unsubscribe = undefined;
  }

  /** The key that signs now, with its private half. */
  signingKey(): { kid: string; privateKey: KeyObject } {
    if (!this.signer) throw this.signerError ?? unavailable('token.no_signing_key', 'No active signing key is loaded.', 'Start the signing keys before issuing tokens.');
    return this.signer;
  }

  /** A published key by kid, for verification; undefined when unknown or past its publication window. */
  publicKey(kid: string): KeyObject | undefined {
    const k = this.keys.get(kid);
    return k && this.isPublished(k, this.clock.now()) ? k.publicKey : undefined;
  }

  /** The JSON Web Key Set that relying parties fetch: public keys only. */
  jwks(): { keys: PublicJwk[] } {
    const now = this.clock.now();
    return { keys: [...this.keys.values()].filter((k) => this.isPublished(k, now)).map((k) => ({ ...k.publicJwk })) };
  }

  /** All keys this instance knows, newest last (for the CLI and tests). */
  list(): SigningKey[] {
    return [...this.keys.values()].sort((a, b) => a.createdAt - b.createdAt || a.kid.localeCompare(b.kid));
  }

  /** Creates a new signing key and retires every other active key (they keep verifying). */
  async rotate(): Promise<SigningKey> {
    const kid = await this.create();
    // Insert before retiring, so there is never a moment without an active key; re-read
    // first so keys other instances created are retired too.
    await this.load();
    const now = this.clock.now();
    for (const k of this.keys.values()) if (k.retiredAt === null && k.kid !== kid) await this.opts.repo.retire(k.kid, now);
    await this.load();
    await this.opts.bus?.publish({ kind: 'signing_keys.changed' });
    return this.keys.get(kid)!;
  }

  /**
   * Re-reads the table. Without `force`, at most once per 5 s: verifiers call this when a
   * token names an unknown kid (another instance may have rotated), and junk kids must not
   * turn into a query per request.
   */
  async refresh(force = false): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (!force && this.clock.now() - this.lastRefresh < 5_000) return;
    this.refreshing = this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private isPublished(k: SigningKey, now: number): boolean {
    // A key retired at T may still sign until other instances hear of it (one refresh
    // interval), and its last token lives maxTokenTtl after that.
    return k.retiredAt === null || now < k.retiredAt + this.opts.maxTokenTtlMs + this.refreshIntervalMs + this.toleranceMs;
  }

  private async create(): Promise<string> {
    const now = this.clock.now();
    const kid = newId('sig', now);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicJwk = toPublicJwk(kid, publicKey.export({ format: 'jwk' }));
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    await this.opts.repo.insert({
      kid,
      alg: 'EdDSA',
      publicJwk: JSON.stringify(publicJwk),
      privateEnvelope: this.opts.sealer.seal(aadFor(kid), der),
      createdAt: now,
      retiredAt: null,
    });
    return kid;
  }

  private async load(): Promise<void> {
    const rows = await this.opts.repo.list();
    const keys = new Map<string, SigningKey>();
    for (const r of rows) {
      if (r.alg !== 'EdDSA') continue;
      const known = this.keys.get(r.kid);
      const publicJwk = known?.publicJwk ?? (JSON.parse(r.publicJwk) as PublicJwk);
      keys.set(r.kid, {
        kid: r.kid,
        publicJwk,
        publicKey: known?.publicKey ?? createPublicKey({ key: publicJwk as unknown as JsonWebKey, format: 'jwk' }),
        createdAt: r.createdAt,
        retiredAt: r.retiredAt,
      });
    }
    // Several active keys happen after a start-up race; every instance picks the same one.
    const active = [...keys.values()]
      .filter((k) => k.retiredAt === null)
      .sort((a, b) => b.createdAt - a.createdAt || b.kid.localeCompare(a.kid))[0];
    // Public keys first: verification keeps working even if the new signer cannot be unsealed.
    this.keys = keys;
    this.lastRefresh = this.clock.now();
    if (!active) this.signer = undefined;
    else if (this.signer?.kid !== active.kid) {
      // Never keep signing with a key that is no longer the active one.
      this.signer = undefined;
      const row = rows.find((r) => r.kid === active.kid)!;
      let der: Buffer;
      try {
        der = this.opts.sealer.open(aadFor(active.kid), row.privateEnvelope);
      } catch (e) {
        // Fail closed: without the private key Warden cannot sign, and must say why.
        throw (this.signerError = new WardenError('token.signing_key_unavailable', 503, `Signing key ${active.kid} cannot be unsealed.`, {
          hint: 'Check that the vault master key is the one the key was sealed with.',
          cause: e,
        }));
      }
      this.signerError = undefined;
      this.signer = { kid: active.kid, privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
      der.fill(0);
    }
  }
}

function toPublicJwk(kid: string, jwk: JsonWebKey): PublicJwk {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('unexpected Ed25519 JWK shape');
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
}
