import type { Span } from '../types.js';
import { LATIN_LOOKALIKE, hasNonAscii, isInvisible, tagToAscii } from './chars.js';

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
 *
 * How it is fast: what each code point folds to is computed once per process (with the
 * Unicode normalisation functions) and kept in a table, so a text is read in one loop of table
 * look-ups; the two word-level steps run only when the text holds what they change. The test
 * suite keeps the first, character-by-character version (test/detect/normalize-reference.ts)
 * and checks both give the same text and offsets.
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
  // A lazily mapped result maps only as far as this span.
  const m = n instanceof LazyMapped ? n.map(e) : n;
  return { start: m.starts[s]!, end: m.ends[e - 1]! };
}

// ---------------------------------------------------------------- the fold table
/**
 * What one code point becomes, as a table entry: the kind in the high bits, a code unit (SINGLE)
 * or an index into MULTI_TEXT (MULTI) in the low 16. 0 means "not computed yet".
 */
const SINGLE = 1 << 16;
const SPACE = 2 << 16;
const NEWLINE = 3 << 16;
const EMPTY = 4 << 16;
const MULTI = 5 << 16;
/** An astral character that folds to itself: both of its units are kept. */
const SELF = 6 << 16;
const KIND = 7 << 16;
/** Set on entries the native path cannot write into the text as they are (see `foldRun`). */
const UNSAFE = 1 << 20;

/** Entries for the Basic Multilingual Plane and plane 1 (emoji, mathematical letters); filled on first sight. */
const TABLE = new Int32Array(0x20000);
/** Entries of the code points beyond plane 1 (rare), bounded. */
const ASTRAL = new Map<number, number>();
const MAX_ASTRAL = 20_000;
/** Folds longer than one code unit ("ﬁ" → "fi"). */
const MULTI_TEXT: string[] = [];
const MULTI_INDEX = new Map<string, number>();

for (let c = 0; c < 128; c++) TABLE[c] = SINGLE | (c >= 65 && c <= 90 ? c + 32 : c);
for (const c of [32, 9, 11, 12, 13]) TABLE[c] = SPACE;
TABLE[10] = NEWLINE;

/** Scripts whose letters fold to themselves (CJK, Hangul, kana, lower-case Cyrillic): taken as they are. */
function foldsToItself(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3041 && c <= 0x30ff) || (c >= 0x430 && c <= 0x44f);
}

function foldNonAscii(cp: number): string {
  const ch = String.fromCodePoint(cp);
  let folded: string;
  if (cp < 0x250 || (cp >= 0x1e00 && cp <= 0x1eff)) folded = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  else folded = ch.normalize('NFKC');
  folded = folded.toLowerCase();
  // Unicode spaces fold to ASCII space so the whitespace rule treats them alike.
  if (/^\s+$/.test(folded)) folded = folded.includes('\n') || folded.includes('\u2028') || folded.includes('\u2029') ? '\n' : ' ';
  return folded;
}

/** The table entry of a non-ASCII code point (a lone surrogate stands for itself). */
function computeEntry(cp: number): number {
  if (foldsToItself(cp)) return SINGLE | cp;
  let folded: string;
  if (isInvisible(cp)) {
    const ascii = tagToAscii(cp);
    folded = ascii === undefined ? '' : ascii.toLowerCase();
  } else folded = foldNonAscii(cp);
  if (folded === ' ') return SPACE;
  if (folded === '\n') return NEWLINE;
  if (folded.length === 0) return EMPTY;
  // The native path lower-cases the text after folding: a fold it would change, or one holding
  // whitespace (which it would merge with the whitespace around it), is left to the loop.
  const unsafe = folded.toLowerCase() !== folded || (folded.length > 1 && /[ \t\n\v\f\r]/.test(folded)) ? UNSAFE : 0;
  if (folded.length === 1) return SINGLE | unsafe | folded.charCodeAt(0);
  if (cp > 0xffff && folded === String.fromCodePoint(cp)) return SELF | unsafe;
  let index = MULTI_INDEX.get(folded);
  if (index === undefined) {
    index = MULTI_TEXT.length;
    MULTI_TEXT.push(folded);
    MULTI_INDEX.set(folded, index);
  }
  return MULTI | unsafe | index;
}

function entryOf(cp: number): number {
  if (cp < 0x20000) {
    const e = TABLE[cp]!;
    if (e !== 0) return e;
    return (TABLE[cp] = computeEntry(cp));
  }
  const hit = ASTRAL.get(cp);
  if (hit !== undefined) return hit;
  const e = computeEntry(cp);
  if (ASTRAL.size < MAX_ASTRAL) ASTRAL.set(cp, e);
  return e;
}

/** Set on what `entryAt` returns when the character was a surrogate pair (two code units). */
const PAIR = 1 << 22;

/** The entry of the character starting at i (its first code unit c), with PAIR when it takes two units. */
function entryAt(input: string, i: number, c: number): number {
  if (c < 0xd800 || c > 0xdfff) {
    const e = TABLE[c]!;
    return e !== 0 ? e : entryOf(c);
  }
  if (c <= 0xdbff && i + 1 < input.length) {
    const d = input.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return entryOf(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) | PAIR;
  }
  return entryOf(c);
}

// ---------------------------------------------------------------- word-level tables
const LEET = new Uint8Array(128); // 0 1 3 4 5 7 8 @ $
for (const [c, l] of [[48, 111], [49, 105], [51, 101], [52, 97], [53, 115], [55, 116], [56, 98], [64, 97], [36, 115]] as const) LEET[c] = l;
/** Latin look-alike of each code unit (0: none). */
const LOOKALIKE = new Uint16Array(65536);
for (const [c, l] of LATIN_LOOKALIKE) LOOKALIKE[c] = l.charCodeAt(0);

/** Word units: letters, digits and the leet symbols; any non-ASCII unit counts as part of a word. */
const WORD_UNIT = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD_UNIT[c] = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 36 ? 1 : 0;

function isWordUnit(c: number): boolean {
  return c > 127 || WORD_UNIT[c] === 1;
}

function isLowerAsciiLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isSpacedSeparator(c: number): boolean {
  return c === 32 || c === 46 || c === 45 || c === 95 || c === 42; // space . - _ *
}

// ---------------------------------------------------------------- the passes
/** Code units of results being built; reused (the result string is decoded from it at once). */
let scratch = new Uint16Array(4096);
// UTF-16 code units to a string natively; a lone surrogate becomes U+FFFD, one unit for one.
const UTF16 = new TextDecoder('utf-16le');

interface Out {
  codes: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Whether the text holds what the word-level pass changes: a leet character, a look-alike. */
  wordWork: boolean;
}

function grow(o: Out, need: number): void {
  const cap = Math.max(need, o.starts.length * 2);
  if (o.codes.length < cap) {
    const codes = new Uint16Array(cap);
    codes.set(o.codes);
    o.codes = scratch = codes;
  }
  const starts = new Int32Array(cap);
  starts.set(o.starts);
  const ends = new Int32Array(cap);
  ends.set(o.ends);
  o.starts = starts;
  o.ends = ends;
}

/**
 * `foldCodes` with the offset maps: each unit of the result gets the span of the input it came
 * from (a whitespace run's unit spans the whole run). Sets the same word-level hints. `stopAt`
 * is an integer even when there is no stop, so the loop's arithmetic stays in integers.
 */
function fold(input: string, o: Out, stopAt = 0x7fffffff): number {
  let { codes, starts, ends } = o;
  let k = 0;
  let pending = 0; // 0 none, 32 space, 10 newline
  let spaceStart = 0;
  wordWork = hintSpaced = inputWide = false;
  latin = lookalike = leet = 0;
  const n = input.length;
  // Units already written keep their spans whatever follows, so a prefix of the map can stop early.
  for (let i = 0; i < n && k < stopAt; ) {
    const c = input.charCodeAt(i);
    if (c >= 97 && c <= 122 && pending === 0) {
      latin++;
      codes[k] = c;
      starts[k] = i;
      ends[k] = i + 1;
      k++;
      i++;
      continue;
    }
    const e = entryAt(input, i, c);
    const width = (e & PAIR) !== 0 ? 2 : 1;
    const kind = e & KIND;
    if (kind === SPACE) {
      if (pending === 0) {
        spaceStart = i;
        pending = 32;
      }
    } else if (kind === NEWLINE) {
      if (pending === 0) spaceStart = i;
      pending = 10;
    } else if (kind !== EMPTY) {
      const f = kind === SINGLE ? '' : kind === SELF ? input.slice(i, i + 2) : MULTI_TEXT[e & 0xffff]!;
      // Room for this fold, a pending space, and one unit per input unit still to come (or still wanted).
      const rest = Math.min(n - i, stopAt - k);
      if (k + f.length + 2 + rest > starts.length) {
        grow(o, k + f.length + 2 + rest + 16);
        ({ codes, starts, ends } = o);
      }
      if (pending !== 0) {
        if (k > 0) {
          if (latin + lookalike + leet > 0) endWord(k);
          if (pending === 32) noteSeparator(codes, k, 32);
          codes[k] = pending;
          starts[k] = spaceStart;
          ends[k] = i;
          k++;
        }
        pending = 0;
      }
      const units = kind === SINGLE ? 1 : f.length;
      for (let j = 0; j < units; j++) {
        const u = kind === SINGLE ? e & 0xffff : f.charCodeAt(j);
        if (u >= 97 && u <= 122) latin++;
        else countUnit(codes, k, u);
        // Each unit of a fold of several is given the whole character's span.
        codes[k] = u;
        starts[k] = i;
        ends[k] = i + width;
        k++;
      }
    }
    i += width;
  }
  if (latin + lookalike + leet > 0) endWord(k);
  o.wordWork = wordWork;
  return k;
}

/**
 * Longest word read as leetspeak. No phrase has a word near this long; a longer "word" is a blob
 * (base64, a hash, minified code), where leet folding finds nothing and costs a pass over it.
 */
const MAX_LEET_WORD = 256;

/** Within each word from `from` on (a word's start): Latin look-alikes in words that also hold Latin letters, then leetspeak. */
function foldWords(codes: Uint16Array, n: number, from = 0): void {
  let i = from;
  while (i < n) {
    if (!isWordUnit(codes[i]!)) {
      i++;
      continue;
    }
    let j = i;
    let latin = 0;
    let lookalike = 0;
    let leet = 0;
    for (; j < n; j++) {
      const c = codes[j]!;
      if (c < 128) {
        if (WORD_UNIT[c] === 0) break;
        if (c >= 97) latin++;
        else if (LEET[c] !== 0) leet++;
      } else if (LOOKALIKE[c] !== 0) lookalike++;
    }
    if (latin > 0 && lookalike > 0) {
      for (let k = i; k < j; k++) {
        const l = LOOKALIKE[codes[k]!]!;
        if (l !== 0) codes[k] = l;
      }
      latin += lookalike;
    }
    // Leetspeak only where the word is mostly letters, so numbers, versions and ids stay as they
    // are, and not in a word too long to be one (a blob: folding it would only cost time).
    if (leet > 0 && latin >= 2 && latin >= leet && j - i <= MAX_LEET_WORD) {
      for (let k = i; k < j; k++) {
        const c = codes[k]!;
        if (c < 128 && LEET[c] !== 0) codes[k] = LEET[c]!;
      }
    }
    i = j;
  }
}

function standalone(codes: Uint16Array, n: number, k: number): boolean {
  return k < n && isLowerAsciiLetter(codes[k]!) && (k === 0 || !isWordUnit(codes[k - 1]!)) && (k + 1 >= n || !isWordUnit(codes[k + 1]!));
}

/**
 * Where a run of letters spelled out one by one, starting at the standalone letter at `i`, ends
 * (the index of its last letter), or -1 when it has fewer than four letters: two or three single
 * letters are ordinary text ("a b c" in a list). Every separator is the run's first one.
 */
function spacedRunEnd(codes: Uint16Array, n: number, i: number): number {
  let j = i;
  let letters = 1;
  while (j + 2 < n && isSpacedSeparator(codes[j + 1]!) && standalone(codes, n, j + 2) && (codes[j + 1] === codes[i + 1] || letters === 1)) {
    j += 2;
    letters++;
  }
  return letters >= 4 ? j : -1;
}

/** Joins letters written one by one with single separators ("i g n o r e", "i.g.n.o.r.e"). Returns the new length. */
function joinSpacedLetters(codes: Uint16Array, starts: Int32Array, ends: Int32Array, n: number): number {
  let w = 0;
  let i = 0;
  while (i < n) {
    // A run: letter, (separator, letter)+ where each letter stands alone. Most positions fail
    // the cheap test of the next unit being a separator, so the rest is rarely asked.
    if (i + 1 < n && isSpacedSeparator(codes[i + 1]!) && standalone(codes, n, i)) {
      const j = spacedRunEnd(codes, n, i);
      if (j >= 0) {
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
  return w;
}

// ---------------------------------------------------------------- the text alone
/*
 * The text without its offset maps, in one loop that also notes whether the word-level steps
 * have anything to do: leetspeak needs a digit or @/$ next to a letter, look-alikes a
 * Cyrillic/Greek look-alike in a text with Latin letters, spaced-out letters a letter, a
 * separator and another letter, the first standing alone. Most texts need neither step. The
 * offset maps, wanted only when a detector reports something, are built when first asked for.
 */
/** Classes of ASCII code units in the folded text. */
const U_LETTER = 1; // a-z
const U_LEET = 2; // 0 1 3 4 5 7 8 @ $
const U_SEPARATOR = 4; // what spaced-out letters are written with
const U_WORD = 8; // a word unit
const UNIT = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 97 && c <= 122) UNIT[c]! |= U_LETTER;
  if (LEET[c]) UNIT[c]! |= U_LEET;
  if (isSpacedSeparator(c)) UNIT[c]! |= U_SEPARATOR;
  if (WORD_UNIT[c]) UNIT[c]! |= U_WORD;
}

/** Set by `foldCodes`: whether some word needs `foldWords`, and whether letters may be spaced out. */
let wordWork = false;
let hintSpaced = false;
/** Whether the input held any non-ASCII unit. */
let inputWide = false;
/** Unpaired surrogates in the input: counted by `foldCodes`. */
let loneSurrogates = 0;
// The word being pushed: its Latin letters, look-alikes and leet characters.
let latin = 0;
let lookalike = 0;
let leet = 0;

/** Where the first word `foldWords` changes ends (its units end before this); set with `wordWork`. */
let workEnd = 0;

/** The end of a word, whose units end before `k`: would `foldWords` change it? */
function endWord(k: number): void {
  // (A word of more letters and leet characters than MAX_LEET_WORD is longer than that: not folded.)
  // Only the first such word matters (see foldText).
  if (!wordWork && ((latin > 0 && lookalike > 0) || (leet > 0 && latin >= 2 && latin >= leet && latin + leet <= MAX_LEET_WORD))) {
    wordWork = true;
    workEnd = k;
  }
  latin = lookalike = leet = 0;
}

/** Counts a unit other than a lower-case letter (letters are counted inline). */
function countUnit(codes: Uint16Array, k: number, u: number): void {
  if (u >= 128) {
    if (LOOKALIKE[u] !== 0) lookalike++;
    return;
  }
  const cl = UNIT[u]!;
  if ((cl & U_WORD) === 0) {
    if (latin + lookalike + leet > 0) endWord(k);
    if ((cl & U_SEPARATOR) !== 0) noteSeparator(codes, k, u);
  } else if ((cl & U_LEET) !== 0) leet++;
}

/** A lone letter, a separator, a lone letter and now the same separator again: the letters may be spaced out. */
function noteSeparator(codes: Uint16Array, k: number, u: number): void {
  if (k >= 3 && codes[k - 2] === u && isLone(codes, k - 1) && isLone(codes, k - 3)) hintSpaced = true;
}

/** Whether codes[j] is a letter with no word unit before it (the unit after it is known not to be one). */
function isLone(codes: Uint16Array, j: number): boolean {
  const c = codes[j]!;
  return c >= 97 && c <= 122 && (j === 0 || !isWordUnit(codes[j - 1]!));
}

/** ASCII letters and digits as `foldCodes` writes them inside a word (0: others), and what each counts as. */
const IN_WORD = new Uint16Array(128);
const IN_WORD_LATIN = new Uint8Array(128);
const IN_WORD_LEET = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 97 && c <= 122) IN_WORD[c] = c;
  else if (c >= 65 && c <= 90) IN_WORD[c] = c + 32;
  else if (c >= 48 && c <= 57) IN_WORD[c] = c;
  IN_WORD_LATIN[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;
  IN_WORD_LEET[c] = c >= 48 && c <= 57 && LEET[c] !== 0 ? 1 : 0;
}
/** Other ASCII units that fold to themselves (punctuation): 1. */
const ASCII_SELF = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const e = entryOf(c);
  if (IN_WORD[c] === 0 && (e & KIND) === SINGLE && (e & 0xffff) === c) ASCII_SELF[c] = 1;
}

/** The folded code units of `input` (case, compatibility forms, invisibles, whitespace runs); returns the length. */
function foldCodes(input: string): number {
  let codes = scratch;
  let k = 0;
  let pending = 0; // 0 none, 32 space, 10 newline
  wordWork = hintSpaced = inputWide = false;
  loneSurrogates = 0;
  latin = lookalike = leet = 0;
  const n = input.length;
  for (let i = 0; i < n; ) {
    const c = input.charCodeAt(i);
    // Most units are letters and digits inside a word, and single spaces between words. Letters
    // and digits by table, without a branch per kind (mixed case and digits, as in base64 or
    // identifiers, made those branches guess wrong at random).
    if (c < 128 && pending === 0) {
      const f = IN_WORD[c]!;
      if (f !== 0) {
        latin += IN_WORD_LATIN[c]!;
        leet += IN_WORD_LEET[c]!;
        codes[k++] = f;
        i++;
        continue;
      }
      // Punctuation inside text, as the table path below would do it.
      if (ASCII_SELF[c] === 1) {
        countUnit(codes, k, c);
        codes[k++] = c;
        i++;
        continue;
      }
    }
    if (c === 32) {
      if (pending === 0) pending = 32;
      i++;
      continue;
    }
    if (c >= 128) inputWide = true;
    const e = entryAt(input, i, c);
    if (c >= 0xd800 && c <= 0xdfff && (e & PAIR) === 0) loneSurrogates++;
    const width = (e & PAIR) !== 0 ? 2 : 1;
    const kind = e & KIND;
    if (kind === SINGLE) {
      if (pending !== 0) {
        if (k > 0) {
          if (latin + lookalike + leet > 0) endWord(k);
          if (pending === 32) noteSeparator(codes, k, 32);
          codes[k++] = pending;
        }
        pending = 0;
      }
      const u = e & 0xffff;
      if (u >= 97 && u <= 122) latin++;
      else countUnit(codes, k, u);
      codes[k++] = u;
    } else if (kind === SPACE) {
      if (pending === 0) pending = 32;
    } else if (kind === NEWLINE) {
      pending = 10;
    } else if (kind !== EMPTY) {
      const f = kind === SELF ? input.slice(i, i + 2) : MULTI_TEXT[e & 0xffff]!;
      if (k + f.length + 1 + (n - i) > codes.length) {
        const bigger = new Uint16Array((k + f.length + 1 + (n - i)) * 2);
        bigger.set(codes.subarray(0, k));
        codes = scratch = bigger;
      }
      if (pending !== 0) {
        if (k > 0) {
          if (latin + lookalike + leet > 0) endWord(k);
          if (pending === 32) noteSeparator(codes, k, 32);
          codes[k++] = pending;
        }
        pending = 0;
      }
      for (let j = 0; j < f.length; j++) {
        const u = f.charCodeAt(j);
        if (u >= 97 && u <= 122) latin++;
        else countUnit(codes, k, u);
        codes[k++] = u;
      }
    }
    i += width;
  }
  if (latin + lookalike + leet > 0) endWord(k);
  return k;
}

/** `joinSpacedLetters` without the offset maps. */
function joinSpacedCodes(codes: Uint16Array, n: number): number {
  let w = 0;
  let i = 0;
  while (i < n) {
    if (i + 1 < n && isSpacedSeparator(codes[i + 1]!) && standalone(codes, n, i)) {
      const j = spacedRunEnd(codes, n, i);
      if (j >= 0) {
        for (let k = i; k <= j; k += 2) codes[w++] = codes[k]!;
        i = j + 1;
        continue;
      }
    }
    codes[w++] = codes[i++]!;
  }
  return w;
}

/** The start of the word that ends at `end`: words before the first one flagged are left as they are. */
function wordStartBefore(codes: Uint16Array, end: number): number {
  let from = end;
  while (from > 0 && isWordUnit(codes[from - 1]!)) from--;
  return from;
}

/** The normalised text of `input` (no offsets), and whether the input was all ASCII. */
function foldText(input: string): { text: string; ascii: boolean; spaced: boolean } {
  if (scratch.length < input.length + 16) scratch = new Uint16Array(Math.max(input.length + 16, scratch.length * 2));
  let n = foldCodes(input);
  const codes = scratch;
  if (wordWork) foldWords(codes, n, wordStartBefore(codes, workEnd));
  const spaced = hintSpaced;
  if (spaced) n = joinSpacedCodes(codes, n);
  // The decoder writes U+FFFD for them too, but slowly (about 20 ns each): many are replaced first.
  if (loneSurrogates * 16 > n) replaceLoneSurrogates(codes, n);
  return { text: UTF16.decode(codes.subarray(0, n)), ascii: !inputWide, spaced };
}

/** U+FFFD for each unpaired surrogate, as the decoder would write it (one unit for one). */
function replaceLoneSurrogates(codes: Uint16Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const c = codes[k]!;
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && k + 1 < n) {
      const d = codes[k + 1]!;
      if (d >= 0xdc00 && d <= 0xdfff) {
        k++;
        continue;
      }
    }
    codes[k] = 0xfffd;
  }
}

/**
 * The offset maps of the first `units` units of a normalisation, by the loop stopped there.
 * Exact when no letters are spaced out: the word-level step changes letters, never offsets.
 */
function foldPrefix(input: string, units: number): { starts: Int32Array; ends: Int32Array } {
  const cap = units + 64;
  if (scratch.length < cap) scratch = new Uint16Array(Math.max(cap, scratch.length * 2));
  const maps = new Int32Array(2 * cap);
  const o: Out = { codes: scratch, starts: maps.subarray(0, cap), ends: maps.subarray(cap), wordWork: false };
  fold(input, o, units);
  return { starts: o.starts, ends: o.ends };
}

/**
 * A result whose offset maps are built when first asked for: by a walk for ASCII input, by the
 * loop otherwise. The ASCII walk goes only as far as the spans asked for (a finding near the
 * start of a 1 MB text maps without walking the rest).
 */
class LazyMapped implements NormalizedText {
  private mapped: { starts: Int32Array; ends: Int32Array } | undefined;
  /** ASCII input: the map is filled below `done`; the walk resumes at input offset `at`. */
  private done = 0;
  private at = 0;
  constructor(
    readonly text: string,
    private readonly input: string,
    private readonly ascii: boolean,
    /** Whether spelled-out letters were joined (offsets then need the whole loop). */
    private readonly spaced: boolean,
  ) {}
  /** The maps, filled at least below `upTo`. */
  map(upTo: number): { starts: Int32Array; ends: Int32Array } {
    if (!this.ascii) {
      if (this.mapped && this.done >= upTo) return this.mapped;
      // Other text: the loop, stopped once it has written what is asked (at least twice as far
      // as last time, so a text asked again and again is still folded a bounded number of times).
      const want = Math.max(upTo, 2 * this.done, 1024);
      if (!this.spaced && want < this.text.length) {
        this.done = want;
        return (this.mapped = foldPrefix(this.input, want));
      }
      this.done = this.text.length;
      return (this.mapped = normalizeLoop(this.input));
    }
    // The maps are as long as the walk has gone (at least doubling): a finding near the start of
    // a 1 MB text needs kilobytes of map, not 8 MB allocated and zeroed.
    const have = this.mapped ? this.mapped.starts.length : 0;
    if (!this.mapped || upTo > have) {
      const cap = Math.min(this.text.length, Math.max(upTo, 2 * have, 1024));
      const both = new Int32Array(2 * cap);
      const grown = { starts: both.subarray(0, cap), ends: both.subarray(cap) };
      if (this.mapped) {
        grown.starts.set(this.mapped.starts.subarray(0, this.done));
        grown.ends.set(this.mapped.ends.subarray(0, this.done));
      }
      this.mapped = grown;
    }
    if (upTo > this.done) this.alignAscii(upTo);
    return this.mapped;
  }
  get starts(): Int32Array {
    return this.map(this.text.length).starts;
  }
  get ends(): Int32Array {
    return this.map(this.text.length).ends;
  }

  /**
   * The offset map of an ASCII normalisation, by walking both texts: every character of the
   * result is one character of the input (case and leetspeak are one for one) except a space or
   * newline, which stands for a whole run of whitespace; the input's other whitespace, and the
   * separators between spelled-out letters, were dropped. A test checks this gives the loop's map.
   */
  private alignAscii(upTo: number): void {
    const { input, text } = this;
    const { starts, ends } = this.mapped!;
    const n = input.length;
    let i = this.at;
    let k = this.done;
    for (; k < upTo; k++) {
      const c = text.charCodeAt(k);
      if (c === 32 || c === 10) {
        starts[k] = i;
        while (i < n && (ALIGN[input.charCodeAt(i)]! & A_SPACE) !== 0) i++;
        ends[k] = i;
        continue;
      }
      // Dropped: leading whitespace and the separators of a spelled-out word.
      for (; i < n; i++) {
        const d = input.charCodeAt(i);
        const a = ALIGN[d]!;
        if ((a & A_SPACE) === 0 && ((a & A_SEPARATOR) === 0 || d === c)) break;
      }
      starts[k] = i;
      ends[k] = i + 1;
      i++;
    }
    this.done = k;
    this.at = i;
  }
}

/** ASCII whitespace, and the separators of spelled-out letters, for `alignAscii` (its input is ASCII). */
const A_SPACE = 1;
const A_SEPARATOR = 2;
const ALIGN = new Uint8Array(128);
for (const c of [32, 10, 9, 13, 11, 12]) ALIGN[c] = A_SPACE;
for (let c = 0; c < 128; c++) if (isSpacedSeparator(c) && c !== 32) ALIGN[c]! |= A_SEPARATOR;

/**
 * The last text normalised and its result. Several detectors read the same text one after the
 * other; the result depends only on the input, so handing back the same (read-only) object is
 * invisible to them and saves the work.
 */
let lastInput: string | undefined;
let lastOutput: NormalizedText | undefined;

/**
 * Text beyond ASCII up to this long gets its offset maps in the one pass: the loop with maps
 * costs about what the one without them does, while building them later, when a detector
 * reports a span, meant a second pass over the text (half of the wide texts of the speed
 * bench needed one). Longer text keeps the lazy maps, so a finding near the start of a
 * megabyte does not cost maps of all of it.
 */
const EAGER_MAPS_MAX = 64 * 1024;

export function normalizeForMatch(input: string): NormalizedText {
  if (input === lastInput && lastOutput) return lastOutput;
  let out: NormalizedText;
  if (input.length <= EAGER_MAPS_MAX && hasNonAscii(input)) out = normalizeLoop(input);
  else {
    const { text, ascii, spaced } = foldText(input);
    out = new LazyMapped(text, input, ascii, spaced);
  }
  lastInput = input;
  lastOutput = out;
  return out;
}

/** The loop with offset maps, without the memo (the tests compare it with the reference version). */
export function normalizeGeneral(input: string): NormalizedText {
  return normalizeLoop(input);
}

function normalizeLoop(input: string): NormalizedText {
  const cap = input.length + 16;
  if (scratch.length < cap) scratch = new Uint16Array(Math.max(cap, scratch.length * 2));
  // One allocation for both offset maps.
  const maps = new Int32Array(2 * cap);
  const o: Out = { codes: scratch, starts: maps.subarray(0, cap), ends: maps.subarray(cap), wordWork: false };
  let n = fold(input, o);
  if (o.wordWork) foldWords(o.codes, n, wordStartBefore(o.codes, workEnd));
  if (hintSpaced) n = joinSpacedLetters(o.codes, o.starts, o.ends, n);
  return { text: UTF16.decode(o.codes.subarray(0, n)), starts: o.starts.subarray(0, n), ends: o.ends.subarray(0, n) };
}
