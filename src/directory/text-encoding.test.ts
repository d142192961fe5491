import { describe, expect, it } from 'vitest';
import { decodeWindows1252, streamingDecoder } from './text-encoding.js';

/** What Windows-1252 puts at 0x80 to 0x9F, from the WHATWG Encoding Standard's index; five bytes map to themselves. */
const HIGH_CONTROL_RANGE = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

const everyHighByte = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);

describe('Windows-1252 through TextDecoder', () => {
  it('decodes every byte from 0x80 to 0x9F as Windows-1252, not Latin-1, in one go', () => {
    expect(decodeWindows1252(everyHighByte)).toBe(HIGH_CONTROL_RANGE);
  });

  it('decodes them the same when the file arrives in pieces, the last one flushed', () => {
    const decode = streamingDecoder('windows-1252');
    const text = decode(everyHighByte.subarray(0, 7)) + decode(everyHighByte.subarray(7, 20)) + decode(everyHighByte.subarray(20), true);
    expect(text).toBe(HIGH_CONTROL_RANGE);
  });

  it('decodes a first piece that is also the last, as the header sniffing does', () => {
    expect(streamingDecoder('windows-1252')(Uint8Array.from([0x4f, 0x92, 0x4e, 0x65, 0x69, 0x6c, 0x20, 0x80]), true)).toBe('O’Neil €');
  });

  it('keeps the Latin-1 half of the table as it is', () => {
    expect(decodeWindows1252(Uint8Array.from([0xe9, 0xeb, 0xff, 0xa3]))).toBe('éëÿ£');
  });
});
