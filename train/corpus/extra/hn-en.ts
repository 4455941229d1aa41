/** The English extra hard-negative pack, assembled from the per-section modules. */
import type { HnPack } from './hn-types.js';
import { EN_HUMAN, EN_HUMAN_SLOTS } from './hn-en-human.js';
import { EN_SECURITY, EN_SECURITY_SLOTS } from './hn-en-security.js';
import { EN_GUARDRAIL_DOCS, EN_SYSTEM, EN_SYSTEM_COMMON, EN_SYSTEM_SLOTS } from './hn-en-system.js';
import { EN_CODE, EN_COMMENTS } from './hn-en-code.js';
import { EN_USER, EN_USER_SLOTS } from './hn-en-user.js';
import { EN_PERSONAS, EN_PERSONA_SLOTS } from './hn-en-personas.js';

export const EN_HN: HnPack = {
  lang: 'en',
  slots: { ...EN_HUMAN_SLOTS, ...EN_SECURITY_SLOTS, ...EN_SYSTEM_SLOTS, ...EN_USER_SLOTS, ...EN_PERSONA_SLOTS },
  human: EN_HUMAN,
  security: EN_SECURITY,
  system: [...EN_SYSTEM, EN_GUARDRAIL_DOCS],
  systemCommon: EN_SYSTEM_COMMON,
  code: EN_CODE,
  comments: EN_COMMENTS,
  user: [...EN_USER, ...EN_PERSONAS],
};
