/**
 * An `undefined` or a hole inside an array of a create's `input` is refused before sending, naming
 * where it is: JSON.stringify writes both as `null` (`[1, undefined]` → `[1,null]`, `[1, , 3]` →
 * `[1,null,3]`), so the (billable) prediction would run with an input the caller never gave — the
 * same reason NaN is refused. An `undefined` object property is still fine: JSON leaves it out, as
 * if it was not given.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createPrediction, createTraining, run } from '../../src/replicate/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('replicate: undefined and holes in input arrays', () => {
  it('refuses undefined in an array, naming its index', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { images: ['https://x/a.png', undefined] } }), /^input\.images\[1\]$/);
  });

  it('refuses a hole in a sparse array, naming its index', async () => {
    // eslint-disable-next-line no-sparse-arrays
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { weights: [1, , 3] } }), /^input\.weights\[1\]$/);
    await expectRefused(box.server, () => run(client(), 'a/b', { input: { seeds: new Array(2) }, wait: false }), /^input\.seeds\[0\]$/);
    await expectRefused(box.server, () => createTraining(client(), 'a/b', 'v1', { destination: 'a/c', input: { nested: { list: [[undefined]] } } }), /^input\.nested\.list\[0\]\[0\]$/);
  });

  it('still sends an undefined object property as absent, and null in an array as null', async () => {
    await createPrediction(client(), { model: 'a/b', input: { prompt: 'fox', seed: undefined, list: [null, 1] } }).catch(() => undefined);
    expect(box.server.requests.at(-1)?.json()).toEqual({ input: { prompt: 'fox', list: [null, 1] } });
  });
});
