import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Warden's bearer secrets have a fixed, greppable shape so secret scanners can find leaked ones
 * and Warden can reject garbage before touching the database:
 *
 *   wdn_<32 base62 random><6 base62 CRC32 of the random part>     agent virtual key (~190 bits)
 *   wdna_<32 base62 random><6 base62 CRC32 of the random part>    admin API token
 *
 * The checksum is not a secret; it only lets anyone verify the shape offline (as GitHub's tokens do).
 */
export const KEY_PREFIX = { agent: 'wdn_', admin: 'wdna_' } as const;
export type KeyKind = keyof typeof KEY_PREFIX;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LEN = 32;
const CHECK_LEN = 6;

/** Pattern a secret scanner can use (also exported for Warden's own secrets detector). */
export const KEY_PATTERN = /\bwdna?_[0-9A-Za-z]{38}\b/;

function randomBase62(n: number): string {
  let out = '';
  while (out.length < n) {
    // Rejection sampling: bytes >= 248 would bias the modulo, so they are skipped.
    for (const b of randomBytes(n * 2)) {
      if (b < 248) out += ALPHABET[b % 62];
      if (out.length === n) break;
    }
  }
  return out;
}

function checksum(body: string): string {
  let v = crc32(body);
  let s = '';
  for (let i = 0; i < CHECK_LEN; i++) {
    s = ALPHABET[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s;
}

export function generateKey(kind: KeyKind): string {
  const body = randomBase62(BODY_LEN);
  return `${KEY_PREFIX[kind]}${body}${checksum(body)}`;
}

export type ParsedKey = { ok: true; kind: KeyKind } | { ok: false; reason: 'prefix' | 'length' | 'charset' | 'checksum' };

/** Offline check of shape and checksum; never looks anything up. */
export function parseKey(value: string): ParsedKey {
  const kind: KeyKind | undefined = value.startsWith(KEY_PREFIX.admin) ? 'admin' : value.startsWith(KEY_PREFIX.agent) ? 'agent' : undefined;
  if (!kind) return { ok: false, reason: 'prefix' };
  const rest = value.slice(KEY_PREFIX[kind].length);
  if (rest.length !== BODY_LEN + CHECK_LEN) return { ok: false, reason: 'length' };
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!ok) return { ok: false, reason: 'charset' };
  }
  const body = rest.slice(0, BODY_LEN);
  if (checksum(body) !== rest.slice(BODY_LEN)) return { ok: false, reason: 'checksum' };
  return { ok: true, kind };
}

/** The last four characters: enough for a person to tell keys apart, useless to an attacker. */
export function keyHint(value: string): string {
  return value.slice(-4);
}
