import type { Severity } from '../audit/types.js';
import { finding } from './finding.js';
import { OBFUSCATED_AT, domainIgnored, readEmail, readObfuscatedEmail } from './pii/email.js';
import { hasContext, textBefore } from './pii/context.js';
import type { KindFilter, PiiHit } from './pii/hit.js';
import { readIPv4, readIPv6, type IpRead } from './pii/ip.js';
import { maskEmail, maskIp } from './pii/mask.js';
import { numbersIn, readCluster } from './pii/numbers.js';
import type { PhoneBudget } from './pii/phone.js';
import { isAsciiAlnum, isDigit, isGroupSpace, isHex, isInnerSep } from './pii/scan-chars.js';
import { tokenId } from './pii/tokens.js';
import { TAG } from './tags.js';
import type { DetectContext, Detector, DetectorFinding, DetectorOptions } from './types.js';

/**
 * Personal data: email addresses, phone numbers, payment cards, IBANs, US SSNs, IP addresses
 * and national identity numbers (UK NINO, Canada SIN, German Steuer-ID, French NIR, Spanish
 * DNI/NIE, Italian codice fiscale, Dutch BSN, Indian Aadhaar, Brazilian CPF). Every number is
 * validated (check digits, issuer ranges, area rules, numbering plans), so numbers that only look
 * like one (order ids, versions, dates, tracking numbers) are not reported.
 *
 * One left-to-right pass: only an `@` or a digit starts any work, and each run of text is read
 * once, so the cost is linear in the text and small for prose.
 */
export const PII_KINDS = ['email', 'phone', 'payment_card', 'iban', 'us_ssn', 'ip_address', 'national_id'] as const;

/** Subkinds a `kinds` option may name on their own. */
export const PII_SUBKINDS = [
  'ip_address.private',
  'national_id.uk_nino',
  'national_id.ca_sin',
  'national_id.de_steuer_id',
  'national_id.fr_nir',
  'national_id.es_dni',
  'national_id.es_nie',
  'national_id.it_codice_fiscale',
  'national_id.nl_bsn',
  'national_id.in_aadhaar',
  'national_id.br_cpf',
] as const;

export interface PiiOptions extends DetectorOptions {
  /** Score at or above which a finding is triggered. Default 0.5. */
  threshold?: number;
  /**
   * Kinds to look for; default all. A base kind (`national_id`, `ip_address`) enables its
   * subkinds; a subkind (`national_id.es_dni`) enables only itself. Unknown names throw.
   */
  kinds?: string[];
  /** Email domains not reported (subdomains included), e.g. `example.com`, your own domain. Default none. */
  ignoreEmails?: string[];
  /** Report private, loopback and link-local IP addresses (kind `ip_address.private`). Default false. */
  ipPrivate?: boolean;
}

const NAME = 'pii';
const TAGS = [TAG.llmSensitiveDisclosure, TAG.atlasDataLeakage];

/** Where work can start: a digit or an "@". Shared, but lastIndex is set before every use. */
const HIT = /[0-9@]/g;

function isHit(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 64;
}

/** A character of a domain label (ASCII, or any non-ASCII for internationalised names). */
function isLabelChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 45 || c >= 0xc0;
}

const BASE_INFO: Record<string, { severity: Severity; label: string }> = {
  email: { severity: 'medium', label: 'EMAIL' },
  phone: { severity: 'medium', label: 'PHONE' },
  payment_card: { severity: 'high', label: 'CARD' },
  iban: { severity: 'high', label: 'IBAN' },
  us_ssn: { severity: 'high', label: 'SSN' },
  ip_address: { severity: 'low', label: 'IP' },
  national_id: { severity: 'high', label: 'NATIONAL_ID' },
};

function baseKind(kind: string): string {
  const dot = kind.indexOf('.');
  return dot === -1 ? kind : kind.slice(0, dot);
}

/** Scores: validated ids 0.95; email 0.9 (0.7 written with "[at]" or at a TLD outside ICANN's list,
 * such as `.internal`); phones 0.7–0.95; public IPs 0.6 (0.7
 * after an IP word, 0.4 for version-like "1.7.12.1"); private IPs 0.5. */
const SCORE = { email: 0.9, emailObfuscated: 0.7, emailUnknownTld: 0.7, ip: 0.6, ipContext: 0.7, ipOutline: 0.4, ipPrivate: 0.5 };

/**
 * Per text: precise phone checks, a fixed allowance plus one per 4 KB; number windows and
 * email candidates, 5,000 plus one per 256 characters, far above any real message (see phone.ts).
 */
function phoneBudget(length: number): PhoneBudget {
  return { precise: 200 + (length >> 12), windows: 5_000 + (length >> 8) };
}

export function createPiiDetector(options: PiiOptions = {}): Detector {
  const threshold = options.threshold ?? 0.5;
  const kinds = options.kinds ? new Set(options.kinds.map((k) => k.toLowerCase())) : undefined;
  // A misspelt kind would silently switch detection off: refuse it.
  const known = new Set<string>([...PII_KINDS, ...PII_SUBKINDS]);
  for (const k of kinds ?? []) if (!known.has(k)) throw new Error(`pii: unknown kind "${k}" (known: ${[...known].join(', ')})`);
  const on: KindFilter = kinds ? (k) => kinds.has(k) || kinds.has(baseKind(k)) : () => true;
  const ignored = (options.ignoreEmails ?? []).map((d) => d.toLowerCase().replace(/^@/, ''));
  const ipPrivate = options.ipPrivate ?? false;
  const wantEmail = on('email');
  const wantIp = on('ip_address') || on('ip_address.private');

  function ipHit(text: string, r: IpRead, out: PiiHit[]): void {
    const m = r.match;
    if (!m || m.cls === 'reserved') return;
    // A network in CIDR notation ("2001:db8::/32", "81.2.69.0/24") is a range, not someone's address.
    if (text.charCodeAt(m.end) === 47 && isDigit(text.charCodeAt(m.end + 1))) {
      const prefix = Number(/^\d{1,3}/.exec(text.slice(m.end + 1, m.end + 4))![0]);
      if (prefix < (m.v6 ? 128 : 32)) return;
    }
    const raw = text.slice(m.start, m.end);
    if (m.cls === 'private') {
      if (ipPrivate && on('ip_address.private')) out.push({ kind: 'ip_address.private', score: SCORE.ipPrivate, start: m.start, end: m.end, evidence: maskIp(raw, m.v6) });
      return;
    }
    if (!on('ip_address')) return;
    const before = textBefore(text, m.start);
    // "version 1.2.3.4" and "from 4.2.10 to 4.3.0.2" are versions, however valid as addresses.
    if (!m.v6 && hasContext(before, 'version_near')) return;
    const ipWord = hasContext(before, 'ip');
    // "3.4.1.2", "1.7.12.1" and "2.8.10.2" are section and version numbers far more often than addresses.
    const outline = !m.v6 && /^\d\.\d\./.test(raw);
    const score = ipWord ? SCORE.ipContext : outline ? SCORE.ipOutline : SCORE.ip;
    out.push({ kind: 'ip_address', score, start: m.start, end: m.end, evidence: maskIp(raw, m.v6) });
  }

  /** Handles the `@` at `at`; returns where scanning resumes. */
  function onAt(text: string, at: number, out: PiiHit[]): number {
    if (!wantEmail || at === 0) return at + 1;
    const m = readEmail(text, at);
    if (!m) return at + 1;
    if (!domainIgnored(m.domain, ignored)) {
      out.push({ kind: 'email', score: m.icann ? SCORE.email : SCORE.emailUnknownTld, start: m.start, end: m.end, evidence: maskEmail(m.local, m.domain) });
    }
    return m.end;
  }

  /** Addresses written "name [at] domain [dot] com": found by their marker, scored a little lower. */
  function obfuscatedEmails(text: string, out: PiiHit[]): void {
    // The shared global regex is safe: detect is synchronous and lastIndex is set before use.
    const re = OBFUSCATED_AT;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const e = readObfuscatedEmail(text, m.index, m.index + m[0].length);
      if (!e || domainIgnored(e.domain, ignored)) continue;
      out.push({ kind: 'email', score: SCORE.emailObfuscated, start: e.start, end: e.end, evidence: maskEmail(e.local, e.domain) });
      re.lastIndex = Math.max(re.lastIndex, e.end);
    }
  }

  /**
   * Handles the digit at `i`, the first of its alphanumeric run the scan has reached; the run may
   * start earlier with letters ("DE89…", "AB123456C"). Returns where scanning resumes.
   */
  function onDigit(text: string, i: number, budget: PhoneBudget, out: PiiHit[]): number {
    const n = text.length;
    let s = i;
    while (s > 0 && i - s < 64 && isAsciiAlnum(text.charCodeAt(s - 1))) s--;
    let e = i + 1;
    while (e < n && isAsciiAlnum(text.charCodeAt(e))) e++;
    // Runs this long are hashes, keys or encoded data: nothing here is written that way.
    if (e - s > 64 || (s > 0 && isAsciiAlnum(text.charCodeAt(s - 1)))) return e;
    let hex = true;
    let letters = s < i;
    const after = text.charCodeAt(e);
    for (let k = s; k < e; k++) {
      const c = text.charCodeAt(k);
      if (!isDigit(c)) letters = true;
      if (!isHex(c)) hex = false;
    }
    if (hex && wantIp && (after === 58 || (s > 0 && text.charCodeAt(s - 1) === 58))) {
      const r = readIPv6(text, s);
      if (r) {
        ipHit(text, r, out);
        return Math.max(r.next, e);
      }
    }
    if (letters) {
      const hit = tokenId(text, s, e, on);
      if (hit) {
        out.push(hit);
        return hit.end;
      }
      return e;
    }
    if (after === 46) {
      const r = readIPv4(text, s);
      if (r) {
        if (wantIp) ipHit(text, r, out);
        return Math.max(r.next, e);
      }
    }
    if (budget.windows <= 0) {
      // No window is classified any more: only the letters around a cluster of at most three
      // words can still make a number (see numbersIn), so longer clusters are skipped unread.
      const light = readCluster(text, s, false);
      if (light.count > 3) return Math.max(light.end, e);
    }
    const cluster = readCluster(text, s);
    numbersIn(text, cluster, on, budget, out);
    return Math.max(cluster.end, e);
  }

  function detect(text: string, _context: DetectContext): DetectorFinding[] {
    const hits: PiiHit[] = [];
    const budget = phoneBudget(text.length);
    const n = text.length;
    let i = 0;
    while (i < n) {
      // The next digit or "@": a few characters by hand (dense text), then the regex engine (prose).
      let j = i;
      const near = Math.min(n, i + 16);
      while (j < near && !isHit(text.charCodeAt(j))) j++;
      if (j === near && j < n) {
        HIT.lastIndex = j;
        if (!HIT.test(text)) break;
        j = HIT.lastIndex - 1;
      }
      if (j >= n) break;
      const c = text.charCodeAt(j);
      if (c === 64) {
        // An address needs a dot right after the domain's first label; most "@"s fail here.
        let k = j + 1;
        while (k < n && k - j < 64 && isLabelChar(text.charCodeAt(k))) k++;
        // Addresses read per text are bounded like number windows (see phoneBudget).
        i = k > j + 1 && text.charCodeAt(k) === 46 && budget.windows-- > 0 ? onAt(text, j, hits) : j + 1;
        continue;
      }
      // A short number after a non-word character and followed by nothing that continues a
      // number ("in 2024 we", "%41") is nothing: skip it without a call.
      const p = j > 0 ? text.charCodeAt(j - 1) : 32;
      if (!isAsciiAlnum(p) && p !== 58) {
        let k = j + 1;
        while (k < n && k - j < 6 && isDigit(text.charCodeAt(k))) k++;
        const a = text.charCodeAt(k);
        if (k - j < 6 && !isAsciiAlnum(a) && !isInnerSep(a) && a !== 58 && !(isGroupSpace(a) && (isDigit(text.charCodeAt(k + 1)) || text.charCodeAt(k + 1) === 40))) {
          i = k;
          continue;
        }
      }
      i = onDigit(text, j, budget, hits);
    }
    if (wantEmail && text.length >= 8) obfuscatedEmails(text, hits);
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    return hits.map((h) => {
      const info = BASE_INFO[baseKind(h.kind)]!;
      return finding(NAME, threshold, {
        kind: h.kind,
        score: h.score,
        severity: info.severity,
        span: { start: h.start, end: h.end },
        evidence: h.evidence,
        tags: TAGS,
        redact: { label: info.label, secret: false },
      });
    });
  }

  return { name: NAME, detect };
}
