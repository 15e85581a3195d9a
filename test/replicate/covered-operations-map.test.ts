/**
 * COVERED_OPERATIONS maps each spec operationId to "the standalone function that implements it":
 * every name it gives must be a function `modelwire/replicate` exports, so a reader (or a tool)
 * following the map lands on real code.
 */
import { expect, it } from 'vitest';
import * as replicate from '../../src/replicate/index.js';

it('every operationId maps to an exported function of modelwire/replicate', () => {
  const exported = replicate as unknown as Record<string, unknown>;
  const missing = Object.entries(replicate.COVERED_OPERATIONS).filter(([, fn]) => typeof exported[fn] !== 'function');
  expect(missing).toEqual([]);
  // one function per operation, except the model-scoped create that createPrediction also serves
  const fns = Object.values(replicate.COVERED_OPERATIONS);
  expect(new Set(fns).size).toBe(fns.length - 1);
  expect(replicate.COVERED_OPERATIONS['models.predictions.create']).toBe('createPrediction');
});
