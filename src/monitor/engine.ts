import type { CelMap } from '@bufbuild/cel';
import type { AuditEvent } from '../audit/types.js';
import { eventValue, isCelError, keyOf, type Compiled } from './cel.js';
import type { CompiledRule } from './rules.js';

/**
 * The synchronous half of the monitor: per audit event, every rule's match and correlation
 * state. Pure in-memory and driven by the events' own timestamps (never the wall clock), so it
 * is deterministic and testable; the Monitor turns its hits into alerts and responses.
 *
 * Memory is bounded: each rule keeps at most `max_groups` groups (least recently seen evicted
 * first), groups expire once their window has passed, and each group keeps a bounded number of
 * entries and event references.
 */

export interface EventRef {
  id: string;
  seq: number;
  ts: number;
}

export interface Hit {
  rule: CompiledRule;
  /** The event that completed the match. */
  event: AuditEvent;
  /** The events behind it, oldest first (bounded). */
  events: EventRef[];
  /** group_by field → value. */
  group: Record<string, string>;
  groupKey: string;
  dedupKey: string;
  firstTs: number;
  lastTs: number;
  /** count, distinct values or sum, for correlated rules. */
  value?: number;
  /** new_value: the store decides whether the value is really new (and shares that with other instances). */
  newValue?: { group: string; value: string };
}

export interface RuleStats {
  id: string;
  evaluated: number;
  matched: number;
  hits: number;
  errors: number;
  lastError: string | null;
  groups: number;
  evicted: number;
}

/** Events the monitor itself causes (alerts, responses, and the changes responses make) are never evaluated. */
export const MONITOR_ACTOR_ID = 'monitor';
export function causedByMonitor(e: AuditEvent): boolean {
  return (e.actor.kind === 'system' && e.actor.id === MONITOR_ACTOR_ID) || e.action.startsWith('alert.') || e.action.startsWith('response.');
}

const MAX_REFS = 50;
const MAX_ENTRIES = 4096;
const SEP = '\u001f';
const SWEEP_EVERY = 256;

interface WindowGroup {
  lastTs: number;
  ts: number[];
  v: number[];
  total: number;
  refs: EventRef[];
}

interface DistinctGroup {
  lastTs: number;
  vals: Map<string, { ts: number; ref: EventRef }>;
}

interface SequenceGroup {
  lastTs: number;
  start: Array<number | null>;
  refs: EventRef[][];
}

type Group = WindowGroup | DistinctGroup | SequenceGroup;

class RuleState {
  readonly stats: RuleStats;
  readonly groups = new Map<string, Group>();
  /** new_value: values known to be seen (a bounded cache; the store is the source of truth). */
  readonly seen = new Map<string, true>();
  private sinceSweep = 0;

  constructor(readonly rule: CompiledRule) {
    this.stats = { id: rule.id, evaluated: 0, matched: 0, hits: 0, errors: 0, lastError: null, groups: 0, evicted: 0 };
  }

  /** Gets a group, marking it most recently used; expires old groups now and then. */
  group<G extends Group>(key: string, now: number, create: (() => G) | null): G | undefined {
    let g = this.groups.get(key) as G | undefined;
    if (g) {
      this.groups.delete(key);
      this.groups.set(key, g);
    } else if (create) {
      g = create();
      this.groups.set(key, g);
      const max = this.rule.correlate!.maxGroups;
      while (this.groups.size > max) {
        this.groups.delete(this.groups.keys().next().value!);
        this.stats.evicted++;
      }
    }
    if (++this.sinceSweep >= SWEEP_EVERY) this.sweep(now);
    return g;
  }

  /** Drops groups whose last event is older than the window (they are in least-recently-used order). */
  sweep(now: number): void {
    this.sinceSweep = 0;
    const window = this.rule.correlate!.windowMs;
    for (const [k, g] of this.groups) {
      if (g.lastTs >= now - window) break;
      this.groups.delete(k);
    }
  }
}

export class RuleEngine {
  private readonly states: RuleState[];
  private readonly seenCacheSize: number;

  constructor(readonly rules: CompiledRule[], opts: { seenCacheSize?: number } = {}) {
    this.states = rules.map((r) => new RuleState(r));
    this.seenCacheSize = opts.seenCacheSize ?? 100_000;
  }

  stats(): RuleStats[] {
    return this.states.map((s) => ({ ...s.stats, groups: s.groups.size }));
  }

  /** Evaluates every rule against one event; returns the rules that fired. */
  evaluate(e: AuditEvent): Hit[] {
    const hits: Hit[] = [];
    if (causedByMonitor(e)) return hits;
    const ev = eventValue(e);
    const bindings = { event: ev };
    for (const st of this.states) {
      const rule = st.rule;
      st.stats.evaluated++;
      if (rule.match && !this.test(st, rule.match, e, bindings)) continue;
      const c = rule.correlate;
      if (!c) {
        st.stats.matched++;
        const dedupKey = keyFor(rule.dedup.fields, ev);
        const ref = refOf(e);
        hits.push({ rule, event: e, events: [ref], group: {}, groupKey: '', dedupKey, firstTs: e.ts, lastTs: e.ts });
        st.stats.hits++;
        continue;
      }
      if (c.type === 'sequence') {
        const hit = this.sequence(st, e, ev, bindings);
        if (hit) hits.push(hit);
        continue;
      }
      st.stats.matched++;
      const group = groupOf(c.groupBy, ev);
      if (group === null) continue;
      let hit: Hit | null = null;
      switch (c.type) {
        case 'count':
          hit = this.window(st, e, ev, group, 1);
          break;
        case 'sum': {
          const v = c.field!.get(ev);
          const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NaN;
          if (Number.isFinite(n) && n !== 0) hit = this.window(st, e, ev, group, n);
          break;
        }
        case 'distinct':
          hit = this.distinct(st, e, ev, group);
          break;
        case 'new_value':
          hit = this.newValue(st, e, ev, group);
          break;
      }
      if (hit) {
        st.stats.hits++;
        hits.push(hit);
      }
    }
    return hits;
  }

  /** Forgets a new_value entry (the store said it was not new after all, or the write failed). */
  forgetSeen(ruleId: string, group: string, value: string): void {
    this.states.find((s) => s.rule.id === ruleId)?.seen.delete(group + SEP + value);
  }

  private test(st: RuleState, c: Compiled, e: AuditEvent, bindings: { event: CelMap }): boolean {
    if (c.phases && !c.phases.has(e.phase)) return false;
    if (c.actions && !c.actions.has(e.action)) return false;
    for (const g of c.guards) if (!g(bindings.event)) return false;
    if (c.whole) return true;
    const v = c.program(bindings);
    if (v === true) return true;
    if (isCelError(v)) {
      st.stats.errors++;
      st.stats.lastError = v.message;
    }
    return false;
  }

  private window(st: RuleState, e: AuditEvent, ev: CelMap, group: { key: string; values: Record<string, string> }, amount: number): Hit | null {
    const c = st.rule.correlate!;
    const now = e.ts;
    const g = st.group<WindowGroup>(group.key, now, () => ({ lastTs: now, ts: [], v: [], total: 0, refs: [] }))!;
    g.lastTs = now;
    const from = now - c.windowMs;
    let drop = 0;
    while (drop < g.ts.length && g.ts[drop]! < from) g.total -= g.v[drop++]!;
    if (drop > 0) {
      g.ts.splice(0, drop);
      g.v.splice(0, drop);
      while (g.refs.length > 0 && g.refs[0]!.ts < from) g.refs.shift();
    }
    g.ts.push(now);
    g.v.push(amount);
    g.total += amount;
    g.refs.push(refOf(e));
    if (g.refs.length > MAX_REFS) g.refs.shift();
    if (g.ts.length > MAX_ENTRIES) {
      // Coalesce the two oldest entries: the sum stays exact, the older part just expires a little later.
      g.v[1]! += g.v[0]!;
      g.ts.shift();
      g.v.shift();
    }
    if (g.total < c.threshold) return null;
    st.groups.delete(group.key);
    return this.hit(st, e, ev, group, g.refs, g.total);
  }

  private distinct(st: RuleState, e: AuditEvent, ev: CelMap, group: { key: string; values: Record<string, string> }): Hit | null {
    const c = st.rule.correlate!;
    const value = keyOf(c.field!.get(ev));
    if (value === '') return null;
    const now = e.ts;
    const g = st.group<DistinctGroup>(group.key, now, () => ({ lastTs: now, vals: new Map() }))!;
    g.lastTs = now;
    const from = now - c.windowMs;
    for (const [k, x] of g.vals) if (x.ts < from) g.vals.delete(k);
    g.vals.delete(value);
    g.vals.set(value, { ts: now, ref: refOf(e) });
    if (g.vals.size > MAX_ENTRIES) g.vals.delete(g.vals.keys().next().value!);
    if (g.vals.size < c.threshold) return null;
    st.groups.delete(group.key);
    const refs = [...g.vals.values()].map((x) => x.ref).sort((a, b) => a.seq - b.seq);
    return this.hit(st, e, ev, group, refs, g.vals.size);
  }

  private newValue(st: RuleState, e: AuditEvent, ev: CelMap, group: { key: string; values: Record<string, string> }): Hit | null {
    const c = st.rule.correlate!;
    const value = keyOf(c.field!.get(ev));
    if (value === '') return null;
    const k = group.key + SEP + value;
    if (st.seen.has(k)) return null;
    st.seen.set(k, true);
    if (st.seen.size > this.seenCacheSize) st.seen.delete(st.seen.keys().next().value!);
    const hit = this.hit(st, e, ev, group, [refOf(e)]);
    hit.newValue = { group: group.key, value };
    return hit;
  }

  private sequence(st: RuleState, e: AuditEvent, ev: CelMap, bindings: { event: CelMap }): Hit | null {
    const c = st.rule.correlate!;
    const steps = c.steps;
    // Which steps does this event satisfy? Evaluated once per event, before any group is touched.
    let matched: boolean[] | null = null;
    for (let k = 0; k < steps.length; k++) {
      if (this.test(st, steps[k]!, e, bindings)) (matched ??= new Array(steps.length).fill(false))[k] = true;
    }
    if (!matched) return null;
    st.stats.matched++;
    const group = groupOf(c.groupBy, ev);
    if (group === null) return null;
    const now = e.ts;
    const g = st.group<SequenceGroup>(group.key, now, matched[0] ? () => ({ lastTs: now, start: new Array(steps.length).fill(null), refs: new Array(steps.length).fill(null).map(() => []) }) : null);
    if (!g) return null;
    g.lastTs = now;
    const from = now - c.windowMs;
    for (let k = 0; k < steps.length; k++) {
      if (g.start[k] !== null && g.start[k]! < from) {
        g.start[k] = null;
        g.refs[k] = [];
      }
    }
    const ref = refOf(e);
    // Last step first, so one event cannot complete two consecutive steps at once.
    for (let k = steps.length - 1; k >= 0; k--) {
      if (!matched[k]) continue;
      if (k === 0) {
        // The latest start gives the most room to complete within the window.
        g.start[0] = now;
        g.refs[0] = [ref];
        continue;
      }
      const prev = g.start[k - 1];
      if (prev === null || prev === undefined) continue;
      if (k === steps.length - 1) {
        st.groups.delete(group.key);
        st.stats.hits++;
        return this.hit(st, e, ev, group, [...g.refs[k - 1]!, ref]);
      }
      if (g.start[k] === null || g.start[k]! <= prev) {
        g.start[k] = prev;
        g.refs[k] = [...g.refs[k - 1]!, ref].slice(-MAX_REFS);
      }
    }
    return null;
  }

  private hit(st: RuleState, e: AuditEvent, ev: CelMap, group: { key: string; values: Record<string, string> }, refs: EventRef[], value?: number): Hit {
    const events = refs.slice(-MAX_REFS);
    return {
      rule: st.rule,
      event: e,
      events,
      group: group.values,
      groupKey: group.key,
      dedupKey: keyFor(st.rule.dedup.fields, ev),
      firstTs: events[0]?.ts ?? e.ts,
      lastTs: e.ts,
      ...(value !== undefined ? { value } : {}),
    };
  }
}

function refOf(e: AuditEvent): EventRef {
  return { id: e.id, seq: e.seq, ts: e.ts };
}

/** The group of an event: null when a group_by field is empty (such events are not correlated). */
function groupOf(fields: CompiledRule['dedup']['fields'], ev: CelMap): { key: string; values: Record<string, string> } | null {
  if (fields.length === 0) return { key: '', values: {} };
  const values: Record<string, string> = {};
  let key = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const v = keyOf(f.get(ev));
    if (v === '') return null;
    values[f.path] = v;
    key = i === 0 ? v : key + SEP + v;
  }
  return { key, values };
}

function keyFor(fields: CompiledRule['dedup']['fields'], ev: CelMap): string {
  let key = '';
  for (let i = 0; i < fields.length; i++) key = (i === 0 ? '' : key + SEP) + keyOf(fields[i]!.get(ev));
  return key;
}
