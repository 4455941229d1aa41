import { z } from 'zod';
import { ADMIN_PREFIX } from './register.js';
import type { AdminRoute } from './route.js';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable error code, e.g. agent.not_found' },
        message: { type: 'string' },
        hint: { type: 'string', description: 'What to do about it' },
        details: { type: 'object' },
      },
    },
  },
};

function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** The admin API's OpenAPI 3.1 document, generated from the same route table that serves it. */
export function openApiDocument(routes: AdminRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = ADMIN_PREFIX + r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const m of r.path.matchAll(/:([A-Za-z_]+)/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
    if (r.query) {
      const qs = jsonSchema(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(qs.properties ?? {})) {
        parameters.push({ name, in: 'query', required: qs.required?.includes(name) ?? false, schema });
      }
    }
    const op: Record<string, unknown> = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      ...(r.permission ? { 'x-warden-permission': r.permission } : {}),
      parameters,
      responses: {
        [String(r.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        '400': { description: 'Invalid input', content: { 'application/json': { schema: errorSchema } } },
        '401': { description: 'Missing or invalid admin token', content: { 'application/json': { schema: errorSchema } } },
        '403': { description: 'The token\'s role lacks the permission', content: { 'application/json': { schema: errorSchema } } },
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } };
    (paths[p] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Warden admin API', version, description: 'Control plane for agent identities, keys, secrets and the kill switch. Every change is audited.' },
    components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'An admin token (wdna_…)' } } },
    security: [{ adminToken: [] }],
    paths,
  };
}
