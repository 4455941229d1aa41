import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../train/corpus/rng.js';
import {
  EXTRA_LANGUAGES,
  expandEveryTemplate,
  extraHardNegatives,
  extraTemplateCounts,
} from '../../train/corpus/extra-hard-negatives.js';

const EXPECTED_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ru', 'pl', 'tr', 'zh', 'ja', 'ko', 'ar', 'hi', 'id', 'vi'];
const SOURCES: ReadonlySet<string> = new Set(['user', 'tool_result', 'document', 'model_output', 'tool_description', 'system']);

describe('extra hard negatives', () => {
  const rows = extraHardNegatives(new Rng(41), 3000);

  it('is deterministic for a seed and changes with the seed', () => {
    assert.deepEqual(extraHardNegatives(new Rng(41), 3000), rows);
    const other = extraHardNegatives(new Rng(42), 3000);
    assert.notDeepEqual(other.map((r) => r.text), rows.map((r) => r.text));
  });

  it('does not advance the caller\'s stream', () => {
    const a = new Rng(9);
    extraHardNegatives(a, 50);
    assert.equal(a.u32(), new Rng(9).u32());
  });

  it('returns exactly n distinct, trimmed, non-empty texts', () => {
    assert.equal(rows.length, 3000);
    assert.equal(new Set(rows.map((r) => r.text)).size, 3000);
    for (const r of rows) {
      assert.ok(r.text.length > 0);
      assert.equal(r.text, r.text.trim());
    }
    for (const n of [0, 1, 7, 250]) {
      const few = extraHardNegatives(new Rng(3), n);
      assert.equal(few.length, n);
      assert.equal(new Set(few.map((r) => r.text)).size, n);
    }
  });

  it('covers every language at n = 3000, with English about 60%', () => {
    assert.deepEqual([...EXTRA_LANGUAGES].sort(), [...EXPECTED_LANGUAGES].sort());
    const langs = new Set(rows.map((r) => r.lang));
    for (const l of EXPECTED_LANGUAGES) assert.ok(langs.has(l), `missing ${l}`);
    const en = rows.filter((r) => r.lang === 'en').length / rows.length;
    assert.ok(en > 0.55 && en < 0.65, `English share ${en}`);
  });

  it('uses many carriers and every source, including system prompts', () => {
    const carriers = new Set(rows.map((r) => r.carrier));
    for (const c of ['plain', 'email', 'html', 'markdown', 'forum', 'chat', 'code', 'json', 'ticket', 'pdf_text']) assert.ok(carriers.has(c), `missing carrier ${c}`);
    for (const r of rows) assert.ok(SOURCES.has(r.source), `bad source ${r.source}`);
    const sources: ReadonlySet<string> = new Set(rows.map((r) => r.source));
    for (const s of SOURCES) assert.ok(sources.has(s), `missing source ${s}`);
  });

  it('leaves no template syntax unfilled', () => {
    for (const r of rows) {
      assert.ok(!/[⟨⟩]/.test(r.text), `unfilled slot: ${r.text.slice(0, 120)}`);
      assert.ok(!/\bundefined\b|\[object Object\]/.test(r.text), `bad fill: ${r.text.slice(0, 120)}`);
    }
  });

  it('expands every template of every pack without a missing slot', () => {
    const all = expandEveryTemplate(new Rng(5));
    assert.ok(all.length > 3000);
    for (const { lang, text } of all) {
      assert.ok(text.trim().length > 0, `${lang}: empty expansion`);
      assert.ok(!/[⟨⟩]/.test(text), `${lang}: unfilled slot in ${text.slice(0, 120)}`);
      assert.ok(!/\bundefined\b/.test(text), `${lang}: undefined in ${text.slice(0, 120)}`);
    }
  });

  it('has many templates: hundreds in English, at least 15 per other language', () => {
    const { languages, scaffolds } = extraTemplateCounts();
    assert.ok(scaffolds >= 30, `scaffolds ${scaffolds}`);
    assert.ok(languages.en!.total >= 600, `en ${languages.en!.total}`);
    for (const l of EXPECTED_LANGUAGES) {
      const row = languages[l]!;
      assert.ok(row.total >= 15, `${l} has ${row.total}`);
      for (const s of ['human', 'security', 'system', 'code', 'user'] as const) assert.ok(row[s] > 0, `${l} has no ${s}`);
    }
  });
});
