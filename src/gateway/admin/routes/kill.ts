import { z } from 'zod';
import { route } from '../route.js';
import { reasonSchema } from '../schemas.js';

const killBody = z
  .object({
    scope: z.enum(['all', 'agent', 'key']),
    target: z.string().min(1).max(200).optional(),
    reason: reasonSchema,
  })
  .strict();

export const killRoutes = [
  route({
    method: 'GET', path: '/kill', operationId: 'listKillSwitches', tag: 'kill switch', summary: 'Engaged kill switches and recent history', permission: 'inventory.read',
    handler: async ({ services }) => ({ active: services.kill.active(), history: await services.kill.history(50) }),
  }),
  route({
    method: 'POST', path: '/kill', operationId: 'engageKillSwitch', tag: 'kill switch', summary: 'Stop an agent, a key, or everything, on every instance', permission: 'kill.write', body: killBody, status: 201,
    handler: async ({ services, body, actor }) => ({ killSwitch: await services.kill.engage(body.scope, body.target, body.reason, actor) }),
  }),
  route({
    method: 'POST', path: '/revive', operationId: 'liftKillSwitch', tag: 'kill switch', summary: 'Lift an engaged kill switch', permission: 'kill.write', body: killBody,
    handler: async ({ services, body, actor }) => ({ killSwitch: await services.kill.lift(body.scope, body.target, body.reason, actor) }),
  }),
];
