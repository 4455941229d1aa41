import type { KindFilter, PiiHit } from './hit.js';
import { readIban } from './iban.js';
import { maskKeepingLast } from './mask.js';
import { esDniValid, esNieValid, frNirValid, itCodiceFiscaleValid, ukNinoValid } from './national-ids.js';
import { gluedAfter, gluedBefore, isDigit, isUpper } from './scan-chars.js';

/**
 * Identifiers written as one run of letters and digits: IBANs, UK NINOs, Spanish DNI/NIE,
 * Italian codici fiscali and Corsican French NIRs. `[s, e)` is the run; each type is tried only
 * when the run has its length and leading characters.
 */
export function tokenId(text: string, s: number, e: number, on: KindFilter): PiiHit | undefined {
  const len = e - s;
  const c0 = text.charCodeAt(s);
  const c1 = text.charCodeAt(s + 1);
  if (isUpper(c0) && isUpper(c1) && isDigit(text.charCodeAt(s + 2)) && isDigit(text.charCodeAt(s + 3)) && on('iban') && !gluedBefore(text, s)) {
    const m = readIban(text, s, e);
    if (m && !gluedAfter(text, m.end)) {
      return { kind: 'iban', score: 0.95, start: s, end: m.end, evidence: `${m.value.slice(0, 2)}** …${m.value.slice(-4)} (${m.value.length} chars)` };
    }
  }
  if (len !== 9 && len !== 15 && len !== 16) return undefined;
  if (gluedBefore(text, s) || gluedAfter(text, e)) return undefined;
  const raw = text.slice(s, e);
  const v = raw.toUpperCase();
  // Lower case is accepted only for the whole value, never mixed ("Ab12…" is a code, not an id).
  if (v !== raw && raw.toLowerCase() !== raw) return undefined;
  const hit = (type: string, keep: number): PiiHit => ({ kind: `national_id.${type}`, score: 0.95, start: s, end: e, evidence: `${type} ${maskKeepingLast(raw, keep)}` });
  if (len === 9) {
    if (on('national_id.uk_nino') && ukNinoValid(v)) return { ...hit('uk_nino', 2), score: 0.9 };
    if (on('national_id.es_dni') && esDniValid(v)) return hit('es_dni', 3);
    if (on('national_id.es_nie') && esNieValid(v)) return hit('es_nie', 3);
    return undefined;
  }
  if (len === 16) return on('national_id.it_codice_fiscale') && itCodiceFiscaleValid(v) ? hit('it_codice_fiscale', 3) : undefined;
  return on('national_id.fr_nir') && frNirValid(v) ? hit('fr_nir', 2) : undefined;
}
