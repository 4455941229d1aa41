import { isAsciiAlnum, isAsciiLetter } from './chars.js';

/**
 * Finds URLs in text and says how each would be used: loaded without a click (markdown and
 * HTML images, other auto-loading HTML resources, CSS `url()`), followed on a click (markdown
 * and HTML links), or just written (bare URLs). Every finder is one linear pass: labels cannot
 * hold brackets, attribute scans stop at the next tag, and each destination is read once.
 */

export type Channel = 'image' | 'link' | 'bare';

export interface UrlHit {
  start: number;
  end: number;
  channel: Channel;
  via: 'markdown' | 'reference' | 'html' | 'css' | 'text';
}

const MAX_URL = 4096;

const REF_DEF = /^[ \t]{0,3}\[([^[\]\n]{1,200})\]:[ \t]{0,8}<?(?=[^\s<>])/gm;
const IMG_REF = /!\[([^[\]\n]{0,500})\](?:\[([^[\]\n]{0,200})\])?/g;
const HTML_ATTR =
  /<(img|image|iframe|frame|script|embed|source|video|audio|input|link|object|track|body|table|td|a|area)\b[^<>]{0,2000}?\b(src|srcset|href|data|poster|background)[ \t\r\n]*=[ \t\r\n]*/gi;
const CSS_URL = /\burl\([ \t]*/gi;
const DATA_URI = /data:[a-zA-Z]{1,20}\/[a-zA-Z0-9.+-]{1,80}(?:;[a-zA-Z0-9._=-]{1,64}){0,4},/y;
const WEB_SCHEMES = new Set(['http', 'https', 'ftp', 'ws', 'wss']);

/** End of a markdown link destination: whitespace or an unbalanced `)`. */
function destinationEnd(text: string, p: number): number {
  let depth = 0;
  const limit = Math.min(text.length, p + MAX_URL);
  let j = p;
  for (; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c <= 32) break;
    if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) break;
      depth--;
    }
  }
  return j;
}

function angleEnd(text: string, p: number): number {
  const limit = Math.min(text.length, p + MAX_URL);
  for (let j = p; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 62 || c === 10) return j;
  }
  return limit;
}

function skipBlanks(text: string, p: number, max: number): number {
  let k = 0;
  while (k < max && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) { p++; k++; }
  return p;
}

/** Inline markdown `[label](dest)` / `![alt](dest)`, found from each "](" with a bounded look back for "[". */
function markdownInline(text: string, out: UrlHit[]): void {
  let from = 0;
  let floor = 0;
  for (let k = text.indexOf('](', from); k >= 0; k = text.indexOf('](', from)) {
    // The label: back to its "[", over no bracket or newline, at most 500 characters.
    let open = -1;
    for (let j = k - 1; j >= floor && j >= k - 501; j--) {
      const c = text.charCodeAt(j);
      if (c === 91) { open = j; break; }
      if (c === 93 || c === 10) break;
    }
    from = k + 2;
    if (open < 0) continue;
    let p = skipBlanks(text, k + 2, 8);
    let end: number;
    if (text.charCodeAt(p) === 60) {
      p++;
      end = angleEnd(text, p);
    } else end = destinationEnd(text, p);
    if (end > p) out.push({ start: p, end, channel: open > 0 && text.charCodeAt(open - 1) === 33 ? 'image' : 'link', via: 'markdown' });
    from = Math.max(from, end);
    floor = from;
  }
}

function labelKey(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Reference-style markdown (`![alt][ref]` … `[ref]: https://…`): an image when some `![…]` uses the label. */
function markdownReferences(text: string, out: UrlHit[]): void {
  const defs: Array<{ label: string; start: number; end: number }> = [];
  REF_DEF.lastIndex = 0;
  for (let m = REF_DEF.exec(text); m; m = REF_DEF.exec(text)) {
    const start = m.index + m[0].length;
    let end = start;
    const limit = Math.min(text.length, start + MAX_URL);
    while (end < limit && text.charCodeAt(end) > 32 && text.charCodeAt(end) !== 62) end++;
    defs.push({ label: labelKey(m[1]!), start, end });
    REF_DEF.lastIndex = Math.max(REF_DEF.lastIndex, end);
  }
  if (defs.length === 0) return;
  const images = new Set<string>();
  if (text.includes('![')) {
    IMG_REF.lastIndex = 0;
    for (let m = IMG_REF.exec(text); m; m = IMG_REF.exec(text)) images.add(labelKey(m[2] || m[1]!));
  }
  for (const d of defs) out.push({ start: d.start, end: d.end, channel: images.has(d.label) ? 'image' : 'link', via: 'reference' });
}

function attributeValue(text: string, p: number): { start: number; end: number } {
  const q = text.charCodeAt(p);
  const limit = Math.min(text.length, p + 1 + MAX_URL);
  if (q === 34 || q === 39) {
    let j = p + 1;
    while (j < limit && text.charCodeAt(j) !== q) j++;
    return { start: p + 1, end: j };
  }
  let j = p;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (c <= 32 || c === 62) break;
    j++;
  }
  return { start: p, end: j };
}

function html(text: string, out: UrlHit[]): void {
  HTML_ATTR.lastIndex = 0;
  for (let m = HTML_ATTR.exec(text); m; m = HTML_ATTR.exec(text)) {
    const v = attributeValue(text, m.index + m[0].length);
    let end = v.end;
    // srcset lists "url 1x, url 2x": the first URL stands for all.
    if (m[2]!.toLowerCase() === 'srcset') {
      for (let j = v.start; j < end; j++) {
        const c = text.charCodeAt(j);
        if (c <= 32 || c === 44) { end = j; break; }
      }
    }
    const tag = m[1]!.toLowerCase();
    if (end > v.start) out.push({ start: v.start, end, channel: tag === 'a' || tag === 'area' ? 'link' : 'image', via: 'html' });
    HTML_ATTR.lastIndex = Math.max(HTML_ATTR.lastIndex, v.end);
  }
}

function css(text: string, out: UrlHit[]): void {
  CSS_URL.lastIndex = 0;
  for (let m = CSS_URL.exec(text); m; m = CSS_URL.exec(text)) {
    const p = m.index + m[0].length;
    const q = text.charCodeAt(p);
    let start = p;
    let end: number;
    if (q === 34 || q === 39) {
      const v = attributeValue(text, p);
      start = v.start;
      end = v.end;
    } else end = destinationEnd(text, p);
    if (end > start) out.push({ start, end, channel: 'image', via: 'css' });
    CSS_URL.lastIndex = Math.max(CSS_URL.lastIndex, end);
  }
}

const TRAILING = new Set([46, 44, 59, 58, 33, 63, 42, 95, 126, 39, 34]); // . , ; : ! ? * _ ~ ' "

/**
 * The end of a bare URL starting at `start` (whose scheme ends before `from`): URL characters up
 * to `limit`, cut at a markdown "](", then without what prose puts after a URL (punctuation, and
 * closing brackets the URL did not open). One pass, counting brackets as it goes.
 */
function bareEnd(text: string, start: number, from: number, limit: number): number {
  let round = 0;
  let square = 0;
  let curly = 0;
  let end = from;
  for (; end < limit; end++) {
    const c = text.charCodeAt(end);
    if (!isUrlChar(c)) break;
    // Net opens per bracket kind; a negative count means an unopened closer.
    if (c === 40) round++;
    else if (c === 41) round--;
    else if (c === 91) square++;
    else if (c === 93) {
      if (text.charCodeAt(end + 1) === 40) break;
      square--;
    } else if (c === 123) curly++;
    else if (c === 125) curly--;
  }
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (TRAILING.has(c)) end--;
    else if (c === 41 && round < 0) { round++; end--; }
    else if (c === 93 && square < 0) { square++; end--; }
    else if (c === 125 && curly < 0) { curly++; end--; }
    else break;
  }
  return end;
}

function isWebScheme(text: string, s: number, k: number): boolean {
  const scheme = text.slice(s, k).toLowerCase();
  return scheme === 'https' || scheme === 'http' || WEB_SCHEMES.has(scheme);
}

function isUrlChar(c: number): boolean {
  if (c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 92 || c === 94 || c === 96 || c === 124 || c === 127) return false;
  return c < 0xa0 || !(c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0xfeff);
}

/** End of the range in `sorted` (disjoint, in order) that holds `at`, or -1. */
function coveringEnd(sorted: UrlHit[], at: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const h = sorted[mid]!;
    if (at < h.start) hi = mid - 1;
    else if (at >= h.end) lo = mid + 1;
    else return h.end;
  }
  return -1;
}

function covered(sorted: UrlHit[], at: number): boolean {
  return coveringEnd(sorted, at) >= 0;
}

/** Bare URLs (and data: URIs) not already read as a markdown or HTML destination (`placed`, in text order). */
function bare(text: string, placed: UrlHit[], out: UrlHit[]): void {
  let merged: UrlHit[] = [];
  let seen: Set<string> | undefined;
  if (placed.length > 0) {
    // Finders never overlap one another's reads by much, but merge so the search sees disjoint ranges.
    merged = [];
    for (const h of placed) {
      const last = merged[merged.length - 1];
      if (last && h.start < last.end) { if (h.end > last.end) merged[merged.length - 1] = { ...last, end: h.end }; }
      else merged.push(h);
    }
  }
  const push = (start: number, end: number): void => {
    if (end <= start) return;
    if (merged.length > 0) {
      if (covered(merged, start)) return;
      // "[https://x](https://x)": the label repeats the destination; report it once.
      seen ??= new Set(placed.map((h) => text.slice(h.start, h.end)));
      if (seen.has(text.slice(start, end))) return;
    }
    out.push({ start, end, channel: 'bare', via: 'text' });
  };
  // Scheme URLs, found from each "://" (a native search) rather than a regex tried everywhere.
  for (let k = text.indexOf('://'), from = 0; k >= 0; k = text.indexOf('://', from)) {
    from = k + 3;
    let s = k;
    while (s > 0 && k - s < 5 && isAsciiLetter(text.charCodeAt(s - 1))) s--;
    if (k - s < 2 || (s > 0 && isAsciiAlnum(text.charCodeAt(s - 1))) || !isWebScheme(text, s, k)) continue;
    // Inside a destination already read: skip to its end without reading it again.
    const inside = merged.length > 0 ? coveringEnd(merged, s) : -1;
    if (inside >= 0) { from = Math.max(from, inside); continue; }
    const e = bareEnd(text, s, k + 3, Math.min(text.length, s + MAX_URL));
    if (e <= k + 3) continue;
    from = e;
    push(s, e);
  }
  const urls = out.length;
  for (let k = text.indexOf('data:'), from = 0; k >= 0; k = text.indexOf('data:', from)) {
    from = k + 5;
    if (k > 0 && isAsciiAlnum(text.charCodeAt(k - 1))) continue;
    DATA_URI.lastIndex = k;
    if (!DATA_URI.test(text)) continue;
    let e = DATA_URI.lastIndex;
    const limit = Math.min(text.length, e + 1024 * 1024);
    while (e < limit) {
      const c = text.charCodeAt(e);
      if (c <= 32 || c === 34 || c === 39 || c === 41 || c === 60 || c === 62 || c === 96) break;
      e++;
    }
    from = e;
    push(k, e);
  }
  // Each loop found its hits in order; interleave the two when both found some.
  if (urls > 0 && out.length > urls) out.sort(byPosition);
}

/** Every URL-bearing place in `text`, in text order. */
export function findUrls(text: string): UrlHit[] {
  const placed: UrlHit[] = [];
  markdownInline(text, placed);
  if (text.includes(']:')) markdownReferences(text, placed);
  if (text.includes('<')) html(text, placed);
  if (text.includes('url(') || text.includes('URL(')) css(text, placed);
  if (placed.length > 1) placed.sort(byPosition);
  const loose: UrlHit[] = [];
  bare(text, placed, loose);
  if (placed.length === 0) return loose;
  // Both lists are in text order: merge them.
  const out: UrlHit[] = [];
  let a = 0;
  let b = 0;
  while (a < placed.length || b < loose.length) {
    if (b >= loose.length || (a < placed.length && byPosition(placed[a]!, loose[b]!) <= 0)) out.push(placed[a++]!);
    else out.push(loose[b++]!);
  }
  return out;
}

function byPosition(a: UrlHit, b: UrlHit): number {
  return a.start - b.start || a.end - b.end;
}
