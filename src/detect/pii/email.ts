import { parse as parseDomain } from 'tldts';

/**
 * Email addresses, read outwards from an `@`: the local part to the left, the domain to the
 * right, each bounded by the lengths RFC 5321 allows, so the work per `@` is constant.
 */
export interface EmailMatch {
  start: number;
  end: number;
  local: string;
  domain: string;
  /** The domain ends in an ICANN top-level domain (`corp.internal` and `mail.example` do not). */
  icann: boolean;
}

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

function isLocalChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 43 || c === 45 || c === 37 || c === 39 || isIntlLetter(c);
}

function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45 || isIntlLetter(c);
}

/** Letters of Latin-1, Latin Extended, Greek, Cyrillic and CJK (internationalised addresses); no surrogates. */
function isIntlLetter(c: number): boolean {
  return (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x370 && c <= 0x52f) || (c >= 0x4e00 && c <= 0x9fff);
}

const LABEL = /^(?!-)[^.]{1,63}(?<!-)$/;
/** The "2x" of a retina image name. */
const SCALE = /^\d+x$/i;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59}|[\u00c0-\u024f\u0370-\u052f\u4e00-\u9fff]{2,63})$/i;

/** The address around the `@` at `at`, or undefined. */
export function readEmail(text: string, at: number): EmailMatch | undefined {
  let s = at;
  while (s > 0 && at - s <= MAX_LOCAL && isLocalChar(text.charCodeAt(s - 1))) s--;
  if (at - s > MAX_LOCAL) return undefined;
  // Leading dots and quotes are punctuation around the address, not part of it.
  while (s < at && (text.charCodeAt(s) === 46 || text.charCodeAt(s) === 39)) s++;
  if (s === at) return undefined;
  let e = at + 1;
  let dots = 0;
  for (; e < text.length && e - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(e)); e++) if (text.charCodeAt(e) === 46) dots++;
  if (e - at > MAX_DOMAIN || dots === 0) return undefined;
  // A sentence full stop or a dash after the address is not part of the domain.
  while (e > at + 1 && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--;
  const local = text.slice(s, at);
  const domain = text.slice(at + 1, e);
  if (local.endsWith('.') || local.includes('..')) return undefined;
  const labels = domain.split('.');
  if (labels.length < 2) return undefined;
  for (const l of labels) if (!LABEL.test(l)) return undefined;
  const tld = labels[labels.length - 1]!.toLowerCase();
  if (!TLD.test(tld)) return undefined;
  const icann = icannTld(tld);
  // "logo@2x.png" and "sprite@1.5x.webp" are image names; "git@github.com:org/repo" is an SSH remote.
  if (!icann && FILE_EXTENSIONS.has(tld)) return undefined;
  if (labels.some((l) => SCALE.test(l)) || (local === 'git' && text.charCodeAt(e) === 58)) return undefined;
  return { start: s, end: e, local, domain, icann };
}

/** File extensions that are not top-level domains: what follows "@2x." in an image name. */
const FILE_EXTENSIONS = new Set(
  'png jpg jpeg gif svg webp bmp ico tif tiff heic avif mp3 mp4 wav ogg webm mkv avi pdf txt csv json yaml yml xml html htm css scss less js mjs cjs ts tsx jsx rb java kt cpp hpp php bat ps1 lock log ini cfg conf toml gz tar tgz bz2 xz rar dll exe wasm map min ttf otf woff woff2 eot psd sketch'.split(' '),
);

/**
 * Whether a top-level domain is in the ICANN section of the public suffix list. Memoised per
 * TLD (a bounded set that only caches a pure answer), so a text full of addresses stays cheap.
 */
const tldMemo = new Map<string, boolean>();
const MAX_TLD_MEMO = 4096;

function icannTld(tld: string): boolean {
  let v = tldMemo.get(tld);
  if (v === undefined) {
    v = parseDomain(`x.${tld}`, { allowPrivateDomains: false }).isIcann === true;
    if (tldMemo.size < MAX_TLD_MEMO) tldMemo.set(tld, v);
  }
  return v;
}

/** True when the domain is one of `ignored` or a subdomain of one. `ignored` is lower case. */
export function domainIgnored(domain: string, ignored: readonly string[]): boolean {
  const d = domain.toLowerCase();
  for (const i of ignored) if (d === i || d.endsWith(`.${i}`)) return true;
  return false;
}

/** "[at]", "(at)", "{at}" with optional spaces: the usual way of writing an address so crawlers miss it. */
export const OBFUSCATED_AT = /[[({] ?at ?[\])}]/gi;
const OBFUSCATED_DOT = /^ ?[[({] ?dot ?[\])}] ?/i;

function isLabelChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
}

/**
 * An address written with "[at]" (and maybe "[dot]"): `[markStart, markEnd)` is the "[at]"
 * marker. The domain is returned in its plain form.
 */
export function readObfuscatedEmail(text: string, markStart: number, markEnd: number): EmailMatch | undefined {
  // One space may stand on either side of the marker.
  if (text.charCodeAt(markStart - 1) === 32) markStart--;
  if (text.charCodeAt(markEnd) === 32) markEnd++;
  let s = markStart;
  while (s > 0 && markStart - s <= MAX_LOCAL && isLocalChar(text.charCodeAt(s - 1))) s--;
  while (s < markStart && text.charCodeAt(s) === 46) s++;
  if (s === markStart || markStart - s > MAX_LOCAL) return undefined;
  const labels: string[] = [];
  let pos = markEnd;
  for (;;) {
    const l0 = pos;
    while (pos < text.length && pos - l0 < 64 && isLabelChar(text.charCodeAt(pos))) pos++;
    if (pos === l0 || pos - l0 > 63) return labels.length >= 2 ? finish() : undefined;
    labels.push(text.slice(l0, pos));
    if (labels.length > 10) return undefined;
    if (text.charCodeAt(pos) === 46 && isLabelChar(text.charCodeAt(pos + 1))) {
      pos++;
      continue;
    }
    const dot = OBFUSCATED_DOT.exec(text.slice(pos, pos + 9));
    if (dot && isLabelChar(text.charCodeAt(pos + dot[0].length))) {
      pos += dot[0].length;
      continue;
    }
    return labels.length >= 2 ? finish() : undefined;
  }
  function finish(): EmailMatch | undefined {
    const tld = labels[labels.length - 1]!;
    if (!TLD.test(tld) || !icannTld(tld.toLowerCase())) return undefined;
    const local = text.slice(s, markStart);
    if (local.endsWith('.')) return undefined;
    return { start: s, end: pos, local, domain: labels.join('.'), icann: true };
  }
}
