/** Every language pack, English first. */
import type { LanguagePack } from './pack.js';
import { en } from './en.js';
import { de } from './de.js';
import { fr } from './fr.js';
import { es } from './es.js';
import { it } from './it.js';
import { pt } from './pt.js';
import { nl } from './nl.js';
import { ru } from './ru.js';
import { pl } from './pl.js';
import { tr } from './tr.js';
import { zh } from './zh.js';
import { ja } from './ja.js';
import { ko } from './ko.js';
import { ar } from './ar.js';
import { hi } from './hi.js';
import { id } from './id.js';
import { vi } from './vi.js';

export const LANGUAGE_PACKS: readonly LanguagePack[] = [en, de, fr, es, it, pt, nl, ru, pl, tr, zh, ja, ko, ar, hi, id, vi];
