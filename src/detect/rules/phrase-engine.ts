/**
 * The machinery shared by the phrase-rule detectors (jailbreak, tool_poisoning): a table of
 * weighted regular expressions, a cheap anchor prefilter, and the way independent signals are
 * combined into a score.
 *
 * How a text is scanned:
 * 1. It is read in its matching form (`matchView`, from text/normalize.ts): lower case with
 *    homoglyphs, leetspeak, spacing and invisible characters folded.
 * 2. One pass over the text records where each rule's anchor words occur (literal-index.ts,
 *    shared by all phrase detectors and found as `AnchorScanner` defines). Rules whose anchors
 *    are all absent cost nothing.
 * 3. Each remaining rule runs over the windows around its anchors (merged where they overlap,
 *    with a bounded budget per rule) and stops at its first accepted match. Amplifiers run only
 *    when some other rule matched. Inside a window the expression is tried only where a match
 *    can start (anchored-regex.ts), which finds what a run over the window finds.
 *
 * Patterns are written for the matching form: a space means "one or more whitespace", " ?"
 * means "optional whitespace". Every pattern must be linear-time: bounded repetition only, no
 * nested quantifiers, alternatives that do not overlap under a quantifier.
 */
import { clipEvidence } from '../finding.js';
import { hasNonAscii } from '../text/chars.js';
import { normalizeForMatch, originalSpan } from '../text/normalize.js';
import type { Span } from '../types.js';
import { anchoredRegex, candidateStarts, type AnchoredRegex } from './anchored-regex.js';
import { CONVERSATION_LITERALS, MAX_ANCHOR_HITS, isSpaceCode, isSpacedLetter, isWordCode, type LiteralIndex, type TextScan } from './literal-index.js';

export interface PhraseRule<K extends string = string> {
  /** Stable id, for tests and tuning. */
  id: string;
  /** The finding kind this rule supports; null for amplifiers that only strengthen other signals. */
  kind: K | null;
  /** How much this cue alone says, 0..1. */
  weight: number;
  /** Rules in one group say the same thing: the group counts once (its best rule, plus a little for corroboration). */
  group?: string;
  /** Literal words (in matching form) of which at least one occurs in every match. */
  anchors: readonly string[];
  /** Regular expression source over the matching form (see the module comment). */
  pattern: string;
  /** A text the rule must match: checked by the tests. */
  example: string;
  /** Accepts or rejects a match, given the original text it covers (e.g. "DAN" must be upper case). */
  check?: (original: string) => boolean;
}

export interface CompiledRule<K extends string = string> extends PhraseRule<K> {
  group: string;
  re: RegExp;
  /** `re`, with where its matches can start. */
  anchored: AnchoredRegex;
  /** Amplifiers are only looked for once some other rule has matched. */
  lazy: boolean;
}

export interface RuleSet<K extends string = string> {
  rules: ReadonlyArray<CompiledRule<K>>;
  /** The index that finds the rules' anchors and strings. */
  literals: LiteralIndex;
  /** Anchors of the rules always looked for, and of the lazy ones (looked for only when needed). */
  eager: AnchorSet;
  lazy: AnchorSet;
}

/** Rewrites a rule pattern: " ?" → optional whitespace, " " → whitespace, outside character classes. */
export function patternSource(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ' ') {
      if (pattern[i + 1] === '?') {
        out += '\\s*';
        i++;
      } else out += '\\s+';
    } else out += c;
  }
  return out;
}

// ---------------------------------------------------------------- anchor scanner
/** A key over the first one to three code units, whitespace folded to a space. */
function keyOf(text: string, at: number, len: number): number {
  let k = len;
  for (let j = 0; j < len; j++) {
    const c = text.charCodeAt(at + j);
    k = k * 131 + (isSpaceCode(c) ? 32 : c);
  }
  return k;
}

/** A regular expression that matches where any of `words` starts: a trie, so shared prefixes are tried once. */
function trieSource(words: readonly string[]): string {
  type Node = Map<string, Node>;
  const root: Node = new Map();
  const END = '';
  for (const w of words) {
    let node = root;
    for (const ch of w) {
      let next = node.get(ch);
      if (!next) node.set(ch, (next = new Map()));
      node = next;
    }
    node.set(END, new Map());
  }
  const atom = (ch: string): string => (ch === ' ' ? '\\s+' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  const emit = (node: Node): string => {
    // A word ends here: that is enough to know some anchor starts at this position.
    if (node.has(END)) return '';
    const alts = [...node].map(([ch, child]) => atom(ch) + emit(child));
    return alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
  };
  return emit(root);
}

/**
 * The definition of where anchors are found (the detectors use the equivalent one-pass scan in
 * literal-index.ts; a test checks both agree). Finds where given literal words occur. Regular expressions find candidate positions for
 * anchors written in ASCII (those starting with a letter or digit only where a word starts, as
 * `\b` would; those starting with punctuation anywhere), written as tries so the engine
 * dispatches on shared prefixes. Anchors in other scripts are found by one pass over the code
 * units with a bitmap of their first units (the regular expression engine is slow on large
 * alternations of non-ASCII text), only when the text has such characters at all. Every anchor
 * that starts at a candidate is then confirmed by comparison. A space in an anchor matches any
 * run of whitespace.
 */
export class AnchorScanner {
  readonly anchors: readonly string[];
  private readonly res: RegExp[] = [];
  private readonly byKey = new Map<number, number[]>();
  private readonly lengths: number[];
  /** First code units of the anchors that start beyond ASCII. */
  private readonly firstWide = new Uint8Array(65536);
  private readonly hasWide: boolean;

  constructor(anchors: readonly string[]) {
    this.anchors = anchors;
    const words = anchors.filter((a) => isWordCode(a.charCodeAt(0)));
    const punctuation = anchors.filter((a) => !isWordCode(a.charCodeAt(0)) && a.charCodeAt(0) < 128);
    const wide = anchors.filter((a) => a.charCodeAt(0) >= 128);
    if (words.length > 0) {
      // The class up front rejects most word starts before the trie is tried.
      const first = [...new Set(words.map((w) => w[0]!))].join('');
      this.res.push(new RegExp(`\\b(?=[${first}])${trieSource(words)}`, 'g'));
    }
    if (punctuation.length > 0) this.res.push(new RegExp(trieSource(punctuation), 'g'));
    // 1: try anywhere (scripts written without spaces); 2: only where a word starts.
    for (const a of wide) this.firstWide[a.charCodeAt(0)] = isSpacedLetter(a.charCodeAt(0)) ? 2 : 1;
    this.hasWide = wide.length > 0;
    const lengths = new Set<number>();
    anchors.forEach((a, id) => {
      const len = Math.min(3, a.length);
      lengths.add(len);
      const key = keyOf(a, 0, len);
      const list = this.byKey.get(key);
      if (list) list.push(id);
      else this.byKey.set(key, [id]);
    });
    this.lengths = [...lengths].sort();
  }

  /** Positions of each anchor (up to `maxHits` each), in text order. */
  scan(text: string, maxHits: number): Array<number[] | undefined> {
    const hits: Array<number[] | undefined> = new Array(this.anchors.length);
    for (const re of this.res) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        this.confirm(text, m.index, hits, maxHits);
        // One step on, not past the match: anchors may overlap ("developer mode" holds "mode").
        re.lastIndex = m.index + 1;
      }
    }
    if (this.hasWide && hasNonAscii(text)) {
      const first = this.firstWide;
      let prev = 32;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const f = first[c];
        if (f === 1 || (f === 2 && !isSpacedLetter(prev) && !isWordCode(prev))) this.confirm(text, i, hits, maxHits);
        prev = c;
      }
    }
    return hits;
  }

  private confirm(text: string, at: number, hits: Array<number[] | undefined>, maxHits: number): void {
    for (const len of this.lengths) {
      if (at + len > text.length) break;
      const ids = this.byKey.get(keyOf(text, at, len));
      if (!ids) continue;
      for (const id of ids) {
        let list = hits[id];
        if ((list && list.length >= maxHits) || !matchesAt(text, at, this.anchors[id]!)) continue;
        if (!list) hits[id] = list = [];
        list.push(at);
      }
    }
  }
}

function matchesAt(text: string, at: number, anchor: string): boolean {
  let i = at;
  for (let j = 0; j < anchor.length; j++) {
    const a = anchor.charCodeAt(j);
    if (a === 32) {
      if (i >= text.length || !isSpaceCode(text.charCodeAt(i))) return false;
      while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
    } else if (text.charCodeAt(i++) !== a) return false;
  }
  return true;
}

/** The rules each anchor of a group of rules enables, by the anchor's id in the rules' index. */
type AnchorSet = ReadonlyArray<readonly number[] | undefined>;

function anchorSet(literals: LiteralIndex, rules: ReadonlyArray<CompiledRule<string>>, pick: (r: CompiledRule<string>) => boolean): AnchorSet {
  const anchors: string[] = [];
  const ids = new Map<string, number>();
  const enables: number[][] = [];
  rules.forEach((r, i) => {
    if (!pick(r)) return;
    for (const raw of r.anchors) {
      const a = raw.toLowerCase().replace(/\s+/g, ' ');
      if (a.length === 0 || a.startsWith(' ') || a.endsWith(' ')) throw new Error(`rule ${r.id}: bad anchor ${JSON.stringify(raw)}`);
      let id = ids.get(a);
      if (id === undefined) {
        id = anchors.length;
        anchors.push(a);
        ids.set(a, id);
        enables.push([]);
      }
      if (!enables[id]!.includes(i)) enables[id]!.push(i);
    }
  });
  return literals.registerAnchors(anchors, enables);
}

/**
 * Compiles a rule table once (at module load), its literals found by `literals` (the index of the
 * texts the rules read). Throws on a malformed rule so a bad table fails fast.
 */
export function compileRules<K extends string>(
  table: ReadonlyArray<PhraseRule<K>>,
  lazy: (rule: PhraseRule<K>) => boolean = (r) => r.kind === null,
  literals: LiteralIndex = CONVERSATION_LITERALS,
): RuleSet<K> {
  const rules: Array<CompiledRule<K>> = table.map((r) => {
    if (!(r.weight > 0 && r.weight < 1)) throw new Error(`rule ${r.id}: weight out of range`);
    if (r.anchors.length === 0) throw new Error(`rule ${r.id}: no anchors`);
    const re = new RegExp(patternSource(r.pattern), 'g');
    return { ...r, group: r.group ?? r.id, re, anchored: anchoredRegex(re, literals), lazy: lazy(r) };
  });
  return { rules, literals, eager: anchorSet(literals, rules, (r) => !r.lazy), lazy: anchorSet(literals, rules, (r) => r.lazy) };
}

/** The text rules are matched against, and how its offsets map back to the caller's text. */
export interface MatchView {
  readonly text: string;
  toOriginal(start: number, end: number): Span;
}

/**
 * The matching form of `text` (text/normalize.ts). The normaliser keeps its last result, so the
 * detectors that read one text one after the other (prompt injection, jailbreak, tool poisoning)
 * normalise it once between them.
 */
export function matchView(text: string): MatchView {
  const n = normalizeForMatch(text);
  return { text: n.text, toOriginal: (start, end) => originalSpan(n, start, end) };
}

/** One piece of evidence, located in the caller's text. */
export interface Signal<K extends string = string> {
  id: string;
  kind: K | null;
  group: string;
  weight: number;
  span: Span;
  evidence: string;
}

/** Characters around an anchor searched for its rule: a rule's text before and after its anchor is shorter. */
const BEFORE = 160;
const AFTER = 240;
/** Anchor positions remembered per anchor (the shared scan keeps this many). */
const MAX_HITS = MAX_ANCHOR_HITS;
/** Characters one rule may search per text, so anchor-dense input costs a bounded amount. */
const RULE_BUDGET = 64 * 1024;
/** Matches a rule may reject (via `check`) before it gives up. */
const MAX_CHECKS = 32;

/**
 * Finds every rule's first accepted match in a view. `original` is the caller's text. Lazy rules
 * run only when an eager one matched, or when `evidenceElsewhere` says the caller found a cue.
 */
export function findSignals<K extends string>(set: RuleSet<K>, view: MatchView, original: string, evidenceElsewhere = false): Array<Signal<K>> {
  const out = searchSet(set, set.eager, view, original);
  if (out.length > 0 || evidenceElsewhere) for (const s of searchSet(set, set.lazy, view, original)) out.push(s);
  return out;
}

function searchSet<K extends string>(set: RuleSet<K>, anchors: AnchorSet, view: MatchView, original: string): Array<Signal<K>> {
  const scan = set.literals.scan(view.text);
  const positions = new Map<number, number[]>();
  const merged = new Set<number>();
  for (let h = 0; h < scan.hitIds.length; h++) {
    const rules = anchors[scan.hitIds[h]!];
    if (!rules) continue;
    const list = scan.hitLists[h]!;
    for (const r of rules) {
      const mine = positions.get(r);
      if (mine) {
        positions.set(r, mine.concat(list));
        merged.add(r);
      } else positions.set(r, list);
    }
  }
  const out: Array<Signal<K>> = [];
  for (const [r, at] of [...positions].sort((x, y) => x[0] - y[0])) {
    // Several anchors' positions, each list in text order: put them in order together.
    if (merged.has(r)) at.sort((x, y) => x - y);
    const s = searchRule(set.rules[r]!, at, view, original, scan);
    if (s) out.push(s);
  }
  return out;
}

function isWordAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && isWordCode(text.charCodeAt(i));
}

/** A window is searched with one run of the expression when it has more possible starts than one per this many characters. */
const STARTS_PER_RUN = 24;

/** Runs one rule over the windows around its anchors (overlapping windows merged), up to its first accepted match. */
function searchRule<K extends string>(rule: CompiledRule<K>, at: readonly number[], view: MatchView, original: string, scan: TextScan): Signal<K> | undefined {
  const text = view.text;
  const rx = rule.re;
  // Where the rule's matches can start, over the whole text (undefined: try every position).
  const starts = candidateStarts(rule.anchored, scan, text, text.length);
  let next = 0;
  let budget = RULE_BUDGET;
  let checks = 0;
  for (let i = 0; i < at.length && budget > 0 && checks < MAX_CHECKS; ) {
    let start = Math.max(0, at[i]! - BEFORE);
    let end = at[i]! + AFTER;
    for (i++; i < at.length && at[i]! - BEFORE <= end; i++) end = at[i]! + AFTER;
    // Never start or stop inside a word: a cut word would meet \b where the text has none.
    while (start > 0 && isWordAt(text, start - 1) && isWordAt(text, start)) start++;
    end = Math.min(text.length, end, start + budget);
    for (let k = 0; k < 64 && end < text.length && isWordAt(text, end - 1) && isWordAt(text, end); k++) end++;
    budget -= end - start;
    const window = text.slice(start, end);
    let first = -1;
    let count = 0;
    if (starts) {
      // The possible starts inside this window (windows come in text order).
      while (next < starts.length && starts[next]! < start) next++;
      first = next;
      while (next < starts.length && starts[next]! < end) next++;
      count = next - first;
      if (count === 0) continue;
    }
    if (starts && count * STARTS_PER_RUN <= end - start) {
      // One attempt at each possible start, in order: the leftmost match at or after the last one, as a run finds it.
      const sticky = rule.anchored.sticky;
      let from = 0;
      for (let k = first; k < first + count && checks < MAX_CHECKS; k++) {
        const p = starts[k]! - start;
        if (p < from) continue;
        sticky.lastIndex = p;
        const m = sticky.exec(window);
        if (m === null) continue;
        const signal = accept(rule, view, original, start + p, m[0].length);
        if (signal) return signal;
        checks++;
        from = p + 1;
      }
      continue;
    }
    rx.lastIndex = 0;
    for (let m = rx.exec(window); m !== null && checks < MAX_CHECKS; m = rx.exec(window)) {
      const signal = accept(rule, view, original, start + m.index, m[0].length);
      if (signal) return signal;
      checks++;
      rx.lastIndex = m.index + 1;
    }
  }
  return undefined;
}

/** The signal of a match at `at` (in the view) of `length`, unless the rule's check rejects it. */
function accept<K extends string>(rule: CompiledRule<K>, view: MatchView, original: string, at: number, length: number): Signal<K> | undefined {
  const span = view.toOriginal(at, at + Math.max(1, length));
  const source = original.slice(span.start, span.end);
  if (rule.check && !rule.check(source)) return undefined;
  return { id: rule.id, kind: rule.kind, group: rule.group, weight: rule.weight, span, evidence: evidenceOf(source) };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Evidence from the caller's text: clipped on a code point, lone surrogates and bidi controls made harmless. */
export function evidenceOf(source: string, max = 120): string {
  let s = source;
  if (s.length > max) {
    let k = max - 1;
    const c = s.charCodeAt(k - 1);
    if (c >= 0xd800 && c <= 0xdbff) k--;
    s = `${s.slice(0, k)}…`;
  }
  return clipEvidence(s.replace(LONE_SURROGATE, '\ufffd').replace(BIDI, '\ufffd'), max);
}

/** Noisy-OR: the chance at least one of several independent cues is right. */
export function noisyOr(weights: Iterable<number>): number {
  let miss = 1;
  for (const w of weights) miss *= 1 - w;
  return 1 - miss;
}

/** What one kind of evidence adds up to. */
export interface KindScore<K extends string> {
  kind: K;
  /** The kind's own evidence, combined. */
  own: number;
  /** The score its finding carries (see `scoreSignals`). */
  score: number;
  /** Its strongest signal, whose span and evidence the finding shows. */
  best: Signal<K>;
}

const GROUP_BONUS = 0.05;
const MAX_GROUP = 0.97;

/**
 * Combines signals. A group counts once: its best weight, plus a little for each other rule of
 * the group that matched other words. Groups combine by noisy-OR, so one weak cue stays weak and
 * independent cues add up. Amplifiers (kind null: a harmful topic, an extraction ask) count
 * only when some kind's cue is present.
 *
 * A kind whose own evidence is at least half the strongest kind's carries the whole text's score
 * (the cues corroborate one another); a minor kind keeps only its own. `damp` scales everything
 * (e.g. text that discusses attacks rather than performs one).
 */
export function scoreSignals<K extends string>(signals: ReadonlyArray<Signal<K>>, damp = 1): { overall: number; kinds: Array<KindScore<K>> } {
  const byGroup = new Map<string, Array<Signal<K>>>();
  for (const s of signals) {
    const list = byGroup.get(s.group);
    if (list) list.push(s);
    else byGroup.set(s.group, [s]);
  }
  const groups: Array<{ kind: K | null; score: number }> = [];
  for (const list of byGroup.values()) {
    let top = list[0]!;
    for (const s of list) if (s.weight > top.weight) top = s;
    // Corroboration is another rule of the group matching elsewhere, not two rules on the same words.
    const others = new Set<string>();
    for (const s of list) if (s.id !== top.id && (s.span.end <= top.span.start || s.span.start >= top.span.end)) others.add(s.id);
    groups.push({ kind: top.kind, score: Math.min(MAX_GROUP, top.weight + GROUP_BONUS * Math.min(3, others.size)) });
  }
  const own = new Map<K, number[]>();
  const amplifiers: number[] = [];
  for (const g of groups) {
    if (g.kind === null) amplifiers.push(g.score);
    else {
      const list = own.get(g.kind) ?? [];
      list.push(g.score);
      own.set(g.kind, list);
    }
  }
  if (own.size === 0) return { overall: 0, kinds: [] };
  const all = [...amplifiers];
  for (const list of own.values()) all.push(...list);
  const overall = noisyOr(all) * damp;
  const ownScores = new Map<K, number>();
  for (const [kind, list] of own) ownScores.set(kind, noisyOr(list));
  const strongest = Math.max(...ownScores.values());
  const kinds: Array<KindScore<K>> = [];
  for (const [kind, value] of ownScores) {
    let best: Signal<K> | undefined;
    for (const s of signals) if (s.kind === kind && (!best || s.weight > best.weight || (s.weight === best.weight && s.span.start < best.span.start))) best = s;
    kinds.push({ kind, own: value, score: value >= strongest / 2 ? overall : value * damp, best: best! });
  }
  kinds.sort((a, b) => a.best.span.start - b.best.span.start || b.score - a.score);
  return { overall, kinds };
}
