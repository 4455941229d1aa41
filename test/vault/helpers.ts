import { randomBytes } from 'node:crypto';
import { ChainedAuditLog } from '../../src/audit/audit-log.js';
import type { Actor } from '../../src/audit/types.js';
import type { Store } from '../../src/store/store.js';
import type { ControlBus } from '../../src/util/bus.js';
import { ManualClock } from '../../src/util/clock.js';
import { Keyring, type KeySource } from '../../src/vault/master-key.js';
import { Vault } from '../../src/vault/vault.js';

export const ADMIN: Actor = { kind: 'admin', id: 'adm_test', name: 'test-admin', role: 'admin' };
export const HOUR = 3_600_000;

export interface VaultSetup {
  vault: Vault;
  clock: ManualClock;
  audit: ChainedAuditLog;
  keyring: Keyring;
}

export async function openVault(
  store: Store,
  opts: { keyring?: Keyring; clock?: ManualClock; source?: KeySource; file?: string; bus?: ControlBus; cacheTtlMs?: number } = {},
): Promise<VaultSetup> {
  const clock = opts.clock ?? new ManualClock(1_700_000_000_000);
  const keyring = opts.keyring ?? Keyring.of([randomBytes(32)]);
  const audit = new ChainedAuditLog({ store, clock, capture: 'redacted' });
  const vault = await Vault.open({
    store,
    keyring,
    keySource: { source: opts.source ?? 'env', file: opts.file },
    audit,
    clock,
    rotationGraceMs: HOUR,
    ...(opts.bus ? { bus: opts.bus } : {}),
    ...(opts.cacheTtlMs !== undefined ? { cacheTtlMs: opts.cacheTtlMs } : {}),
  });
  return { vault, clock, audit, keyring };
}

/** Every printable form a secret could leak in. */
export function leakForms(value: string | Buffer): string[] {
  const b = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
  const out = [b.toString('base64'), b.toString('base64url'), b.toString('hex'), b.toString('hex').toUpperCase()];
  out.push(b.toString('utf8'), b.toString('latin1'));
  // base64 of the value at every alignment: a value embedded in a longer base64 text shows up as one of these.
  out.push(b.toString('base64').slice(0, -4));
  for (const shift of [1, 2]) {
    const s = Buffer.concat([Buffer.alloc(shift), b]).toString('base64');
    out.push(s.slice(4, -4));
  }
  return out;
}

export function findLeak(haystack: string | Buffer, value: string | Buffer): string | undefined {
  const text = Buffer.isBuffer(haystack) ? haystack.toString('latin1') : haystack;
  const text8 = Buffer.isBuffer(haystack) ? haystack.toString('utf8') : haystack;
  return leakForms(value).find((f) => f.length >= 8 && (text.includes(f) || text8.includes(f)));
}
