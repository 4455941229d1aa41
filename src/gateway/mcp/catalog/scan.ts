import type { Finding } from '../../../audit/types.js';
import type { ContentSource, DetectorFinding } from '../../../detect/types.js';
import type { ToolDefinition } from '../types.js';

/** What the catalog needs of the detector suite (DetectorSuite and CachedSuite both fit). */
export interface DefinitionScanner {
  scanParts(parts: ReadonlyArray<{ text: string; source: ContentSource }>): DetectorFinding[];
}

export const POISONING_DETECTOR = 'tool_poisoning';

/** Where in a definition each scanned part is, for the reason people read. */
const PART_NAMES = ['description', 'title', 'schema'] as const;

/**
 * Scans what the model reads of a tool (its description, its titles, and its schemas as JSON:
 * property descriptions, titles, defaults, enum strings, parameter names) as tool descriptions.
 * Returns the triggered tool_poisoning findings: the ones that quarantine a tool.
 */
export function scanDefinition(scanner: DefinitionScanner, d: ToolDefinition): Finding[] {
  const titles = [d.title, typeof d.annotations?.['title'] === 'string' ? d.annotations['title'] : undefined].filter((t): t is string => typeof t === 'string' && t.length > 0);
  const schemas = JSON.stringify({ inputSchema: d.inputSchema, ...(d.outputSchema ? { outputSchema: d.outputSchema } : {}) });
  const parts = [d.description ?? '', titles.join('\n'), schemas].map((text) => ({ text, source: 'tool_description' as const }));
  return scanner
    .scanParts(parts)
    .filter((f) => f.detector === POISONING_DETECTOR && f.triggered)
    .map((f) => ({
      detector: f.detector,
      kind: f.kind,
      score: Math.round(f.score * 1000) / 1000,
      triggered: true,
      severity: f.severity,
      ...(f.evidence ? { evidence: f.evidence.slice(0, 200) } : {}),
      ...(f.tags ? { tags: f.tags } : {}),
      ...(f.part !== undefined ? { part: f.part } : {}),
    }));
}

/** One line naming each finding and where it is: "tool_poisoning in description: hidden_instruction 0.95 (…)". */
export function describeFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${f.detector} in ${PART_NAMES[f.part ?? 0] ?? 'definition'}: ${f.kind} ${f.score.toFixed(2)}${f.evidence ? ` (${f.evidence.slice(0, 120)})` : ''}`)
    .join('; ');
}
