/**
 * Framework tags findings carry, as `framework:id`. OWASP Top 10 for LLM Applications (2025),
 * OWASP Top 10 for Agentic Applications (ASI, 2026) and MITRE ATLAS technique ids.
 */
export const TAG = {
  llmPromptInjection: 'owasp-llm:LLM01',
  llmSensitiveDisclosure: 'owasp-llm:LLM02',
  llmSupplyChain: 'owasp-llm:LLM03',
  llmImproperOutput: 'owasp-llm:LLM05',
  llmExcessiveAgency: 'owasp-llm:LLM06',
  llmSystemPromptLeak: 'owasp-llm:LLM07',
  asiGoalHijack: 'owasp-asi:ASI01',
  asiToolMisuse: 'owasp-asi:ASI02',
  asiIdentityAbuse: 'owasp-asi:ASI03',
  asiSupplyChain: 'owasp-asi:ASI04',
  asiMemoryPoisoning: 'owasp-asi:ASI06',
  atlasPromptInjection: 'atlas:AML.T0051',
  atlasDirectInjection: 'atlas:AML.T0051.000',
  atlasIndirectInjection: 'atlas:AML.T0051.001',
  atlasJailbreak: 'atlas:AML.T0054',
  atlasMetaPromptExtraction: 'atlas:AML.T0056',
  atlasDataLeakage: 'atlas:AML.T0057',
  atlasUnsecuredCredentials: 'atlas:AML.T0055',
  atlasObfuscation: 'atlas:AML.T0068',
  atlasResponseRendering: 'atlas:AML.T0077',
  atlasExfilViaInference: 'atlas:AML.T0024',
  atlasSupplyChain: 'atlas:AML.T0010',
} as const;
