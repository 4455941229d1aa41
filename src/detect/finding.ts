import type { Severity } from '../audit/types.js';
import type { DetectorFinding, Span } from './types.js';

/** Scores are kept to three decimals so findings compare and serialise stably. */
export function roundScore(score: number): number {
  if (!(score > 0)) return 0;
  if (score >= 1) return 1;
  return Math.round(score * 1000) / 1000;
}

export interface FindingInput {
  kind: string;
  score: number;
  severity: Severity;
  span: Span;
  evidence?: string;
  tags: readonly string[];
  redact?: { label: string; secret: boolean };
}

/** Builds a finding; `triggered` follows from the detector's threshold so no detector decides it differently. */
export function finding(detector: string, threshold: number, f: FindingInput): DetectorFinding {
  const score = roundScore(f.score);
  const out: DetectorFinding = { detector, kind: f.kind, score, triggered: score >= threshold, severity: f.severity, span: { start: f.span.start, end: f.span.end }, tags: [...f.tags] };
  if (f.evidence !== undefined) out.evidence = f.evidence;
  if (f.redact) out.redact = f.redact;
  return out;
}

const MAX_EVIDENCE = 120;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Evidence for a non-secret finding: the matched text, clipped, with control characters made
 * visible so a log line cannot be forged by what an attacker wrote.
 */
export function clipEvidence(text: string, max = MAX_EVIDENCE): string {
  let t = text;
  if (text.length > max) {
    // Never cut a surrogate pair in half: evidence must stay well-formed text.
    const cut = text.charCodeAt(max - 2) >= 0xd800 && text.charCodeAt(max - 2) <= 0xdbff ? max - 2 : max - 1;
    t = `${text.slice(0, cut)}…`;
  }
  // Lone surrogates become U+FFFD so evidence is always well-formed text (JSON, logs, SIEMs).
  return t.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '⏎' : ' ')).replace(LONE_SURROGATE, '\ufffd');
}

/** Evidence for a secret: a short recognisable prefix and the length, never the value. */
export function maskSecret(value: string, keep = 4): string {
  const shown = value.slice(0, Math.min(keep, Math.floor(value.length / 4)));
  return `${shown}…[${value.length} chars]`;
}
