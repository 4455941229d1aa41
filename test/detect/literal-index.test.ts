import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadEvalRows } from '../../bench/detect-eval.js';
// The detectors register their literals when their modules load.
import '../../src/detect/index.js';
import { CONVERSATION_LITERALS, MAX_ANCHOR_HITS, type LiteralIndex } from '../../src/detect/rules/literal-index.js';
import { TOOL_POISONING_LITERALS } from '../../src/detect/tool-poisoning.js';
import { normalizeForMatch } from '../../src/detect/text/normalize.js';
import { rng } from '../helpers/rng.js';

/**
 * The one-pass literal scan checked against a plain search written from its contract
 * (literal-index.ts): each literal tried at every position, one after the other.
 */
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029;
const isRegexWord = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isLowerWord = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
const isSpaced = (c: number) => (c >= 0x370 && c <= 0x52f) || (c >= 0x600 && c <= 0x6ff) || (c >= 0xac00 && c <= 0xd7af);

/** Where a literal starting with code unit c may start: ASCII words at \b, spaced-script words at their word start. */
function mayStart(c: number, text: string, i: number, anchor: boolean): boolean {
  const prev = i > 0 ? text.charCodeAt(i - 1) : -1;
  if (c < 128) return !isLowerWord(c) || !isRegexWord(prev);
  if (anchor && isSpaced(c)) return !(isSpaced(prev) || isLowerWord(prev));
  return true;
}

/** The length of text the anchor matches at i, or -1: a space takes one whitespace unit as the anchor's second unit, a run later. */
function anchorAt(a: string, text: string, i: number): number {
  let j = i;
  for (let k = 0; k < a.length; k++) {
    const want = a.charCodeAt(k);
    if (j >= text.length) return -1;
    const got = text.charCodeAt(j);
    if (want === 32) {
      if (!isSpace(got)) return -1;
      j++;
      if (k <= 1) {
        if (j < text.length && isSpace(text.charCodeAt(j))) return -1;
      } else while (j < text.length && isSpace(text.charCodeAt(j))) j++;
    } else {
      if (isSpace(got) || got !== want) return -1;
      j++;
    }
  }
  return j - i;
}

function plainScan(index: LiteralIndex, text: string): { hits: Map<number, number[]>; order: number[]; occ: Array<[number, number]> } {
  const { anchors, strings } = index.registered();
  const hits = new Map<number, number[]>();
  const first: Array<{ id: number; pos: number; len: number }> = [];
  anchors.forEach((a, id) => {
    const c = a.charCodeAt(0);
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) !== c || !mayStart(c, text, i, true) || anchorAt(a, text, i) < 0) continue;
      if (!hits.has(id)) {
        hits.set(id, []);
        first.push({ id, pos: i, len: a.length });
      }
      const list = hits.get(id)!;
      if (list.length < MAX_ANCHOR_HITS) list.push(i);
    }
  });
  // In order of first hit; at one position the shorter anchor is met first.
  const order = first.sort((x, y) => x.pos - y.pos || x.len - y.len).map((f) => f.id);
  const occ: Array<[number, number, number, number]> = [];
  strings.forEach((s, id) => {
    for (let i = text.indexOf(s.text); i >= 0; i = text.indexOf(s.text, i + 1)) {
      if (!s.wordStart || !isRegexWord(i > 0 ? text.charCodeAt(i - 1) : -1)) occ.push([id, i, s.wordStart ? 0 : 1, s.text.length]);
    }
  });
  // By position; at one position strings found only at word starts come first, each kind shortest first.
  occ.sort((x, y) => x[1] - y[1] || x[2] - y[2] || x[3] - y[3]);
  return { hits, order, occ: occ.map(([id, i]) => [id, i]) };
}

function same(index: LiteralIndex, text: string): void {
  const scan = index.scan(text);
  const plain = plainScan(index, text);
  const shown = JSON.stringify(text.slice(0, 200));
  assert.deepEqual([...scan.hitIds], plain.order, `anchors found in ${shown}`);
  scan.hitIds.forEach((id, k) => assert.deepEqual(scan.hitLists[k], plain.hits.get(id), `positions of anchor ${id} in ${shown}`));
  assert.equal(scan.overflow, false);
  const occ = [...scan.occString].map((id, k) => [id, scan.occPos[k]]);
  assert.deepEqual(occ, plain.occ, `strings found in ${shown}`);
}

const INDEXES = [
  { name: 'conversation', index: CONVERSATION_LITERALS },
  { name: 'tool poisoning', index: TOOL_POISONING_LITERALS },
];

describe('literal index', () => {
  it('keeps tool poisoning\'s literals out of the conversation detectors\' index', () => {
    const conversation = new Set(CONVERSATION_LITERALS.registered().anchors);
    const own = TOOL_POISONING_LITERALS.registered().anchors.filter((a) => !conversation.has(a));
    assert.ok(own.length > 100, `tool poisoning has ${own.length} anchors of its own`);
    assert.ok(own.includes('<important'), 'its markup anchors are in its own index');
  });

  for (const { name, index } of INDEXES) {
    it(`${name}: finds what a plain search finds in the evaluation set`, () => {
      for (const row of loadEvalRows()) {
        const text = normalizeForMatch(row.text).text;
        same(index, text);
      }
    });

    it(`${name}: finds what a plain search finds in texts made of the literals themselves, cut, joined and spaced`, () => {
      literalSoup(index);
    });
  }
});

/** Texts made of an index's literals, cut, joined and spaced, each checked against the plain search. */
function literalSoup(index: LiteralIndex): void {
  const { anchors, strings } = index.registered();
  const pool = [...anchors, ...strings.map((s) => s.text)];
  const glue = [' ', '  ', '\n', '\t ', '', '-', '_', '.', 'a', '1', 'я', '中', '\u00a0'];
  const next = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  for (let t = 0; t < 400; t++) {
    let text = '';
    for (let k = 0; k < 12; k++) {
      let lit = pick(pool);
      // Cut short, or with its spaces widened, so walks stop part way and space runs are taken.
      if (next() < 0.3) lit = lit.slice(0, 1 + Math.floor(next() * lit.length));
      if (next() < 0.3) lit = lit.replaceAll(' ', pick([' ', '  ', '\n', ' \t']));
      text += lit + pick(glue);
    }
    same(index, text);
  }
}
