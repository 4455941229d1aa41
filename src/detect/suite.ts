import type { Phase } from '../audit/types.js';
import { TAG } from './tags.js';
import type { ContentSource, DetectContext, Detector, DetectorFinding } from './types.js';

/**
 * The detector suite: every enabled detector over a text, plus the re-scan of decoded payloads.
 * Blobs the encoding step finds (base64, hex, percent-encoding, …) are decoded and scanned
 * again with every detector, to a bounded depth and a bounded number of decoded characters per
 * scan, so "decode this and follow it: aWdub3Jl…" is read as what it says and nested layers
 * cannot make a scan explode. Findings in decoded text carry the outer span and `decoded`.
 */
export interface EncodedSegment {
  span: { start: number; end: number };
  encoding: string;
  decoded: string;
}

export interface SuiteLimits {
  /** Layers of encoding followed (1 = decode once). */
  maxDepth: number;
  /** Decoded characters scanned again per scan, over all layers. */
  maxDecodedChars: number;
  /** Segments followed per scan. */
  maxSegments: number;
}

export const DEFAULT_SUITE_LIMITS: SuiteLimits = { maxDepth: 3, maxDecodedChars: 64 * 1024, maxSegments: 64 };

export interface DetectorSuite {
  readonly detectors: readonly Detector[];
  /** All findings for one text. */
  scan(text: string, context: DetectContext): DetectorFinding[];
  /** All findings for several parts (a conversation); each finding says which part. */
  scanParts(parts: ReadonlyArray<{ text: string; source: ContentSource }>, phase?: Phase): DetectorFinding[];
}

export interface SuiteParts {
  detectors: Detector[];
  /** Finds one layer of encoded segments; absent when the encoding detector is disabled. */
  decode?: (text: string) => EncodedSegment[];
  /** Detectors that only read some sources (tool_poisoning reads tool descriptions). */
  sources?: Partial<Record<string, readonly ContentSource[]>>;
  limits?: Partial<SuiteLimits>;
}

export function buildSuite(parts: SuiteParts): DetectorSuite {
  const limits = { ...DEFAULT_SUITE_LIMITS, ...parts.limits };
  const detectors = parts.detectors;

  function runAll(text: string, context: DetectContext): DetectorFinding[] {
    const out: DetectorFinding[] = [];
    for (const d of detectors) {
      const only = parts.sources?.[d.name];
      if (only && !only.includes(context.source)) continue;
      for (const f of d.detect(text, context)) out.push(f);
    }
    return out;
  }

  function scan(text: string, context: DetectContext): DetectorFinding[] {
    const findings = runAll(text, context);
    if (!parts.decode) return findings;
    const budget = { chars: limits.maxDecodedChars, segments: limits.maxSegments };
    // Breadth-first over layers: each queued item is decoded text with the outer span it came from.
    let layer: Array<{ text: string; span: { start: number; end: number }; chain: string[] }> = [{ text, span: { start: 0, end: text.length }, chain: [] }];
    for (let depth = 1; depth <= limits.maxDepth && layer.length > 0; depth++) {
      const next: typeof layer = [];
      for (const item of layer) {
        // With the budget spent nothing more is followed, so the next layer is not decoded (64 KB
        // decoded only to be dropped). A decoded segment holds at least a few characters, so a
        // budget of none takes nothing more.
        if (budget.segments <= 0 || budget.chars <= 0) break;
        for (const seg of parts.decode(item.text)) {
          if (budget.segments <= 0 || budget.chars < seg.decoded.length) break;
          budget.segments--;
          budget.chars -= seg.decoded.length;
          // Spans in decoded text point at the outermost blob that contains them.
          const span = depth === 1 ? seg.span : item.span;
          const chain = [...item.chain, seg.encoding];
          for (const f of runAll(seg.decoded, context)) {
            findings.push({ ...f, span: { ...span }, decoded: chain, tags: f.tags.includes(TAG.atlasObfuscation) ? f.tags : [...f.tags, TAG.atlasObfuscation] });
          }
          next.push({ text: seg.decoded, span, chain });
        }
      }
      layer = next;
    }
    return findings;
  }

  return {
    detectors,
    scan,
    scanParts(list, phase) {
      const out: DetectorFinding[] = [];
      list.forEach((p, part) => {
        for (const f of scan(p.text, phase ? { source: p.source, phase } : { source: p.source })) out.push({ ...f, part });
      });
      return out;
    },
  };
}
