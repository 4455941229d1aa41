import { parse, type CelEnv } from '@bufbuild/cel';

/**
 * Static checking of CEL expressions against a described shape, shared by everything in Warden
 * that takes CEL from its users (monitor rules over audit events, policies over decision
 * inputs). @bufbuild/cel plans expressions without a type checker; this one knows the variables,
 * their fields and the functions, so a misspelt field or a comparison that can never be true is
 * refused at load with its offset, instead of silently never matching at run time.
 */
export type FieldType =
  | { t: 'string'; values?: readonly string[] }
  | { t: 'number' }
  | { t: 'bool' }
  | { t: 'list'; of: FieldType }
  | { t: 'object'; fields: Record<string, FieldType>; name: string }
  | { t: 'map' }
  | { t: 'dyn' };

export const S: FieldType = { t: 'string' };
export const N: FieldType = { t: 'number' };
export const B: FieldType = { t: 'bool' };
export const DYN: FieldType = { t: 'dyn' };
export const MAP: FieldType = { t: 'map' };
export const obj = (name: string, fields: Record<string, FieldType>): FieldType => ({ t: 'object', name, fields });
export const list = (of: FieldType): FieldType => ({ t: 'list', of });
export const en = (values: readonly string[]): FieldType => ({ t: 'string', values });

export interface CelProblem {
  kind: 'syntax' | 'unknown' | 'type';
  message: string;
  /** Offset in the expression text. */
  offset: number;
}

export interface CheckOptions {
  variables: Record<string, FieldType>;
  env: CelEnv;
  /** Result types of functions the environment adds (those not listed are dyn). */
  results?: Record<string, FieldType>;
  /** Says which variables exist, for the unknown-variable message: "rules see one variable, event". */
  variablesHint: string;
}

type Parsed = ReturnType<typeof parse>;
type Expr = Parsed['expr'];

interface ParseSyntaxErrorLike {
  location?: { start?: { offset?: number } };
  rawMessage?: string;
  message?: string;
}

/** Parses and checks one expression that must be a boolean. */
export function parseAndCheck(source: string, opts: CheckOptions): { parsed: Parsed } | { problems: CelProblem[] } {
  if (source.trim() === '') return { problems: [{ kind: 'syntax', message: 'empty expression', offset: 0 }] };
  let parsed: Parsed;
  try {
    parsed = parse(source);
  } catch (e) {
    const err = e as ParseSyntaxErrorLike;
    const raw = err.rawMessage ?? err.message ?? String(e);
    return { problems: [{ kind: 'syntax', message: `syntax error: ${raw.replace(/^<input>:\d+:\d+:\s*/, '')}`, offset: err.location?.start?.offset ?? 0 }] };
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const problems: CelProblem[] = [];
  const at = (x: Expr): number => Number((positions as Record<string, number>)[String(x.id)] ?? 0);
  const checker = new Checker(opts, problems, at);
  const type = checker.check(parsed.expr, new Map(Object.entries(opts.variables)));
  if (problems.length === 0 && type.t !== 'bool' && type.t !== 'dyn' && type.t !== 'map') {
    problems.push({ kind: 'type', message: `the expression must be true or false, but it is a ${describe(type)}`, offset: at(parsed.expr) });
  }
  return problems.length > 0 ? { problems } : { parsed };
}

/** The string literal an expression is, if it is one. */
export function constString(x: Expr): string | undefined {
  const k = x.exprKind;
  return k.case === 'constExpr' && k.value.constantKind.case === 'stringValue' ? k.value.constantKind.value : undefined;
}

/** The top-level conjuncts of an expression (`a && b && c`: a, b, c; anything else: itself), in order. */
export function conjuncts(root: Expr): Expr[] {
  const out: Expr[] = [];
  const visit = (x: Expr): void => {
    if (x.exprKind.case === 'callExpr' && x.exprKind.value.function === '_&&_') x.exprKind.value.args.forEach(visit);
    else out.push(x);
  };
  visit(root);
  return out;
}

/**
 * The guards of an expression's top-level conjuncts: each conjunct `guardOf` understands, in
 * order. A false guard makes the whole conjunction false, even when another conjunct would err,
 * so a caller may skip the interpreter on one.
 */
export function conjunctGuards<G>(root: Expr, guardOf: (x: Expr) => G | undefined): G[] {
  return conjuncts(root)
    .map(guardOf)
    .filter((g): g is G => g !== undefined);
}

export function describe(t: FieldType): string {
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
const STRING_FUNCS = new Set(['string', 'lowerAscii', 'upperAscii', 'trim', 'replace', 'substring']);

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

class Checker {
  constructor(
    private readonly opts: CheckOptions,
    private readonly problems: CelProblem[],
    private readonly at: (x: Expr) => number,
  ) {}

  check(x: Expr, scope: Map<string, FieldType>): FieldType {
    const { problems, at } = this;
    const k = x.exprKind;
    switch (k.case) {
      case 'constExpr':
        return constType(x);
      case 'identExpr': {
        const t = scope.get(k.value.name);
        if (t) return t;
        problems.push({ kind: 'unknown', message: `unknown variable "${k.value.name}" (${this.opts.variablesHint})`, offset: at(x) });
        return DYN;
      }
      case 'selectExpr': {
        const op = this.check(k.value.operand!, scope);
        const field = k.value.field;
        let out: FieldType = DYN;
        if (op.t === 'object') {
          const f = op.fields[field];
          if (!f) problems.push({ kind: 'unknown', message: `${op.name} has no field "${field}" (fields: ${Object.keys(op.fields).join(', ')})`, offset: at(x) });
          else out = f;
        } else if (op.t === 'list' || op.t === 'string' || op.t === 'number' || op.t === 'bool') {
          problems.push({
            kind: 'type',
            message: `cannot read field "${field}" of a ${describe(op)}${op.t === 'list' ? ' (use exists(x, x.' + field + ' == ...) or an index)' : ''}`,
            offset: at(x),
          });
        }
        return k.value.testOnly ? B : out;
      }
      case 'callExpr': {
        const fn = k.value.function;
        if (k.value.target) this.check(k.value.target, scope);
        const args = k.value.args.map((a) => this.check(a, scope));
        if (/^[A-Za-z][A-Za-z0-9_]*$/.test(fn) && !this.opts.env.funcs.find(fn)) {
          problems.push({ kind: 'unknown', message: `unknown function "${fn}"`, offset: at(x) });
        }
        if (fn === '_==_' || fn === '_!=_') this.comparison(k.value.args, args, at(x));
        if (fn === '@in' && k.value.args[1]?.exprKind.case === 'listExpr') {
          const lt = args[0]!;
          if (lt.t === 'string' && lt.values) {
            for (const el of k.value.args[1].exprKind.value.elements) {
              const s = constString(el);
              if (s !== undefined && !lt.values.includes(s)) problems.push(unknownValue(s, lt.values, at(el)));
            }
          }
        }
        const declared = this.opts.results?.[fn];
        if (declared) return declared;
        if (BOOL_OPS.has(fn)) return B;
        if (NUM_FUNCS.has(fn)) return N;
        if (fn === '_[_]') {
          const base = args[0];
          if (base?.t === 'list') return base.of;
          if (base?.t === 'object') {
            const key = constString(k.value.args[1]!);
            if (key !== undefined) {
              const f = base.fields[key];
              if (!f) problems.push({ kind: 'unknown', message: `${base.name} has no field "${key}"`, offset: at(x) });
              else return f;
            }
          }
          return DYN;
        }
        if (STRING_FUNCS.has(fn)) return S;
        return DYN;
      }
      case 'listExpr':
        for (const el of k.value.elements) this.check(el, scope);
        return list(DYN);
      case 'structExpr':
        for (const entry of k.value.entries) {
          if (entry.keyKind.case === 'mapKey') this.check(entry.keyKind.value, scope);
          if (entry.value) this.check(entry.value, scope);
        }
        return DYN;
      case 'comprehensionExpr': {
        const c = k.value;
        const range = this.check(c.iterRange!, scope);
        const elem: FieldType = range.t === 'list' ? range.of : range.t === 'object' ? S : DYN;
        if (range.t === 'string' || range.t === 'number' || range.t === 'bool') {
          problems.push({ kind: 'type', message: `cannot iterate over a ${range.t}`, offset: at(c.iterRange!) });
        }
        this.check(c.accuInit!, scope);
        const inner = new Map(scope);
        inner.set(c.iterVar, elem);
        const iterVar2 = (c as { iterVar2?: string }).iterVar2;
        if (iterVar2) inner.set(iterVar2, DYN);
        inner.set(c.accuVar, DYN);
        this.check(c.loopCondition!, inner);
        this.check(c.loopStep!, inner);
        return this.check(c.result!, inner);
      }
      default:
        return DYN;
    }
  }

  private comparison(exprs: Expr[], types: FieldType[], offset: number): void {
    const [a, b] = types;
    if (!a || !b) return;
    const scalar = (t: FieldType) => t.t === 'string' || t.t === 'number' || t.t === 'bool';
    if (scalar(a) && scalar(b) && a.t !== b.t) {
      this.problems.push({ kind: 'type', message: `compares a ${a.t} with a ${b.t}: this is never equal`, offset });
      return;
    }
    for (const [t, e] of [[a, exprs[1]], [b, exprs[0]]] as const) {
      if (t.t === 'string' && t.values && e) {
        const s = constString(e);
        if (s !== undefined && !t.values.includes(s)) this.problems.push(unknownValue(s, t.values, this.at(e)));
      }
    }
  }
}

function unknownValue(s: string, values: readonly string[], offset: number): CelProblem {
  return { kind: 'type', message: `"${s}" can never match: expected one of ${values.filter(Boolean).join(', ')}`, offset };
}
