/**
 * A tiny template language so that each line of phrasing in the corpus stands for many variants:
 *
 *   {a|b|c}    one of the alternatives (nestable; `{a|}` makes `a` optional)
 *   ⟨slot⟩     a filler from the slot tables; the filler is itself a template
 *   ⟨Slot⟩     the same filler with its first letter upper-cased
 *   \{ \} \| \⟨ \\   literal characters
 *
 * Angle brackets ⟨⟩ (U+27E8/U+27E9) were chosen for slots because they never occur in the text we
 * want to produce, whereas [SYSTEM], <system> and <|im_start|> do.
 */
import type { Rng } from './rng.js';

export type SlotValue = readonly string[] | ((rng: Rng) => string);
export type SlotTable = Readonly<Record<string, SlotValue>>;

type Node = string | { readonly alt: readonly Node[][] } | { readonly slot: string; readonly cap: boolean };

const parsed = new Map<string, Node[]>();

function parse(src: string): Node[] {
  let i = 0;
  function seq(inBraces: boolean): Node[][] {
    const alts: Node[][] = [];
    let cur: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) cur.push(text);
      text = '';
    };
    while (i < src.length) {
      const ch = src[i]!;
      if (ch === '\\' && i + 1 < src.length) {
        text += src[i + 1];
        i += 2;
      } else if (ch === '{') {
        i++;
        flush();
        cur.push({ alt: seq(true) });
      } else if (ch === '}' && inBraces) {
        i++;
        flush();
        alts.push(cur);
        return alts;
      } else if (ch === '|' && inBraces) {
        i++;
        flush();
        alts.push(cur);
        cur = [];
      } else if (ch === '⟨') {
        const end = src.indexOf('⟩', i);
        if (end < 0) throw new Error(`unclosed slot in template: ${src}`);
        flush();
        const name = src.slice(i + 1, end);
        const first = name[0] ?? '';
        const cap = first !== first.toLowerCase();
        cur.push({ slot: cap ? first.toLowerCase() + name.slice(1) : name, cap });
        i = end + 1;
      } else {
        text += ch;
        i++;
      }
    }
    if (inBraces) throw new Error(`unclosed brace in template: ${src}`);
    flush();
    alts.push(cur);
    return alts;
  }
  return seq(false)[0] ?? [];
}

function compiled(src: string): Node[] {
  let nodes = parsed.get(src);
  if (!nodes) {
    nodes = parse(src);
    parsed.set(src, nodes);
  }
  return nodes;
}

export function capFirst(s: string): string {
  if (!s) return s;
  const cp = s.codePointAt(0)!;
  const first = String.fromCodePoint(cp);
  return first.toUpperCase() + s.slice(first.length);
}

function lookup(name: string, tables: readonly SlotTable[]): SlotValue {
  for (const t of tables) {
    const v = t[name];
    if (v !== undefined) return v;
  }
  throw new Error(`unknown slot ⟨${name}⟩`);
}

function render(nodes: readonly Node[], rng: Rng, tables: readonly SlotTable[], depth: number): string {
  if (depth > 16) throw new Error('template recursion too deep');
  let out = '';
  for (const n of nodes) {
    if (typeof n === 'string') out += n;
    else if ('alt' in n) out += render(rng.pick(n.alt), rng, tables, depth);
    else {
      const v = lookup(n.slot, tables);
      const s = typeof v === 'function' ? v(rng) : render(compiled(rng.pick(v)), rng, tables, depth + 1);
      out += n.cap ? capFirst(s) : s;
    }
  }
  return out;
}

/** Expands a template; spaces doubled by empty alternatives are tidied. */
export function expand(template: string, rng: Rng, tables: readonly SlotTable[]): string {
  return tidy(render(compiled(template), rng, tables, 0));
}

/** Expands one template picked at random from a list. */
export function expandAny(templates: readonly string[], rng: Rng, tables: readonly SlotTable[]): string {
  return expand(rng.pick(templates), rng, tables);
}

export function tidy(s: string): string {
  // Cheap checks first: most expansions need none of these rewrites.
  let t = s;
  if (t.includes('  ') || t.includes('\t')) t = t.replace(/(\S)[ \t]{2,}/g, '$1 ');
  if (t.includes(' ,') || t.includes(' ;')) t = t.replace(/(\S) +([,;])/g, '$1$2');
  if (t.includes(' .')) t = t.replace(/([\p{L}`"')]) +\.(?=\s|$)/gu, '$1.');
  if (t.includes(' \n') || t.includes('\t\n')) t = t.replace(/[ \t]+\n/g, '\n');
  return t.trim();
}

/** Escapes text so it passes through expand() unchanged. */
export function esc(s: string): string {
  return s.replace(/[\\{}|⟨]/g, (c) => '\\' + c);
}
