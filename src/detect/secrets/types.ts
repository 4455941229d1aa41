import type { Severity } from '../types.js';

/**
 * How a format is confirmed beyond its shape: a checksum inside the token, a fixed marker, a
 * structure that must decode (JWT header, Discord user id), the name it is assigned to, or only
 * the entropy of the value.
 */
export type Validation = 'checksum' | 'marker' | 'structure' | 'prefix' | 'context' | 'entropy';

/** What docs and the CLI list about one credential format. */
export interface SecretFormatInfo {
  /** The finding kind, e.g. `github_pat`. */
  id: string;
  /** Lower-case provider, used in the redaction label `SECRET:<provider>`. */
  provider: string;
  description: string;
  severity: Severity;
  validation: Validation;
}

/**
 * Where the combined scan stops to let a scanner look: a literal, matched case-sensitively
 * unless `ci`, and only at a token start (not after a letter or digit) when `boundary`.
 */
export interface AnchorSpec {
  text: string;
  ci?: boolean;
  boundary?: boolean;
  /**
   * What must follow the anchor for the scanner to have any chance (an expression source, used
   * as a lookahead by the finder), and what must precede it (a lookbehind). Necessary conditions
   * only: where they fail the scanner would find nothing, so skipping those positions changes no
   * result. Only the expressions that take over when anchors come thick use them (see
   * secrets.ts), to save a call into the scanner per anchor that cannot match.
   */
  shape?: string;
  before?: string;
}

/**
 * Precedence when candidates overlap: a format recognised by its shape beats one recognised by
 * the name it is assigned to, which beats the generic entropy rule. A token a format rejected
 * by checksum keeps its place, so the generic rule cannot bring it back.
 */
export const RANK = { structured: 0, token: 1, context: 2, generic: 3 } as const;

/** One candidate a scanner found. The span covers only the secret value. */
export interface RawHit {
  format: string;
  start: number;
  end: number;
  score: number;
  rank: number;
  /** Short, non-secret detail for the evidence (`checksum mismatch`, `alg=HS256`). */
  note?: string;
  /** Severity other than the format's (a failed checksum is `info`). */
  severity?: Severity;
  /** False when the hit should not be redacted (a failed checksum is not a credential). */
  redact?: boolean;
  /** A label prefix for the evidence (the assignment's name); never the secret. */
  label?: string;
}

/** Per-call helpers scanners share; created fresh for every `detect` call. */
export interface ScanEnv {
  readonly text: string;
  /** Sorted positions of every occurrence of `needle` in the text, computed once per call. */
  positions(needle: string): readonly number[];
  /** Scratch space a scanner may use to remember how far it already looked (keeps work linear). */
  readonly marks: Map<string, number>;
  /** Per-call memo for pure computations a scanner repeats (names seen again and again in a log). */
  readonly memo: Map<string, unknown>;
}

/**
 * A scanner is called at each position where one of its anchors occurs. It appends what it finds
 * to `out` and returns how far the combined scan may jump (at least `pos + 1`).
 */
export interface Scanner {
  readonly name: string;
  readonly anchors: readonly AnchorSpec[];
  /** The format ids this scanner can produce. */
  readonly formats: readonly string[];
  scan(env: ScanEnv, pos: number, out: RawHit[]): number;
  /**
   * Where this scanner's anchors start to matter again (it has already read past them), so
   * the finder that serves only this scanner can jump there. Default: no such knowledge.
   */
  resumeAt?(env: ScanEnv): number;
}
