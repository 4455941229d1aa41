import { celEnv, celList, celMap, CelScalar, isCelError, parse, plan, type CelMap } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { EFFECTS, PHASES, SEVERITIES, type AuditEvent, type Finding } from '../audit/types.js';

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

export type FieldType =
  | { t: 'string'; values?: readonly string[] }
  | { t: 'number' }
  | { t: 'bool' }
  | { t: 'list'; of: FieldType }
  | { t: 'object'; fields: Record<string, FieldType>; name: string }
  | { t: 'map' }
  | { t: 'dyn' };

const S: FieldType = { t: 'string' };
const N: FieldType = { t: 'number' };
const B: FieldType = { t: 'bool' };
const DYN: FieldType = { t: 'dyn' };
const obj = (name: string, fields: Record<string, FieldType>): FieldType => ({ t: 'object', name, fields });
const list = (of: FieldType): FieldType => ({ t: 'list', of });
const en = (values: readonly string[]): FieldType => ({ t: 'string', values });

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
}

type Expr = ReturnType<typeof parse>['expr'];

interface ParseSyntaxErrorLike {
  location?: { start?: { offset?: number } };
  rawMessage?: string;
  message?: string;
}

export function compile(source: string): Compiled | CelProblem[] {
  if (source.trim() === '') return [{ code: 'rule.cel_syntax', message: 'empty expression', offset: 0 }];
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (e) {
    const err = e as ParseSyntaxErrorLike;
    const raw = err.rawMessage ?? err.message ?? String(e);
    return [{ code: 'rule.cel_syntax', message: `syntax error: ${raw.replace(/^<input>:\d+:\d+:\s*/, '')}`, offset: err.location?.start?.offset ?? 0 }];
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const problems: CelProblem[] = [];
  const at = (x: Expr): number => Number((positions as Record<string, number>)[String(x.id)] ?? 0);
  const type = checkExpr(parsed.expr, new Map(Object.entries(VARIABLES)), problems, at);
  if (problems.length === 0 && type.t !== 'bool' && type.t !== 'dyn' && type.t !== 'map') {
    problems.push({ code: 'rule.cel_type', message: `the expression must be true or false, but it is a ${describe(type)}`, offset: at(parsed.expr) });
  }
  if (problems.length > 0) return problems;
  const run = plan(ENV, parsed);
  const { phases, actions } = prefilter(parsed.expr);
  return { program: run as unknown as Program, phases, actions };
}

/** True only for a CEL `true`: errors (a missing data key, a bad overload) count as no match. */
export function isTrue(v: unknown): boolean {
  return v === true;
}

export { isCelError };

function describe(t: FieldType): string {
  switch (t.t) {
    case 'object':
      return `object (${t.name})`;
    case 'list':
      return `list of ${describe(t.of)}`;
    default:
      return t.t;
  }
}

const BOOL_OPS = new Set([
  '_&&_', '_||_', '!_', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '@in', '@not_strictly_false',
  'startsWith', 'endsWith', 'contains', 'matches',
]);
const NUM_FUNCS = new Set(['size', 'double', 'int', 'uint']);

function constType(x: Expr): FieldType {
  const k = x.exprKind;
  if (k.case !== 'constExpr') return DYN;
  switch (k.value.constantKind.case) {
    case 'boolValue':
      return B;
    case 'stringValue':
      return S;
    case 'int64Value':
    case 'uint64Value':
    case 'doubleValue':
      return N;
    default:
      return DYN;
  }
}

function constString(x: Expr): string | undefined {
  const k = x.exprKind;
  return k.case === 'constExpr' && k.value.constantKind.case === 'stringValue' ? k.value.constantKind.value : undefined;
}

function checkExpr(x: Expr, scope: Map<string, FieldType>, problems: CelProblem[], at: (x: Expr) => number): FieldType {
  const k = x.exprKind;
  switch (k.case) {
    case 'constExpr':
      return constType(x);
    case 'identExpr': {
      const t = scope.get(k.value.name);
      if (t) return t;
      problems.push({ code: 'rule.cel_unknown', message: `unknown variable "${k.value.name}" (rules see one variable, event)`, offset: at(x) });
      return DYN;
    }
    case 'selectExpr': {
      const op = checkExpr(k.value.operand!, scope, problems, at);
      const field = k.value.field;
      let out: FieldType = DYN;
      if (op.t === 'object') {
        const f = op.fields[field];
        if (!f) problems.push({ code: 'rule.cel_unknown', message: `${op.name} has no field "${field}" (fields: ${Object.keys(op.fields).join(', ')})`, offset: at(x) });
        else out = f;
      } else if (op.t === 'list' || op.t === 'string' || op.t === 'number' || op.t === 'bool') {
        problems.push({
          code: 'rule.cel_type',
          message: `cannot read field "${field}" of a ${describe(op)}${op.t === 'list' ? ' (use exists(x, x.' + field + ' == ...) or an index)' : ''}`,
          offset: at(x),
        });
      }
      return k.value.testOnly ? B : out;
    }
    case 'callExpr': {
      const fn = k.value.function;
      if (k.value.target) checkExpr(k.value.target, scope, problems, at);
      const args = k.value.args.map((a) => checkExpr(a, scope, problems, at));
      if (/^[A-Za-z][A-Za-z0-9_]*$/.test(fn) && !ENV.funcs.find(fn)) {
        problems.push({ code: 'rule.cel_unknown', message: `unknown function "${fn}"`, offset: at(x) });
      }
      if (fn === '_==_' || fn === '_!=_') checkComparison(k.value.args, args, problems, at(x), at);
      if (fn === '@in' && k.value.args[1]?.exprKind.case === 'listExpr') {
        const lt = args[0]!;
        if (lt.t === 'string' && lt.values) {
          for (const el of k.value.args[1].exprKind.value.elements) {
            const s = constString(el);
            if (s !== undefined && !lt.values.includes(s)) problems.push(unknownValue(s, lt.values, at(el)));
          }
        }
      }
      if (BOOL_OPS.has(fn)) return B;
      if (NUM_FUNCS.has(fn)) return N;
      if (fn === '_[_]') {
        const base = args[0];
        if (base?.t === 'list') return base.of;
        if (base?.t === 'object') {
          const key = constString(k.value.args[1]!);
          if (key !== undefined) {
            const f = base.fields[key];
            if (!f) problems.push({ code: 'rule.cel_unknown', message: `${base.name} has no field "${key}"`, offset: at(x) });
            else return f;
          }
        }
        return DYN;
      }
      if (fn === 'string' || fn === 'lowerAscii' || fn === 'upperAscii' || fn === 'trim' || fn === 'replace' || fn === 'substring') return S;
      return DYN;
    }
    case 'listExpr':
      for (const el of k.value.elements) checkExpr(el, scope, problems, at);
      return list(DYN);
    case 'structExpr':
      for (const en of k.value.entries) {
        if (en.keyKind.case === 'mapKey') checkExpr(en.keyKind.value, scope, problems, at);
        if (en.value) checkExpr(en.value, scope, problems, at);
      }
      return DYN;
    case 'comprehensionExpr': {
      const c = k.value;
      const range = checkExpr(c.iterRange!, scope, problems, at);
      const elem: FieldType = range.t === 'list' ? range.of : range.t === 'object' ? S : DYN;
      if (range.t === 'string' || range.t === 'number' || range.t === 'bool') {
        problems.push({ code: 'rule.cel_type', message: `cannot iterate over a ${range.t}`, offset: at(c.iterRange!) });
      }
      checkExpr(c.accuInit!, scope, problems, at);
      const inner = new Map(scope);
      inner.set(c.iterVar, elem);
      const iterVar2 = (c as { iterVar2?: string }).iterVar2;
      if (iterVar2) inner.set(iterVar2, DYN);
      inner.set(c.accuVar, DYN);
      checkExpr(c.loopCondition!, inner, problems, at);
      checkExpr(c.loopStep!, inner, problems, at);
      return checkExpr(c.result!, inner, problems, at);
    }
    default:
      return DYN;
  }
}

function unknownValue(s: string, values: readonly string[], offset: number): CelProblem {
  return { code: 'rule.cel_type', message: `"${s}" can never match: expected one of ${values.filter(Boolean).join(', ')}`, offset };
}

function checkComparison(exprs: Expr[], types: FieldType[], problems: CelProblem[], offset: number, at: (x: Expr) => number): void {
  const [a, b] = types;
  if (!a || !b) return;
  const scalar = (t: FieldType) => t.t === 'string' || t.t === 'number' || t.t === 'bool';
  if (scalar(a) && scalar(b) && a.t !== b.t) {
    problems.push({ code: 'rule.cel_type', message: `compares a ${a.t} with a ${b.t}: this is never equal`, offset });
    return;
  }
  for (const [t, e] of [[a, exprs[1]], [b, exprs[0]]] as const) {
    if (t.t === 'string' && t.values && e) {
      const s = constString(e);
      if (s !== undefined && !t.values.includes(s)) problems.push(unknownValue(s, t.values, at(e)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pre-filter: `event.phase == 'x'`, `event.phase in [...]` (and the same for action) among the
// top-level conjuncts are necessary conditions; checking them in JS skips most rules for most events.

function isEventField(x: Expr | undefined, field: string): boolean {
  if (!x || x.exprKind.case !== 'selectExpr' || x.exprKind.value.testOnly || x.exprKind.value.field !== field) return false;
  const op = x.exprKind.value.operand;
  return op?.exprKind.case === 'identExpr' && op.exprKind.value.name === 'event';
}

function prefilter(root: Expr): { phases: Set<string> | null; actions: Set<string> | null } {
  const conjuncts: Expr[] = [];
  const collect = (x: Expr) => {
    if (x.exprKind.case === 'callExpr' && x.exprKind.value.function === '_&&_') x.exprKind.value.args.forEach(collect);
    else conjuncts.push(x);
  };
  collect(root);
  let phases: Set<string> | null = null;
  let actions: Set<string> | null = null;
  const intersect = (cur: Set<string> | null, vals: string[]) => (cur ? new Set(vals.filter((v) => cur.has(v))) : new Set(vals));
  for (const c of conjuncts) {
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
