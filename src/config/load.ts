import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { WardenError } from '../errors.js';
import { configSchema, type WardenConfig } from './schema.js';

export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** Raised when warden.yaml or the environment is invalid; lists every problem with where it is. */
export class ConfigError extends WardenError {
  readonly problems: ConfigProblem[];
  readonly file: string | undefined;
  constructor(file: string | undefined, problems: ConfigProblem[]) {
    const where = file ?? 'configuration';
    const lines = problems.map((p) => `  ${where}${p.line ? `:${p.line}:${p.column}` : ''}  ${p.path || '(root)'}: ${p.message}`);
    super('config.invalid', 400, `Invalid configuration:\n${lines.join('\n')}`, {
      hint: 'Fix the keys listed above; `warden config validate` checks a file without starting the server.',
      details: { file, problems },
    });
    this.problems = problems;
    this.file = file;
  }
}

export interface LoadedConfig {
  config: WardenConfig;
  /** The file the configuration came from, if any. */
  file: string | undefined;
  /** Directory relative paths in the file are resolved against. */
  baseDir: string;
}

function pathText(p: readonly PropertyKey[]): string {
  let out = '';
  for (const k of p) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out;
}

function locate(doc: Document, counter: LineCounter, p: readonly PropertyKey[]): { line: number; column: number } | undefined {
  // Walk up the path until a node exists (a missing key is reported at its parent).
  for (let n = p.length; n >= 0; n--) {
    const node = doc.getIn(p.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}

function locateKey(doc: Document, counter: LineCounter, parent: readonly PropertyKey[], key: string): { line: number; column: number } | undefined {
  const map = parent.length === 0 ? doc.contents : doc.getIn(parent as unknown[], true);
  if (isMap(map)) {
    for (const pair of map.items) {
      if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
        const pos = counter.linePos(pair.key.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
  }
  return locate(doc, counter, parent);
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

const ENV_INT = /^\d+$/;

/** Environment overrides win over the file: they are how deployments inject per-instance settings. */
function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv, problems: ConfigProblem[]): void {
  const section = (key: string): Record<string, unknown> => {
    const cur = raw[key];
    if (cur && typeof cur === 'object' && !Array.isArray(cur)) return cur as Record<string, unknown>;
    const fresh: Record<string, unknown> = {};
    raw[key] = fresh;
    return fresh;
  };
  if (env.WARDEN_DATA_DIR) raw.data_dir = env.WARDEN_DATA_DIR;
  if (env.WARDEN_DATABASE_URL) section('database').url = env.WARDEN_DATABASE_URL;
  if (env.WARDEN_HOST) section('server').host = env.WARDEN_HOST;
  if (env.WARDEN_PORT !== undefined && env.WARDEN_PORT !== '') {
    if (!ENV_INT.test(env.WARDEN_PORT)) problems.push({ path: 'WARDEN_PORT', message: 'expected a port number (0-65535)' });
    else section('server').port = Number(env.WARDEN_PORT);
  }
  if (env.WARDEN_PUBLIC_URL) section('server').public_url = env.WARDEN_PUBLIC_URL;
  if (env.WARDEN_LOG_LEVEL) section('log').level = env.WARDEN_LOG_LEVEL;
}

export function parseConfigText(text: string, file: string | undefined, env: NodeJS.ProcessEnv = process.env): WardenConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return { path: '', message: `YAML syntax: ${e.message.split('\n')[0]}`, line: pos?.line, column: pos?.col };
      }),
    );
  }
  const raw = (doc.toJS() ?? {}) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, [{ path: '', message: 'expected a mapping of settings at the top level' }]);
  }
  const problems: ConfigProblem[] = [];
  applyEnv(raw as Record<string, unknown>, env, problems);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        // One problem per unknown key, at the key itself, so a typo is easy to find.
        for (const key of issue.keys) {
          const p = [...issue.path, key];
          problems.push({ path: pathText(p), message: 'unknown key (check its spelling and indentation)', ...locateKey(doc, counter, issue.path, key) });
        }
        continue;
      }
      const at = locate(doc, counter, issue.path);
      problems.push({ path: pathText(issue.path), message: issueMessage(issue), ...at });
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(file, problems);
  return result.data;
}

/**
 * Loads the configuration: an explicit file, else $WARDEN_CONFIG, else ./warden.yaml when present,
 * else the embedded defaults. Relative paths inside are resolved against the file's directory.
 */
export async function loadConfig(opts: { file?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<LoadedConfig> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  let file = opts.file ?? env.WARDEN_CONFIG;
  if (!file && existsSync(path.join(cwd, 'warden.yaml'))) file = 'warden.yaml';
  if (!file) return { config: parseConfigText('{}', undefined, env), file: undefined, baseDir: cwd };
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw new WardenError('config.unreadable', 400, `Cannot read configuration file ${abs}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`, {
      hint: 'Pass an existing file with --config or WARDEN_CONFIG.',
    });
  }
  return { config: parseConfigText(text, abs, env), file: abs, baseDir: path.dirname(abs) };
}

export function resolvePath(baseDir: string, p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(baseDir, p);
}
