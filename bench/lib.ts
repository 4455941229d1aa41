/** Shared measurement helpers for the benchmarks (plain Node, no bench library). */
import os from 'node:os';

export interface Stats {
  p50: number;
  p99: number;
  mean: number;
}

/** The q-quantile of `xs` (0.5: the median, the lower of the middle two for an even count). */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))]!;
}

export function stats(perOpUs: number[]): Stats {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { p50: round(quantile(perOpUs, 0.5)), p99: round(quantile(perOpUs, 0.99)), mean: round(perOpUs.reduce((a, b) => a + b, 0) / perOpUs.length) };
}

/**
 * Runs `batches` timed batches of `size` operations after `warmup` untimed ones; returns µs per
 * operation, per batch (a single sub-microsecond call is below the timer's resolution, so
 * percentiles are over batches).
 */
export async function measure(
  batches: number,
  warmup: number,
  size: number,
  prepare: (batch: number) => unknown[],
  op: (input: unknown) => unknown | Promise<unknown>,
): Promise<number[]> {
  const out: number[] = [];
  for (let b = 0; b < warmup + batches; b++) {
    const inputs = prepare(b);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < size; i++) {
      const r = op(inputs[i]);
      if (r instanceof Promise) await r;
    }
    const dt = Number(process.hrtime.bigint() - t0) / 1000;
    if (b >= warmup) out.push(dt / size);
  }
  return out;
}

/** A distinct string with the same content, as a fresh request header would be (no cached hash). */
export const fresh = (s: string) => Buffer.from(s, 'latin1').toString('latin1');

export function machine() {
  return { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length };
}
