import type { AuditEventsTable } from './tables.js';

/**
 * Column order of the audit chain's raw pages (AuditEventRepo.rangeRaw). Kept apart from the
 * repository so the verification worker can use it without loading the query builder.
 */
export const AUDIT_COLUMNS: Array<keyof AuditEventsTable> = [
  'seq', 'id', 'ts', 'phase', 'action', 'outcome', 'effect', 'actorKind', 'actorId', 'agentId', 'userId',
  'sessionId', 'targetKind', 'targetId', 'findingKinds', 'prevHash', 'hash', 'body',
];
