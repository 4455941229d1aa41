import type { TrustLevel } from '../../../policy/input.js';
import { CAPABILITY_LABELS, type CapabilityLabel } from '../types.js';

/**
 * What a tool's MCP annotations suggest about it, as capability labels. Annotations are the
 * server's own claims, so they are hints: the configuration (`mcp_servers[].labels`) replaces
 * them, and an admin's override (`warden mcp tools labels`) replaces both.
 *
 *   destructiveHint: true, and readOnlyHint not true        → destructive
 *   openWorldHint: true, readOnlyHint not true               → external_comms (it reaches out)
 *   openWorldHint: true, readOnlyHint: true                  → untrusted_content (it reads the outside)
 *   any tool of a server whose trust is `untrusted`          → untrusted_content, whatever it claims:
 *                                                              what it returns comes from a party
 *                                                              Warden does not trust
 *
 * Nothing else is inferred: the MCP defaults for absent hints (destructive, open world) would put
 * every unannotated tool of every internal server behind approvals; private_data cannot be seen
 * in annotations at all and comes only from configuration or an admin.
 */
export function labelsFromAnnotations(annotations: Record<string, unknown> | undefined, trust: TrustLevel): CapabilityLabel[] {
  const a = annotations ?? {};
  const readOnly = a['readOnlyHint'] === true;
  const out = new Set<CapabilityLabel>();
  if (a['destructiveHint'] === true && !readOnly) out.add('destructive');
  if (a['openWorldHint'] === true) out.add(readOnly ? 'untrusted_content' : 'external_comms');
  if (trust === 'untrusted') out.add('untrusted_content');
  return ordered(out);
}

/** The labels in force: the admin's override, else the configuration's, else the annotations'. */
export function effectiveLabels(o: {
  annotations: Record<string, unknown> | undefined;
  trust: TrustLevel;
  configured: readonly string[] | undefined;
  admin: readonly string[] | null;
}): { labels: CapabilityLabel[]; source: 'admin' | 'config' | 'annotations' } {
  if (o.admin !== null) return { labels: ordered(o.admin.filter(isLabel)), source: 'admin' };
  if (o.configured !== undefined) return { labels: ordered(o.configured.filter(isLabel)), source: 'config' };
  return { labels: labelsFromAnnotations(o.annotations, o.trust), source: 'annotations' };
}

export function isLabel(l: string): l is CapabilityLabel {
  return (CAPABILITY_LABELS as readonly string[]).includes(l);
}

/** Deduplicated, in the canonical order. */
function ordered(ls: Iterable<string>): CapabilityLabel[] {
  const s = new Set(ls);
  return CAPABILITY_LABELS.filter((l) => s.has(l));
}
