import { TextSink } from './decode/text-sink.js';
import { clipEvidence, finding } from './finding.js';
import { TAG } from './tags.js';
import { LATIN_LOOKALIKE, hasNonAscii, isBidiControl, isInvisible, isTagChar, isVariationSelector, scriptOf, tagToAscii } from './text/chars.js';
import type { DetectContext, Detector, DetectorFinding, DetectorOptions, Severity } from './types.js';

export const UNICODE = 'unicode';

/**
 * unicode: characters that render as nothing (or as something else) but change what a model
 * reads. Kinds:
 *
 * - `tag_smuggling`: Unicode tag characters mirroring ASCII, the hidden text decoded in the
 *   evidence (high, 0.95; 0.8 for one to three characters). Emoji flag tag sequences are fine.
 * - `variation_selector_payload`: runs of variation selectors (bytes hidden after an emoji);
 *   from `minVariationRun` in a row (high, 0.8; 0.95 when they decode to text). Two in a row: 0.4.
 * - `bidi_control`: overrides (high, 0.85; 0.7 in text with right-to-left script), embeddings
 *   and isolates (medium, 0.6; 0.35 in right-to-left text), marks outside right-to-left text (0.3).
 * - `invisible_chars`: zero-width and other invisible format characters; one alone is 0.3, two
 *   close together 0.5, rising to 0.9 for long runs. A ZWJ inside an emoji sequence, a ZWJ/ZWNJ
 *   in a joining or Indic script, a ZWSP in Thai/Lao/Khmer/Myanmar, a soft hyphen inside a word
 *   and a leading BOM are legitimate and not reported.
 * - `homoglyph`: a word of Latin letters with Cyrillic/Greek look-alikes mixed in ("pаypal"),
 *   medium, 0.75; mixed words that also hold genuinely non-Latin letters score 0.4.
 *
 * Invisible characters close together (at most two visible characters apart, no space between)
 * form one finding. `stripInvisible` and `foldHomoglyphs` give the cleaned text.
 */
export interface UnicodeOptions extends DetectorOptions {
  /** Variation selectors in a row from which they are a hidden payload (default 3). */
  minVariationRun?: number;
  /** Most findings reported for one text (default 100). */
  maxFindings?: number;
}

export const UNICODE_DEFAULTS = { threshold: 0.5, minVariationRun: 3, maxFindings: 100 } as const;

const TAGS = [TAG.llmPromptInjection, TAG.atlasObfuscation, TAG.atlasPromptInjection] as const;

/** Right-to-left letters; the high surrogates stand for the astral right-to-left blocks (U+10800–10FFF, U+1E800–1EFFF). */
const RTL_TEXT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\ud802\ud803\ud83a\ud83b]/;

// --- character classes ---------------------------------------------------------------------

/** Pictographic emoji and the symbol blocks emoji come from (a cheap superset of Extended_Pictographic). */
function isEmojiLike(cp: number): boolean {
  return (
    (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf) || (cp >= 0x2300 && cp <= 0x23ff) ||
    (cp >= 0x2b00 && cp <= 0x2bff) || (cp >= 0x2190 && cp <= 0x21ff) || (cp >= 0x25a0 && cp <= 0x25ff) ||
    (cp >= 0x2900 && cp <= 0x297f) || cp === 0xa9 || cp === 0xae || cp === 0x203c || cp === 0x2049 ||
    cp === 0x2122 || cp === 0x2139 || cp === 0x24c2 || cp === 0x3030 || cp === 0x303d || cp === 0x3297 || cp === 0x3299
  );
}

/** Scripts in which ZWJ and ZWNJ change how letters join or conjuncts form. */
function isJoiningScript(cp: number): boolean {
  return (cp >= 0x0600 && cp <= 0x08ff) || (cp >= 0x0900 && cp <= 0x0dff) || (cp >= 0x0f00 && cp <= 0x0fff) ||
    (cp >= 0x1000 && cp <= 0x109f) || (cp >= 0x1780 && cp <= 0x18af) || (cp >= 0xa8e0 && cp <= 0xa8ff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff);
}

/** Scripts written without spaces, where ZWSP marks word breaks. */
function isNoSpaceScript(cp: number): boolean {
  return (cp >= 0x0e00 && cp <= 0x0fff) || (cp >= 0x1000 && cp <= 0x109f) || (cp >= 0x1780 && cp <= 0x17ff);
}

function isLetterLike(cp: number): boolean {
  if (cp < 0x80) return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  return cp >= 0xc0 && !isInvisible(cp) && !(cp >= 0x2000 && cp <= 0x2bff);
}

function isOverride(cp: number): boolean {
  return cp === 0x202d || cp === 0x202e;
}

function isBidiMark(cp: number): boolean {
  return cp === 0x200e || cp === 0x200f || cp === 0x061c;
}

function isSpace(cp: number): boolean {
  return cp === 32 || cp === 9 || cp === 10 || cp === 13 || cp === 0xa0 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a);
}

/** End offset of an emoji flag tag sequence (🏴 + 2–7 tag letters/digits + CANCEL TAG) starting at `at`, or -1. */
function flagSequenceEnd(text: string, at: number): number {
  let n = 0;
  for (let j = at; j < text.length; j += 2) {
    const cp = text.codePointAt(j)!;
    if ((cp >= 0xe0030 && cp <= 0xe0039) || (cp >= 0xe0061 && cp <= 0xe007a)) {
      if (++n > 7) return -1;
    } else return cp === 0xe007f && n >= 2 ? j + 2 : -1;
  }
  return -1;
}

type Mode = 'detect' | 'strip';

/** A joiner between visible letters where one of them is in a joining or Indic script. */
function joinsScript(prev: number, next: number): boolean {
  return (isJoiningScript(prev) || isJoiningScript(next)) && !isInvisible(prev) && !isInvisible(next);
}

/** Whether an invisible character with these neighbours is ordinary text rather than hiding something. */
function legitimate(cp: number, prev: number, next: number, at: number, mode: Mode, rtl: () => boolean): boolean {
  if (isVariationSelector(cp)) {
    if (next >= 0 && isVariationSelector(next)) return false;
    // Detecting: one selector after a visible character (emoji presentation, CJK variants) is normal.
    // Stripping: only text/emoji presentation selectors right after an emoji survive.
    if (mode === 'detect') return prev >= 0 && !isInvisible(prev) && !isSpace(prev);
    return (cp === 0xfe0e || cp === 0xfe0f) && (isEmojiLike(prev) || prev === 0x23 || prev === 0x2a || (prev >= 0x30 && prev <= 0x39));
  }
  switch (cp) {
    case 0x200d:
      return ((isEmojiLike(prev) || prev === 0xfe0f) && isEmojiLike(next)) || joinsScript(prev, next);
    case 0x200c:
      return joinsScript(prev, next);
    case 0x200b:
      return mode === 'detect' && (isNoSpaceScript(prev) || isNoSpaceScript(next)) && !isInvisible(prev) && !isInvisible(next);
    case 0xfeff:
      return mode === 'detect' && at === 0;
    case 0x00ad:
      return mode === 'detect' && isLetterLike(prev) && isLetterLike(next);
    default:
      return mode === 'detect' && isBidiMark(cp) && rtl();
  }
}

/** Calls `visit` for every invisible character, saying whether it is legitimate where it stands. */
function walkInvisibles(text: string, mode: Mode, visit: (start: number, end: number, cp: number, legit: boolean) => void): void {
  let rtlCache: boolean | undefined;
  const rtl = (): boolean => (rtlCache ??= RTL_TEXT.test(text));
  const n = text.length;
  let prev = -1;
  let flagEnd = -1;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c < 0x80) { prev = c; i++; continue; }
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    if (!isInvisible(cp)) { prev = cp; i += w; continue; }
    let legit: boolean;
    if (isTagChar(cp)) {
      if (i < flagEnd) legit = true;
      else if (prev === 0x1f3f4) { flagEnd = flagSequenceEnd(text, i); legit = flagEnd > i; }
      else legit = false;
    } else {
      legit = legitimate(cp, prev, i + w < n ? text.codePointAt(i + w)! : -1, i, mode, rtl);
    }
    visit(i, i + w, cp, legit);
    prev = cp;
    i += w;
  }
}

// --- evidence --------------------------------------------------------------------------------

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text[from, to)` with every invisible character written as <U+XXXX>, at most `max` characters out. */
function renderVisible(text: string, from: number, to: number, max: number): string {
  let out = '';
  for (let i = from; i < to && out.length < max; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    out += isInvisible(cp) ? `<${hex(cp)}>` : String.fromCodePoint(cp);
    i += w;
  }
  return out;
}

function codePointBefore(text: string, at: number): number {
  const lo = text.charCodeAt(at - 1);
  return lo >= 0xdc00 && lo <= 0xdfff && at >= 2 ? text.codePointAt(at - 2)! : lo;
}

function contextStart(text: string, at: number, units: number): number {
  let s = Math.max(0, at - units);
  const c = text.charCodeAt(s);
  if (s > 0 && c >= 0xdc00 && c <= 0xdfff) s--;
  return s;
}

function contextEnd(text: string, at: number, units: number): number {
  let e = Math.min(text.length, at + units);
  const c = text.charCodeAt(e - 1);
  if (e < text.length && c >= 0xd800 && c <= 0xdbff) e++;
  return e;
}

// --- invisible clusters ----------------------------------------------------------------------

class Cluster {
  end = 0;
  zw = 0;
  override = 0;
  embed = 0;
  embedRtl = 0;
  mark = 0;
  tags = 0;
  tagAscii = '';
  vs = 0;
  vsRun = 0;
  vsMaxRun = 0;
  vsLastEnd = -1;
  vsBase = -1;
  vsBytes: number[] = [];
  constructor(readonly start: number) {
    this.end = start;
  }
}

const MAX_TAG_TEXT = 200;
const MAX_VS_BYTES = 256;
const MAX_CODES_SHOWN = 4;

function zeroWidthScore(n: number): number {
  if (n <= 1) return 0.3;
  if (n === 2) return 0.5;
  if (n === 3) return 0.6;
  if (n < 8) return 0.7;
  if (n < 16) return 0.8;
  return 0.9;
}

function severityOf(score: number): Severity {
  return score >= 0.75 ? 'high' : score >= 0.5 ? 'medium' : 'low';
}

/** Which invisible characters a cluster holds, counted over its first few thousand units (for the evidence). */
function summary(text: string, c: Cluster): string {
  const codes: number[] = [];
  const counts: number[] = [];
  let more = false;
  const end = Math.min(c.end, c.start + 4096);
  for (let i = c.start; i < end; ) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (!isInvisible(cp)) continue;
    const k = codes.indexOf(cp);
    if (k >= 0) counts[k]!++;
    else if (codes.length < MAX_CODES_SHOWN) { codes.push(cp); counts.push(1); }
    else more = true;
  }
  const parts = codes.map((cp, k) => (counts[k]! > 1 ? `${hex(cp)}×${counts[k]}` : hex(cp)));
  if (more || end < c.end) parts.push('…');
  const total = c.zw + c.override + c.embed + c.embedRtl + c.mark + c.tags + c.vs;
  return `${total} invisible (${parts.join(', ')})`;
}

function decodeSelectorBytes(bytes: number[]): string | undefined {
  const sink = new TextSink(MAX_VS_BYTES * 2);
  for (const b of bytes) if (!sink.byte(b)) break;
  return sink.isText(3, false) ? sink.text() : undefined;
}

function clusterFinding(text: string, c: Cluster, o: Required<UnicodeOptions>, rtl: () => boolean): DetectorFinding {
  let kind = 'invisible_chars';
  let score = c.zw > 0 ? zeroWidthScore(c.zw) : 0;
  let evidence = '';
  const shown = (): string =>
    `${summary(text, c)}: "${renderVisible(text, contextStart(text, c.start, 12), c.start, 24)}${renderVisible(text, c.start, contextEnd(text, c.end, 12), 80)}"`;
  if (c.mark > 0 && 0.3 > score) { kind = 'bidi_control'; score = 0.3; }
  if (c.embedRtl > 0 && 0.35 > score) { kind = 'bidi_control'; score = 0.35; }
  if (c.embed > 0 && 0.6 >= score) { kind = 'bidi_control'; score = 0.6; }
  if (c.override > 0) {
    const s = rtl() ? 0.7 : 0.85;
    if (s >= score) { kind = 'bidi_control'; score = s; }
  }
  let decodedVs: string | undefined;
  if (c.vsMaxRun >= 2) {
    decodedVs = c.vsMaxRun >= o.minVariationRun ? decodeSelectorBytes(c.vsBytes) : undefined;
    const s = c.vsMaxRun >= o.minVariationRun ? (decodedVs ? 0.95 : 0.8) : 0.4;
    if (s >= score) { kind = 'variation_selector_payload'; score = s; }
  } else if (c.vs > 0 && score < 0.3) {
    score = zeroWidthScore(c.vs);
  }
  if (c.tags > 0) {
    const printable = c.tagAscii.trim().length;
    const s = printable >= 4 ? 0.95 : printable >= 1 ? 0.8 : 0.6;
    if (s >= score) { kind = 'tag_smuggling'; score = s; }
  }
  if (kind === 'tag_smuggling') evidence = `hidden ASCII in ${c.tags} tag characters: "${c.tagAscii}"`;
  else if (kind === 'variation_selector_payload') {
    const base = c.vsBase >= 0 && !isInvisible(c.vsBase) ? ` after "${String.fromCodePoint(c.vsBase)}"` : '';
    evidence = `${c.vs} variation selectors${base}${decodedVs ? `, bytes decode to "${decodedVs}"` : ''}`;
  } else evidence = shown();
  return finding(UNICODE, o.threshold, { kind, score, severity: severityOf(score), span: { start: c.start, end: c.end }, evidence: clipEvidence(evidence, 160), tags: TAGS });
}


function isBreakingSpace(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029;
}


const enum Cat { None = 0, ZeroWidth, Override, Embed, Mark, Selector, Tag, Lookalike }

/**
 * Category of every BMP code point, so the hot loop does one lookup instead of a chain of range
 * tests. Filled from the shared predicates over the blocks where invisible characters live (the
 * unicode tests check the table against `isInvisible` for the whole BMP).
 */
const BMP_CATEGORY = new Uint8Array(0x10000);
for (const [from, to] of [[0x370, 0x52f], [0x1c80, 0x1c8f], [0x1f00, 0x1fff], [0x2100, 0x214f], [0xa640, 0xa69f]] as const) BMP_CATEGORY.fill(Cat.Lookalike, from, to + 1);
for (const [from, to] of [[0x80, 0x3ff], [0x600, 0x6ff], [0x1100, 0x11ff], [0x1700, 0x18ff], [0x2000, 0x206f], [0x3160, 0x316f], [0xfe00, 0xfe0f], [0xfe70, 0xffff]] as const) {
  for (let cp = from; cp <= to; cp++) {
    if (isBidiControl(cp)) BMP_CATEGORY[cp] = isOverride(cp) ? Cat.Override : isBidiMark(cp) ? Cat.Mark : Cat.Embed;
    else if (isVariationSelector(cp)) BMP_CATEGORY[cp] = Cat.Selector;
    else if (isInvisible(cp)) BMP_CATEGORY[cp] = Cat.ZeroWidth;
  }
}

/** Whether the category table calls `cp` invisible (exported for the consistency test). */
export function tableSaysInvisible(cp: number): boolean {
  const c = cp <= 0xffff ? BMP_CATEGORY[cp]! : astralCategory(cp);
  return c !== Cat.None && c !== Cat.Lookalike;
}

function astralCategory(cp: number): Cat {
  if (isTagChar(cp)) return Cat.Tag;
  if (isVariationSelector(cp)) return Cat.Selector;
  return isInvisible(cp) ? Cat.ZeroWidth : Cat.None;
}

/**
 * One pass over the text: invisible characters grouped into clusters, each reported. (The same
 * walk as `walkInvisibles`, inlined: text dense with invisibles is the adversarial case.) Returns
 * where the first Cyrillic/Greek/letter-like character is (-1 if none), so the homoglyph pass
 * runs only when it can find something.
 */
function invisibleFindings(text: string, o: Required<UnicodeOptions>, out: DetectorFinding[]): number {
  let rtlCache: boolean | undefined;
  const rtl = (): boolean => (rtlCache ??= RTL_TEXT.test(text));
  const n = text.length;
  let prev = -1;
  let flagEnd = -1;
  let firstLookalike = -1;
  let c: Cluster | undefined;
  for (let i = 0; i < n; ) {
    const u = text.charCodeAt(i);
    if (u < 0x80) {
      // A tight loop over ASCII, the bulk of most text.
      i++;
      while (i < n && text.charCodeAt(i) < 0x80) i++;
      prev = text.charCodeAt(i - 1);
      continue;
    }
    if (u < 0xd800 || u > 0xdbff) {
      const k = BMP_CATEGORY[u]!;
      if (k === Cat.None) {
        // Likewise over ordinary characters of other scripts (CJK, Cyrillic, accented Latin).
        i++;
        for (; i < n; i++) {
          const v = text.charCodeAt(i);
          if (v < 0x80 || (v >= 0xd800 && v <= 0xdbff) || BMP_CATEGORY[v] !== Cat.None) break;
        }
        prev = text.charCodeAt(i - 1);
        continue;
      }
    }
    const cp = u >= 0xd800 && u <= 0xdbff ? text.codePointAt(i)! : u;
    const w = cp > 0xffff ? 2 : 1;
    const cat: Cat = cp <= 0xffff ? BMP_CATEGORY[cp]! : astralCategory(cp);
    if (cat === Cat.None || cat === Cat.Lookalike) {
      if (firstLookalike < 0 && cat === Cat.Lookalike) firstLookalike = i;
      prev = cp;
      i += w;
      continue;
    }
    let legit = false;
    if (cat === Cat.Tag) {
      if (i < flagEnd) legit = true;
      else if (prev === 0x1f3f4) { flagEnd = flagSequenceEnd(text, i); legit = flagEnd > i; }
    } else if (cat !== Cat.Override && cat !== Cat.Embed) {
      legit = legitimate(cp, prev, i + w < n ? text.codePointAt(i + w)! : -1, i, 'detect', rtl);
    }
    prev = cp;
    const start = i;
    i += w;
    if (legit) continue;
    // Close the cluster unless this one is at most two visible characters on, with no space between.
    if (c && (start - c.end > 2 || (start > c.end && (isBreakingSpace(text.charCodeAt(c.end)) || isBreakingSpace(text.charCodeAt(start - 1)))))) {
      out.push(clusterFinding(text, c, o, rtl));
      c = undefined;
      if (out.length >= o.maxFindings) return firstLookalike;
    }
    c ??= new Cluster(start);
    c.end = i;
    switch (cat) {
      case Cat.Tag: {
        c.tags++;
        const a = tagToAscii(cp);
        if (a !== undefined && c.tagAscii.length < MAX_TAG_TEXT) c.tagAscii += a;
        break;
      }
      case Cat.Selector:
        c.vs++;
        if (start === c.vsLastEnd) c.vsRun++;
        else { c.vsRun = 1; if (c.vsBase < 0 && start > 0) c.vsBase = codePointBefore(text, start); }
        c.vsLastEnd = i;
        if (c.vsRun > c.vsMaxRun) c.vsMaxRun = c.vsRun;
        // The usual scheme: VS1–VS16 carry bytes 0–15, VS17–VS256 bytes 16–255.
        if (c.vsBytes.length < MAX_VS_BYTES) c.vsBytes.push(cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16);
        break;
      case Cat.Override:
        c.override++;
        break;
      case Cat.Mark:
        c.mark++;
        break;
      case Cat.Embed:
        if (rtl()) c.embedRtl++;
        else c.embed++;
        break;
      default:
        c.zw++;
    }
  }
  if (c) out.push(clusterFinding(text, c, o, rtl));
  return firstLookalike;
}

// --- homoglyph words -------------------------------------------------------------------------

/** Characters that can only be part of a spoofed Latin word through a look-alike script. */
const LOOKALIKE_SCRIPT = /[\u0370-\u03ff\u0400-\u052f\u1c80-\u1c8f\u1f00-\u1fff\u2100-\u214f\ua640-\ua69f]/g;

/** The Latin letter each BMP look-alike imitates (0 for none): a table lookup instead of a map. */
const LOOKALIKE_TABLE = new Uint16Array(0x10000);
for (const [cp, latin] of LATIN_LOOKALIKE) if (cp <= 0xffff) LOOKALIKE_TABLE[cp] = latin.charCodeAt(0);

function isLookalike(cp: number): boolean {
  return cp <= 0xffff ? LOOKALIKE_TABLE[cp]! !== 0 : LATIN_LOOKALIKE.has(cp);
}

function isWordCp(cp: number): boolean {
  if (cp < 0x80) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  if ((cp >= 0x370 && cp <= 0x52f) || (cp >= 0xc0 && cp <= 0x24f)) return cp !== 0xd7 && cp !== 0xf7 && cp !== 0x37e && cp !== 0x387;
  if (tableSaysInvisible(cp) || (cp >= 0x300 && cp <= 0x36f)) return true;
  const s = scriptOf(cp);
  return s === 'latin' || s === 'cyrillic' || s === 'greek' || isLookalike(cp);
}

interface MixedWord {
  start: number;
  end: number;
  latin: number;
  lookalike: number;
  /** Cyrillic/Greek letters with no Latin twin: the word is really in that script. */
  foreign: number;
  first: number;
}

/** Calls `visit` for every word that mixes Latin letters with Cyrillic/Greek look-alikes, until it returns false. */
function forEachMixedWord(text: string, from: number, visit: (w: MixedWord) => boolean): void {
  const re = LOOKALIKE_SCRIPT;
  re.lastIndex = from;
  let floor = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!isWordCp(text.charCodeAt(m.index))) continue;
    let s = m.index;
    while (s > floor) {
      const lo = text.charCodeAt(s - 1);
      const back = lo >= 0xdc00 && lo <= 0xdfff && s - 2 >= floor ? 2 : 1;
      if (!isWordCp(text.codePointAt(s - back)!)) break;
      s -= back;
    }
    // One pass over the word, counting its letters by script (ASCII first: most letters are).
    const w: MixedWord = { start: s, end: s, latin: 0, lookalike: 0, foreign: 0, first: -1 };
    let i = s;
    while (i < text.length) {
      const u = text.charCodeAt(i);
      if (u < 0x80) {
        if ((u >= 65 && u <= 90) || (u >= 97 && u <= 122)) w.latin++;
        else if (u < 48 || u > 57) break;
        i++;
        continue;
      }
      const cp = u >= 0xd800 && u <= 0xdbff ? text.codePointAt(i)! : u;
      if (!isWordCp(cp)) break;
      const sc = scriptOf(cp);
      if (sc === 'latin') w.latin++;
      else if (isLookalike(cp)) { w.lookalike++; if (w.first < 0) w.first = cp; }
      else if (sc === 'cyrillic' || sc === 'greek') w.foreign++;
      i += cp > 0xffff ? 2 : 1;
    }
    w.end = i;
    floor = i;
    re.lastIndex = Math.max(i, m.index + 1);
    if (w.latin > 0 && w.lookalike > 0 && !visit(w)) return;
  }
}

function foldCp(cp: number): string | undefined {
  if (scriptOf(cp) === 'latin') return undefined;
  const l = cp <= 0xffff ? (LOOKALIKE_TABLE[cp] ? String.fromCharCode(LOOKALIKE_TABLE[cp]!) : undefined) : LATIN_LOOKALIKE.get(cp);
  if (l === undefined) return undefined;
  const ch = String.fromCodePoint(cp);
  return ch.toLowerCase() !== ch ? l.toUpperCase() : l;
}

function foldRange(text: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    out += foldCp(cp) ?? text.slice(i, i + w);
    i += w;
  }
  return out;
}

function scriptName(cp: number): string {
  const s = scriptOf(cp);
  return s === 'cyrillic' ? 'Cyrillic' : s === 'greek' ? 'Greek' : 'symbol';
}

const INVISIBLE_RUN = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]|\udb40[\udc00-\uddef]/g;

function homoglyphFindings(text: string, from: number, o: Required<UnicodeOptions>, out: DetectorFinding[]): void {
  forEachMixedWord(text, from, (w) => {
    if (out.length >= o.maxFindings) return false;
    const letters = w.latin + w.lookalike + w.foreign;
    const spoof = w.foreign === 0 && letters >= 3;
    const score = spoof ? 0.75 : 0.4;
    const shownEnd = contextEnd(text, Math.min(w.end, w.start + 60), 0);
    const word = renderVisible(text, w.start, shownEnd, 60);
    const what = `${scriptName(w.first)} ${String.fromCodePoint(w.first)} ${hex(w.first)}${w.lookalike > 1 ? ` +${w.lookalike - 1}` : ''}`;
    const evidence = spoof
      ? `"${word}" reads as "${foldRange(text, w.start, shownEnd).replace(INVISIBLE_RUN, '')}" (${what})`
      : `"${word}" mixes Latin with ${scriptName(w.first)} letters (${what})`;
    out.push(finding(UNICODE, o.threshold, { kind: 'homoglyph', score, severity: spoof ? 'medium' : 'low', span: { start: w.start, end: w.end }, evidence: clipEvidence(evidence, 160), tags: TAGS }));
    return true;
  });
}

// --- public API --------------------------------------------------------------------------------

/** The unicode detector; see the module comment for kinds and scores. */
export function createUnicodeDetector(options: UnicodeOptions = {}): Detector {
  const o: Required<UnicodeOptions> = {
    threshold: options.threshold ?? UNICODE_DEFAULTS.threshold,
    minVariationRun: Math.max(2, options.minVariationRun ?? UNICODE_DEFAULTS.minVariationRun),
    maxFindings: Math.max(1, options.maxFindings ?? UNICODE_DEFAULTS.maxFindings),
  };
  return {
    name: UNICODE,
    detect(text: string, _context: DetectContext): DetectorFinding[] {
      // Every finding needs a non-ASCII character; most text has none.
      if (!hasNonAscii(text)) return [];
      const out: DetectorFinding[] = [];
      const firstLookalike = invisibleFindings(text, o, out);
      if (firstLookalike >= 0 && out.length < o.maxFindings) homoglyphFindings(text, firstLookalike, o, out);
      return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    },
  };
}

/**
 * Removes zero-width characters, bidi controls, tag characters and variation selectors. Kept,
 * because removing them would change what legitimate text says or how it renders: one VS15/VS16
 * right after an emoji, a ZWJ inside an emoji sequence, a ZWJ/ZWNJ in a joining or Indic script,
 * and emoji flag tag sequences. `removed` counts the code points taken out.
 */
export function stripInvisible(text: string): { text: string; removed: number } {
  if (!hasNonAscii(text)) return { text, removed: 0 };
  let out = '';
  let at = 0;
  let removed = 0;
  walkInvisibles(text, 'strip', (start, end, _cp, legit) => {
    if (legit) return;
    out += text.slice(at, start);
    at = end;
    removed++;
  });
  if (removed === 0) return { text, removed: 0 };
  return { text: out + text.slice(at), removed };
}

/**
 * Latin look-alikes (Cyrillic, Greek, letter-like symbols) in words that are otherwise Latin,
 * replaced by the Latin letters they imitate ("pаypal" → "paypal"). Russian and Greek words, and
 * mixed words holding letters with no Latin twin, are left as they are. Lengths are preserved.
 */
export function foldHomoglyphs(text: string): string {
  if (!hasNonAscii(text)) return text;
  let out = '';
  let at = 0;
  forEachMixedWord(text, 0, (w) => {
    if (w.foreign > 0) return true;
    out += text.slice(at, w.start) + foldRange(text, w.start, w.end);
    at = w.end;
    return true;
  });
  return at === 0 ? text : out + text.slice(at);
}
