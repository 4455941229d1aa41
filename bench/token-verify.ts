/**
 * Per-request cost of verifying a Warden access token.
 *
 *   npm run build && node dist/bench/token-verify.js
 *
 * - cached: a token this instance has verified before (the common case: an agent reuses its
 *   token for ~10 minutes). Goal: p50 ≤ 50 µs. Each request carries a fresh string copy of the
 *   token, as an HTTP header would, so the Map lookup pays for hashing it.
 * - uncached: first sight (parse, Ed25519 verify with a cached KeyObject, claim checks).
 * - jose: the same first-sight verification through jose's async jwtVerify, for comparison; it
 *   is why Warden verifies with node:crypto directly.
 * Times are measured per batch and divided by the batch size (a single sub-microsecond call is
 * below the timer's resolution); percentiles are over batches.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { AccessTokens } from '../src/identity/tokens/access-tokens.js';
import { SigningKeys, type Sealer } from '../src/identity/tokens/signing-keys.js';
import { SigningKeyRepo } from '../src/store/repos/signing-keys.js';
import { openStore } from '../src/store/store.js';
import { open, seal } from '../src/vault/envelope.js';
import { Keyring } from '../src/vault/master-key.js';
import { fresh, machine, measure, stats, type Stats } from './lib.js';

/** The vault's own envelope under a throwaway master key (sealing is not what is measured). */
function sealer(): Sealer {
  const keyring = Keyring.generate();
  return { seal: (aad, plaintext) => seal(keyring, plaintext, aad), open: (aad, envelope) => open(keyring, envelope, aad) };
}

async function main(): Promise<void> {
  const store = await openStore({});
  const keys = new SigningKeys({ repo: new SigningKeyRepo(store.db), sealer: sealer(), maxTokenTtlMs: 3_600_000, refreshIntervalMs: 0 });
  await keys.start();
  const issuer = 'https://warden.bench';
  const tokens = new AccessTokens({ keys, issuer });
  const issue = (i: number) =>
    tokens.issue({
      agent: { id: `agt_bench${String(i).padStart(6, '0')}`, name: `agent-${i}` },
      ...(i % 2 ? { user: { sub: `user${i}@example.com`, iss: 'https://idp.example' } } : {}),
    }).token;

  // Cached: 100 hot tokens, each already verified once.
  const CACHED_BATCH = 1000;
  const hot = Array.from({ length: 100 }, (_, i) => issue(i));
  for (const t of hot) tokens.verifySync(t);
  const cachedInputs = () => Array.from({ length: CACHED_BATCH }, (_, i) => fresh(hot[i % hot.length]!));
  const cachedSync = await measure(300, 30, CACHED_BATCH, cachedInputs, (t) => tokens.verifySync(t as string));
  const cachedAsync = await measure(300, 30, CACHED_BATCH, cachedInputs, (t) => tokens.verify(t as string));

  // Uncached: every token seen for the first time, by a verifier with an empty cache.
  const UNCACHED_BATCH = 50;
  const UNCACHED_BATCHES = 200;
  const WARM = 10;
  const cold = Array.from({ length: (UNCACHED_BATCHES + WARM) * UNCACHED_BATCH }, (_, i) => issue(1000 + i));
  const firstSight = new AccessTokens({ keys, issuer, cacheSize: cold.length + 1 });
  const slice = (b: number) => cold.slice(b * UNCACHED_BATCH, (b + 1) * UNCACHED_BATCH).map(fresh);
  const uncached = await measure(UNCACHED_BATCHES, WARM, UNCACHED_BATCH, slice, (t) => firstSight.verifySync(t as string));

  const jwks = createLocalJWKSet(keys.jwks());
  const joseRuns = await measure(UNCACHED_BATCHES, WARM, UNCACHED_BATCH, slice, (t) => jwtVerify(t as string, jwks, { issuer, audience: 'warden', algorithms: ['EdDSA'] }));

  keys.close();
  await store.close();

  const result = {
    bench: 'token-verify',
    ...machine(),
    unit: 'us_per_verify',
    cached_sync: stats(cachedSync),
    cached_async: stats(cachedAsync),
    uncached_node_crypto: stats(uncached),
    uncached_jose: stats(joseRuns),
    goal_cached_p50_us: 50,
  };
  const row = (name: string, s: Stats) => console.log(`${name.padEnd(34)} p50 ${s.p50.toFixed(3).padStart(9)} µs   p99 ${s.p99.toFixed(3).padStart(9)} µs`);
  console.log(`token-verify on ${result.cpu} (${result.cpus} cpus), node ${result.node}`);
  row('cached, verifySync', result.cached_sync);
  row('cached, await verify', result.cached_async);
  row('first sight, node:crypto Ed25519', result.uncached_node_crypto);
  row('first sight, jose jwtVerify', result.uncached_jose);
  console.log(`cached p50 ${result.cached_sync.p50 <= 50 ? 'meets' : 'MISSES'} the 50 µs goal`);
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
