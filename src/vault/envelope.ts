import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WardenError } from '../errors.js';
import type { Keyring } from './master-key.js';

/**
 * Envelope encryption. Each sealed value gets its own random data key (DEK); the value is
 * encrypted with AES-256-GCM under the DEK, and the DEK is wrapped (AES-256-GCM) by a master key.
 * Re-keying the master key then only touches the 32-byte wrapped DEK, never the ciphertext.
 *
 * Stored form (one line, ':'-separated, binary parts base64url):
 *   v1:A256GCM:<kid>:<wrap iv>:<wrapped dek>:<wrap tag>:<iv>:<tag>:<ciphertext>
 *
 * The value is bound to its context (the `aad`, e.g. `secret:<id>:v<n>`) as GCM additional data,
 * so an envelope copied into another row fails to open. The wrapped DEK is bound to its kid only,
 * not the context: that lets rewrap() re-key envelopes whose context it does not know (other
 * modules' material), while moving the whole envelope or splicing parts between envelopes still
 * fails authentication.
 */

const VERSION = 'v1';
const ALG = 'A256GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DEK_BYTES = 32;
const PARTS = 9;
const B64URL = /^[A-Za-z0-9_-]*$/;
const KID = /^[0-9a-f]{16}$/;

interface Parsed {
  kid: string;
  wrapIv: Buffer;
  wrappedDek: Buffer;
  wrapTag: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export type DecryptFailure = 'malformed' | 'unknown_key' | 'auth_failed';

/** One error for every way an envelope can fail to open; it says why in coarse terms and never shows bytes. */
export function decryptFailed(reason: DecryptFailure, kid?: string): WardenError {
  const why =
    reason === 'unknown_key'
      ? `it was sealed under master key ${kid ?? '?'}, which is not in the keyring`
      : reason === 'malformed'
        ? 'it is malformed'
        : 'it failed authentication (wrong key, wrong context, or altered data)';
  return new WardenError('vault.decrypt_failed', 500, `A vault envelope could not be opened: ${why}.`, {
    hint: reason === 'unknown_key' ? 'Supply that master key (WARDEN_MASTER_KEY or the key file).' : 'The stored value may have been altered or moved; restore it from backup or set it again.',
    details: { reason, ...(kid && reason === 'unknown_key' ? { kid } : {}) },
  });
}

const dataAad = (aad: string) => Buffer.from(`warden.vault.v1 data\0${aad}`, 'utf8');
const wrapAad = (kid: string) => Buffer.from(`warden.vault.v1 wrap\0${kid}`, 'utf8');

function checkAad(aad: string): void {
  // A programming error, not a decryption failure: every envelope needs a context.
  if (typeof aad !== 'string' || aad.length === 0) throw new TypeError('vault envelope context (aad) must be a non-empty string');
}

function b64(part: string, bytes: number | undefined): Buffer | undefined {
  if (!B64URL.test(part)) return undefined;
  const buf = Buffer.from(part, 'base64url');
  // Canonical form only: otherwise a flipped padding bit would decode to the same bytes and go unnoticed.
  if (buf.toString('base64url') !== part) return undefined;
  if (bytes !== undefined && buf.length !== bytes) return undefined;
  return buf;
}

function parse(envelope: string): Parsed {
  const p = typeof envelope === 'string' ? envelope.split(':') : [];
  if (p.length !== PARTS || p[0] !== VERSION || p[1] !== ALG || !KID.test(p[2]!)) throw decryptFailed('malformed');
  const wrapIv = b64(p[3]!, IV_BYTES);
  const wrappedDek = b64(p[4]!, DEK_BYTES);
  const wrapTag = b64(p[5]!, TAG_BYTES);
  const iv = b64(p[6]!, IV_BYTES);
  const tag = b64(p[7]!, TAG_BYTES);
  const ciphertext = b64(p[8]!, undefined);
  if (!wrapIv || !wrappedDek || !wrapTag || !iv || !tag || !ciphertext) throw decryptFailed('malformed');
  return { kid: p[2]!, wrapIv, wrappedDek, wrapTag, iv, tag, ciphertext };
}

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; ct: Buffer; tag: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return { iv, ct, tag: c.getAuthTag() };
}

function gcmDecrypt(key: Buffer, iv: Buffer, ct: Buffer, tag: Buffer, aad: Buffer): Buffer {
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    d.setAAD(aad);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(ct), d.final()]);
  } catch {
    throw decryptFailed('auth_failed');
  }
}

function wrap(keyring: Keyring, dek: Buffer): Pick<Parsed, 'kid' | 'wrapIv' | 'wrappedDek' | 'wrapTag'> {
  const kid = keyring.primaryKid;
  const w = gcmEncrypt(keyring.keyFor(kid)!, dek, wrapAad(kid));
  return { kid, wrapIv: w.iv, wrappedDek: w.ct, wrapTag: w.tag };
}

function unwrap(keyring: Keyring, e: Parsed): Buffer {
  const key = keyring.keyFor(e.kid);
  if (!key) throw decryptFailed('unknown_key', e.kid);
  return gcmDecrypt(key, e.wrapIv, e.wrappedDek, e.wrapTag, wrapAad(e.kid));
}

function format(e: Parsed): string {
  const parts = [e.wrapIv, e.wrappedDek, e.wrapTag, e.iv, e.tag, e.ciphertext].map((b) => b.toString('base64url'));
  return [VERSION, ALG, e.kid, ...parts].join(':');
}

/** Encrypts plaintext under a fresh data key wrapped by the keyring's primary key. */
export function seal(keyring: Keyring, plaintext: Buffer, aad: string): string {
  checkAad(aad);
  const dek = randomBytes(DEK_BYTES);
  try {
    const data = gcmEncrypt(dek, plaintext, dataAad(aad));
    return format({ ...wrap(keyring, dek), iv: data.iv, tag: data.tag, ciphertext: data.ct });
  } finally {
    dek.fill(0);
  }
}

/** Decrypts an envelope sealed for `aad` under any key in the keyring. Throws vault.decrypt_failed. */
export function open(keyring: Keyring, envelope: string, aad: string): Buffer {
  checkAad(aad);
  const e = parse(envelope);
  const dek = unwrap(keyring, e);
  try {
    return gcmDecrypt(dek, e.iv, e.ciphertext, e.tag, dataAad(aad));
  } finally {
    dek.fill(0);
  }
}

/**
 * Re-wraps the data key under the primary master key; the ciphertext is left as it is. With `aad`
 * the whole envelope is authenticated first, so a damaged value is reported now rather than
 * blessed under the new key. Already under the primary key: returned unchanged.
 */
export function rewrap(keyring: Keyring, envelope: string, aad?: string): string {
  const e = parse(envelope);
  if (aad !== undefined) open(keyring, envelope, aad).fill(0);
  if (e.kid === keyring.primaryKid) return envelope;
  const dek = unwrap(keyring, e);
  try {
    return format({ ...e, ...wrap(keyring, dek) });
  } finally {
    dek.fill(0);
  }
}

/** The master key id an envelope names, or undefined when it is not an envelope. Reads no secret. */
export function envelopeKid(envelope: string): string | undefined {
  const p = envelope.split(':', 3);
  return p.length === 3 && p[0] === VERSION && p[1] === ALG && KID.test(p[2]!) ? p[2] : undefined;
}
