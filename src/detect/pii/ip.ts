import { isAsciiAlnum, isDigit, isHex } from './scan-chars.js';
/**
 * IP address validation and classification. Private, loopback, link-local, documentation and
 * other special ranges are told apart from public addresses: a public address can identify a
 * person's connection, a private one rarely does.
 */
export type IpClass = 'public' | 'private' | 'reserved';

/** The four octets of a dotted-quad address, or undefined (no leading zeros, each 0–255). */
export function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (p.length === 0 || p.length > 3 || !/^\d+$/.test(p)) return undefined;
    if (p.length > 1 && p[0] === '0') return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/**
 * Public resolvers and the stock placeholder: addresses of services everyone writes in docs and
 * configs, not of anyone's connection.
 */
const WELL_KNOWN_V4 = new Set(['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4', '9.9.9.9', '149.112.112.112', '208.67.222.222', '208.67.220.220', '4.2.2.2', '1.2.3.4']);
const WELL_KNOWN_V6 = new Set(['2606:4700:4700:0:0:0:0:1111', '2606:4700:4700:0:0:0:0:1001', '2001:4860:4860:0:0:0:0:8888', '2001:4860:4860:0:0:0:0:8844', '2620:fe:0:0:0:0:0:fe']);

/** RFC 1918, loopback, link-local and CGNAT are private; unspecified, documentation, multicast, 240/4 and well-known services reserved. */
export function classifyIPv4(o: readonly number[]): IpClass {
  const [a, b, c] = o as [number, number, number, number];
  if (WELL_KNOWN_V4.has(o.join('.'))) return 'reserved';
  if (a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  if (a === 0 || a >= 224) return 'reserved';
  if ((a === 192 && b === 0 && (c === 2 || c === 0)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113) || (a === 198 && (b === 18 || b === 19))) return 'reserved';
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (with an optional dotted-quad tail), or undefined. */
export function parseIPv6(s: string): number[] | undefined {
  if (s.length < 2 || s.length > 45) return undefined;
  const head: number[] = [];
  const tail: number[] = [];
  let gap = false;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return undefined;
    gap = true;
    i = 2;
    if (i === s.length) return [0, 0, 0, 0, 0, 0, 0, 0];
  }
  for (;;) {
    const out = gap ? tail : head;
    // A dotted quad may end the address.
    let j = i;
    while (j < s.length && isHex(s.charCodeAt(j))) j++;
    if (j < s.length && s.charCodeAt(j) === 46) {
      const v4 = parseIPv4(s.slice(i));
      if (!v4) return undefined;
      out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      i = s.length;
      break;
    }
    if (j === i || j - i > 4) return undefined;
    out.push(parseInt(s.slice(i, j), 16));
    i = j;
    if (i === s.length) break;
    if (s.charCodeAt(i) !== 58) return undefined;
    i++;
    if (s.charCodeAt(i) === 58) {
      if (gap) return undefined;
      gap = true;
      i++;
      if (i === s.length) break;
    } else if (i === s.length) return undefined;
  }
  const total = head.length + tail.length;
  if (gap ? total > 7 : total !== 8) return undefined;
  const zeros = new Array<number>(8 - total).fill(0);
  return [...head, ...zeros, ...tail];
}

/** Loopback, unique-local (fc00::/7), link-local (fe80::/10) and mapped private v4 are private. */
export function classifyIPv6(g: readonly number[]): IpClass {
  const [a, b] = g as [number, number];
  const zeroHead = g.slice(0, 5).every((x) => x === 0);
  if (zeroHead && g[5] === 0xffff) return classifyIPv4([g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255]);
  if (zeroHead && g[5] === 0 && g[6] === 0 && g[7] === 1) return 'private';
  if (g.every((x) => x === 0)) return 'reserved';
  if ((a & 0xfe00) === 0xfc00 || (a & 0xffc0) === 0xfe80) return 'private';
  if (WELL_KNOWN_V6.has(g.map((x) => x.toString(16)).join(':'))) return 'reserved';
  // Documentation (2001:db8::/32), multicast (ff00::/8) and anything outside global unicast 2000::/3.
  if ((a === 0x2001 && b === 0x0db8) || (a & 0xff00) === 0xff00 || (a & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
}


export interface IpRead {
  /** Where scanning resumes: past the address, or past the run that turned out not to be one. */
  next: number;
  match?: { start: number; end: number; v6: boolean; cls: IpClass };
}

/**
 * A dotted quad starting at `s` (a digit after a non-alphanumeric). Exactly four parts: a fifth
 * (`1.2.3.4.5`) makes it a version or an OID, and a glued letter makes it part of a name. A port
 * (`:8080`) or prefix length (`/24`) may follow.
 */
export function readIPv4(text: string, s: number): IpRead | undefined {
  let pos = s;
  const octets: number[] = [];
  let valid = true;
  for (let part = 0; part < 4; part++) {
    const q0 = pos;
    let v = 0;
    while (pos < text.length && pos - q0 < 4 && isDigit(text.charCodeAt(pos))) v = v * 10 + text.charCodeAt(pos++) - 48;
    if (pos === q0 || pos - q0 > 3) return undefined;
    // Leading zeros (01.02.03.04) and octets over 255 are not an address, but still a dotted quad.
    if (v > 255 || (pos - q0 > 1 && text.charCodeAt(q0) === 48)) valid = false;
    octets.push(v);
    if (part < 3) {
      if (text.charCodeAt(pos) !== 46) return undefined;
      pos++;
    }
  }
  const c = text.charCodeAt(pos);
  const next = text.charCodeAt(pos + 1);
  // More dotted parts: a version, an OID or a phone written with dots; the number reader decides.
  if (c === 46 && isDigit(next)) return undefined;
  if (isAsciiAlnum(c) || c === 95 || c === 64) return { next: pos };
  if ((c === 46 || c === 45) && isAsciiAlnum(next)) return { next: pos };
  if (s > 0) {
    const b = text.charCodeAt(s - 1);
    if (b === 46 || b === 45 || b === 95 || isAsciiAlnum(b)) return { next: pos };
  }
  if (!valid) return { next: pos };
  return { next: pos, match: { start: s, end: pos, v6: false, cls: classifyIPv4(octets) } };
}

const MAX_V6 = 45;

function isV6Char(c: number): boolean {
  return isHex(c) || c === 58 || c === 46;
}

/**
 * An IPv6 address around the hex token at `s`, when a colon touches it. The run of hex digits,
 * colons and dots is taken whole (bounded) and parsed; MAC addresses, times and `std::` do not
 * parse. Undefined when the run has fewer than two colons.
 */
export function readIPv6(text: string, s: number): IpRead | undefined {
  let a = s;
  while (a > 0 && s - a < MAX_V6 && isV6Char(text.charCodeAt(a - 1))) a--;
  let e = s;
  let colons = 0;
  for (let k = a; k < s; k++) if (text.charCodeAt(k) === 58) colons++;
  for (; e < text.length && e - a <= MAX_V6 && isV6Char(text.charCodeAt(e)); e++) if (text.charCodeAt(e) === 58) colons++;
  if (e - a > MAX_V6) {
    // An over-long run is not an address: skip all of it, so it is read only once.
    while (e < text.length && isV6Char(text.charCodeAt(e))) e++;
    return { next: e };
  }
  // One colon is a label ("Tel:0612…") or a ratio, not an address: leave it to the other readers.
  if (colons < 2) return undefined;
  // A run glued to a word is not an address either.
  if ((a > 0 && (isAsciiAlnum(text.charCodeAt(a - 1)) || text.charCodeAt(a - 1) === 95)) || isAsciiAlnum(text.charCodeAt(e))) return { next: e };
  let end = e;
  while (end > a && (text.charCodeAt(end - 1) === 46 || (text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) !== 58))) end--;
  const value = text.slice(a, end);
  let digits = 0;
  for (let i = 0; i < value.length; i++) if (isDigit(value.charCodeAt(i))) digits++;
  const groups = parseIPv6(value);
  if (!groups || digits === 0) return { next: e };
  return { next: e, match: { start: a, end, v6: true, cls: classifyIPv6(groups) } };
}
