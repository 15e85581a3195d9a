/**
 * docs/oip.md (datatype table): FP32 goes out as "numbers with at most 9 significant digits
 * (exactly the same float32 once read as FP32; `-0` kept)". A -0 anywhere in the tensor must not
 * switch the other elements back to their 17-digit double form.
 */
import { describe, expect, it } from 'vitest';
import { encodeJsonData } from '../../src/oip/index.js';

const fp32 = (values: number[]): string => encodeJsonData({ name: 'x', datatype: 'FP32', shape: [values.length], data: new Float32Array(values) }, 0);

describe('FP32 JSON with a -0 element', () => {
  it('keeps the sign of -0 and writes the other elements with at most 9 significant digits', () => {
    const text = fp32([-0, 0.1, 123456.789, -7]);
    expect(text).toBe('[-0,0.100000001,123456.789,-7]');
    const back = Float32Array.from(JSON.parse(text) as number[]);
    expect(Object.is(back[0], -0)).toBe(true);
    expect([...back.subarray(1)]).toEqual([...new Float32Array([0.1, 123456.789, -7])]);
  });

  it('is the same text as without the -0, apart from that element', () => {
    const values = [0.1, 0.2, 1 / 3, 3.4e38, 1e-45];
    expect(fp32([...values, -0])).toBe(`${fp32(values).slice(0, -1)},-0]`);
  });
});
