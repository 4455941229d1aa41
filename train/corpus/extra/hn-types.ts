/**
 * Shapes shared by the extra hard-negative packs. A pack holds, per section, groups of sentence
 * templates that belong together (one manual, one kind of article, one bot's rules), so a text of
 * several sentences drawn from one group reads as one coherent document.
 */
import type { SlotTable } from '../template.js';

export type Section = 'human' | 'security' | 'system' | 'code' | 'user';

export const SECTIONS: readonly Section[] = ['human', 'security', 'system', 'code', 'user'];

/** Share of each section in the output (the brief's proportions). */
export const SECTION_SHARE: Readonly<Record<Section, number>> = { human: 0.25, security: 0.2, system: 0.2, code: 0.15, user: 0.2 };

export interface Group {
  /** Headings or subjects, shown by carriers that have a title (email, page, ticket, PDF). */
  readonly title?: readonly string[];
  /** A first sentence used whenever present: a lede, a role line, a context line. */
  readonly open?: readonly string[];
  /** Body sentences; a text samples one or more of them. */
  readonly lines: readonly string[];
  /** An optional last sentence. */
  readonly close?: readonly string[];
  /** Rendered as numbered steps where the carrier allows it. */
  readonly steps?: boolean;
  /** Upper bound on body sentences (user requests stay short). */
  readonly max?: number;
}

export interface HnPack {
  readonly lang: string;
  /** Language-specific slot fillers; they shadow the shared tables. */
  readonly slots: SlotTable;
  /** 1. Instructions addressed to people: manuals, leaflets, rules, notices. */
  readonly human: readonly Group[];
  /** 2. Writing about prompt injection and jailbreaks that describes or quotes, never addresses the reader's AI. */
  readonly security: readonly Group[];
  /**
   * 3. Legitimate system prompts (groups with an `open` role line) and guardrail documentation
   * (groups without one, written about the assistant in the third person).
   */
  readonly system: readonly Group[];
  /** Rules that fit any system prompt in this language, mixed into the group's own. */
  readonly systemCommon?: readonly string[];
  /** 4. Prose of API and code documentation (code scaffolds are shared, see hn-code.ts). */
  readonly code: readonly Group[];
  /** Short comments for code scaffolds, in this language. */
  readonly comments: readonly string[];
  /** 5. Ordinary requests to the assistant; `open` holds context lines, `close` follow-ups. */
  readonly user: readonly Group[];
}
