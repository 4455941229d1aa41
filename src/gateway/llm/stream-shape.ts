import type { SseEvent, StreamDelta } from './types.js';

/**
 * The events of one streamed answer mostly differ only in their text: OpenAI repeats the id,
 * model, fingerprint and choice around each token's `"content":"…"`, Anthropic the block type and
 * index. Parsing each event's JSON whole (about 270 bytes for a few characters of text) was the
 * largest cost of a stream. StreamShape learns, from an event parsed whole, the text that comes
 * before and after its text's JSON string; a later event with the same event name, beginning
 * and end, and a JSON string in between, has the same parse but for that string, so its text is
 * that string and nothing else is parsed. Anything else is parsed whole, as before.
 *
 * Why this gives exactly what a whole parse gives (what the agent's SDK will read):
 * - a shape is learnt only from valid JSON (the adapter found text in it) at a `"` that opens a
 *   string (an even number of string quotes before it; outside strings valid JSON has no
 *   backslash, so quote parity is exact), spanning one whole string token (JSON.stringify of the
 *   text, which lexes to its own end);
 * - the adapter itself must find, in the event with that string replaced by a probe, the probe
 *   as the only text and nothing else (no tool call, usage or end): so the string is the one
 *   the text is read from (not a duplicate key the parser overrides, not another field);
 * - a later event whose middle is one whole JSON string token lexes to the same tokens but that
 *   one, so it parses to the same value with that string changed; the adapters read a text leaf
 *   only as text (`str(x) ? { text: x } : {}`), so its delta is `{ text }`. An empty text is
 *   parsed whole.
 */
export class StreamShape {
  private event: string | undefined;
  private prefix = '';
  private suffix = '';
  private known = false;
  /** Shapes tried: a stream whose events never repeat one (a random field per event) stops trying. */
  private tries = 0;

  constructor(private readonly parse: (event: SseEvent) => StreamDelta) {}

  delta(ev: SseEvent): StreamDelta {
    if (this.known && ev.event === this.event) {
      const d = ev.data;
      const p = this.prefix.length;
      const s = this.suffix.length;
      // Slices compared with === (a memory compare): startsWith/endsWith cost several times more here.
      if (d.length >= p + s + 3 && d.slice(0, p) === this.prefix && d.slice(d.length - s) === this.suffix) {
        const text = stringToken(d.slice(p, d.length - s));
        if (text !== undefined) return { text };
      }
    }
    const delta = this.parse(ev);
    if (this.tries < MAX_TRIES && textOnly(delta)) this.learn(ev, delta.text!);
    return delta;
  }

  private learn(ev: SseEvent, text: string): void {
    this.tries++;
    const d = ev.data;
    const token = JSON.stringify(text);
    const at = d.lastIndexOf(token);
    if (at < 0 || text === PROBE || !opensString(d, at)) return;
    const prefix = d.slice(0, at);
    const suffix = d.slice(at + token.length);
    const probe = this.parse({ ...ev, data: prefix + PROBE_TOKEN + suffix });
    if (!textOnly(probe) || probe.text !== PROBE) return;
    this.known = true;
    this.event = ev.event;
    this.prefix = prefix;
    this.suffix = suffix;
  }
}

const MAX_TRIES = 8;
/** Text no provider sends (control characters), so finding it proves which string it replaced. */
const PROBE = '\u0000warden\u0001probe\u0002';
const PROBE_TOKEN = JSON.stringify(PROBE);

function textOnly(d: StreamDelta): boolean {
  if (!d.text) return false;
  for (const k in d) if (k !== 'text' && (d as Record<string, unknown>)[k] !== undefined) return false;
  return true;
}

/** Whether the `"` at `at` opens a string, in valid JSON text `d`. */
function opensString(d: string, at: number): boolean {
  let inString = false;
  for (let i = 0; i < at; i++) {
    const c = d.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
  }
  return !inString;
}

/** The value of `m` when it is exactly one JSON string token with a non-empty value. */
function stringToken(m: string): string | undefined {
  if (m.charCodeAt(0) !== 34 || m.charCodeAt(m.length - 1) !== 34) return undefined;
  try {
    const v: unknown = JSON.parse(m);
    return typeof v === 'string' && v.length > 0 ? v : undefined;
  } catch {
    return undefined;
  }
}
