/**
 * decodeBase64 (TSDoc: "Throws a `TypeError` naming the position of the first character that is
 * not base64"), for the places the main test does not reach: the third character of an unpadded
 * tail, characters beyond Latin-1 (whose code is past the 256-entry table), and `=` anywhere but at
 * the end.
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Float32 } from '../../src/openai/index.js';

describe('decodeBase64 rejects what is not base64, naming the position', () => {
  it.each([
    ['the third character of a three-character tail', 'AAECAw*', 6],
    ['the second character of a two-character tail', 'AAECA*', 5],
    ['a character beyond Latin-1 in a full group', 'AA€A', 2],
    ['a character beyond Latin-1 in the tail', 'AAECA€w', 5],
    ['an astral character', 'AAEC😀', 4],
    ['a padding character inside the text', 'AA=AAAAA', 2],
  ])('%s', (_what, text, position) => {
    expect(() => decodeBase64(text)).toThrow(TypeError);
    expect(() => decodeBase64(text)).toThrow(new RegExp(`at position ${position}$`));
  });

  it('a corrupt float32 vector throws too', () => {
    expect(() => decodeBase64Float32('AACAPw€=')).toThrow(/at position 6/);
  });
});
