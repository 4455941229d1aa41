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

/**
 * Block sums are what the runtime needs: nothing per occurrence is kept, so a 1 MB input
 * allocates kilobytes, not tens of megabytes. The trainer needs every occurrence (to update its
 * weight): `extractFeatures`.
 */
export interface BlockSums {
  /** Sum of the weights of the occurrences ending in each block. */
  sums: Float64Array;
  /** Number of occurrences ending in each block. */
  counts: Int32Array;
}

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
  // Upper bound: 3 char grams per position + a unigram and a bigram per word (at most n words).
  const cap = text.length * 5 + 8;
  const occ: FeatureOccurrences = { buckets: new Uint32Array(cap), ends: new Int32Array(cap), count: 0 };
  recordOccurrences(text, bits, occ);
  return occ;
}

/** Per code unit: 1 a word character (not CJK), 2 a CJK character (a word of its own), 0 anything else. */
const CHAR_CLASS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) CHAR_CLASS[c] = isCjk(c) ? 2 : isWordChar(c) ? 1 : 0;

/** The weights of a word's unigram and, after another word on the same line, of the bigram. */
function wordWeights(weights: Int8Array, shift: number, word: number, prevWord: number, havePrev: boolean): number {
  const uni = weights[Math.imul(word ^ SEED_WORD, FNV_PRIME) >>> shift]!;
  return havePrev ? uni + weights[Math.imul(Math.imul(prevWord ^ SEED_BIGRAM, FNV_PRIME) ^ word, FNV_PRIME) >>> shift]! : uni;
}

/**
 * Block sums of the weights, for blocks of `block` characters (a block owns the occurrences
 * ending in it). The same features as `extractFeatures`, written as one tight loop because this
 * runs on every request: previous characters are kept in registers rather than re-read, nothing
 * is allocated per occurrence, the sums are small integers (8-bit weights, a block of a few
 * hundred occurrences) kept as such, and the end of the text is dealt with after the loop rather
 * than tested for in it: those two made it 40% faster. A test checks both give the same sums.
 */
export function blockSums(text: string, bits: number, weights: Int8Array, block: number): BlockSums {
  const n = text.length;
  const blocks = Math.max(1, Math.ceil(n / block));
  const sums = new Float64Array(blocks);
  const counts = new Int32Array(blocks);
  const shift = 32 - bits;
  const s3 = SEED_CHAR[3]!, s4 = SEED_CHAR[4]!, s5 = SEED_CHAR[5]!;
  let p1 = 0, p2 = 0, p3 = 0, p4 = 0; // the four characters before i
  let wordHash = 0, wordLen = 0, prevWord = 0, havePrev = false;
  let acc = 0, cnt = 0, b = 0, blockEnd = block; // running sums of the current block
  // No closures in this loop: variables a closure writes live on the heap, which made it 3x slower.
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const cls = CHAR_CLASS[c]!;
    // A word that ends before i ends at i, so it belongs to the block of position i - 1: flush first.
    if (cls !== 1 && wordLen > 0) {
      acc = (acc + wordWeights(weights, shift, wordHash, prevWord, havePrev)) | 0;
      cnt += havePrev ? 2 : 1;
      prevWord = wordHash;
      havePrev = true;
      wordLen = 0;
    }
    if (i >= blockEnd) {
      sums[b] = acc;
      counts[b] = cnt;
      b++;
      blockEnd += block;
      acc = 0;
      cnt = 0;
    }
    let h = Math.imul(Math.imul(Math.imul(FNV_OFFSET ^ c, FNV_PRIME) ^ p1, FNV_PRIME) ^ p2, FNV_PRIME);
    if (i >= 4) {
      const a3 = weights[Math.imul(h ^ s3, FNV_PRIME) >>> shift]!;
      h = Math.imul(h ^ p3, FNV_PRIME);
      const a4 = weights[Math.imul(h ^ s4, FNV_PRIME) >>> shift]!;
      h = Math.imul(h ^ p4, FNV_PRIME);
      acc = (acc + a3 + a4 + weights[Math.imul(h ^ s5, FNV_PRIME) >>> shift]!) | 0;
      cnt += 3;
    } else if (i >= 2) {
      acc = (acc + weights[Math.imul(h ^ s3, FNV_PRIME) >>> shift]!) | 0;
      cnt++;
      if (i >= 3) {
        h = Math.imul(h ^ p3, FNV_PRIME);
        acc = (acc + weights[Math.imul(h ^ s4, FNV_PRIME) >>> shift]!) | 0;
        cnt++;
      }
    }
    p4 = p3;
    p3 = p2;
    p2 = p1;
    p1 = c;
    if (cls === 1) {
      wordHash = wordLen === 0 ? Math.imul(FNV_OFFSET ^ c, FNV_PRIME) : Math.imul(wordHash ^ c, FNV_PRIME);
      wordLen++;
    } else if (cls === 2) {
      // CJK characters are words of their own (their scripts do not use spaces).
      const w = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      acc = (acc + wordWeights(weights, shift, w, prevWord, havePrev)) | 0;
      cnt += havePrev ? 2 : 1;
      prevWord = w;
      havePrev = true;
    } else if (c === 10) havePrev = false; // words on different lines are not a phrase
  }
  // A word running to the end ends there, in the last block.
  if (wordLen > 0) {
    acc = (acc + wordWeights(weights, shift, wordHash, prevWord, havePrev)) | 0;
    cnt += havePrev ? 2 : 1;
  }
  sums[b] = acc;
  counts[b] = cnt;
  return { sums, counts };
}

/** The block an occurrence ending at `end` belongs to. */
export function blockOf(end: number, block: number): number {
  return ((end - 1) / block) | 0;
}

function recordOccurrences(text: string, bits: number, occ: FeatureOccurrences): void {
  const shift = 32 - bits;
  const n = text.length;
  let count = 0;
  const record = (bucket: number, end: number): void => {
    occ.buckets[count] = bucket;
    occ.ends[count] = end;
    count++;
  };
  let wordHash = 0;
  let wordLen = 0;
  let prevWord = 0;
  let havePrev = false;
  const emitWord = (w: number, end: number): void => {
    record(Math.imul(w ^ SEED_WORD, FNV_PRIME) >>> shift, end);
    if (havePrev) record(Math.imul(Math.imul(prevWord ^ SEED_BIGRAM, FNV_PRIME) ^ w, FNV_PRIME) >>> shift, end);
    prevWord = w;
    havePrev = true;
    wordLen = 0;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // A word that ends here ends at i, before the n-grams ending at i + 1: occurrences stay in order of their end.
    const wordChar = isWordChar(c) && !isCjk(c);
    if (!wordChar && wordLen > 0) emitWord(wordHash, i);
    // Character n-grams ending at i.
    if (i >= 2) {
      let h = FNV_OFFSET;
      const from = Math.max(0, i - 4);
      for (let j = i; j >= from; j--) {
        h = Math.imul(h ^ text.charCodeAt(j), FNV_PRIME);
        const len = i - j + 1;
        if (len >= 3) record(Math.imul(h ^ SEED_CHAR[len]!, FNV_PRIME) >>> shift, i + 1);
      }
    }
    // Words: CJK characters are words of their own (their scripts do not use spaces).
    if (wordChar) {
      wordHash = wordLen === 0 ? Math.imul(FNV_OFFSET ^ c, FNV_PRIME) : Math.imul(wordHash ^ c, FNV_PRIME);
      wordLen++;
      continue;
    }
    if (isCjk(c)) emitWord(Math.imul(FNV_OFFSET ^ c, FNV_PRIME), i + 1);
    else if (c === 10) havePrev = false; // words on different lines are not a phrase
  }
  if (wordLen > 0) emitWord(wordHash, n);
  occ.count = count;
}
