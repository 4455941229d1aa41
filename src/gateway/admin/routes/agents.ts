import { z } from 'zod';
import { riskClass, autonomy, environment } from '../../../config/schema.js';
import { route } from '../route.js';
import { durationSchema, grantsInput, idParam, labelsInput, nameSchema, reasonSchema } from '../schemas.js';

const agentCreate = z
  .object({
    name: nameSchema,
    owner: z.string().min(1).max(200),
    team: z.string().min(1).max(200).optional(),
    purpose: z.string().max(2000).optional(),
    environment: environment.optional(),
    risk: riskClass.optional(),
    autonomy: autonomy.optional(),
    labels: labelsInput.optional(),
    grants: grantsInput.optional(),
  })
  .strict();

const agentPatch = agentCreate.omit({ name: true }).partial().extend({ team: z.string().min(1).max(200).nullable().optional() }).strict();

const agentList = z
  .object({
    status: z.enum(['active', 'quarantined', 'decommissioned']).optional(),
    owner: z.string().optional(),
    team: z.string().optional(),
    environment: z.string().optional(),
    risk: riskClass.optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    after: z.string().optional(),
  })
  .strict();

const keyIssue = z
  .object({
    name: z.string().max(100).optional(),
    ttl: durationSchema.optional(),
    scopes: grantsInput.optional(),
  })
  .strict();

const keyRotate = z.object({ grace: durationSchema.optional(), ttl: durationSchema.optional() }).strict();
const withReason = z.object({ reason: reasonSchema }).strict();
const keyList = z.object({ include_revoked: z.enum(['true', 'false']).optional() }).strict();

export const agentRoutes = [
  route({
    method: 'GET', path: '/agents', operationId: 'listAgents', tag: 'agents', summary: 'List agents', permission: 'inventory.read', query: agentList,
    handler: async ({ services, query }) => ({ agents: await services.agents.list(query) }),
  }),
  route({
    method: 'POST', path: '/agents', operationId: 'createAgent', tag: 'agents', summary: 'Create an agent identity', permission: 'inventory.write', body: agentCreate, status: 201,
    handler: async ({ services, body, actor }) => ({ agent: await services.agents.create(body, actor) }),
  }),
  route({
    method: 'GET', path: '/agents/:id', operationId: 'getAgent', tag: 'agents', summary: 'Show an agent (by id or name)', permission: 'inventory.read', params: idParam,
    handler: async ({ services, params }) => ({ agent: await services.agents.get(params.id) }),
  }),
  route({
    method: 'PATCH', path: '/agents/:id', operationId: 'updateAgent', tag: 'agents', summary: 'Change an agent\'s owner, team, purpose, risk, labels or grants', permission: 'inventory.write', params: idParam, body: agentPatch,
    handler: async ({ services, params, body, actor }) => ({ agent: await services.agents.update(params.id, body, actor) }),
  }),
  route({
    method: 'POST', path: '/agents/:id/quarantine', operationId: 'quarantineAgent', tag: 'agents', summary: 'Quarantine an agent: every request it makes is refused until it is activated', permission: 'inventory.write', params: idParam, body: withReason,
    handler: async ({ services, params, body, actor }) => ({ agent: await services.agents.quarantine(params.id, body.reason, actor) }),
  }),
  route({
    method: 'POST', path: '/agents/:id/activate', operationId: 'activateAgent', tag: 'agents', summary: 'Lift an agent\'s quarantine', permission: 'inventory.write', params: idParam, body: withReason,
    handler: async ({ services, params, body, actor }) => ({ agent: await services.agents.activate(params.id, body.reason, actor) }),
  }),
  route({
    method: 'POST', path: '/agents/:id/decommission', operationId: 'decommissionAgent', tag: 'agents', summary: 'Decommission an agent and revoke all of its keys (terminal)', permission: 'inventory.write', params: idParam, body: withReason,
    handler: async ({ services, params, body, actor }) => services.agents.decommission(params.id, body.reason, actor),
  }),
  route({
    method: 'GET', path: '/agents/:id/keys', operationId: 'listKeys', tag: 'keys', summary: 'List an agent\'s keys (never their values)', permission: 'inventory.read', params: idParam, query: keyList,
    handler: async ({ services, params, query }) => ({ keys: await services.credentials.list(params.id, { includeRevoked: query.include_revoked === 'true' }) }),
  }),
  route({
    method: 'POST', path: '/agents/:id/keys', operationId: 'issueKey', tag: 'keys', summary: 'Issue a virtual key; the key is in this response only', permission: 'keys.write', params: idParam, body: keyIssue, status: 201,
    handler: async ({ services, params, body, actor }) => {
      const { credential, key } = await services.credentials.issue(params.id, { name: body.name, scopes: body.scopes, ttlMs: body.ttl }, actor);
      return { key: credential, secret: key, notice: 'Store this key now: Warden keeps only a digest and cannot show it again.' };
    },
  }),
  route({
    method: 'GET', path: '/keys/:id', operationId: 'getKey', tag: 'keys', summary: 'Show a key\'s metadata', permission: 'inventory.read', params: idParam,
    handler: async ({ services, params }) => ({ key: await services.credentials.get(params.id) }),
  }),
  route({
    method: 'POST', path: '/keys/:id/rotate', operationId: 'rotateKey', tag: 'keys', summary: 'Rotate a key: a new key now, the old one valid for a grace period', permission: 'keys.write', params: idParam, body: keyRotate,
    handler: async ({ services, params, body, actor }) => {
      const r = await services.credentials.rotate(params.id, { graceMs: body.grace, ttlMs: body.ttl }, actor);
      return { key: r.credential, secret: r.key, previous: r.previous, notice: 'Store this key now: Warden keeps only a digest and cannot show it again.' };
    },
  }),
  route({
    method: 'POST', path: '/keys/:id/revoke', operationId: 'revokeKey', tag: 'keys', summary: 'Revoke a key; it stops working on the next request', permission: 'keys.write', params: idParam, body: withReason,
    handler: async ({ services, params, body, actor }) => ({ key: await services.credentials.revoke(params.id, body.reason, actor) }),
  }),
];
