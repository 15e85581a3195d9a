/**
 * FP16 and BF16 conversions (src/oip/tensor.ts) against references written from the IEEE 754
 * definitions: a half is (-1)^s · 2^(e-15) · (1 + m/2^10) (subnormal: 2^-14 · m/2^10), a bfloat16 is
 * (-1)^s · 2^(e-127) · (1 + m/2^7) (subnormal: 2^-126 · m/2^7). Rounding a number picks the nearest
 * representable value, a tie the one with an even mantissa, and a magnitude at or past the midpoint
 * between the largest finite value and the next power of two becomes ±Infinity. Every finite
 * value and every midpoint between neighbours is exact in a double, so the reference compares
 * with no rounding of its own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bf16ToFloat, floatToBf16, floatToHalf, fp16ToFp32, fp32ToBf16, fp32ToFp16, halfToFloat } from '../../src/oip/index.js';
import { props } from '../helpers/property.js';

interface Format {
  name: string;
  bias: number;
  /** Bits of +Infinity (exponent all ones, mantissa 0). */
  inf: number;
  value: (bits: number) => number;
  round: (x: number) => number;
  back: (bits: number) => number;
}

/** Decodes bits of a binary format with `mantissaBits` and exponent bias `bias`, from the definition. */
function decoder(mantissaBits: number, exponentBits: number, bias: number): (bits: number) => number {
  const signBit = 2 ** (mantissaBits + exponentBits);
  const maxE = 2 ** exponentBits - 1;
  return (bits) => {
    const s = bits >= signBit ? -1 : 1;
    const e = Math.floor((bits % signBit) / 2 ** mantissaBits);
    const m = bits % 2 ** mantissaBits;
    if (e === maxE) return m === 0 ? s * Infinity : NaN;
    return e === 0 ? s * 2 ** (1 - bias) * (m / 2 ** mantissaBits) : s * 2 ** (e - bias) * (1 + m / 2 ** mantissaBits);
  };
}

/** Rounds x to the format: nearest finite value, ties to an even mantissa, overflow to ±Infinity. */
function rounder(value: (bits: number) => number, inf: number, bias: number): (x: number) => number {
  const maxFinite = inf - 1;
  const overflowAt = (value(maxFinite) + 2 ** (bias + 1)) / 2; // midpoint to the next power of two
  return (x) => {
    if (Number.isNaN(x)) return NaN;
    const negative = x < 0 || Object.is(x, -0);
    const a = Math.abs(x);
    let bits: number;
    if (a >= overflowAt) bits = inf;
    else {
      // largest lo with value(lo) <= a
      let lo = 0;
      let hi = maxFinite;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (value(mid) <= a) lo = mid;
        else hi = mid - 1;
      }
      if (value(lo) === a) bits = lo;
      else {
        const next = lo + 1;
        const upper = next === inf ? 2 ** (bias + 1) : value(next);
        const midpoint = (value(lo) + upper) / 2;
        bits = a < midpoint ? lo : a > midpoint ? next : lo % 2 === 0 ? lo : next;
      }
    }
    return negative ? bits + 0x8000 : bits; // the sign bit of both 16-bit formats
  };
}

const halfValue = decoder(10, 5, 15);
const bf16Value = decoder(7, 8, 127);
const FORMATS: Format[] = [
  { name: 'FP16', bias: 15, inf: 0x7c00, value: halfValue, round: rounder(halfValue, 0x7c00, 15), back: halfToFloat },
  { name: 'BF16', bias: 127, inf: 0x7f80, value: bf16Value, round: rounder(bf16Value, 0x7f80, 127), back: bf16ToFloat },
];
const toBits = (f: Format): ((x: number) => number) => (f.name === 'FP16' ? floatToHalf : floatToBf16);
const isNaNBits = (f: Format, bits: number): boolean => bits >= 0 && bits <= 0xffff && (bits & 0x7fff) > f.inf;

/** Numbers near the hard spots: exact values, midpoints between neighbours, one step either side. */
function nearTies(f: Format): fc.Arbitrary<number> {
  return fc
    .record({
      bits: fc.integer({ min: 0, max: f.inf - 1 }),
      where: fc.constantFrom('value', 'mid', 'mid+', 'mid-', 'mid++', 'mid--'),
      negative: fc.boolean(),
    })
    .map(({ bits, where, negative }) => {
      const lo = f.value(bits);
      const hi = bits + 1 === f.inf ? 2 ** (f.bias + 1) : f.value(bits + 1);
      const mid = (lo + hi) / 2;
      const tiny = mid * 2 ** -40; // below float32 resolution: float32 rounding would land on the tie
      const x = where === 'value' ? lo : where === 'mid' ? mid : where === 'mid+' ? mid + tiny : where === 'mid-' ? mid - tiny : where === 'mid++' ? mid * (1 + 2 ** -52) : mid * (1 - 2 ** -53);
      return negative ? -x : x;
    });
}

const anyNumber = (f: Format): fc.Arbitrary<number> =>
  fc.oneof(fc.double(), fc.float().map(Number), nearTies(f), fc.double({ min: -(2 ** (f.bias + 2)), max: 2 ** (f.bias + 2) }));

describe.each(FORMATS)('%s conversions against the IEEE definition', (f) => {
  it('every bit pattern decodes to its defined value (exhaustive)', () => {
    for (let bits = 0; bits <= 0xffff; bits++) {
      const want = f.value(bits);
      const got = f.back(bits);
      if (!Object.is(got, want)) expect({ bits, got }).toEqual({ bits, got: want });
    }
  });

  it('every finite and infinite value converts back to its own bits (exhaustive)', () => {
    for (let bits = 0; bits <= 0xffff; bits++) {
      if (isNaNBits(f, bits)) {
        expect(Number.isNaN(f.back(bits))).toBe(true);
        expect(isNaNBits(f, toBits(f)(f.back(bits)))).toBe(true);
      } else if (toBits(f)(f.back(bits)) !== bits) expect({ bits, got: toBits(f)(f.back(bits)) }).toEqual({ bits, got: bits });
    }
  });

  it('any number rounds to the nearest value, ties to even, overflow to Infinity', () => {
    fc.assert(
      fc.property(anyNumber(f), (x) => {
        const got = toBits(f)(x);
        const want = f.round(x);
        if (Number.isNaN(want)) expect(isNaNBits(f, got), `${x} -> ${got}`).toBe(true);
        else expect(got, `${x} (${f.name} ${want.toString(16)})`).toBe(want);
      }),
      props(0xf16a, 3000),
    );
  });

  it('the array converters agree with the one-number ones', () => {
    fc.assert(
      fc.property(fc.array(anyNumber(f), { maxLength: 20 }), (xs) => {
        const bits = f.name === 'FP16' ? fp32ToFp16(xs) : fp32ToBf16(xs);
        expect(Array.from(bits)).toEqual(xs.map(toBits(f)));
        const back = f.name === 'FP16' ? fp16ToFp32(bits) : (Array.from(bits, bf16ToFloat) as unknown as Float32Array);
        Array.from(bits).forEach((b, i) => expect(Object.is(back[i], Math.fround(f.back(b))) || (Number.isNaN(back[i]!) && Number.isNaN(f.back(b)))).toBe(true));
      }),
      props(0xf16b, 300),
    );
  });

  it('is monotonic and odd: x <= y gives value(x) <= value(y); -x gives the sign bit flipped', () => {
    fc.assert(
      fc.property(anyNumber(f), anyNumber(f), (x, y) => {
        fc.pre(!Number.isNaN(x) && !Number.isNaN(y));
        const [a, b] = x <= y ? [x, y] : [y, x];
        expect(f.back(toBits(f)(a)) <= f.back(toBits(f)(b)), `${a} <= ${b}`).toBe(true);
        expect(toBits(f)(-x)).toBe(toBits(f)(x) ^ 0x8000);
      }),
      props(0xf16c, 2000),
    );
  });
});
