import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AuditEventRepo, type AuditCheckpointRow } from '../store/repos/audit-events.js';
import { MetaRepo } from '../store/repos/meta.js';
import type { Store } from '../store/store.js';
import type { Vault } from '../vault/vault.js';

/** A signed statement "the log named origin had `seq` events, ending in headHash, at ts". */
export interface Checkpoint {
  origin: string;
  seq: number;
  headHash: string;
  ts: number;
  kid: string;
  signature: string;
}

const KEY_NAME = 'audit-checkpoint-key';
/** Where the checkpoint public keys are published in the store, by kid. */
const KEY_META_PREFIX = 'audit.checkpoint_key.';

/** The exact bytes that are signed: a small, line-based note anyone can re-create. */
export function checkpointMessage(c: Pick<Checkpoint, 'origin' | 'seq' | 'headHash' | 'ts'>): Buffer {
  return Buffer.from(`warden-audit-checkpoint/v1\n${c.origin}\n${c.seq}\n${c.headHash}\n${c.ts}\n`, 'utf8');
}

export function kidOfPublicKey(pub: KeyObject): string {
  return createHash('sha256').update(pub.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

export function verifyCheckpointSignature(c: Checkpoint, pub: KeyObject): boolean {
  try {
    return verify(null, checkpointMessage(c), pub, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

/** Checkpoint public keys published in the store, by kid. */
export async function storedCheckpointKeys(store: Store): Promise<Map<string, KeyObject>> {
  const rows = await new MetaRepo(store.db).byPrefix(KEY_META_PREFIX);
  return new Map(rows.map((r) => [r.key.slice(KEY_META_PREFIX.length), createPublicKey(r.value)]));
}

const fromRow = (r: AuditCheckpointRow): Checkpoint => ({ origin: r.origin, seq: Number(r.seq), headHash: r.headHash, ts: Number(r.ts), kid: r.kid, signature: r.signature });

export interface CheckpointerOptions {
  store: Store;
  vault: Vault;
  origin: string;
  intervalMs: number;
  /** Append each checkpoint as a JSON line here (anchoring outside Warden). */
  file?: string;
  /** POST each checkpoint here. */
  webhook?: string;
  log?: { warn(msg: string): void };
}

/**
 * Writes signed checkpoints of the audit chain at an interval. The Ed25519 key is Warden's own
 * material, sealed in the vault; its public half is published so anyone holding exported
 * checkpoints can check them (and so truncation after a checkpoint is provable).
 */
export class Checkpointer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  private constructor(
    private readonly opts: CheckpointerOptions,
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
    readonly kid: string,
  ) {}

  static async open(opts: CheckpointerOptions): Promise<Checkpointer> {
    const der = await opts.vault.systemSecret(KEY_NAME, () => generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer);
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey);
    const kid = kidOfPublicKey(publicKey);
    // Published in the store too, so a verifier without the vault can check signatures; pin the
    // key out of band (`--public-key`) when the database itself is not trusted.
    await new MetaRepo(opts.store.db).setIfAbsent(`${KEY_META_PREFIX}${kid}`, publicKey.export({ format: 'pem', type: 'spki' }).toString());
    return new Checkpointer(opts, privateKey, publicKey, kid);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  start(): void {
    if (this.opts.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.checkpoint()
        .catch((e) => this.opts.log?.warn(`audit checkpoint failed: ${(e as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  /** Signs the current head if it moved since the last checkpoint; returns the new checkpoint. */
  async checkpoint(now = Date.now()): Promise<Checkpoint | undefined> {
    const repo = new AuditEventRepo(this.opts.store.db);
    const head = await repo.head();
    const last = await repo.lastCheckpoint();
    if (head.seq === 0 || (last && Number(last.seq) >= head.seq)) return undefined;
    const body = { origin: this.opts.origin, seq: head.seq, headHash: head.hash, ts: now };
    const c: Checkpoint = { ...body, kid: this.kid, signature: sign(null, checkpointMessage(body), this.privateKey).toString('base64') };
    await repo.insertCheckpoint(c);
    await this.export(c);
    return c;
  }

  async list(): Promise<Checkpoint[]> {
    return (await new AuditEventRepo(this.opts.store.db).checkpoints()).map(fromRow);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async export(c: Checkpoint): Promise<void> {
    const line = JSON.stringify(c);
    if (this.opts.file) {
      try {
        await mkdir(path.dirname(this.opts.file), { recursive: true });
        await appendFile(this.opts.file, line + '\n', { mode: 0o600 });
      } catch (e) {
        this.opts.log?.warn(`cannot append audit checkpoint to ${this.opts.file}: ${(e as Error).message}`);
      }
    }
    if (this.opts.webhook) {
      try {
        const res = await fetch(this.opts.webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: line, signal: AbortSignal.timeout(10_000) });
        if (!res.ok) this.opts.log?.warn(`audit checkpoint webhook answered ${res.status}`);
      } catch (e) {
        this.opts.log?.warn(`audit checkpoint webhook failed: ${(e as Error).message}`);
      }
    }
  }
}
