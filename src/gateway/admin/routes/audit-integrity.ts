import { z } from 'zod';
import { storedCheckpointKeys } from '../../../audit/checkpoints.js';
import { verifyLog } from '../../../audit/verify.js';
import { route } from '../route.js';

const checkpoint = z
  .object({ origin: z.string(), seq: z.number().int().positive(), headHash: z.string().regex(/^[0-9a-f]{64}$/), ts: z.number(), kid: z.string(), signature: z.string() })
  .strict();

/** Chain verification and signed checkpoints. */
export const auditIntegrityRoutes = [
  route({
    method: 'POST', path: '/audit/verify', operationId: 'verifyAuditLog', tag: 'audit', summary: 'Verify the hash chain, the head and every signed checkpoint', permission: 'audit.read',
    body: z.object({ checkpoints: z.array(checkpoint).max(100_000).optional() }).strict(),
    handler: async ({ services, body }) => {
      await services.audit.flush();
      const keys = await storedCheckpointKeys(services.store);
      keys.set(services.checkpointer.kid, services.checkpointer.publicKey);
      return { report: await verifyLog(services.store, { keys, externalCheckpoints: body.checkpoints }) };
    },
  }),
  route({
    method: 'GET', path: '/audit/checkpoints', operationId: 'listAuditCheckpoints', tag: 'audit', summary: 'Signed checkpoints and the public key that verifies them', permission: 'audit.read',
    handler: async ({ services }) => ({
      kid: services.checkpointer.kid,
      publicKey: services.checkpointer.publicKeyPem(),
      checkpoints: await services.checkpointer.list(),
    }),
  }),
  route({
    method: 'POST', path: '/audit/checkpoints', operationId: 'createAuditCheckpoint', tag: 'audit', summary: 'Sign a checkpoint of the current head now', permission: 'audit.read', status: 201,
    handler: async ({ services }) => {
      await services.audit.flush();
      return { checkpoint: (await services.checkpointer.checkpoint()) ?? null };
    },
  }),
];
