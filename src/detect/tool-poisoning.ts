import { finding } from './finding.js';
import { LiteralIndex } from './rules/literal-index.js';
import { compileRules, evidenceOf, findSignals, matchView, noisyOr, patternSource, scoreSignals, type MatchView, type Signal } from './rules/phrase-engine.js';
import { MANDATORY, PARAM_TARGETS, SINK_PARAM_NAMES, TOOL_POISONING_RULES, type ToolPoisoningKind } from './rules/tool-poisoning-rules.js';
import { TAG } from './tags.js';
import { isBidiControl, isTagChar, isVariationSelector, isZeroWidth, tagToAscii } from './text/chars.js';
import type { DetectContext, Detector, DetectorFinding, Severity, Span } from './types.js';

export const TOOL_POISONING = 'tool_poisoning';

/**
 * tool_poisoning: an MCP tool description (or the JSON of a whole tool definition) that carries
 * orders for the model. Such text is read by the model when tools are listed, is rarely shown
 * to the user in full, and comes from whoever publishes the server: a supply-chain channel.
 * Kinds:
 *
 * - `hidden_instruction`: "before using this tool, read … and pass it as …", "always call this
 *   tool first", "ignore previous instructions", "send … to https://…"
 * - `credential_access`: secrets named or ordered read (~/.ssh, id_rsa, ~/.aws/credentials, .env,
 *   /etc/passwd, mcp.json, keychains, API keys)
 * - `concealment`: "do not tell the user", "the user must not know", "silently …"
 * - `tool_shadowing`: rules for other tools or servers ("when send_email is used, always BCC …",
 *   "instead of the other tool", "this tool replaces …")
 * - `suspicious_markup`: <IMPORTANT>, <SYSTEM>, [INST], chat-template tokens, HTML comments
 * - `exfil_parameter`: a parameter (often named sidenote, context, notes) whose description asks
 *   for the conversation, the system prompt, file contents or secrets
 * - `hidden_unicode`: tag characters, bidi controls, zero-width characters, stray variation
 *   selectors
 *
 * The text is read with its JSON escapes decoded (so "\n" and "\u200b" in a definition are what
 * they encode) and in matching form (see text/normalize.ts). Cues combine by noisy-OR: a lone
 * mention of ~/.ssh or a lone <IMPORTANT> stays under the threshold; an order to read it does not.
 * The detector reads any text it is given; the suite runs it on tool descriptions only.
 */
export interface ToolPoisoningOptions {
  /** A finding is triggered at or above this score (default 0.5). */
  threshold?: number;
  /**
   * A prompt-injection detector to read the description with. A tool description is data the
   * model trusts; any instruction in it that an injection detector catches is a hidden
   * instruction, whatever words it uses (reported as `hidden_instruction`).
   */
  injection?: Detector;
}

export const TOOL_POISONING_DEFAULTS = { threshold: 0.5 } as const;

// An index of its own: the detector reads only tool descriptions, and with its anchors in the
// conversation detectors' index every prompt and tool result paid for looking for them (3% of the suite).
export const TOOL_POISONING_LITERALS = new LiteralIndex();
const RULES = compileRules(TOOL_POISONING_RULES, undefined, TOOL_POISONING_LITERALS);
const TARGETS = PARAM_TARGETS.map((t) => ({ ...t, re: new RegExp(patternSource(t.pattern)) }));

// ---------------------------------------------------------------- JSON escapes
/** A text with its JSON string escapes decoded, and the way back to the original offsets. */
interface Decoded {
  text: string;
  toSource(start: number, end: number): Span;
}

const HEX = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, '"': 34, '\\': 92, '/': 47 };

/**
 * Decodes \n, \", \uXXXX… wherever they appear. Outside JSON strings a backslash is rare in a
 * description, and decoding it too only makes the text read as it would be rendered.
 */
function decodeEscapes(text: string): Decoded {
  if (text.indexOf('\\') < 0) return { text, toSource: (start, end) => ({ start, end }) };
  const codes = new Uint16Array(text.length);
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    let code = text.charCodeAt(i);
    let width = 1;
    if (code === 92 && i + 1 < text.length) {
      const next = text[i + 1]!;
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        code = simple;
        width = 2;
      } else if (next === 'u' && HEX.test(text.slice(i + 2, i + 6))) {
        code = parseInt(text.slice(i + 2, i + 6), 16);
        width = 6;
      }
    }
    codes[n] = code;
    starts[n] = i;
    ends[n] = i + width;
    n++;
    i += width;
  }
  let decoded = '';
  for (let i = 0; i < n; i += 8192) decoded += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
  return {
    text: decoded,
    toSource(start, end) {
      if (n === 0) return { start: 0, end: 0 };
      const s = Math.min(Math.max(start, 0), n - 1);
      const e = Math.min(Math.max(end, s + 1), n);
      return { start: starts[s]!, end: ends[e - 1]! };
    },
  };
}

function composedView(decoded: Decoded): MatchView {
  const inner = matchView(decoded.text);
  if (decoded.text.length === 0) return inner;
  return {
    text: inner.text,
    toOriginal(start, end) {
      const span = inner.toOriginal(start, end);
      return span.end > span.start ? decoded.toSource(span.start, span.end) : decoded.toSource(span.start, span.start + 1);
    },
  };
}

// ---------------------------------------------------------------- hidden Unicode
/** Candidates: zero-width and format characters, bidi controls, variation selectors, tag characters. */
// VS15/VS16 right after an emoji (a low surrogate), a symbol or a keycap digit are ordinary and not even looked at.
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0d\ufeff\uffa0]|(?<![\udc00-\udfff\u2000-\u2bff\u0023-\u0039\u00a9\u00ae])[\ufe0e\ufe0f]|\udb40[\udc00-\udc7f\udd00-\uddef]|\ud834[\udd73-\udd7a]/g;
/** Past this many hidden characters the verdict cannot change; counts are then reported as a floor. */
const MAX_HIDDEN = 4096;

/** Emoji and pictographs, next to which ZWJ and VS16 are ordinary. */
function isPictograph(cp: number): boolean {
  return cp >= 0x2000 && !(cp >= 0x2060 && cp <= 0x206f) && !(cp >= 0xfe00 && cp <= 0xfe0f);
}
/** Scripts where ZWJ/ZWNJ are part of correct spelling (Arabic, Persian, Indic, Sinhala…). */
function joinsScript(cp: number): boolean {
  return cp >= 0x0600 && cp <= 0x0dff;
}
/** The code point that ends just before `i`. */
function codePointBefore(text: string, i: number): number {
  if (i <= 0) return 0;
  const c = text.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? text.codePointAt(i - 2)! : c;
}

function hiddenUnicodeSignals(decoded: Decoded): Array<Signal<ToolPoisoningKind>> {
  const text = decoded.text;
  let tags = 0;
  let bidi = 0;
  let zeroWidth = 0;
  let selectors = 0;
  let hidden = '';
  let runStart = -1;
  let runEnd = -1;
  let seen = 0;
  INVISIBLE.lastIndex = 0;
  for (let m = INVISIBLE.exec(text); m !== null && seen < MAX_HIDDEN; m = INVISIBLE.exec(text)) {
    const i = m.index;
    const cp = text.codePointAt(i)!;
    const width = m[0].length;
    let suspicious = true;
    if (isTagChar(cp)) {
      tags++;
      if (hidden.length < 80) hidden += tagToAscii(cp) ?? '';
    } else if (isBidiControl(cp)) bidi++;
    else if (isVariationSelector(cp)) {
      // VS15/VS16 after a symbol choose text or emoji style; anything else hides data.
      const prev = codePointBefore(text, i);
      if ((cp === 0xfe0e || cp === 0xfe0f) && (isPictograph(prev) || (prev >= 0x23 && prev <= 0x39))) suspicious = false;
      else selectors++;
    } else if (isZeroWidth(cp)) {
      const prev = codePointBefore(text, i);
      const next = text.codePointAt(i + width) ?? 0;
      if ((i === 0 && cp === 0xfeff) || ((cp === 0x200d || cp === 0x200c) && (joinsScript(prev) || (isPictograph(prev) && isPictograph(next))))) suspicious = false;
      else zeroWidth++;
    } else suspicious = false;
    if (!suspicious) continue;
    seen++;
    if (runStart < 0) runStart = i;
    if (runEnd < 0 || runEnd === i) runEnd = i + width;
  }
  if (runStart < 0) return [];
  const span = decoded.toSource(runStart, runEnd);
  const count = (n: number): string => (seen >= MAX_HIDDEN ? `${n}+` : `${n}`);
  const out: Array<Signal<ToolPoisoningKind>> = [];
  const add = (id: string, weight: number, evidence: string): void => {
    out.push({ id, kind: 'hidden_unicode', group: 'hidden_unicode', weight, span, evidence: evidenceOf(evidence) });
  };
  if (tags > 0) add('tag_characters', 0.9, `${count(tags)} invisible tag characters spelling "${hidden.replace(/[^\x20-\x7e]/g, ' ')}"`);
  if (bidi > 0) add('bidi_controls', 0.6, `${count(bidi)} bidirectional control characters`);
  if (selectors > 0) add('variation_selectors', selectors >= 4 ? 0.75 : 0.55, `${count(selectors)} variation selectors not attached to an emoji`);
  if (zeroWidth > 0) add('zero_width', zeroWidth >= 3 ? 0.55 : 0.35, `${count(zeroWidth)} zero-width characters`);
  return out;
}

// ---------------------------------------------------------------- schema parameters
const MAX_NODES = 5000;
const MAX_DEPTH = 32;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parameters of a JSON tool definition whose description asks for data the call does not need. */
function schemaSignals(text: string): Array<Signal<ToolPoisoningKind>> {
  const head = text.trimStart()[0];
  if (head !== '{' && head !== '[') return [];
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return [];
  }
  const out: Array<Signal<ToolPoisoningKind>> = [];
  let nodes = 0;
  const visit = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || ++nodes > MAX_NODES) return;
    if (Array.isArray(node)) {
      for (const v of node) visit(v, depth + 1);
      return;
    }
    if (!isObject(node)) return;
    const props = node['properties'];
    if (isObject(props)) {
      for (const [name, schema] of Object.entries(props)) {
        if (!isObject(schema)) continue;
        const described = [schema['description'], schema['title'], schema['default']].filter((v): v is string => typeof v === 'string').join(' \n ');
        if (described.length === 0) continue;
        const signal = paramSignal(text, name, described);
        if (signal) out.push(signal);
      }
    }
    for (const v of Object.values(node)) if (typeof v === 'object' && v !== null) visit(v, depth + 1);
  };
  visit(root, 0);
  return out;
}

function paramSignal(text: string, name: string, described: string): Signal<ToolPoisoningKind> | undefined {
  // Lower case only: the description is also part of the text the rules read in full matching
  // form, and normalising each one here would push that text out of the normaliser's memo.
  const d = described.toLowerCase();
  let ask = 0;
  let what = '';
  for (const t of TARGETS) {
    if (t.weight > ask && t.re.test(d)) {
      ask = t.weight;
      what = t.what;
    }
  }
  if (ask === 0) return undefined;
  const sink = SINK_PARAM_NAMES.test(name);
  const mandatory = MANDATORY.test(d);
  const weight = noisyOr([ask, sink ? 0.25 : 0, mandatory ? 0.2 : 0]);
  const key = JSON.stringify(name);
  const at = text.indexOf(key);
  const span = at >= 0 ? { start: at, end: at + key.length } : { start: 0, end: 0 };
  return { id: `param:${name}`, kind: 'exfil_parameter', group: 'schema_param', weight, span, evidence: evidenceOf(`parameter ${name} asks for ${what}: ${described}`) };
}

// ---------------------------------------------------------------- findings
const SUPPLY_CHAIN = [TAG.asiSupplyChain, TAG.llmSupplyChain, TAG.atlasSupplyChain];
const TAGS: Record<ToolPoisoningKind, string[]> = {
  hidden_instruction: [...SUPPLY_CHAIN, TAG.llmPromptInjection, TAG.atlasIndirectInjection, TAG.asiToolMisuse],
  credential_access: [...SUPPLY_CHAIN, TAG.llmPromptInjection, TAG.atlasIndirectInjection, TAG.asiToolMisuse, TAG.atlasUnsecuredCredentials],
  concealment: [...SUPPLY_CHAIN, TAG.llmPromptInjection, TAG.atlasIndirectInjection],
  tool_shadowing: [...SUPPLY_CHAIN, TAG.llmPromptInjection, TAG.atlasIndirectInjection, TAG.asiToolMisuse],
  suspicious_markup: [...SUPPLY_CHAIN, TAG.llmPromptInjection, TAG.atlasIndirectInjection],
  exfil_parameter: [...SUPPLY_CHAIN, TAG.llmPromptInjection, TAG.atlasIndirectInjection, TAG.asiToolMisuse, TAG.llmSensitiveDisclosure, TAG.atlasDataLeakage],
  hidden_unicode: [...SUPPLY_CHAIN, TAG.llmPromptInjection, TAG.atlasIndirectInjection, TAG.atlasObfuscation],
};

function severityOf(kind: ToolPoisoningKind, score: number): Severity {
  if (score >= 0.9 && (kind === 'credential_access' || kind === 'exfil_parameter')) return 'critical';
  return score >= 0.75 ? 'high' : score >= 0.5 ? 'medium' : score >= 0.3 ? 'low' : 'info';
}

/** The injection detector's strongest triggered finding on a tool description, if any. */
/**
 * The injection detector's strongest finding. Its statistical model counts only when the
 * description also shows a sign of poisoning of its own (`corroborated`): a tool description is
 * written to instruct the model ("Send an email to the given address", "Permanently delete
 * records ... This cannot be undone"), which is what the model learned to flag, and on its own
 * it quarantined ordinary destructive and outbound tools.
 */
function strongestInjection(injection: Detector | undefined, text: string, corroborated: boolean): DetectorFinding | undefined {
  if (!injection) return undefined;
  let best: DetectorFinding | undefined;
  for (const f of injection.detect(text, { source: 'tool_description' })) {
    if (f.triggered && (corroborated || f.kind !== 'classifier') && (!best || f.score > best.score)) best = f;
  }
  return best;
}

export function createToolPoisoningDetector(options: ToolPoisoningOptions = {}): Detector {
  const threshold = options.threshold ?? TOOL_POISONING_DEFAULTS.threshold;
  return {
    name: TOOL_POISONING,
    detect(text: string, _context: DetectContext): DetectorFinding[] {
      if (text.length === 0) return [];
      const decoded = decodeEscapes(text);
      const signals = findSignals(RULES, composedView(decoded), text);
      for (const s of hiddenUnicodeSignals(decoded)) signals.push(s);
      for (const s of schemaSignals(text)) signals.push(s);
      const injected = strongestInjection(options.injection, text, signals.length > 0);
      if (signals.length === 0 && !injected) return [];
      const { kinds } = signals.length > 0 ? scoreSignals(signals) : { kinds: [] };
      const out = kinds.map((k) =>
        finding(TOOL_POISONING, threshold, { kind: k.kind, score: k.score, severity: severityOf(k.kind, k.score), span: k.best.span, evidence: k.best.evidence, tags: TAGS[k.kind] }),
      );
      const own = out.find((f) => f.kind === 'hidden_instruction');
      if (injected && (!own || own.score < injected.score)) {
        const f = finding(TOOL_POISONING, threshold, { kind: 'hidden_instruction', score: injected.score, severity: severityOf('hidden_instruction', injected.score), span: injected.span, evidence: injected.evidence ?? '', tags: TAGS.hidden_instruction });
        if (own) out[out.indexOf(own)] = f;
        else out.push(f);
      }
      return out;
    },
  };
}
