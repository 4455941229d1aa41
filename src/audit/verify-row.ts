import { AUDIT_COLUMNS as COLUMNS } from '../store/audit-pages.js';
import type { AuditEventRow } from '../store/repos/audit-events.js';
import { chainHash, digestOf, indexColumns, type EventBody } from './chain.js';

/** The searchable columns, which verification checks against the hashed body. */
export const INDEXED = ['id', 'ts', 'phase', 'action', 'outcome', 'effect', 'actorKind', 'actorId', 'agentId', 'userId', 'sessionId', 'targetKind', 'targetId', 'findingKinds'] as const;

/** A row as AuditEventRepo.rangeRaw() returns it: values in COLUMNS order. */
export type RawRow = unknown[];

const at = (name: keyof AuditEventRow) => COLUMNS.indexOf(name);
export const RAW = { seq: at('seq'), id: at('id'), prevHash: at('prevHash'), hash: at('hash'), body: at('body') };
const INDEXED_AT = INDEXED.map((k) => at(k));

/**
 * The per-row part of verification, independent of its neighbours: does the content match its
 * hash, and do the search columns match the hashed body? 0 = intact, 1 = modified, or the names
 * of the columns that disagree.
 */
export function checkRawRow(p: RawRow): 0 | 1 | string[] {
  const prevHash = p[RAW.prevHash] as string;
  const hash = p[RAW.hash] as string;
  const body = p[RAW.body] as string;
  if (chainHash(prevHash, digestOf(body)) !== hash) return 1;
  let parsed: EventBody;
  try {
    parsed = JSON.parse(body) as EventBody;
  } catch {
    return 1;
  }
  const cols = indexColumns(parsed);
  let bad: string[] | undefined;
  for (let i = 0; i < INDEXED.length; i++) {
    const k = INDEXED[i]!;
    const stored = p[INDEXED_AT[i]!] ?? null;
    const expected = cols[k] ?? null;
    if (stored !== expected && !(k === 'ts' && Number(stored) === expected)) (bad ??= []).push(k);
  }
  return bad ?? 0;
}
