import type { z } from 'zod';
import type { ContentSource } from '../../../detect/types.js';
import { WardenError } from '../../../errors.js';
import type { BodyPath, TextPart } from '../types.js';

/**
 * Reading a request body the agent sent: every check names the field by its path
 * (`messages[2].content`) and says what was expected, so a wrong type gets a clear 400 instead
 * of an upstream error or a silently uninspected part.
 */
export type Json = Record<string, unknown>;

/** `messages[2].content[0].text`: how a body path reads in a message. */
export function fieldName(path: BodyPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || 'body';
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'number' || typeof v === 'boolean' ? `${typeof v} ${String(v)}` : `a ${typeof v}`;
}

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export class BodyReader {
  /** `hint` tells the caller which wire format the body must follow. */
  constructor(private readonly hint: string) {}

  fail(path: BodyPath, expected: string, got: unknown): never {
    const field = fieldName(path);
    throw this.error(path, got === undefined ? `"${field}" is missing: expected ${expected}.` : `"${field}" must be ${expected}, not ${kindOf(got)}.`);
  }

  private error(path: BodyPath, message: string): WardenError {
    return new WardenError('request.invalid', 400, message, { hint: this.hint, details: { field: fieldName(path) } });
  }

  object(v: unknown, path: BodyPath): Json {
    return isObject(v) ? v : this.fail(path, 'an object', v);
  }

  array(v: unknown, path: BodyPath, opts: { nonEmpty?: boolean } = {}): unknown[] {
    if (!Array.isArray(v)) return this.fail(path, opts.nonEmpty ? 'a non-empty array' : 'an array', v);
    if (opts.nonEmpty && v.length === 0) return this.fail(path, 'a non-empty array', v);
    return v;
  }

  string(v: unknown, path: BodyPath, opts: { nonEmpty?: boolean } = {}): string {
    if (typeof v !== 'string' || (opts.nonEmpty && v.length === 0)) return this.fail(path, opts.nonEmpty ? 'a non-empty string' : 'a string', v);
    return v;
  }

  /** Absent and null read as undefined. */
  optionalString(v: unknown, path: BodyPath): string | undefined {
    return v === undefined || v === null ? undefined : this.string(v, path);
  }

  optionalBoolean(v: unknown, path: BodyPath): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    return typeof v === 'boolean' ? v : this.fail(path, 'a boolean', v);
  }

  oneOf<T extends string>(v: unknown, path: BodyPath, values: readonly T[]): T {
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    const expected = `one of ${values.map((x) => `"${x}"`).join(', ')}`;
    // A role or type name is no secret; echoing a short one tells the caller what was wrong.
    if (typeof v === 'string' && v.length <= 40) throw this.error(path, `"${fieldName(path)}" must be ${expected}, not ${JSON.stringify(v)}.`);
    return this.fail(path, expected, v);
  }

  /**
   * The non-content knobs of a body (temperature, max_tokens, ...): checks their types with the
   * schema and returns those present, as sent.
   */
  params(body: Json, schema: z.ZodObject): Record<string, unknown> {
    const { keys, emptyOk } = knobsOf(schema);
    const out: Record<string, unknown> = {};
    let present = false;
    for (const k of keys) {
      if (body[k] !== undefined) {
        out[k] = body[k];
        present = true;
      }
    }
    // The schema reads only its own keys, so checking just those present is the same check;
    // a body with none (most) needs none when the schema has no required key.
    if (present || !emptyOk) {
      const r = schema.safeParse(out);
      if (!r.success) {
        const issue = r.error.issues[0]!;
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        this.fail(path, expectation(issue), valueAt(body, path));
      }
    }
    return out;
  }

  /** The end user the agent names: `user`, else `safety_identifier`, else `metadata.user_id` (OpenAI). */
  openaiUser(body: Json): string | null {
    const metadata = body.metadata === undefined || body.metadata === null ? undefined : this.object(body.metadata, ['metadata']);
    return (
      this.optionalString(body.user, ['user']) ??
      this.optionalString(body.safety_identifier, ['safety_identifier']) ??
      (metadata ? this.optionalString(metadata.user_id, ['metadata', 'user_id']) : undefined) ??
      null
    );
  }
}

const knobs = new WeakMap<z.ZodObject, { keys: string[]; emptyOk: boolean }>();

/** A schema's keys, and whether it accepts a body with none of them (worked out once per schema). */
function knobsOf(schema: z.ZodObject): { keys: string[]; emptyOk: boolean } {
  let k = knobs.get(schema);
  if (!k) knobs.set(schema, (k = { keys: Object.keys(schema.shape), emptyOk: schema.safeParse({}).success }));
  return k;
}

function valueAt(body: unknown, path: BodyPath): unknown {
  let node = body;
  for (const p of path) node = (node as Record<string | number, unknown> | undefined)?.[p];
  return node;
}

const ARTICLE: Record<string, string> = { int: 'an integer', array: 'an array', object: 'an object', record: 'an object' };

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return ARTICLE[issue.expected] ?? `a ${issue.expected}`;
    case 'invalid_union': {
      const options = issue.errors.map((e) => e.find((i) => i.path.length === 0 && i.code === 'invalid_type')).filter((i) => i !== undefined);
      return options.length === issue.errors.length ? options.map(expectation).join(' or ') : 'a valid value';
    }
    case 'too_small':
      return `at least ${String(issue.minimum)}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `valid (${issue.message})`;
  }
}

/** Collects text parts while a body is walked. */
export class Parts {
  readonly list: TextPart[] = [];

  add(source: ContentSource, text: string, path: BodyPath): void {
    if (text.length > 0) this.list.push({ source, text, path });
  }

  /**
   * Every `description` string inside a tool's JSON schema: a poisoned tool hides its
   * instructions in parameter descriptions as often as in the tool's own. Bounded so a
   * pathological schema cannot exhaust the stack.
   */
  schemaDescriptions(schema: unknown, path: BodyPath, depth = 0): void {
    if (depth > 32 || schema === null || typeof schema !== 'object') return;
    if (Array.isArray(schema)) {
      schema.forEach((v, i) => this.schemaDescriptions(v, [...path, i], depth + 1));
      return;
    }
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'description' && typeof v === 'string') this.add('tool_description', v, [...path, k]);
      else this.schemaDescriptions(v, [...path, k], depth + 1);
    }
  }
}

/** An upstream answer that is not the expected shape. */
export function badResponse(what: string): WardenError {
  return new WardenError('upstream.bad_response', 502, `The provider sent an answer that is not ${what}.`, {
    hint: 'Check the provider and its base_url; Warden forwards only answers it can inspect.',
  });
}

/** A stream event's JSON data, or undefined when it is not JSON (e.g. OpenAI's `[DONE]`). */
export function eventData(data: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(data);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
