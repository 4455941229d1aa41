import type { DetectorFinding } from './types.js';

/**
 * Redaction with stable placeholders. One `Redactor` serves one request: the same value gets
 * the same placeholder in every part (`[EMAIL#1]` twice for the same address), and numbering
 * runs per label (`[SECRET:openai#1]`, `[SECRET:openai#2]`, `[EMAIL#1]`).
 *
 * The optional mapping (placeholder → original) lets a response be restored for the caller
 * when policy allows. It holds the very values that were redacted, so it lives only in the
 * request's memory: never logged, never stored, never put in an audit event or an error.
 */
export interface Redaction {
  start: number;
  end: number;
  placeholder: string;
  secret: boolean;
}

export interface RedactedText {
  text: string;
  redactions: Redaction[];
}

export class Redactor {
  private readonly counters = new Map<string, number>();
  private readonly byValue = new Map<string, string>();
  private readonly originals = new Map<string, string>();

  /** Replaces the spans of triggered findings that carry a `redact` label. Overlapping spans: the earliest (then longest) wins. */
  redact(text: string, findings: readonly DetectorFinding[]): RedactedText {
    const spans = findings
      .filter((f) => f.triggered && f.redact && f.span.end > f.span.start && f.span.end <= text.length)
      .sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
    const redactions: Redaction[] = [];
    let out = '';
    let at = 0;
    for (const f of spans) {
      if (f.span.start < at) continue;
      const value = text.slice(f.span.start, f.span.end);
      const placeholder = this.placeholderFor(f.redact!.label, value);
      out += text.slice(at, f.span.start) + placeholder;
      redactions.push({ start: f.span.start, end: f.span.end, placeholder, secret: f.redact!.secret });
      at = f.span.end;
    }
    out += text.slice(at);
    return { text: out, redactions };
  }

  /** Placeholder → original value, for restoring a response. Keep it in memory only. */
  mapping(): ReadonlyMap<string, string> {
    return this.originals;
  }

  private placeholderFor(label: string, value: string): string {
    const key = `${label}\u0000${value}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.counters.get(label) ?? 0) + 1;
    this.counters.set(label, n);
    const placeholder = `[${label}#${n}]`;
    this.byValue.set(key, placeholder);
    this.originals.set(placeholder, value);
    return placeholder;
  }
}

const PLACEHOLDER = /\[[A-Z_]+(?::[a-z0-9_.-]+)?#\d{1,6}\]/g;

/** Puts original values back where a text (say, the model's answer) repeats placeholders. Unknown placeholders stay as they are. */
export function restorePlaceholders(text: string, mapping: ReadonlyMap<string, string>): string {
  if (mapping.size === 0) return text;
  return text.replace(PLACEHOLDER, (p) => mapping.get(p) ?? p);
}
