import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { allSameChar } from './checksums.js';
import { isDigit } from './scan-chars.js';

/**
 * Phone numbers. The detector's own scan finds digit groups; this module rejects shapes no one
 * writes a phone number in (cheap checks first) and only then asks libphonenumber, with full
 * metadata, whether the number is valid: international numbers with `+` or `00`, North American
 * numbers, and national numbers with a trunk 0. A bare run of digits without a separator or a
 * "phone" word nearby is an id more often than a phone, so it needs that word.
 *
 * libphonenumber costs microseconds per number; the caller hands out a fixed number of precise
 * checks per text (depending only on its length) and numbers past it get a structural check,
 * so a text packed with phone-like numbers stays fast and the result stays deterministic.
 */
export interface PhoneCandidate {
  /** The text as written, from the first digit (or `+`, `(`) to the last digit. */
  raw: string;
  digits: string;
  /** Digit count of each group between separators. */
  groups: readonly number[];
  /** Separator characters used between groups, concatenated. */
  seps: string;
  plus: boolean;
  /** Whether a phone word ("tel", "mobile", …) precedes the number; asked only when needed. */
  context: () => boolean;
}

export interface PhoneMatch {
  score: number;
  /** Region libphonenumber attributes the number to, when it says. */
  region?: string;
  /** Leading digits that are the international prefix and country code ("00" + "44"): safe to show. */
  head: number;
}

/** Length of the country calling code the digits start with (codes are prefix-free), or 0. */
function callingCodeLength(digits: string): number {
  for (let k = 1; k <= 3; k++) if (CALLING_CODES.has(digits.slice(0, k))) return k;
  return 0;
}

/** Country calling codes that exist (1, 7, 20, 44, …), for the structural check. */
const CALLING_CODES: ReadonlySet<string> = new Set(getCountries().map((c) => getCountryCallingCode(c)));

/** Budget of precise checks left for the current text. */
export interface PhoneBudget {
  precise: number;
  /**
   * Number windows still to classify in this text. A megabyte of digit groups holds hundreds
   * of thousands of windows; past this budget the rest of the text's numbers are not read, so
   * a scan stays bounded (a table that size is a dump, not a message).
   */
  windows: number;
}

function structural(c: PhoneCandidate, region?: CountryCode): string | undefined {
  if (c.plus || c.digits.startsWith('00')) return callingCodeLength(c.plus ? c.digits : c.digits.slice(2)) > 0 ? 'intl' : undefined;
  if (region === 'US') {
    // NANP: area code and exchange both start 2–9.
    const d = c.digits.length === 11 ? c.digits.slice(1) : c.digits;
    return d.charCodeAt(0) >= 50 && d.charCodeAt(3) >= 50 ? 'US' : undefined;
  }
  return region;
}

/** Marks a number of the right length for its country that no numbering plan range holds (yet). */
const POSSIBLE = '?';

function valid(text: string, region?: CountryCode): string | undefined {
  const p = region ? parsePhoneNumberFromString(text, region) : parsePhoneNumberFromString(text);
  if (!p) return undefined;
  if (p.isValid()) return p.country ?? region ?? 'intl';
  return !region && p.isPossible() ? POSSIBLE : undefined;
}

/**
 * Brackets in a phone number hold an area code or trunk digit: "(212) 555…", "+44 (0)20…",
 * "8 (800) 555…". One pair, up to five digits inside, opened at the start or after the
 * country code; anything else ("512/(5401-512)") is arithmetic or a list.
 */
function bracketsOk(raw: string): boolean {
  const open = raw.indexOf('(');
  const close = raw.indexOf(')');
  if (open === -1 && close === -1) return true;
  if (open === -1 || close < open + 2 || close > open + 6) return false;
  if (raw.indexOf('(', open + 1) !== -1 || raw.indexOf(')', close + 1) !== -1) return false;
  for (let i = open + 1; i < close; i++) if (!isDigit(raw.charCodeAt(i))) return false;
  if (open === 0) return true;
  // Before the bracket: "+CC " or a one-to-three-digit prefix and a space.
  return /^\+?\d{1,3} ?$/.test(raw.slice(0, open));
}


/** Shapes phone numbers are written in: a few groups, dots only between short groups. */
export function phoneShapeOk(c: Pick<PhoneCandidate, 'raw' | 'groups' | 'seps' | 'plus'>): boolean {
  const g = c.groups;
  if (g.length > 7) return false;
  // ZIP+4 codes ("MA 02111-1307") are five and four digits joined by a dash.
  if (g.length === 2 && g[0] === 5 && g[1] === 4 && c.seps === '-') return false;
  if (!bracketsOk(c.raw)) return false;
  // A lone leading digit ("0 800 123 456", "1 800 555 0199") is followed by short groups, not a long run.
  if (!c.plus && g.length > 1 && g[0] === 1 && g.some((n, i) => i > 0 && n > 4)) return false;
  let singles = 0;
  for (let i = 1; i < g.length; i++) if (g[i] === 1) singles++;
  if (singles > 1) return false;
  if (c.seps.includes('.') && g.some((n, i) => (i > 0 || !c.plus) && (n < 2 || n > 4))) return false;
  let slashes = 0;
  for (const ch of c.seps) if (ch === '/') slashes++;
  return slashes <= 1;
}

/** Regions to try for a national number with a trunk 0, most specific first (DE accepts nearly anything). */
function trunkRegions(c: PhoneCandidate): CountryCode[] {
  const n = c.digits.length;
  const pairs = c.groups.length >= 4 && c.groups.every((x) => x === 2);
  if (pairs) return ['FR', 'BE'];
  if (n === 11) return c.digits[2] === '0' ? ['JP', 'GB', 'DE'] : ['GB', 'DE'];
  if (n === 10) return c.digits[1] === '4' ? ['AU', 'DE'] : ['FR', 'NL', 'DE'];
  return ['DE', 'IT'];
}

/** Regions tried for a number with no trunk 0 that is not North American, when a phone word is near. */
function plainRegions(n: number, first: number): CountryCode[] {
  if (n === 9) return ['ES'];
  if (n === 10) return ['IT', 'IN'];
  // Russia and Kazakhstan dial a national number with a leading 8.
  if (n === 11) return first === 8 ? ['RU'] : ['CN', 'BR'];
  return [];
}

/** Byte dumps and counters ("01 02 03 04 05", "10 20 30 40 50"): groups in an even progression. */
function isProgression(c: PhoneCandidate): boolean {
  const g = c.groups;
  if (g.length < 4) return false;
  const values: number[] = [];
  let off = 0;
  for (const len of g) {
    if (len !== g[0]) return false;
    values.push(Number(c.digits.slice(off, off + len)));
    off += len;
  }
  const step = values[1]! - values[0]!;
  for (let i = 2; i < values.length; i++) if (values[i]! - values[i - 1]! !== step) return false;
  return true;
}

export function validatePhone(c: PhoneCandidate, budget: PhoneBudget): PhoneMatch | undefined {
  const n = c.digits.length;
  if (!phoneShapeOk(c) || isProgression(c) || allSameChar(c.digits)) return undefined;
  // Past the budget every check is structural and scores a little lower.
  const precise = budget.precise > 0;
  const check = (text: string, region?: CountryCode): string | undefined => {
    if (!precise) return structural(c, region);
    budget.precise--;
    return valid(text, region);
  };
  const penalty = precise ? 0 : 0.1;
  if (c.plus) {
    if (n < 8 || n > 15) return undefined;
    const boost = c.context() ? 0.1 : 0;
    const region = check(c.raw);
    if (!region) return undefined;
    // "+" and a country code is a phone number even where the range is unassigned or new to the
    // metadata (or reserved for fiction, like +44 7700 900xxx): reported, with less confidence.
    const score = region === POSSIBLE ? 0.55 : 0.85 - penalty;
    return { score: score + boost, region, head: callingCodeLength(c.digits) };
  }
  if (n < 9 || n > 17) return undefined;
  const context = c.context();
  const boost = context ? 0.1 : 0;
  // A bare run of digits is a phone only when a phone word says so.
  if (c.groups.length === 1 && !context) return undefined;
  if (c.digits.startsWith('00') && n >= 10 && n <= 17) {
    const region = check(`+${c.digits.slice(2)}`);
    return region ? { score: 0.8 + boost - penalty, region, head: 2 + callingCodeLength(c.digits.slice(2)) } : undefined;
  }
  if (n < 9 || n > 12) return undefined;
  const first = c.digits.charCodeAt(0) - 48;
  const nanp = (n === 10 && first >= 2) || (n === 11 && first === 1);
  if (nanp) {
    const g = c.groups.join('-');
    const shaped = g === '3-3-4' || g === '1-3-3-4' || g === '3-7' || c.raw.includes('(') || context;
    if (shaped) {
      const region = check(c.raw, 'US');
      if (region) return { score: 0.75 + boost - penalty, region, head: 0 };
      // Written the North American way but not a valid one (area code 555): no other country's.
      if (g === '3-3-4' || g === '1-3-3-4') return undefined;
    }
  }
  if (first === 0) {
    for (const r of trunkRegions(c)) if (check(c.raw, r)) return { score: 0.7 + boost - penalty, region: r, head: 0 };
    return undefined;
  }
  if (context) for (const r of plainRegions(n, first)) if (check(c.raw, r)) return { score: 0.7 + boost - penalty, region: r, head: 0 };
  return undefined;
}
