/**
 * Shapes shared by the extra benign generators. A pack holds, per language, its own word lists and
 * three lists of templates: user prompts, documents / tool results, and assistant outputs. A
 * template is either a line for template.ts or a small function for shapes that templates express
 * badly (JSON, tables, code with braces).
 */
import type { Rng } from '../rng.js';
import type { SlotTable } from '../template.js';

export type ExtraSource = 'user' | 'tool_result' | 'document' | 'model_output' | 'tool_description' | 'system';

export interface ExtraDraft {
  text: string;
  lang: string;
  carrier: string;
  source: ExtraSource;
}

/** Expands a template with the pack's tables (bound to the generator's stream). */
export type Expand = (template: string) => string;
export type Gen = (x: Expand, r: Rng) => string;

export interface Tpl {
  readonly make: string | Gen;
  readonly carrier: string;
  readonly sources: readonly ExtraSource[];
}

export interface BenignPack {
  readonly lang: string;
  /** The language's own word lists; shared technical slots are looked up after these. */
  readonly slots: SlotTable;
  readonly prompts: readonly Tpl[];
  readonly docs: readonly Tpl[];
  readonly outputs: readonly Tpl[];
}

const USER: readonly ExtraSource[] = ['user'];
const DOC: readonly ExtraSource[] = ['tool_result', 'document'];
const OUT: readonly ExtraSource[] = ['model_output'];

/** A user prompt. */
export function P(make: string | Gen, carrier = 'plain'): Tpl {
  return { make, carrier, sources: USER };
}

/** A document or tool result in the named carrier. */
export function D(carrier: string, make: string | Gen, sources: readonly ExtraSource[] = DOC): Tpl {
  return { make, carrier, sources };
}

/** An assistant answer. */
export function O(make: string | Gen, carrier = 'model_output'): Tpl {
  return { make, carrier, sources: OUT };
}

/** Several prompts sharing a carrier, for compact lists of one-line templates. */
export function Ps(lines: readonly string[], carrier = 'plain'): Tpl[] {
  return lines.map((l) => P(l, carrier));
}

export function Ds(carrier: string, lines: readonly string[], sources: readonly ExtraSource[] = DOC): Tpl[] {
  return lines.map((l) => D(carrier, l, sources));
}

export function Os(lines: readonly string[]): Tpl[] {
  return lines.map((l) => O(l));
}
