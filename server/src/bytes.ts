/**
 * Text of a file whose bytes may not all be UTF-8, kept byte for byte.
 *
 * Valid UTF-8 decodes as usual. Each byte that is not part of a valid UTF-8 sequence becomes one
 * lone low surrogate, U+DC80–U+DCFF (as Python's `surrogateescape`); UTF-8 cannot encode a lone
 * surrogate, so these never stand for anything else. Encoding turns them back into the same bytes,
 * so text the fixes do not touch comes back exactly as it was read: a Latin-1 `é` in a comment
 * stays the byte 0xE9, never U+FFFD.
 */

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface DecodedText {
  text: string;
  /** False when some bytes were not UTF-8 and are carried as escapes. */
  utf8: boolean;
}

/** Length of the valid UTF-8 sequence starting at `i` (RFC 3629: no overlongs, surrogates or code points past U+10FFFF), 0 if none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const continuation = (k: number, low = 0x80, high = 0xbf) => i + k < bytes.length && bytes[i + k] >= low && bytes[i + k] <= high;
  if (b >= 0xc2 && b <= 0xdf) return continuation(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const low = b === 0xe0 ? 0xa0 : 0x80;
    const high = b === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const low = b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

export function decodeBytes(bytes: Uint8Array): DecodedText {
  try {
    return { text: strict.decode(bytes), utf8: true };
  } catch {
    // Not UTF-8 throughout: decode the valid runs, escape the other bytes one by one.
  }
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (runStart < i) parts.push(strict.decode(bytes.subarray(runStart, i)));
    parts.push(String.fromCharCode(0xdc00 + bytes[i]));
    i++;
    runStart = i;
  }
  if (runStart < i) parts.push(strict.decode(bytes.subarray(runStart, i)));
  return { text: parts.join(''), utf8: false };
}

/**
 * Whether `text`, decoded from some bytes by a replacing UTF-8 decoder (Node's `readFileSync(…,
 * 'utf8')`, `buffer.toString()`: WHATWG decoding, each invalid sequence becomes U+FFFD, a BOM is
 * kept), is exactly what decodeBytes makes of the same bytes. It is unless it holds U+FFFD: bytes that
 * are valid UTF-8 have one decoding (decodeBytes' strict decoder also keeps the BOM), and bytes that
 * are not leave at least one U+FFFD. A U+FFFD that the file really holds only costs the lossless path.
 */
export function isLosslessUtf8Decoding(text: string): boolean {
  return !text.includes('\uFFFD');
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * The bytes of `text`, escapes turned back into the bytes they stand for. Throws on a lone
 * surrogate that is not such an escape (it has no bytes; nothing decodeBytes makes has one).
 */
export function encodeText(text: string): Buffer {
  const parts: Buffer[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHigh(unit) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (!isHigh(unit) && !isLow(unit)) continue;
    if (unit < 0xdc80 || unit > 0xdcff) throw new Error(`a lone surrogate U+${unit.toString(16).toUpperCase()} at offset ${i} has no bytes`);
    if (runStart < i) parts.push(Buffer.from(text.slice(runStart, i), 'utf8'));
    parts.push(Buffer.of(unit - 0xdc00));
    runStart = i + 1;
  }
  if (runStart === 0) return Buffer.from(text, 'utf8');
  if (runStart < text.length) parts.push(Buffer.from(text.slice(runStart), 'utf8'));
  return Buffer.concat(parts);
}
