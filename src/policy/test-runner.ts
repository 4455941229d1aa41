import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../audit/types.js';
import { CONTENT_SOURCES } from '../detect/types.js';
import { WardenError } from '../errors.js';
import { yamlErrors, Locator, pathText } from '../util/yaml-locator.js';
import { isTestFile, listFiles, type BundleFile, type CompiledBundle } from './bundle.js';
import { decide } from './engine.js';
import { completeInput, POLICY_PHASES, PRECEDENCE, TRUST_LEVELS, type DeepPartial, type PolicyInput, type PolicyPhase, type RuleEffect } from './input.js';
import { formatProblems, type PolicyProblem } from './policy-file.js';

/**
 * Policy unit tests: `*.test.yaml` files beside the policies of a bundle. Each case is one
 * decision input and the decision expected for it.
 *
 *   defaults:                        # optional: merged into every case's input (the case wins)
 *     agent: { risk: high, grants: { servers: [mailer] } }
 *   cases:
 *     - name: a key in a tool argument is blocked   # unique in the file; `description:` is optional
 *       input:
 *         phase: tool.call
 *         tool: mailer/send_email     # resource.server "mailer" and resource.tool "send_email"
 *         labels: [external_comms]
 *         findings: [secrets:openai]  # "detector" or "detector:kind"; or {detector, kind, score, ...}
 *       expect:
 *         effect: deny
 *         rules: [secrets-leaving]    # the enforced matched rule ids, exactly (order does not matter)
 *         shadow: []                  # the shadow rules that matched, exactly
 *
 * `rules` and `shadow` are optional: left out, they are not compared.
 *
 * Input shorthands (each also has its full form: principal, resource, request, ...):
 *
 *   agent        principal.agent (id, name, risk, status, labels, grants {models, servers, tools}, ...)
 *   user, app, ip, credential       principal.user, .app, .ip, .credential
 *   model        resource.model (kind model); provider: resource.provider
 *   tool         "server/tool" (kind tool), or a tool name with `server:` beside it
 *   server, trust, labels, annotations        resource.*
 *   arguments, params                         request.arguments, request.params
 *   content      a string, or a list of strings or {source, text}; the source defaults to the
 *                phase's own (user for llm.request, model_output for llm.response, ...)
 *   findings     as above; a shorthand finding is triggered, score 1
 *   session      {id, tainted, taint: ["prompt_injection" | {source, detector, kind, origin, at}], counters}
 *   time         {now, hour, weekday}
 *
 * Grants' rule ids (`grants.tool.call`, ...) count among the enforced rules. A rule id the
 * bundle does not have is an error, as are unknown keys and bad values: each problem names the
 * file, line and column (error code `policy.test_invalid`).
 */
export interface TestCase {
  file: string;
  line: number;
  name: string;
  input: PolicyInput;
  expect: { effect: RuleEffect; rules?: string[]; shadow?: string[] };
  /** Where each expected rule id is written, to report one the bundle does not have. */
  ruleRefs: Array<{ id: string; line: number; column: number; path: string }>;
}

export interface CaseResult {
  file: string;
  line: number;
  name: string;
  passed: boolean;
  /** Why it failed ('' when it passed): expected against got. */
  reason: string;
  expected: TestCase['expect'];
  got: { effect: RuleEffect; rules: string[]; shadow: string[]; shadowEffect: RuleEffect };
}

export interface TestReport {
  version: string;
  files: number;
  passed: number;
  failed: number;
  cases: CaseResult[];
}

export class PolicyTestInvalidError extends WardenError {
  readonly problems: PolicyProblem[];
  constructor(problems: PolicyProblem[]) {
    super('policy.test_invalid', 400, `Invalid policy tests:\n${formatProblems(problems)}`, {
      hint: 'Fix the test files at the positions listed; see src/policy/test-runner.ts for the format.',
      details: { problems },
    });
    this.problems = problems;
  }
}

const EFFECT = z.enum(PRECEDENCE as unknown as [RuleEffect, ...RuleEffect[]]);
const PHASE = z.enum(POLICY_PHASES as unknown as [PolicyPhase, ...PolicyPhase[]]);
const STRINGS = z.array(z.string());
const OBJECT = z.record(z.string(), z.unknown());
const FINDING_NAME = /^[a-z0-9_]+(:[a-z0-9_.-]+)?$/;

/** "detector" or "detector:kind" as an object, so shorthands and full forms validate alike. */
function nameShorthand(v: unknown): unknown {
  if (typeof v !== 'string' || !FINDING_NAME.test(v)) return v;
  const i = v.indexOf(':');
  return i < 0 ? { detector: v } : { detector: v.slice(0, i), kind: v.slice(i + 1) };
}
const SHORT_HINT = { error: 'expected "detector" or "detector:kind" (lowercase), or an object' };

const agent = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    owner: z.string(),
    team: z.string(),
    risk: z.enum(['low', 'medium', 'high', 'critical']),
    environment: z.string(),
    autonomy: z.enum(['assistive', 'supervised', 'autonomous']),
    status: z.enum(['active', 'quarantined', 'decommissioned']),
    labels: z.record(z.string(), z.string()),
    grants: z.strictObject({ models: STRINGS, servers: STRINGS, tools: STRINGS }).partial(),
  })
  .partial();
const credential = z.strictObject({ id: z.string(), kind: z.enum(['virtual_key', 'access_token', '']), scopes: STRINGS }).partial();
const finding = z.preprocess(
  nameShorthand,
  z.strictObject(
    {
      detector: z.string().min(1),
      kind: z.string().optional(),
      score: z.number().min(0).max(1).optional(),
      triggered: z.boolean().optional(),
      severity: z.enum(SEVERITIES as [Severity, ...Severity[]]).optional(),
      tags: STRINGS.optional(),
      part: z.number().int().min(0).optional(),
    },
    SHORT_HINT,
  ),
);
// detector may be absent: content untrusted by where it came from taints without a detector firing.
const taint = z.preprocess(nameShorthand, z.strictObject({ source: z.string().optional(), detector: z.string().optional(), kind: z.string().optional(), origin: z.string().optional(), at: z.number().optional() }, SHORT_HINT));
const contentPart = z.preprocess((v) => (typeof v === 'string' ? { text: v } : v), z.strictObject({ source: z.enum(CONTENT_SOURCES as [string, ...string[]]).optional(), text: z.string() }));
const trust = z.enum([...TRUST_LEVELS, '']);

const INPUT = z
  .strictObject({
    phase: PHASE,
    // shorthands
    agent,
    user: z.string(),
    app: z.string(),
    ip: z.string(),
    credential,
    model: z.string(),
    provider: z.string(),
    tool: z.string().min(1),
    server: z.string().min(1),
    trust,
    labels: STRINGS,
    annotations: OBJECT,
    arguments: OBJECT,
    params: OBJECT,
    // the same at top level in both forms
    content: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(contentPart)),
    findings: z.array(finding),
    session: z.strictObject({ id: z.string(), tainted: z.boolean(), taint: z.array(taint), counters: z.record(z.string(), z.number()) }).partial(),
    time: z.strictObject({ now: z.number(), hour: z.number().int().min(0).max(23), weekday: z.number().int().min(0).max(6) }).partial(),
    // full forms
    principal: z.strictObject({ agent, user: z.string(), app: z.string(), ip: z.string(), credential }).partial(),
    resource: z
      .strictObject({ kind: z.enum(['model', 'tool', '']), model: z.string(), provider: z.string(), server: z.string(), trust, tool: z.string(), annotations: OBJECT, labels: STRINGS })
      .partial(),
    request: z.strictObject({ arguments: OBJECT, params: OBJECT }).partial(),
  })
  .partial();
type RawInput = z.infer<typeof INPUT>;

const FILE = z.strictObject({
  defaults: INPUT.optional(),
  cases: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        description: z.string().optional(),
        input: INPUT.default({}),
        expect: z.strictObject({ effect: EFFECT, rules: STRINGS.optional(), shadow: STRINGS.optional() }),
      }),
    )
    .min(1, { error: 'a test file needs at least one case' }),
});

const SOURCE_OF_PHASE: Record<PolicyPhase, string> = {
  'llm.request': 'user',
  'llm.response': 'model_output',
  'tool.list': 'tool_description',
  'tool.call': 'tool_args',
  'tool.result': 'tool_result',
};

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Objects merge key by key; anything else (lists included) is replaced by the case's value. */
function merge<T>(base: T, over: T): T {
  if (!isPlain(base) || !isPlain(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k], v) : v;
  return out as T;
}

/** A validated input in shorthand and full forms as a complete policy input. */
export function expandInput(raw: RawInput & { phase: PolicyPhase }): PolicyInput {
  const phase = raw.phase;
  const principal = merge(raw.principal ?? {}, {
    ...(raw.agent ? { agent: raw.agent } : {}),
    ...(raw.user !== undefined ? { user: raw.user } : {}),
    ...(raw.app !== undefined ? { app: raw.app } : {}),
    ...(raw.ip !== undefined ? { ip: raw.ip } : {}),
    ...(raw.credential ? { credential: raw.credential } : {}),
  });
  const resource: DeepPartial<PolicyInput['resource']> = { ...raw.resource };
  if (raw.model !== undefined) resource.model = raw.model;
  if (raw.provider !== undefined) resource.provider = raw.provider;
  if (raw.server !== undefined) resource.server = raw.server;
  if (raw.tool !== undefined) {
    // "server/tool": the server is everything before the first slash.
    const slash = raw.tool.indexOf('/');
    if (slash > 0) {
      resource.server = raw.tool.slice(0, slash);
      resource.tool = raw.tool.slice(slash + 1);
    } else resource.tool = raw.tool;
  }
  if (raw.trust !== undefined) resource.trust = raw.trust;
  if (raw.labels) resource.labels = raw.labels;
  if (raw.annotations) resource.annotations = raw.annotations;
  // The kind follows the phase, so file-level defaults naming both a model and a tool still work.
  resource.kind ??= phase.startsWith('llm.') ? (resource.model ? 'model' : '') : resource.server || resource.tool ? 'tool' : '';
  const request = { ...raw.request, ...(raw.arguments ? { arguments: raw.arguments } : {}), ...(raw.params ? { params: raw.params } : {}) };
  const source = SOURCE_OF_PHASE[phase];
  return completeInput({
    phase,
    principal: principal as DeepPartial<PolicyInput['principal']>,
    resource,
    request,
    content: (raw.content ?? []).map((c) => ({ source: c.source ?? source, text: c.text })),
    findings: raw.findings as DeepPartial<PolicyInput['findings']>,
    session: raw.session as DeepPartial<PolicyInput['session']>,
    time: raw.time,
  });
}

/** Parses and validates one test file; problems are appended, and no cases come back when it has any. */
export function parseTestFile(src: BundleFile, problems: PolicyProblem[]): TestCase[] {
  const counter = new LineCounter();
  const doc = parseDocument(src.text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of yamlErrors(doc)) problems.push({ file: src.path, line: e.line ?? 1, column: e.column ?? 1, path: '', code: 'policy.yaml_syntax', message: e.message });
    return [];
  }
  const loc = new Locator(doc, counter);
  loc.source = src.text;
  const where = (p: readonly PropertyKey[]) => loc.at(p) ?? { line: 1, column: 1 };
  const add = (p: readonly PropertyKey[], message: string, pos = where(p)) => problems.push({ file: src.path, ...pos, path: pathText(p), code: 'policy.test_invalid', message });
  const raw = doc.toJS() as unknown;
  if (!isPlain(raw)) {
    add([], 'expected a mapping with `cases:` (and optionally `defaults:`)');
    return [];
  }
  const parsed = FILE.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) add([...issue.path, key], 'unknown key (check its spelling and indentation)', loc.key(issue.path, key));
      else add(issue.path, issue.code === 'invalid_value' && 'values' in issue ? `expected one of ${(issue.values as unknown[]).map((v) => (v === '' ? '""' : String(v))).join(', ')}` : issue.message);
    }
    return [];
  }
  const before = problems.length;
  const names = new Set<string>();
  const cases: TestCase[] = [];
  parsed.data.cases.forEach((c, i) => {
    const at = ['cases', i];
    if (names.has(c.name)) add([...at, 'name'], `another case of this file is named "${c.name}"`);
    names.add(c.name);
    const input = merge(parsed.data.defaults ?? {}, c.input);
    if (!input.phase) {
      add([...at, 'input'], `the input needs a phase (${POLICY_PHASES.join(', ')}), here or in defaults`);
      return;
    }
    const ruleRefs: TestCase['ruleRefs'] = [];
    for (const key of ['rules', 'shadow'] as const) {
      c.expect[key]?.forEach((id, k) => {
        const p = [...at, 'expect', key, k];
        ruleRefs.push({ id, ...where(p), path: pathText(p) });
      });
    }
    cases.push({ file: src.path, line: where(at).line, name: c.name, input: expandInput({ ...input, phase: input.phase }), expect: c.expect, ruleRefs });
  });
  return problems.length > before ? [] : cases;
}

/** Reads and validates every `*.test.yaml` under a bundle directory; throws PolicyTestInvalidError listing every problem. */
export async function loadTests(dir: string): Promise<{ files: number; cases: TestCase[] }> {
  const files = await listFiles(dir, isTestFile);
  const problems: PolicyProblem[] = [];
  const cases = files.flatMap((f) => parseTestFile(f, problems));
  if (problems.length > 0) throw new PolicyTestInvalidError(problems);
  return { files: files.length, cases };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

function setDiff(expected: readonly string[], got: readonly string[]): string {
  const missing = expected.filter((r) => !got.includes(r));
  const extra = got.filter((r) => !expected.includes(r));
  return [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `unexpected ${extra.join(', ')}` : ''].filter(Boolean).join('; ');
}

const list = (xs: readonly string[]) => `[${xs.join(', ')}]`;

/** Runs one case: passed when the effect and (if given) the enforced and shadow rule sets are as expected. */
export function runCase(bundle: CompiledBundle, c: TestCase): CaseResult {
  const d = decide(bundle, c.input);
  const got = { effect: d.effect, rules: d.rules.map((r) => r.id).sort(), shadow: d.shadow.map((r) => r.id).sort(), shadowEffect: d.shadowEffect };
  const reasons: string[] = [];
  if (d.effect !== c.expect.effect) reasons.push(`expected effect ${c.expect.effect}, got ${d.effect}`);
  if (c.expect.rules && !sameSet(c.expect.rules, got.rules)) reasons.push(`expected rules ${list(c.expect.rules)}, got ${list(got.rules)} (${setDiff(c.expect.rules, got.rules)})`);
  if (c.expect.shadow && !sameSet(c.expect.shadow, got.shadow)) reasons.push(`expected shadow rules ${list(c.expect.shadow)}, got ${list(got.shadow)} (${setDiff(c.expect.shadow, got.shadow)})`);
  // A rule that failed closed is worth saying, or a passing "deny" could hide a broken expression.
  const errors = [...d.rules, ...d.shadow].filter((r) => r.error).map((r) => `${r.id}: ${r.error}`);
  if (reasons.length > 0 && errors.length > 0) reasons.push(`rule errors: ${errors.join('; ')}`);
  return { file: c.file, line: c.line, name: c.name, passed: reasons.length === 0, reason: reasons.join('; '), expected: c.expect, got };
}

/** Runs every case against a compiled bundle. Expected rule ids the bundle lacks are refused first, with positions. */
export function runTests(bundle: CompiledBundle, cases: readonly TestCase[], files = new Set(cases.map((c) => c.file)).size): TestReport {
  const known = new Set([...bundle.rules.map((r) => r.id), ...POLICY_PHASES.map((p) => `grants.${p}`)]);
  const problems: PolicyProblem[] = [];
  for (const c of cases) {
    for (const ref of c.ruleRefs) {
      if (!known.has(ref.id)) problems.push({ file: c.file, line: ref.line, column: ref.column, path: ref.path, code: 'policy.test_invalid', message: `the bundle has no rule "${ref.id}"` });
    }
  }
  if (problems.length > 0) throw new PolicyTestInvalidError(problems);
  const results = cases.map((c) => runCase(bundle, c));
  const passed = results.filter((r) => r.passed).length;
  return { version: bundle.version, files, passed, failed: results.length - passed, cases: results };
}

/** Loads the tests of a bundle directory and runs them against the bundle compiled from it. */
export async function testBundleDir(dir: string, bundle: CompiledBundle): Promise<TestReport> {
  const { files, cases } = await loadTests(dir);
  return runTests(bundle, cases, files);
}
