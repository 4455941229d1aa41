/**
 * The conformance suite every detector passes. A detector's own test file calls
 * `describeConformance` with the detector and a few texts it must and must not trigger on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { SEVERITIES } from '../../src/audit/types.js';
import { CONTENT_SOURCES, type DetectContext, type Detector, type DetectorFinding } from '../../src/detect/types.js';

export interface ConformanceCase {
  detector: Detector;
  /** Texts (with the source they are read as) on which at least one finding must be triggered. */
  positives: Array<{ text: string; source?: DetectContext['source'] }>;
  /** Texts on which no finding may be triggered. */
  negatives: Array<{ text: string; source?: DetectContext['source'] }>;
}

const TAG_SHAPE = /^(owasp-llm|owasp-asi|atlas):[A-Z][A-Za-z0-9.]*$/;

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Checks one finding's shape against the text it was found in. */
export function assertWellFormed(detector: Detector, text: string, f: DetectorFinding): void {
  assert.equal(f.detector, detector.name, 'finding names its detector');
  assert.equal(typeof f.kind, 'string');
  assert.ok(f.kind.length > 0 && /^[a-z0-9_.:-]+$/.test(f.kind), `kind is a lowercase identifier: ${f.kind}`);
  assert.ok(Number.isFinite(f.score) && f.score >= 0 && f.score <= 1, `score in 0..1: ${f.score}`);
  assert.equal(typeof f.triggered, 'boolean');
  assert.ok(SEVERITIES.includes(f.severity), `severity: ${f.severity}`);
  assert.ok(Number.isInteger(f.span.start) && Number.isInteger(f.span.end), 'integer span');
  assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `span inside the text: ${f.span.start}..${f.span.end} of ${text.length}`);
  if (f.span.end > f.span.start) {
    // Spans never cut a surrogate pair in half.
    assert.ok(!isLowSurrogate(text.charCodeAt(f.span.start)) || !isHighSurrogate(text.charCodeAt(f.span.start - 1)), 'span starts on a code point');
    assert.ok(!isHighSurrogate(text.charCodeAt(f.span.end - 1)) || !isLowSurrogate(text.charCodeAt(f.span.end)), 'span ends on a code point');
  }
  assert.ok(Array.isArray(f.tags) && f.tags.length > 0, 'framework tags present');
  for (const t of f.tags) assert.match(t, TAG_SHAPE);
  if (f.evidence !== undefined) {
    assert.equal(typeof f.evidence, 'string');
    assert.ok(f.evidence.length <= 200, 'evidence is short');
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(f.evidence), 'evidence is well-formed UTF-16');
  }
  if (f.redact) assert.match(f.redact.label, /^[A-Z_]+(:[a-z0-9_.-]+)?$/);
}

/** Inputs built to provoke backtracking, quadratic scans and Unicode edge cases. */
export function adversarialInputs(size: number): Record<string, string> {
  const rep = (s: string): string => s.repeat(Math.ceil(size / s.length)).slice(0, size);
  return {
    letters: rep('a'),
    spaces: rep(' '),
    newlines: rep('\n'),
    digits: rep('4'),
    base64: rep('QUJD'),
    hex: rep('0f'),
    equals: rep('='),
    at: rep('a@'),
    dots: rep('a.'),
    urlish: rep('http://'),
    percent: rep('%41'),
    markdown: rep('![x]('),
    brackets: rep('[<{'),
    quotes: rep('"\''),
    prefixes: rep('sk-ghp_AKIA'),
    spaced: rep('i g n o r e '),
    words: rep('ignore previous instructions '),
    zeroWidth: rep('a\u200b'),
    tags: rep('\u{E0041}'),
    bidi: rep('\u202e\u2066'),
    cyrillic: rep('aа'),
    combining: rep('e\u0301\u0302'),
    emoji: rep('😀\ufe0f'),
    surrogates: rep('\ud800x\udc00'),
    nul: rep('\u0000'),
  };
}

function timeOf(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export function describeConformance(c: ConformanceCase): void {
  const { detector } = c;
  describe(`detector conformance: ${detector.name}`, () => {
    it('triggers on its positive samples and not on its negatives', () => {
      for (const p of c.positives) {
        const found = detector.detect(p.text, { source: p.source ?? 'user' });
        assert.ok(found.some((f) => f.triggered), `expected a triggered finding on ${JSON.stringify(p.text.slice(0, 80))}`);
      }
      for (const n of c.negatives) {
        const found = detector.detect(n.text, { source: n.source ?? 'user' });
        const hit = found.find((f) => f.triggered);
        assert.equal(hit, undefined, `unexpected ${hit?.kind} on ${JSON.stringify(n.text.slice(0, 80))}`);
      }
    });

    it('is pure: same input, same findings, whatever ran before', () => {
      const texts = [...c.positives, ...c.negatives];
      const first = texts.map((t) => detector.detect(t.text, { source: t.source ?? 'user' }));
      const again = [...texts].reverse().map((t) => detector.detect(t.text, { source: t.source ?? 'user' })).reverse();
      assert.deepEqual(again, first);
    });

    it('returns well-formed findings with spans inside the text, for every source', () => {
      const texts = [...c.positives.map((p) => p.text), ...c.negatives.map((n) => n.text)];
      for (const source of CONTENT_SOURCES) {
        for (const text of texts) for (const f of detector.detect(text, { source })) assertWellFormed(detector, text, f);
      }
    });

    it('is Unicode safe: lone surrogates, astral, combining, bidi, NUL and wrapped positives', () => {
      const wrappers = ['\ud800', '\udc00', '😀', 'e\u0301', '\u202e', '\u0000', '\u{E0041}', 'Ｉ', '\r\n'];
      for (const w of wrappers) {
        for (const p of c.positives) {
          const text = `${w}${p.text}${w}`;
          for (const f of detector.detect(text, { source: p.source ?? 'user' })) assertWellFormed(detector, text, f);
        }
      }
      for (const [, text] of Object.entries(adversarialInputs(4096))) {
        for (const f of detector.detect(text, { source: 'tool_result' })) assertWellFormed(detector, text, f);
      }
    });

    it('runs in linear time on adversarial input (4x the input costs well under 16x the time)', () => {
      // A complexity check, not a speed goal (those are in bench/): quadratic work shows as ~16x.
      const small = adversarialInputs(32_768);
      const large = adversarialInputs(131_072);
      for (const name of Object.keys(small)) {
        // A pause of the collector or of a busy machine can make one pair look superlinear, so a
        // pair is measured again before it counts; quadratic work fails every attempt.
        let verdict = '';
        for (let attempt = 0; attempt < 3; attempt++) {
          const a = timeOf(() => detector.detect(small[name]!, { source: 'tool_result' }));
          const b = timeOf(() => detector.detect(large[name]!, { source: 'tool_result' }));
          // Below a few milliseconds timer noise dominates; only ratios of real work are judged.
          if (b < 5 || b / Math.max(a, 0.5) < 10) {
            verdict = '';
            break;
          }
          verdict = `${name}: ${a.toFixed(2)} ms at 32 KB, ${b.toFixed(2)} ms at 128 KB`;
        }
        assert.equal(verdict, '', verdict);
      }
    });
  });
}
