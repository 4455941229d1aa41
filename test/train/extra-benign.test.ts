import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../train/corpus/rng.js';
import { extraBenign, extraBenignTemplateCounts } from '../../train/corpus/extra-benign.js';

const LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ru', 'pl', 'tr', 'zh', 'ja', 'ko', 'ar', 'hi', 'id', 'vi'];
const SOURCES = new Set(['user', 'tool_result', 'document', 'model_output', 'tool_description', 'system']);

/** Phrases that belong to attacks; none may appear in ordinary benign text. */
const DENY: readonly RegExp[] = [
  /ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts|rules)/i,
  /disregard (all |any )?(the )?(previous|prior|above) (instructions|prompts|rules)/i,
  /system ?prompt/i,
  /jailbr(ea|oa)k/i,
  /\bDAN\b/,
  /do anything now/i,
  /developer mode/i,
  /\bpwned\b/i,
  /you are now (an? )?(unrestricted|unfiltered|evil)/i,
  /Systemprompt|システムプロンプト|系统提示|시스템 프롬프트|системн\S* промпт/i,
];

describe('extra benign corpus', () => {
  const n = 3000;
  const rows = extraBenign(new Rng(11), n);

  it('is deterministic for a seed and changes with the seed', () => {
    assert.deepEqual(extraBenign(new Rng(11), n), rows);
    const other = extraBenign(new Rng(12), n);
    assert.notDeepEqual(other.map((r) => r.text), rows.map((r) => r.text));
  });

  it('returns exactly n distinct, trimmed, non-empty texts', () => {
    assert.equal(rows.length, n);
    assert.equal(new Set(rows.map((r) => r.text)).size, n);
    for (const r of rows) {
      assert.ok(r.text.length > 0);
      assert.equal(r.text, r.text.trim());
    }
    assert.equal(extraBenign(new Rng(3), 1).length, 1);
    assert.equal(extraBenign(new Rng(3), 0).length, 0);
  });

  it('covers every language, with English about 55%', () => {
    const byLang = new Map<string, number>();
    for (const r of rows) byLang.set(r.lang, (byLang.get(r.lang) ?? 0) + 1);
    assert.deepEqual([...byLang.keys()].sort(), [...LANGS].sort());
    const en = (byLang.get('en') ?? 0) / n;
    assert.ok(en > 0.5 && en < 0.6, `English share ${en}`);
    for (const lang of LANGS) assert.ok((byLang.get(lang) ?? 0) >= 60, `${lang}: ${byLang.get(lang)}`);
  });

  it('mixes prompts, documents and assistant outputs in every language', () => {
    for (const lang of LANGS) {
      const mine = rows.filter((r) => r.lang === lang);
      assert.ok(mine.some((r) => r.source === 'user'), `${lang} has no prompts`);
      assert.ok(mine.some((r) => r.source === 'tool_result' || r.source === 'document'), `${lang} has no documents`);
      assert.ok(mine.some((r) => r.source === 'model_output'), `${lang} has no outputs`);
    }
    const users = rows.filter((r) => r.source === 'user').length / n;
    const outputs = rows.filter((r) => r.source === 'model_output').length / n;
    assert.ok(users > 0.4 && users < 0.5, `prompt share ${users}`);
    assert.ok(outputs > 0.12 && outputs < 0.18, `output share ${outputs}`);
    for (const r of rows) assert.ok(SOURCES.has(r.source), r.source);
    assert.ok(new Set(rows.map((r) => r.carrier)).size >= 10);
  });

  it('has at least 20 templates per language', () => {
    for (const [lang, c] of Object.entries(extraBenignTemplateCounts())) {
      assert.ok(c.prompts + c.docs + c.outputs >= 20, `${lang}: ${JSON.stringify(c)}`);
    }
  });

  it('leaves no unfilled slots, alternatives or placeholders', () => {
    for (const r of rows) {
      assert.ok(!/[⟨⟩\uE000\uE001]/.test(r.text), `unfilled in: ${r.text.slice(0, 160)}`);
      assert.ok(!/\{[\p{L} ']{1,40}\|[\p{L} ']{0,40}\}/u.test(r.text), `unexpanded alternative in: ${r.text.slice(0, 160)}`);
    }
  });

  it('contains no attack phrases', () => {
    const big = extraBenign(new Rng(5), 20_000);
    for (const r of [...rows, ...big]) {
      for (const re of DENY) assert.ok(!re.test(r.text), `${re} matched: ${r.text.slice(0, 200)}`);
    }
  });
});
