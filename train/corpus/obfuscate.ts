/**
 * Surface obfuscations attackers use to slip past keyword filters. The runtime normaliser undoes
 * most of them, but the model also sees raw forms, and light noise (typos, casing, emphasis) is
 * applied to benign text too so that noise alone never signals an attack.
 */
import type { Rng } from './rng.js';

export type Obfuscation =
  | 'case' | 'leet' | 'spaced' | 'homoglyph' | 'zerowidth' | 'punct' | 'emphasis' | 'typo' | 'fullwidth' | 'tags' | 'dotted';

const LEET: Record<string, string[]> = {
  a: ['4', '@'], e: ['3'], i: ['1', '!'], o: ['0'], s: ['5', '$'], t: ['7'], b: ['8'], g: ['9'], l: ['1'],
};
const HOMOGLYPH: Record<string, string[]> = {
  a: ['а', 'α'], c: ['с'], e: ['е', 'ε'], i: ['і', 'ι'], o: ['о', 'ο'], p: ['р', 'ρ'], x: ['х', 'χ'], y: ['у'],
  s: ['ѕ'], j: ['ј'], h: ['һ'], k: ['κ'], n: ['η'], v: ['ν'], A: ['А', 'Α'], B: ['В', 'Β'], C: ['С'], E: ['Е', 'Ε'],
  H: ['Н', 'Η'], I: ['І', 'Ι'], K: ['К', 'Κ'], M: ['М', 'Μ'], O: ['О', 'Ο'], P: ['Р', 'Ρ'], T: ['Т', 'Τ'], X: ['Х', 'Χ'],
};
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];

/** Maps each word (maximal run of letters) through `f`, leaving the rest alone. */
function mapWords(text: string, f: (w: string) => string): string {
  return text.replace(/\p{L}[\p{L}\p{M}'’]*/gu, f);
}

function randomCase(text: string, rng: Rng): string {
  const mode = rng.int(3);
  if (mode === 0) return text.toUpperCase();
  if (mode === 1) return [...text].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
  return mapWords(text, (w) => (rng.chance(0.4) ? w.toUpperCase() : w));
}

function leet(text: string, rng: Rng): string {
  const p = 0.3 + rng.next() * 0.5;
  return [...text].map((c) => {
    const subs = LEET[c.toLowerCase()];
    return subs && rng.chance(p) ? rng.pick(subs) : c;
  }).join('');
}

function spaced(text: string, rng: Rng): string {
  const sep = rng.pick([' ', ' ', '  ', '-', '.', '_', '*']);
  return mapWords(text, (w) => (w.length > 3 && rng.chance(0.45) ? [...w].join(sep) : w));
}

function homoglyph(text: string, rng: Rng): string {
  const p = 0.15 + rng.next() * 0.4;
  return [...text].map((c) => {
    const subs = HOMOGLYPH[c];
    return subs && rng.chance(p) ? rng.pick(subs) : c;
  }).join('');
}

function zeroWidth(text: string, rng: Rng): string {
  const zw = rng.pick(ZERO_WIDTH);
  const p = 0.1 + rng.next() * 0.3;
  return mapWords(text, (w) => [...w].map((c, i) => (i > 0 && rng.chance(p) ? zw + c : c)).join(''));
}

function punct(text: string, rng: Rng): string {
  return text
    .replace(/[.!]/g, (m) => (rng.chance(0.5) ? m + rng.pick(['!!', '!!!', '...', '?!', ' !!']) : m))
    .replace(/ /g, (m) => (rng.chance(0.08) ? rng.pick([' - ', ' ... ', ', ', ' ~ ']) : m));
}

function emphasis(text: string, rng: Rng): string {
  return mapWords(text, (w) => {
    if (w.length < 3 || !rng.chance(0.25)) return w;
    const m = rng.pick(['**', '_', '*', '__', '`', '~~']);
    return m + w + m;
  });
}

function typo(text: string, rng: Rng): string {
  return mapWords(text, (w) => {
    if (w.length < 4 || !rng.chance(0.18)) return w;
    const i = rng.range(1, w.length - 2);
    const k = rng.int(4);
    if (k === 0) return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    if (k === 1) return w.slice(0, i) + w.slice(i + 1);
    if (k === 2) return w.slice(0, i) + w[i] + w.slice(i);
    return w.slice(0, i) + rng.pick([...'aeiourtns']) + w.slice(i + 1);
  });
}

function fullwidth(text: string): string {
  return [...text].map((c) => {
    const cp = c.codePointAt(0)!;
    return cp >= 0x21 && cp <= 0x7e ? String.fromCodePoint(cp + 0xfee0) : c;
  }).join('');
}

/** Unicode tag characters: invisible copies of ASCII ("ASCII smuggling"). */
function tags(text: string): string {
  return [...text].map((c) => {
    const cp = c.codePointAt(0)!;
    return cp >= 0x20 && cp <= 0x7e ? String.fromCodePoint(0xe0000 + cp) : c;
  }).join('');
}

function dotted(text: string, rng: Rng): string {
  const sep = rng.pick(['.', '-', '/', '|']);
  return mapWords(text, (w) => (w.length > 4 && rng.chance(0.35) ? [...w].join(sep) : w));
}

export function applyObfuscation(kind: Obfuscation, text: string, rng: Rng): string {
  switch (kind) {
    case 'case': return randomCase(text, rng);
    case 'leet': return leet(text, rng);
    case 'spaced': return spaced(text, rng);
    case 'homoglyph': return homoglyph(text, rng);
    case 'zerowidth': return zeroWidth(text, rng);
    case 'punct': return punct(text, rng);
    case 'emphasis': return emphasis(text, rng);
    case 'typo': return typo(text, rng);
    case 'fullwidth': return fullwidth(text);
    case 'tags': return tags(text);
    case 'dotted': return dotted(text, rng);
  }
}

const ATTACK_MIX: readonly (readonly [Obfuscation, number])[] = [
  ['case', 3], ['leet', 3], ['spaced', 2], ['homoglyph', 3], ['zerowidth', 2], ['punct', 1], ['emphasis', 1], ['typo', 3],
  ['fullwidth', 0.7], ['dotted', 1],
];
const BENIGN_MIX: readonly (readonly [Obfuscation, number])[] = [
  ['case', 3], ['typo', 5], ['punct', 2], ['emphasis', 2], ['leet', 0.4], ['homoglyph', 0.3], ['zerowidth', 0.3], ['spaced', 0.3],
];

/**
 * Obfuscates an attack: one transform, sometimes two stacked. Returns the text and the names used.
 */
export function obfuscateAttack(text: string, rng: Rng): { text: string; used: Obfuscation[] } {
  const used: Obfuscation[] = [rng.weighted(ATTACK_MIX)];
  if (rng.chance(0.2)) {
    const second = rng.weighted(ATTACK_MIX);
    if (second !== used[0]) used.push(second);
  }
  let out = text;
  for (const k of used) out = applyObfuscation(k, out, rng);
  return { text: out, used };
}

/** Light noise for ordinary text, in the same proportions people produce it. */
export function noiseBenign(text: string, rng: Rng): { text: string; used: Obfuscation[] } {
  const k = rng.weighted(BENIGN_MIX);
  return { text: applyObfuscation(k, text, rng), used: [k] };
}

/** Hides `hidden` as invisible tag characters after a visible benign text. */
export function smuggleWithTags(visible: string, hidden: string): string {
  return visible + ' ' + tags(hidden);
}
