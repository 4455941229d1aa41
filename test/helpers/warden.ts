import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { createWarden, type Warden } from '../../src/app.js';
import { parseConfigText } from '../../src/config/load.js';
import type { Clock } from '../../src/util/clock.js';
import { PG_URL } from './stores.js';

export interface TestWarden {
  warden: Warden;
  url: string;
  adminToken: string;
  dataDir: string;
  /** Every log line the server wrote. */
  logs: string[];
  /** Calls the admin API; returns status and parsed body. */
  admin(method: string, p: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  /** Calls an agent-facing endpoint with a bearer credential. */
  agent(p: string, credential: string | undefined, init?: RequestInit): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export interface TestWardenOptions {
  yaml?: string;
  dialect?: 'sqlite' | 'postgres';
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Reuse a data directory (restart tests). */
  dataDir?: string;
  pgSchema?: string;
}

/** Starts a complete Warden on a random port with its own data directory (and PG schema). */
export async function startWarden(opts: TestWardenOptions = {}): Promise<TestWarden> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'warden-test-'));
  const pgSchema = opts.dialect === 'postgres' ? (opts.pgSchema ?? `wt_${process.pid}_${Math.random().toString(36).slice(2, 10)}`) : undefined;
  const env: NodeJS.ProcessEnv = { ...opts.env, WARDEN_DATA_DIR: dataDir, ...(pgSchema ? { WARDEN_DATABASE_URL: PG_URL } : {}) };
  const config = parseConfigText(opts.yaml ?? '{}', undefined, env);
  config.server.port = 0;
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const warden = await createWarden({ config, baseDir: dataDir, env, clock: opts.clock, pgSchema, logLevel: 'debug', logStream });
  const boot = await warden.services.adminTokens.bootstrap({ kind: 'system', id: 'test', name: 'test' });
  await warden.server.listen({ host: '127.0.0.1', port: 0 });
  const addr = warden.server.server.address() as { port: number };
  const url = `http://127.0.0.1:${addr.port}`;
  const adminToken = boot?.secret ?? (await warden.services.adminTokens.create({ name: 'test', role: 'admin' }, { kind: 'system', id: 'test' })).secret;

  async function call(p: string, init: RequestInit): Promise<{ status: number; body: any }> {
    const res = await fetch(url + p, init);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // leave as text
    }
    return { status: res.status, body };
  }

  return {
    warden,
    url,
    adminToken,
    dataDir,
    logs,
    admin: (method, p, body, token) =>
      call(`/admin/v1${p}`, {
        method,
        headers: { authorization: `Bearer ${token ?? adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }),
    agent: (p, credential, init = {}) =>
      call(p, { ...init, headers: { ...(credential ? { authorization: `Bearer ${credential}` } : {}), ...(init.headers as Record<string, string> | undefined) } }),
    async close() {
      await warden.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (pgSchema && !opts.pgSchema) {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists ${pgSchema} cascade`).finally(() => c.end());
      }
    },
  };
}
