/**
 * Sync mode's `Prefer` header at its bounds: Replicate takes `wait=n` for n from 1 to 60 (a bare
 * `wait` is its 60 s default). Both ends are sent as given, 0 is refused naming `wait` before
 * anything is sent, and the wait is shortened to whole seconds that leave one second of the
 * call's deadline for the answer: a 2 s deadline still fits `wait=1`, anything shorter sends none.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createPrediction } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const CREATE = '/v1/models/official/flux/predictions';
const creates = () => fx.rs.server.requests.filter((r) => r.method === 'POST' && r.path === CREATE);
const create = (options: Parameters<typeof createPrediction>[2]) => createPrediction(fx.client, { model: 'official/flux', input: {} }, options);

describe('Prefer: wait bounds', () => {
  it('sends wait=1 and wait=60 as given (a number of 60 is not turned into the bare default)', async () => {
    fx.rs.setModel(() => ({ output: 'ok', sync: true }));
    await create({ wait: 1, timeoutMs: 120_000 });
    expect(creates().at(-1)!.headers.prefer).toBe('wait=1');
    await create({ wait: 60, timeoutMs: 120_000 });
    expect(creates().at(-1)!.headers.prefer).toBe('wait=60');
    await create({ wait: true, timeoutMs: 120_000 });
    expect(creates().at(-1)!.headers.prefer).toBe('wait');
  });

  it('refuses a wait of 0 or below, naming wait, before sending anything', async () => {
    const before = creates().length;
    for (const wait of [0, -1]) {
      const err = await rejectionAs(create({ wait }), InvalidRequestError);
      expect(err.path).toBe('wait');
    }
    expect(creates()).toHaveLength(before);
  });

  it('keeps one second of the deadline for the answer: 2000 ms fits wait=1, 1999 ms fits none', async () => {
    fx.rs.setModel(() => ({ output: 'ok', sync: true }));
    await create({ wait: true, timeoutMs: 2000 });
    expect(creates().at(-1)!.headers.prefer).toBe('wait=1');
    await create({ wait: 60, timeoutMs: 2999 });
    expect(creates().at(-1)!.headers.prefer).toBe('wait=1');
    await create({ wait: 10, timeoutMs: 1999 });
    expect(creates().at(-1)!.headers).not.toHaveProperty('prefer');
    // a deadline longer than the wait does not lengthen it
    await create({ wait: 3, timeoutMs: 61_000 });
    expect(creates().at(-1)!.headers.prefer).toBe('wait=3');
  });
});
