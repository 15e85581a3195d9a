/**
 * floatToHalf / fp32ToFp16 are documented as "round to nearest even" for one number
 * (src/oip/tensor.ts TSDoc; fp32ToFp16 takes ArrayLike<number>, so plain doubles too). They round
 * the value to float32 first and then to half: when the float32 rounding lands exactly on a
 * midpoint between two halves, the tie goes to even although the number was not a tie, so the
 * result is the wrong neighbour (double rounding). 65519.99999 (below the 65520 midpoint, so 65504)
 * becomes +Infinity; 1 + 2^-11 + 2^-40 (above the midpoint, so 1 + 2^-10) becomes 1. The same
 * conversion decodes FP16 outputs of a JSON answer (decodeJsonData), so such a value from a server
 * is altered too.
 */
import { describe, expect, it } from 'vitest';
import { decodeJsonData, floatToHalf, fp32ToFp16, halfToFloat } from '../../src/oip/index.js';

describe('floatToHalf rounds the number, not its float32 rounding', () => {
  it.each([
    [65519.99999, 0x7bff], // max finite half (65504), not Infinity
    [-65519.99999, 0xfbff],
    [1 + 2 ** -11 + 2 ** -40, 0x3c01], // just above the tie between 1 and 1 + 2^-10
    [1 + 3 * 2 ** -11 - 2 ** -40, 0x3c01], // just below the tie between 1 + 2^-10 and 1 + 2^-9
    [2 ** -25 + 2 ** -60, 0x0001], // just above half the smallest subnormal
    [2 ** -25 - 2 ** -60, 0x0000],
  ])('%d -> half bits %d', (value, bits) => {
    expect(floatToHalf(value)).toBe(bits);
    expect(fp32ToFp16([value])[0]).toBe(bits);
  });

  it('exact ties and float32 inputs keep round-to-nearest-even', () => {
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00);
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(floatToHalf(65520)).toBe(0x7c00);
    expect(floatToHalf(2 ** -25)).toBe(0x0000);
    expect(floatToHalf(3 * 2 ** -25)).toBe(0x0002);
    for (let bits = 0; bits < 0x7c00; bits += 37) expect(floatToHalf(halfToFloat(bits))).toBe(bits);
  });

  it('an FP16 JSON output just below the overflow midpoint is not read as Infinity', () => {
    expect([...decodeJsonData('FP16', [65519.99999], [1], 0, null, 'oip.infer')]).toEqual([0x7bff]);
  });
});
