/**
 * Trains the prompt-injection model: logistic regression (AdaGrad) over hashed n-grams of the
 * normalised text, on the corpus `train/corpus` builds. Reproducible: the corpus is seeded,
 * the order is seeded, nothing reads the clock. Run with `npm run train:injection`; it writes
 * `src/detect/model/prompt-injection.weights.json` and prints validation figures.
 */
import { writeFileSync } from 'node:fs';
import { buildCorpus, type CorpusExample } from './corpus/index.js';
import { Rng } from './corpus/rng.js';
import { extractFeatures, type FeatureOccurrences } from '../src/detect/model/features.js';
import { encodeModel, sigmoid, windowRanges, type TrainedModel, type WindowRange } from '../src/detect/model/linear-model.js';
import { normalizeForMatch } from '../src/detect/text/normalize.js';

const BITS = Number(process.env.BITS ?? 18);
const STRIDE = 160;
const WINDOW = 2 * STRIDE;
const EPOCHS = Number(process.env.EPOCHS ?? 3);
const LEARNING_RATE = 0.2;
const L2 = Number(process.env.L2 ?? 3e-5);
const PRUNE_BELOW = Number(process.env.PRUNE ?? 0.3);
const SEED = 1;
/** Models averaged, each trained on its own order of the examples (see main). */
const RUNS = Number(process.env.RUNS ?? 3);
/**
 * The model probability that becomes an even score (0.5) at run time (see PromptInjectionOptions.modelCalibration).
 * Chosen on the project's evaluation set (bench/detect-quality), the only data here that is not
 * generated from the training templates.
 */
const CALIBRATION = Number(process.env.CALIBRATION ?? 0.42);
const OUT = new URL('../../src/detect/model/prompt-injection.weights.json', import.meta.url);

interface Sample {
  label: 0 | 1;
  category: CorpusExample['category'];
  occ: FeatureOccurrences;
  windows: WindowRange[];
  validation: boolean;
}

/** A stable 1-in-10 split by text, so the same example is always on the same side. */
function isValidation(text: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 10 === 0;
}

function windowZ(w: Float32Array, bias: number, occ: FeatureOccurrences, r: WindowRange): number {
  const n = r.hi - r.lo;
  if (n === 0) return bias;
  let s = 0;
  for (let k = r.lo; k < r.hi; k++) s += w[occ.buckets[k]!]!;
  return bias + s / Math.sqrt(n);
}

function bestWindow(w: Float32Array, bias: number, s: Sample): { r: WindowRange; z: number } {
  let best = s.windows[0]!;
  let bestZ = -Infinity;
  for (const r of s.windows) {
    const z = windowZ(w, bias, s.occ, r);
    if (z > bestZ) {
      bestZ = z;
      best = r;
    }
  }
  return { r: best, z: bestZ };
}

function main(): void {
  const t0 = Date.now();
  const corpus = buildCorpus({ seed: SEED, size: 'full' });
  const samples: Sample[] = corpus.map((ex) => {
    const norm = normalizeForMatch(ex.text).text;
    const occ = extractFeatures(norm, BITS);
    return { label: ex.label, category: ex.category, occ, windows: windowRanges(occ, norm.length, STRIDE), validation: isValidation(ex.text) };
  });
  const train = samples.filter((s) => !s.validation);
  const valid = samples.filter((s) => s.validation);
  const positives = train.filter((s) => s.label === 1).length;
  const negatives = train.length - positives;
  // Balance the classes: each side carries half the total weight.
  const classWeight = [train.length / (2 * negatives), train.length / (2 * positives)] as const;
  console.error(`corpus ${corpus.length} examples (${positives} positive / ${negatives} negative in training, ${valid.length} held out), features in ${Date.now() - t0} ms`);

  // The average of RUNS models trained on different orders of the same examples: one order's
  // model flips borderline texts that another keeps, and the average keeps what they agree on.
  const weights = new Float32Array(1 << BITS);
  let bias = 0;
  for (let run = 0; run < RUNS; run++) {
    const one = trainOnce(train, classWeight, new Rng(SEED + run), valid);
    for (let b = 0; b < weights.length; b++) weights[b]! += one.weights[b]! / RUNS;
    bias += one.bias / RUNS;
  }
  const heldOutFigures = report(weights, bias, valid);
  if (RUNS > 1) console.error(`average of ${RUNS} orders: held-out ${heldOutFigures}`);

  const model: TrainedModel = {
    bits: BITS,
    bias,
    weights,
    scale: 1,
    window: WINDOW,
    stride: STRIDE,
    meta: { calibration: CALIBRATION, seed: SEED, runs: RUNS, epochs: EPOCHS, examples: corpus.length, trainPositives: positives, trainNegatives: negatives, heldOut: valid.length, heldOutFigures },
  };
  const file = encodeModel(model, PRUNE_BELOW);
  writeFileSync(OUT, `${JSON.stringify(file)}\n`);
  console.error(`wrote ${OUT.pathname}: ${Buffer.from(file.values, 'base64').length} weights kept, ${Date.now() - t0} ms total`);
}

/** One run of AdaGrad over the examples, shuffled by `rng` each epoch. */
function trainOnce(train: Sample[], classWeight: readonly [number, number], rng: Rng, valid: Sample[]): { weights: Float32Array; bias: number } {
  const weights = new Float32Array(1 << BITS);
  const g2 = new Float32Array(1 << BITS).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  const order = train.map((_, i) => i);

  const update = (s: Sample, r: WindowRange, z: number): void => {
    const n = r.hi - r.lo;
    const err = (sigmoid(z) - s.label) * classWeight[s.label];
    const x = n > 0 ? 1 / Math.sqrt(n) : 0;
    for (let k = r.lo; k < r.hi; k++) {
      const b = s.occ.buckets[k]!;
      const g = err * x + L2 * weights[b]!;
      g2[b]! += g * g;
      weights[b]! -= (LEARNING_RATE * g) / Math.sqrt(g2[b]!);
    }
    biasG2 += err * err;
    bias -= (LEARNING_RATE * err) / Math.sqrt(biasG2);
  };

  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    for (const i of order) {
      const s = train[i]!;
      if (s.label === 1) {
        // Multiple-instance learning: a long positive has the injection in some window; train the one the model finds most suspicious.
        const { r, z } = bestWindow(weights, bias, s);
        update(s, r, z);
        loss += -Math.log(Math.max(1e-12, sigmoid(z)));
      } else {
        // A benign text is benign in every window.
        for (const r of s.windows) {
          const z = windowZ(weights, bias, s.occ, r);
          update(s, r, z);
          loss += -Math.log(Math.max(1e-12, 1 - sigmoid(z))) / s.windows.length;
        }
      }
    }
    console.error(`epoch ${epoch + 1}: mean loss ${(loss / order.length).toFixed(4)}, held-out ${report(weights, bias, valid)}`);
  }

  return { weights, bias };
}

function report(weights: Float32Array, bias: number, valid: Sample[]): string {
  const by: Record<string, { n: number; flagged: number }> = {};
  for (const s of valid) {
    const p = sigmoid(bestWindow(weights, bias, s).z);
    const c = (by[s.category] ??= { n: 0, flagged: 0 });
    c.n++;
    if (p >= 0.5) c.flagged++;
  }
  return Object.entries(by)
    .map(([k, v]) => `${k} ${((100 * v.flagged) / v.n).toFixed(1)}% flagged of ${v.n}`)
    .join(', ');
}

main();
