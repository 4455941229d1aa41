import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../audit/canonical-json.js';
import type { ToolDefinition } from '../types.js';

/** The fields a pin covers, in the order people read them. */
export const PINNED_FIELDS = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;
export type PinnedField = (typeof PINNED_FIELDS)[number];

const isEmptyObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

/**
 * The definition as it is hashed: exactly the pinned fields, each present. A field that is
 * absent, null or undefined is null; empty annotations mean what absent ones mean, so they are
 * null too. Anything else a server adds (_meta, icons) is not covered, and is not passed on.
 */
export function pinnedView(d: ToolDefinition): Record<PinnedField, unknown> {
  return {
    name: d.name,
    title: d.title ?? null,
    description: d.description ?? null,
    inputSchema: d.inputSchema ?? null,
    outputSchema: d.outputSchema ?? null,
    annotations: d.annotations === undefined || d.annotations === null || isEmptyObject(d.annotations) ? null : d.annotations,
  };
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of the pinned view: member order and spacing do not count, any value does. */
export function definitionHash(d: ToolDefinition): string {
  return createHash('sha256').update(canonicalJson(pinnedView(d)) ?? 'null', 'utf8').digest('hex');
}

/** The pinned fields that differ between two definitions. */
export function changedFields(before: ToolDefinition, after: ToolDefinition): PinnedField[] {
  const a = pinnedView(before);
  const b = pinnedView(after);
  return PINNED_FIELDS.filter((f) => canonicalJson(a[f]) !== canonicalJson(b[f]));
}

/** Only the pinned fields of what a server sent: the definition agents see and the store keeps. */
export function cleanDefinition(d: ToolDefinition): ToolDefinition {
  const v = pinnedView(d);
  return {
    name: d.name,
    ...(typeof v.title === 'string' ? { title: v.title } : {}),
    ...(typeof v.description === 'string' ? { description: v.description } : {}),
    inputSchema: (v.inputSchema ?? { type: 'object' }) as Record<string, unknown>,
    ...(v.outputSchema !== null ? { outputSchema: v.outputSchema as Record<string, unknown> } : {}),
    ...(v.annotations !== null ? { annotations: v.annotations as Record<string, unknown> } : {}),
  };
}
