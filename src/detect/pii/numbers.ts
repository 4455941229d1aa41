import { cardGroupingOk, validateCard } from './cards.js';
import { hasContext, textBefore, type ContextTopic } from './context.js';
import type { KindFilter, PiiHit } from './hit.js';
import { maskKeepingLast } from './mask.js';
import { brCpfValid, caSinValid, deSteuerIdValid, esDniValid, esNieValid, frNirValid, inAadhaarValid, nlBsnValid, ukNinoValid } from './national-ids.js';
import { phoneShapeOk, validatePhone, type PhoneBudget } from './phone.js';
import { gluedAfter, gluedBefore, isAsciiAlnum, isDigit, isGroupSpace, isInnerSep, isUpper } from './scan-chars.js';
import { ssnValid } from './us-ssn.js';

/**
 * Written numbers: runs of digit groups joined by - . / ( ) inside a word and single spaces
 * between words. A cluster is read once, left to right; then windows of consecutive words are
 * tried, longest first, against each number type's shape and check digits. Everything here is
 * linear: each character is read once and each word starts a bounded number of windows.
 */
export interface NumberWord {
  start: number;
  end: number;
  groups: number[];
  digits: string;
  /** Separators between this word's groups. */
  seps: string;
  plus: boolean;
  /** More digits or groups than any number type has: it ends every window. */
  long: boolean;
  /** Groups of one digit after the word's first group. */
  singles: number;
}

/** Longer digit runs are ids, hashes or numbers of another kind altogether. */
const MAX_GROUP = 19;
/** Widest window tried: the French NIR is written in seven groups. */
const MAX_WORDS = 7;
const MAX_DIGITS = 19;
const MAX_GROUPS = 8;
/**
 * Words read per cluster. Longer clusters are tables or noise; the next cluster starts where
 * this one stopped, so memory stays bounded and every word is still read.
 */
const MAX_CLUSTER_WORDS = 64;

export interface Cluster {
  words: NumberWord[];
  /** Where reading stopped; the scanner resumes here. */
  end: number;
  /** The first / last word is glued to surrounding text and is not a number on its own. */
  gluedStart: boolean;
  gluedEnd: boolean;
}

/** The groups of a word a light read does not keep (never written). */
const NO_GROUPS: number[] = [];

/**
 * Reads the cluster whose first digit is at `s` (which must follow a non-alphanumeric). With
 * `keep` false nothing is kept but the words' count and the cluster's end (the same as a full
 * read's): how a text's numbers are skipped once its window budget is spent, without allocating.
 */
export function readCluster(text: string, s: number): Cluster;
export function readCluster(text: string, s: number, keep: false): { count: number; end: number };
export function readCluster(text: string, s: number, keep = true): Cluster | { count: number; end: number } {
  const n = text.length;
  const words: NumberWord[] = [];
  let kept = 0;
  let pos = s;
  let overlong = false;
  let soup = 0;
  let lastEnd = s;
  while (kept < MAX_CLUSTER_WORDS) {
    // A word may open with "+", "(" or "(+" before its first digit.
    let wStart = pos;
    const c1 = text.charCodeAt(pos - 1);
    let plus = false;
    if (c1 === 43) {
      wStart--;
      plus = true;
      if (text.charCodeAt(pos - 2) === 40) wStart--;
    } else if (c1 === 40) wStart--;
    // Nothing is kept in a light read: no array per word (a dump has hundreds of thousands).
    const groups: number[] = keep ? [] : NO_GROUPS;
    let ngroups = 0;
    let digits = '';
    let seps = '';
    let long = false;
    let count = 0;
    let singles = 0;
    let wEnd = pos;
    for (;;) {
      let q = pos;
      while (q < n && isDigit(text.charCodeAt(q))) q++;
      if (q - pos > MAX_GROUP) {
        overlong = true;
        pos = q;
        break;
      }
      count += q - pos;
      if (ngroups >= MAX_GROUPS || count > MAX_DIGITS) long = true;
      // A long word is still read to its end, but nothing of it is kept.
      if (!long) {
        if (ngroups > 0 && q - pos === 1) singles++;
        ngroups++;
        if (keep) {
          groups.push(q - pos);
          digits += text.slice(pos, q);
        }
      }
      pos = q;
      wEnd = q;
      const c = text.charCodeAt(pos);
      if (!isInnerSep(c)) break;
      const d = text.charCodeAt(pos + 1);
      if (isDigit(d)) {
        if (!long && keep) seps += text[pos];
        pos++;
        continue;
      }
      // ")-" and "-(" or ") (": two separators around a bracketed area code.
      if ((c === 41 || d === 40) && isInnerSep(d) && isDigit(text.charCodeAt(pos + 2))) {
        if (!long && keep) seps += text.slice(pos, pos + 2);
        pos += 2;
        continue;
      }
      if (c === 41) wEnd = pos + 1; // the word keeps its closing bracket: "(555)"
      break;
    }
    if (overlong) break;
    // Three or more one-digit words in a row ("1 0 0 1 0 1", "(1) (2) (3)") are no number's
    // layout: from the third on they are read but not kept, and the second one ends windows.
    soup = ngroups === 1 && count === 1 ? soup + 1 : 0;
    if (soup < 3) {
      kept++;
      if (keep) words.push({ start: wStart, end: wEnd, groups, digits, seps, plus, long, singles });
    } else if (soup === 3 && keep) words[words.length - 1]!.long = true;
    lastEnd = wEnd;
    // Next word: one space, then a digit or "(" digit. "+" starts a new number, not a word.
    pos = wEnd;
    if (!isGroupSpace(text.charCodeAt(pos))) break;
    const d = text.charCodeAt(pos + 1);
    if (isDigit(d)) pos += 1;
    else if (d === 40 && isDigit(text.charCodeAt(pos + 2))) pos += 2;
    else break;
  }
  if (!keep) return { count: kept, end: overlong ? pos : lastEnd };
  if (overlong) {
    // The run is consumed as a whole; the words before it are still numbers of their own.
    return { words, end: pos, gluedStart: words.length > 0 && gluedBefore(text, words[0]!.start), gluedEnd: true };
  }
  const full = words.length === MAX_CLUSTER_WORDS;
  const tail = words.length > 0 && words[words.length - 1]!.end === lastEnd;
  return { words, end: lastEnd, gluedStart: words.length > 0 && gluedBefore(text, words[0]!.start), gluedEnd: !full && tail && gluedAfter(text, lastEnd) };
}

function isDateWord(w: NumberWord): boolean {
  const g = w.groups;
  if (g.length !== 3 || w.seps.length !== 2 || w.seps[0] !== w.seps[1] || w.seps[0] === '(' || w.seps[0] === ')') return false;
  const [la, lb, lc] = g as [number, number, number];
  const a = Number(w.digits.slice(0, la));
  const b = Number(w.digits.slice(la, la + lb));
  const c = Number(w.digits.slice(la + lb));
  const year = (v: number, len: number): boolean => len === 4 && v >= 1800 && v <= 2199;
  const month = (v: number, len: number): boolean => len <= 2 && v >= 1 && v <= 12;
  const day = (v: number, len: number): boolean => len <= 2 && v >= 1 && v <= 31;
  if (year(a, la)) return month(b, lb) && day(c, lc);
  // Day and month first: DD.MM.YYYY, MM/DD/YYYY, and two-digit years after dots or slashes.
  if (year(c, lc) || (lc === 2 && w.seps[0] !== '-')) return (day(a, la) && month(b, lb)) || (month(a, la) && day(b, lb));
  return false;
}

interface Window {
  start: number;
  end: number;
  raw: string;
  digits: string;
  groups: number[];
  /** All separators in order, a space for each gap between words. */
  seps: string;
  plus: boolean;
}

function makeWindow(text: string, words: readonly NumberWord[], a: number, b: number): Window {
  let digits = '';
  let seps = '';
  const groups: number[] = [];
  for (let k = a; k <= b; k++) {
    const w = words[k]!;
    digits += w.digits;
    if (k > a) seps += ' ';
    seps += w.seps;
    for (const g of w.groups) groups.push(g);
  }
  const start = words[a]!.start;
  const end = words[b]!.end;
  return { start, end, raw: text.slice(start, end), digits, groups, seps, plus: words[a]!.plus };
}

function uniform(seps: string, allowed: string): boolean {
  if (seps.length === 0) return true;
  if (!allowed.includes(seps[0]!)) return false;
  for (let i = 1; i < seps.length; i++) if (seps[i] !== seps[0]) return false;
  return true;
}

/** Context words before a window, tested lazily: most windows never need them. */
class Context {
  private before: string | undefined;
  private readonly memo: Partial<Record<ContextTopic, boolean>> = {};
  constructor(private readonly text: string, private readonly start: number) {}
  has(topic: ContextTopic): boolean {
    let v = this.memo[topic];
    if (v === undefined) {
      this.before ??= textBefore(this.text, this.start);
      v = this.memo[topic] = hasContext(this.before, topic);
    }
    return v;
  }
}

const nid = (type: string): string => `national_id.${type}`;

function idHit(kind: string, score: number, w: Window, keep: number, label?: string): PiiHit {
  const masked = maskKeepingLast(w.raw, keep);
  return { kind, score, start: w.start, end: w.end, evidence: label ? `${label} ${masked}` : masked };
}

/** The number a window holds, or undefined. A shape that fits a type but fails its check is rejected outright. */
function classify(text: string, w: Window, on: KindFilter, budget: PhoneBudget, ctx: Context): PiiHit | undefined {
  const d = w.digits;
  const n = d.length;
  const g = w.groups;
  const gk = g.join('-');

  // US SSN: 3-2-4 with one kind of separator; unseparated only after an SSN word.
  if (gk === '3-2-4' && uniform(w.seps, '- ')) {
    if (!on('us_ssn') || !ssnValid(d)) return undefined;
    const score = w.seps[0] === '-' || ctx.has('ssn') ? 0.95 : 0.75;
    return idHit('us_ssn', score, w, 4);
  }
  if (n === 9 && g.length === 1 && on('us_ssn') && ctx.has('ssn') && ssnValid(d)) return idHit('us_ssn', 0.85, w, 4);

  // Brazilian CPF: 000.000.000-00.
  if (gk === '3-3-3-2' && w.seps === '..-') return on(nid('br_cpf')) && brCpfValid(d) ? idHit(nid('br_cpf'), 0.95, w, 2, 'br_cpf') : undefined;
  if (n === 11 && g.length === 1 && on(nid('br_cpf')) && ctx.has('br_cpf') && brCpfValid(d)) return idHit(nid('br_cpf'), 0.9, w, 2, 'br_cpf');

  // French NIR: fifteen digits, plain or in its printed groups.
  if (n === 15 && (g.length === 1 || gk === '1-2-2-2-3-3-2' || gk === '13-2') && uniform(w.seps, ' ') && on(nid('fr_nir')) && frNirValid(d)) {
    return idHit(nid('fr_nir'), g.length > 1 || ctx.has('fr_nir') ? 0.95 : 0.9, w, 2, 'fr_nir');
  }

  // Payment cards: issuer prefix, length, Luhn, and a grouping cards are printed in.
  if (n >= 12 && n <= 19 && cardGroupingOk(g) && uniform(w.seps, ' -') && on('payment_card')) {
    const brand = validateCard(d);
    if (brand) return { kind: 'payment_card', score: g.length > 1 || ctx.has('card') ? 0.95 : 0.9, start: w.start, end: w.end, evidence: `${maskKeepingLast(w.raw, 4)} (${brand})` };
  }

  // German Steuer-ID: eleven digits, plain or 2-3-3-3. A phone word before it means a phone.
  if (n === 11 && (g.length === 1 || gk === '2-3-3-3') && uniform(w.seps, ' ') && on(nid('de_steuer_id')) && (ctx.has('de_steuer_id') || (!ctx.has('phone') && !ctx.has('id'))) && deSteuerIdValid(d)) {
    return idHit(nid('de_steuer_id'), g.length > 1 || ctx.has('de_steuer_id') ? 0.95 : 0.8, w, 2, 'de_steuer_id');
  }

  // Indian Aadhaar and Canadian SIN: their check digit passes one number in ten, and 4-4-4 and
  // 3-3-3 groups are everywhere (years in a table row, RGB triples), so only after their word.
  if (n === 12 && (g.length === 1 || (gk === '4-4-4' && uniform(w.seps, ' -'))) && on(nid('in_aadhaar')) && ctx.has('in_aadhaar') && inAadhaarValid(d)) {
    return idHit(nid('in_aadhaar'), 0.95, w, 2, 'in_aadhaar');
  }

  if (n === 9) {
    if ((g.length === 1 || (gk === '3-3-3' && uniform(w.seps, ' -'))) && on(nid('ca_sin')) && ctx.has('ca_sin') && caSinValid(d)) {
      return idHit(nid('ca_sin'), 0.95, w, 2, 'ca_sin');
    }
    // Dutch BSN: the 11-proof passes one number in eleven, so only after a BSN word.
    if (on(nid('nl_bsn')) && ctx.has('nl_bsn') && nlBsnValid(d)) return idHit(nid('nl_bsn'), 0.9, w, 2, 'nl_bsn');
  }

  if (on('phone') && n >= 8 && phoneShapeOk(w)) {
    const phoneWord = (): boolean => ctx.has('phone');
    // Numbers after "order", "invoice", "#", a currency or a version word are ids, amounts and
    // versions; after an id word ("SSN", "SIN", "card") one that failed its check is no phone either.
    if (!w.plus && !phoneWord() && (ctx.has('id') || ctx.has('money') || ctx.has('version') || ctx.has('id_word'))) return undefined;
    const m = validatePhone({ raw: w.raw, digits: d, groups: g, seps: w.seps, plus: w.plus, context: phoneWord }, budget);
    if (m) {
      return { kind: 'phone', score: m.score, start: w.start, end: w.end, evidence: maskKeepingLast(w.raw, 2, m.head) };
    }
  }
  return undefined;
}

/**
 * The written forms whose letters sit outside the digit cluster: a spaced UK NINO
 * ("QQ 12 34 56 C"), a Spanish DNI with a dashed letter ("12345678-Z") and a dashed NIE
 * ("X-1234567-L").
 */
function lettersAround(text: string, c: Cluster, on: KindFilter): PiiHit | undefined {
  const first = c.words[0]!;
  const last = c.words[c.words.length - 1]!;
  const at = (i: number): number => (i >= 0 && i < text.length ? text.charCodeAt(i) : 32);
  const free = (i: number): boolean => !isAsciiAlnum(at(i));
  const s = first.start;
  const e = last.end;
  // NINO: two capitals and a space before, a space and A–D after.
  if (at(s - 1) === 32 && isUpper(at(s - 2)) && isUpper(at(s - 3)) && free(s - 4) && at(e) === 32 && at(e + 1) >= 65 && at(e + 1) <= 68 && free(e + 2)) {
    const shape = c.words.map((w) => w.groups.join('-')).join(' ');
    if ((shape === '2 2 2' || shape === '6') && on(nid('uk_nino'))) {
      const value = `${text.slice(s - 3, s - 1)}${c.words.map((w) => w.digits).join('')}${text[e + 1]}`;
      if (ukNinoValid(value)) return { kind: nid('uk_nino'), score: 0.9, start: s - 3, end: e + 2, evidence: `uk_nino ${maskKeepingLast(text.slice(s - 3, e + 2), 2)}` };
    }
  }
  if (c.words.length === 1 && first.groups.length === 1 && at(e) === 45 && isUpper(at(e + 1)) && free(e + 2)) {
    if (first.digits.length === 8 && on(nid('es_dni')) && free(s - 1) && esDniValid(`${first.digits}${text[e + 1]}`)) {
      return { kind: nid('es_dni'), score: 0.95, start: s, end: e + 2, evidence: `es_dni ${maskKeepingLast(text.slice(s, e + 2), 3)}` };
    }
    const x = at(s - 2);
    if (first.digits.length === 7 && at(s - 1) === 45 && (x === 88 || x === 89 || x === 90) && free(s - 3) && on(nid('es_nie'))) {
      if (esNieValid(`${text[s - 2]}${first.digits}${text[e + 1]}`)) {
        return { kind: nid('es_nie'), score: 0.95, start: s - 2, end: e + 2, evidence: `es_nie ${maskKeepingLast(text.slice(s - 2, e + 2), 3)}` };
      }
    }
  }
  return undefined;
}

/** Every number in the cluster: the longest window that validates wins, then reading goes on after it. */
export function numbersIn(text: string, c: Cluster, on: KindFilter, budget: PhoneBudget, out: PiiHit[]): void {
  if (c.words.length === 0) return;
  const special = lettersAround(text, c, on);
  if (special) {
    out.push(special);
    return;
  }
  const from = c.gluedStart ? 1 : 0;
  const to = c.gluedEnd ? c.words.length - 2 : c.words.length - 1;
  const words = c.words;
  // Per word: digit count, one-digit groups (the first group included) and whether it ends windows.
  const m = words.length;
  const len = new Array<number>(m);
  const ones = new Array<number>(m);
  const stop = new Array<boolean>(m);
  for (let k = 0; k < m; k++) {
    const w = words[k]!;
    len[k] = w.digits.length;
    ones[k] = w.singles + (w.groups[0] === 1 ? 1 : 0);
    // Long words and dates end windows; the word after one starts afresh.
    stop[k] = w.long || isDateWord(w);
  }
  let a = from;
  let resume = from;
  while (a <= to) {
    if (stop[a]) {
      a++;
      resume = a;
      continue;
    }
    let total = 0;
    let singles = 0;
    let last = a;
    for (let b = a; b <= to && b - a < MAX_WORDS && !stop[b] && total + len[b]! <= MAX_DIGITS; b++) {
      total += len[b]!;
      singles += ones[b]!;
      last = b;
    }
    // The window's own first group may be a single digit ("+1", the NIR's sex digit).
    if (words[a]!.groups[0] === 1) singles--;
    let found: PiiHit | undefined;
    // The windows from word a all start there: they share the words before them.
    let ctx: Context | undefined;
    for (let b = last; b >= a && !found; b--) {
      // No number type is written with two one-digit groups after its first.
      if (total >= 7 && singles <= 1) {
        if (budget.windows-- <= 0) return;
        ctx ??= new Context(text, words[a]!.start);
        found = classify(text, makeWindow(text, words, a, b), on, budget, ctx);
      }
      total -= len[b]!;
      singles -= ones[b]!;
    }
    // A weak match must be the whole rest of its cluster: one starting after words that matched
    // nothing, or followed by more digit groups, is more often a slice of a longer id
    // ("5125 9007 4118 8875" holds no Aadhaar) than a number of its own. A "+" number is
    // exempt from the second rule: its country code already marks where it starts.
    if (found && found.score < 0.9 && (a > resume || (found.end < words[to]!.end && !words[a]!.plus))) found = undefined;
    if (found) {
      out.push(found);
      while (a <= to && words[a]!.start < found.end) a++;
      resume = a;
    } else a++;
  }
}
