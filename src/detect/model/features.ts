/**
 * Hashed n-gram features for the injection model, shared by the trainer and the runtime so the
 * two can never disagree. Input is the normalised text (`normalizeForMatch`).
 *
 * Features: character 3-, 4- and 5-grams (across spaces, so word edges count), word unigrams
 * and word bigrams. Each occurrence is hashed (FNV-1a, 32 bit) into 2^bits buckets and recorded
 * with the position where it ends, in text order, so that any window of the text can be scored
 * from prefix sums without hashing anything twice.
 */
export const FEATURE_VERSION = 1;

export interface FeatureOccurrences {
  /** Bucket of each occurrence. */
  buckets: Uint32Array;
  /** End offset (in the normalised text) of each occurrence; non-decreasing. */
  ends: Int32Array;
  count: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_CHAR = [0, 0, 0, 0x9e3779b1, 0x85ebca77, 0xc2b2ae3d];
const SEED_WORD = 0x27d4eb2f;
const SEED_BIGRAM = 0x165667b1;

function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  // Non-ASCII letters: everything above Latin-1 punctuation that is not a space or common punctuation.
  return c > 0xbf && c !== 0x2014 && c !== 0x2013 && c !== 0x201c && c !== 0x201d && c !== 0x2018 && c !== 0x2019 && c !== 0x3001 && c !== 0x3002 && c !== 0xff0c;
}

function isCjk(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
}

export function extractFeatures(text: string, bits: number): FeatureOccurrences {
  const shift = 32 - bits;
  const n = text.length;
  // Upper bound: 3 char grams per position + a unigram and a bigram per word (at most n words).
  const cap = n * 5 + 8;
  const buckets = new Uint32Array(cap);
  const ends = new Int32Array(cap);
  let count = 0;
  let wordHash = 0;
  let wordLen = 0;
  let prevWord = 0;
  let havePrev = false;
  const emitWord = (w: number, end: number): void => {
    buckets[count] = Math.imul(w ^ SEED_WORD, FNV_PRIME) >>> shift;
    ends[count] = end;
    count++;
    if (havePrev) {
      buckets[count] = Math.imul(Math.imul(prevWord ^ SEED_BIGRAM, FNV_PRIME) ^ w, FNV_PRIME) >>> shift;
      ends[count] = end;
      count++;
    }
    prevWord = w;
    havePrev = true;
    wordLen = 0;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Character n-grams ending at i.
    if (i >= 2) {
      let h = FNV_OFFSET;
      const from = Math.max(0, i - 4);
      for (let j = i; j >= from; j--) {
        h = Math.imul(h ^ text.charCodeAt(j), FNV_PRIME);
        const len = i - j + 1;
        if (len >= 3) {
          buckets[count] = (Math.imul(h ^ SEED_CHAR[len]!, FNV_PRIME) >>> shift);
          ends[count] = i + 1;
          count++;
        }
      }
    }
    // Words: CJK characters are words of their own (their scripts do not use spaces).
    if (isWordChar(c) && !isCjk(c)) {
      wordHash = wordLen === 0 ? Math.imul(FNV_OFFSET ^ c, FNV_PRIME) : Math.imul(wordHash ^ c, FNV_PRIME);
      wordLen++;
      continue;
    }
    if (wordLen > 0) emitWord(wordHash, i);
    if (isCjk(c)) emitWord(Math.imul(FNV_OFFSET ^ c, FNV_PRIME), i + 1);
    else if (c === 10) havePrev = false; // words on different lines are not a phrase
  }
  if (wordLen > 0) emitWord(wordHash, n);
  return { buckets, ends, count };
}
