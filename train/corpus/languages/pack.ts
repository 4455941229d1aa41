/**
 * What each language contributes to the corpus. Every list holds templates (see template.ts).
 * A pack's own slots must define at least: goal, toolgoal, harm, name, greet, signoff, and
 * whatever else its templates refer to; COMMON_SLOTS (URLs, numbers, files) is always available.
 *
 * Phrasings are written per language, not translated line by line from English, so each pack
 * carries its own idioms for "ignore the instructions above".
 */
import type { SlotTable } from '../template.js';

export interface LanguagePack {
  readonly lang: string;
  readonly slots: SlotTable;
  /** Direct injections typed by a user or pasted into a task: override, new task, hijack, authority. */
  readonly injection: readonly string[];
  /** System prompt and configuration extraction. */
  readonly extraction: readonly string[];
  /** Instructions addressed to an AI that reads a document, email or tool result. */
  readonly indirect: readonly string[];
  /** Jailbreaks: personas without rules, developer mode, fiction framing, refusal suppression. */
  readonly jailbreak: readonly string[];
  /** Lines a user writes before pasting a text ("Translate this:"); used on both labels. */
  readonly tasks: readonly string[];
  /** Ordinary requests to an assistant. */
  readonly prompts: readonly string[];
  /** Ordinary sentences for documents, emails, pages and tool results. */
  readonly sentences: readonly string[];
  /** Document titles and email subjects. */
  readonly titles: readonly string[];
  /** Innocent text that uses trigger words (ignore, system, override, act as, jailbreak...). */
  readonly hard: readonly string[];
}
