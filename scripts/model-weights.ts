/**
 * Deterministic weights and constants of the committed test models (models/*.onnx).
 * The generator (scripts/gen-models.ts) writes them into the models; the tests import the same
 * values and recompute every expected output in plain JavaScript.
 * @module
 */

/** Small deterministic PRNG (mulberry32) so the weights never change between runs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function values(seed: number, n: number, scale: number): Float32Array {
  const rnd = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rnd() * 2 - 1) * scale;
  return out;
}

/** MLP sizes: x[batch,4] -> 8 hidden (ReLU) -> 3 classes (softmax). */
export const MLP = { inputs: 4, hidden: 8, classes: 3 } as const;
/** W1 [4,8], row-major. */
export const MLP_W1 = values(1, MLP.inputs * MLP.hidden, 1);
/** b1 [8]. */
export const MLP_B1 = values(2, MLP.hidden, 0.5);
/** W2 [8,3], row-major. */
export const MLP_W2 = values(3, MLP.hidden * MLP.classes, 1);
/** b2 [3]. */
export const MLP_B2 = values(4, MLP.classes, 0.5);

/** int64 model: y = x * INT64_MUL + INT64_ADD (INT64_ADD is beyond 2^32 on purpose). */
export const INT64_MUL = 3n;
export const INT64_ADD = 1099511627776n; // 2^40

/** Reference MLP in float64 JS: returns probs [batch,3] row-major. */
export function mlpReference(x: ArrayLike<number>, batch: number): Float64Array {
  const { inputs, hidden, classes } = MLP;
  const out = new Float64Array(batch * classes);
  const h = new Float64Array(hidden);
  const logits = new Float64Array(classes);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < hidden; j++) {
      let s = MLP_B1[j]!;
      for (let i = 0; i < inputs; i++) s += x[b * inputs + i]! * MLP_W1[i * hidden + j]!;
      h[j] = s > 0 ? s : 0;
    }
    let max = -Infinity;
    for (let k = 0; k < classes; k++) {
      let s = MLP_B2[k]!;
      for (let j = 0; j < hidden; j++) s += h[j]! * MLP_W2[j * classes + k]!;
      logits[k] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(logits[k]! - max);
    for (let k = 0; k < classes; k++) out[b * classes + k] = Math.exp(logits[k]! - max) / sum;
  }
  return out;
}
