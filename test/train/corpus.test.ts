import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildCorpus, CATEGORIES, LANGUAGES, type CorpusExample } from '../../train/corpus/index.js';

const EXPECTED_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ru', 'pl', 'tr', 'zh', 'ja', 'ko', 'ar', 'hi', 'id', 'vi'];

describe('injection training corpus', () => {
  const small = buildCorpus({ seed: 11, size: 'small' });

  it('is deterministic for a seed and changes with the seed', () => {
    const again = buildCorpus({ seed: 11, size: 'small' });
    assert.deepEqual(again, small);
    const other = buildCorpus({ seed: 12, size: 'small' });
    assert.notDeepEqual(other.map((e) => e.text), small.map((e) => e.text));
  });

  it('has about 6.5k examples with both labels (5k templated, 40% positive, plus 1.5k extra negatives)', () => {
    assert.ok(small.length >= 6000 && small.length <= 7000, `size ${small.length}`);
    const pos = small.filter((e) => e.label === 1).length;
    assert.ok(pos > 0 && pos < small.length);
    const share = pos / small.length;
    assert.ok(share > 0.27 && share < 0.35, `positive share ${share}`);
  });

  it('labels agree with categories, and every category is present', () => {
    for (const e of small) {
      const expected = e.category === 'injection' || e.category === 'jailbreak' ? 1 : 0;
      assert.equal(e.label, expected, `${e.category} labelled ${e.label}`);
    }
    const seen = new Set(small.map((e) => e.category));
    for (const c of CATEGORIES) assert.ok(seen.has(c), `missing category ${c}`);
  });

  it('covers every listed language, each with both labels and all categories', () => {
    assert.deepEqual([...LANGUAGES].sort(), [...EXPECTED_LANGUAGES].sort());
    const byLang = new Map<string, CorpusExample[]>();
    for (const e of small) byLang.set(e.lang, [...(byLang.get(e.lang) ?? []), e]);
    for (const lang of EXPECTED_LANGUAGES) {
      const rows = byLang.get(lang) ?? [];
      assert.ok(rows.length > 0, `missing language ${lang}`);
      for (const c of CATEGORIES) assert.ok(rows.some((e) => e.category === c), `${lang} has no ${c}`);
    }
  });

  it('has no empty or duplicate texts', () => {
    const texts = new Set<string>();
    for (const e of small) {
      assert.ok(e.text.trim().length > 0, 'empty text');
      assert.equal(e.text, e.text.trim());
      assert.ok(!texts.has(e.text), `duplicate: ${e.text.slice(0, 80)}`);
      texts.add(e.text);
    }
  });

  it('leaves no unexpanded template syntax behind', () => {
    for (const e of small) assert.ok(!/[⟨⟩]/.test(e.text), `unexpanded slot in: ${e.text.slice(0, 120)}`);
  });

  it('uses several carriers and sources for both labels', () => {
    for (const label of [0, 1] as const) {
      const rows = small.filter((e) => e.label === label);
      assert.ok(new Set(rows.map((e) => e.carrier)).size >= 15, `label ${label} carriers`);
      assert.ok(new Set(rows.map((e) => e.source)).size >= 4, `label ${label} sources`);
    }
  });
});
