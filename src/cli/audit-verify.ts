import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Checkpoint } from '../audit/checkpoints.js';
import type { VerifyReport } from '../audit/verify.js';
import { WardenError } from '../errors.js';
import type { CliContext } from './context.js';
import { fmtTime, print, table } from './output.js';

async function readCheckpoints(file: string): Promise<Checkpoint[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new WardenError('cli.unreadable', 1, `Cannot read checkpoint file ${file}.`);
  });
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as Checkpoint;
      } catch {
        throw new WardenError('audit.checkpoint_file_invalid', 1, `${file}:${i + 1}: not a JSON checkpoint line.`);
      }
    });
}

function describe(r: VerifyReport): string {
  const lines = [
    `audit log: ${r.events} events (last seq ${r.lastSeq}; chain head ${r.head.seq})`,
    `checkpoints: ${r.checkpoints.checked} checked, ${r.checkpoints.valid} valid${r.checkpoints.latest !== null ? `, latest at seq ${r.checkpoints.latest}` : ''}`,
    `verified in ${r.durationMs} ms (${r.eventsPerSecond} events/s)`,
  ];
  if (r.ok) return [...lines, 'OK: the chain is intact and matches every checkpoint.'].join('\n');
  return [...lines, `TAMPERING DETECTED: ${r.problems.length} problem(s)`, table(r.problems, [['kind', (p) => p.kind], ['seq', (p) => p.seq], ['event', (p) => p.id], ['what', (p) => p.message]])].join('\n');
}

/** Verifies straight from the store, without a running server (and without trusting one). */
async function verifyLocally(o: { config?: string; publicKey?: string }, checkpoints: Checkpoint[] | undefined): Promise<VerifyReport> {
  const { loadConfig, resolvePath } = await import('../config/load.js');
  const { openStore } = await import('../store/store.js');
  const { verifyLog } = await import('../audit/verify.js');
  const { storedCheckpointKeys, publicKeyFromPem, kidOfPublicKey } = await import('../audit/checkpoints.js');
  const loaded = await loadConfig({ file: o.config });
  const dataDir = resolvePath(loaded.baseDir, loaded.config.data_dir);
  const store = await openStore({ url: loaded.config.database.url, sqliteFile: path.join(dataDir, 'warden.db') });
  try {
    let keys = await storedCheckpointKeys(store);
    if (o.publicKey) {
      const pub = publicKeyFromPem(await readFile(o.publicKey, 'utf8'));
      keys = new Map([[kidOfPublicKey(pub), pub]]);
    }
    return await verifyLog(store, { keys, externalCheckpoints: checkpoints });
  } finally {
    await store.close();
  }
}

/** `warden audit verify` and `warden audit checkpoints`: added to the audit verb. */
export function addIntegrityCommands(audit: Command, ctx: CliContext): void {
  audit
    .command('verify')
    .description('Check the hash chain and signed checkpoints; names every modified, deleted, reordered or truncated event. Exit 1 if anything is wrong.')
    .option('--checkpoints <file>', 'also check checkpoints exported outside Warden (JSON lines, as written by audit.checkpoint.file)')
    .option('--local', 'read the store directly (data directory or WARDEN_DATABASE_URL) instead of asking the server')
    .option('--public-key <pem-file>', 'with --local: trust only this checkpoint public key (pinned out of band)')
    .option('-c, --config <file>', 'with --local: configuration file')
    .action(ctx.action(async (o: { checkpoints?: string; local?: boolean; publicKey?: string; config?: string }) => {
      const external = o.checkpoints ? await readCheckpoints(o.checkpoints) : undefined;
      const report = o.local
        ? await verifyLocally(o, external)
        : (await ctx.client().call<{ report: VerifyReport }>('POST', '/audit/verify', { checkpoints: external })).report;
      print(ctx.out(), { report }, () => describe(report));
      if (!report.ok) process.exitCode = 1;
    }));

  audit
    .command('checkpoints')
    .description('List signed checkpoints and the public key that verifies them; --create signs one now.')
    .option('--create', 'sign a checkpoint of the current head now')
    .action(ctx.action(async (o: { create?: boolean }) => {
      if (o.create) {
        const r = await ctx.client().call<{ checkpoint: Checkpoint | null }>('POST', '/audit/checkpoints');
        print(ctx.out(), r, () => (r.checkpoint ? `Signed checkpoint at seq ${r.checkpoint.seq} (${r.checkpoint.headHash.slice(0, 16)}…).` : 'The head has not moved since the last checkpoint.'));
        return;
      }
      const r = await ctx.client().call<{ kid: string; publicKey: string; checkpoints: Checkpoint[] }>('GET', '/audit/checkpoints');
      print(ctx.out(), r, () =>
        `key ${r.kid}\n${r.publicKey.trim()}\n` +
        (r.checkpoints.length ? table(r.checkpoints, [['seq', (c) => c.seq], ['time', (c) => fmtTime(c.ts)], ['head', (c) => c.headHash.slice(0, 16) + '…'], ['origin', (c) => c.origin]]) : 'No checkpoints yet.'),
      );
    }));
}
