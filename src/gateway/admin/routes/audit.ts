import { z } from 'zod';
import { PHASES } from '../../../audit/types.js';
import { route } from '../route.js';
import { durationSchema } from '../schemas.js';

const auditQuery = z
  .object({
    agent: z.string().optional(),
    phase: z.enum(PHASES as [string, ...string[]]).optional(),
    action: z.string().max(100).optional(),
    target: z.string().max(200).optional(),
    since: durationSchema.optional(),
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const auditRoutes = [
  route({
    method: 'GET', path: '/audit/events', operationId: 'searchAuditEvents', tag: 'audit', summary: 'Search audit events, oldest first (page with "after")', permission: 'audit.read', query: auditQuery,
    handler: async ({ services, query }) => {
      let agentId: string | undefined;
      if (query.agent) agentId = (await services.agents.find(query.agent))?.id ?? query.agent;
      const events = await services.audit.query({
        agentId,
        phase: query.phase,
        action: query.action,
        targetId: query.target,
        since: query.since !== undefined ? services.clock.now() - query.since : undefined,
        afterSeq: query.after,
        limit: query.limit ?? 100,
      });
      return { events, next: events.length === (query.limit ?? 100) ? events[events.length - 1]?.seq : null };
    },
  }),
];
