/** Every extra benign pack, English first. */
import type { BenignPack } from './bn-types.js';
import { en } from './bn-en.js';
import { de } from './bn-de.js';
import { fr } from './bn-fr.js';
import { es } from './bn-es.js';
import { it } from './bn-it.js';
import { pt } from './bn-pt.js';
import { nl } from './bn-nl.js';
import { ru } from './bn-ru.js';
import { pl } from './bn-pl.js';
import { tr } from './bn-tr.js';
import { zh } from './bn-zh.js';
import { ja } from './bn-ja.js';
import { ko } from './bn-ko.js';
import { ar } from './bn-ar.js';
import { hi } from './bn-hi.js';
import { id } from './bn-id.js';
import { vi } from './bn-vi.js';

export const EXTRA_PACKS: readonly BenignPack[] = [en, de, fr, es, it, pt, nl, ru, pl, tr, zh, ja, ko, ar, hi, id, vi];
