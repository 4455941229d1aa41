import type { DetectorsConfig } from './config.js';
import { createEncodingDetector, findEncodedSegments } from './encoding.js';
import { createExfiltrationDetector } from './exfiltration.js';
import { createJailbreakDetector } from './jailbreak.js';
import { createPiiDetector } from './pii.js';
import { createPromptInjectionDetector } from './prompt-injection.js';
import { createSecretsDetector } from './secrets.js';
import { buildSuite, type DetectorSuite } from './suite.js';
import { createToolPoisoningDetector } from './tool-poisoning.js';
import type { Detector } from './types.js';
import { createUnicodeDetector } from './unicode.js';

export type { DetectorSuite } from './suite.js';
export type { ContentSource, DetectContext, Detector, DetectorFinding } from './types.js';

/** The detector names, in the order the suite runs them. */
export const DETECTOR_NAMES = ['prompt_injection', 'jailbreak', 'secrets', 'pii', 'exfiltration', 'unicode', 'encoding', 'tool_poisoning'] as const;

/**
 * Builds the suite from the `detectors:` configuration. Everything that can be wrong with the
 * configuration (a custom pattern RE2 cannot compile, say) fails here, at start-up, never on a request.
 */
export function createDetectorSuite(config: DetectorsConfig): DetectorSuite {
  const t = <T extends { threshold?: number }>(c: T): { threshold?: number } => (c.threshold === undefined ? {} : { threshold: c.threshold });
  const detectors: Detector[] = [];
  const c = config;
  // tool_poisoning reads descriptions with the injection detector too; neither on, nothing is loaded.
  const injection =
    c.prompt_injection.enabled || c.tool_poisoning.enabled
      ? createPromptInjectionDetector({ ...t(c.prompt_injection), model: c.prompt_injection.model, ...(c.prompt_injection.data_threshold !== undefined ? { dataThreshold: c.prompt_injection.data_threshold } : {}) })
      : undefined;
  if (c.prompt_injection.enabled && injection) detectors.push(injection);
  if (c.jailbreak.enabled) detectors.push(createJailbreakDetector(t(c.jailbreak)));
  if (c.secrets.enabled) {
    detectors.push(createSecretsDetector({ ...t(c.secrets), disabled: c.secrets.disabled_formats, custom: c.secrets.custom.map((p) => ({ id: p.id, pattern: p.pattern, severity: p.severity, ...(p.label ? { label: p.label } : {}) })) }));
  }
  if (c.pii.enabled) {
    detectors.push(createPiiDetector({ ...t(c.pii), ...(c.pii.kinds ? { kinds: c.pii.kinds } : {}), ignoreEmails: c.pii.ignore_email_domains, ipPrivate: c.pii.report_private_ips }));
  }
  if (c.exfiltration.enabled) detectors.push(createExfiltrationDetector({ ...t(c.exfiltration), allowDomains: c.exfiltration.allow_domains, checkLinks: c.exfiltration.check_links }));
  if (c.unicode.enabled) detectors.push(createUnicodeDetector(t(c.unicode)));
  const limits = { maxTotalBytes: c.encoding.max_decoded_chars };
  if (c.encoding.enabled) detectors.push(createEncodingDetector({ ...t(c.encoding), ...limits }));
  if (c.tool_poisoning.enabled) detectors.push(createToolPoisoningDetector({ ...t(c.tool_poisoning), ...(injection ? { injection } : {}) }));
  return buildSuite({
    detectors,
    ...(c.encoding.enabled && c.encoding.max_depth > 0 ? { decode: (text: string) => findEncodedSegments(text, limits) } : {}),
    sources: { tool_poisoning: ['tool_description'] },
    limits: { maxDepth: c.encoding.max_depth, maxDecodedChars: c.encoding.max_decoded_chars },
  });
}
