import { z } from 'zod';
import { route } from '../route.js';
import { durationSchema, idParam } from '../schemas.js';

const secretCreate = z
  .object({
    name: z.string().min(1).max(63),
    kind: z.enum(['provider_key', 'mcp_token', 'env', 'generic']).default('generic'),
    description: z.string().max(2000).optional(),
    value: z.string(),
  })
  .strict();

const secretRotate = z.object({ value: z.string(), grace: durationSchema.optional() }).strict();

/** Secret values go in and never come out: no route here returns one. */
export const secretRoutes = [
  route({
    method: 'GET', path: '/secrets', operationId: 'listSecrets', tag: 'vault', summary: 'List vault secrets (metadata only)', permission: 'secrets.read',
    handler: async ({ services }) => ({ secrets: await services.vault.list() }),
  }),
  route({
    method: 'POST', path: '/secrets', operationId: 'createSecret', tag: 'vault', summary: 'Store a secret in the vault (write-only)', permission: 'secrets.write', body: secretCreate, status: 201,
    handler: async ({ services, body, actor }) => ({ secret: await services.vault.create(body, actor) }),
  }),
  route({
    method: 'GET', path: '/secrets/:id', operationId: 'getSecret', tag: 'vault', summary: 'Show a secret\'s metadata and versions (never its value)', permission: 'secrets.read', params: idParam,
    handler: async ({ services, params }) => ({ secret: await services.vault.get(params.id) }),
  }),
  route({
    method: 'POST', path: '/secrets/:id/rotate', operationId: 'rotateSecret', tag: 'vault', summary: 'Store a new version; the previous one stays usable for a grace period', permission: 'secrets.write', params: idParam, body: secretRotate,
    handler: async ({ services, params, body, actor }) => ({ secret: await services.vault.rotate(params.id, body.value, actor, { graceMs: body.grace }) }),
  }),
  route({
    method: 'DELETE', path: '/secrets/:id', operationId: 'deleteSecret', tag: 'vault', summary: 'Delete a secret: it can no longer be resolved', permission: 'secrets.write', params: idParam,
    handler: async ({ services, params, actor }) => {
      await services.vault.remove(params.id, actor);
      return { deleted: params.id };
    },
  }),
  route({
    method: 'GET', path: '/vault/status', operationId: 'vaultStatus', tag: 'vault', summary: 'Master key ids, source and envelope counts (no key material)', permission: 'vault.manage',
    handler: async ({ services }) => ({ vault: await services.vault.status() }),
  }),
  route({
    method: 'POST', path: '/vault/rewrap', operationId: 'vaultRewrap', tag: 'vault', summary: 'Re-wrap every data key under the primary master key, online', permission: 'vault.manage',
    handler: async ({ services, actor }) => ({ rewrap: await services.vault.rewrapAll(actor) }),
  }),
  route({
    method: 'POST', path: '/vault/rotate-master-key', operationId: 'vaultRotateMasterKey', tag: 'vault', summary: 'Generate a new master key (file-based keyrings) and re-wrap everything, online', permission: 'vault.manage',
    handler: async ({ services, actor }) => ({ rotation: await services.vault.rotateMasterKey(actor) }),
  }),
];
