import { RE2JS } from 're2js';
import { SEVERITIES } from '../audit/types.js';
import { WardenError } from '../errors.js';
import { clipEvidence, finding, maskSecret } from './finding.js';
import { SECRET_FORMAT_IDS, SECRET_SCANNERS, secretFormat } from './secret-formats.js';
import { RANK, type AnchorSpec, type RawHit, type ScanEnv, type Scanner } from './secrets/types.js';
import { isDocumentedExample } from './secrets/value.js';
import { TAG } from './tags.js';
import { isRegexWord } from './text/chars.js';
import type { DetectContext, Detector, DetectorFinding, Severity } from './types.js';

export { SECRET_FORMATS, SECRET_FORMAT_IDS } from './secret-formats.js';

export const SECRETS = 'secrets';

/**
 * secrets: credentials in any text Warden reads (prompts, outputs, tool arguments and results).
 *
 * One pass finds the anchors (`sk-`, `ghp_`, `AKIA`, `-----BEGIN `, `://`, `eyJ`, `password`,
 * `token`, …); only at an anchor does a format's own check run (a sticky expression for its
 * body, then its checksum, marker or structure), so most text costs one table lookup per
 * character and a handful of calls. The formats are listed in SECRET_FORMATS (secret-formats.ts).
 *
 * Checksums: GitHub classic tokens, npm tokens, Warden keys and age keys carry one. A token that
 * fails its checksum is still reported, at score 0.2 and severity `info`, without a redaction:
 * never triggered at the default threshold (it is a typo, a truncation or a fake, not a live
 * credential), visible when the threshold is lowered, and it keeps the generic rule from
 * reporting the same value.
 *
 * Scores: 0.99 checksum valid; 0.9–0.97 fixed prefix, marker or structure; 0.85–0.95 provider
 * formats recognised by the name they are assigned to; 0.55–0.8 the generic rule (severity
 * `medium`). Spans cover only the secret (the password of a URL, the whole PEM block).
 */

export interface CustomSecretPattern {
  /** Finding kind: lower case letters, digits, `_ . -`; must not be a built-in format id. */
  id: string;
  /** An RE2 expression (linear time). When it has a capturing group, group 1 is the secret. */
  pattern: string;
  /** Default `high`. */
  severity?: Severity;
  /** Redaction label suffix (`SECRET:<label>`); default the id. */
  label?: string;
}

export interface SecretsOptions {
  /** A finding is triggered at or above this score (default 0.5). */
  threshold?: number;
  /** Format ids not to report (see SECRET_FORMATS). */
  disabled?: string[];
  /** Organisation-specific formats, compiled with RE2 when the detector is created. */
  custom?: CustomSecretPattern[];
}

export const SECRETS_DEFAULTS = { threshold: 0.5 } as const;

const CUSTOM_SCORE = 0.9;
const MAX_CUSTOM_MATCHES = 1000;
const MAX_CUSTOM_PATTERN = 2000;

interface CompiledCustom {
  id: string;
  re: RE2JS;
  severity: Severity;
  label: string;
  group: boolean;
}

/** An anchor as the dispatcher checks it at a position where its first two characters are. */
interface AnchorEntry {
  /** The anchor's third and fourth characters (lower case when `ci`), -1 past its end: a quick test before the whole. */
  c2: number;
  c3: number;
  lower: string;
  ci: boolean;
  boundary: boolean;
  text: string;
  scanner: Scanner;
}

/**
 * Where anchors start. One pass over the text looks up each pair of ASCII characters in a table
 * of the anchors' first two (every case for a case-folded anchor); at a pair that starts one, the
 * anchors there are tested and their scanners called. A token-start anchor counts only where
 * the regex `\b` would put a boundary.
 *
 * Anchors may carry a shape (the least that must follow them) and what must precede them.
 * On ordinary text this pass halves the detector's time against the expressions below
 * (measured: 5 against 10 µs per KB). When anchors come thick (`sk-ghp_AKIA…` a megabyte
 * long) each would cost a call into its scanners, so the rest of the text goes to three
 * expressions instead: token-start anchors behind `\b`, case-folded keywords and the literals
 * valid inside a token, with the shapes as lookaheads, rejecting anchors that cannot match
 * inside the expression engine. Shapes are necessary conditions, so both give the same findings.
 */
interface DenseFinder {
  re: RegExp;
  /** The scanners it serves (for `resumeAt`). */
  served: Scanner[];
}

/**
 * isRegexWord as a table: read per character in the anchor pass, where the table measured a
 * third faster than the comparisons.
 */
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD[c] = isRegexWord(c) ? 1 : 0;

/** Bits of AnchorIndex.pairs. */
const TOKEN_START = 1;
const ANYWHERE = 2;

interface AnchorIndex {
  /** By pair of ASCII characters (`c0 << 7 | c1`): TOKEN_START and ANYWHERE for the anchors starting there. */
  pairs: Uint8Array;
  /** By pair: the anchors starting there. */
  at: Array<AnchorEntry[] | undefined>;
  dense: DenseFinder[];
}

/** After this many dispatches, at more than one per DENSE_CHARS_PER_CALL characters, the scan hands over to the dense finders. */
const DENSE_AFTER_CALLS = 64;
const DENSE_CHARS_PER_CALL = 16;

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function upper(c: number): number {
  return c >= 97 && c <= 122 ? c - 32 : c;
}

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function anchorSource(a: AnchorSpec): string {
  let lit = '';
  if (!a.ci) lit = escapeLiteral(a.text);
  else {
    for (const ch of a.text) {
      const l = ch.toLowerCase();
      const u = ch.toUpperCase();
      lit += l === u ? escapeLiteral(ch) : `[${l}${u}]`;
    }
  }
  // Keywords stay bare: their scanner skips a whole name at once, which a lookahead cannot.
  if (a.ci && !a.boundary) return lit;
  // The lookbehind goes after the literal (and covers it again): in front, it would be tried at
  // every position of the text before the literal's first character could rule it out.
  const before = a.before ? `(?<=${a.before}${lit})` : '';
  return `${lit}${before}${a.shape ? `(?=${a.shape})` : ''}`;
}

function buildAnchorIndex(scanners: readonly Scanner[]): AnchorIndex {
  const index: AnchorIndex = { pairs: new Uint8Array(16384), at: new Array(16384), dense: [] };
  type Group = { sources: Set<string>; served: Set<Scanner> };
  const group = (): Group => ({ sources: new Set(), served: new Set() });
  const groups = { boundary: group(), folded: group(), literal: group() };
  for (const scanner of scanners) {
    for (const a of scanner.anchors) {
      const c0 = a.text.charCodeAt(0);
      const c1 = a.text.charCodeAt(1);
      if (a.text.length < 2 || c0 >= 128 || c1 >= 128) throw new Error(`secrets: anchor ${JSON.stringify(a.text)} must start with two ASCII characters`);
      // \b stands for "not after a letter or digit" only before a letter or digit.
      if (a.boundary && !/^[A-Za-z0-9]/.test(a.text)) throw new Error(`secrets: token-start anchor ${JSON.stringify(a.text)} must start with a letter or digit`);
      const lower = a.text.toLowerCase();
      const key = a.ci ? lower : a.text;
      const entry: AnchorEntry = { c2: key.length > 2 ? key.charCodeAt(2) : -1, c3: key.length > 3 ? key.charCodeAt(3) : -1, lower, ci: a.ci ?? false, boundary: a.boundary ?? false, text: a.text, scanner };
      for (const x of new Set(entry.ci ? [fold(c0), upper(c0)] : [c0])) {
        for (const y of new Set(entry.ci ? [fold(c1), upper(c1)] : [c1])) {
          (index.at[(x << 7) | y] ??= []).push(entry);
          index.pairs[(x << 7) | y]! |= entry.boundary ? TOKEN_START : ANYWHERE;
        }
      }
      const g = groups[entry.boundary ? 'boundary' : entry.ci ? 'folded' : 'literal'];
      g.sources.add(anchorSource(a));
      g.served.add(scanner);
    }
  }
  const alt = (set: Set<string>): string => [...set].sort((x, y) => y.length - x.length || (x < y ? -1 : 1)).join('|');
  for (const [name, g] of Object.entries(groups)) {
    if (g.sources.size === 0) continue;
    const src = alt(g.sources);
    index.dense.push({ re: new RegExp(name === 'boundary' ? `\\b(?:${src})` : src, 'g'), served: [...g.served] });
  }
  return index;
}

/** Whether the anchor is at `p`, whose first two characters are known to match (a loop: most anchors differ by the third or fourth). */
function anchorAt(text: string, p: number, a: AnchorEntry): boolean {
  const n = a.text.length;
  if (p + n > text.length) return false;
  if (!a.ci) {
    for (let k = 2; k < n; k++) if (text.charCodeAt(p + k) !== a.text.charCodeAt(k)) return false;
  } else {
    for (let k = 2; k < n; k++) if (fold(text.charCodeAt(p + k)) !== a.lower.charCodeAt(k)) return false;
  }
  return true;
}

function compileCustom(list: readonly CustomSecretPattern[]): CompiledCustom[] {
  const seen = new Set<string>();
  return list.map((c, i) => {
    const where = `secrets: custom pattern #${i + 1}`;
    if (!c || typeof c.id !== 'string' || !/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(c.id)) {
      throw new WardenError('detector.bad_pattern', 400, `${where}: id must be 1-64 lower-case letters, digits, "_", "." or "-"`, { details: { index: i } });
    }
    if (SECRET_FORMAT_IDS.has(c.id) || seen.has(c.id)) {
      throw new WardenError('detector.bad_pattern', 400, `${where} ("${c.id}"): the id is already used${SECRET_FORMAT_IDS.has(c.id) ? ' by a built-in format' : ''}`, { details: { id: c.id } });
    }
    seen.add(c.id);
    if (typeof c.pattern !== 'string' || c.pattern.length === 0 || c.pattern.length > MAX_CUSTOM_PATTERN) {
      throw new WardenError('detector.bad_pattern', 400, `${where} ("${c.id}"): pattern must be a non-empty string of at most ${MAX_CUSTOM_PATTERN} characters`, { details: { id: c.id } });
    }
    const label = c.label ?? c.id;
    if (typeof label !== 'string' || !/^[a-z0-9_.-]{1,40}$/.test(label)) {
      throw new WardenError('detector.bad_pattern', 400, `${where} ("${c.id}"): label must be 1-40 lower-case letters, digits, "_", "." or "-"`, { details: { id: c.id } });
    }
    const severity = c.severity ?? 'high';
    if (!SEVERITIES.includes(severity)) {
      throw new WardenError('detector.bad_pattern', 400, `${where} ("${c.id}"): severity must be one of ${SEVERITIES.join(', ')}`, { details: { id: c.id } });
    }
    let re: RE2JS;
    try {
      re = RE2JS.compile(c.pattern);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new WardenError('detector.bad_pattern', 400, `${where} ("${c.id}"): ${JSON.stringify(clipEvidence(c.pattern, 80))} is not a valid RE2 expression: ${reason}`, { details: { id: c.id }, cause: err });
    }
    if (re.matches('')) {
      throw new WardenError('detector.bad_pattern', 400, `${where} ("${c.id}"): ${JSON.stringify(clipEvidence(c.pattern, 80))} matches the empty string`, { details: { id: c.id } });
    }
    return { id: c.id, re, severity, label, group: re.groupCount() > 0 };
  });
}

function validateOptions(options: SecretsOptions): { threshold: number; disabled: Set<string> } {
  const threshold = options.threshold ?? SECRETS_DEFAULTS.threshold;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw new WardenError('detector.bad_option', 400, 'secrets: threshold must be a number from 0 to 1');
  }
  const disabled = new Set(options.disabled ?? []);
  for (const id of disabled) {
    if (!SECRET_FORMAT_IDS.has(id)) throw new WardenError('detector.bad_option', 400, `secrets: unknown format id "${String(id).slice(0, 64)}" in disabled`, { hint: 'See SECRET_FORMATS for the ids.' });
  }
  return { threshold, disabled };
}

function createEnv(text: string): ScanEnv {
  const cache = new Map<string, number[]>();
  return {
    text,
    marks: new Map(),
    memo: new Map(),
    positions(needle) {
      let list = cache.get(needle);
      if (!list) {
        list = [];
        for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) list.push(i);
        cache.set(needle, list);
      }
      return list;
    },
  };
}

function better(a: RawHit, b: RawHit): number {
  return a.rank - b.rank || b.score - a.score || (b.end - b.start) - (a.end - a.start) || a.start - b.start;
}

/** Picks non-overlapping hits from one cluster, best first (see `better`). */
function chooseInCluster(cluster: RawHit[]): RawHit[] {
  cluster.sort(better);
  const chosen: RawHit[] = [];
  if (cluster.length <= 16) {
    for (const h of cluster) if (!chosen.some((c) => c.start < h.end && h.start < c.end)) chosen.push(h);
    return chosen;
  }
  // Large clusters (a custom pattern spanning many tokens): a coverage map keeps this linear.
  let lo = Infinity;
  let hi = 0;
  for (const h of cluster) {
    lo = Math.min(lo, h.start);
    hi = Math.max(hi, h.end);
  }
  const taken = new Uint8Array(hi - lo);
  for (const h of cluster) {
    let free = true;
    for (let i = h.start - lo; i < h.end - lo; i++) {
      if (taken[i]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, h.start - lo, h.end - lo);
    chosen.push(h);
  }
  return chosen;
}

/**
 * Keeps the best of overlapping hits: the most specific format first (see RANK), then the
 * higher score, then the longer span. Hits are grouped into clusters of overlapping spans
 * and each cluster is resolved on its own.
 */
function resolveOverlaps(hits: RawHit[]): RawHit[] {
  if (hits.length <= 1) return hits;
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RawHit[] = [];
  let cluster: RawHit[] = [];
  let clusterEnd = -1;
  const flush = (): void => {
    if (cluster.length === 1) kept.push(cluster[0]!);
    else if (cluster.length > 1) kept.push(...chooseInCluster(cluster));
    cluster = [];
  };
  for (const h of hits) {
    if (h.start >= clusterEnd) {
      flush();
      clusterEnd = h.end;
    } else clusterEnd = Math.max(clusterEnd, h.end);
    cluster.push(h);
  }
  flush();
  return kept.sort((a, b) => a.start - b.start);
}

export function createSecretsDetector(options: SecretsOptions = {}): Detector {
  const { threshold, disabled } = validateOptions(options);
  const custom = compileCustom(options.custom ?? []);
  const scanners = SECRET_SCANNERS.filter((s) => s.formats.some((f) => !disabled.has(f)));
  const anchors = buildAnchorIndex(scanners);
  const customById = new Map(custom.map((c) => [c.id, c]));

  /** Calls every scanner whose anchor is at `p`; returns how far the scan may jump. */
  function dispatch(env: ScanEnv, p: number, tokenStart: boolean, out: RawHit[]): number {
    const { text } = env;
    const list = anchors.at[(text.charCodeAt(p) << 7) | text.charCodeAt(p + 1)]!;
    const c2 = text.charCodeAt(p + 2);
    const c3 = text.charCodeAt(p + 3);
    let next = p + 1;
    let last: Scanner | undefined;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a.c2 >= 0 && a.c2 !== (a.ci ? fold(c2) : c2)) continue;
      if (a.c3 >= 0 && a.c3 !== (a.ci ? fold(c3) : c3)) continue;
      if (a.scanner === last || (a.boundary && !tokenStart) || !anchorAt(text, p, a)) continue;
      // A scanner that has already read past p (a whole name it consumed) is not asked again.
      if (a.scanner.resumeAt !== undefined && p < a.scanner.resumeAt(env)) continue;
      last = a.scanner;
      next = Math.max(next, a.scanner.scan(env, p, out));
    }
    return next;
  }

  function scanBuiltIn(text: string, out: RawHit[]): void {
    const env = createEnv(text);
    const { pairs } = anchors;
    const last = text.length - 1;
    let cursor = 0;
    let calls = 0;
    let c = text.charCodeAt(0);
    let tokenStart = true;
    for (let p = 0; p < last; p++) {
      const c1 = text.charCodeAt(p + 1);
      if ((c | c1) < 128) {
        const bits = pairs[(c << 7) | c1]!;
        // Anchors inside what a scanner consumed are not looked at again.
        if (bits !== 0 && p >= cursor && (tokenStart || (bits & ANYWHERE) !== 0)) {
          cursor = dispatch(env, p, tokenStart, out);
          if (++calls >= DENSE_AFTER_CALLS && calls * DENSE_CHARS_PER_CALL > p) return scanDense(env, cursor, out);
        }
      }
      tokenStart = c >= 128 || WORD[c] === 0;
      c = c1;
    }
  }

  /** The rest of a text thick with anchors, from `from` (see DenseFinder). */
  function scanDense(env: ScanEnv, from: number, out: RawHit[]): void {
    const { text } = env;
    const finders = anchors.dense;
    const n = finders.length;
    /** How far finder k may skip: to where every scanner it serves can use an anchor again. */
    const floor = (k: number): number => {
      const list = finders[k]!.served;
      let f = Infinity;
      for (let i = 0; i < list.length && f > 0; i++) {
        const s = list[i]!;
        f = s.resumeAt ? Math.min(f, s.resumeAt(env)) : 0;
      }
      return f;
    };
    // lastIndex is set before every use, and detection is synchronous, so calls cannot interleave.
    const at = new Float64Array(n);
    const seek = (k: number, p: number): void => {
      const re = finders[k]!.re;
      re.lastIndex = Math.max(p, floor(k));
      at[k] = re.lastIndex > text.length ? Infinity : (re.exec(text)?.index ?? Infinity);
    };
    for (let k = 0; k < n; k++) seek(k, from);
    let cursor = from;
    for (;;) {
      let k = 0;
      for (let j = 1; j < n; j++) if (at[j]! < at[k]!) k = j;
      const p = at[k]!;
      if (p === Infinity) break;
      if (p >= cursor) {
        const prev = p === 0 ? 32 : text.charCodeAt(p - 1);
        cursor = dispatch(env, p, prev >= 128 || WORD[prev] === 0, out);
      }
      seek(k, Math.max(cursor, p + 1));
    }
  }

  function scanCustom(text: string, out: RawHit[]): void {
    for (const c of custom) {
      if (!c.re.test(text)) continue;
      const m = c.re.matcher(text);
      let n = 0;
      while (n < MAX_CUSTOM_MATCHES && m.find()) {
        const start = c.group && m.start(1) >= 0 ? m.start(1) : m.start();
        const end = c.group && m.start(1) >= 0 ? m.end(1) : m.end();
        if (end > start) out.push({ format: c.id, start, end, score: CUSTOM_SCORE, rank: RANK.token });
        n++;
      }
    }
  }

  function toFinding(text: string, h: RawHit, tags: readonly string[]): DetectorFinding {
    const value = text.slice(h.start, h.end);
    const fmt = secretFormat(h.format);
    const cust = customById.get(h.format);
    const severity = h.severity ?? fmt?.severity ?? cust?.severity ?? 'high';
    const provider = fmt?.provider ?? cust?.label ?? 'generic';
    const evidence = `${h.label ? `${h.label} ` : ''}${maskSecret(value)}${h.note ? ` (${h.note})` : ''}`;
    return finding(SECRETS, threshold, {
      kind: h.format,
      score: h.score,
      severity,
      span: { start: h.start, end: h.end },
      evidence: clipEvidence(evidence),
      tags,
      ...(h.redact === false ? {} : { redact: { label: `SECRET:${provider}`, secret: true } }),
    });
  }

  return {
    name: SECRETS,
    detect(text: string, context: DetectContext): DetectorFinding[] {
      if (text.length === 0) return [];
      const raw: RawHit[] = [];
      if (scanners.length > 0) scanBuiltIn(text, raw);
      if (custom.length > 0) scanCustom(text, raw);
      const hits = resolveOverlaps(raw.filter((h) => !disabled.has(h.format) && h.end > h.start && !isDocumentedExample(text.slice(h.start, h.end))));
      // A credential in what comes back (model output, tool results) is data leaving, not only lying around.
      const tags: string[] = [TAG.llmSensitiveDisclosure, TAG.atlasUnsecuredCredentials];
      if (context.source === 'model_output' || context.source === 'tool_result') tags.push(TAG.atlasDataLeakage);
      return hits.map((h) => toFinding(text, h, tags));
    },
  };
}
