import { createHash } from 'node:crypto';
import type { CaptureMode, ContentInput, StoredContent } from './types.js';

type Redaction = NonNullable<ContentInput['parts'][number]['redactions']>[number];

/** Applies redactions right to left so earlier offsets stay valid; overlapping spans are merged. */
function applyRedactions(text: string, redactions: Redaction[]): string {
  const spans = [...redactions].filter((r) => r.start >= 0 && r.end <= text.length && r.start < r.end).sort((a, b) => a.start - b.start);
  const merged: Redaction[] = [];
  for (const r of spans) {
    const last = merged[merged.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  let out = text;
  for (let i = merged.length - 1; i >= 0; i--) out = out.slice(0, merged[i]!.start) + merged[i]!.placeholder + out.slice(merged[i]!.end);
  return out;
}

/**
 * What of the content is stored: `full` keeps the text (secrets still redacted: a secret a
 * detector found is never stored), `redacted` applies every detector redaction, `hash` keeps a
 * SHA-256 digest and the length only.
 */
export function captureContent(content: ContentInput, mode: CaptureMode): StoredContent {
  return {
    mode,
    parts: content.parts.map((p) => {
      const redactions = p.redactions ?? [];
      // Members in canonical (sorted) order, so the log's encoder copies nothing.
      if (mode === 'hash') return { chars: p.text.length, sha256: createHash('sha256').update(p.text, 'utf8').digest('hex'), source: p.source };
      const chosen = mode === 'full' ? redactions.filter((r) => r.secret) : redactions;
      return { chars: p.text.length, source: p.source, text: applyRedactions(p.text, chosen) };
    }),
  };
}
