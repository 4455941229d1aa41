import type { Span } from '../types.js';
import { LATIN_LOOKALIKE, isInvisible, tagToAscii } from './chars.js';

/**
 * The matching form of a text, for detectors that look for phrases (injection, jailbreak, tool
 * poisoning) and for the injection model, which is trained on the same form:
 *
 * - lower case; compatibility forms folded (fullwidth, mathematical alphanumerics, circled
 *   letters, ligatures); Latin diacritics removed ("ïgnöré" → "ignore")
 * - invisible characters removed, except Unicode tag characters, which are read as the ASCII
 *   they hide, so smuggled instructions become visible
 * - Cyrillic and Greek look-alikes inside otherwise Latin words read as Latin ("іgnоrе")
 * - leetspeak digits and symbols inside words read as letters ("1gn0r3" → "ignore")
 * - letters spaced out one by one joined ("i g n o r e" → "ignore")
 * - runs of spaces become one space; runs of blank lines one newline
 *
 * Every character of the result remembers the span of the original it came from, so a match in
 * the normalised text maps back to a span of the text the caller gave.
 */
export interface NormalizedText {
  readonly text: string;
  /** Original start offset of each normalised code unit. */
  readonly starts: Int32Array;
  /** Original end offset of each normalised code unit. */
  readonly ends: Int32Array;
}

/** Maps a span of the normalised text back to the original text. */
export function originalSpan(n: NormalizedText, start: number, end: number): Span {
  if (n.text.length === 0) return { start: 0, end: 0 };
  const s = Math.min(Math.max(start, 0), n.text.length - 1);
  const e = Math.min(Math.max(end, s + 1), n.text.length);
  return { start: n.starts[s]!, end: n.ends[e - 1]! };
}

const LEET: Record<number, number> = { 48: 111, 49: 105, 51: 101, 52: 97, 53: 115, 55: 116, 56: 98, 64: 97, 36: 115 }; // 0 1 3 4 5 7 8 @ $
const SPACED_SEPARATORS = new Set([32, 46, 45, 95, 42]); // space . - _ *

/** Memo of how each non-ASCII code point folds; bounded because the set of code points is. */
const foldMemo = new Map<number, string>();
const MAX_MEMO = 20_000;

function foldNonAscii(cp: number): string {
  const hit = foldMemo.get(cp);
  if (hit !== undefined) return hit;
  const ch = String.fromCodePoint(cp);
  let folded: string;
  if (cp < 0x250 || (cp >= 0x1e00 && cp <= 0x1eff)) folded = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  else folded = ch.normalize('NFKC');
  folded = folded.toLowerCase();
  // Unicode spaces fold to ASCII space so the whitespace rule below treats them alike.
  if (/^\s+$/.test(folded)) folded = folded.includes('\n') || folded.includes('\u2028') || folded.includes('\u2029') ? '\n' : ' ';
  if (foldMemo.size < MAX_MEMO) foldMemo.set(cp, folded);
  return folded;
}

function isAsciiLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isWordUnit(c: number): boolean {
  // Letters, digits and the leet symbols; any non-ASCII unit counts as part of a word.
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 36 || c > 127;
}

class Buffer16 {
  codes: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }
  push(code: number, start: number, end: number): void {
    if (this.length === this.codes.length) this.grow();
    this.codes[this.length] = code;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }
  private grow(): void {
    const cap = this.codes.length * 2 + 16;
    const codes = new Uint16Array(cap);
    codes.set(this.codes);
    const starts = new Int32Array(cap);
    starts.set(this.starts);
    const ends = new Int32Array(cap);
    ends.set(this.ends);
    this.codes = codes;
    this.starts = starts;
    this.ends = ends;
  }
}

function toText(codes: Uint16Array, length: number): string {
  let s = '';
  const CHUNK = 8192;
  for (let i = 0; i < length; i += CHUNK) s += String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + CHUNK)) as unknown as number[]);
  return s;
}

/** Folds characters one by one (case, compatibility forms, invisibles, whitespace runs). */
function fold(input: string, buf: Buffer16): void {
  let pendingSpace = 0; // 0 none, 32 space, 10 newline
  let spaceStart = 0;
  const emitSpace = (end: number): void => {
    if (pendingSpace && buf.length > 0) buf.push(pendingSpace, spaceStart, end);
    pendingSpace = 0;
  };
  for (let i = 0; i < input.length; ) {
    const c = input.charCodeAt(i);
    if (c < 128) {
      if (c === 32 || c === 9 || c === 11 || c === 12 || c === 13 || c === 10) {
        if (!pendingSpace) spaceStart = i;
        if (c === 10) pendingSpace = 10;
        else if (!pendingSpace) pendingSpace = 32;
        i++;
        continue;
      }
      emitSpace(i);
      buf.push(c >= 65 && c <= 90 ? c + 32 : c, i, i + 1);
      i++;
      continue;
    }
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isInvisible(cp)) {
      const ascii = tagToAscii(cp);
      if (ascii !== undefined) {
        const a = ascii.toLowerCase().charCodeAt(0);
        if (a === 32) {
          if (!pendingSpace) { pendingSpace = 32; spaceStart = i; }
        } else {
          emitSpace(i);
          buf.push(a, i, i + width);
        }
      }
      i += width;
      continue;
    }
    const folded = foldNonAscii(cp);
    if (folded === ' ' || folded === '\n') {
      if (!pendingSpace) spaceStart = i;
      if (folded === '\n') pendingSpace = 10;
      else if (!pendingSpace) pendingSpace = 32;
    } else if (folded.length > 0) {
      emitSpace(i);
      for (let k = 0; k < folded.length; k++) buf.push(folded.charCodeAt(k), i, i + width);
    }
    i += width;
  }
}

/** Within each word: Latin look-alikes in words that also hold Latin letters, then leetspeak. */
function foldWords(buf: Buffer16): void {
  const { codes } = buf;
  let i = 0;
  while (i < buf.length) {
    if (!isWordUnit(codes[i]!)) { i++; continue; }
    let j = i;
    let latin = 0;
    let lookalike = 0;
    let leet = 0;
    for (; j < buf.length && isWordUnit(codes[j]!); j++) {
      const c = codes[j]!;
      if (isAsciiLetter(c)) latin++;
      else if (LATIN_LOOKALIKE.has(c)) lookalike++;
      else if (LEET[c] !== undefined) leet++;
    }
    if (latin > 0 && lookalike > 0) {
      for (let k = i; k < j; k++) {
        const l = LATIN_LOOKALIKE.get(codes[k]!);
        if (l !== undefined) codes[k] = l.charCodeAt(0);
      }
      latin += lookalike;
    }
    // Leetspeak only where the word is mostly letters, so numbers, versions and ids stay as they are.
    if (leet > 0 && latin >= 2 && latin >= leet) {
      for (let k = i; k < j; k++) {
        const l = LEET[codes[k]!];
        if (l !== undefined) codes[k] = l;
      }
    }
    i = j;
  }
}

/** Joins letters written one by one with single separators ("i g n o r e", "i.g.n.o.r.e"). */
function joinSpacedLetters(buf: Buffer16): void {
  const { codes, starts, ends } = buf;
  const n = buf.length;
  let w = 0;
  let i = 0;
  while (i < n) {
    // A run: letter, (separator, letter)+ where each letter stands alone.
    const standalone = (k: number): boolean =>
      k < n && isAsciiLetter(codes[k]!) && (k === 0 || !isWordUnit(codes[k - 1]!)) && (k + 1 >= n || !isWordUnit(codes[k + 1]!));
    if (standalone(i)) {
      let j = i;
      let letters = 1;
      while (j + 2 < n && SPACED_SEPARATORS.has(codes[j + 1]!) && standalone(j + 2) && (codes[j + 1] === codes[i + 1] || letters === 1)) {
        j += 2;
        letters++;
      }
      if (letters >= 4) {
        for (let k = i; k <= j; k += 2) {
          codes[w] = codes[k]!;
          starts[w] = starts[k]!;
          ends[w] = ends[k]!;
          w++;
        }
        i = j + 1;
        continue;
      }
    }
    codes[w] = codes[i]!;
    starts[w] = starts[i]!;
    ends[w] = ends[i]!;
    w++;
    i++;
  }
  buf.length = w;
}

/**
 * The last text normalised and its result. Several detectors read the same text one after the
 * other; the result depends only on the input, so handing back the same (read-only) object is
 * invisible to them and saves the work.
 */
let lastInput: string | undefined;
let lastOutput: NormalizedText | undefined;

export function normalizeForMatch(input: string): NormalizedText {
  if (input === lastInput && lastOutput) return lastOutput;
  const out = normalizeUncached(input);
  lastInput = input;
  lastOutput = out;
  return out;
}

function normalizeUncached(input: string): NormalizedText {
  const buf = new Buffer16(input.length + 16);
  fold(input, buf);
  foldWords(buf);
  joinSpacedLetters(buf);
  return { text: toText(buf.codes, buf.length), starts: buf.starts.subarray(0, buf.length), ends: buf.ends.subarray(0, buf.length) };
}
