/**
 * Detector quality on the project's own evaluation set (bench/data/detect-eval, written apart
 * from the training corpus): precision, recall and false-positive rate per detector, and for
 * injection + jailbreak together (a row counts as detected when either triggers) the recall on
 * attacks and the false-positive rate on benign prompts and on hard negatives.
 *
 * `node dist/bench/detect-quality.js --misses` also prints the rows each detector got wrong.
 */
import { createDetectorSuite } from '../src/detect/index.js';
import { defaultDetectorsConfig } from '../src/detect/config.js';
import type { DetectorFinding } from '../src/detect/types.js';
import { loadEvalRows, type EvalRow } from './detect-eval.js';
import { machine } from './lib.js';

const showMisses = process.argv.includes('--misses');
const suite = createDetectorSuite(defaultDetectorsConfig());
const rows = loadEvalRows();
const results = rows.map((r) => ({ row: r, findings: suite.scan(r.text, { source: r.source }) }));

const triggered = (fs: DetectorFinding[], names: readonly string[]) => fs.some((f) => f.triggered && names.includes(f.detector));
const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`);

/**
 * Which rows judge a detector: its positives (rows expecting it) and, as negatives, the rows of
 * its own file that do not expect it plus the benign and hard-negative rows (PII excepted: an
 * ordinary email legitimately holds addresses, so PII is judged on its own look-alikes).
 */
function population(detector: string, r: EvalRow): 'pos' | 'neg' | undefined {
  if (r.expect.includes(detector)) return 'pos';
  const themeFile: Record<string, string[]> = {
    prompt_injection: ['injection', 'jailbreak'],
    jailbreak: ['jailbreak', 'injection'],
    secrets: ['secrets'],
    pii: ['pii'],
    exfiltration: ['exfiltration'],
    unicode: ['unicode'],
    encoding: ['encoding'],
    tool_poisoning: ['tool-poisoning'],
  };
  if (themeFile[detector]?.includes(r.file)) {
    // Injection and jailbreak rows are attacks for both; neither counts as a false positive on the other.
    if ((detector === 'prompt_injection' || detector === 'jailbreak') && (r.expect.includes('prompt_injection') || r.expect.includes('jailbreak'))) return undefined;
    return 'neg';
  }
  if (detector !== 'pii' && (r.category === 'benign' || r.category === 'hard_negative')) return 'neg';
  if (detector === 'tool_poisoning' && r.category === 'tool_benign') return 'neg';
  return undefined;
}

const detectors = ['prompt_injection', 'jailbreak', 'secrets', 'pii', 'exfiltration', 'unicode', 'encoding', 'tool_poisoning'];
const table: Array<Record<string, string | number>> = [];
const misses: string[] = [];
for (const d of detectors) {
  let tp = 0, fn = 0, fp = 0, tn = 0;
  for (const { row, findings } of results) {
    const pop = population(d, row);
    if (!pop) continue;
    const hit = triggered(findings, [d]);
    if (pop === 'pos') hit ? tp++ : (fn++, misses.push(`${d} missed   ${row.id}: ${row.text.slice(0, 140).replace(/\s+/g, ' ')}`));
    else hit ? (fp++, misses.push(`${d} false+   ${row.id}: ${row.text.slice(0, 140).replace(/\s+/g, ' ')}`)) : tn++;
  }
  table.push({ detector: d, positives: tp + fn, negatives: fp + tn, precision: pct(tp, tp + fp), recall: pct(tp, tp + fn), fpr: pct(fp, fp + tn) });
}

// Injection + jailbreak together, as the issue's goal is stated.
const ATTACK = new Set(['direct_injection', 'indirect_injection', 'jailbreak']);
const both = ['prompt_injection', 'jailbreak'];
const group = (pred: (r: EvalRow) => boolean) => {
  const rs = results.filter((x) => pred(x.row));
  return { n: rs.length, hit: rs.filter((x) => triggered(x.findings, both)).length };
};
const attacks = group((r) => ATTACK.has(r.category));
const benign = group((r) => r.category === 'benign');
const hard = group((r) => r.category === 'hard_negative');
const byCategory: Record<string, string> = {};
for (const c of [...ATTACK]) {
  const g = group((r) => r.category === c);
  byCategory[c] = `${pct(g.hit, g.n)} of ${g.n}`;
}
const langs = [...new Set(results.filter((x) => ATTACK.has(x.row.category)).map((x) => x.row.lang ?? '?'))].sort();
const byLang: Record<string, string> = {};
for (const l of langs) {
  const g = group((r) => ATTACK.has(r.category) && (r.lang ?? '?') === l);
  byLang[l] = `${g.hit}/${g.n}`;
}

console.log('| detector | positives | negatives | precision | recall | false-positive rate |');
console.log('|---|---|---|---|---|---|');
for (const t of table) console.log(`| ${t.detector} | ${t.positives} | ${t.negatives} | ${t.precision} | ${t.recall} | ${t.fpr} |`);
console.log('');
console.log(`injection + jailbreak: recall ${pct(attacks.hit, attacks.n)} of ${attacks.n} attacks (goal >= 90%), false positives ${pct(benign.hit, benign.n)} of ${benign.n} benign (goal <= 2%), ${pct(hard.hit, hard.n)} of ${hard.n} hard negatives (goal <= 10%)`);
console.log(`  by category: ${Object.entries(byCategory).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`  detected by language: ${Object.entries(byLang).map(([k, v]) => `${k} ${v}`).join(', ')}`);
// The same attacks and negatives read as a user's message, as `warden scan` reads rows that do not say their source.
const unsourced = results.filter((x) => ATTACK.has(x.row.category) || x.row.category === 'benign' || x.row.category === 'hard_negative').map((x) => ({ row: x.row, findings: x.row.source === 'user' ? x.findings : suite.scan(x.row.text, { source: 'user' }) }));
const us = (pred: (r: EvalRow) => boolean) => {
  const rs = unsourced.filter((x) => pred(x.row));
  return { n: rs.length, hit: rs.filter((x) => triggered(x.findings, both)).length };
};
const usAttacks = us((r) => ATTACK.has(r.category));
const usBenign = us((r) => r.category === 'benign');
const usHard = us((r) => r.category === 'hard_negative');
console.log(`  every row read as a user message (no source given): recall ${pct(usAttacks.hit, usAttacks.n)}, false positives ${pct(usBenign.hit, usBenign.n)} benign, ${pct(usHard.hit, usHard.n)} hard negatives`);
if (showMisses) console.log(`\n${misses.join('\n')}`);
console.log(JSON.stringify({ bench: 'detect-quality', machine: machine(), rows: rows.length, detectors: table, combined: { attacks, benign, hard, byCategory, byLang }, unsourced: { attacks: usAttacks, benign: usBenign, hard: usHard } }));
