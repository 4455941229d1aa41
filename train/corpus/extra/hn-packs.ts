/** Every extra hard-negative pack, English first, then the same order as the main corpus. */
import type { HnPack } from './hn-types.js';
import { EN_HN } from './hn-en.js';
import { DE_HN } from './hn-de.js';
import { FR_HN } from './hn-fr.js';
import { ES_HN } from './hn-es.js';
import { IT_HN } from './hn-it.js';
import { PT_HN } from './hn-pt.js';
import { NL_HN } from './hn-nl.js';
import { RU_HN } from './hn-ru.js';
import { PL_HN } from './hn-pl.js';
import { TR_HN } from './hn-tr.js';
import { ZH_HN } from './hn-zh.js';
import { JA_HN } from './hn-ja.js';
import { KO_HN } from './hn-ko.js';
import { AR_HN } from './hn-ar.js';
import { HI_HN } from './hn-hi.js';
import { ID_HN } from './hn-id.js';
import { VI_HN } from './hn-vi.js';

export const EXTRA_PACKS: readonly HnPack[] = [
  EN_HN, DE_HN, FR_HN, ES_HN, IT_HN, PT_HN, NL_HN, RU_HN, PL_HN, TR_HN, ZH_HN, JA_HN, KO_HN, AR_HN, HI_HN, ID_HN, VI_HN,
];
