import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest, forbidden, WardenError } from '../../errors.js';
import type { Actor } from '../../audit/types.js';
import { Authenticator } from '../../identity/authenticate.js';
import type { AdminPrincipal } from '../../identity/admin-tokens.js';
import { can, type Permission } from '../../identity/roles.js';
import type { Services } from '../../services.js';
import type { AdminRoute } from './route.js';

export const ADMIN_PREFIX = '/admin/v1';

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'path'): T {
  if (!schema) {
    if (where === 'body' && value !== undefined && value !== null && !(typeof value === 'object' && Object.keys(value as object).length === 0)) {
      throw badRequest('request.unexpected_body', 'This endpoint takes no body.');
    }
    return undefined as T;
  }
  const r = schema.safeParse(value ?? (where === 'body' ? {} : value));
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(root)',
    message: i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message,
  }));
  const first = problems[0]!;
  throw badRequest('request.invalid', `Invalid ${where}: ${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`, 'See details.problems for every field to fix.', { problems });
}

/**
 * Authenticates the request's admin token and checks its role has `permission` (null: any
 * role). A refusal for lack of permission is audited. Used by the route table and by the few
 * routes registered outside it (the audit stream).
 */
export async function authorizeAdmin(
  req: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  permission: Permission | null,
  operation: { id: string; what: string },
): Promise<{ admin: AdminPrincipal; actor: Actor }> {
  const secret = Authenticator.bearer(req.headers);
  if (!secret) {
    void reply.header('www-authenticate', 'Bearer realm="warden-admin"');
    throw new WardenError('admin.missing_token', 401, 'No admin token was presented.', {
      hint: 'Send "Authorization: Bearer wdna_…" (the CLI reads WARDEN_ADMIN_TOKEN).',
    });
  }
  const admin = await services.adminTokens.verify(secret);
  const actor: Actor = { kind: 'admin', id: admin.tokenId, name: admin.name, role: admin.role, ip: req.ip };
  if (permission && !can(admin.role, permission)) {
    await services.audit.record({
      phase: 'admin',
      action: 'admin.permission_denied',
      outcome: 'denied',
      actor,
      target: { kind: 'operation', id: operation.id },
      data: { permission, role: admin.role },
    });
    throw forbidden('admin.forbidden', `Role "${admin.role}" may not ${operation.what} (needs ${permission}).`, 'Use a token with a role that has this permission.');
  }
  return { admin, actor };
}

/** Registers the admin routes: authenticate the admin token, check the role, validate, run. */
export function registerAdminRoutes(app: FastifyInstance, services: Services, routes: AdminRoute[]): void {
  for (const r of routes) {
    app.route({
      method: r.method,
      url: ADMIN_PREFIX + r.path,
      handler: async (req: FastifyRequest, reply) => {
        const { admin, actor } = await authorizeAdmin(req, reply, services, r.permission, { id: r.operationId, what: r.summary.toLowerCase() });
        const type = req.headers['content-type'];
        if (req.body !== undefined && req.body !== null && !(typeof type === 'string' && /^application\/json\b/i.test(type))) {
          throw new WardenError('request.unsupported_media_type', 415, 'The admin API accepts JSON bodies only.', { hint: 'Send "Content-Type: application/json".' });
        }
        const params = parse(r.params, req.params, 'path');
        const query = parse(r.query, req.query, 'query');
        const body = parse(r.body, req.body, 'body');
        const result = await r.handler({ body, query, params, actor, admin, services });
        void reply.code(r.status ?? 200);
        return result;
      },
    });
  }
}
