/**
 * Per-call options of Replicate's `run`: `validation` defaults to the client's (core CallOptions:
 * "Validation mode for this call", default the client's). A per-call `validation: 'off'` skips the
 * `output` schema; a client whose validation is `'off'` must behave the same for a call that does
 * not override it, not validate the output strictly.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/replicate/index.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

/** A Standard Schema that refuses everything (the output is a string, it wants a number). */
const NumberOnly = {
  '~standard': {
    version: 1 as const,
    vendor: 'test',
    validate: (v: unknown) => (typeof v === 'number' ? { value: v } : { issues: [{ message: 'expected a number' }] }),
  },
};

describe('replicate run: validation mode of the output schema', () => {
  it('per-call validation off: the output is returned unchecked (control)', async () => {
    fx.rs.setModel(() => ({ output: 'text', steps: 0 }));
    await expect(run(fx.client, 'acme/echo', { input: {}, output: NumberOnly, validation: 'off' })).resolves.toBe('text');
  });

  it("client-level validation off: the same call (no per-call validation) returns the output unchecked", async () => {
    fx.rs.setModel(() => ({ output: 'text', steps: 0 }));
    const client = fx.makeClient({ validation: 'off' });
    await expect(run(client, 'acme/echo', { input: {}, output: NumberOnly })).resolves.toBe('text');
  });
});
