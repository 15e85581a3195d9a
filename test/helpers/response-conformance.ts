/**
 * The refusal bookkeeping of the response-conformance suites (test/<platform>/response-conformance.test.ts):
 * each spec-valid sample is served and the SDK called; every ResponseValidationError issue is
 * recorded once by `operation path` (indices as `[]`), and at the end every refusal must be
 * explained by a deliberate rule and every rule must still explain one.
 *
 * @example
 * ```ts
 * const refusals = new Refusals();
 * for (const sample of responseSamples(SPEC, 'predictions.get')) {
 *   body = sample.value;
 *   await refusals.run('predictions.get', sample, () => getPrediction(client, 'p'));
 * }
 * refusals.expectOnly([[/ \.results$/, 'a page without results would end a list silently']]);
 * ```
 * @module
 */
import { expect } from 'vitest';
import { ResponseValidationError } from '../../src/index.js';
import type { SpecSample } from './spec-samples.js';

/** A refusal the SDK makes on purpose: matches `operation path` keys, and says why. */
export type Deliberate = [rule: RegExp, why: string];

/** One operation of a suite: its spec-valid answers, the SDK call, and whether it answers as an event stream. */
export interface SampledOperation<C> {
  samples: () => SpecSample[];
  call: (client: C) => Promise<unknown>;
  stream?: true;
}

/** Refusals of spec-valid samples, by `operation path`. */
export class Refusals {
  /** `operation path` → the label of the first sample refused there. */
  readonly byPath = new Map<string, string>();
  /** How many samples were run. */
  count = 0;

  /** Calls the SDK for one sample; anything but success or a ResponseValidationError fails the test. */
  async run(operation: string, sample: SpecSample, call: () => Promise<unknown>): Promise<void> {
    this.count++;
    let error: unknown;
    try {
      await call();
      return;
    } catch (e) {
      error = e;
    }
    expect(error, `${operation} ${sample.label}`).toBeInstanceOf(ResponseValidationError);
    for (const issue of (error as ResponseValidationError).issues) {
      const key = `${operation} ${issue.path.map((k) => (typeof k === 'number' ? '[]' : `.${String(k)}`)).join('')}`;
      if (!this.byPath.has(key)) this.byPath.set(key, sample.label);
    }
  }

  /** Runs every sample of every operation: `answer` sets what the test server sends next, then the call runs. */
  async runAll<C>(operations: Record<string, SampledOperation<C>>, client: C, answer: (body: unknown, stream: boolean) => void): Promise<void> {
    for (const [operation, { samples, call, stream = false }] of Object.entries(operations)) {
      for (const sample of samples()) {
        answer(sample.value, stream);
        await this.run(operation, sample, () => call(client));
      }
    }
  }

  /** Every refusal is explained by a rule, and every rule explains a refusal. */
  expectOnly(deliberate: readonly Deliberate[]): void {
    const keys = [...this.byPath.keys()];
    const unexplained = keys.filter((key) => !deliberate.some(([rule]) => rule.test(key))).map((key) => `${key}  (sample: ${this.byPath.get(key)})`);
    expect(unexplained).toEqual([]);
    expect(deliberate.filter(([rule]) => !keys.some((key) => rule.test(key))).map(([rule]) => String(rule))).toEqual([]);
  }
}
