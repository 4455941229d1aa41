import type { Finding, Phase, Severity } from '../audit/types.js';

/** Where a piece of text came from. Injection in `tool_result` or `document` is indirect injection. */
export type ContentSource = 'user' | 'system' | 'model_output' | 'tool_args' | 'tool_result' | 'tool_description' | 'document';
export const CONTENT_SOURCES: readonly ContentSource[] = ['user', 'system', 'model_output', 'tool_args', 'tool_result', 'tool_description', 'document'];

/** What a detector knows about the text besides the text itself. */
export interface DetectContext {
  source: ContentSource;
  phase?: Phase;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * What a detector reports. `span` indexes UTF-16 code units of the text the detector was given
 * (for findings in decoded text, of the outer text: see `decoded`). `evidence` is already
 * redacted: a secret never leaves a detector.
 */
export interface DetectorFinding extends Finding {
  span: Span;
  tags: string[];
  /** Set when the finding is in text the encoding detector decoded: the chain of decodings applied. */
  decoded?: string[];
  /**
   * How the span is replaced in a redacted copy: the placeholder label (`SECRET:openai`, `EMAIL`)
   * and whether it is a secret (secrets are redacted whatever the capture mode).
   */
  redact?: { label: string; secret: boolean };
}

/**
 * A detector: a pure function of (text, context) and its configuration. No I/O, no clock, no
 * state kept between calls; the same input always gives the same findings.
 */
export interface Detector {
  readonly name: string;
  detect(text: string, context: DetectContext): DetectorFinding[];
}

/** Every detector's threshold: a finding is `triggered` when its score is at or above it. */
export interface DetectorOptions {
  threshold?: number;
}

export type { Finding, Severity };
