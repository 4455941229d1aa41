/**
 * Where decoders put what they decode. The sink collects the bytes and checks, as they arrive,
 * that they are UTF-8 text that is mostly printable; decoders stop as soon as it gives up, so a
 * blob of random binary (a hash, a key, an image) costs a few bytes of work, not its length.
 */

const UTF8 = new TextDecoder('utf-8');

/** Bad units tolerated while decoding: a couple, then about one in sixteen. */
function tolerated(chars: number): number {
  return 2 + (chars >> 4);
}

export class TextSink {
  private buf: Uint8Array;
  /** Bytes held. */
  length = 0;
  /** Code points decoded, bad ones included. */
  chars = 0;
  /** Control characters, invalid UTF-8, replacement and private-use characters. */
  bad = 0;
  /** Letters of any script. */
  letters = 0;
  digits = 0;
  spaces = 0;
  /** Escapes read (escape-style encodings), and how many of them hid a plain ASCII letter or digit. */
  escapes = 0;
  plainEscapes = 0;
  private need = 0;
  private cp = 0;
  private min = 0;
  private overflow = false;

  private maxBytes: number;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
    this.buf = new Uint8Array(Math.max(16, Math.min(maxBytes, 256)));
  }

  /** Changes the byte budget (for the next blob). */
  setLimit(maxBytes: number): void {
    this.maxBytes = maxBytes;
  }

  reset(): void {
    this.length = this.chars = this.bad = this.letters = this.digits = this.spaces = 0;
    this.escapes = this.plainEscapes = this.need = this.cp = this.min = 0;
    this.overflow = false;
  }

  /** True once the byte budget is used up. */
  get full(): boolean {
    return this.overflow || this.length >= this.maxBytes;
  }

  /** False once so much of what was decoded is not text that decoding should stop. */
  get ok(): boolean {
    return this.bad <= tolerated(this.chars);
  }

  /** Adds one decoded byte; false when decoding should stop (not text, or full). */
  byte(b: number): boolean {
    if (this.length >= this.maxBytes) return false;
    if (this.length === this.buf.length) this.grow();
    this.buf[this.length++] = b;
    if (this.need > 0) {
      if ((b & 0xc0) === 0x80) {
        this.cp = (this.cp << 6) | (b & 0x3f);
        if (--this.need === 0) this.classify(this.cp < this.min || this.cp > 0x10ffff ? -1 : this.cp);
        return this.bad <= tolerated(this.chars);
      }
      // A lead byte where a continuation was due: the sequence was cut short.
      this.need = 0;
      this.classify(-1);
    }
    if (b < 0x80) this.classify(b);
    else if (b >= 0xc2 && b <= 0xdf) { this.need = 1; this.cp = b & 0x1f; this.min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { this.need = 2; this.cp = b & 0x0f; this.min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { this.need = 3; this.cp = b & 0x07; this.min = 0x10000; }
    else this.classify(-1);
    return this.bad <= tolerated(this.chars);
  }

  /** Adds one decoded code point (kept as UTF-8); false when decoding should stop. */
  codePoint(cp: number): boolean {
    if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
    if (cp < 0x80) return this.byte(cp);
    if (this.length + 4 > this.maxBytes) { this.overflow = true; return false; }
    if (cp < 0x800) return this.byte(0xc0 | (cp >> 6)) && this.byte(0x80 | (cp & 0x3f));
    if (cp < 0x10000) return this.byte(0xe0 | (cp >> 12)) && this.byte(0x80 | ((cp >> 6) & 0x3f)) && this.byte(0x80 | (cp & 0x3f));
    return this.byte(0xf0 | (cp >> 18)) && this.byte(0x80 | ((cp >> 12) & 0x3f)) && this.byte(0x80 | ((cp >> 6) & 0x3f)) && this.byte(0x80 | (cp & 0x3f));
  }

  /**
   * Whether what was decoded is text worth reporting: at least `minChars` characters, almost
   * all printable, and mostly letters, digits and spaces rather than punctuation noise.
   * `truncated` forgives a multi-byte character cut off by the byte budget.
   */
  isText(minChars: number, truncated: boolean): boolean {
    const bad = this.bad + (this.need > 0 && !truncated ? 1 : 0);
    if (this.chars < minChars || bad * 20 > this.chars) return false;
    if (this.letters < 3 || this.letters * 5 < this.chars) return false;
    return (this.letters + this.digits + this.spaces) * 2 >= this.chars;
  }

  /** Looks like prose: several words separated by spaces. */
  get prose(): boolean {
    return this.spaces >= 2 && this.letters >= 8 && this.spaces * 3 <= this.letters * 2;
  }

  /** The decoded text (replacement characters for anything invalid). */
  text(): string {
    let end = this.length;
    // Drop a multi-byte character the budget left incomplete.
    if (this.need > 0) {
      let k = end - 1;
      while (k > 0 && (this.buf[k]! & 0xc0) === 0x80) k--;
      end = k;
    }
    return UTF8.decode(this.buf.subarray(0, end));
  }

  /** -1 marks an invalid unit. */
  private classify(cp: number): void {
    this.chars++;
    if (cp < 0) { this.bad++; return; }
    if (cp < 0x80) {
      if (cp === 32 || cp === 9 || cp === 10 || cp === 13) this.spaces++;
      else if (cp < 0x20 || cp === 0x7f) this.bad++;
      else if ((cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90)) this.letters++;
      else if (cp >= 48 && cp <= 57) this.digits++;
      return;
    }
    if (cp <= 0x9f || cp === 0xfffd || cp === 0xfffe || cp === 0xffff || (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000) { this.bad++; return; }
    if (cp === 0xa0 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a)) { this.spaces++; return; }
    // Punctuation and symbol blocks are not letters; nearly everything else is.
    if ((cp >= 0xa1 && cp <= 0xbf) || cp === 0xd7 || cp === 0xf7 || (cp >= 0x2010 && cp <= 0x2bff)) return;
    this.letters++;
  }

  private grow(): void {
    const next = new Uint8Array(Math.max(this.buf.length + 1, Math.min(this.maxBytes, this.buf.length * 4)));
    next.set(this.buf);
    this.buf = next;
  }
}
