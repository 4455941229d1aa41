import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import { hasNonAscii } from './text/chars.js';
import { findUrls, type Channel, type UrlHit } from './text/urls.js';
import { findEncodedSegments } from './encoding.js';
import { clipEvidence, finding, maskSecret } from './finding.js';
import { TAG } from './tags.js';
import type { ContentSource, DetectContext, Detector, DetectorFinding, DetectorOptions, Severity } from './types.js';

export const EXFILTRATION = 'exfiltration';

/**
 * exfiltration: URLs that would carry data out when the answer is rendered or a tool runs.
 *
 * - `markdown_image_exfil` (high from 0.6): an image, or any HTML resource a renderer loads by
 *   itself (`<img>`, `<iframe>`, `<script src>`, CSS `url()`, reference-style `![x][ref]`), whose
 *   URL carries data: copied text, a secret, a value under a sensitive name, an email address,
 *   a blob that decodes to text, a long high-entropy value, a placeholder waiting to be filled
 *   (`?q={conversation}`), a long data-looking subdomain. The classic zero-click channel.
 * - `link_exfil` (medium): the same in links and bare URLs, which need a click or a tool call
 *   (scored ×0.85 for links, ×0.8 for bare URLs; ×1 in `tool_args`, where the tool fetches it).
 * - `encoded_url_payload` (medium): a link or bare URL whose payload is an encoded or long blob.
 * - `unlisted_domain` (medium, 0.6; 0.65 for images): with an allow-list configured, URLs in
 *   `model_output` or `tool_args` to hosts outside it. URLs to allowed hosts are never reported.
 * - `data_uri`: `data:` URIs; active content (HTML, SVG, script) 0.75, other application types
 *   0.5, text 0.45, images 0.3.
 * - `script_uri`: `javascript:` / `vbscript:` link or resource targets, 0.8.
 *
 * Evidence is the URL with long path segments and query values masked.
 */
export interface ExfiltrationOptions extends DetectorOptions {
  /**
   * Trusted destinations: registrable domains (`example.com` allows its subdomains too), exact
   * hosts (`cdn.example.com`), or `*.example.com` (any subdomain). Registrable domains follow the
   * Public Suffix List including private suffixes, so `github.io` alone does not allow every
   * GitHub Pages site (write `*.github.io` for that).
   */
  allowDomains?: string[];
  /** Also check links and bare URLs, not only images (default true). */
  checkLinks?: boolean;
  /** Most findings reported for one text (default 100). */
  maxFindings?: number;
}

export const EXFILTRATION_DEFAULTS = { threshold: 0.5, checkLinks: true, maxFindings: 100 } as const;

/** Findings below this are not reported at all: weak hints on ordinary URLs are noise. */
const REPORT_FLOOR = 0.4;
/** Path segments and query parameters read per URL at most. */
const MAX_PARTS = 64;
/** URLs read per text at most; identical URLs are read once. */
const MAX_URLS = 10_000;

const TAGS_EXFIL = [TAG.llmSensitiveDisclosure, TAG.llmImproperOutput, TAG.atlasResponseRendering, TAG.atlasDataLeakage] as const;
const TAGS_DOMAIN = [TAG.llmSensitiveDisclosure, TAG.atlasDataLeakage] as const;
const TAGS_ACTIVE = [TAG.llmImproperOutput, TAG.atlasResponseRendering, TAG.atlasObfuscation] as const;

// --- URL parts ---------------------------------------------------------------------------------

const WEB_SCHEMES = new Set(['http', 'https', 'ftp', 'ws', 'wss']);

interface ParsedUrl {
  scheme: string;
  userinfo: string;
  host: string;
  path: string;
  query: string;
}

function parseUrl(raw: string): ParsedUrl | undefined {
  let schemeEnd = raw.indexOf('://');
  let u = raw;
  if (raw.startsWith('//')) { u = `https:${raw}`; schemeEnd = 5; }
  if (schemeEnd < 2 || schemeEnd > 5) return undefined;
  const scheme = u.slice(0, schemeEnd).toLowerCase();
  if (!WEB_SCHEMES.has(scheme)) return undefined;
  // The fragment never leaves the browser in a request.
  const hash = u.indexOf('#', schemeEnd + 3);
  const rest = hash >= 0 ? u.slice(schemeEnd + 3, hash) : u.slice(schemeEnd + 3);
  let authEnd = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 47 || c === 63 || c === 92) { authEnd = i; break; }
  }
  const authority = rest.slice(0, authEnd);
  const after = rest.slice(authEnd);
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : '';
  const hostport = at >= 0 ? authority.slice(at + 1) : authority;
  let host: string;
  if (hostport.startsWith('[')) host = hostport.slice(0, hostport.indexOf(']') + 1);
  else {
    const colon = hostport.indexOf(':');
    host = colon >= 0 ? hostport.slice(0, colon) : hostport;
  }
  host = host.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (hasNonAscii(host)) host = domainToASCII(host) || host;
  if (!host) return undefined;
  const q = after.indexOf('?');
  return { scheme, userinfo, host, path: q >= 0 ? after.slice(0, q) : after, query: q >= 0 ? after.slice(q + 1) : '' };
}

/**
 * Registrable domain and subdomain of a host (Public Suffix List, private suffixes included).
 * Memoised: hosts repeat across texts and the lookup is the costly part of reading a URL. The
 * memo is bounded and only ever holds what the pure lookup returns.
 */
const hostMemo = new Map<string, { domain: string | null; subdomain: string | null }>();
const MAX_HOST_MEMO = 4096;

function hostParts(host: string): { domain: string | null; subdomain: string | null } {
  let hit = hostMemo.get(host);
  if (!hit) {
    const r = parse(host, { allowPrivateDomains: true, extractHostname: false });
    hit = { domain: r.domain, subdomain: r.subdomain };
    if (hostMemo.size >= MAX_HOST_MEMO) hostMemo.clear();
    hostMemo.set(host, hit);
  }
  return hit;
}

function decodeComponent(s: string, plusIsSpace: boolean): string {
  const t = plusIsSpace && s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!t.includes('%')) return t;
  try {
    return decodeURIComponent(t);
  } catch {
    return t.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

// --- values that carry data ---------------------------------------------------------------------

type PayloadType = 'secret' | 'text' | 'encoded' | 'long' | 'placeholder' | 'sensitive' | 'email' | 'subdomain' | 'userinfo';

interface Payload {
  score: number;
  type: PayloadType;
  /** The query key or "path" / "subdomain" / "userinfo". */
  where: string;
}

const PLACEHOLDER = /^(?:\{\{?[ \t]{0,3}([A-Za-z_][\w .-]{0,40}?)[ \t]{0,3}\}\}?|\[([A-Za-z_][\w .-]{0,40})\]|<([A-Za-z_][\w .-]{0,40})>|\$\{?([A-Za-z_]\w{0,40})\}?|%([A-Za-z_]{2,40})%)$/;
const DATA_WORD = /data|info|secret|conversation|history|chat|summary|message|context|payload|passw|credential|token|key|email|memory|prompt|personal|private|session|cookie|ssn|address|phone|leak|exfil/i;
const SECRETISH =
  /sk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}|-----BEGIN [A-Z ]{0,20}PRIVATE KEY/;
const SENSITIVE_KEY = /^(?:pass(?:word|wd)?|pwd|secret|token|access[_-]?token|auth|authorization|api[_-]?key|apikey|key|session(?:[_-]?id)?|sid|cookie|ssn|credit[_-]?card|card|cc|pin|otp|private[_-]?key|credentials?)$/i;
/** Keys whose hashes and signatures are routine (signed URLs, CDN transforms, cache busting). */
const ROUTINE_KEY = /^(?:x-amz-[a-z-]{1,40}|x-goog-[a-z-]{1,40}|signature|sig|se|sp|sv|sr|st|spr|skoid|sktid|skt|ske|sks|skv|key-pair-id|policy|expires|hash|h|v|ver|version|rev|cb|integrity|etag|s|w|width|height|fit|crop|fm|auto|dpr|ixlib|ixid)$/i;
const SEARCH_KEY = /^(?:q|query|search|search_query|k|p|text|keywords?|term|wd|lookup)$/i;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/;
const BLOB = /^[A-Za-z0-9+/_=-]+$/;
const HEX = /^[0-9a-fA-F]+$/;
const FILE_EXT = /\.[A-Za-z0-9]{1,5}$/;

function entropy(s: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const k of counts.values()) {
    const p = k / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Space-separated tokens that hold at least two letters. */
function words(s: string): number {
  let n = 0;
  let letters = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (letters >= 2) n++;
      letters = 0;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) letters++;
  }
  return n;
}

const BLOB_LIMITS = { minLength: 16, maxBlobBytes: 4096, maxTotalBytes: 4096, maxSegments: 1 };

function blobScore(compact: string, inPath: boolean): number {
  if (compact.length < 16 || compact.length > 8192 || !BLOB.test(compact)) return 0;
  const seg = findEncodedSegments(compact, BLOB_LIMITS)[0];
  if (seg && (seg.span.end - seg.span.start) * 5 >= compact.length * 4) return 0.9;
  // Opaque ids are common in image paths (CDN and photo hosts), rarer as query values.
  if (HEX.test(compact)) return compact.length >= 96 ? (inPath ? 0.45 : 0.6) : 0;
  if (compact.length >= 100) return inPath ? 0.45 : 0.7;
  if (compact.length >= 32 && entropy(compact) >= 4.2) return inPath ? 0.4 : 0.55;
  return 0;
}

/** How strongly one value (query value, path segment, user info) looks like data being carried out. */
function valueScore(key: string, raw: string, where: 'query' | 'path' | 'userinfo'): Payload | undefined {
  if (raw.length < 3) return undefined;
  const value = decodeComponent(raw, where === 'query');
  const trimmed = value.trim();
  const lead = trimmed.charCodeAt(0);
  // Placeholders open with { [ < $ or %.
  const ph = lead === 123 || lead === 91 || lead === 60 || lead === 36 || lead === 37 ? PLACEHOLDER.exec(trimmed) : null;
  if (ph) {
    const name = ph[1] ?? ph[2] ?? ph[3] ?? ph[4] ?? ph[5] ?? '';
    if (DATA_WORD.test(name)) return { score: 0.75, type: 'placeholder', where: key };
  }
  if (trimmed.length < 8) return undefined;
  // Signed-URL and CDN parameters carry key ids, tokens, hashes and signatures by design; only
  // readable text or an address under such a name counts.
  const routine = where === 'query' && ROUTINE_KEY.test(key);
  if (!routine && SECRETISH.test(value)) return { score: 0.95, type: 'secret', where: key };
  if (where === 'userinfo') return { score: 0.6, type: 'userinfo', where: key };
  if (!routine && where === 'query' && SENSITIVE_KEY.test(key)) return { score: 0.7, type: 'sensitive', where: key };
  const w = words(value);
  if (w >= 8 || (w >= 5 && value.length >= 40)) return { score: 0.85, type: 'text', where: key };
  if (value.includes('@') && EMAIL.test(value)) return { score: 0.6, type: 'email', where: key };
  if (w >= 4) return { score: 0.6, type: 'text', where: key };
  if (routine) return undefined;
  const compact = decodeComponent(raw, false).replace(FILE_EXT, '');
  const blob = blobScore(compact, where === 'path');
  if (blob > 0) return { score: blob, type: blob >= 0.9 ? 'encoded' : compact.length >= 100 ? 'long' : 'encoded', where: key };
  if (value.length >= 200) return { score: where === 'path' ? 0.45 : 0.65, type: 'long', where: key };
  return undefined;
}

/** A long data-looking label left of the registrable domain (DNS-style exfiltration). */
function subdomainScore(host: string): Payload | undefined {
  // Only a host with a long label can have one; skip the suffix lookup for all others.
  let run = 0;
  let long = false;
  for (let i = 0; i < host.length && !long; i++) {
    run = host.charCodeAt(i) === 46 ? 0 : run + 1;
    long = run >= 24;
  }
  if (!long) return undefined;
  const sub = hostParts(host).subdomain;
  if (!sub) return undefined;
  for (const label of sub.split('.')) {
    if (label.length < 24) continue;
    let digits = 0;
    let hyphens = 0;
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
      else if (c === 45) hyphens++;
    }
    if (hyphens > 1) continue;
    const seg = findEncodedSegments(label, BLOB_LIMITS)[0];
    if (seg && (seg.span.end - seg.span.start) * 5 >= label.length * 4) return { score: 0.75, type: 'subdomain', where: 'subdomain' };
    if (digits >= 3 && entropy(label) >= 3.5) return { score: 0.6, type: 'subdomain', where: 'subdomain' };
  }
  return undefined;
}

interface UrlAnalysis {
  parsed: ParsedUrl;
  best: Payload | undefined;
  score: number;
}

function analyse(parsed: ParsedUrl, channel: Channel): UrlAnalysis {
  const payloads: Payload[] = [];
  if (parsed.userinfo) {
    const p = valueScore('userinfo', parsed.userinfo, 'userinfo');
    if (p) payloads.push(p);
  }
  const sub = subdomainScore(parsed.host);
  if (sub) payloads.push(sub);
  const segs = parsed.path.split('/', MAX_PARTS);
  for (const seg of segs) {
    if (seg.length === 0) continue;
    const p = valueScore('path', seg, 'path');
    if (p) payloads.push(p);
  }
  if (parsed.query) {
    for (const part of parsed.query.split('&', MAX_PARTS)) {
      if (part.length === 0) continue;
      const eq = part.indexOf('=');
      const key = decodeComponent(eq >= 0 ? part.slice(0, eq) : '', true);
      const p = valueScore(key, eq >= 0 ? part.slice(eq + 1) : part, 'query');
      if (!p) continue;
      // Search links carry the words someone searched for; only more than that is suspicious.
      if (channel !== 'image' && p.type === 'text' && SEARCH_KEY.test(key)) p.score = Math.min(p.score, 0.5);
      payloads.push(p);
    }
  }
  let best: Payload | undefined;
  let strong = 0;
  for (const p of payloads) {
    if (!best || p.score > best.score) best = p;
    if (p.score >= 0.45) strong++;
  }
  const score = best ? best.score + 0.05 * Math.min(2, Math.max(0, strong - 1)) : 0;
  return { parsed, best, score };
}

// --- evidence ------------------------------------------------------------------------------------

function maskPart(s: string, max: number): string {
  return s.length > max ? maskSecret(s) : s;
}

/** The URL with user info hidden, long path segments and query values masked. */
function maskedUrl(p: ParsedUrl): string {
  const path = p.path
    .split('/')
    .map((seg) => maskPart(seg, 24))
    .join('/');
  const query = p.query
    ? `?${p.query
        .split('&')
        .slice(0, 6)
        .map((kv) => {
          const eq = kv.indexOf('=');
          return eq >= 0 ? `${maskPart(kv.slice(0, eq), 24)}=${maskPart(kv.slice(eq + 1), 8)}` : maskPart(kv, 8);
        })
        .join('&')}${p.query.split('&').length > 6 ? '&…' : ''}`
    : '';
  const host = p.host
    .split('.')
    .map((label) => maskPart(label, 24))
    .join('.');
  return `${p.scheme}://${p.userinfo ? '***@' : ''}${host}${path}${query}`;
}

const PAYLOAD_WORDS: Record<PayloadType, string> = {
  secret: 'a secret',
  text: 'copied text',
  encoded: 'an encoded blob',
  long: 'a long blob',
  placeholder: 'a data placeholder',
  sensitive: 'a sensitive parameter',
  email: 'an email address',
  subdomain: 'a data-looking subdomain',
  userinfo: 'credentials',
};

function describe(p: Payload): string {
  if (p.where === 'subdomain' || p.where === 'userinfo') return PAYLOAD_WORDS[p.type];
  return `${PAYLOAD_WORDS[p.type]} ${p.where === 'path' ? 'in the path' : `in "${p.where.slice(0, 24)}"`}`;
}

// --- allow-list ----------------------------------------------------------------------------------

interface AllowList {
  exact: Set<string>;
  suffixes: string[];
}

function normaliseHost(entry: string): string {
  let s = entry.trim().toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  s = s.split(/[/?#]/)[0]!;
  if (!s.startsWith('[')) s = s.split(':')[0]!;
  s = s.replace(/\.$/, '');
  if (hasNonAscii(s)) s = domainToASCII(s) || s;
  return s;
}

function buildAllowList(entries: readonly string[]): AllowList {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const e of entries) {
    const wild = e.trim().startsWith('*.');
    const h = normaliseHost(wild ? e.trim().slice(2) : e);
    if (!h) continue;
    if (wild) suffixes.push(`.${h}`);
    else exact.add(h);
  }
  return { exact, suffixes };
}

function allowed(list: AllowList, host: string): boolean {
  if (list.exact.has(host)) return true;
  for (const s of list.suffixes) if (host.endsWith(s)) return true;
  const domain = hostParts(host).domain;
  return domain !== null && list.exact.has(domain);
}

// --- data: and script URIs -------------------------------------------------------------------

const ACTIVE_MIME = /^(?:text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/javascript|application\/(?:x-)?javascript|application\/ecmascript|text\/xml|application\/xml)$/;
const SCRIPT_SCHEME = /^(?:javascript|vbscript):/;

function dataUriFinding(text: string, h: UrlHit, threshold: number): DetectorFinding {
  const raw = text.slice(h.start, Math.min(h.end, h.start + 200));
  const comma = raw.indexOf(',');
  const header = (comma >= 0 ? raw.slice(5, comma) : raw.slice(5, 60)).toLowerCase();
  const mime = header.split(';')[0]!.trim();
  let score: number;
  if (ACTIVE_MIME.test(mime)) score = 0.75;
  else if (mime.startsWith('application/')) score = 0.5;
  else if (mime.startsWith('image/')) score = 0.3;
  else score = 0.45;
  const severity: Severity = score >= 0.7 ? 'high' : score >= 0.5 ? 'medium' : 'low';
  const size = h.end - h.start - (comma >= 0 ? comma + 1 : 0);
  const how = h.channel === 'image' ? 'embedded ' : h.channel === 'link' ? 'linked ' : '';
  const evidence = clipEvidence(`${how}data:${header.slice(0, 60)} (${size} chars)`, 120);
  return finding(EXFILTRATION, threshold, { kind: 'data_uri', score, severity, span: { start: h.start, end: h.end }, evidence, tags: TAGS_ACTIVE });
}

// --- the detector --------------------------------------------------------------------------------

const OUTBOUND_SOURCES: ReadonlySet<ContentSource> = new Set(['model_output', 'tool_args']);

/** The exfiltration detector; see the module comment for kinds and scores. */
export function createExfiltrationDetector(options: ExfiltrationOptions = {}): Detector {
  const threshold = options.threshold ?? EXFILTRATION_DEFAULTS.threshold;
  const checkLinks = options.checkLinks ?? EXFILTRATION_DEFAULTS.checkLinks;
  const maxFindings = Math.max(1, options.maxFindings ?? EXFILTRATION_DEFAULTS.maxFindings);
  const allowList = buildAllowList(options.allowDomains ?? []);
  const hasAllowList = allowList.exact.size > 0 || allowList.suffixes.length > 0;

  /** Reads a URL once per text: `null` when it is not a web URL or goes to an allowed host. */
  function read(raw: string, channel: Channel, memo: Map<string, UrlAnalysis | null>): UrlAnalysis | null {
    const key = `${channel === 'image' ? 'i' : 'l'}${raw}`;
    let a = memo.get(key);
    if (a === undefined) {
      const parsed = parseUrl(raw);
      a = parsed && !(hasAllowList && allowed(allowList, parsed.host)) ? analyse(parsed, channel) : null;
      memo.set(key, a);
    }
    return a;
  }

  function urlFindings(text: string, h: UrlHit, source: ContentSource, memo: Map<string, UrlAnalysis | null>, out: DetectorFinding[]): void {
    const a = read(text.slice(h.start, h.end), h.channel, memo);
    if (!a) return;
    const parsed = a.parsed;
    const unlisted = hasAllowList;
    const span = { start: h.start, end: h.end };
    if (a.best && (h.channel === 'image' || checkLinks)) {
      const factor = h.channel === 'image' || source === 'tool_args' ? 1 : h.channel === 'link' ? 0.85 : 0.8;
      const score = Math.min(1, a.score * factor + (unlisted ? 0.05 : 0));
      if (score >= REPORT_FLOOR) {
        const what = describe(a.best);
        if (h.channel === 'image') {
          const evidence = clipEvidence(`${h.via === 'markdown' ? 'markdown image' : h.via === 'reference' ? 'reference image' : `${h.via} resource`} carries ${what}: ${maskedUrl(parsed)}`, 180);
          out.push(finding(EXFILTRATION, threshold, { kind: 'markdown_image_exfil', score, severity: score >= 0.6 ? 'high' : 'medium', span, evidence, tags: TAGS_EXFIL }));
        } else {
          const encoded = a.best.type === 'encoded' || a.best.type === 'long';
          const evidence = clipEvidence(`${h.channel === 'link' ? 'link' : 'URL'} carries ${what}: ${maskedUrl(parsed)}`, 180);
          out.push(finding(EXFILTRATION, threshold, { kind: encoded ? 'encoded_url_payload' : 'link_exfil', score, severity: score >= 0.5 ? 'medium' : 'low', span, evidence, tags: TAGS_EXFIL }));
        }
      }
    }
    if (unlisted && OUTBOUND_SOURCES.has(source) && out.length < maxFindings) {
      const score = h.channel === 'image' ? 0.65 : 0.6;
      const evidence = clipEvidence(`${h.channel === 'bare' ? 'URL' : h.channel} to a host outside the allow-list: ${maskedUrl(parsed)}`, 180);
      out.push(finding(EXFILTRATION, threshold, { kind: 'unlisted_domain', score, severity: 'medium', span, evidence, tags: TAGS_DOMAIN }));
    }
  }

  return {
    name: EXFILTRATION,
    detect(text: string, context: DetectContext): DetectorFinding[] {
      // Every finding needs a scheme separator or a protocol-relative URL.
      if (!text.includes(':') && !text.includes('//')) return [];
      const out: DetectorFinding[] = [];
      const hits = findUrls(text);
      const memo = new Map<string, UrlAnalysis | null>();
      for (let k = 0; k < hits.length && k < MAX_URLS && out.length < maxFindings; k++) {
        const h = hits[k]!;
        // Only destinations that do not start like a web URL need a closer look at their scheme.
        const first = text.charCodeAt(h.start) | 32;
        if (first === 104 || first === 47 || first === 102 || first === 119) {
          urlFindings(text, h, context.source, memo, out);
          continue;
        }
        const head = text.slice(h.start, Math.min(h.end, h.start + 64)).replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (head.startsWith('data:')) {
          out.push(dataUriFinding(text, h, threshold));
          continue;
        }
        if (SCRIPT_SCHEME.test(head)) {
          if (h.channel === 'bare') continue;
          const evidence = clipEvidence(`${h.channel} target is script: ${text.slice(h.start, Math.min(h.end, h.start + 80))}`, 120);
          out.push(finding(EXFILTRATION, threshold, { kind: 'script_uri', score: 0.8, severity: 'high', span: { start: h.start, end: h.end }, evidence, tags: TAGS_ACTIVE }));
          continue;
        }
        urlFindings(text, h, context.source, memo, out);
      }
      return out.length > maxFindings ? out.slice(0, maxFindings) : out;
    },
  };
}
