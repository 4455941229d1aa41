/**
 * Extra hard negatives for the prompt-injection model: benign texts that share the vocabulary of
 * attacks. Five kinds, in the brief's proportions: instructions addressed to people (25%),
 * security and AI writing that describes or quotes attacks (20%), legitimate system prompts and
 * configurations (20%), code and API docs (15%), and ordinary user requests that direct the
 * assistant with trigger words (20%). English 60%, the sixteen other languages 2.5% each.
 *
 *   import { extraHardNegatives } from './extra-hard-negatives.js';
 *   const rows = extraHardNegatives(new Rng(7), 20_000); // distinct, same seed → same rows
 *
 * Texts are built from hand-written sentence templates grouped by document (see extra/hn-*.ts),
 * 1–8 sentences drawn from one group, wrapped in one of several carriers. Each language × section
 * cell draws from its own stream forked from the seed of `rng`, so the result depends only on that
 * seed and `n`, and editing one pack does not reshuffle the others. The caller's stream is not
 * advanced.
 */
import type { Rng } from './rng.js';
import type { SlotTable } from './template.js';
import { COMMON_SLOTS } from './slots.js';
import { EN_SLOTS } from './slots-en.js';
import { LANGUAGE_PACKS } from './languages/index.js';
import { Composer, fixArticles } from './extra/hn-compose.js';
import { CODE_SLOTS, SCAFFOLDS } from './extra/hn-code.js';
import { makeDraft } from './extra/hn-generate.js';
import { EXTRA_PACKS } from './extra/hn-packs.js';
import { SECTIONS, SECTION_SHARE, type Group, type HnPack, type Section } from './extra/hn-types.js';
import { UI_EN } from './extra/hn-ui.js';

export interface ExtraDraft {
  text: string;
  lang: string;
  carrier: string;
  source: 'user' | 'tool_result' | 'document' | 'model_output' | 'tool_description' | 'system';
}

/** Names, cities, greetings and sign-offs borrowed from the main language packs. */
const BORROWED = ['firstname', 'surname', 'name', 'city', 'company', 'weekday', 'greet', 'signoff'] as const;

function tablesFor(p: HnPack): SlotTable[] {
  if (p.lang === 'en') return [p.slots, EN_SLOTS, COMMON_SLOTS, CODE_SLOTS, UI_EN];
  const main = LANGUAGE_PACKS.find((l) => l.lang === p.lang);
  const borrowed: Record<string, SlotTable[string]> = {};
  for (const k of BORROWED) {
    const v = main?.slots[k];
    if (v !== undefined) borrowed[k] = v;
  }
  // No English word lists here: a slot a pack forgets to define fails loudly instead of
  // silently filling in English (only names, numbers, code slots and ui words fall through).
  return [p.slots, borrowed, COMMON_SLOTS, CODE_SLOTS, UI_EN];
}

export const EXTRA_LANGUAGES: readonly string[] = EXTRA_PACKS.map((p) => p.lang);

/** English gets 60%; the other languages share the remaining 40% equally. */
function languageShare(lang: string): number {
  return lang === 'en' ? 0.6 : 0.4 / (EXTRA_PACKS.length - 1);
}

/** Splits n over weighted cells so the counts sum to exactly n (largest remainder). */
function apportion<T>(n: number, cells: readonly (readonly [T, number])[]): Map<T, number> {
  const total = cells.reduce((s, [, w]) => s + w, 0);
  const raw = cells.map(([k, w]) => [k, (n * w) / total] as const);
  const out = new Map<T, number>(raw.map(([k, v]) => [k, Math.floor(v)]));
  let left = n - [...out.values()].reduce((s, v) => s + v, 0);
  const order = raw.map(([k, v], i) => [k, v - Math.floor(v), i] as const).sort((a, b) => b[1] - a[1] || a[2] - b[2]);
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) out.set(order[i]![0], out.get(order[i]![0])! + 1);
  return out;
}

interface Cell {
  readonly pack: HnPack;
  readonly section: Section;
  readonly composer: Composer;
  quota: number;
  made: number;
  exhausted: boolean;
}

/** Returns n distinct, deterministic hard negatives (see the module comment). */
export function extraHardNegatives(rng: Rng, n: number): ExtraDraft[] {
  const want = Math.max(0, Math.floor(n));
  const cells: Cell[] = [];
  const keys: (readonly [Cell, number])[] = [];
  for (const pack of EXTRA_PACKS) {
    const tables = tablesFor(pack);
    for (const section of SECTIONS) {
      const composer = new Composer(rng.fork(`extra-hn/${pack.lang}/${section}`), tables, pack.lang);
      const cell: Cell = { pack, section, composer, quota: 0, made: 0, exhausted: false };
      cells.push(cell);
      keys.push([cell, languageShare(pack.lang) * SECTION_SHARE[section]]);
    }
  }
  for (const [cell, q] of apportion(want, keys)) cell.quota = q;

  const seen = new Set<string>();
  const out: ExtraDraft[] = [];
  const fill = (cell: Cell, target: number): void => {
    // Give up on a cell after a long run of duplicates: its template space is used up.
    let misses = 0;
    while (cell.made < target && !cell.exhausted) {
      const d = makeDraft(cell.section, cell.composer, cell.pack);
      const text = (cell.pack.lang === 'en' && d.carrier !== 'code' && d.carrier !== 'json' ? fixArticles(d.text) : d.text).trim();
      if (!text || seen.has(text)) {
        if (++misses > 400) cell.exhausted = true;
        continue;
      }
      misses = 0;
      seen.add(text);
      cell.made++;
      out.push({ text, lang: cell.pack.lang, carrier: d.carrier, source: d.source });
    }
  };
  for (const cell of cells) fill(cell, cell.quota);

  // Cells that ran dry hand their shortfall to the same section in English, then to any cell.
  let short = want - out.length;
  const backups = [...cells.filter((c) => c.pack.lang === 'en'), ...cells.filter((c) => c.pack.lang !== 'en')];
  while (short > 0 && backups.some((c) => !c.exhausted)) {
    for (const cell of backups) {
      if (short <= 0) break;
      if (cell.exhausted) continue;
      const before = cell.made;
      fill(cell, cell.made + Math.min(short, Math.max(1, Math.ceil(short * SECTION_SHARE[cell.section]))));
      short -= cell.made - before;
    }
  }
  if (out.length < want) throw new Error(`extraHardNegatives: only ${out.length} distinct texts for n = ${want}`);
  return rng.fork('extra-hn/order').shuffle(out);
}

/**
 * Counts of hand-written sentence templates (openers, lines, closers, common rules and code
 * comments) per language and section, plus titles separately. The language-neutral code scaffolds
 * shared by every language are counted once, under `scaffolds`.
 */
export function extraTemplateCounts(): { scaffolds: number; languages: Record<string, Record<Section | 'titles' | 'total', number>> } {
  const languages: Record<string, Record<Section | 'titles' | 'total', number>> = {};
  const size = (gs: readonly Group[]) => gs.reduce((s, g) => s + g.lines.length + (g.open?.length ?? 0) + (g.close?.length ?? 0), 0);
  for (const p of EXTRA_PACKS) {
    const all = [...p.human, ...p.security, ...p.system, ...p.code, ...p.user];
    const row = {
      human: size(p.human),
      security: size(p.security),
      system: size(p.system) + (p.systemCommon?.length ?? 0),
      code: size(p.code) + p.comments.length,
      user: size(p.user),
      titles: all.reduce((s, g) => s + (g.title?.length ?? 0), 0),
      total: 0,
    };
    row.total = row.human + row.security + row.system + row.code + row.user;
    languages[p.lang] = row;
  }
  return { scaffolds: SCAFFOLDS.length, languages };
}

/**
 * Expands every template of every pack once (titles, openers, lines, closers, comments and each
 * code scaffold), so a test can prove that no slot is missing and nothing is left unfilled.
 */
export function expandEveryTemplate(rng: Rng): { lang: string; text: string }[] {
  const out: { lang: string; text: string }[] = [];
  for (const pack of EXTRA_PACKS) {
    const c = new Composer(rng.fork(`extra-hn/check/${pack.lang}`), tablesFor(pack), pack.lang);
    const groups = [...pack.human, ...pack.security, ...pack.system, ...pack.code, ...pack.user];
    const lists = groups.flatMap((g) => [g.title ?? [], g.open ?? [], g.lines, g.close ?? []]);
    lists.push(pack.systemCommon ?? [], pack.comments);
    for (const list of lists) for (const t of list) out.push({ lang: pack.lang, text: c.x(t) });
    for (const section of SECTIONS) for (let i = 0; i < 40; i++) out.push({ lang: pack.lang, text: makeDraft(section, c, pack).text });
  }
  return out;
}
