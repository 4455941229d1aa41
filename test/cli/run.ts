// Helpers for CLI tests: spawn the real `warden` command (bin/warden.js) and check what it prints.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { TestWarden } from '../helpers/warden.js';

/** Absolute path of the `warden` command (this file runs from dist/test/cli/). */
export const BIN = fileURLToPath(new URL('../../../bin/warden.js', import.meta.url));
/** An empty directory to run in, so no stray ./warden.yaml is picked up. */
const DEFAULT_CWD = path.dirname(fileURLToPath(import.meta.url));

export interface RunResult {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Environment on top of the test process's (minus every WARDEN_* variable); undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Written to stdin; stdin is always closed so nothing waits for input. */
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('WARDEN_')) env[k] = v;
  return env;
}

/** Runs `warden ...args` as a child process and collects its exit code and output. */
export function warden(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const env = baseEnv();
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? DEFAULT_CWD, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new Error(`warden ${args.join(' ')} killed by ${signal}\nstdout: ${stdout}\nstderr: ${stderr}`));
      else resolve({ args, code, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // the command may exit without reading stdin
    child.stdin.end(opts.input ?? '');
  });
}

/** A `warden` bound to a test server through WARDEN_URL and WARDEN_ADMIN_TOKEN. */
export function cliFor(w: Pick<TestWarden, 'url' | 'adminToken'>, defaults: RunOptions = {}) {
  return (args: string[], opts: RunOptions = {}) =>
    warden(args, { ...defaults, ...opts, env: { WARDEN_URL: w.url, WARDEN_ADMIN_TOKEN: w.adminToken, ...defaults.env, ...opts.env } });
}

export function show(r: RunResult): string {
  return `warden ${r.args.join(' ')} → exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

/** Asserts exit 0 and returns stdout parsed as JSON. */
export function okJson<T = any>(r: RunResult): T {
  assert.equal(r.code, 0, show(r));
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    assert.fail(`stdout is not JSON\n${show(r)}`);
  }
}

export function ok(r: RunResult): RunResult {
  assert.equal(r.code, 0, show(r));
  return r;
}

/** Asserts a usage error: exit 2, a message on stderr, nothing on stdout. */
export function usageError(r: RunResult, message: RegExp): void {
  assert.equal(r.code, 2, show(r));
  assert.match(r.stderr, /^error: /m, show(r));
  assert.match(r.stderr, message, show(r));
  assert.equal(r.stdout, '', show(r));
}

/** Asserts a failed operation: exit 1 with `error: … [code]` on stderr, a `hint:` line unless hint is false, nothing on stdout. */
export function failed(r: RunResult, code: string, opts: { hint?: boolean } = {}): void {
  assert.equal(r.code, 1, show(r));
  const escaped = code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A multi-line message (e.g. an invalid configuration) ends with the code on its last line.
  assert.match(r.stderr, new RegExp(`^error: [\\s\\S]+? \\[${escaped}\\]$`, 'm'), show(r));
  if (opts.hint ?? true) assert.match(r.stderr, /^hint: \S/m, show(r));
  assert.equal(r.stdout, '', show(r));
}

/** Runs fn over items with at most `limit` running at once (spawns are CPU-bound; don't swamp the machine). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A localhost port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** GET /v1/whoami with an agent key. */
export async function whoami(url: string, key: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/v1/whoami`, { headers: { authorization: `Bearer ${key}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
