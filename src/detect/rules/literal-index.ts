/**
 * One pass over a text (in matching form) that finds every literal the phrase detectors look
 * for: the anchor words of the jailbreak and tool-poisoning rules, the triggers of the injection
 * rules, and the strings their regular expressions must start from (rules/regex-shape.ts). The
 * detectors read the same text one after the other, so the pass is kept for the last text and
 * shared; before, each rule table ran scans of its own.
 *
 * Two kinds of literal:
 *
 * - anchors, found as `AnchorScanner` (phrase-engine.ts) defines: words of ASCII letters and
 *   digits only where a word starts (as `\b` would), punctuation anywhere, words of spaced
 *   scripts (Cyrillic, Greek, Arabic, Hangul) where such a word starts, other scripts anywhere;
 *   a space in an anchor matches a run of whitespace, except that the first three characters
 *   are compared one for one (with whitespace read as a space);
 * - strings, found exactly: anywhere, or only where a word starts.
 *
 * Each kind is a trie, so literals that share a beginning ("you are", "you will") are walked
 * once. Literal sets are registered in an index (`LiteralIndex`) when the rule tables are
 * compiled (module load); its tries are (re)built on its next scan.
 */

import { isRegexWord } from '../text/chars.js';

/** [a-z0-9_]: a word character of the matching form (which is lower case). */
export function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}
/** Whitespace as an anchor's space takes it. */
export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029;
}
/** Letters of scripts that separate words with spaces (Cyrillic, Greek, Arabic, Hangul): their anchors start words. */
export function isSpacedLetter(c: number): boolean {
  return (c >= 0x370 && c <= 0x52f) || (c >= 0x600 && c <= 0x6ff) || (c >= 0xac00 && c <= 0xd7af);
}

/**
 * A trie in one array, in two kinds of node:
 *
 * - a branch: `data[p]` (the literal ending there, -1: none), `data[p + 1]` (its edge count m)
 *   and m pairs (code unit, child) sorted by code unit;
 * - a chain, for a run of nodes that each have one child and (past the first) end no literal:
 *   `data[p]` (the literal ending at its first node, -1: none), `data[p + 1]` (-L, its length
 *   in code units), the L units stored as ~unit (negative, so a unit is never taken for an
 *   offset) and then the offset of the node the chain leads to.
 *
 * Most of a trie is chains (the tails of literals once they differ from every other), and a
 * chain takes one entry per code unit where branches took four: the tables are read at random
 * between a scan's other work, so their size is what their speed depends on. A walk is an int:
 * a node's offset, or the negated index of the next unit inside a chain. Nodes are laid out in
 * preorder, so a walk down reads neighbouring memory. Offset 0 is no node.
 */
interface Trie {
  /** The state after code unit c (0: none). */
  first: Int32Array;
  /**
   * For two ASCII code units c0 c1: the state after both (0: none) is `pairs[row[c0] + col[c1]]`,
   * so most walks start at depth two with one read. Rows and columns are only the units some
   * literal has first and second (row and column 0: the rest, all none): a table of 128 × 128
   * would be 64 KB, read at random, where this one is a few.
   */
  pairs: Int32Array;
  row: Int32Array;
  col: Int32Array;
  /** 1 for the code units some literal has second: a walk that would stop at once is not begun. */
  second: Uint8Array;
  data: Int32Array;
}

function buildTrie(literals: ReadonlyArray<{ text: string; id: number }>): Trie {
  const children: Array<Map<number, number>> = [new Map()];
  const terminal: number[] = [-1];
  for (const { text, id } of literals) {
    let node = 0;
    for (let j = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      let next = children[node]!.get(c);
      if (next === undefined) {
        next = children.length;
        children.push(new Map());
        terminal.push(-1);
        children[node]!.set(c, next);
      }
      node = next;
    }
    terminal[node] = id;
  }
  const sorted = children.map((edges) => [...edges].sort((x, y) => x[0] - y[0]));
  /** A node of one child (not the root) starts a chain: its units and the node it leads to. */
  const chainOf = (k: number): { units: number[]; to: number } | undefined => {
    if (k === 0 || sorted[k]!.length !== 1) return undefined;
    const units: number[] = [];
    let at = k;
    do {
      const [c, to] = sorted[at]![0]!;
      units.push(c);
      at = to;
    } while (sorted[at]!.length === 1 && terminal[at] === -1);
    return { units, to: at };
  };
  // Preorder offsets, iteratively (literals can be long).
  const offset = new Int32Array(children.length);
  const order: number[] = [];
  let size = 2;
  for (const stack = [0]; stack.length > 0; ) {
    const k = stack.pop()!;
    order.push(k);
    offset[k] = size;
    const chain = chainOf(k);
    if (chain) {
      size += 3 + chain.units.length;
      stack.push(chain.to);
      continue;
    }
    size += 2 + 2 * sorted[k]!.length;
    for (let e = sorted[k]!.length - 1; e >= 0; e--) stack.push(sorted[k]![e]![1]);
  }
  const data = new Int32Array(size);
  data[0] = -1; // offset 0, "no node", ends no literal
  for (const k of order) {
    const p = offset[k]!;
    data[p] = terminal[k]!;
    const chain = chainOf(k);
    if (chain) {
      data[p + 1] = -chain.units.length;
      chain.units.forEach((c, u) => (data[p + 2 + u] = ~c));
      data[p + 2 + chain.units.length] = offset[chain.to]!;
      continue;
    }
    data[p + 1] = sorted[k]!.length;
    sorted[k]!.forEach(([c, to], e) => {
      data[p + 2 + 2 * e] = c;
      data[p + 3 + 2 * e] = offset[to]!;
    });
  }
  const first = new Int32Array(65536);
  for (const [c, to] of children[0]!) first[c] = offset[to]!;
  const second = new Uint8Array(65536);
  for (const [, d1] of children[0]!) for (const [c1] of children[d1]!) second[c1] = 1;
  const firsts = [...children[0]!.keys()].filter((c) => c < 128);
  const seconds = [...new Set([...children[0]!.values()].flatMap((d1) => [...children[d1]!.keys()]))].filter((c) => c < 128);
  const width = seconds.length + 1;
  const row = new Int32Array(128);
  const col = new Int32Array(128);
  firsts.forEach((c, r) => (row[c] = (r + 1) * width));
  seconds.forEach((c, k) => (col[c] = k + 1));
  const trie: Trie = { first, pairs: new Int32Array((firsts.length + 1) * width), row, col, second, data };
  for (const c0 of firsts) for (const c1 of seconds) trie.pairs[row[c0]! + col[c1]!] = step(trie, first[c0]!, c1);
  return trie;
}

/** The state after the two ASCII code units c0 c1 (0: none). */
function pairNode(trie: Trie, c0: number, c1: number): number {
  return trie.pairs[trie.row[c0]! + trie.col[c1]!]!;
}

/** The literal that ends at walk state `node` (-1: none; inside a chain, none). */
function literalAt(trie: Trie, node: number): number {
  return node > 0 ? trie.data[node]! : -1;
}

/** The state after `node` on code unit `d` (0: none). */
function step(trie: Trie, node: number, d: number): number {
  const data = trie.data;
  if (node <= 0) {
    if (node === 0) return 0;
    // Inside a chain: its next unit, then the next unit or the node the chain leads to.
    const q = -node;
    if (data[q] !== ~d) return 0;
    const next = data[q + 1]!;
    return next < 0 ? -(q + 1) : next;
  }
  const end = data[node + 1]!;
  if (end < 0) {
    if (data[node + 2] !== ~d) return 0;
    const next = data[node + 3]!;
    return next < 0 ? -(node + 3) : next;
  }
  const base = node + 2;
  let lo = 0;
  let hi = end;
  // Binary search while the range is wide (the first edge not below d stays in [lo, hi]), then a short linear scan.
  while (hi - lo > 8) {
    const mid = (lo + hi) >> 1;
    if (data[base + 2 * mid]! < d) lo = mid + 1;
    else hi = mid;
  }
  for (; lo < end; lo++) {
    const ec = data[base + 2 * lo]!;
    if (ec === d) return data[base + 2 * lo + 1]!;
    if (ec > d) return 0;
  }
  return 0;
}

/** Positions of each anchor kept per text; more than any consumer reads. */
export const MAX_ANCHOR_HITS = 512;
/** String occurrences kept per text; past this the consumers fall back to scanning the text. */
const MAX_OCCURRENCES = 1 << 20;

/** Bits of the per-code-unit class table. */
const WORD = 1; // \w, what \b looks at
const ANCHOR_AT_WORD = 2; // an ASCII word anchor starts with it: only where a word starts
const ANCHOR_ANYWHERE = 4; // a punctuation anchor, or one of a script written without spaces
const ANCHOR_SPACED = 8; // an anchor in a spaced script: only where such a word starts
const STRING_AT_WORD = 16;
const STRING_ANYWHERE = 32;
const SPACED_OR_LOWER_WORD = 64; // a spaced-script letter, or [a-z0-9_]: no spaced-script word starts after it
const ANY_START = ANCHOR_AT_WORD | ANCHOR_ANYWHERE | ANCHOR_SPACED | STRING_AT_WORD | STRING_ANYWHERE;
const MID_WORD = ANCHOR_ANYWHERE | ANCHOR_SPACED | STRING_ANYWHERE;

/** Bits of the pair tables: which walks begin at two ASCII code units. */
const PAIR_ANCHOR = 1;
const PAIR_WORD_STRING = 2;
const PAIR_ANY_STRING = 4;

interface Tables {
  anchorCount: number;
  anchors: Trie;
  /** Per code unit, the bits above. */
  cls: Uint8Array;
  /** Strings found only where a word starts, and strings found anywhere. */
  wordStrings: Trie;
  anyStrings: Trie;
  /**
   * For two ASCII code units c0 c1 (index c0 << 7 | c1), the PAIR_ bits of the walks that can
   * find something from c0: where a word starts in the low three bits, inside a word in the two
   * above (`IN_WORD_SHIFT`). Most of a text is ASCII, and most positions begin no walk: one read
   * says so, where the class tests and the three-read pair lookups of each trie took a fifth of
   * the scan. One table for both halves the lines a short text reads into the cache.
   */
  pairWalks: Uint8Array;
}

/** Where the in-word bits of `pairWalks` start. */
const IN_WORD_SHIFT = 3;

/** What one pass found in one text. */
export class TextScan {
  constructor(
    /**
     * The anchors found (ids in the index, in order of first hit) and, for each, its positions
     * in text order (up to MAX_ANCHOR_HITS). Sparse: a text holds a few of the ~1,000 anchors,
     * and a dense array per scan was a large share of the allocation of a scan.
     */
    readonly hitIds: readonly number[],
    readonly hitLists: ReadonlyArray<number[]>,
    /** Occurrences of strings, in text order: string id and position. */
    readonly occString: Int32Array,
    readonly occPos: Int32Array,
    /** True when there were more occurrences than were kept. */
    readonly overflow: boolean,
  ) {}
}

interface Literals {
  anchors: readonly string[];
  strings: ReadonlyArray<{ text: string; wordStart: boolean }>;
}

/**
 * A set of literals and its scan. Detectors that read the same texts share one (the
 * conversation detectors: `CONVERSATION_LITERALS`); a detector that reads other texts has its
 * own, so its literals cost nothing on the texts it never reads (tool poisoning reads only tool
 * descriptions, and its anchors were a fifth of the shared set).
 */
export class LiteralIndex {
  private readonly anchorIds = new Map<string, number>();
  private readonly anchorList: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly stringList: Array<{ text: string; wordStart: boolean }> = [];
  private tables: Tables | undefined;
  private lastText: string | undefined;
  private lastScan: TextScan | undefined;

  private changed(): void {
    this.tables = undefined;
    this.lastText = undefined;
    this.lastScan = undefined;
  }

  /**
   * Registers anchors (lower case, single spaces, none at either end), each with what it means to
   * the caller (`values[k]` for `anchors[k]`). Returns those values by anchor id in this index, as
   * a scan names the anchors it found (`hitIds`); other callers' anchors map to undefined.
   */
  registerAnchors<T>(anchors: readonly string[], values: readonly T[]): Array<T | undefined> {
    const byId: Array<T | undefined> = [];
    anchors.forEach((a, k) => {
      if (a.length === 0 || a.startsWith(' ') || a.endsWith(' ') || a.includes('  ')) throw new Error(`bad anchor ${JSON.stringify(a)}`);
      let id = this.anchorIds.get(a);
      if (id === undefined) {
        id = this.anchorList.length;
        this.anchorList.push(a);
        this.anchorIds.set(a, id);
        this.changed();
      }
      byId[id] = values[k];
    });
    return byId;
  }

  /**
   * Registers exact strings (at least two code units each), to be found anywhere or (`wordStart`,
   * for strings that begin with a word character) only where a word starts; returns their ids in
   * this index, in order.
   */
  registerStrings(strings: readonly string[], wordStart = false): Int32Array {
    const ids = new Int32Array(strings.length);
    strings.forEach((s, k) => {
      if (s.length < 2) throw new Error(`literal ${JSON.stringify(s)} is too short to index`);
      if (wordStart && !isRegexWord(s.charCodeAt(0))) throw new Error(`literal ${JSON.stringify(s)} does not start with a word character`);
      const key = `${wordStart ? 'w' : 'a'}${s}`;
      let id = this.stringIds.get(key);
      if (id === undefined) {
        id = this.stringList.length;
        this.stringList.push({ text: s, wordStart });
        this.stringIds.set(key, id);
        this.changed();
      }
      ids[k] = id;
    });
    return ids;
  }

  /** Everything registered, by id: for tests that check a scan against a plain search. */
  registered(): Literals {
    return { anchors: this.anchorList, strings: this.stringList };
  }

  /** How many strings are registered (ids are below this). */
  get stringCount(): number {
    return this.stringList.length;
  }

  /** The literals of `text`, from one pass (the last text's answer is kept). */
  scan(text: string): TextScan {
    if (text === this.lastText && this.lastScan) return this.lastScan;
    this.tables ??= build(this.registered());
    const scan = scanWith(this.tables, text);
    this.lastText = text;
    this.lastScan = scan;
    return scan;
  }
}

/** The literals of the detectors that read conversations: prompt injection and jailbreak. */
export const CONVERSATION_LITERALS = new LiteralIndex();

function build({ anchors: anchorList, strings: stringList }: Literals): Tables {
  const cls = new Uint8Array(65536);
  for (let c = 0; c < 128; c++) if (isRegexWord(c)) cls[c]! |= WORD;
  for (let c = 0; c < 65536; c++) if (isSpacedLetter(c) || isWordCode(c)) cls[c]! |= SPACED_OR_LOWER_WORD;
  for (const a of anchorList) {
    const c = a.charCodeAt(0);
    if (c < 128) cls[c]! |= isWordCode(c) ? ANCHOR_AT_WORD : ANCHOR_ANYWHERE;
    else cls[c]! |= isSpacedLetter(c) ? ANCHOR_SPACED : ANCHOR_ANYWHERE;
  }
  for (const e of stringList) cls[e.text.charCodeAt(0)]! |= e.wordStart ? STRING_AT_WORD : STRING_ANYWHERE;
  const strings = stringList.map((e, id) => ({ text: e.text, id, wordStart: e.wordStart }));
  const anchors = buildTrie(anchorList.map((text, id) => ({ text, id })));
  const wordStrings = buildTrie(strings.filter((e) => e.wordStart));
  const anyStrings = buildTrie(strings.filter((e) => !e.wordStart));
  const pairWalks = new Uint8Array(128 * 128);
  for (let c0 = 0; c0 < 128; c0++) {
    const k = cls[c0]!;
    for (let c1 = 0; c1 < 128; c1++) {
      // What the scan does from c0 before c1 (see scanText): an anchor of one unit, or a walk from depth one or two.
      const anchorWalk = isSpaceCode(c1) ? anchors.first[c0] !== 0 : anchors.data[anchors.first[c0]!]! >= 0 || pairNode(anchors, c0, c1) !== 0;
      const anyWalk = (k & STRING_ANYWHERE) !== 0 && pairNode(anyStrings, c0, c1) !== 0 ? PAIR_ANY_STRING : 0;
      const at = c0 << 7 | c1;
      const atWordStart = ((k & (ANCHOR_AT_WORD | ANCHOR_ANYWHERE)) !== 0 && anchorWalk ? PAIR_ANCHOR : 0) | ((k & STRING_AT_WORD) !== 0 && pairNode(wordStrings, c0, c1) !== 0 ? PAIR_WORD_STRING : 0) | anyWalk;
      const inWord = ((k & ANCHOR_ANYWHERE) !== 0 && anchorWalk ? PAIR_ANCHOR : 0) | anyWalk;
      pairWalks[at] = atWordStart | (inWord << IN_WORD_SHIFT);
    }
  }
  return { anchorCount: anchorList.length, anchors, cls, wordStrings, anyStrings, pairWalks };
}

let occString = new Int32Array(1024);
let occPos = new Int32Array(1024);
let occ = 0;
let overflowed = false;

function record(id: number, i: number): void {
  if (occ === MAX_OCCURRENCES) {
    overflowed = true;
    return;
  }
  if (occ === occPos.length) {
    const grownPos = new Int32Array(occ * 2);
    grownPos.set(occPos);
    occPos = grownPos;
    const grownString = new Int32Array(occ * 2);
    grownString.set(occString);
    occString = grownString;
  }
  occString[occ] = id;
  occPos[occ] = i;
  occ++;
}

/** The anchors hit in the scan under way; `slot` (valid where `stamp` is `epoch`) is an anchor's index in them. */
let hitIds: number[] = [];
let hitLists: number[][] = [];
let slot = new Int32Array(0);
let stamp = new Int32Array(0);
let epoch = 0;

function recordHit(id: number, i: number): void {
  if (stamp[id] !== epoch) {
    stamp[id] = epoch;
    slot[id] = hitIds.length;
    hitIds.push(id);
    hitLists.push([i]);
    return;
  }
  const list = hitLists[slot[id]!]!;
  if (list.length < MAX_ANCHOR_HITS) list.push(i);
}

/** The rest of a walk from `node`, reached after text[i], text[i + 1]. */
function walkStringsFrom(trie: Trie, text: string, i: number, node: number): void {
  const n = text.length;
  for (let j = i + 2; node !== 0; j++) {
    const id = literalAt(trie, node);
    if (id >= 0) record(id, i);
    if (j >= n) break;
    node = step(trie, node, text.charCodeAt(j));
  }
}

/**
 * Records every anchor that starts at `i`, walking on from `node` (reached after `depth`
 * characters; the text is read from `j`). A space in an anchor takes a run of whitespace; among
 * the first three characters (compared one for one) the run must be one character long.
 */
function walkAnchorsFrom(trie: Trie, text: string, i: number, node: number, j: number, depth: number): void {
  const n = text.length;
  for (; node !== 0; ) {
    const id = literalAt(trie, node);
    if (id >= 0) recordHit(id, i);
    if (j >= n) break;
    const d = text.charCodeAt(j);
    if (isSpaceCode(d)) {
      node = step(trie, node, 32);
      j++;
      if (depth <= 1) {
        // The next anchor character is still among the first three: it must follow at once.
        if (j < n && isSpaceCode(text.charCodeAt(j))) break;
      } else while (j < n && isSpaceCode(text.charCodeAt(j))) j++;
    } else {
      node = step(trie, node, d);
      j++;
    }
    depth++;
  }
}

/** One pass over `text` with an index's tables. */
function scanWith(t: Tables, text: string): TextScan {
  const { cls, anchors, wordStrings, anyStrings } = t;
  if (stamp.length < t.anchorCount || epoch === 0x7fffffff) {
    stamp = new Int32Array(t.anchorCount);
    slot = new Int32Array(t.anchorCount);
    epoch = 0;
  }
  epoch++;
  hitIds = [];
  hitLists = [];
  occ = 0;
  overflowed = false;
  const n = text.length;
  let before = 0; // the class bits of the previous code unit (none at the start)
  let c = n > 0 ? text.charCodeAt(0) : 0;
  for (let i = 0; i < n; i++) {
    const c1 = i + 1 < n ? text.charCodeAt(i + 1) : 0xffff;
    const k = cls[c]!;
    // Inside a word only what may start anywhere (or where a spaced-script word starts) is looked at.
    const wordStart = (before & WORD) === 0;
    // Where each walk starts (0: it does not) and, for the anchors, at what depth. One call site
    // per walk below: a second one made the engine stop inlining the walks here.
    let anchorFrom = 0;
    let depth = 1;
    let wordFrom = 0;
    let anyFrom = 0;
    if ((c | c1) < 128) {
      const both = t.pairWalks[(c << 7) | c1]!;
      const bits = wordStart ? both & 7 : both >> IN_WORD_SHIFT;
      if (bits !== 0) {
        if ((bits & PAIR_ANCHOR) !== 0) {
          if (isSpaceCode(c1)) anchorFrom = anchors.first[c]!;
          else {
            // The pair table gives the node at depth two; an anchor of one unit ends at depth one.
            const id = anchors.data[anchors.first[c]!]!;
            if (id >= 0) recordHit(id, i);
            anchorFrom = pairNode(anchors, c, c1);
            depth = 2;
          }
        }
        if ((bits & PAIR_WORD_STRING) !== 0) wordFrom = pairNode(wordStrings, c, c1);
        if ((bits & PAIR_ANY_STRING) !== 0) anyFrom = pairNode(anyStrings, c, c1);
      }
    } else if (((wordStart ? k : k & MID_WORD) & ANY_START) !== 0) {
      // A code unit beyond ASCII, or before one (or at the end): walks from depth one.
      // Where an anchor may start: ASCII words only after a non-word character (\b), punctuation
      // and unspaced scripts anywhere, spaced scripts where their word starts.
      if (((k & ANCHOR_AT_WORD) !== 0 && wordStart) || (k & ANCHOR_ANYWHERE) !== 0 || ((k & ANCHOR_SPACED) !== 0 && (before & SPACED_OR_LOWER_WORD) === 0)) {
        const node = anchors.first[c]!;
        // An anchor of one unit ends here, or some anchor goes on with c1.
        if (node !== 0 && (anchors.data[node]! >= 0 || anchors.second[isSpaceCode(c1) ? 32 : c1] === 1)) anchorFrom = node;
      }
      if (i + 1 < n) {
        if ((k & STRING_AT_WORD) !== 0 && wordStart && wordStrings.second[c1] === 1) wordFrom = step(wordStrings, wordStrings.first[c]!, c1);
        if ((k & STRING_ANYWHERE) !== 0 && anyStrings.second[c1] === 1) anyFrom = step(anyStrings, anyStrings.first[c]!, c1);
      }
    }
    if (anchorFrom !== 0) walkAnchorsFrom(anchors, text, i, anchorFrom, i + depth, depth);
    if (wordFrom !== 0) walkStringsFrom(wordStrings, text, i, wordFrom);
    if (anyFrom !== 0) walkStringsFrom(anyStrings, text, i, anyFrom);
    before = k;
    c = c1;
  }
  return new TextScan(hitIds, hitLists, occString.slice(0, occ), occPos.slice(0, occ), overflowed);
}
