/**
 * What a rule's regular expression says about where its matches can start, so a rule is tried
 * only there instead of being run over the whole text.
 *
 * `regexAnchors(source)` reads the pattern (the subset of the syntax the rule tables use) and
 * finds literal strings of which every match holds one, each with the range of distances from
 * the start of the match to where that string starts in it. A match then starts at (position of
 * an occurrence) − (a distance in that range), and a sticky attempt at each such position finds
 * exactly the matches a scan of the whole text finds. The analysis is conservative: anything it
 * does not understand gives no anchors, and the rule is then run over the whole text as before.
 */

type Node =
  | { t: 'char'; c: string }
  | { t: 'set'; chars: string[] | null; nonWord: boolean } // chars null: too many to list (a negated class, \s, .); nonWord: no member is a word character
  | { t: 'empty'; wb?: boolean; start?: boolean } // zero-width: \b (wb), ^ (start), $, lookarounds
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; item: Node; min: number; max: number }
  | { t: 'opaque' }; // a back-reference: unknown length and content

class Unsupported extends Error {}

/** `\w` of a regular expression without the i flag: what `\b` looks at. */
function isWordCodePoint(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

const SMALL_SET = 8;
const CLASS_ESCAPES: Record<string, number> = { d: 10, D: -1, w: 63, W: -1, s: -1, S: -1 };

function parse(src: string): Node {
  let i = 0;
  const peek = (): string | undefined => src[i];

  function escapeChar(): string {
    const c = src[i++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '0':
        return '\0';
      case 'x': {
        const h = src.slice(i, i + 2);
        i += 2;
        return String.fromCharCode(parseInt(h, 16));
      }
      case 'u': {
        if (src[i] === '{') {
          const close = src.indexOf('}', i);
          const cp = parseInt(src.slice(i + 1, close), 16);
          i = close + 1;
          return String.fromCodePoint(cp);
        }
        const h = src.slice(i, i + 4);
        i += 4;
        return String.fromCharCode(parseInt(h, 16));
      }
      default:
        if (/[a-zA-Z0-9]/.test(c)) throw new Unsupported(`escape \\${c}`);
        return c;
    }
  }

  function classNode(): Node {
    // After '['.
    let negated = false;
    if (peek() === '^') {
      negated = true;
      i++;
    }
    const chars = new Set<string>();
    let big = false;
    let nonWord = !negated;
    let first = true;
    while (peek() !== ']' || first) {
      first = false;
      if (i >= src.length) throw new Unsupported('unclosed class');
      let c = src[i++]!;
      if (c === '\\') {
        const e = src[i]!;
        if (e in CLASS_ESCAPES) {
          i++;
          big = true;
          if (e !== 's' && e !== 'W') nonWord = false;
          continue;
        }
        if (e === 'b') {
          i++;
          c = '\b';
        } else c = escapeChar();
      }
      if (peek() === '-' && src[i + 1] !== ']' && src[i + 1] !== undefined) {
        i++;
        let d = src[i++]!;
        if (d === '\\') d = escapeChar();
        const from = c.codePointAt(0)!;
        const to = d.codePointAt(0)!;
        for (let k = from; k <= to && nonWord; k++) if (isWordCodePoint(k)) nonWord = false;
        if (to - from + 1 > SMALL_SET) big = true;
        else for (let k = from; k <= to; k++) chars.add(String.fromCodePoint(k));
        continue;
      }
      if (isWordCodePoint(c.codePointAt(0)!)) nonWord = false;
      chars.add(c);
    }
    i++; // ']'
    if (negated || big || chars.size > SMALL_SET) return { t: 'set', chars: null, nonWord };
    return { t: 'set', chars: [...chars], nonWord };
  }

  function atom(): Node {
    const c = src[i++]!;
    if (c === '(') {
      let lookaround = false;
      if (src.startsWith('?:', i)) i += 2;
      else if (src.startsWith('?=', i) || src.startsWith('?!', i)) {
        i += 2;
        lookaround = true;
      } else if (src.startsWith('?<=', i) || src.startsWith('?<!', i)) {
        i += 3;
        lookaround = true;
      } else if (src.startsWith('?<', i)) {
        i = src.indexOf('>', i) + 1;
      } else if (src[i] === '?') throw new Unsupported('group kind');
      const inner = alternation();
      if (src[i++] !== ')') throw new Unsupported('unclosed group');
      return lookaround ? { t: 'empty' } : inner;
    }
    if (c === '[') return classNode();
    if (c === '.') return { t: 'set', chars: null, nonWord: false };
    if (c === '^') return { t: 'empty', start: true };
    if (c === '$') return { t: 'empty' };
    if (c === '\\') {
      const e = src[i]!;
      if (e === 'b' || e === 'B') {
        i++;
        return e === 'b' ? { t: 'empty', wb: true } : { t: 'empty' };
      }
      if (e in CLASS_ESCAPES) {
        i++;
        return { t: 'set', chars: e === 'd' ? '0123456789'.split('') : null, nonWord: e === 's' || e === 'W' };
      }
      if (/[1-9]/.test(e)) {
        i++;
        return { t: 'opaque' };
      }
      return { t: 'char', c: escapeChar() };
    }
    if (c === ')' || c === '|' || c === '*' || c === '+' || c === '?' || c === '{') throw new Unsupported(`unexpected ${c}`);
    // A code point (a surrogate pair in the source is one character).
    const cp = src.codePointAt(i - 1)!;
    if (cp > 0xffff) i++;
    return { t: 'char', c: String.fromCodePoint(cp) };
  }

  function quantified(): Node {
    let node = atom();
    for (;;) {
      const q = peek();
      let min: number;
      let max: number;
      if (q === '?') [min, max] = [0, 1];
      else if (q === '*') [min, max] = [0, Infinity];
      else if (q === '+') [min, max] = [1, Infinity];
      else if (q === '{') {
        const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(src.slice(i));
        if (!m) throw new Unsupported('brace');
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        i += m[0].length - 1;
      } else return node;
      i++;
      if (peek() === '?') i++; // lazy: the same strings
      node = { t: 'rep', item: node, min, max };
    }
  }

  function sequence(): Node {
    const items: Node[] = [];
    while (i < src.length && peek() !== '|' && peek() !== ')') items.push(quantified());
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  function alternation(): Node {
    const items = [sequence()];
    while (peek() === '|') {
      i++;
      items.push(sequence());
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  const node = alternation();
  if (i !== src.length) throw new Unsupported('trailing input');
  return node;
}

/** Code units a node can consume, at least and at most (in unicode mode a class may take a surrogate pair). */
function lengths(n: Node, unicode: boolean): [number, number] {
  switch (n.t) {
    case 'char':
      return [n.c.length, n.c.length];
    case 'set':
      if (n.chars) {
        const ls = n.chars.map((c) => c.length);
        return [Math.min(...ls), Math.max(...ls)];
      }
      return [1, unicode ? 2 : 1];
    case 'empty':
      return [0, 0];
    case 'opaque':
      return [0, Infinity];
    case 'seq': {
      let lo = 0;
      let hi = 0;
      for (const it of n.items) {
        const [a, b] = lengths(it, unicode);
        lo += a;
        hi += b;
      }
      return [lo, hi];
    }
    case 'alt': {
      let lo = Infinity;
      let hi = 0;
      for (const it of n.items) {
        const [a, b] = lengths(it, unicode);
        lo = Math.min(lo, a);
        hi = Math.max(hi, b);
      }
      return [lo, hi];
    }
    case 'rep': {
      const [a, b] = lengths(n.item, unicode);
      return [a * n.min, n.max === Infinity ? (b === 0 ? 0 : Infinity) : b * n.max];
    }
  }
}

const MAX_STRINGS = 256;
const MAX_LENGTH = 24;

/** All strings a node can match, when there are few (null otherwise). */
function exact(n: Node): string[] | null {
  switch (n.t) {
    case 'char':
      return [n.c];
    case 'set':
      return n.chars;
    case 'empty':
      return [''];
    case 'opaque':
      return null;
    case 'seq': {
      let acc: string[] = [''];
      for (const it of n.items) {
        const e = exact(it);
        if (!e) return null;
        acc = cross(acc, e);
        if (acc.length > MAX_STRINGS || acc.some((s) => s.length > MAX_LENGTH)) return null;
      }
      return acc;
    }
    case 'alt': {
      const out: string[] = [];
      for (const it of n.items) {
        const e = exact(it);
        if (!e) return null;
        out.push(...e);
      }
      return out.length > MAX_STRINGS ? null : [...new Set(out)];
    }
    case 'rep': {
      if (n.max > 3) return null;
      const e = exact(n.item);
      if (!e) return null;
      let out: string[] = n.min === 0 ? [''] : [];
      let power: string[] = [''];
      for (let k = 1; k <= n.max; k++) {
        power = cross(power, e);
        if (power.length > MAX_STRINGS) return null;
        if (k >= n.min) out = out.concat(power);
      }
      return out.length > MAX_STRINGS ? null : [...new Set(out)];
    }
  }
}

function cross(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (const x of a) for (const y of b) out.push(x + y);
  return out;
}

/**
 * Strings every match of the node starts with (one of them), or null when nothing useful is
 * known. Built by extending the exact strings of the leading items for as long as they are few.
 */
function prefixes(n: Node): string[] | null {
  if (n.t === 'seq') {
    let acc: string[] = [''];
    for (const it of n.items) {
      const e = exact(it);
      if (e) {
        const next = cross(acc, e);
        if (next.length > MAX_STRINGS) break;
        acc = next;
        if (acc.every((s) => s.length >= MAX_LENGTH)) break;
        continue;
      }
      const p = prefixes(it);
      if (p && !p.includes('')) {
        const next = cross(acc, p);
        if (next.length <= MAX_STRINGS) acc = next;
      }
      break;
    }
    return acc.includes('') ? null : acc.map((s) => s.slice(0, MAX_LENGTH));
  }
  if (n.t === 'alt') {
    const out: string[] = [];
    for (const it of n.items) {
      const p = prefixes(it);
      if (!p) return null;
      out.push(...p);
    }
    return out.length > MAX_STRINGS ? null : out;
  }
  if (n.t === 'rep') return n.min >= 1 ? prefixes(n.item) : null;
  const e = exact(n);
  return e && !e.includes('') ? e : null;
}

/**
 * Where matches may start, relative to an occurrence of one of `strings`: start = occurrence − d,
 * d in [min, max]. `wordStart`: the expression asserts a word boundary (\b) right before the
 * string, and every string begins with a word character, so only occurrences where a word starts count.
 */
export interface AnchorChoice {
  strings: string[];
  min: number;
  max: number;
  wordStart: boolean;
}

const WORD_CHAR = /^[A-Za-z0-9_]/;

/** Keeps only the shortest of strings that begin with one another ("ignor" covers "ignore"). */
function reduce(strings: string[]): string[] {
  // In code-unit order a string comes right after the strings it begins with, and every string
  // that begins with a kept one follows it until one that does not.
  const sorted = [...new Set(strings)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: string[] = [];
  let kept: string | undefined;
  for (const s of sorted) {
    if (kept !== undefined && s.startsWith(kept)) continue;
    out.push(s);
    kept = s;
  }
  return out;
}

/** How good an anchor choice is: longer strings are rarer; every position of distance range is one more attempt per occurrence. */
function score(c: AnchorChoice): number {
  const shortest = Math.min(...c.strings.map((s) => s.length));
  return shortest * 4 + (c.wordStart ? 6 : 0) - Math.log2(c.strings.length) - (c.max - c.min) * 0.5;
}

/**
 * What the character before a position is, given the items a sequence matched up to it:
 * 'nonword' (a character \b treats as a non-word character), 'start' (the start of the text),
 * or 'unknown'.
 */
type Before = 'nonword' | 'start' | 'unknown';

function endsWith(n: Node): Before {
  switch (n.t) {
    case 'char':
      return isWordCodePoint(n.c.codePointAt(n.c.length - 1)!) ? 'unknown' : 'nonword';
    case 'set':
      return n.nonWord ? 'nonword' : 'unknown';
    case 'empty':
      return n.start ? 'start' : 'unknown';
    case 'rep':
      return n.min >= 1 ? endsWith(n.item) : 'unknown';
    case 'alt': {
      const all = n.items.map(endsWith);
      if (all.every((b) => b === 'start')) return 'start';
      return all.every((b) => b !== 'unknown') ? 'nonword' : 'unknown';
    }
    case 'seq':
      return beforeIndex(n.items, n.items.length);
    case 'opaque':
      return 'unknown';
  }
}

/** What precedes items[k], from items[0 .. k) alone (unknown when they may all be empty). */
function beforeIndex(items: Node[], k: number): Before {
  for (let j = k - 1; j >= 0; j--) {
    const it = items[j]!;
    if (it.t === 'empty' && !it.start) continue; // lookarounds and \b consume nothing
    if (it.t === 'rep' && it.min === 0) {
      // Either the optional item's last character, or what precedes it.
      const own = endsWith(it.item);
      if (own === 'unknown') return 'unknown';
      return beforeIndex(items, j) === 'unknown' ? 'unknown' : 'nonword';
    }
    return endsWith(it);
  }
  return 'unknown';
}

function choices(n: Node, unicode: boolean): AnchorChoice[] {
  const out: AnchorChoice[] = [];
  if (n.t === 'seq') {
    let lo = 0;
    let hi = 0;
    for (let j = 0; j < n.items.length && hi !== Infinity; j++) {
      const rest: Node = { t: 'seq', items: n.items.slice(j) };
      const p = prefixes(rest);
      if (p) {
        const strings = reduce(p);
        // A \b among the zero-width items right before the first character, or a non-word character before it.
        let wb = false;
        for (let k = j; k < n.items.length; k++) {
          const it = n.items[k]!;
          if (it.t !== 'empty') break;
          if (it.wb) wb = true;
        }
        const bounded = wb || beforeIndex(n.items, j) !== 'unknown';
        out.push({ strings, min: lo, max: hi, wordStart: bounded && strings.every((s) => WORD_CHAR.test(s)) });
      }
      const [a, b] = lengths(n.items[j]!, unicode);
      lo += a;
      hi += b;
    }
    return out;
  }
  if (n.t === 'rep' && n.min >= 1) return choices(n.item, unicode);
  const p = prefixes(n);
  if (p) out.push({ strings: reduce(p), min: 0, max: 0, wordStart: false });
  return out;
}

function best(list: AnchorChoice[]): AnchorChoice | undefined {
  let top: AnchorChoice | undefined;
  for (const c of list) if (c.strings.length > 0 && (!top || score(c) > score(top))) top = c;
  return top;
}

/** The pattern's tree, or undefined when its flags or syntax are outside what this module reads. */
function understood(source: string, flags: string): Node | undefined {
  if (flags.includes('i') || flags.includes('m') || flags.includes('s')) return undefined;
  try {
    return parse(source);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/**
 * Anchor choices for a pattern: one for the whole pattern, or (for a top-level alternation)
 * one per alternative. Undefined when the pattern is not understood or offers nothing useful.
 */
export function regexAnchors(source: string, flags: string): AnchorChoice[] | undefined {
  const node = understood(source, flags);
  if (!node) return undefined;
  const unicode = flags.includes('u') || flags.includes('v');
  const alternatives = node.t === 'alt' ? node.items : [node];
  const out: AnchorChoice[] = [];
  for (const alt of alternatives) {
    const c = best(choices(alt, unicode));
    if (!c || Math.min(...c.strings.map((s) => s.length)) < 2 || c.max - c.min > 64) return undefined;
    out.push(c);
  }
  return out;
}

/**
 * A second anchor choice for a pattern of one alternative: strings at another place in every
 * match, at a bounded distance from its start. Where the first choice's strings are so frequent
 * that the expression would be tried almost everywhere, starts without one of these strings at
 * the right distance can be dropped unread ("ignore" is everywhere in a text of English
 * overrides; the Spanish rule also needs "instrucciones" or "reglas" a few words on).
 */
export function regexConfirm(source: string, flags: string): AnchorChoice | undefined {
  const node = understood(source, flags);
  if (!node) return undefined;
  if (node.t === 'alt') return undefined;
  const list = choices(node, flags.includes('u') || flags.includes('v'));
  const first = best(list);
  if (!first) return undefined;
  // Another place in the match: not the first choice's strings again (as \b(?:a|b) and (?:a|b) give).
  const key = (c: AnchorChoice): string => [...c.strings].sort().join('\u0000');
  // Any distance range will do: a confirming string costs one mark per occurrence, not one attempt per start.
  return best(list.filter((c) => key(c) !== key(first) && Math.min(...c.strings.map((x) => x.length)) >= 2 && Number.isFinite(c.max)));
}
