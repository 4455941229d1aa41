/**
 * Helpers that turn a group of sentence templates into a short text: sampling how many sentences,
 * keeping them from one group so the text stays on one subject, and joining them the way the
 * language does (no spaces between CJK sentences).
 */
import type { Rng } from '../rng.js';
import { expand, type SlotTable } from '../template.js';
import type { Group } from './hn-types.js';

export interface Body {
  readonly lang: string;
  readonly title: string;
  readonly lines: readonly string[];
  readonly steps: boolean;
}

/** How many body sentences a text gets: mostly 1–4, sometimes up to 8. */
const LENGTHS: readonly (readonly [number, number])[] = [[1, 14], [2, 22], [3, 22], [4, 16], [5, 10], [6, 7], [7, 5], [8, 4]];

const CJK_END = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]$/;

export function joinSentences(lang: string, lines: readonly string[]): string {
  let out = '';
  for (const l of lines) {
    if (!out) out = l;
    else out += (lang === 'zh' || lang === 'ja') && CJK_END.test(out) ? l : ' ' + l;
  }
  return out;
}

/**
 * English a/an after slot filling ("a orange" → "an orange"), leaving "a user", "a one-off",
 * "a European", and "Payments's" → "Payments'" after company names. Prose only, never code.
 */
export function fixArticles(s: string): string {
  return s.replace(/\b([A-Z][a-z]+s)'s\b/g, "$1'").replace(/\b([Aa]) (?=[aeiouAEIOU][a-z])(?!u[sn]i|us[aeiu]|one|eu|Eu|ur[aeiou]|uk)/g, '$1n ');
}

export class Composer {
  constructor(readonly rng: Rng, readonly tables: readonly SlotTable[], readonly lang: string) {}

  x(t: string): string {
    const s = expand(t, this.rng, this.tables);
    return this.lang === 'en' ? fixArticles(s) : s;
  }

  /** Expands with an extra table in front and no English touch-ups (for code). */
  withTable(local: SlotTable, t: string): string {
    return expand(t, this.rng, [local, ...this.tables]);
  }

  any(list: readonly string[]): string {
    return this.x(this.rng.pick(list));
  }

  /** A body from one group: optional opener, `lo`–`hi` sampled lines, optional closer. */
  body(g: Group, lo = 1, hi = 8, closeP = 0.35): Body {
    const r = this.rng;
    const max = Math.min(hi, g.max ?? 8, g.lines.length);
    let k = r.weighted(LENGTHS);
    if (k < lo) k = lo;
    if (k > max) k = max;
    const lines: string[] = [];
    if (g.open && g.open.length) lines.push(this.any(g.open));
    // Steps keep their written order, so a procedure still reads from first to last.
    const picked = g.steps ? r.sample(g.lines.map((_, i) => i), k).sort((a, b) => a - b).map((i) => g.lines[i]!) : r.sample(g.lines, k);
    for (const t of picked) lines.push(this.x(t));
    if (g.close && g.close.length && r.chance(closeP)) lines.push(this.any(g.close));
    const title = g.title && g.title.length ? this.any(g.title) : '';
    return { lang: this.lang, title, lines, steps: g.steps === true };
  }

  /** Picks a group, weighting each by the number of its lines so big groups are not starved. */
  group(groups: readonly Group[]): Group {
    return this.rng.weighted(groups.map((g) => [g, Math.sqrt(g.lines.length + (g.open?.length ?? 0))] as const));
  }
}

/**
 * Code scaffolds are full of braces and pipes, which the template language treats as syntax.
 * `codeTpl` lets a scaffold be written as plain code with «a|b» for alternatives (nestable) and
 * ⟨slot⟩ for slots: everything outside «» is escaped so it comes out literally.
 */
const codeCache = new Map<string, string>();
export function codeTpl(src: string): string {
  const hit = codeCache.get(src);
  if (hit !== undefined) return hit;
  let out = '';
  let depth = 0;
  let inSlot = false;
  for (const ch of src) {
    if (inSlot) {
      out += ch;
      if (ch === '⟩') inSlot = false;
    } else if (ch === '⟨') {
      out += ch;
      inSlot = true;
    } else if (ch === '«') {
      depth++;
      out += '{';
    } else if (ch === '»') {
      depth--;
      out += '}';
    } else if (ch === '|' && depth > 0) out += '|';
    else if (ch === '{' || ch === '}' || ch === '|' || ch === '\\') out += '\\' + ch;
    else out += ch;
  }
  if (depth !== 0) throw new Error(`unbalanced «» in code template: ${src.slice(0, 60)}`);
  codeCache.set(src, out);
  return out;
}
