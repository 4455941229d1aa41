import { ASSIGNMENT_FORMATS, assignmentScanner } from './secrets/assignment.js';
import { STRUCTURED_FORMATS, STRUCTURED_SCANNERS } from './secrets/structured.js';
import { TOKEN_SPECS, tokenScanner } from './secrets/token-formats.js';
import type { Scanner, SecretFormatInfo } from './secrets/types.js';

export type { SecretFormatInfo, Validation } from './secrets/types.js';

/**
 * Every credential format the secrets detector knows, with the finding kind (`id`), the
 * provider used in the redaction label, a description for docs and the CLI, the severity of a
 * live match, and how a match is confirmed beyond its shape.
 *
 * The formats live in three places by how they are found:
 * - secrets/token-formats.ts: a fixed prefix and body (with checksums where the format has one);
 * - secrets/structured.ts: PEM blocks, JWTs, URLs with passwords, AWS pairs, Azure, GCP, webhooks;
 * - secrets/assignment.ts: values recognised by the name they are assigned to, and the generic rule.
 */
export const SECRET_FORMATS: readonly SecretFormatInfo[] = [
  ...TOKEN_SPECS.map(({ id, provider, description, severity, validation }) => ({ id, provider, description, severity, validation })),
  ...STRUCTURED_FORMATS,
  ...ASSIGNMENT_FORMATS,
];

export const SECRET_FORMAT_IDS: ReadonlySet<string> = new Set(SECRET_FORMATS.map((f) => f.id));

/** The scanners behind the formats, in the order they run at a shared anchor. */
export const SECRET_SCANNERS: readonly Scanner[] = [...TOKEN_SPECS.map(tokenScanner), ...STRUCTURED_SCANNERS, assignmentScanner];

const byId = new Map(SECRET_FORMATS.map((f) => [f.id, f]));

export function secretFormat(id: string): SecretFormatInfo | undefined {
  return byId.get(id);
}
