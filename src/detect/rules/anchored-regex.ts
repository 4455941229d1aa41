import { CONVERSATION_LITERALS, type LiteralIndex, type TextScan } from './literal-index.js';
import { regexAnchors, regexConfirm } from './regex-shape.js';

/**
 * A rule's regular expression tried only where a match can start. `regexAnchors` proves that
 * every match holds one of a few literal strings at a bounded distance from its start; the
 * shared scan (literal-index.ts) finds those strings, and a sticky attempt at each possible start
 * finds the same matches, in the same order, as running the expression over the whole text,
 * without reading the text in between. Expressions the analysis cannot read are run as before;
 * where the strings are so frequent that there is little to skip, a second set of strings every
 * match holds (`regexConfirm`) thins the starts out, or else the expression is run over the rest.
 */
export interface AnchoredRegex {
  /** Index among all anchored expressions. */
  readonly id: number;
  /** The expression itself (global). */
  readonly re: RegExp;
  /** The same expression, sticky: one attempt at `lastIndex`. */
  readonly sticky: RegExp;
  readonly unicode: boolean;
  /** The index that finds its strings: scans given for this expression come from it. */
  readonly literals: LiteralIndex;
  /** String ids (in `literals`) and the distance range from a match's start to each; undefined: not anchored. */
  readonly choices: ReadonlyArray<{ ids: Int32Array; min: number; max: number }> | undefined;
  /** Other strings every match holds (see `regexConfirm`), found by `re` only when the starts are too many. */
  readonly confirm: { re: RegExp; min: number; max: number } | undefined;
}

const all: AnchoredRegex[] = [];

export function anchoredRegex(re: RegExp, literals: LiteralIndex = CONVERSATION_LITERALS): AnchoredRegex {
  const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
  const found = regexAnchors(re.source, re.flags);
  let a: AnchoredRegex = {
    id: all.length,
    re,
    sticky: new RegExp(re.source, `${flags}y`),
    unicode: re.unicode,
    literals,
    choices: found?.map((c) => ({ ids: literals.registerStrings(c.strings, c.wordStart), min: c.min, max: c.max })),
    confirm: undefined,
  };
  const confirm = found?.length === 1 ? regexConfirm(re.source, re.flags) : undefined;
  if (confirm) {
    const escape = (x: string): string => x.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    // Longest first, so a string is not cut short by one it begins with (any one per position will do).
    const source = [...confirm.strings].sort((x, y) => y.length - x.length).map(escape).join('|');
    a = { ...a, confirm: { re: new RegExp(source, 'g'), min: confirm.min, max: confirm.max } };
  }
  all.push(a);
  return a;
}

/**
 * The occurrences of the last scan asked about, chained by string id: `head[s]` (valid where
 * `stamp[s]` is `epoch`) is the first occurrence of string s and `nextOcc[o]` the one after o
 * (-1: none). Starts are then worked out only for the expressions a detector runs, a few per
 * text, rather than for every expression some string of the text anchors.
 */
let indexed: TextScan | undefined;
let head = new Int32Array(0);
let stamp = new Int32Array(0);
let epoch = 0;
let nextOcc = new Int32Array(256);
/** Starts already worked out for the indexed scan, by expression id. */
let memo = new Map<number, Int32Array>();
/** Where starts are gathered before they are sorted (a typed array sorts numbers in place, without a comparator). */
let gather = new Int32Array(1024);

function index(scan: TextScan, strings: number): void {
  if (indexed === scan) return;
  if (stamp.length < strings || epoch === 0x7fffffff) {
    head = new Int32Array(strings);
    stamp = new Int32Array(strings);
    epoch = 0;
  }
  epoch++;
  const { occString } = scan;
  if (nextOcc.length < occString.length) nextOcc = new Int32Array(occString.length * 2);
  // Backwards, so each chain is in text order.
  for (let o = occString.length - 1; o >= 0; o--) {
    const id = occString[o]!;
    nextOcc[o] = stamp[id] === epoch ? head[id]! : -1;
    stamp[id] = epoch;
    head[id] = o;
  }
  indexed = scan;
  memo = new Map();
}

const EMPTY = new Int32Array(0);

/**
 * Where matches of `a` may start in the scanned text, ascending and distinct; undefined when the
 * expression is not anchored, the scan overflowed, or there are more than `budget` of them.
 */
export function candidateStarts(a: AnchoredRegex, scan: TextScan, text: string, budget: number): ArrayLike<number> | undefined {
  if (!a.choices || scan.overflow) return undefined;
  index(scan, a.literals.stringCount);
  let starts = memo.get(a.id);
  if (!starts) {
    const { occPos } = scan;
    // Module state read once into locals: the loop below reads them per string id.
    const seen = stamp;
    const now = epoch;
    let len = 0;
    for (const c of a.choices) {
      const ids = c.ids;
      for (let x = 0; x < ids.length; x++) {
        const id = ids[x]!;
        if (seen[id] !== now) continue;
        for (let o = head[id]!; o >= 0; o = nextOcc[o]!) {
          const q = occPos[o]!;
          if (len + c.max - c.min + 1 > gather.length) {
            const bigger = new Int32Array(2 * (len + c.max - c.min + 1));
            bigger.set(gather.subarray(0, len));
            gather = bigger;
          }
          for (let d = c.max; d >= c.min; d--) if (q >= d) gather[len++] = q - d;
        }
      }
    }
    if (len === 0) starts = EMPTY;
    else {
      const list = gather.subarray(0, len);
      for (let k = 1; k < len; k++) {
        if (list[k]! < list[k - 1]!) {
          list.sort();
          break;
        }
      }
      // Distinct, and (in unicode mode) never between the halves of a surrogate pair, where no scan starts.
      let w = 0;
      for (let r = 0; r < len; r++) {
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
      starts = list.slice(0, w);
    }
    memo.set(a.id, starts);
  }
  return starts.length > budget ? undefined : starts;
}

/**
 * The matches `text.matchAll(a.re)` gives, empty ones left out, up to `limit`: each as [start, end).
 * `scan` is the literal scan of `text`.
 */
export function allMatches(a: AnchoredRegex, text: string, scan: TextScan, limit: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const starts = candidateStarts(a, scan, text, Infinity);
  if (!starts) return runFrom(a.re, text, 0, out, limit);
  const budget = 16 + (text.length >> 6);
  if (starts.length <= budget) {
    attempts(a, text, starts, 0, starts.length, 0, out, limit);
    return out;
  }
  // Starts so dense there is little to skip: the first few are tried one by one (a rule that
  // matches is done here), then the rest only where the confirming strings allow a match, or
  // else the expression runs over the rest of the text as a whole.
  const first = Math.min(starts.length, DENSE_FIRST);
  const from = attempts(a, text, starts, 0, first, 0, out, limit);
  if (out.length >= limit || first === starts.length) return out;
  if (a.confirm) confirmedAttempts(a, a.confirm, text, starts, first, from, out, limit, budget);
  else runFrom(a.re, text, Math.max(from, starts[first]!), out, limit);
  return out;
}

/** Starts tried one by one before dense ones are filtered. */
const DENSE_FIRST = 64;

/**
 * One sticky attempt at each of starts[k0 .. k1) not before `from` (the end of the last match),
 * as a run over the text finds them: the leftmost match at or after the last one. Returns the new `from`.
 */
function attempts(a: AnchoredRegex, text: string, starts: ArrayLike<number>, k0: number, k1: number, from: number, out: Array<[number, number]>, limit: number): number {
  const sticky = a.sticky;
  for (let k = k0; k < k1 && out.length < limit; k++) {
    const p = starts[k]!;
    if (p < from) continue;
    sticky.lastIndex = p;
    const m = sticky.exec(text);
    if (m === null) continue;
    // Every match holds a literal, so none is empty; the scan goes on after it, as a run does.
    from = p + m[0].length;
    out.push([p, from]);
  }
  return from;
}

/** The matches a run of `re` (global) finds from `at` on, empty ones left out, until `out` holds `limit`. */
function runFrom(re: RegExp, text: string, at: number, out: Array<[number, number]>, limit: number): Array<[number, number]> {
  re.lastIndex = at;
  for (let m = re.exec(text); m !== null && out.length < limit; m = re.exec(text)) {
    if (m[0].length === 0) {
      // As matchAll does: step over the empty match (a whole code point in unicode mode).
      const i = re.lastIndex;
      const pair = re.unicode && text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
      re.lastIndex = i + (pair ? 2 : 1);
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/**
 * The attempts at starts[k0 ..] (ascending) from which a match can reach one of the confirming
 * strings (a start s needs an occurrence at s + min .. s + max), in order, until `out` holds
 * `limit`: one pass over the occurrences (every position where one starts) and the starts
 * together, which stops with the matches wanted rather than confirming every start of a long
 * text first. Past `budget` attempts the expression runs over the rest as a whole, so dense
 * input costs one more pass at most. Unconfirmed starts cannot begin a match, so the matches are
 * those a run finds.
 */
function confirmedAttempts(
  a: AnchoredRegex,
  c: { re: RegExp; min: number; max: number },
  text: string,
  starts: ArrayLike<number>,
  k0: number,
  from: number,
  out: Array<[number, number]>,
  limit: number,
  budget: number,
): void {
  const re = c.re;
  const sticky = a.sticky;
  re.lastIndex = starts[k0]! + c.min;
  let q = -1; // the first occurrence at or after starts[k] + min, once found
  let tried = 0;
  for (let k = k0; k < starts.length && out.length < limit; k++) {
    const s = starts[k]!;
    if (s < from) continue;
    if (q < s + c.min) {
      re.lastIndex = Math.max(re.lastIndex, s + c.min);
      const m = re.exec(text);
      if (m === null) return;
      q = m.index;
      // Every position where some string starts: a shorter one may start inside a longer one.
      re.lastIndex = q + 1;
    }
    if (q > s + c.max) continue;
    if (++tried > budget) {
      runFrom(a.re, text, s, out, limit);
      return;
    }
    sticky.lastIndex = s;
    const m = sticky.exec(text);
    if (m === null) continue;
    from = s + m[0].length;
    out.push([s, from]);
  }
}
