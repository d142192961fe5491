/** The text encodings administrators' exports arrive in. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Picks the encoding from a byte-order mark, or from the first bytes when there is none.
 * Undefined when the bytes are none of these: GB18030, Shift-JIS, Windows-1251 and the like.
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bomLength: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without a mark still shows as ASCII letters interleaved with zero bytes.
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[3] === 0) return { encoding: 'utf-16le', bomLength: 0 };
  if (head.length >= 4 && head[0] === 0 && head[1] !== 0 && head[2] === 0) return { encoding: 'utf-16be', bomLength: 0 };
  if (isValidUtf8(head)) return { encoding: 'utf-8', bomLength: 0 };
  return looksLikeWindows1252(head) ? { encoding: 'windows-1252', bomLength: 0 } : undefined;
}

/** Bytes Windows-1252 leaves undefined: text in it never holds them. */
const UNDEFINED_IN_WINDOWS_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Windows-1252 text from a Western European export is ASCII with a letter beyond it here and
 * there (é, Ó, ’, €), standing alone between ASCII. Encodings of other alphabets (GB18030,
 * Shift-JIS, Big5, Windows-1251) put such bytes next to each other: every Chinese character is
 * two of them. So bytes Windows-1252 does not define, or mostly neighbouring non-ASCII bytes,
 * mean another encoding.
 */
export function looksLikeWindows1252(bytes: Uint8Array): boolean {
  let high = 0;
  let neighbouring = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte < 0x80) continue;
    if (UNDEFINED_IN_WINDOWS_1252.has(byte)) return false;
    high += 1;
    if ((bytes[i - 1] ?? 0) >= 0x80 || (bytes[i + 1] ?? 0) >= 0x80) neighbouring += 1;
  }
  return high < 8 || neighbouring * 2 < high;
}

/** True when the bytes are valid UTF-8, allowing a sequence cut off at the end. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i] as number;
    const length =
      byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return false;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return true;
      if (((bytes[i + k] as number) & 0xc0) !== 0x80) return false;
    }
    i += length;
  }
  return true;
}

/**
 * A decoder that can be fed a file chunk by chunk. Windows-1252 goes through `TextDecoder` too,
 * with one catch: Node 20's one-shot `decode()` takes a Latin-1 shortcut that turns 0x80 to 0x9F
 * (€, ’, “ and the like) into control characters, and a decoder that has once been called with
 * `stream: true` never takes it. Node 24 decodes them right either way.
 */
export function streamingDecoder(encoding: TextEncoding): (chunk: Uint8Array, last?: boolean) => string {
  const decoder = new TextDecoder(encoding, { fatal: false });
  if (encoding === 'windows-1252') decoder.decode(new Uint8Array(), { stream: true });
  return (chunk, last = false) => decoder.decode(chunk, { stream: !last });
}

/** Decodes a whole Windows-1252 text at once. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return streamingDecoder('windows-1252')(bytes, true);
}
