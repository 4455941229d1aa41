import { readFileSync } from 'node:fs';
import { FEATURE_VERSION, blockOf, blockSums, type FeatureOccurrences } from './features.js';

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
  /**
   * Weight per bucket, times `scale`. At run time the table is one byte per weight (256 KB at
   * 18 bits): every character's n-grams are a random read into it, so its size is what the
   * scoring speed depends on. Eight bits lose nothing the evaluation set can see.
   */
  weights: Int8Array;
  scale: number;
  /** Window length and stride, in characters of the normalised text. */
  window: number;
  stride: number;
  meta: Record<string, unknown>;
}

/** What the trainer hands to `encodeModel`: a model with its weights at full precision. */
export type TrainedModel = Omit<LinearModel, 'weights'> & { weights: Float32Array };

/** The file format: sparse weights, quantised to 8 bits, base64. */
export interface LinearModelFile {
  format: 'warden-linear-v3';
  featureVersion: number;
  bits: number;
  window: number;
  stride: number;
  bias: number;
  scale: number;
  /** Base64 of the ascending bucket indices as LEB128 varints of the gap from the previous one. */
  indices: string;
  /** Base64 of int8 weights; weight = value * scale. */
  values: string;
  meta: Record<string, unknown>;
}

/** Sorted indices as varint gaps: most gaps are under 128, so most indices take one byte. */
function encodeGaps(idx: number[]): string {
  const bytes: number[] = [];
  let prev = 0;
  for (const i of idx) {
    let gap = i - prev;
    prev = i;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    bytes.push(gap);
  }
  return Buffer.from(bytes).toString('base64');
}

function decodeGaps(b64: string, count: number): Uint32Array {
  const bytes = Buffer.from(b64, 'base64');
  const out = new Uint32Array(count);
  let at = 0;
  let prev = 0;
  for (let k = 0; k < count; k++) {
    let gap = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length) throw new Error('model indices end early: the weights file is damaged');
      const b = bytes[at++]!;
      gap |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    prev += gap;
    out[k] = prev;
  }
  return out;
}

export function encodeModel(m: TrainedModel, minAbs: number): LinearModelFile {
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w * m.scale));
  const scale = max > 0 ? max / 127 : 1;
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < m.weights.length; i++) {
    const w = m.weights[i]! * m.scale;
    if (Math.abs(w) < minAbs) continue;
    const q = Math.round(w / scale);
    if (q === 0) continue;
    idx.push(i);
    val.push(q);
  }
  return {
    format: 'warden-linear-v3',
    featureVersion: FEATURE_VERSION,
    bits: m.bits,
    window: m.window,
    stride: m.stride,
    bias: m.bias,
    scale,
    indices: encodeGaps(idx),
    values: Buffer.from(new Int8Array(val).buffer).toString('base64'),
    meta: m.meta,
  };
}

export function decodeModel(f: LinearModelFile): LinearModel {
  if (f.format !== 'warden-linear-v3') throw new Error(`unknown model format ${String(f.format)}: retrain with npm run train:injection`);
  if (f.featureVersion !== FEATURE_VERSION) throw new Error(`model built for feature version ${f.featureVersion}, runtime has ${FEATURE_VERSION}: retrain with npm run train:injection`);
  const weights = new Int8Array(1 << f.bits);
  const vb = Buffer.from(f.values, 'base64');
  const values = new Int8Array(vb.buffer, vb.byteOffset, vb.byteLength);
  const indices = decodeGaps(f.indices, values.length);
  for (let i = 0; i < indices.length; i++) weights[indices[i]!] = values[i]!;
  return { bits: f.bits, bias: f.bias, weights, scale: f.scale, window: f.window, stride: f.stride, meta: f.meta };
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

export interface WindowRange {
  start: number;
  end: number;
  /** Occurrences lo..hi-1 belong to the window. */
  lo: number;
  hi: number;
}

/**
 * Windows are two consecutive blocks of `stride` characters (so `window` = 2 × `stride` and
 * windows overlap by half); a text of one block is one window. An occurrence belongs to the
 * block its n-gram ends in. The trainer uses these ranges and the runtime the block sums; a
 * test checks both give the same scores.
 */
export function windowRanges(occ: FeatureOccurrences, textLength: number, stride: number): WindowRange[] {
  const blocks = Math.max(1, Math.ceil(textLength / stride));
  // First occurrence index of each block (occurrences are in order of their end).
  const first = new Int32Array(blocks + 1);
  let k = 0;
  for (let b = 0; b < blocks; b++) {
    first[b] = k;
    while (k < occ.count && blockOf(occ.ends[k]!, stride) <= b) k++;
  }
  first[blocks] = occ.count;
  if (blocks === 1) return [{ start: 0, end: textLength, lo: 0, hi: occ.count }];
  const out: WindowRange[] = [];
  for (let b = 0; b + 1 < blocks; b++) out.push({ start: b * stride, end: Math.min(textLength, (b + 2) * stride), lo: first[b]!, hi: first[b + 2]! });
  return out;
}

/** Scores every window of the text (in order), hashing each n-gram once and keeping only block sums. */
export function scoreText(m: LinearModel, text: string): WindowScore[] {
  const { sums, counts } = blockSums(text, m.bits, m.weights, m.stride);
  const blocks = sums.length;
  const z = (s: number, n: number): number => (n > 0 ? m.bias + (m.scale * s) / Math.sqrt(n) : m.bias);
  if (blocks === 1) return [{ score: sigmoid(z(sums[0]!, counts[0]!)), start: 0, end: text.length }];
  const out: WindowScore[] = [];
  for (let b = 0; b + 1 < blocks; b++) {
    out.push({ score: sigmoid(z(sums[b]! + sums[b + 1]!, counts[b]! + counts[b + 1]!)), start: b * m.stride, end: Math.min(text.length, (b + 2) * m.stride) });
  }
  return out;
}
