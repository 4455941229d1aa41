import { badRequest, conflict, notFound } from '../errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../audit/types.js';
import { repos } from '../store/repos/index.js';
import type { KillScope, KillSwitch } from '../store/repos/kill-switches.js';
import type { Db, Store } from '../store/store.js';
import type { ControlBus } from '../util/bus.js';
import type { Clock } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { actorLabel } from './agents.js';

/**
 * The kill switch stops an agent, one key, or everything. State lives in the store (so it
 * survives restarts) and in memory (so checking it costs nothing per request); changes reach
 * other instances through the control bus.
 */
export class KillSwitchService {
  private all: KillSwitch | undefined;
  private agents = new Map<string, KillSwitch>();
  private keys = new Map<string, KillSwitch>();
  private unsubscribe: () => void = () => {};

  private constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly bus: ControlBus,
    private readonly clock: Clock,
  ) {}

  static async open(store: Store, audit: AuditLog, bus: ControlBus, clock: Clock): Promise<KillSwitchService> {
    const s = new KillSwitchService(store, audit, bus, clock);
    await s.reload();
    s.unsubscribe = bus.subscribe((m) => {
      if (m.kind === 'kill.changed') void s.reload();
    });
    return s;
  }

  async reload(): Promise<void> {
    const active = await repos(this.store.db).killSwitches.active();
    const agents = new Map<string, KillSwitch>();
    const keys = new Map<string, KillSwitch>();
    let all: KillSwitch | undefined;
    for (const k of active) {
      if (k.scope === 'all') all = k;
      else if (k.scope === 'agent' && k.target) agents.set(k.target, k);
      else if (k.scope === 'key' && k.target) keys.set(k.target, k);
    }
    this.all = all;
    this.agents = agents;
    this.keys = keys;
  }

  /** The switch that stops this request, if any. Synchronous and allocation-free: it runs on every request. */
  check(agentId: string, credentialId: string | undefined): KillSwitch | undefined {
    return this.all ?? this.agents.get(agentId) ?? (credentialId ? this.keys.get(credentialId) : undefined);
  }

  active(): KillSwitch[] {
    return [...(this.all ? [this.all] : []), ...this.agents.values(), ...this.keys.values()];
  }

  async engage(scope: KillScope, target: string | undefined, reason: string, actor: Actor): Promise<KillSwitch> {
    const now = this.clock.now();
    const k = await this.store.transaction(async (trx) => {
      const r = repos(trx);
      const resolved = await this.resolveTarget(scope, target, r);
      if (await r.killSwitches.findActive(scope, resolved)) {
        throw conflict('kill.already_engaged', `The kill switch for ${describe(scope, resolved)} is already engaged.`);
      }
      const k: KillSwitch = { id: newId('kill', now), scope, target: resolved, reason, createdAt: now, createdBy: actorLabel(actor), liftedAt: null, liftedBy: null, liftReason: null };
      await r.killSwitches.insert(k);
      await this.record(trx, actor, 'kill.engage', scope, resolved, { scope, reason });
      return k;
    });
    // Local state first, so this instance refuses the very next request even before the bus delivers.
    this.apply(k);
    await this.bus.publish({ kind: 'kill.changed' });
    return k;
  }

  async lift(scope: KillScope, target: string | undefined, reason: string, actor: Actor): Promise<KillSwitch> {
    const now = this.clock.now();
    const k = await this.store.transaction(async (trx) => {
      const r = repos(trx);
      const resolved = await this.resolveTarget(scope, target, r);
      const k = await r.killSwitches.findActive(scope, resolved);
      if (!k) throw notFound('kill.not_engaged', `No kill switch is engaged for ${describe(scope, resolved)}.`, 'See what is engaged with `warden kill --list`.');
      await r.killSwitches.lift(k.id, now, actorLabel(actor), reason);
      await this.record(trx, actor, 'kill.lift', scope, resolved, { scope, reason, engagedAt: k.createdAt });
      return { ...k, liftedAt: now, liftedBy: actorLabel(actor), liftReason: reason };
    });
    await this.reload();
    await this.bus.publish({ kind: 'kill.changed' });
    return k;
  }

  async history(limit = 100): Promise<KillSwitch[]> {
    return repos(this.store.db).killSwitches.history(limit);
  }

  close(): void {
    this.unsubscribe();
  }

  private async record(trx: Db, actor: Actor, action: string, scope: KillScope, target: string | null, data: Record<string, unknown>): Promise<void> {
    await this.audit.record(
      {
        phase: 'admin',
        action,
        outcome: 'success',
        actor,
        agentId: scope === 'agent' ? target : null,
        target: { kind: scope === 'all' ? 'warden' : scope === 'agent' ? 'agent' : 'credential', id: target ?? '*' },
        data,
      },
      trx,
    );
  }

  private apply(k: KillSwitch): void {
    if (k.scope === 'all') this.all = k;
    else if (k.scope === 'agent' && k.target) this.agents.set(k.target, k);
    else if (k.scope === 'key' && k.target) this.keys.set(k.target, k);
  }

  private async resolveTarget(scope: KillScope, target: string | undefined, r: ReturnType<typeof repos>): Promise<string | null> {
    if (scope === 'all') {
      if (target) throw badRequest('kill.unexpected_target', 'The "all" kill switch takes no target.');
      return null;
    }
    if (!target) throw badRequest('kill.missing_target', `The ${scope} kill switch needs a target id.`);
    if (scope === 'agent') {
      const a = await r.agents.get(target);
      if (!a) throw notFound('agent.not_found', `No agent "${target}".`);
      return a.id;
    }
    const c = await r.credentials.get(target);
    if (!c) throw notFound('key.not_found', `No key "${target}".`);
    return c.id;
  }
}

function describe(scope: KillScope, target: string | null): string {
  return scope === 'all' ? 'all agents' : `${scope} ${target}`;
}
