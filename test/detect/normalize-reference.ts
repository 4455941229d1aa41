import type { NormalizedText } from '../../src/detect/text/normalize.js';
import { LATIN_LOOKALIKE, isInvisible, tagToAscii } from '../../src/detect/text/chars.js';

/**
 * The normaliser as first written: one character at a time, with its offset map. Kept for the
 * tests as the definition the fast normaliser (src/detect/text/normalize.ts) must agree with.
 */
const LEET: Record<number, number> = { 48: 111, 49: 105, 51: 101, 52: 97, 53: 115, 55: 116, 56: 98, 64: 97, 36: 115 }; // 0 1 3 4 5 7 8 @ $
function isSpacedSeparator(c: number): boolean {
  return c === 32 || c === 46 || c === 45 || c === 95 || c === 42; // space . - _ *
}

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

/** The text is lower-cased by the time this is asked. */
function isLowerAsciiLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isWordUnit(c: number): boolean {
  // Letters, digits and the leet symbols; any non-ASCII unit counts as part of a word.
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 36 || c > 127;
}

/** Growable parallel arrays: code units of the result and the original span of each. */
interface Buffer16 {
  codes: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  length: number;
}

function newBuffer(capacity: number): Buffer16 {
  return { codes: new Uint16Array(capacity), starts: new Int32Array(capacity), ends: new Int32Array(capacity), length: 0 };
}

function grow(b: Buffer16): void {
  const cap = b.codes.length * 2 + 16;
  const codes = new Uint16Array(cap);
  codes.set(b.codes);
  const starts = new Int32Array(cap);
  starts.set(b.starts);
  const ends = new Int32Array(cap);
  ends.set(b.ends);
  b.codes = codes;
  b.starts = starts;
  b.ends = ends;
}

function push(b: Buffer16, code: number, start: number, end: number): void {
  if (b.length === b.codes.length) grow(b);
  const k = b.length;
  b.codes[k] = code;
  b.starts[k] = start;
  b.ends[k] = end;
  b.length = k + 1;
}

// UTF-16 code units to a string natively; a lone surrogate becomes U+FFFD, one unit for one.
const UTF16 = new TextDecoder('utf-16le');

function toText(codes: Uint16Array, length: number): string {
  return UTF16.decode(codes.subarray(0, length));
}

/** Folds characters one by one (case, compatibility forms, invisibles, whitespace runs). */
function fold(input: string, buf: Buffer16): void {
  let pendingSpace = 0; // 0 none, 32 space, 10 newline
  let spaceStart = 0;
  const n = input.length;
  for (let i = 0; i < n; ) {
    const c = input.charCodeAt(i);
    if (c < 128) {
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 11 || c === 12) {
        if (!pendingSpace) {
          spaceStart = i;
          pendingSpace = c === 10 ? 10 : 32;
        } else if (c === 10) pendingSpace = 10;
        i++;
        continue;
      }
      if (pendingSpace) {
        if (buf.length > 0) push(buf, pendingSpace, spaceStart, i);
        pendingSpace = 0;
      }
      // Inline push: this is the hot path for ordinary text.
      let k = buf.length;
      if (k === buf.codes.length) grow(buf);
      buf.codes[k] = c >= 65 && c <= 90 ? c + 32 : c;
      buf.starts[k] = i;
      buf.ends[k] = i + 1;
      buf.length = k + 1;
      i++;
      continue;
    }
    // Scripts whose letters fold to themselves (CJK, Hangul, kana, lower-case Cyrillic) skip the fold table.
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3041 && c <= 0x30ff) || (c >= 0x430 && c <= 0x44f)) {
      if (pendingSpace) {
        if (buf.length > 0) push(buf, pendingSpace, spaceStart, i);
        pendingSpace = 0;
      }
      push(buf, c, i, i + 1);
      i++;
      continue;
    }
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    let folded: string;
    if (isInvisible(cp)) {
      const ascii = tagToAscii(cp);
      folded = ascii === undefined ? '' : ascii.toLowerCase();
    } else folded = foldNonAscii(cp);
    if (folded === ' ' || folded === '\n') {
      if (!pendingSpace) {
        spaceStart = i;
        pendingSpace = folded === '\n' ? 10 : 32;
      } else if (folded === '\n') pendingSpace = 10;
    } else if (folded.length > 0) {
      if (pendingSpace) {
        if (buf.length > 0) push(buf, pendingSpace, spaceStart, i);
        pendingSpace = 0;
      }
      for (let k = 0; k < folded.length; k++) push(buf, folded.charCodeAt(k), i, i + width);
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
      if (isLowerAsciiLetter(c)) latin++;
      else if (c > 127) { if (LATIN_LOOKALIKE.has(c)) lookalike++; }
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
    if (leet > 0 && latin >= 2 && latin >= leet && j - i <= 256) {
      for (let k = i; k < j; k++) {
        const l = LEET[codes[k]!];
        if (l !== undefined) codes[k] = l;
      }
    }
    i = j;
  }
}

function standalone(codes: Uint16Array, n: number, k: number): boolean {
  return k < n && isLowerAsciiLetter(codes[k]!) && (k === 0 || !isWordUnit(codes[k - 1]!)) && (k + 1 >= n || !isWordUnit(codes[k + 1]!));
}

/** Joins letters written one by one with single separators ("i g n o r e", "i.g.n.o.r.e"). */
function joinSpacedLetters(buf: Buffer16): void {
  const { codes, starts, ends } = buf;
  const n = buf.length;
  let w = 0;
  let i = 0;
  while (i < n) {
    // A run: letter, (separator, letter)+ where each letter stands alone. Most positions fail
    // the cheap test of the next unit being a separator, so the rest is rarely asked.
    if (i + 1 < n && isSpacedSeparator(codes[i + 1]!) && standalone(codes, n, i)) {
      let j = i;
      let letters = 1;
      while (j + 2 < n && isSpacedSeparator(codes[j + 1]!) && standalone(codes, n, j + 2) && (codes[j + 1] === codes[i + 1] || letters === 1)) {
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
    if (w !== i) {
      codes[w] = codes[i]!;
      starts[w] = starts[i]!;
      ends[w] = ends[i]!;
    }
    w++;
    i++;
  }
  buf.length = w;
}

export function normalizeReference(input: string): NormalizedText {
  const buf = newBuffer(input.length + 16);
  fold(input, buf);
  foldWords(buf);
  joinSpacedLetters(buf);
  return { text: toText(buf.codes, buf.length), starts: buf.starts.subarray(0, buf.length), ends: buf.ends.subarray(0, buf.length) };
}
