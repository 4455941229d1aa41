/**
 * Extra benign examples with wide vocabulary and style, to stop the injection model from treating
 * anything unfamiliar as suspicious. Three kinds of text, in seventeen languages:
 *
 *   - 45% ordinary user prompts (many domains, imperatives and "you", terse to chatty, pasted
 *     code, errors, logs, CSV and emails),
 *   - 40% documents and tool results (mail, web pages, tickets, chats, notes, READMEs, JSON,
 *     logs, CSV, PDF extracts, code), including imperatives addressed to human readers,
 *   - 15% assistant outputs.
 *
 * English gets 55%, the other sixteen languages share the rest. Every language × kind cell draws
 * from its own forked stream, so the output depends only on the seed and n, and editing one pack
 * leaves the others' examples unchanged. Texts are distinct.
 *
 *   import { extraBenign } from './extra-benign.js';
 *   const rows = extraBenign(new Rng(7), 30_000);
 */
import type { Rng } from './rng.js';
import { expand, type SlotTable } from './template.js';
import { COMMON_SLOTS } from './slots.js';
import { TECH_SLOTS } from './extra/bn-tech.js';
import { EXTRA_PACKS } from './extra/bn-packs.js';
import type { BenignPack, ExtraDraft, Tpl } from './extra/bn-types.js';

export type { ExtraDraft } from './extra/bn-types.js';

type Kind = 'prompts' | 'docs' | 'outputs';
const KIND_SHARE: readonly (readonly [Kind, number])[] = [['prompts', 0.45], ['docs', 0.4], ['outputs', 0.15]];
const EN_SHARE = 0.55;

/** Languages whose prompts may be typed casually (lower-case start, no final punctuation). */
const CASED = /^[A-Za-zÀ-ɏЀ-ӿ]/;

function polishEnglish(s: string): string {
  // "a apple" → "an apple", leaving "a user", "a one-off", "a European".
  return s.replace(/\b([Aa]) (?=[aeiouAEIOU][a-z])(?!u[sn]i|us[aeiu]|one|eu|Eu|ur[aeiou]|uk)/g, '$1n ');
}

class PackGen {
  private readonly tables: readonly SlotTable[];
  constructor(readonly pack: BenignPack) {
    this.tables = [pack.slots, TECH_SLOTS, COMMON_SLOTS];
  }

  draft(kind: Kind, rng: Rng): ExtraDraft {
    const t: Tpl = rng.pick(this.pack[kind]);
    const x = (s: string) => expand(s, rng, this.tables);
    let text = typeof t.make === 'string' ? x(t.make) : t.make(x, rng);
    if (this.pack.lang === 'en') text = polishEnglish(text);
    if (kind === 'prompts') text = casual(text, rng);
    return { text: text.trim(), lang: this.pack.lang, carrier: t.carrier, source: rng.pick(t.sources) };
  }
}

/** People often type prompts without a capital or a final full stop. */
function casual(text: string, rng: Rng): string {
  let t = text;
  if (rng.chance(0.07) && CASED.test(t) && !t.includes('\n')) t = t[0]!.toLowerCase() + t.slice(1);
  if (rng.chance(0.06) && /[^.!?。？！]\.$/.test(t)) t = t.slice(0, -1);
  return t;
}

/** Exact per-cell quotas that add up to n (largest remainder). */
function quotas(n: number, langs: readonly string[]): Map<string, number> {
  const cells: { key: string; exact: number }[] = [];
  const others = langs.length - 1;
  for (const lang of langs) {
    const ls = lang === 'en' ? EN_SHARE : (1 - EN_SHARE) / others;
    for (const [kind, ks] of KIND_SHARE) cells.push({ key: `${lang}/${kind}`, exact: n * ls * ks });
  }
  const out = new Map<string, number>();
  let used = 0;
  for (const c of cells) {
    const q = Math.floor(c.exact);
    out.set(c.key, q);
    used += q;
  }
  const byRemainder = cells.slice().sort((a, b) => (b.exact - Math.floor(b.exact)) - (a.exact - Math.floor(a.exact)) || (a.key < b.key ? -1 : 1));
  for (let i = 0; used < n; i++, used++) {
    const key = byRemainder[i % byRemainder.length]!.key;
    out.set(key, out.get(key)! + 1);
  }
  return out;
}

/** n distinct benign examples, the same for the same seed and n. */
export function extraBenign(rng: Rng, n: number): ExtraDraft[] {
  const gens = EXTRA_PACKS.map((p) => new PackGen(p));
  const q = quotas(n, gens.map((g) => g.pack.lang));
  const seen = new Set<string>();
  const out: ExtraDraft[] = [];
  const shortfall = new Map<Kind, number>();

  const fill = (gen: PackGen, kind: Kind, quota: number, stream: Rng): number => {
    let made = 0;
    for (let attempt = 0; made < quota && attempt < quota * 30 + 50; attempt++) {
      const d = gen.draft(kind, stream);
      if (!d.text || seen.has(d.text)) continue;
      seen.add(d.text);
      out.push(d);
      made++;
    }
    return made;
  };

  for (const gen of gens) {
    for (const [kind] of KIND_SHARE) {
      const want = q.get(`${gen.pack.lang}/${kind}`) ?? 0;
      const made = fill(gen, kind, want, rng.fork(`extra-benign/${gen.pack.lang}/${kind}`));
      if (made < want) shortfall.set(kind, (shortfall.get(kind) ?? 0) + want - made);
    }
  }
  // A small pack that runs out of distinct texts is topped up from English, the largest.
  const en = gens.find((g) => g.pack.lang === 'en') ?? gens[0]!;
  for (const [kind, missing] of shortfall) fill(en, kind, missing, rng.fork(`extra-benign/top-up/${kind}`));
  if (out.length < n) throw new Error(`extraBenign: only ${out.length} distinct texts for n=${n}`);
  return rng.fork('extra-benign/order').shuffle(out);
}

/** Template counts per language and kind, for reports. */
export function extraBenignTemplateCounts(): Record<string, Record<Kind, number>> {
  const out: Record<string, Record<Kind, number>> = {};
  for (const p of EXTRA_PACKS) out[p.lang] = { prompts: p.prompts.length, docs: p.docs.length, outputs: p.outputs.length };
  return out;
}
