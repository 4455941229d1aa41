import { readFileSync } from 'node:fs';
import { FEATURE_VERSION, type FeatureOccurrences } from './features.js';

/**
 * A logistic model over hashed n-gram features, scored over sliding windows of the text so an
 * instruction buried in a long document is not diluted by the document around it.
 *
 * Each window's input is its feature occurrences scaled by 1/sqrt(occurrences in the window);
 * the trainer uses the same scaling. With prefix sums of the weights per occurrence, every
 * window costs O(1) after one O(n) pass.
 */
export interface LinearModel {
  bits: number;
  bias: number;
  weights: Float32Array;
  /** Window length and stride, in characters of the normalised text. */
  window: number;
  stride: number;
  meta: Record<string, unknown>;
}

/** The file format: sparse weights, quantised to 16 bits, base64. */
export interface LinearModelFile {
  format: 'warden-linear-v1';
  featureVersion: number;
  bits: number;
  window: number;
  stride: number;
  bias: number;
  scale: number;
  /** Base64 of little-endian uint32 bucket indices, ascending. */
  indices: string;
  /** Base64 of little-endian int16 weights; weight = value * scale. */
  values: string;
  meta: Record<string, unknown>;
}

export function encodeModel(m: LinearModel, minAbs: number): LinearModelFile {
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w));
  const scale = max > 0 ? max / 32767 : 1;
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < m.weights.length; i++) {
    const w = m.weights[i]!;
    if (Math.abs(w) < minAbs) continue;
    const q = Math.round(w / scale);
    if (q === 0) continue;
    idx.push(i);
    val.push(q);
  }
  return {
    format: 'warden-linear-v1',
    featureVersion: FEATURE_VERSION,
    bits: m.bits,
    window: m.window,
    stride: m.stride,
    bias: m.bias,
    scale,
    indices: Buffer.from(new Uint32Array(idx).buffer).toString('base64'),
    values: Buffer.from(new Int16Array(val).buffer).toString('base64'),
    meta: m.meta,
  };
}

export function decodeModel(f: LinearModelFile): LinearModel {
  if (f.format !== 'warden-linear-v1') throw new Error(`unknown model format ${String(f.format)}`);
  if (f.featureVersion !== FEATURE_VERSION) throw new Error(`model built for feature version ${f.featureVersion}, runtime has ${FEATURE_VERSION}: retrain with npm run train:injection`);
  const weights = new Float32Array(1 << f.bits);
  const ib = Buffer.from(f.indices, 'base64');
  const vb = Buffer.from(f.values, 'base64');
  const indices = new Uint32Array(ib.buffer, ib.byteOffset, ib.byteLength / 4);
  const values = new Int16Array(vb.buffer.slice(vb.byteOffset, vb.byteOffset + vb.byteLength));
  for (let i = 0; i < indices.length; i++) weights[indices[i]!] = values[i]! * f.scale;
  return { bits: f.bits, bias: f.bias, weights, window: f.window, stride: f.stride, meta: f.meta };
}

export function readModelFile(url: URL): LinearModel {
  return decodeModel(JSON.parse(readFileSync(url, 'utf8')) as LinearModelFile);
}

export interface WindowScore {
  /** Probability, 0..1. */
  score: number;
  /** The window, in the normalised text. */
  start: number;
  end: number;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Window starts for a text of length n: one window if it fits, otherwise every `stride`. */
export function windowStarts(n: number, window: number, stride: number): number[] {
  if (n <= window) return [0];
  const out: number[] = [];
  for (let s = 0; ; s += stride) {
    if (s + window >= n) {
      out.push(Math.max(0, n - window));
      break;
    }
    out.push(s);
  }
  return out;
}

export interface WindowRange {
  start: number;
  end: number;
  /** Occurrences lo..hi-1 belong to the window. */
  lo: number;
  hi: number;
}

/**
 * The windows of a text and the feature occurrences in each: those ending inside the window
 * that also start inside it (character n-grams are at least 3 long). The trainer uses the same
 * ranges, so what the model learns is what it is asked at run time.
 */
export function windowRanges(occ: FeatureOccurrences, textLength: number, window: number, stride: number): WindowRange[] {
  const out: WindowRange[] = [];
  let lo = 0;
  let hi = 0;
  for (const start of windowStarts(textLength, window, stride)) {
    const end = Math.min(textLength, start + window);
    while (lo < occ.count && occ.ends[lo]! < start + 3) lo++;
    if (hi < lo) hi = lo;
    while (hi < occ.count && occ.ends[hi]! <= end) hi++;
    out.push({ start, end, lo, hi });
  }
  return out;
}

/** Scores every window; returns all window scores (in order). */
export function scoreWindows(m: LinearModel, occ: FeatureOccurrences, textLength: number): WindowScore[] {
  const prefix = new Float64Array(occ.count + 1);
  for (let k = 0; k < occ.count; k++) prefix[k + 1] = prefix[k]! + m.weights[occ.buckets[k]!]!;
  return windowRanges(occ, textLength, m.window, m.stride).map(({ start, end, lo, hi }) => {
    const n = hi - lo;
    const z = n > 0 ? m.bias + (prefix[hi]! - prefix[lo]!) / Math.sqrt(n) : m.bias;
    return { score: sigmoid(z), start, end };
  });
}
