/** The English pack: every English word list and template list in one place. */
import type { BenignPack } from './bn-types.js';
import { EN_FOOD, EN_LEARN, EN_LIFE, EN_MISC, EN_NAMES, EN_PLACES, EN_THINGS } from './bn-slots-en.js';
import { EN_PROMPT_SLOTS, EN_PROMPTS_DATA, EN_PROMPTS_SHAPES, EN_PROMPTS_TECH, EN_PROMPTS_WORK, EN_PROMPTS_WRITING } from './bn-prompts-en.js';
import {
  EN_PROMPTS_CAREER, EN_PROMPTS_FAMILY, EN_PROMPTS_FOOD, EN_PROMPTS_FUN, EN_PROMPTS_HEALTH, EN_PROMPTS_HOME, EN_PROMPTS_LEARN, EN_PROMPTS_SHOP, EN_PROMPTS_TRAVEL,
} from './bn-prompts-en2.js';
import { EN_MAIL_SLOTS, EN_MAILS } from './bn-docs-en.js';
import { EN_DOCS } from './bn-docs-en2.js';
import { EN_OUTPUTS } from './bn-outputs-en.js';

export const en: BenignPack = {
  lang: 'en',
  slots: { ...EN_NAMES, ...EN_PLACES, ...EN_FOOD, ...EN_THINGS, ...EN_LIFE, ...EN_LEARN, ...EN_MISC, ...EN_PROMPT_SLOTS, ...EN_MAIL_SLOTS },
  prompts: [
    ...EN_PROMPTS_TECH, ...EN_PROMPTS_DATA, ...EN_PROMPTS_WRITING, ...EN_PROMPTS_WORK, ...EN_PROMPTS_SHAPES,
    ...EN_PROMPTS_HEALTH, ...EN_PROMPTS_FOOD, ...EN_PROMPTS_TRAVEL, ...EN_PROMPTS_FAMILY, ...EN_PROMPTS_LEARN,
    ...EN_PROMPTS_HOME, ...EN_PROMPTS_FUN, ...EN_PROMPTS_SHOP, ...EN_PROMPTS_CAREER,
  ],
  docs: [...EN_MAILS, ...EN_DOCS],
  outputs: EN_OUTPUTS,
};
