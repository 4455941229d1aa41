import { decodeBackslashEscapes, decodeBase64, decodeEscapedBytes, decodeHex, decodeNumericEntities, decodeRot13, hexValue } from './decode/codecs.js';
import { TextSink } from './decode/text-sink.js';
import { clipEvidence, finding } from './finding.js';
import { TAG } from './tags.js';
import type { DetectContext, Detector, DetectorFinding, DetectorOptions, Span } from './types.js';

export const ENCODING = 'encoding';

/**
 * encoding: text hidden in an encoding a model can read but a filter does not: base64 and
 * base64url, hex (plain, spaced or `0x`-listed), URL percent-encoding, HTML numeric entities,
 * `\uXXXX` / `\xNN` escapes, quoted-printable, and ROT13 after a "rot13" marker.
 *
 * `findEncodedSegments` decodes ONE layer and keeps only decodings that are mostly printable
 * UTF-8 text, so hashes, keys, UUIDs, git SHAs and binary blobs are not reported; the suite
 * re-scans what it returns with every detector. Work is bounded on its own: the blob scan is one
 * linear pass per encoding, decoding stops at the first sign of binary, and the bytes decoded
 * per blob and per text are capped.
 *
 * The detector reports each decodable segment (kind `encoded_text`, severity low). Encoding by
 * itself is weak evidence, so a plain decoding scores 0.35–0.4 (reported, not triggered); hidden
 * prose, escapes of plain letters (which no one needs), instruction-like content and a further
 * encoded layer raise it, to at most 0.65.
 */

export type EncodingName = 'base64' | 'base64url' | 'hex' | 'url' | 'html_entity' | 'escape' | 'quoted_printable' | 'rot13';

export interface EncodedSegment {
  /** The encoded text in the input. */
  span: Span;
  encoding: EncodingName;
  /** One layer decoded. */
  decoded: string;
  /** Set when the blob was longer than the per-blob budget and only its start was decoded. */
  truncated?: boolean;
}

export interface EncodingLimits {
  /** Shortest base64/hex blob considered, in characters (default 20, at least 16). */
  minLength?: number;
  /** Most bytes decoded from one blob (default 64 KiB). */
  maxBlobBytes?: number;
  /** Most bytes decoded from one text, over all blobs (default 256 KiB). */
  maxTotalBytes?: number;
  /** Most segments returned for one text (default 64). */
  maxSegments?: number;
}

export interface EncodingOptions extends DetectorOptions, EncodingLimits {}

export const ENCODING_DEFAULTS = { threshold: 0.5, minLength: 20, maxBlobBytes: 64 * 1024, maxTotalBytes: 256 * 1024, maxSegments: 64 } as const;

const TAGS = [TAG.llmPromptInjection, TAG.atlasObfuscation] as const;

// Candidate finders. Blob runs (base64, hex) come from one pass over a character table; the
// escape styles are patterns of fixed-width units that open with a distinct lead character
// (linear: no nested ambiguity, and a failed start costs a few characters).
const PERCENT = /(?:%[0-9A-Fa-f]{2}[^\s%<>"'`]{0,16}){5,}/g;
const QUOTED_PRINTABLE = /(?:=[0-9A-F]{2}[^\s=<>"'`]{0,16}){5,}/g;
const ENTITIES = /(?:&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});?){5,}/g;
const ESCAPES = /(?:\\(?:u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2})){5,}/g;
const ROT13_MARKER = /\brot[-_ ]?13\b/gi;
const ROT13_ANY = /rot[-_ ]?13/i;
const URL_PLAIN = /^[A-Za-z0-9._~+-]$/;
/** ROT13 needs a marker and one is enough; more are not tried. */
const MAX_ROT13_MARKERS = 8;

type CandidateType = 'run' | 'spaced_hex' | 'url' | 'quoted_printable' | 'html_entity' | 'escape' | 'rot13';

interface Candidate {
  start: number;
  end: number;
  type: CandidateType;
}

/** A segment with what the detector scores it on. */
interface Found extends EncodedSegment {
  prose: boolean;
  /** Escape-style encodings: most escapes hid plain ASCII letters or digits, which need no escaping. */
  plainEscaped: boolean;
}

interface Limits {
  minLength: number;
  maxBlobBytes: number;
  maxTotalBytes: number;
  maxSegments: number;
}

function resolveLimits(l: EncodingLimits | undefined): Limits {
  return {
    minLength: Math.max(16, Math.floor(l?.minLength ?? ENCODING_DEFAULTS.minLength)),
    maxBlobBytes: Math.max(16, Math.floor(l?.maxBlobBytes ?? ENCODING_DEFAULTS.maxBlobBytes)),
    maxTotalBytes: Math.max(0, Math.floor(l?.maxTotalBytes ?? ENCODING_DEFAULTS.maxTotalBytes)),
    maxSegments: Math.max(0, Math.floor(l?.maxSegments ?? ENCODING_DEFAULTS.maxSegments)),
  };
}

/** Base64 / base64url alphabet (bit 1) and hex digits (bit 2), for ASCII. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+/_-]/.test(ch)) CLASS[c]! |= 1;
  if (/[0-9A-Fa-f]/.test(ch)) CLASS[c]! |= 2;
}

function isHex(c: number): boolean {
  return c < 128 && (CLASS[c]! & 2) !== 0;
}

/** A run that is one hex pair, possibly `0x`-prefixed (an element of "48 65 6c" or "0x48, 0x65"). */
function isHexPair(text: string, s: number, len: number): boolean {
  if (len === 4 && text.charCodeAt(s) === 48 && (text.charCodeAt(s + 1) | 32) === 120) s += 2;
  else if (len !== 2) return false;
  return isHex(text.charCodeAt(s)) && isHex(text.charCodeAt(s + 1));
}

function isPairSeparatorChar(c: number): boolean {
  return c === 32 || c === 58 || c === 44;
}

function pairSeparator(text: string, from: number, to: number): boolean {
  const gap = to - from;
  const c = text.charCodeAt(from);
  if (gap === 1) return c === 32 || c === 58 || c === 44;
  return gap === 2 && c === 44 && text.charCodeAt(from + 1) === 32;
}

interface Finder {
  /** The next candidate in text order, or undefined when there are no more. */
  next(): Candidate | undefined;
}

/**
 * Blob runs of 16+ alphabet characters (with their `=` padding) and chains of 8+ spaced hex
 * pairs. A plain loop with its state in locals (written back on return): this is the one pass
 * over every character, so it must stay cheap.
 */
class BlobFinder implements Finder {
  private i = 0;
  private chainStart = 0;
  private chainEnd = 0;
  private chain = 0;
  private pending: Candidate | undefined;

  constructor(private readonly text: string) {}

  next(): Candidate | undefined {
    if (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      return p;
    }
    const text = this.text;
    const n = text.length;
    let { i, chainStart, chainEnd, chain } = this;
    let found: Candidate | undefined;
    while (i < n && !found) {
      const c = text.charCodeAt(i);
      if (c >= 128 || (CLASS[c]! & 1) === 0) { i++; continue; }
      const s = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d >= 128 || (CLASS[d]! & 1) === 0) break;
        i++;
      }
      const e = i;
      // A hex pair only matters when a chain is open or a separator follows it.
      if ((e - s === 2 || e - s === 4) && (chain > 0 || isPairSeparatorChar(text.charCodeAt(e))) && isHexPair(text, s, e - s)) {
        if (chain > 0 && pairSeparator(text, chainEnd, s)) { chain++; chainEnd = e; continue; }
        if (chain >= 8) found = { start: chainStart, end: chainEnd, type: 'spaced_hex' };
        chainStart = s;
        chainEnd = e;
        chain = 1;
        continue;
      }
      if (chain > 0) {
        if (chain >= 8) found = { start: chainStart, end: chainEnd, type: 'spaced_hex' };
        chain = 0;
      }
      if (e - s < 16) continue;
      let pe = e;
      while (pe < n && pe - e < 2 && text.charCodeAt(pe) === 61) pe++;
      const run: Candidate = { start: s, end: pe, type: 'run' };
      if (found) this.pending = run;
      else found = run;
      i = pe;
    }
    if (!found && i >= n && chain >= 8) {
      found = { start: chainStart, end: chainEnd, type: 'spaced_hex' };
      chain = 0;
    }
    this.i = i;
    this.chainStart = chainStart;
    this.chainEnd = chainEnd;
    this.chain = chain;
    return found;
  }
}

/** Escape-style segments: the patterns open with their lead character, which the engine searches for natively. */
class EscapeFinder implements Finder {
  constructor(private readonly text: string, private readonly re: RegExp, private readonly type: CandidateType) {
    re.lastIndex = 0;
  }

  next(): Candidate | undefined {
    const m = this.re.exec(this.text);
    if (!m) return undefined;
    let start = m.index;
    // URL values: the plain characters before the first escape belong to the value ("hello%20world").
    if (this.type === 'url') while (start > 0 && m.index - start < 64 && URL_PLAIN.test(this.text[start - 1]!)) start--;
    return { start, end: m.index + m[0].length, type: this.type };
  }
}

const ROT13_LEAD = new Set([32, 9, 58, 61, 62, 34, 39, 40, 45, 0x2013, 0x2014]);
const MAX_ROT13 = 2000;

/** ROT13 after a marker: from the marker to the end of its line (bounded). */
class Rot13Finder implements Finder {
  private markers = 0;
  constructor(private readonly text: string) {
    ROT13_MARKER.lastIndex = 0;
  }

  next(): Candidate | undefined {
    const text = this.text;
    for (let m = ROT13_MARKER.exec(text); m && this.markers < MAX_ROT13_MARKERS; m = ROT13_MARKER.exec(text)) {
      this.markers++;
      let s = m.index + m[0].length;
      for (let k = 0; k < 8 && s < text.length && ROT13_LEAD.has(text.charCodeAt(s)); k++) s++;
      let e = text.indexOf('\n', s);
      if (e < 0 || e > s + MAX_ROT13) e = Math.min(text.length, s + MAX_ROT13);
      ROT13_MARKER.lastIndex = Math.max(ROT13_MARKER.lastIndex, e);
      if (e - s >= 8) return { start: s, end: e, type: 'rot13' };
    }
    return undefined;
  }
}

/**
 * All candidates in text order, produced lazily: each finder yields in order and their heads are
 * merged, so a scan that has used its budget stops reading the text.
 */
class Candidates {
  private readonly finders: Finder[];
  private readonly heads: Array<Candidate | undefined>;

  constructor(text: string) {
    this.finders = [new BlobFinder(text)];
    if (text.includes('%')) this.finders.push(new EscapeFinder(text, PERCENT, 'url'));
    if (text.includes('=')) this.finders.push(new EscapeFinder(text, QUOTED_PRINTABLE, 'quoted_printable'));
    if (text.includes('&#')) this.finders.push(new EscapeFinder(text, ENTITIES, 'html_entity'));
    if (text.includes('\\')) this.finders.push(new EscapeFinder(text, ESCAPES, 'escape'));
    // The marker's digits first: a native search, where the case-insensitive pattern read every
    // character. A '3' first: searching for "13" stops at every '1', which costs milliseconds on
    // a megabyte of digits without a single '3'.
    if (text.includes('3') && text.includes('13') && ROT13_ANY.test(text)) this.finders.push(new Rot13Finder(text));
    this.heads = this.finders.map((f) => f.next());
  }

  next(): Candidate | undefined {
    let best = -1;
    for (let l = 0; l < this.heads.length; l++) {
      const c = this.heads[l];
      if (!c) continue;
      const b = best >= 0 ? this.heads[best]! : undefined;
      if (!b || c.start < b.start || (c.start === b.start && c.end > b.end)) best = l;
    }
    if (best < 0) return undefined;
    const out = this.heads[best]!;
    this.heads[best] = this.finders[best]!.next();
    return out;
  }
}

/** Pure hex of one letter case (mixed case is base64, not hex), optionally `0x`-prefixed. */
function hexBody(text: string, start: number, end: number): number {
  let s = start;
  if (end - s > 2 && text.charCodeAt(s) === 48 && (text.charCodeAt(s + 1) | 32) === 120) s += 2;
  let lower = false;
  let upper = false;
  // A long prefix decides; the decoder reads no further than the byte budget anyway.
  const stop = Math.min(end, s + 8192);
  for (let i = s; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (hexValue(c) < 0) return -1;
    if (c >= 97) lower = true;
    else if (c >= 65) upper = true;
  }
  return lower && upper ? -1 : s;
}

const COMMON_WORDS = new Set(
  'the and you your to of a an is are in it that this for all with be not on do what please tell me how my now ignore previous instructions system prompt say write secret password'.split(' '),
);

const WORD = /[A-Za-z]+/g;

function commonWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) if (COMMON_WORDS.has(m[0].toLowerCase())) n++;
  return n;
}

interface Scan {
  text: string;
  limits: Limits;
  /** Made when the first candidate is decoded: most texts have none. */
  sink: TextSink | undefined;
  used: number;
  out: Found[];
}

/** A decoder of `src[start, end)`; `mark` is the escape character of `decodeEscapedBytes`. */
type Decode = (src: string, start: number, end: number, sink: TextSink, mark: number) => number;
// Module-level decoders rather than a closure per attempt: a text can hold tens of thousands of
// blobs that are not text, and a closure each was a large share of their cost.
const decodeByteEscapes: Decode = (src, start, end, sink) => decodeBackslashEscapes(src, start, end, sink, true);
const decodeUnicodeEscapes: Decode = (src, start, end, sink) => decodeBackslashEscapes(src, start, end, sink, false);

/** Decodes `[from, end)` with `decode` (from defaults to start); keeps `[start, end)` if it is text. */
function attempt(scan: Scan, start: number, end: number, encoding: EncodingName, minChars: number, decode: Decode, mark = 0, from = start): boolean {
  const room = Math.min(scan.limits.maxBlobBytes, scan.limits.maxTotalBytes - scan.used);
  if (room < 8) return false;
  const sink = (scan.sink ??= new TextSink(scan.limits.maxBlobBytes));
  sink.reset();
  sink.setLimit(room);
  decode(scan.text, from, end, sink, mark);
  const truncated = sink.full;
  if (!sink.isText(minChars, truncated)) return false;
  if (encoding === 'rot13') {
    // ROT13 output is always printable; keep it only when it reads better than what was written.
    const decodedWords = commonWords(sink.text());
    if (decodedWords < 2 || decodedWords <= commonWords(scan.text.slice(start, end))) return false;
  }
  scan.used += sink.length;
  const seg: Found = {
    span: { start, end },
    encoding,
    decoded: sink.text(),
    prose: sink.prose,
    plainEscaped: sink.escapes > 0 && sink.plainEscapes * 2 >= sink.escapes,
  };
  if (truncated) seg.truncated = true;
  scan.out.push(seg);
  return true;
}

function attemptBlob(scan: Scan, start: number, end: number): boolean {
  const { text } = scan;
  if (end - start < scan.limits.minLength) return false;
  const hex = hexBody(text, start, end);
  if (hex >= 0) {
    if ((end - hex) % 2 !== 0) return false;
    // The decoder reads from the hex body (after any `0x`); the span stays the whole blob.
    return attempt(scan, start, end, 'hex', 8, decodeHex, 0, hex);
  }
  // Only the part the byte budget lets us decode is read, however long the run.
  const readEnd = Math.min(end, start + Math.ceil((scan.limits.maxBlobBytes * 4) / 3) + 4);
  let std = false;
  let url = false;
  let slash = false;
  // The longest part between slashes and between other punctuation, to skip the split below
  // when no part is long enough (identifiers like "sk-ghp_AKIA": short parts, many blobs).
  let slashFrom = start;
  let punctFrom = start;
  let slashPart = 0;
  let punctPart = 0;
  for (let i = start; i < readEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 43 || c === 45 || c === 95) {
      if (c === 43) std = true;
      else url = true;
      if (i - punctFrom > punctPart) punctPart = i - punctFrom;
      punctFrom = i + 1;
    } else if (c === 47) {
      std = slash = true;
      if (i - slashFrom > slashPart) slashPart = i - slashFrom;
      slashFrom = i + 1;
    }
  }
  if (!(std && url) && attempt(scan, start, end, url ? 'base64url' : 'base64', 8, decodeBase64)) return true;
  if (!std && !url) return false;
  if (readEnd - slashFrom > slashPart) slashPart = readEnd - slashFrom;
  if (readEnd - punctFrom > punctPart) punctPart = readEnd - punctFrom;
  if ((slash ? slashPart : punctPart) < scan.limits.minLength) return false;
  // A path holds blobs between its slashes ("/log/SGVsbG8…"); an identifier between its
  // punctuation ("id_SGVs…"). Each part is tried as a blob of its own.
  let s = start;
  for (let i = start; i <= readEnd; i++) {
    const c = i < readEnd ? text.charCodeAt(i) : 0;
    if (i === readEnd || (slash ? c === 47 : c === 43 || c === 45 || c === 95)) {
      if (i - s >= scan.limits.minLength && attemptBlob(scan, s, i)) return true;
      s = i + 1;
    }
  }
  return false;
}

/**
 * The last scan, kept because the suite asks for the segments of the same text right after this
 * detector read it; the result depends only on the text and the limits.
 */
let lastScan: { text: string; key: string; found: Found[] } | undefined;

function scanText(text: string, limits: Limits): Found[] {
  const key = `${limits.minLength}/${limits.maxBlobBytes}/${limits.maxTotalBytes}/${limits.maxSegments}`;
  if (lastScan && lastScan.text === text && lastScan.key === key) return lastScan.found;
  const found = scanTextUncached(text, limits);
  lastScan = { text, key, found };
  return found;
}

function scanTextUncached(text: string, limits: Limits): Found[] {
  const scan: Scan = { text, limits, sink: undefined, used: 0, out: [] };
  if (limits.maxSegments === 0 || limits.maxTotalBytes < 8) return scan.out;
  let keptEnd = 0;
  const found = new Candidates(text);
  for (let c = found.next(); c; c = found.next()) {
    if (scan.out.length >= limits.maxSegments || limits.maxTotalBytes - scan.used < 8) break;
    if (c.start < keptEnd) continue;
    let ok = false;
    switch (c.type) {
      case 'run':
        ok = attemptBlob(scan, c.start, c.end);
        break;
      case 'spaced_hex':
        ok = attempt(scan, c.start, c.end, 'hex', 8, decodeHex);
        break;
      case 'url':
        ok = attempt(scan, c.start, c.end, 'url', 5, decodeEscapedBytes, 37);
        break;
      case 'quoted_printable':
        ok = attempt(scan, c.start, c.end, 'quoted_printable', 5, decodeEscapedBytes, 61);
        break;
      case 'html_entity':
        ok = attempt(scan, c.start, c.end, 'html_entity', 5, decodeNumericEntities);
        break;
      case 'escape': {
        const bytes = text.lastIndexOf('\\u', c.end - 2) < c.start;
        ok = attempt(scan, c.start, c.end, 'escape', 5, bytes ? decodeByteEscapes : decodeUnicodeEscapes);
        if (!ok && bytes) ok = attempt(scan, c.start, c.end, 'escape', 5, decodeUnicodeEscapes);
        break;
      }
      case 'rot13':
        ok = attempt(scan, c.start, c.end, 'rot13', 8, decodeRot13);
        break;
    }
    if (ok) keptEnd = scan.out[scan.out.length - 1]!.span.end;
  }
  return scan.out;
}

/**
 * One layer of encoded text in `text`: where it is, how it was encoded, and what it says.
 * Only decodings that are mostly printable UTF-8 text are returned; bounded by `limits`.
 */
export function findEncodedSegments(text: string, limits?: EncodingLimits): EncodedSegment[] {
  return scanText(text, resolveLimits(limits)).map((f) => {
    const seg: EncodedSegment = { span: f.span, encoding: f.encoding, decoded: f.decoded };
    if (f.truncated) seg.truncated = true;
    return seg;
  });
}

const INSTRUCTION_LIKE =
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?\b(?:instructions?|rules|prompts?|guidelines|above|previous|polic(?:y|ies))\b|\b(?:system prompt|you are now|act as|developer mode|jailbreak|do anything now|new instructions)\b|\b(?:curl|wget|powershell|rm -rf|exfiltrate|send (?:it|this|them|the \w+) to)\b/i;

const NESTED_LIMITS: Limits = { minLength: 16, maxBlobBytes: 1024, maxTotalBytes: 2048, maxSegments: 1 };
const MAX_SCORED_CHARS = 16 * 1024;

function scoreSegment(f: Found): { score: number; instructions: boolean; nested: boolean } {
  const head = f.decoded.length > MAX_SCORED_CHARS ? f.decoded.slice(0, MAX_SCORED_CHARS) : f.decoded;
  const escapeStyle = f.encoding === 'url' || f.encoding === 'html_entity' || f.encoding === 'escape' || f.encoding === 'quoted_printable';
  // Percent-encoding, entities and escapes of non-ASCII or punctuation are ordinary; of plain letters they hide words.
  let score = escapeStyle ? 0.35 : 0.4;
  if (escapeStyle && f.plainEscaped) score = 0.5;
  if (f.prose && (!escapeStyle || f.plainEscaped)) score += 0.1;
  const instructions = INSTRUCTION_LIKE.test(head);
  if (instructions) score += 0.1;
  const nested = scanText(head, NESTED_LIMITS).length > 0;
  if (nested) score += 0.1;
  return { score: Math.min(0.65, score), instructions, nested };
}

function evidenceFor(f: Found, instructions: boolean, nested: boolean): string {
  const label = `${f.encoding}${f.truncated ? ' (truncated)' : ''}`;
  const extra = nested ? ', holds another encoded layer' : '';
  // Decoded prose is shown (clipped); other decodings (credentials, tokens, JSON) only by size.
  if (f.prose || instructions) return clipEvidence(`${label}${extra} → "${f.decoded.slice(0, 100)}"`, 140);
  const shape = /^\s*[[{]/.test(f.decoded) ? ' (JSON-like)' : '';
  return clipEvidence(`${label}${extra} → ${f.decoded.length} chars of text${shape}`, 140);
}

/** The encoding detector; see the module comment for what it reports and how it scores. */
export function createEncodingDetector(options: EncodingOptions = {}): Detector {
  const threshold = options.threshold ?? ENCODING_DEFAULTS.threshold;
  const limits = resolveLimits(options);
  return {
    name: ENCODING,
    detect(text: string, _context: DetectContext): DetectorFinding[] {
      const out: DetectorFinding[] = [];
      for (const f of scanText(text, limits)) {
        const { score, instructions, nested } = scoreSegment(f);
        out.push(finding(ENCODING, threshold, { kind: 'encoded_text', score, severity: 'low', span: f.span, evidence: evidenceFor(f, instructions, nested), tags: TAGS }));
      }
      return out;
    },
  };
}
