/**
 * Prints corpus counts per category, language, carrier and source, and how long generation took.
 *   node dist/train/corpus/stats.js [full|small] [seed]
 */
import { buildCorpus, DEFAULT_SEED, type CorpusExample } from './index.js';

function count(rows: readonly CorpusExample[], key: (e: CorpusExample) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]);
}

function table(title: string, rows: [string, number][], total: number): void {
  console.log(`\n${title}`);
  for (const [k, n] of rows) console.log(`  ${k.padEnd(22)} ${String(n).padStart(7)}  ${((100 * n) / total).toFixed(1).padStart(5)}%`);
}

const size = process.argv[2] === 'small' ? 'small' : 'full';
const seed = process.argv[3] ? Number(process.argv[3]) : DEFAULT_SEED;
const t0 = performance.now();
const corpus = buildCorpus({ seed, size });
const ms = performance.now() - t0;
const n = corpus.length;
const pos = corpus.filter((e) => e.label === 1).length;
const chars = corpus.reduce((s, e) => s + e.text.length, 0);
console.log(`corpus size=${size} seed=${seed}: ${n} examples, ${pos} positive (${((100 * pos) / n).toFixed(1)}%), mean ${Math.round(chars / n)} chars, built in ${ms.toFixed(0)} ms`);
table('category', count(corpus, (e) => e.category), n);
table('language', count(corpus, (e) => e.lang), n);
table('language × label', count(corpus, (e) => `${e.lang} ${e.label}`).sort((a, b) => a[0].localeCompare(b[0])), n);
table('carrier', count(corpus, (e) => e.carrier), n);
table('source', count(corpus, (e) => e.source), n);
