import { celEnv, celList, celMap, CelScalar, isCelError, plan, type CelMap, type parse } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { EFFECTS, PHASES, SEVERITIES, type AuditEvent, type Finding } from '../audit/types.js';
import { B, conjuncts, constString, DYN, en, list, N, obj, parseAndCheck, S, type FieldType } from '../cel/check.js';

export type { FieldType } from '../cel/check.js';

/**
 * The CEL side of the monitor: the shape rules see (`event`), the activation built once per audit
 * event and shared by every rule, and compilation with a static check of variable, field and
 * function names so that a typo is refused at load instead of silently never matching.
 *
 * `event` (every field is always present, with '' / 0 / false / [] when the audit event has none;
 * numbers are CEL doubles, which compare freely with int literals: `event.result.status >= 400`):
 *
 *   id, phase, action, outcome, ts (epoch ms), seq
 *   agent      agent id            user     on-behalf-of user      session   session id
 *   trace      trace id            code     data.code when it is a string (the stable error code of a refusal)
 *   actor      {kind, id, name, role, ip, credentialId, onBehalfOf, app}
 *   target     {kind, id, name}
 *   resource   {model, provider, server, tool, labels: list<string>}   labels: data.toolLabels
 *   findings   list<{detector, kind, score, triggered, severity, tags: list<string>}>
 *   detectors  list<string>: detectors with a triggered finding     kinds: kinds of triggered findings
 *   decision   {effect ('' when none), rules: list<string> (rule ids), policyVersion}
 *   result     {status, latencyMs, upstreamLatencyMs, tokens: {input, output}, costUsd, error}
 *   data       map: the event's free-form details; test with has(event.data.x) before reading
 */

const FINDING = obj('finding', { detector: S, kind: S, score: N, triggered: B, severity: en(SEVERITIES), tags: list(S) });

export const EVENT_TYPE: FieldType = obj('event', {
  id: S,
  seq: N,
  ts: N,
  phase: en(PHASES),
  action: S,
  outcome: en(['success', 'failure', 'denied']),
  agent: S,
  user: S,
  session: S,
  trace: S,
  code: S,
  actor: obj('event.actor', { kind: en(['admin', 'agent', 'system']), id: S, name: S, role: S, ip: S, credentialId: S, onBehalfOf: S, app: S }),
  target: obj('event.target', { kind: S, id: S, name: S }),
  resource: obj('event.resource', { model: S, provider: S, server: S, tool: S, labels: list(S) }),
  findings: list(FINDING),
  detectors: list(S),
  kinds: list(S),
  decision: obj('event.decision', { effect: en(['', ...EFFECTS]), rules: list(S), policyVersion: S }),
  result: obj('event.result', {
    status: N,
    latencyMs: N,
    upstreamLatencyMs: N,
    tokens: obj('event.result.tokens', { input: N, output: N }),
    costUsd: N,
    error: S,
  }),
  data: { t: 'map' },
});

export const VARIABLES: Record<string, FieldType> = { event: EVENT_TYPE };

export const ENV = celEnv({ variables: { event: CelScalar.DYN }, funcs: strings });

// ---------------------------------------------------------------------------------------------
// The activation: built once per event, shared (read-only) by every rule.

/** A CEL map from alternating keys and values (no per-entry arrays: this runs once per audit event). */
function m(...kv: unknown[]): CelMap {
  const map = new Map<string, unknown>();
  for (let i = 0; i < kv.length; i += 2) map.set(kv[i] as string, kv[i + 1]);
  return celMap(map as Map<string, never>);
}

// Shared, never mutated: CEL values are read-only.
const EMPTY_LIST = celList([]);
const EMPTY_MAP = celMap(new Map());

const EMPTY_TARGET = m('kind', '', 'id', '', 'name', '');
const EMPTY_DECISION = m('effect', '', 'rules', EMPTY_LIST, 'policyVersion', '');
const EMPTY_TOKENS = m('input', 0, 'output', 0);
const EMPTY_RESULT = m('status', 0, 'latencyMs', 0, 'upstreamLatencyMs', 0, 'tokens', EMPTY_TOKENS, 'costUsd', 0, 'error', '');

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function stringList(v: unknown): ReturnType<typeof celList> {
  if (!Array.isArray(v) || v.length === 0) return EMPTY_LIST;
  const out: string[] = [];
  for (const x of v) if (typeof x === 'string') out.push(x);
  return out.length ? celList(out) : EMPTY_LIST;
}

function findingMap(f: Finding): CelMap {
  return m('detector', str(f.detector), 'kind', str(f.kind), 'score', num(f.score), 'triggered', f.triggered === true, 'severity', str(f.severity), 'tags', stringList(f.tags));
}

/** The tool labels of a tool event: `resource.labels` if the gateway sets it, else `data.toolLabels`. */
function toolLabels(e: AuditEvent): unknown {
  return (e.resource as { labels?: unknown } | undefined)?.labels ?? e.data?.toolLabels;
}

/** Builds the `event` value rules see. One allocation pass per audit event, whatever the number of rules. */
export function eventValue(e: AuditEvent): CelMap {
  const a = e.actor;
  const r = e.resource;
  let findings: unknown = EMPTY_LIST;
  let detectors: unknown = EMPTY_LIST;
  let kinds: unknown = EMPTY_LIST;
  if (e.findings && e.findings.length > 0) {
    const fs: CelMap[] = [];
    const ds: string[] = [];
    const ks: string[] = [];
    for (const f of e.findings) {
      fs.push(findingMap(f));
      if (f.triggered) {
        if (!ds.includes(f.detector)) ds.push(f.detector);
        if (!ks.includes(f.kind)) ks.push(f.kind);
      }
    }
    findings = celList(fs);
    if (ds.length) detectors = celList(ds);
    if (ks.length) kinds = celList(ks);
  }
  const d = e.decision;
  const res = e.result;
  const t = e.target;
  return m(
    'id', e.id,
    'seq', e.seq,
    'ts', e.ts,
    'phase', e.phase,
    'action', e.action,
    'outcome', e.outcome,
    'agent', str(e.agentId),
    'user', str(a.onBehalfOf),
    'session', str(e.sessionId),
    'trace', str(e.traceId),
    'code', str(e.data?.code),
    'actor', m('kind', a.kind, 'id', str(a.id), 'name', str(a.name), 'role', str(a.role), 'ip', str(a.ip), 'credentialId', str(a.credentialId), 'onBehalfOf', str(a.onBehalfOf), 'app', str(a.app)),
    'target', t ? m('kind', str(t.kind), 'id', str(t.id), 'name', str(t.name)) : EMPTY_TARGET,
    'resource', m('model', str(r?.model), 'provider', str(r?.provider), 'server', str(r?.server), 'tool', str(r?.tool), 'labels', stringList(toolLabels(e))),
    'findings', findings,
    'detectors', detectors,
    'kinds', kinds,
    'decision', d ? m('effect', str(d.effect), 'rules', d.rules?.length ? celList(d.rules.map((x) => str(x.id))) : EMPTY_LIST, 'policyVersion', str(d.policyVersion)) : EMPTY_DECISION,
    'result',
    res
      ? m(
          'status', num(res.status),
          'latencyMs', num(res.latencyMs),
          'upstreamLatencyMs', num(res.upstreamLatencyMs),
          'tokens', res.tokens ? m('input', num(res.tokens.input), 'output', num(res.tokens.output)) : EMPTY_TOKENS,
          'costUsd', num(res.costUsd),
          'error', str(res.error),
        )
      : EMPTY_RESULT,
    'data', e.data && typeof e.data === 'object' ? dataMap(e.data) : EMPTY_MAP,
  );
}

function dataMap(data: Record<string, unknown>): CelMap {
  const map = new Map<string, unknown>();
  for (const k in data) {
    const v = data[k];
    if (v !== undefined) map.set(k, v);
  }
  return celMap(map as Map<string, never>);
}

// ---------------------------------------------------------------------------------------------
// Field paths (group_by, field, dedup): resolved against EVENT_TYPE at load, read from the activation.

export interface FieldPath {
  path: string;
  type: FieldType;
  get(ev: CelMap): unknown;
}

/** Resolves "actor.ip" or "data.issuer" against the event shape; an error message when it does not exist. */
export function resolvePath(path: string): FieldPath | string {
  const segs = path.split('.');
  if (segs.some((s) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s))) return `"${path}" is not a field path (e.g. agent, actor.ip, resource.tool, data.issuer)`;
  let t: FieldType = EVENT_TYPE;
  let where = 'event';
  for (const s of segs) {
    if (t.t === 'object') {
      const next: FieldType | undefined = t.fields[s];
      if (!next) return `${where} has no field "${s}" (fields: ${Object.keys(t.fields).join(', ')})`;
      t = next;
      where = `${where}.${s}`;
    } else if (t.t === 'map' || t.t === 'dyn') {
      t = DYN;
      where = `${where}.${s}`;
    } else {
      return `${where} is a ${t.t}, it has no field "${s}"`;
    }
  }
  if (t.t === 'object' || t.t === 'map') return `"${path}" is an object; name one of its fields (${t.t === 'object' ? Object.keys(t.fields).join(', ') : 'data.<key>'})`;
  if (t.t === 'list') return `"${path}" is a list; group and count by a single value`;
  const get = (ev: CelMap): unknown => {
    let v: unknown = ev;
    for (const s of segs) {
      if (v === null || typeof v !== 'object' || typeof (v as CelMap).get !== 'function') return undefined;
      v = (v as CelMap).get(s);
    }
    return v;
  };
  return { path, type: t, get };
}

/** A field's value as a grouping key: '' when absent or not a scalar. */
export function keyOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}

// ---------------------------------------------------------------------------------------------
// Compilation and static checking.

export interface CelProblem {
  code: 'rule.cel_syntax' | 'rule.cel_unknown' | 'rule.cel_type';
  message: string;
  /** Offset in the expression text. */
  offset: number;
}

export type Program = (bindings: { event: CelMap }) => unknown;

export interface Compiled {
  program: Program;
  /** Necessary conditions read off the top-level conjunction: a cheap pre-filter before CEL runs. */
  phases: Set<string> | null;
  actions: Set<string> | null;
  /** More necessary conditions of the same conjunction, on the activation (see guardsOf). */
  guards: Guard[];
  /**
   * The guards are the whole expression: each conjunct is a string or list test the guards
   * answer exactly as CEL would, so when they all hold the expression is true and the
   * interpreter is not asked at all.
   */
  whole: boolean;
}

/** A necessary condition of a rule, checked in plain JavaScript on the event's activation. */
export type Guard = (ev: CelMap) => boolean;

type Expr = ReturnType<typeof parse>['expr'];

export function compile(source: string): Compiled | CelProblem[] {
  const checked = parseAndCheck(source, { variables: VARIABLES, env: ENV, variablesHint: 'rules see one variable, event' });
  if ('problems' in checked) return checked.problems.map((p) => ({ code: `rule.cel_${p.kind}` as const, message: p.message, offset: p.offset }));
  const run = plan(ENV, checked.parsed);
  const { phases, actions } = prefilter(checked.parsed.expr);
  return { program: run as unknown as Program, phases, actions, ...guardsOf(checked.parsed.expr) };
}

/** True only for a CEL `true`: errors (a missing data key, a bad overload) count as no match. */
export function isTrue(v: unknown): boolean {
  return v === true;
}

export { isCelError };

// ---------------------------------------------------------------------------------------------
// Pre-filter: `event.phase == 'x'`, `event.phase in [...]` (and the same for action) among the
// top-level conjuncts are necessary conditions; checking them in JS skips most rules for most events.

function isEventField(x: Expr | undefined, field: string): boolean {
  if (!x || x.exprKind.case !== 'selectExpr' || x.exprKind.value.testOnly || x.exprKind.value.field !== field) return false;
  const op = x.exprKind.value.operand;
  return op?.exprKind.case === 'identExpr' && op.exprKind.value.name === 'event';
}

function prefilter(root: Expr): { phases: Set<string> | null; actions: Set<string> | null } {
  let phases: Set<string> | null = null;
  let actions: Set<string> | null = null;
  const intersect = (cur: Set<string> | null, vals: string[]) => (cur ? new Set(vals.filter((v) => cur.has(v))) : new Set(vals));
  for (const c of conjuncts(root)) {
    if (c.exprKind.case !== 'callExpr') continue;
    const { function: fn, args } = c.exprKind.value;
    for (const field of ['phase', 'action'] as const) {
      let vals: string[] | undefined;
      if (fn === '_==_' && args.length === 2) {
        if (isEventField(args[0], field) && constString(args[1]!) !== undefined) vals = [constString(args[1]!)!];
        else if (isEventField(args[1], field) && constString(args[0]!) !== undefined) vals = [constString(args[0]!)!];
      } else if (fn === '@in' && args.length === 2 && isEventField(args[0], field) && args[1]!.exprKind.case === 'listExpr') {
        const els = args[1]!.exprKind.value.elements.map(constString);
        if (els.every((s) => s !== undefined)) vals = els as string[];
      }
      if (vals) {
        if (field === 'phase') phases = intersect(phases, vals);
        else actions = intersect(actions, vals);
      }
    }
  }
  return { phases, actions };
}

// ---------------------------------------------------------------------------------------------
// Guards: the rest of the pre-filter. Most rules do not match most events, and their first tests
// are cheap ("a triggered finding of this detector", "this outcome", "a cost above 0"): checked in
// JavaScript on the activation, a false one skips the interpreter (a few µs per rule and event).
// Only forms whose meaning is certain are taken, over `event` fields whose type is fixed (every
// field is always present, with its declared type: see eventValue):
//
//   <string field> == 'lit'     <string field> != 'lit'     'lit' in <list of strings field>
//   <string field> in ['a', …]  <number field> <, <=, >, >= <number>  (either side)
//   <list of strings field>.exists(x, x in ['a', …])  (or x == 'a')
//
// A false conjunct makes CEL's `&&` false even when another conjunct errs, so skipping is exact.

/** The event field an expression reads ("result.costUsd"), with its type, if it is one. */
function fieldOf(x: Expr | undefined): FieldPath | undefined {
  const segs: string[] = [];
  let cur: Expr | undefined = x;
  while (cur && cur.exprKind.case === 'selectExpr' && !cur.exprKind.value.testOnly) {
    segs.unshift(cur.exprKind.value.field);
    cur = cur.exprKind.value.operand;
  }
  if (!cur || cur.exprKind.case !== 'identExpr' || cur.exprKind.value.name !== 'event' || segs.length === 0) return undefined;
  // Declared fields only (not `data`, whose values have no fixed type); lists too, unlike resolvePath.
  let type: FieldType | undefined = EVENT_TYPE;
  for (const s of segs) type = type?.t === 'object' ? type.fields[s] : undefined;
  if (!type) return undefined;
  const get = (ev: CelMap): unknown => {
    let v: unknown = ev;
    for (const s of segs) v = (v as CelMap).get(s);
    return v;
  };
  return { path: segs.join('.'), type, get };
}

function constNumber(x: Expr | undefined): number | undefined {
  const k = x?.exprKind;
  if (k?.case !== 'constExpr') return undefined;
  const c = k.value.constantKind;
  if (c.case === 'doubleValue') return c.value;
  // Integers beyond 2^53 would compare inexactly as doubles: left to CEL.
  if ((c.case === 'int64Value' || c.case === 'uint64Value') && Number.isSafeInteger(Number(c.value))) return Number(c.value);
  return undefined;
}

const MIRROR: Record<string, string> = { '_<_': '_>_', '_<=_': '_>=_', '_>_': '_<_', '_>=_': '_<=_' };

/**
 * A conjunct's guard, and whether it is exact (true exactly when CEL gives true: the string and
 * list forms, over fields that always hold their declared type) or only necessary (the number
 * forms: CEL's numeric overloads are left to decide the rest).
 */
function guardOf(x: Expr): { test: Guard; exact: boolean } | undefined {
  if (x.exprKind.case === 'comprehensionExpr') return existsGuard(x.exprKind.value);
  if (x.exprKind.case !== 'callExpr') return undefined;
  const { function: fn, args, target } = x.exprKind.value;
  if (target || args.length !== 2) return undefined;
  const [a, b] = args as [Expr, Expr];
  if (fn === '_==_' || fn === '_!=_') {
    const f = fieldOf(a) ?? fieldOf(b);
    const lit = fieldOf(a) ? constString(b) : constString(a);
    if (!f || f.type.t !== 'string' || lit === undefined) return undefined;
    return { test: fn === '_==_' ? (ev) => f.get(ev) === lit : (ev) => f.get(ev) !== lit, exact: true };
  }
  if (fn === '@in') {
    const lit = constString(a);
    const list = fieldOf(b);
    if (lit !== undefined && list?.type.t === 'list' && list.type.of.t === 'string') {
      const test: Guard = (ev) => {
        const v = list.get(ev) as Iterable<unknown> | undefined;
        if (!v) return false;
        for (const x of v) if (x === lit) return true;
        return false;
      };
      return { test, exact: true };
    }
    const f = fieldOf(a);
    if (f?.type.t === 'string' && b.exprKind.case === 'listExpr') {
      const values = b.exprKind.value.elements.map(constString);
      if (values.some((v) => v === undefined)) return undefined;
      const set = new Set(values as string[]);
      return { test: (ev) => set.has(f.get(ev) as string), exact: true };
    }
    return undefined;
  }
  if (fn in MIRROR) {
    const left = fieldOf(a);
    const f = left ?? fieldOf(b);
    const n = left ? constNumber(b) : constNumber(a);
    if (!f || f.type.t !== 'number' || n === undefined) return undefined;
    // With the field on the right, `n < field` is `field > n`.
    const op = left ? fn : MIRROR[fn]!;
    const num = (ev: CelMap): number => {
      const v = f.get(ev);
      return typeof v === 'number' ? v : NaN;
    };
    const test: Guard = op === '_<_' ? (ev) => num(ev) < n : op === '_<=_' ? (ev) => num(ev) <= n : op === '_>_' ? (ev) => num(ev) > n : (ev) => num(ev) >= n;
    return { test, exact: false };
  }
  return undefined;
}

type Comprehension = Extract<Expr['exprKind'], { case: 'comprehensionExpr' }>['value'];

function isIdent(x: Expr | undefined, name: string): boolean {
  return x?.exprKind.case === 'identExpr' && x.exprKind.value.name === name;
}

/** The call `fn(args…)` that `x` is, if it is one (no receiver). */
function callOf(x: Expr | undefined, fn: string): Expr[] | undefined {
  return x?.exprKind.case === 'callExpr' && x.exprKind.value.function === fn && !x.exprKind.value.target ? x.exprKind.value.args : undefined;
}

/**
 * `<list of strings field>.exists(x, x in ['a', …])` or `.exists(x, x == 'a')`, as the parser
 * expands the macro: accumulator false, step `accu || <predicate>`, stop once it is true, result
 * the accumulator. Exact: the list always holds strings, so the predicate never errs.
 */
function existsGuard(c: Comprehension): { test: Guard; exact: boolean } | undefined {
  const list = fieldOf(c.iterRange);
  if (!list || list.type.t !== 'list' || list.type.of.t !== 'string' || c.iterVar2 !== '') return undefined;
  const init = c.accuInit?.exprKind;
  if (init?.case !== 'constExpr' || init.value.constantKind.case !== 'boolValue' || init.value.constantKind.value !== false) return undefined;
  if (!isIdent(c.result, c.accuVar)) return undefined;
  const cond = callOf(c.loopCondition, '@not_strictly_false');
  if (!cond || !isIdent(callOf(cond[0], '!_')?.[0], c.accuVar)) return undefined;
  const step = callOf(c.loopStep, '_||_');
  if (!step || step.length !== 2 || !isIdent(step[0], c.accuVar)) return undefined;
  let values: Array<string | undefined> | undefined;
  const inList = callOf(step[1], '@in');
  const eq = callOf(step[1], '_==_');
  if (inList && isIdent(inList[0], c.iterVar) && inList[1]?.exprKind.case === 'listExpr') values = inList[1].exprKind.value.elements.map(constString);
  else if (eq && isIdent(eq[0], c.iterVar)) values = [constString(eq[1]!)];
  else if (eq && isIdent(eq[1], c.iterVar)) values = [constString(eq[0]!)];
  if (!values || values.some((v) => v === undefined)) return undefined;
  const set = new Set(values as string[]);
  const test: Guard = (ev) => {
    const v = list.get(ev) as Iterable<unknown> | undefined;
    if (!v) return false;
    for (const x of v) if (set.has(x as string)) return true;
    return false;
  };
  return { test, exact: true };
}

/** The guards of an expression's top-level conjuncts (none when no conjunct has a known form), and whether they are the whole of it. */
function guardsOf(root: Expr): { guards: Guard[]; whole: boolean } {
  const found = conjuncts(root).map(guardOf);
  const known = found.filter((g) => g !== undefined);
  return { guards: known.map((g) => g.test), whole: found.every((g) => g?.exact === true) };
}
