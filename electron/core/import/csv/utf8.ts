// UTF-8 validation of a byte stream read in chunks, without decoding it twice.
import { isUtf8 } from 'node:buffer';

/**
 * Checks that a byte stream is UTF-8, chunk by chunk (the chunks may split a character). Same
 * verdict, at the same chunk, as a fatal TextDecoder fed the same chunks, at a fraction of its
 * cost: each chunk is checked by `buffer.isUtf8` (no string made); the start of a character cut by
 * the end of a chunk is checked as far as it goes and kept, to be checked whole with the next one.
 */
export class Utf8Check {
  /** Start of a character cut by the end of the previous chunk (1 to 3 bytes), else null. */
  private carry: Buffer | null = null;

  /** Feeds a chunk (undefined: the end of the stream). False once the bytes are not UTF-8. */
  push(bytes: Buffer | undefined): boolean {
    if (bytes === undefined) return this.carry === null; // a character cut by the end of the file
    let start = 0;
    if (this.carry !== null) {
      const need = utf8Length(this.carry[0]!) - this.carry.length;
      const joined = Buffer.concat([this.carry, bytes.subarray(0, need)]);
      this.carry = null;
      if (bytes.length < need) {
        // Still not whole (a tiny chunk): what there is must be a valid start.
        if (!validStart(joined, 0)) return false;
        this.carry = joined;
        return true;
      }
      if (!isUtf8(joined)) return false;
      start = need;
    }
    const cut = cutCharacter(bytes, start);
    if (!isUtf8(bytes.subarray(start, bytes.length - cut))) return false;
    if (cut > 0) this.carry = Buffer.from(bytes.subarray(bytes.length - cut));
    return true;
  }
}

/** Length of the UTF-8 sequence a lead byte announces; 0 for a byte that cannot start one. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Whether bytes[at…] (a lead byte and fewer continuation bytes than it announces) can begin a
 * character: every byte after the lead is a continuation byte, and the second one is in the range
 * the lead allows (no overlong form, no surrogate, nothing beyond U+10FFFF).
 */
function validStart(bytes: Uint8Array, at: number): boolean {
  const lead = bytes[at]!;
  const len = utf8Length(lead);
  if (len < 2 || bytes.length - at >= len) return false;
  for (let i = at + 1; i < bytes.length; i++) {
    const b = bytes[i]!;
    const lo = i === at + 1 ? (lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80) : 0x80;
    const hi = i === at + 1 ? (lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf) : 0xbf;
    if (b < lo || b > hi) return false;
  }
  return true;
}

/**
 * Bytes at the end of `bytes` (from `start`) that validly begin a character the chunk does not
 * finish. Anything else (a complete character, or bytes that are not UTF-8 anyway) → 0: left to
 * isUtf8, so that invalid bytes are reported with this chunk, as a decoder would.
 */
function cutCharacter(bytes: Buffer, start: number): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && n - back >= start; back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) !== 0x80) return utf8Length(b) > back && validStart(bytes, n - back) ? back : 0;
  }
  return 0;
}
