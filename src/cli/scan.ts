import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { SEVERITIES, type Severity } from '../audit/types.js';
import { CONTENT_SOURCES, type ContentSource, type DetectorFinding } from '../detect/types.js';
import type { DetectorSuite } from '../detect/index.js';
import { WardenError } from '../errors.js';
import { readStdin, type CliContext } from './context.js';
import { EXIT, UsageError } from './output.js';

/**
 * `warden scan`: runs the detector suite locally (no server needed) over text from arguments,
 * a file or stdin. `--format jsonl` reads one `{"id", "text", "source"?}` object per line and
 * writes one `{"id", "flagged", "findings"}` line per input, in order, streaming; a bad line
 * gets an `error` object instead of findings and the scan goes on. Exit code 0 whatever was
 * found, unless `--fail-on SEVERITY` is given and a triggered finding reaches it (exit 1).
 */
interface ScanOptions {
  file?: string;
  source: string;
  format: 'text' | 'json' | 'jsonl';
  failOn?: Severity;
  redact?: boolean;
  config?: string;
  all?: boolean;
}

/** What a finding looks like on the wire: no redaction hint (an internal detail). */
function publicFinding(f: DetectorFinding): Record<string, unknown> {
  const { redact: _redact, ...rest } = f;
  return rest;
}

function atLeast(s: Severity, min: Severity): boolean {
  return SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(min);
}

function parseSource(v: unknown, where: string): ContentSource {
  if (typeof v === 'string' && (CONTENT_SOURCES as readonly string[]).includes(v)) return v as ContentSource;
  throw new WardenError('scan.bad_source', 400, `${where}: unknown source ${JSON.stringify(v)}`, { hint: `use one of ${CONTENT_SOURCES.join(', ')}` });
}

async function suiteFrom(o: ScanOptions): Promise<DetectorSuite> {
  const loaded = await loadConfig({ file: o.config, env: process.env });
  // Loaded here, not at the top: the detectors' tables and model are only for this verb.
  const { createDetectorSuite } = await import('../detect/index.js');
  return createDetectorSuite(loaded.config.detectors);
}

async function scanJsonl(suite: DetectorSuite, o: ScanOptions, defaultSource: ContentSource): Promise<boolean> {
  if (o.file && o.file !== '-') await access(o.file).catch((e: NodeJS.ErrnoException) => unreadable(o.file!, e));
  const input = o.file && o.file !== '-' ? createReadStream(o.file, { encoding: 'utf8' }) : process.stdin;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let failed = false;
  const started = Date.now();
  let lastProgress = started;
  let pending: string[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    // Respect back-pressure so a large scan piped into a slow reader does not buffer everything.
    if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
  };
  for await (const line of lines) {
    if (line.trim() === '') continue;
    n++;
    let id: unknown = null;
    try {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new WardenError('scan.bad_line', 400, `line ${n}: not valid JSON`, { hint: 'each line must be one JSON object: {"id": …, "text": "…", "source": "user"}' });
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new WardenError('scan.bad_line', 400, `line ${n}: expected a JSON object`);
      const r = row as Record<string, unknown>;
      id = r.id ?? null;
      if (typeof r.text !== 'string') throw new WardenError('scan.bad_line', 400, `line ${n}: "text" must be a string`);
      const source = r.source === undefined || r.source === null ? defaultSource : parseSource(r.source, `line ${n}`);
      const findings = suite.scan(r.text, { source });
      if (o.failOn && findings.some((f) => f.triggered && atLeast(f.severity, o.failOn!))) failed = true;
      const shown = o.all ? findings : findings.filter((f) => f.triggered);
      pending.push(`${JSON.stringify({ id, flagged: findings.some((f) => f.triggered), findings: shown.map(publicFinding) })}\n`);
    } catch (e) {
      const w = e instanceof WardenError ? e : new WardenError('scan.error', 500, (e as Error).message);
      pending.push(`${JSON.stringify({ id, error: { code: w.code, message: w.message } })}\n`);
    }
    if (pending.length >= 256) await flush();
    const now = Date.now();
    if (now - lastProgress >= 2000) {
      lastProgress = now;
      process.stderr.write(`scanned ${n} lines (${Math.round((n * 1000) / (now - started))}/s)\n`);
    }
  }
  await flush();
  if (Date.now() - started >= 2000) process.stderr.write(`scanned ${n} lines in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return failed;
}

function human(findings: DetectorFinding[], all: boolean): string {
  const shown = all ? findings : findings.filter((f) => f.triggered);
  if (shown.length === 0) return 'no findings';
  return shown
    .map((f) => {
      const where = `${f.span.start}-${f.span.end}`;
      const decoded = f.decoded ? ` (in ${f.decoded.join(' → ')}-decoded text)` : '';
      const mark = f.triggered ? '' : ' (below threshold)';
      return `${f.severity.padEnd(8)} ${f.detector}/${f.kind} score ${f.score.toFixed(2)} at ${where}${decoded}${mark}${f.evidence ? `\n         ${f.evidence}` : ''}`;
    })
    .join('\n');
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description('Scan text with the detectors (injection, jailbreak, secrets, PII, exfiltration, Unicode, encodings, tool poisoning)')
    .argument('[text...]', 'text to scan (default: --file, or stdin)')
    .option('-f, --file <file>', 'read the text (or JSONL with --format jsonl) from a file; "-" for stdin')
    .addOption(new Option('--source <source>', 'where the text comes from').choices([...CONTENT_SOURCES]).default('user'))
    .addOption(new Option('--format <format>', 'text: findings for humans; json: one JSON document; jsonl: JSON lines in and out').choices(['text', 'json', 'jsonl']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 if a triggered finding is at or above this severity').choices([...SEVERITIES]))
    .option('--redact', 'also print the text with findings replaced by placeholders')
    .option('--all', 'also show findings below their threshold')
    .option('-c, --config <file>', 'configuration file whose `detectors:` section to use (default: $WARDEN_CONFIG or ./warden.yaml, else embedded defaults)')
    .action(
      ctx.action(async (words: string[], o: ScanOptions) => {
        const json = ctx.out().json || o.format === 'json';
        const suite = await suiteFrom(o);
        const source = parseSource(o.source, '--source');
        if (o.format === 'jsonl') {
          if (words.length > 0) throw new UsageError('--format jsonl reads lines from --file or stdin, not from arguments');
          const failed = await scanJsonl(suite, o, source);
          process.exitCode = failed ? EXIT.failed : EXIT.ok;
          return;
        }
        const text = words.length > 0 ? words.join(' ') : o.file && o.file !== '-' ? await readFileText(o.file) : await readStdin();
        const findings = suite.scan(text, { source });
        const redacted = o.redact ? new (await import('../detect/redact.js')).Redactor().redact(text, findings).text : undefined;
        if (json) {
          const shown = o.all ? findings : findings.filter((f) => f.triggered);
          process.stdout.write(`${JSON.stringify({ flagged: findings.some((f) => f.triggered), findings: shown.map(publicFinding), ...(redacted !== undefined ? { redacted } : {}) }, null, 2)}\n`);
        } else {
          process.stdout.write(`${human(findings, Boolean(o.all))}\n`);
          if (redacted !== undefined) process.stdout.write(`\nredacted:\n${redacted}\n`);
        }
        const failed = o.failOn !== undefined && findings.some((f) => f.triggered && atLeast(f.severity, o.failOn!));
        process.exitCode = failed ? EXIT.failed : EXIT.ok;
      }),
    );
}

function unreadable(file: string, e: NodeJS.ErrnoException): never {
  throw new WardenError('scan.unreadable', 400, `cannot read ${file}: ${e.code ?? e.message}`, { hint: 'check the path and its permissions' });
}

async function readFileText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => unreadable(file, e));
}
