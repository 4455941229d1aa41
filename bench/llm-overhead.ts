/**
 * What Warden's LLM gateway costs on top of the provider: in one run, with the demo provider on
 * loopback and a 1 KB prompt (OpenAI Chat Completions; the demo model echoes it, so the answer is
 * about 1 KB too), three ways to reach the provider are compared:
 *
 *   direct   the load generator talks to the demo provider itself;
 *   proxy    a bare Node proxy (node:http, JSON.parse of the body, JSON.stringify and undici
 *            upstream, the answer piped back): the floor for any Node hop;
 *   warden   Warden with a real agent key, the starter policies, every detector and the audit
 *            log on (SQLite in a temporary directory, the built-in monitor rules on).
 *
 *   npm run build && node dist/bench/llm-overhead.js [--rounds 3] [--seconds 5] [--streams 1000]
 *   node dist/bench/llm-overhead.js --profile DIR [--clients 16] [--seconds 10]
 *     (Warden only, a fixed closed-loop load, `--cpu-prof` on the Warden process: DIR gets one
 *     profile per thread; prints Warden's CPU per request)
 *   node dist/bench/llm-overhead.js --measure [--clients 16] [--seconds 10]
 *     (the same fixed load without the profiler: Warden's CPU per request, with the share of each
 *     of its threads on Linux, for A/B comparisons on a busy machine); --stream for streamed answers
 *   node dist/bench/llm-overhead.js --measure --baseline DIR [--rounds 8] [--seconds 3]
 *     (a second Warden, from another build's `dist` copied to DIR inside this checkout, e.g.
 *     `cp -r dist .bench-baseline` before a change, takes turns with this one in short rounds:
 *     each build's CPU per request and the median of the per-round ratios, which a machine whose
 *     speed moves within a minute cannot tilt the way separate runs can)
 *   either with --detectors off: Warden with every detector switched off, to tell the cost of
 *     the rest of the pipeline from theirs (not the deployed configuration: not for the record)
 *
 * Each of the provider, the proxy and Warden runs in a child process of its own, so none shares
 * an event loop with the load generator (this process) or with another; on a small machine they
 * still share its cores, which the results note. The load generator is closed-loop: N workers,
 * each sending its next request when the previous answer has been read to the end, over undici
 * pools with one connection per worker.
 *
 * Goals (issue 6): at 16 clients Warden's throughput ≥ 0.7× the proxy's; at 1 client Warden's
 * added p50 latency (over direct) ≤ 1.5× the proxy's added p50; streaming time to the first
 * content chunk added ≤ 0.5 ms p50; 1,000 concurrent streams through Warden without errors.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Agent, Pool } from 'undici';
import { machine, quantile, stats } from './lib.js';

const SELF = fileURLToPath(import.meta.url);
const MODEL = 'bench-gpt';
const PROVIDER_KEY = 'bench-provider-key-0123456789';
const PATH = '/v1/chat/completions';
const SYSTEM = 'You are a concise assistant for the finance team. Answer in plain English.';
const PARAGRAPH =
  'Please summarise the attached quarterly report for the finance team. Revenue grew eight percent on the previous quarter, ' +
  'driven by the subscription business in Europe, while hardware sales were flat. Operating costs rose because of two new ' +
  'offices and the migration of the billing system, which finished three weeks late. Cash at the end of the quarter covers ' +
  'eleven months of spending at the current rate. The board asked for a clear view of the three largest risks for next year, ' +
  'the assumptions behind the forecast, and which projects could be postponed without hurting the renewal rate. Keep the ' +
  'summary short, use the figures from the report, and mention where the numbers are estimates rather than audited results. ' +
  'List open questions for the controller at the end, and keep the tone neutral for a wide internal audience. ';
/** A 1 KB prompt (system + user), distinct per request as real traffic is (no cache or memo helps). */
function prompt(i: number): string {
  return `${PARAGRAPH.repeat(2).slice(0, 1024 - SYSTEM.length - 12)} (ref ${String(i).padStart(6, '0')})`;
}
function chatBody(i: number, stream: boolean, directives = ''): string {
  return JSON.stringify({
    model: MODEL,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: directives + prompt(i) },
    ],
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// child processes: the provider, the bare proxy, Warden

type ChildMessage = { type: 'ready'; url: string; key: string } | { type: 'stats'; stats: Record<string, unknown> };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * CPU µs of each thread of this process (Linux /proc; empty elsewhere): `main`, and the others as
 * name#tid (Node's helper threads and workers, the SQLite checkpointer among them: usually the
 * newest). Bench only: synchronous reads are fine here.
 */
function threadCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    const tick = 1e6 / 100; // USER_HZ
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      const key = tid === String(process.pid) ? 'main' : `${name}#${tid}`;
      out[key] = (f[11] === undefined ? 0 : Number(f[11]) + Number(f[12])) * tick;
    }
  } catch {
    // Not Linux.
  }
  return out;
}

/** Runs in a child: reports its URL, answers stats requests, and exits cleanly when told (a CPU profile is written on exit). */
function serveChild(url: string, key: string, close: () => Promise<void>, statsOf: () => Record<string, unknown> = () => ({})): void {
  process.on('message', (m: { type: string }) => {
    // CPU time of the whole process (all threads: Warden's checkpointer worker included), in µs.
    if (m.type === 'stats') {
      const cpu = process.cpuUsage();
      process.send!({ type: 'stats', stats: { ...statsOf(), cpuUs: cpu.user + cpu.system, threads: threadCpu() } });
    }
    if (m.type === 'stop') void close().finally(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', url, key });
}

async function runProvider(): Promise<void> {
  const { startMockProvider } = await import('../src/mock/provider.js');
  const mock = await startMockProvider({ port: 0, host: '127.0.0.1' });
  serveChild(mock.url, PROVIDER_KEY, () => mock.close(), () => ({ requests: mock.requests }));
}

/**
 * The floor: what any Node hop that reads the JSON costs. Parses the body (as a gateway must, to
 * route on the model), serialises it again, sends it with undici (pooled like Warden's upstream)
 * under the provider's key, and pipes the answer back as it comes, streamed or not.
 */
async function runProxy(upstream: string): Promise<void> {
  const agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });
  const origin = new URL(upstream).origin;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          const r = await agent.request({
            origin,
            path: req.url ?? PATH,
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${PROVIDER_KEY}` },
            body: JSON.stringify(body),
          });
          res.writeHead(r.statusCode, { 'content-type': String(r.headers['content-type'] ?? 'application/json') });
          await pipeline(r.body, res);
        } catch {
          if (!res.headersSent) res.writeHead(502).end();
          else res.destroy();
        }
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve()));
  const port = (server.address() as { port: number }).port;
  serveChild(`http://127.0.0.1:${port}`, PROVIDER_KEY, async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await agent.close();
  });
}

/**
 * Warden as deployed: its own process, SQLite store and audit log in a temporary directory, the
 * starter policy pack, every detector on (the defaults), the built-in monitor rules on, a real
 * agent with a virtual key. No quotas are configured (none are by default), so no rate limit
 * applies; the provider's key lives in the vault, as in the demo.
 */
const DETECTORS = ['prompt_injection', 'jailbreak', 'secrets', 'pii', 'exfiltration', 'unicode', 'encoding', 'tool_poisoning'];

async function runWarden(upstream: string, detectorsOff: boolean): Promise<void> {
  const { createWarden } = await import('../src/app.js');
  const { parseConfigText } = await import('../src/config/load.js');
  const { starterPackDir } = await import('../src/policy/service.js');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'warden-bench-llm-'));
  const env = { ...process.env, WARDEN_DATA_DIR: dataDir };
  const yaml = `
policy:
  dir: ${JSON.stringify(starterPackDir())}
providers:
  - { name: bench-openai, kind: openai, base_url: "${upstream}/v1", secret: bench-openai-key, timeout: 120s }
models:
  ${MODEL}: { provider: bench-openai, model: ${MODEL} }
${detectorsOff ? `detectors:\n${DETECTORS.map((d) => `  ${d}: { enabled: false }`).join('\n')}\n` : ''}`;
  const config = parseConfigText(yaml, undefined, env);
  config.server.port = 0;
  const w = await createWarden({ config, baseDir: dataDir, env, logLevel: 'warn' }).catch((e: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  const actor = { kind: 'system' as const, id: 'bench', name: 'llm-overhead bench' };
  const s = w.services;
  await s.vault.create({ name: 'bench-openai-key', kind: 'provider_key', value: PROVIDER_KEY }, actor);
  await s.directory.createOwner({ handle: 'bench@example.com', displayName: 'Bench' }, actor);
  const agent = await s.agents.create({ name: 'bench-agent', owner: 'bench@example.com', purpose: 'overhead benchmark', risk: 'low', grants: { models: [MODEL] } }, actor);
  const { key } = await s.credentials.issue(agent.id, { name: 'bench' }, actor);
  await w.server.listen({ host: '127.0.0.1', port: 0 });
  const port = (w.server.server.address() as { port: number }).port;
  serveChild(`http://127.0.0.1:${port}`, key, async () => {
    await w.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, () => ({ audit: s.audit.stats() }));
}

class Child {
  private waiters: Array<(m: ChildMessage) => void> = [];
  private constructor(readonly proc: ChildProcess, readonly url: string, readonly key: string) {
    proc.on('message', (m: ChildMessage) => this.waiters.shift()?.(m));
  }

  static start(role: string, args: string[] = [], execArgv: string[] = [], script = SELF): Promise<Child> {
    const proc = fork(script, ['--role', role, ...args], { execArgv: [...process.execArgv, ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`${role} exited early (${code})`)));
      proc.once('message', (m: ChildMessage) => {
        if (m.type === 'ready') resolve(new Child(proc, m.url, m.key));
      });
    });
  }

  stats(): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.waiters.push((m) => resolve(m.type === 'stats' ? m.stats : {}));
      this.proc.send({ type: 'stats' });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const t = setTimeout(() => this.proc.kill('SIGKILL'), 15_000);
      this.proc.removeAllListeners('exit');
      this.proc.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      this.proc.send({ type: 'stop' });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// load generation

interface Target {
  name: 'direct' | 'proxy' | 'warden';
  url: string;
  key: string;
  pool: Pool;
}

let seq = 0;
/** A content chunk of a chat stream (the first chunk only carries the role, with empty content). */
const CONTENT = /"delta":\{"content":"[^"]/;

class Failures {
  count = 0;
  first = '';
  add(what: string): void {
    this.count++;
    this.first ||= what;
  }
}

/** One non-streamed chat completion, read to the end; returns milliseconds or null on failure. */
async function complete(t: Target, failures: Failures): Promise<number | null> {
  const t0 = performance.now();
  try {
    const r = await t.pool.request({ path: PATH, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}` }, body: chatBody(seq++, false) });
    const text = await r.body.text();
    if (r.statusCode !== 200) {
      failures.add(`${t.name}: ${r.statusCode} ${text.slice(0, 300)}`);
      return null;
    }
    return performance.now() - t0;
  } catch (e) {
    failures.add(`${t.name}: ${(e as Error).message}`);
    return null;
  }
}

/** One streamed chat completion, read to the end; returns the time to its first content chunk and to its end. */
async function stream(pool: Pool, t: Pick<Target, 'name' | 'key'>, failures: Failures, directives = ''): Promise<{ ttft: number; total: number } | null> {
  const t0 = performance.now();
  try {
    const r = await pool.request({ path: PATH, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}` }, body: chatBody(seq++, true, directives) });
    let ttft = -1;
    let tail = '';
    for await (const chunk of r.body) {
      const s = tail + (chunk as Buffer).toString('utf8');
      if (ttft < 0 && CONTENT.test(s)) ttft = performance.now() - t0;
      tail = s.slice(-80);
    }
    if (r.statusCode !== 200 || ttft < 0 || !tail.includes('data: [DONE]')) {
      failures.add(`${t.name}: stream ${r.statusCode} ${ttft < 0 ? 'without content' : 'without [DONE]'}: ${tail.slice(-80)}`);
      return null;
    }
    return { ttft, total: performance.now() - t0 };
  } catch (e) {
    failures.add(`${t.name}: stream ${(e as Error).message}`);
    return null;
  }
}

/** Closed loop: `workers` clients, each sending its next request once the last answer is read, for `ms`. */
async function closedLoop(t: Target, workers: number, ms: number, failures: Failures, streamed = false): Promise<{ rps: number; done: number; p50: number }> {
  let done = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  // Milliseconds per request: to the end of the answer, or to the first content chunk when streamed.
  const times: number[] = [];
  const one = streamed ? async () => (await stream(t.pool, t, failures))?.ttft ?? null : () => complete(t, failures);
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < end) {
        const ms = await one();
        if (ms !== null) {
          done++;
          times.push(ms);
        }
      }
    }),
  );
  return { rps: done / ((performance.now() - t0) / 1000), done, p50: times.length ? median(times) : NaN };
}

/** CPU µs of each process (this one too), to divide by the requests served in between. */
async function cpuNow(children: Record<'provider' | 'proxy' | 'warden', Child>): Promise<Record<'provider' | 'proxy' | 'warden' | 'loadgen', number>> {
  const own = process.cpuUsage();
  const of = async (c: Child) => Number((await c.stats()).cpuUs);
  return { provider: await of(children.provider), proxy: await of(children.proxy), warden: await of(children.warden), loadgen: own.user + own.system };
}

async function sequential<T>(n: number, op: () => Promise<T | null>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const v = await op();
    if (v !== null) out.push(v);
  }
  return out;
}

const median = (xs: number[]) => quantile(xs, 0.5);
/** Percentiles in ms of samples in ms (lib's stats() is unit-agnostic). */
const pct = (ms: number[]) => stats(ms);
const r2 = (v: number) => Math.round(v * 100) / 100;
const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** Round r visits the targets in a rotated order, so drift on a noisy machine does not favour one. */
const rotated = <T>(xs: T[], r: number) => xs.map((_, i) => xs[(i + r) % xs.length]!);

async function thousandStreams(warden: Target, n: number, failures: Failures): Promise<{ ok: number; errors: number; peak: number; seconds: number; ttftP50: number; ttftP99: number }> {
  // One connection per stream, all opened at once, as n separate agents would.
  const pool = new Pool(warden.url, { connections: n, pipelining: 1 });
  const spans: Array<[number, number]> = [];
  const ttfts: number[] = [];
  const t0 = performance.now();
  const before = failures.count;
  // Every answer is 50 words, one chunk each 20 ms: each stream stays open about a second.
  await Promise.all(
    Array.from({ length: n }, async () => {
      const start = performance.now();
      const r = await stream(pool, warden, failures, '[mock:slow-stream:20] [mock:long:50] ');
      if (r) {
        spans.push([start + r.ttft, start + r.total]);
        ttfts.push(r.ttft);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  // The most streams delivering content at the same moment.
  const edges = spans.flatMap(([a, b]) => [[a, 1], [b, -1]] as Array<[number, number]>).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let cur = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (cur += d));
  const s = pct(ttfts);
  return { ok: spans.length, errors: failures.count - before, peak, seconds: r2(seconds), ttftP50: r2(s.p50), ttftP99: r2(s.p99) };
}

function openFilesLimit(): string {
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

/**
 * Two Warden builds in turns (the order swapped each round), each at a fixed closed-loop load:
 * CPU per request for each, and the median over rounds of new / baseline.
 */
async function interleaved(current: [Target, Child], baseline: [Target, Child], rounds: number, seconds: number, clients: number, failures: Failures): Promise<void> {
  const builds = [
    { name: 'this build', target: current[0], child: current[1], cpu: [] as number[] },
    { name: 'baseline', target: baseline[0], child: baseline[1], cpu: [] as number[] },
  ];
  // Longer than the other modes' warm-up: the first rounds were still slower (JIT, pools, caches).
  for (let w = 0; w < 2; w++) for (const b of builds) await closedLoop(b.target, clients, 3000, failures);
  for (let r = 0; r < rounds; r++) {
    for (const b of r % 2 ? [...builds].reverse() : builds) {
      const before = Number((await b.child.stats()).cpuUs);
      const { done } = await closedLoop(b.target, clients, seconds * 1000, failures);
      b.cpu.push((Number((await b.child.stats()).cpuUs) - before) / done);
    }
  }
  const ratios = builds[0]!.cpu.map((x, i) => x / builds[1]!.cpu[i]!);
  for (const b of builds) console.log(`${b.name.padEnd(10)} CPU per request at ${clients} clients: median ${Math.round(median(b.cpu))} µs; rounds ${b.cpu.map(Math.round).join(' ')}`);
  console.log(`this build / baseline, median of ${rounds} rounds: ${median(ratios).toFixed(3)} (rounds ${ratios.map((x) => x.toFixed(2)).join(' ')}); ${failures.count} failures`);
}

async function main(): Promise<void> {
  const rounds = Number(arg('rounds') ?? 3);
  const seconds = Number(arg('seconds') ?? 5);
  const profileDir = arg('profile');
  const measure = process.argv.includes('--measure');
  const streams = Number(arg('streams') ?? 1000);
  const baselineDir = arg('baseline');
  if (baselineDir && !measure) {
    console.error('--baseline compares two Warden builds at a fixed load: give it with --measure.');
    process.exit(1);
  }
  const limit = openFilesLimit();
  // This process holds a socket per stream; Warden one per stream and one per upstream connection.
  if (limit !== 'unlimited' && Number(limit) < streams + 1024) {
    console.error(`ulimit -n is ${limit}: ${streams} concurrent streams need at least ${streams + 1024} open files per process (raise it with ulimit -n).`);
    process.exit(1);
  }

  const provider = await Child.start('provider');
  const proxy = await Child.start('proxy', ['--upstream', provider.url]);
  const detectorsOff = arg('detectors') === 'off';
  const wardenChild = await Child.start('warden', ['--upstream', provider.url, ...(detectorsOff ? ['--detectors', 'off'] : [])], profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const target = (name: Target['name'], c: Child): Target => ({ name, url: c.url, key: c.key, pool: new Pool(c.url, { connections: 16, pipelining: 1 }) });
  const direct = target('direct', provider);
  const viaProxy = target('proxy', proxy);
  const warden = target('warden', wardenChild);
  const targets = [direct, viaProxy, warden];
  const failures = new Failures();
  // Other work on the machine shows here: the figures are only comparable between quiet runs.
  const results: Record<string, unknown> = { bench: 'llm-overhead', ...machine(), ulimit_n: limit, loadavg_1m: Math.round(os.loadavg()[0]! * 100) / 100, ...(detectorsOff ? { detectors: 'off' } : {}) };

  try {
    // Each answers correctly before anything is timed (Warden: authenticated, allowed, forwarded).
    for (const t of targets) {
      if ((await complete(t, failures)) === null || (await stream(t.pool, t, failures)) === null) throw new Error(`${t.name} does not answer: ${failures.first}`);
    }

    if (baselineDir) {
      const baseline = await Child.start('warden', ['--upstream', provider.url, ...(detectorsOff ? ['--detectors', 'off'] : [])], [], path.resolve(baselineDir, 'bench/llm-overhead.js'));
      const baseTarget = target('warden', baseline);
      try {
        await interleaved([warden, wardenChild], [baseTarget, baseline], Number(arg('rounds') ?? 8), Number(arg('seconds') ?? 3), Number(arg('clients') ?? 16), failures);
      } finally {
        await baseTarget.pool.close();
        await baseline.stop();
      }
      return;
    }

    if (profileDir || measure) {
      // A fixed load for the profile: N clients (16 unless --clients says) on Warden only.
      const clients = Number(arg('clients') ?? 16);
      const streamed = process.argv.includes('--stream');
      const warm = await closedLoop(warden, clients, 2000, failures, streamed);
      const before = await wardenChild.stats();
      const { rps, done, p50 } = await closedLoop(warden, clients, seconds * 1000, failures, streamed);
      const after = await wardenChild.stats();
      const audit = after.audit as { appended: number; batches: number };
      const cpuPerReq = Math.round((Number(after.cpuUs) - Number(before.cpuUs)) / done);
      const threads = Object.entries(after.threads as Record<string, number>)
        .map(([name, us]) => [name, Math.round((us - ((before.threads as Record<string, number>)[name] ?? 0)) / done)] as const)
        .filter(([, us]) => us > 0)
        .map(([name, us]) => `${name} ${us}`)
        .join(', ');
      if (measure) {
        console.log(`Warden${detectorsOff ? ' (detectors off)' : ''}${streamed ? ', streamed' : ''} at ${clients} clients for ${seconds} s: ${Math.round(rps)} req/s, p50 ${r3(p50)} ms${streamed ? ' (TTFT)' : ''}, ${cpuPerReq} µs CPU per request (threads: ${threads || 'n/a'}); ${failures.count} failures; audit ${audit.appended} events in ${audit.batches} batches; loadavg ${os.loadavg()[0]!.toFixed(2)}`);
        return;
      }
      console.log(`profiled Warden${detectorsOff ? ' (detectors off)' : ''} at ${clients} clients for ${seconds} s: ${Math.round(rps)} req/s, ${cpuPerReq} µs CPU per request; ${warm.done + done + 2} requests in the profile; ${failures.count} failures; audit ${audit.appended} events in ${audit.batches} batches; profile in ${profileDir}`);
      return;
    }

    // Warm-up: JIT, connection pools, Warden's key and secret caches.
    for (const t of targets) await closedLoop(t, 16, 2000, failures);
    for (const t of targets) await sequential(200, () => stream(t.pool, t, failures));

    const rps: Record<string, number[]> = { direct: [], proxy: [], warden: [] };
    // CPU µs per request at 16 clients: the provider's, the hop's (proxy or Warden) and this load generator's.
    const cpu: Record<string, Array<Record<string, number>>> = { direct: [], proxy: [], warden: [] };
    const children = { provider, proxy, warden: wardenChild };
    const lat: Record<string, number[]> = { direct: [], proxy: [], warden: [] };
    const ttft: Record<string, number[]> = { direct: [], proxy: [], warden: [] };
    const perRound = 400;
    for (let r = 0; r < rounds; r++) {
      for (const t of rotated(targets, r)) {
        const before = await cpuNow(children);
        const { rps: x, done } = await closedLoop(t, 16, seconds * 1000, failures);
        const after = await cpuNow(children);
        rps[t.name]!.push(x);
        const per = (k: keyof typeof before) => (after[k] - before[k]) / done;
        cpu[t.name]!.push({ provider: per('provider'), hop: t.name === 'direct' ? 0 : per(t.name), loadgen: per('loadgen') });
      }
      for (const t of rotated(targets, r)) lat[t.name]!.push(...(await sequential(perRound, () => complete(t, failures))));
      for (const t of rotated(targets, r)) ttft[t.name]!.push(...(await sequential(perRound, async () => (await stream(t.pool, t, failures))?.ttft ?? null)));
    }
    const failuresBefore = failures.count;
    const held = await thousandStreams(warden, streams, failures);
    const auditStats = (await wardenChild.stats()).audit as { appended: number; batches: number; queued: number; failures: number };

    const row = (name: string) => {
      const l = pct(lat[name]!);
      const f = pct(ttft[name]!);
      const c = (k: string) => Math.round(median(cpu[name]!.map((x) => x[k]!)));
      return {
        rps: Math.round(median(rps[name]!)),
        rpsRuns: rps[name]!.map(Math.round),
        cpuUsPerReq: { hop: c('hop'), provider: c('provider'), loadgen: c('loadgen') },
        p50: r3(l.p50),
        p99: r3(l.p99),
        ttftP50: r3(f.p50),
        ttftP99: r3(f.p99),
      };
    };
    const d = row('direct');
    const p = row('proxy');
    const w = row('warden');
    const ratio = w.rps / p.rps;
    const addedProxy = p.p50 - d.p50;
    const addedWarden = w.p50 - d.p50;
    const addedTtft = w.ttftP50 - d.ttftP50;
    const pad = (s: string | number, n: number) => String(s).padStart(n);
    if (detectorsOff) console.log('DETECTORS OFF: Warden without its detectors, for comparison only (not the deployed configuration).');
    console.log(`LLM gateway overhead: 1 KB prompt, echo answer, demo provider on loopback; ${rounds} rounds of ${seconds} s at 16 clients, ${rounds * perRound} sequential requests at 1 client`);
    console.log('provider, proxy, Warden and this load generator share the machine\'s cores.');
    console.log('');
    console.log(`${'target'.padEnd(8)} ${pad('req/s @16', 10)} ${pad('(runs)', 20)} ${pad('hop CPU/req', 12)} ${pad('p50 @1', 9)} ${pad('p99 @1', 9)} ${pad('TTFT p50', 9)} ${pad('TTFT p99', 9)}`);
    for (const [name, x] of [['direct', d], ['proxy', p], ['warden', w]] as const) {
      console.log(`${name.padEnd(8)} ${pad(x.rps, 10)} ${pad(x.rpsRuns.join(' '), 20)} ${pad(name === 'direct' ? '-' : `${x.cpuUsPerReq.hop} µs`, 12)} ${pad(`${x.p50} ms`, 9)} ${pad(`${x.p99} ms`, 9)} ${pad(`${x.ttftP50} ms`, 9)} ${pad(`${x.ttftP99} ms`, 9)}`);
    }
    console.log(`(CPU per request at 16 clients, all threads; the provider used ${d.cpuUsPerReq.provider}–${Math.max(p.cpuUsPerReq.provider, w.cpuUsPerReq.provider)} µs and this load generator ${Math.min(d.cpuUsPerReq.loadgen, p.cpuUsPerReq.loadgen, w.cpuUsPerReq.loadgen)}–${Math.max(d.cpuUsPerReq.loadgen, p.cpuUsPerReq.loadgen, w.cpuUsPerReq.loadgen)} µs)`);
    console.log('');
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
    console.log(`throughput @16: Warden / proxy = ${r2(ratio)}   (goal ≥ 0.7: ${verdict(ratio >= 0.7)})`);
    console.log(`added p50 @1: proxy ${r3(addedProxy)} ms, Warden ${r3(addedWarden)} ms = ${r2(addedWarden / addedProxy)}× the proxy's   (goal ≤ 1.5×: ${verdict(addedWarden <= 1.5 * addedProxy)})`);
    console.log(`added TTFT p50: proxy ${r3(p.ttftP50 - d.ttftP50)} ms, Warden ${r3(addedTtft)} ms   (goal ≤ 0.5 ms: ${verdict(addedTtft <= 0.5)})`);
    console.log(`${streams} concurrent streams through Warden (20 ms between chunks, 50 words): ${held.ok} completed, ${held.errors} errors, at most ${held.peak} delivering at once, ${held.seconds} s; TTFT p50 ${held.ttftP50} ms, p99 ${held.ttftP99} ms   (goal: no errors: ${verdict(held.errors === 0 && held.ok === streams)})`);
    console.log(`audit: ${auditStats.appended} events written in ${auditStats.batches} batches, ${auditStats.queued} queued, ${auditStats.failures} failures; ulimit -n ${limit}`);
    if (failures.count > 0) console.log(`failures: ${failures.count} (${failuresBefore} before the stream test); first: ${failures.first}`);
    Object.assign(results, {
      direct: d,
      proxy: p,
      warden: w,
      throughput_ratio: r2(ratio),
      added_p50_ms: { proxy: r3(addedProxy), warden: r3(addedWarden), ratio: r2(addedWarden / addedProxy) },
      added_ttft_p50_ms: { proxy: r3(p.ttftP50 - d.ttftP50), warden: r3(addedTtft) },
      streams: held,
      audit_events: auditStats.appended,
      audit_batches: auditStats.batches,
      failures: failures.count,
    });
    console.log(JSON.stringify(results));
  } finally {
    for (const t of targets) await t.pool.close();
    await wardenChild.stop();
    await proxy.stop();
    await provider.stop();
  }
}

const role = arg('role');
const run = role === 'provider' ? runProvider() : role === 'proxy' ? runProxy(arg('upstream')!) : role === 'warden' ? runWarden(arg('upstream')!, arg('detectors') === 'off') : main();
run.catch((e) => {
  console.error(e);
  process.exit(1);
});
