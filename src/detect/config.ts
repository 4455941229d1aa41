import { z } from 'zod';

/**
 * The `detectors:` section of warden.yaml. Every detector can be switched off and has a
 * threshold; the rest are the knobs each detector documents. Custom secret patterns are
 * compiled with RE2 (linear time) when the suite is built, so a bad one fails at load.
 */
const threshold = z.number().min(0).max(1);
const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);

const base = { enabled: z.boolean().default(true), threshold: threshold.optional() };

export const detectorsSchema = z
  .object({
    prompt_injection: z
      .object({ ...base, data_threshold: threshold.optional(), model: z.boolean().default(true) })
      .strict()
      .default({ enabled: true, model: true }),
    jailbreak: z.object(base).strict().default({ enabled: true }),
    secrets: z
      .object({
        ...base,
        disabled_formats: z.array(z.string().min(1).max(100)).max(200).default([]),
        custom: z
          .array(
            z
              .object({
                id: z.string().regex(/^[a-z0-9_]{1,60}$/, 'expected a lowercase id: letters, digits and "_"'),
                pattern: z.string().min(1).max(2000),
                severity: severity.default('high'),
                label: z.string().regex(/^[a-z0-9_.-]{1,40}$/).optional(),
              })
              .strict(),
          )
          .max(200)
          .default([]),
      })
      .strict()
      .default({ enabled: true, disabled_formats: [], custom: [] }),
    pii: z
      .object({
        ...base,
        kinds: z.array(z.string().min(1).max(60)).max(50).optional(),
        ignore_email_domains: z.array(z.string().min(1).max(253)).max(500).default([]),
        report_private_ips: z.boolean().default(false),
      })
      .strict()
      .default({ enabled: true, ignore_email_domains: [], report_private_ips: false }),
    exfiltration: z
      .object({ ...base, allow_domains: z.array(z.string().min(1).max(253)).max(2000).default([]), check_links: z.boolean().default(true) })
      .strict()
      .default({ enabled: true, allow_domains: [], check_links: true }),
    unicode: z.object(base).strict().default({ enabled: true }),
    encoding: z
      .object({
        ...base,
        max_depth: z.number().int().min(0).max(5).default(3),
        max_decoded_chars: z.number().int().min(0).max(16 * 1024 * 1024).default(64 * 1024),
      })
      .strict()
      .default({ enabled: true, max_depth: 3, max_decoded_chars: 64 * 1024 }),
    tool_poisoning: z.object(base).strict().default({ enabled: true }),
  })
  .strict();

export type DetectorsConfig = z.infer<typeof detectorsSchema>;

/** The embedded defaults: every detector on, default thresholds. */
export function defaultDetectorsConfig(): DetectorsConfig {
  return detectorsSchema.parse({});
}
