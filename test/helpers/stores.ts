import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/store.js';

export const PG_URL = process.env.WARDEN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  dialect: 'sqlite' | 'postgres';
  /** Database URL (postgres) or file (sqlite), for code under test that opens its own store. */
  location: { url?: string; sqliteFile?: string; pgSchema?: string };
  cleanup(): Promise<void>;
}

export async function sqliteStore(): Promise<TestStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-store-'));
  const sqliteFile = path.join(dir, 'warden.db');
  const store = await openStore({ sqliteFile });
  return {
    store,
    dialect: 'sqlite',
    location: { sqliteFile },
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresStore(): Promise<TestStore> {
  const pgSchema = `wt_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const store = await openStore({ url: PG_URL, pgSchema, poolSize: 4 });
  return {
    store,
    dialect: 'postgres',
    location: { url: PG_URL, pgSchema },
    async cleanup() {
      await store.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`drop schema if exists ${pgSchema} cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

export const DIALECTS: Array<{ name: 'sqlite' | 'postgres'; open: () => Promise<TestStore> }> = [
  { name: 'sqlite', open: sqliteStore },
  ...(process.env.WARDEN_TEST_SKIP_PG === '1' ? [] : [{ name: 'postgres' as const, open: postgresStore }]),
];
