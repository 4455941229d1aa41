import { z } from 'zod';
import { parseDuration } from '../../util/duration.js';

export const nameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'expected a lowercase name: letters, digits, ".", "_" or "-", at most 63 characters');

export const durationSchema = z
  .string()
  .refine((v) => parseDuration(v) !== null, 'expected a duration such as "90s", "10m", "24h" or "30d"')
  .transform((v) => parseDuration(v)!);

export const reasonSchema = z.string().trim().min(1, 'say why (it goes into the audit trail)').max(500);

const listEntry = z.string().min(1).max(300);
export const grantsInput = z
  .object({
    models: z.array(listEntry).max(500).optional(),
    servers: z.array(listEntry).max(500).optional(),
    tools: z.array(listEntry).max(2000).optional(),
  })
  .strict();

export const labelsInput = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9._/-]{0,62}$/, 'label keys are lowercase identifiers'), z.string().max(200))
  .refine((l) => Object.keys(l).length <= 64, 'at most 64 labels');

export const idParam = z.object({ id: z.string().min(1).max(200) }).strict();
