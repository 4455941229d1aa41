import { z } from 'zod';
import { permissionsOf } from '../../../identity/roles.js';
import { route } from '../route.js';
import { durationSchema, idParam } from '../schemas.js';

const tokenCreate = z
  .object({
    name: z.string().min(1).max(100),
    role: z.enum(['admin', 'operator', 'approver', 'auditor', 'viewer']),
    ttl: durationSchema.optional(),
  })
  .strict();

export const adminTokenRoutes = [
  route({
    method: 'GET', path: '/whoami', operationId: 'whoami', tag: 'admin', summary: 'The admin token in use, its role and permissions', permission: null,
    handler: async ({ admin }) => ({ token: admin, permissions: permissionsOf(admin.role) }),
  }),
  route({
    method: 'GET', path: '/admin-tokens', operationId: 'listAdminTokens', tag: 'admin', summary: 'List admin tokens (never their values)', permission: 'admin_tokens.manage',
    handler: async ({ services }) => ({ tokens: await services.adminTokens.list() }),
  }),
  route({
    method: 'POST', path: '/admin-tokens', operationId: 'createAdminToken', tag: 'admin', summary: 'Create an admin token with a role; the token is in this response only', permission: 'admin_tokens.manage', body: tokenCreate, status: 201,
    handler: async ({ services, body, actor }) => {
      const { token, secret } = await services.adminTokens.create({ name: body.name, role: body.role, ttlMs: body.ttl }, actor);
      return { token, secret, notice: 'Store this token now: Warden keeps only a digest and cannot show it again.' };
    },
  }),
  route({
    method: 'POST', path: '/admin-tokens/:id/revoke', operationId: 'revokeAdminToken', tag: 'admin', summary: 'Revoke an admin token', permission: 'admin_tokens.manage', params: idParam,
    handler: async ({ services, params, actor }) => ({ token: await services.adminTokens.revoke(params.id, actor) }),
  }),
];
