import type { parse } from '@bufbuild/cel';
import { conjunctGuards, constString, type FieldType } from '../cel/check.js';
import { findingsMatch } from './functions.js';
import { INPUT_TYPES, type GrantCheck, type PolicyInput } from './input.js';

/**
 * Necessary conditions read off a rule's top-level conjunction, checked in plain JavaScript on
 * the input before the CEL program runs. Most rules do not match most requests, and most rules
 * start with a cheap test ("a finding of this detector", "this label", "this risk"), so a false
 * guard skips the interpreter. Only forms whose meaning is certain are taken:
 *
 *   hasFinding(findings, 'name'[, min])     'lit' in <list of strings>     <string> == 'lit'
 *   <string> in ['a', 'b']                  <bool field>                   !<bool field>
 *
 * over fields of the input schema, which are always present with their declared types. A false
 * conjunct makes CEL's `&&` false even when another conjunct errs, so skipping is exact.
 */
export type Guard = (input: PolicyInput, grants: GrantCheck) => boolean;

type Expr = ReturnType<typeof parse>['expr'];

/** The schema path an expression reads ("principal.agent.risk"), with its type, if it is one. */
function pathOf(x: Expr): { segs: string[]; type: FieldType } | undefined {
  const segs: string[] = [];
  let cur: Expr | undefined = x;
  while (cur && cur.exprKind.case === 'selectExpr' && !cur.exprKind.value.testOnly) {
    segs.unshift(cur.exprKind.value.field);
    cur = cur.exprKind.value.operand;
  }
  if (!cur || cur.exprKind.case !== 'identExpr') return undefined;
  segs.unshift(cur.exprKind.value.name);
  let type: FieldType | undefined = INPUT_TYPES[segs[0]!];
  for (const s of segs.slice(1)) type = type?.t === 'object' ? type.fields[s] : undefined;
  return type ? { segs, type } : undefined;
}

function reader(segs: string[]): (input: PolicyInput, grants: GrantCheck) => unknown {
  return (input, grants) => {
    let v: unknown = segs[0] === 'grants' ? grants : (input as unknown as Record<string, unknown>)[segs[0]!];
    for (let i = 1; i < segs.length; i++) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[segs[i]!] : undefined;
    return v;
  };
}

function constNumber(x: Expr): number | undefined {
  const k = x.exprKind;
  if (k.case !== 'constExpr') return undefined;
  const c = k.value.constantKind;
  if (c.case === 'doubleValue') return c.value;
  if (c.case === 'int64Value' || c.case === 'uint64Value') return Number(c.value);
  return undefined;
}

function guardOf(x: Expr): Guard | undefined {
  const k = x.exprKind;
  if (k.case === 'selectExpr') {
    const p = pathOf(x);
    if (p?.type.t !== 'bool') return undefined;
    const read = reader(p.segs);
    return (i, g) => read(i, g) === true;
  }
  if (k.case !== 'callExpr') return undefined;
  const { function: fn, args, target } = k.value;
  if (fn === '!_' && args.length === 1) {
    const p = args[0]!.exprKind.case === 'selectExpr' ? pathOf(args[0]!) : undefined;
    if (p?.type.t !== 'bool') return undefined;
    const read = reader(p.segs);
    return (i, g) => read(i, g) === false;
  }
  if (fn === 'hasFinding' && !target && (args.length === 2 || args.length === 3)) {
    const p = pathOf(args[0]!);
    const name = constString(args[1]!);
    const min = args.length === 3 ? constNumber(args[2]!) : undefined;
    if (!p || p.segs.join('.') !== 'findings' || name === undefined || (args.length === 3 && min === undefined)) return undefined;
    return (i) => findingsMatch(i.findings, name, min);
  }
  if (fn === '_==_' && args.length === 2) {
    const [a, b] = args as [Expr, Expr];
    const p = pathOf(a) ?? pathOf(b);
    const lit = constString(b) ?? constString(a);
    if (!p || p.type.t !== 'string' || lit === undefined) return undefined;
    const read = reader(p.segs);
    return (i, g) => read(i, g) === lit;
  }
  if (fn === '@in' && args.length === 2) {
    const [a, b] = args as [Expr, Expr];
    const lit = constString(a);
    const list = pathOf(b);
    if (lit !== undefined && list?.type.t === 'list' && list.type.of.t === 'string') {
      const read = reader(list.segs);
      return (i, g) => (read(i, g) as string[]).includes(lit);
    }
    const p = pathOf(a);
    if (p?.type.t === 'string' && b.exprKind.case === 'listExpr') {
      const values = b.exprKind.value.elements.map(constString);
      if (values.some((v) => v === undefined)) return undefined;
      const set = new Set(values as string[]);
      const read = reader(p.segs);
      return (i, g) => set.has(read(i, g) as string);
    }
  }
  return undefined;
}

/** The guards of an expression's top-level conjuncts (none when no conjunct has a known form). */
export function guardsOf(root: Expr): Guard[] {
  return conjunctGuards(root, guardOf);
}
