import { celList, celMap, isCelError } from '@bufbuild/cel';
import type { Decision, Severity } from '../audit/types.js';
import { matchesAny } from '../util/glob.js';
import type { CompiledBundle } from './bundle.js';
import type { FieldType } from '../cel/check.js';
import { INPUT_TYPES, PRECEDENCE, type GrantCheck, type PolicyInput, type RuleEffect } from './input.js';
import type { CompiledRule, RuleMode } from './policy-file.js';

/**
 * The one policy decision point. For one input and one compiled bundle:
 *
 * 1. The agent's grants are checked for the phase (a model it may use, a tool or server it may
 *    call); the verdict is exposed to rules as `grants`, and a request outside them gets the
 *    phase's `outside_grants` effect (deny by default) whatever the rules say.
 * 2. Every rule of the phase whose mode is not `off` is evaluated; every match is collected.
 * 3. The effect is the strongest among enforced matches: deny > require_approval > redact >
 *    alert > allow; with no match, the phase's default effect.
 *
 * A rule whose expression fails at run time (a key missing from a free-form map, say) fails
 * closed: for any effect but allow it counts as matched, marked `error`, because a broken guard
 * must not silently let traffic through. Shadow rules are evaluated the same way but only
 * reported, with the effect they would have produced.
 */
export interface MatchedRule {
  id: string;
  policy: string;
  effect: RuleEffect;
  message: string;
  severity: Severity;
  mode: RuleMode;
  controls: string[];
  /** The expression failed at run time and the rule counted as matched (fail closed). */
  error?: string;
}

export interface PolicyDecision {
  effect: RuleEffect;
  /** Enforced matches (and the grant verdict, as rule `grants.<phase>`), strongest first. */
  rules: MatchedRule[];
  /** Shadow-mode matches: reported, never enforced. */
  shadow: MatchedRule[];
  /** What the effect would be were the shadow rules enforced too. */
  shadowEffect: RuleEffect;
  grants: GrantCheck;
  policyVersion: string;
}

const RANK: Record<RuleEffect, number> = Object.fromEntries(PRECEDENCE.map((e, i) => [e, i])) as Record<RuleEffect, number>;

export function strongest(a: RuleEffect, b: RuleEffect): RuleEffect {
  return RANK[a] <= RANK[b] ? a : b;
}

/** The grant check of step 1. Empty grant lists grant nothing (least privilege); "*" grants all. */
export function checkGrants(input: PolicyInput): GrantCheck {
  const g = input.principal.agent.grants;
  const r = input.resource;
  switch (input.phase) {
    case 'llm.request':
      if (!r.model) return { checked: true, allowed: false, reason: 'the request names no model' };
      return matchesAny(g.models, r.model) ? { checked: true, allowed: true, reason: `model ${r.model} is granted` } : { checked: true, allowed: false, reason: `model ${r.model} is not in the agent's grants` };
    case 'tool.list':
    case 'tool.call': {
      if (!r.server || !r.tool) return { checked: true, allowed: false, reason: 'the call names no server and tool' };
      const qualified = `${r.server}/${r.tool}`;
      if (matchesAny(g.servers, r.server)) return { checked: true, allowed: true, reason: `server ${r.server} is granted` };
      if (matchesAny(g.tools, qualified)) return { checked: true, allowed: true, reason: `tool ${qualified} is granted` };
      return { checked: true, allowed: false, reason: `tool ${qualified} is not in the agent's grants` };
    }
    default:
      return { checked: false, allowed: true, reason: 'nothing to check in this phase' };
  }
}

/**
 * A JSON-like value as CEL values (maps and lists), converted once. The CEL runtime would
 * otherwise convert a plain object again on every field access of every rule.
 */
export function celValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = celValue(v[i]);
    return celList(out as never[]);
  }
  const map = new Map<string, unknown>();
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) map.set(k, celValue(x));
  }
  return celMap(map as Map<string, never>);
}

/**
 * The variables rules see: the input's fields plus the grant verdict. Besides each top-level
 * name, every dotted path through the schema's objects is bound ("principal.agent.risk"): the
 * CEL runtime tries the longest qualified name first and, on a miss, searches its type registry
 * before falling back, so binding the paths saves that search on every field read of every rule.
 * Values are converted on first read and kept for the decision's other rules: a decision pays
 * only for the fields its rules read.
 */
export function variablesOf(input: PolicyInput, grants: GrantCheck): Record<string, unknown> {
  const top: Record<string, unknown> = { ...input, grants };
  const cache = new Map<string, unknown>();
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get(_, name) {
      if (typeof name !== 'string') return undefined;
      if (cache.has(name)) return cache.get(name);
      const path = PATHS.get(name);
      let v: unknown;
      if (path) {
        v = top[path[0]!];
        for (let i = 1; i < path.length && v !== undefined; i++) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[path[i]!] : undefined;
        v = celValue(v);
      }
      cache.set(name, v);
      return v;
    },
  });
}

/** Every dotted path through the schema's objects, split once. */
const PATHS = new Map<string, string[]>();
(function collect(prefix: string[], fields: Record<string, FieldType>): void {
  for (const [k, t] of Object.entries(fields)) {
    const p = [...prefix, k];
    PATHS.set(p.join('.'), p);
    if (t.t === 'object') collect(p, t.fields);
  }
})([], INPUT_TYPES);

function matched(rule: CompiledRule, error?: string): MatchedRule {
  return {
    id: rule.id,
    policy: rule.policy,
    effect: rule.effect,
    message: rule.message,
    severity: rule.severity,
    mode: rule.mode,
    controls: rule.controls,
    ...(error !== undefined ? { error } : {}),
  };
}

/** Runs one rule: matched, not matched, or failed (an error message). */
function run(rule: CompiledRule, vars: Record<string, unknown>): boolean | string {
  let v: unknown;
  try {
    v = rule.program(vars);
  } catch (e) {
    return `evaluation failed: ${(e as Error).message ?? String(e)}`;
  }
  if (v === true) return true;
  if (isCelError(v)) return `evaluation failed: ${String((v as { message?: string }).message ?? 'error')}`;
  return false;
}

function byStrength(a: MatchedRule, b: MatchedRule): number {
  return RANK[a.effect] - RANK[b.effect];
}

export function decide(bundle: CompiledBundle, input: PolicyInput): PolicyDecision {
  const phase = input.phase;
  const defaults = bundle.defaults[phase];
  const grants = checkGrants(input);
  // Built on first need: when every rule's guard fails, the interpreter's view is never made.
  let vars: Record<string, unknown> | undefined;
  const rules: MatchedRule[] = [];
  const shadow: MatchedRule[] = [];
  let effect: RuleEffect | null = null;
  if (grants.checked && !grants.allowed && defaults.outsideGrants !== 'allow') {
    effect = defaults.outsideGrants;
    rules.push({ id: `grants.${phase}`, policy: '(grants)', effect, message: grants.reason, severity: 'high', mode: 'enforce', controls: ['LLM06:2025', 'ASI03'] });
  }
  let shadowEffect: RuleEffect | null = effect;
  rules: for (const rule of bundle.byPhase[phase]) {
    for (const guard of rule.guards) if (!guard(input, grants)) continue rules;
    const r = run(rule, (vars ??= variablesOf(input, grants)));
    if (r === false) continue;
    // A failed allow rule is just not matched: allowing on error would fail open.
    if (typeof r === 'string' && rule.effect === 'allow') continue;
    const m = matched(rule, typeof r === 'string' ? r : undefined);
    if (rule.mode === 'shadow') {
      shadow.push(m);
      shadowEffect = shadowEffect ? strongest(shadowEffect, rule.effect) : rule.effect;
    } else {
      rules.push(m);
      effect = effect ? strongest(effect, rule.effect) : rule.effect;
      shadowEffect = shadowEffect ? strongest(shadowEffect, rule.effect) : rule.effect;
    }
  }
  rules.sort(byStrength);
  shadow.sort(byStrength);
  return { effect: effect ?? defaults.effect, rules, shadow, shadowEffect: shadowEffect ?? defaults.effect, grants, policyVersion: bundle.version };
}

/** Whether two sorted lists of rule ids are the same. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The decision as the audit log records it. */
export function auditDecision(d: PolicyDecision): Decision {
  // Members in canonical (sorted) order: the audit log's encoder then copies none of them.
  return {
    effect: d.effect,
    policyVersion: d.policyVersion,
    rules: [
      ...d.rules.map((r) => ({ id: r.id, message: r.message, mode: 'enforce' as const, severity: r.severity })),
      ...d.shadow.map((r) => ({ id: r.id, message: r.message, mode: 'shadow' as const, severity: r.severity })),
    ],
  };
}
