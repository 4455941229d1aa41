/** Loads the detector evaluation set (bench/data/detect-eval/*.jsonl; format in FORMAT.md there). */
import { readdirSync, readFileSync } from 'node:fs';
import type { ContentSource } from '../src/detect/types.js';

export interface EvalRow {
  id: string;
  text: string;
  source: ContentSource;
  expect: string[];
  category: string;
  lang?: string;
  carrier?: string;
  /** File the row came from, without extension: its theme. */
  file: string;
}

export const EVAL_DIR = new URL('../../bench/data/detect-eval/', import.meta.url);

export function loadEvalRows(dir: URL = EVAL_DIR): EvalRow[] {
  const rows: EvalRow[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(new URL(name, dir), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let r: Partial<EvalRow>;
      try {
        r = JSON.parse(line) as Partial<EvalRow>;
      } catch {
        throw new Error(`${name}:${i + 1}: not valid JSON`);
      }
      if (typeof r.id !== 'string' || typeof r.text !== 'string' || !Array.isArray(r.expect) || typeof r.category !== 'string') throw new Error(`${name}:${i + 1}: missing id, text, expect or category`);
      rows.push({ ...r, source: r.source ?? 'user', file: name.replace(/\.jsonl$/, '') } as EvalRow);
    });
  }
  return rows;
}
