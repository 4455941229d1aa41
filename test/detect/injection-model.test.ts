import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockOf, blockSums, extractFeatures } from '../../src/detect/model/features.js';
import { decodeModel, encodeModel, scoreText, sigmoid, windowRanges, type LinearModel, type TrainedModel } from '../../src/detect/model/linear-model.js';

/** Deterministic pseudo-random texts mixing words, CJK, punctuation and line breaks. */
function texts(count: number): string[] {
  let s = 12345;
  const next = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const pieces = ['ignore', 'the', 'previous', 'instructions', '忽略', '指令', 'naïve', 'x', '12', '\n', ' ', ', ', '. ', 'Ünïcode', 'tools', 'ai:'];
  const out: string[] = [''];
  for (let k = 0; k < count; k++) {
    let t = '';
    const len = next(600);
    while (t.length < len) t += pieces[next(pieces.length)]! + (next(3) ? ' ' : '');
    out.push(t);
  }
  return out;
}

function trainedModel(bits: number, stride: number): TrainedModel {
  const weights = new Float32Array(1 << bits);
  for (let i = 0; i < weights.length; i++) weights[i] = Math.sin(i * 12.9898) * 0.5;
  return { bits, bias: -0.3, weights, scale: 1, window: 2 * stride, stride, meta: {} };
}

/** A model as the runtime holds it (8-bit weights), with weights of both signs up to the extremes. */
function randomModel(bits: number, stride: number): LinearModel {
  const weights = new Int8Array(1 << bits);
  for (let i = 0; i < weights.length; i++) weights[i] = Math.round(Math.sin(i * 12.9898) * 127);
  return { bits, bias: -0.3, weights, scale: 0.5 / 127, window: 2 * stride, stride, meta: {} };
}

describe('injection model features', () => {
  it('block sums at run time equal the sums of the occurrences the trainer sees', () => {
    const m = randomModel(12, 40);
    for (const t of texts(200)) {
      const occ = extractFeatures(t, m.bits);
      for (let k = 1; k < occ.count; k++) assert.ok(occ.ends[k]! >= occ.ends[k - 1]!, 'occurrences in order of their end');
      const { sums, counts } = blockSums(t, m.bits, m.weights, m.stride);
      const expected = new Float64Array(sums.length);
      const expectedCounts = new Int32Array(sums.length);
      for (let k = 0; k < occ.count; k++) {
        const b = blockOf(occ.ends[k]!, m.stride);
        expected[b]! += m.weights[occ.buckets[k]!]!;
        expectedCounts[b]!++;
      }
      assert.deepEqual([...counts], [...expectedCounts], JSON.stringify(t));
      for (let b = 0; b < sums.length; b++) assert.ok(Math.abs(sums[b]! - expected[b]!) < 1e-9, JSON.stringify(t));
    }
  });

  it('window scores at run time equal the trainer\'s windows, and windows cover the text', () => {
    const m = randomModel(12, 40);
    for (const t of texts(100)) {
      const occ = extractFeatures(t, m.bits);
      const ranges = windowRanges(occ, t.length, m.stride);
      const scores = scoreText(m, t);
      assert.equal(scores.length, ranges.length);
      ranges.forEach((r, i) => {
        const n = r.hi - r.lo;
        let sum = 0;
        for (let k = r.lo; k < r.hi; k++) sum += m.weights[occ.buckets[k]!]! * m.scale;
        const expected = sigmoid(n > 0 ? m.bias + sum / Math.sqrt(n) : m.bias);
        assert.ok(Math.abs(scores[i]!.score - expected) < 1e-9);
        assert.equal(scores[i]!.start, r.start);
        assert.equal(scores[i]!.end, r.end);
      });
      if (t.length > 0) assert.equal(scores[scores.length - 1]!.end, t.length);
    }
  });

  it('the weights file format round-trips (sparse, quantised to 8 bits)', () => {
    const m = trainedModel(10, 40);
    const back = decodeModel(JSON.parse(JSON.stringify(encodeModel(m, 0.01))));
    assert.equal(back.bits, m.bits);
    assert.equal(back.bias, m.bias);
    let maxErr = 0;
    for (let i = 0; i < m.weights.length; i++) {
      const w = m.weights[i]!;
      maxErr = Math.max(maxErr, Math.abs((Math.abs(w) < 0.01 ? 0 : w) - back.weights[i]! * back.scale));
    }
    assert.ok(maxErr <= 0.5 * (0.5 / 127) + 1e-9, `quantisation error ${maxErr}`);
    assert.throws(() => decodeModel({ ...encodeModel(m, 0.01), featureVersion: 999 }), /retrain/);
  });
});
