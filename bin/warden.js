#!/usr/bin/env node
// Entry point of the `warden` command; the compiled CLI lives in dist/ (npm run build).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`error: ${e?.message ?? e}\n`);
    process.exitCode = 1;
  },
);
