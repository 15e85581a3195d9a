import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Float32 } from '../../src/openai/index.js';

describe('decodeBase64', () => {
  it('matches Buffer on random bytes of every length remainder, padded or not, std and url alphabets', () => {
    for (let len = 0; len < 70; len++) {
      const bytes = new Uint8Array(len);
      for (let i = 0; i < len; i++) bytes[i] = (i * 73 + len * 31) & 255;
      const b64 = Buffer.from(bytes).toString('base64');
      expect(decodeBase64(b64)).toEqual(bytes);
      expect(decodeBase64(b64.replace(/=+$/, ''))).toEqual(bytes);
      expect(decodeBase64(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
    }
  });

  it('rejects characters outside the alphabet with their position', () => {
    expect(() => decodeBase64('AAE*Aw==')).toThrow(/"\*" at position 3/);
    expect(() => decodeBase64('AAECAé==')).toThrow(/position 5/);
    expect(() => decodeBase64('A')).toThrow(/cannot encode whole bytes/);
  });
});

describe('decodeBase64Float32', () => {
  it('decodes little-endian float32 into a Float32Array equal to the encoded one', () => {
    const v = new Float32Array([0, 1, -1, 0.1, -0.333, 3.4e38, 1e-45, Number.NaN, Infinity]);
    const out = decodeBase64Float32(Buffer.from(v.buffer).toString('base64'));
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual(Array.from(v));
  });

  it('rejects a byte count that is not a multiple of 4', () => {
    expect(() => decodeBase64Float32(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/multiple of 4/);
  });
});
