import { z } from 'zod';
import { SEVERITIES } from '../../../audit/types.js';
import { ALERT_STATUSES } from '../../../store/repos/alerts.js';
import { route, type AdminRoute } from '../route.js';
import { idParam, reasonSchema } from '../schemas.js';

/** "open,acknowledged" or repeated values; each must be one of the allowed words. */
const csvOf = <T extends string>(values: readonly T[], what: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .refine((xs) => xs.every((x) => (values as readonly string[]).includes(x)), `expected ${what}: ${values.join(', ')} (comma-separated)`)
    .transform((xs) => xs as T[]);

const alertList = z
  .object({
    status: csvOf([...ALERT_STATUSES, 'unresolved' as const], 'status').optional(),
    severity: csvOf(SEVERITIES, 'severity').optional(),
    agent: z.string().min(1).max(200).optional(),
    rule: z.string().min(1).max(100).optional(),
    session: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    before: z.string().max(100).optional(),
  })
  .strict();

const ackBody = z.object({ note: z.string().trim().min(1).max(500).optional() }).strict();
const resolveBody = z.object({ reason: reasonSchema }).strict();

/**
 * Alerts raised by the monitor: list, show, acknowledge, resolve; and the loaded rules.
 * Reading needs audit.read (alerts point at audit events); acknowledging and resolving are
 * operational changes and need inventory.write (operators and admins).
 */
export const alertRoutes: AdminRoute[] = [
  route({
    method: 'GET', path: '/alerts', operationId: 'listAlerts', tag: 'alerts', summary: 'List alerts, newest first (filter by status, severity, agent, rule; page with "before")', permission: 'audit.read', query: alertList,
    handler: async ({ services, query }) => {
      const limit = query.limit ?? 100;
      let agentId: string | undefined;
      if (query.agent) agentId = (await services.agents.find(query.agent))?.id ?? query.agent;
      const status = query.status?.flatMap((s) => (s === 'unresolved' ? (['open', 'acknowledged'] as const) : [s]));
      const alerts = await services.monitor.listAlerts({
        ...(status ? { status: [...status] } : {}),
        ...(query.severity ? { severity: query.severity } : {}),
        ...(agentId ? { agentId } : {}),
        ...(query.rule ? { ruleId: query.rule } : {}),
        ...(query.session ? { sessionId: query.session } : {}),
        ...(query.before ? { before: query.before } : {}),
        limit,
      });
      return { alerts, next: alerts.length === limit ? alerts[alerts.length - 1]!.id : null };
    },
  }),
  route({
    method: 'GET', path: '/alerts/:id', operationId: 'getAlert', tag: 'alerts', summary: 'Show an alert: its rule, the events behind it and the responses taken', permission: 'audit.read', params: idParam,
    handler: async ({ services, params }) => ({ alert: await services.monitor.getAlert(params.id) }),
  }),
  route({
    method: 'POST', path: '/alerts/:id/acknowledge', operationId: 'acknowledgeAlert', tag: 'alerts', summary: 'Acknowledge an alert: someone is on it', permission: 'inventory.write', params: idParam, body: ackBody,
    handler: async ({ services, params, body, actor }) => ({ alert: await services.monitor.acknowledge(params.id, actor, body.note) }),
  }),
  route({
    method: 'POST', path: '/alerts/:id/resolve', operationId: 'resolveAlert', tag: 'alerts', summary: 'Resolve an alert (and release the sessions it put on hold)', permission: 'inventory.write', params: idParam, body: resolveBody,
    handler: async ({ services, params, body, actor }) => ({ alert: await services.monitor.resolve(params.id, body.reason, actor) }),
  }),
  route({
    method: 'GET', path: '/monitor/rules', operationId: 'listMonitorRules', tag: 'alerts', summary: 'The loaded detection rules, with their counters', permission: 'audit.read',
    handler: async ({ services }) => ({ rules: services.monitor.rules(), stats: services.monitor.stats() }),
  }),
];
