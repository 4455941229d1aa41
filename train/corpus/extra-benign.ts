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
import { capFirst, expand, type SlotTable } from './template.js';
import { COMMON_SLOTS } from './slots.js';
import { TECH_SLOTS, codeSnippet, csvBlock, jsonBlob, logBlock, stackTrace } from './extra/bn-tech.js';
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

/**
 * Pasted code, traces, logs, CSV and JSON are generated raw and spliced in after expansion, so the
 * template tidier (which collapses spaces and fixes " ." in prose) never touches them.
 */
const RAW: Readonly<Record<string, (r: Rng) => string>> = { codeblock: codeSnippet, trace: stackTrace, logs: logBlock, csv: csvBlock, json: jsonBlob };
/** Slots that keep one value for a whole document, so a hotel or a recipe stays the same throughout. */
const DOC_STICKY = new Set(['company', 'hotel', 'weekday', 'dish', 'plat', 'plato', 'piatto', 'prato', 'gerecht', 'gericht', 'dishAcc']);
const RAW_MARK = /\uE000(\d+)\uE001/g;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Per-draft slot layer: raw blocks, ⟨@name⟩ (one value of ⟨name⟩ per draft), ⟨@tick⟩ (a clock
 * that moves forward, for chat logs) and ⟨date⟩ dates that move forward within one text.
 */
class DraftLayer {
  readonly raw: string[] = [];
  private readonly memo = new Map<string, string>();
  private minute = -1;
  private day = -1;
  readonly table: SlotTable;

  constructor(private readonly base: readonly SlotTable[], private readonly stickyDocs: boolean) {
    const self = this;
    this.table = new Proxy({} as Record<string, (r: Rng) => string>, {
      get(_t, prop) {
        return typeof prop === 'string' ? self.slot(prop) : undefined;
      },
    });
  }

  private slot(name: string): ((r: Rng) => string) | undefined {
    const raw = RAW[name];
    if (raw) return (r) => `\uE000${this.raw.push(raw(r)) - 1}\uE001`;
    if (name === 'date') return (r) => this.nextDate(r);
    if (name === '@tick') return (r) => this.nextTick(r);
    if (name[0] === '@') {
      const inner = name.slice(1);
      const cap = inner[0] !== inner[0]?.toLowerCase();
      const key = cap ? inner[0]!.toLowerCase() + inner.slice(1) : inner;
      return (r) => {
        const v = this.remember(key, r);
        return cap ? capFirst(v) : v;
      };
    }
    if (this.stickyDocs && DOC_STICKY.has(name)) return (r) => this.remember(name, r);
    return undefined;
  }

  private remember(key: string, r: Rng): string {
    let v = this.memo.get(key);
    if (v === undefined) {
      v = expand(`⟨${key}⟩`, r, this.base);
      this.memo.set(key, v);
    }
    return v;
  }

  private nextTick(r: Rng): string {
    this.minute = this.minute < 0 ? r.range(7 * 60, 21 * 60) : this.minute + r.range(0, 3);
    return `${pad2(Math.floor(this.minute / 60) % 24)}:${pad2(this.minute % 60)}`;
  }

  private nextDate(r: Rng): string {
    // Days since 2019-01-01; later dates in the same text never come before earlier ones.
    this.day = this.day < 0 ? r.int(8 * 365) : this.day + r.range(1, 21);
    const d = new Date(Date.UTC(2019, 0, 1) + this.day * 86_400_000);
    return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  }

  splice(text: string): string {
    return this.raw.length ? text.replace(RAW_MARK, (_m, i: string) => this.raw[Number(i)] ?? '') : text;
  }
}

class PackGen {
  private readonly base: readonly SlotTable[];
  constructor(readonly pack: BenignPack) {
    this.base = [pack.slots, TECH_SLOTS, COMMON_SLOTS];
  }

  draft(kind: Kind, rng: Rng): ExtraDraft {
    const t: Tpl = rng.pick(this.pack[kind]);
    const layer = new DraftLayer(this.base, kind === 'docs');
    const tables = [layer.table, ...this.base];
    const x = (s: string) => expand(s, rng, tables);
    let text = typeof t.make === 'string' ? x(t.make) : t.make(x, rng);
    if (this.pack.lang === 'en') text = polishEnglish(text);
    if (kind === 'prompts' && this.pack.lang === 'en') text = addressAssistant(text, rng);
    if (kind === 'prompts') text = casual(text, rng, this.pack.lang);
    text = layer.splice(text);
    return { text: text.trim(), lang: this.pack.lang, carrier: t.carrier, source: rng.pick(t.sources) };
  }
}

const EN_IMPERATIVE = /^(?:Write|Explain|List|Give|Help|Make|Rewrite|Translate|Tell|Show|Draft|Summari[sz]e|Plan|Design|Suggest|Recommend|Generate|Add|Refactor|Review|Convert|Solve|Compare|Outline|Proofread|Correct|Scale|Turn|Clean|Create|Calculate|Find|Build|Quiz|Check|Reply) /;
const EN_ASK = ['Can you ', 'Could you ', 'Would you ', 'Could you please ', 'Can you please ', 'Hey, can you ', 'Would you mind helping me? '];
const EN_TELL = ['Please ', 'I need you to ', "I'd like you to ", 'I want you to ', 'For this one, please '];

/**
 * Users address assistants as "you" all the time ("Can you write...", "I need you to..."), so a
 * share of English imperative prompts get one of those openings.
 */
function addressAssistant(text: string, rng: Rng): string {
  if (!EN_IMPERATIVE.test(text) || !rng.chance(0.4)) return text;
  const ask = rng.chance(0.6);
  const lead = rng.pick(ask ? EN_ASK : EN_TELL);
  // "Would you mind helping me?" is a full sentence, so the request keeps its capital.
  const body = lead.endsWith('? ') ? text : text[0]!.toLowerCase() + text.slice(1);
  const out = lead + body;
  return ask && !lead.endsWith('? ') && !out.includes('\n') && out.endsWith('.') ? out.slice(0, -1) + '?' : out;
}

/** People often type prompts without a capital or a final full stop. */
function casual(text: string, rng: Rng, lang: string): string {
  let t = text;
  if (rng.chance(0.07) && CASED.test(t) && !t.includes('\n')) t = t[0]!.toLocaleLowerCase(lang) + t.slice(1);
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
