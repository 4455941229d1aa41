import type { Phase } from '../audit/types.js';
import type { DetectorSuite } from './suite.js';
import type { ContentSource, DetectorFinding } from './types.js';

/**
 * Remembers what the suite found in texts it has read. An agent resends its whole conversation
 * on every turn, so without this the system prompt and every earlier message and tool result
 * would be scanned again each turn: a session would cost the square of its length. Detectors
 * are pure functions of (text, context), so a remembered answer is the answer.
 *
 * Bounded by entries and by the characters of the texts it keeps (the texts are the keys); the
 * least recently used go first. Short texts are not kept: scanning them is cheaper than keeping
 * them. Nor is a model's answer (phase llm.response): it is new each time, and comes back on the
 * next turn as part of a request, in phase llm.request; kept, it would only push out what does
 * come back, and a streamed answer's inspection window is a slice that would keep the whole
 * stream's text alive.
 *
 * The caller's strings are the keys, kept as they are (texts parsed from a request or a tool's
 * answer): a slice of a larger string would keep that string alive too.
 */
export interface CacheLimits {
  maxEntries: number;
  maxChars: number;
  /** Texts shorter than this are scanned every time. */
  minChars: number;
}

const DEFAULTS: CacheLimits = { maxEntries: 4096, maxChars: 8 * 1024 * 1024, minChars: 256 };

/** A text's answers, one per source and phase it was scanned as (nearly always one). */
interface Entry {
  answers: Array<{ source: ContentSource; phase: Phase | undefined; findings: DetectorFinding[] }>;
}

export class CachedSuite {
  /**
   * Keyed by the text itself: a string parsed from a request is flat and keeps its hash once
   * computed, where a key joining source, phase and text was a new string to copy and hash on
   * every lookup (a third of the cache's cost per part).
   */
  private readonly entries = new Map<string, Entry>();
  private chars = 0;
  private readonly limits: CacheLimits;

  constructor(
    private readonly suite: DetectorSuite,
    limits: Partial<CacheLimits> = {},
  ) {
    this.limits = { ...DEFAULTS, ...limits };
  }

  /** As DetectorSuite.scanParts: every part's findings, each with its part index. */
  scanParts(parts: ReadonlyArray<{ text: string; source: ContentSource }>, phase?: Phase): DetectorFinding[] {
    const out: DetectorFinding[] = [];
    parts.forEach((p, part) => {
      for (const f of this.scan(p.text, p.source, phase)) out.push({ ...f, part, span: { ...f.span }, tags: [...f.tags] });
    });
    return out;
  }

  private scan(text: string, source: ContentSource, phase: Phase | undefined): DetectorFinding[] {
    const context = phase ? { source, phase } : { source };
    if (text.length < this.limits.minChars || text.length > this.limits.maxChars / 4 || phase === 'llm.response') return this.suite.scan(text, context);
    let entry = this.entries.get(text);
    if (entry) {
      // Re-inserted: the map's order is least recently used first.
      this.entries.delete(text);
      this.entries.set(text, entry);
      for (const a of entry.answers) if (a.source === source && a.phase === phase) return a.findings;
    } else {
      entry = { answers: [] };
      this.entries.set(text, entry);
      this.chars += text.length;
    }
    const findings = this.suite.scan(text, context);
    entry.answers.push({ source, phase, findings });
    // A text is one entry, whatever the number of its answers; its characters count once.
    let size = this.entries.size;
    for (const [k, v] of this.entries) {
      if (size <= this.limits.maxEntries && this.chars <= this.limits.maxChars) break;
      if (v === entry) break;
      this.entries.delete(k);
      this.chars -= k.length;
      size--;
    }
    return findings;
  }
}
