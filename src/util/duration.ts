import { badRequest } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const SHAPE = /^(\d+)(ms|s|m|h|d|w)$/;

/** Parses "90s", "10m", "24h", "30d", "2w" into milliseconds; a plain number is seconds. Null when malformed. */
export function parseDuration(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input * 1000) : null;
  const m = SHAPE.exec(input.trim());
  if (!m) return null;
  return Number(m[1]) * UNITS[m[2]!]!;
}

export function requireDuration(input: string | number, field: string): number {
  const ms = parseDuration(input);
  if (ms === null) {
    throw badRequest('input.invalid_duration', `${field} must be a duration such as "90s", "10m", "24h" or "30d".`);
  }
  return ms;
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
