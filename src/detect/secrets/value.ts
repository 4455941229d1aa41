import { crc32 } from 'node:zlib';

/**
 * Checks on candidate secret values: character classes, entropy, placeholders, and the
 * checksums some token formats carry. All pure and cheap; called only at candidate positions.
 */

export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isHexString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return s.length > 0;
}

/** A scanned token may start at `pos` only when the character before it is not a letter or digit. */
export function atTokenStart(text: string, pos: number): boolean {
  return pos === 0 || !isAlnum(text.charCodeAt(pos - 1));
}

/** Shannon entropy in bits per character (over UTF-16 units; candidate values are nearly always ASCII). */
export function shannon(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  const ascii = new Int32Array(128);
  let other: Map<number, number> | undefined;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) ascii[c]!++;
    else {
      other ??= new Map();
      other.set(c, (other.get(c) ?? 0) + 1);
    }
  }
  let h = 0;
  for (let c = 0; c < 128; c++) {
    const k = ascii[c]!;
    if (k > 0) h -= (k / n) * Math.log2(k / n);
  }
  if (other) for (const k of other.values()) h -= (k / n) * Math.log2(k / n);
  return h;
}

export interface CharMix {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  symbol: boolean;
  /** How many of the four classes occur. */
  classes: number;
}

export function charMix(s: string): CharMix {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (isDigit(c)) digit = true;
    else symbol = true;
  }
  return { lower, upper, digit, symbol, classes: +lower + +upper + +digit + +symbol };
}

/**
 * Words that mark a value as a stand-in, not a credential. Matched case-insensitively anywhere
 * in the value: a random 48-character token contains one by chance with a probability under
 * one in ten thousand. Longer bodies are checked only for the longer words, which keeps that
 * bound for keys of a hundred and more characters.
 */
const PLACEHOLDER_FRAGMENTS = ['example', 'placeholder', 'redacted', 'changeme', 'dummy', 'sample', 'your', 'xxxx', 'insert', 'replace'];

/** Runs that never occur in real tokens but fill every documentation example: `xxxx`, `****`, `....`, `0000000`. */
function hasFillerRun(s: string): boolean {
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === s.charCodeAt(i - 1)) {
      run++;
      const filler = c === 42 || c === 46 || c === 120 || c === 88 || c === 95 || c === 45 || c === 35 || c === 8226;
      if ((filler && run >= 4) || run >= 7) return true;
    } else run = 1;
  }
  return false;
}

/** Long runs of consecutive characters (`abcdefgh`, `12345678`) mark hand-written fakes. */
function hasSequence(s: string, min = 7): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (up >= min || down >= min) return true;
  }
  return false;
}

/** True when a fixed-format token body is obviously a stand-in (docs examples, masked keys). */
export function isPlaceholderBody(body: string): boolean {
  if (body.includes('...') || body.includes('…') || body.includes('<') || body.includes('>')) return true;
  if (hasFillerRun(body) || hasSequence(body)) return true;
  const lower = body.toLowerCase();
  for (const w of PLACEHOLDER_FRAGMENTS) if ((w.length > 4 || body.length <= 48) && lower.includes(w)) return true;
  return false;
}

/**
 * Random enough for a fixed-format token body: not a placeholder, and entropy that random
 * strings of this length reach (the bar is below what a random string almost always gets).
 */
export function looksRandom(body: string, minEntropy?: number): boolean {
  if (isPlaceholderBody(body)) return false;
  const bar = minEntropy ?? Math.min(3.0, Math.log2(Math.max(body.length, 2)) - 1.5);
  return shannon(body) >= bar;
}

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** CRC32 of `body` written as 6 base62 digits: the checksum GitHub, npm and Warden tokens end with. */
export function base62Crc32(body: string): string {
  let v = crc32(body);
  let s = '';
  for (let i = 0; i < 6; i++) {
    s = BASE62[v % 62]! + s;
    v = Math.floor(v / 62);
  }
  return s;
}

/** Decodes standard or URL-safe base64 (padding optional); undefined on bad input. */
export function decodeBase64(s: string): Buffer | undefined {
  if (s.length === 0 || s.length > 65_536) return undefined;
  let t = s.replace(/-/g, '+').replace(/_/g, '/');
  const pad = t.indexOf('=');
  if (pad >= 0) {
    if (!/^=+$/.test(t.slice(pad))) return undefined;
    t = t.slice(0, pad);
  }
  if (!/^[A-Za-z0-9+/]*$/.test(t) || t.length % 4 === 1) return undefined;
  return Buffer.from(t, 'base64');
}

/** Decoded bytes as text when every byte is printable ASCII (or tab/newline). */
export function printableAscii(b: Buffer): string | undefined {
  for (const c of b) if (!((c >= 32 && c < 127) || c === 9 || c === 10 || c === 13)) return undefined;
  return b.toString('latin1');
}

/** Index of the first element >= x in a sorted array. */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `needle` occurs in the text starting within [from, to]. */
export function occursWithin(positions: readonly number[], from: number, to: number): number {
  const i = lowerBound(positions, from);
  return i < positions.length && positions[i]! <= to ? positions[i]! : -1;
}

/**
 * Values published in documentation as examples (jwt.io's default token, Telegram's and
 * Stripe's docs keys). They look live and validate, but are public by design.
 */
const DOCUMENTED_EXAMPLES = new Set([
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
]);

export function isDocumentedExample(value: string): boolean {
  return DOCUMENTED_EXAMPLES.has(value);
}
