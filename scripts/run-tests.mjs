#!/usr/bin/env node
// Runs the compiled test files (dist/test/**/*.test.js) with Node's own test runner.
// Arguments narrow the run: `npm test -- store vault` runs files whose path contains "store" or "vault".
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const testDir = join(root, 'dist', 'test');
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
})(testDir);

const filters = process.argv.slice(2);
const chosen = files.filter((f) => filters.length === 0 || filters.some((s) => relative(testDir, f).includes(s))).sort();
if (chosen.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const child = spawn(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-concurrency=2', '--test-reporter=spec', ...chosen],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
