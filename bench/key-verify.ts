/**
 * Per-request cost of authenticating an agent by its virtual key.
 *
 *   npm run build && node dist/bench/key-verify.js
 *
 * - verify (cached): offline checksum + peppered HMAC-SHA256 + cache lookup + constant-time
 *   compare + expiry/revocation checks, for a key seen before. Goal: p50 ≤ 20 µs.
 * - authenticate (cached): the full first pipeline step: key verify, kill-switch check and the
 *   agent's status, as every gateway request pays it.
 * - reject malformed: a key with a bad checksum, refused before any hashing or lookup.
 * Each request uses a fresh copy of the key string, as an HTTP header would.
 */
import { randomBytes } from 'node:crypto';
import { ChainedAuditLog } from '../src/audit/audit-log.js';
import { AgentService } from '../src/identity/agents.js';
import { Authenticator } from '../src/identity/authenticate.js';
import { CredentialService } from '../src/identity/credentials.js';
import { Directory } from '../src/identity/directory.js';
import { SecretHasher } from '../src/identity/hmac.js';
import { KillSwitchService } from '../src/identity/kill-switch.js';
import { openStore } from '../src/store/store.js';
import { InProcessBus } from '../src/util/bus.js';
import { systemClock } from '../src/util/clock.js';
import { fresh, machine, measure, stats } from './lib.js';

async function main(): Promise<void> {
  const store = await openStore({});
  const bus = new InProcessBus();
  const audit = new ChainedAuditLog({ store, clock: systemClock, capture: 'redacted' });
  const actor = { kind: 'system' as const, id: 'bench' };
  const directory = new Directory(store, audit, systemClock);
  const agents = new AgentService(store, audit, bus, systemClock);
  const credentials = new CredentialService(store, audit, bus, systemClock, new SecretHasher(randomBytes(32)), {
    defaultTtlMs: 86_400_000,
    maxTtlMs: 86_400_000,
    rotationGraceMs: 3_600_000,
  });
  const kill = await KillSwitchService.open(store, audit, bus, systemClock);
  const authn = new Authenticator(store, bus, systemClock, credentials, kill, undefined);

  await directory.createOwner({ handle: 'bench' }, actor);
  const keys: string[] = [];
  for (let a = 0; a < 20; a++) {
    const agent = await agents.create({ name: `agent-${a}`, owner: 'bench' }, actor);
    for (let k = 0; k < 5; k++) keys.push((await credentials.issue(agent.id, {}, actor)).key);
  }
  // A few engaged switches for other targets, so the kill check is not trivially empty.
  const victim = await agents.create({ name: 'victim', owner: 'bench' }, actor);
  await kill.engage('agent', victim.id, 'bench', actor);
  for (const k of keys) await authn.authenticate(k, '127.0.0.1');

  const BATCH = 1000;
  const inputs = () => Array.from({ length: BATCH }, (_, i) => fresh(keys[i % keys.length]!));
  const verify = await measure(300, 30, BATCH, inputs, (k) => credentials.verify(k as string, '127.0.0.1'));
  const authenticate = await measure(300, 30, BATCH, inputs, (k) => authn.authenticate(k as string, '127.0.0.1'));
  const bad = keys[0]!.slice(0, -1) + (keys[0]!.endsWith('A') ? 'B' : 'A');
  const reject = await measure(300, 30, BATCH, () => Array.from({ length: BATCH }, () => fresh(bad)), (k) => credentials.verify(k as string, null).catch(() => undefined));

  await credentials.close();
  authn.close();
  kill.close();
  await store.close();

  const result = {
    bench: 'key-verify',
    ...machine(),
    unit: 'us_per_request',
    verify_cached: stats(verify),
    authenticate_cached: stats(authenticate),
    reject_malformed: stats(reject),
    goal_verify_p50_us: 20,
  };
  console.log(`key verify (cached)        p50 ${result.verify_cached.p50} µs   p99 ${result.verify_cached.p99} µs   (goal ≤ 20 µs p50)`);
  console.log(`authenticate (cached)      p50 ${result.authenticate_cached.p50} µs   p99 ${result.authenticate_cached.p99} µs`);
  console.log(`reject malformed key       p50 ${result.reject_malformed.p50} µs   p99 ${result.reject_malformed.p99} µs`);
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
