import type { AuditEventInput } from '../../src/audit/types.js';

/** A tool call's audit event numbered `i` (in `data.i`), with `over` replacing any field. */
export const ev = (i: number, over: Partial<AuditEventInput> = {}): AuditEventInput => ({
  phase: 'tool.call',
  action: 'tool.call',
  outcome: 'success',
  actor: { kind: 'agent', id: 'agt_1', name: 'bot' },
  agentId: 'agt_1',
  sessionId: 'ses_1',
  resource: { server: 'files', tool: 'read_file' },
  data: { i },
  ...over,
});
