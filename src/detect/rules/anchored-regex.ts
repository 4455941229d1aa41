import { registerStrings, stringCount, type TextScan } from './literal-index.js';
import { regexAnchors } from './regex-shape.js';

/**
 * A rule's regular expression tried only where a match can start. `regexAnchors` proves that
 * every match holds one of a few literal strings at a bounded distance from its start; the
 * shared scan (literal-index.ts) finds those strings, and a sticky attempt at each possible start
 * finds the same matches, in the same order, as running the expression over the whole text,
 * without reading the text in between. Expressions the analysis cannot read, and texts where
 * the strings are so frequent that there is little to skip, are run as before.
 */
export interface AnchoredRegex {
  /** Index among all anchored expressions. */
  readonly id: number;
  /** The expression itself (global). */
  readonly re: RegExp;
  /** The same expression, sticky: one attempt at `lastIndex`. */
  readonly sticky: RegExp;
  readonly unicode: boolean;
  /** Global string ids and the distance range from a match's start to each; undefined: not anchored. */
  readonly choices: ReadonlyArray<{ ids: Int32Array; min: number; max: number }> | undefined;
}

const all: AnchoredRegex[] = [];
/**
 * For each string id, the expressions it anchors: triples (expression id, min, max) in
 * items[start[s] .. start[s + 1]) (by threes); rebuilt when expressions or strings are added.
 */
let fanout: { start: Int32Array; items: Int32Array; strings: number; regexes: number } | undefined;

export function anchoredRegex(re: RegExp): AnchoredRegex {
  const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
  const found = regexAnchors(re.source, re.flags);
  const a: AnchoredRegex = {
    id: all.length,
    re,
    sticky: new RegExp(re.source, `${flags}y`),
    unicode: re.unicode,
    choices: found?.map((c) => ({ ids: registerStrings(c.strings, c.wordStart), min: c.min, max: c.max })),
  };
  all.push(a);
  return a;
}

function buildFanout(): NonNullable<typeof fanout> {
  const strings = stringCount();
  const count = new Int32Array(strings + 1);
  for (const a of all) for (const c of a.choices ?? []) for (const id of c.ids) count[id + 1]! += 3;
  for (let s = 0; s < strings; s++) count[s + 1]! += count[s]!;
  const start = count.slice();
  const fill = count.slice();
  const items = new Int32Array(start[strings]!);
  for (const a of all) {
    for (const c of a.choices ?? []) {
      for (const id of c.ids) {
        const k = fill[id]!;
        items[k] = a.id;
        items[k + 1] = c.min;
        items[k + 2] = c.max;
        fill[id] = k + 3;
      }
    }
  }
  return { start, items, strings, regexes: all.length };
}

/** Per scan: the raw candidate starts of every expression, from one pass over the occurrences. */
const perScan = new WeakMap<TextScan, { raw: Array<number[] | undefined>; done: Array<readonly number[] | undefined> }>();

function rawStarts(scan: TextScan): { raw: Array<number[] | undefined>; done: Array<readonly number[] | undefined> } {
  let entry = perScan.get(scan);
  if (entry) return entry;
  if (!fanout || fanout.strings !== stringCount() || fanout.regexes !== all.length) fanout = buildFanout();
  const { start, items } = fanout;
  const raw: Array<number[] | undefined> = new Array(all.length);
  const { occString, occPos } = scan;
  for (let o = 0; o < occString.length; o++) {
    const id = occString[o]!;
    const q = occPos[o]!;
    for (let k = start[id]!, end = start[id + 1]!; k < end; k += 3) {
      const r = items[k]!;
      let list = raw[r];
      if (!list) raw[r] = list = [];
      for (let d = items[k + 2]!, min = items[k + 1]!; d >= min; d--) if (q >= d) list.push(q - d);
    }
  }
  entry = { raw, done: new Array(all.length) };
  perScan.set(scan, entry);
  return entry;
}

const EMPTY: readonly number[] = [];

/**
 * Where matches of `a` may start in the scanned text, ascending and distinct; undefined when the
 * expression is not anchored, the scan overflowed, or there are more than `budget` of them.
 */
export function candidateStarts(a: AnchoredRegex, scan: TextScan, text: string, budget: number): readonly number[] | undefined {
  if (!a.choices || scan.overflow) return undefined;
  const entry = rawStarts(scan);
  let starts = entry.done[a.id];
  if (!starts) {
    const list = entry.raw[a.id];
    if (!list) starts = EMPTY;
    else {
      for (let k = 1; k < list.length; k++) {
        if (list[k]! < list[k - 1]!) {
          list.sort((x, y) => x - y);
          break;
        }
      }
      // Distinct, and (in unicode mode) never between the halves of a surrogate pair, where no scan starts.
      let w = 0;
      for (let r = 0; r < list.length; r++) {
        const p = list[r]!;
        if (w > 0 && list[w - 1] === p) continue;
        if (a.unicode && p > 0) {
          const c = text.charCodeAt(p);
          if (c >= 0xdc00 && c <= 0xdfff) {
            const b = text.charCodeAt(p - 1);
            if (b >= 0xd800 && b <= 0xdbff) continue;
          }
        }
        list[w++] = p;
      }
      list.length = w;
      starts = list;
    }
    entry.done[a.id] = starts;
  }
  return starts.length > budget ? undefined : starts;
}

/**
 * The matches `text.matchAll(a.re)` gives, empty ones left out, up to `limit`: each as [start, end).
 * `scan` is the literal scan of `text`.
 */
export function allMatches(a: AnchoredRegex, text: string, scan: TextScan, limit: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const starts = candidateStarts(a, scan, text, 16 + (text.length >> 6));
  if (!starts) {
    a.re.lastIndex = 0;
    for (const m of text.matchAll(a.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start) continue;
      out.push([start, end]);
      if (out.length >= limit) break;
    }
    return out;
  }
  const sticky = a.sticky;
  let from = 0;
  for (let k = 0; k < starts.length; k++) {
    const p = starts[k]!;
    if (p < from) continue;
    sticky.lastIndex = p;
    const m = sticky.exec(text);
    if (m === null) continue;
    const end = p + m[0].length;
    // Every match holds a literal, so none is empty; the scan goes on after it, as matchAll does.
    out.push([p, end]);
    if (out.length >= limit) break;
    from = end;
  }
  return out;
}
