#!/usr/bin/env node
// Runs every compiled benchmark (dist/bench/*.js except lib.js) one after another and prints
// their output; `npm run bench -- key` runs only those whose name contains "key".
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const dir = new URL('../dist/bench/', import.meta.url).pathname;
const filters = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.js') && f !== 'lib.js')
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
let failed = 0;
for (const b of benches) {
  console.log(`\n== ${b.replace(/\.js$/, '')} ==`);
  const r = spawnSync(process.execPath, [join(dir, b)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
