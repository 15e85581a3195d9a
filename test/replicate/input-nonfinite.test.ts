/**
 * A create's `input` is checked so that "an input value JSON cannot carry as it is" is refused
 * before the (billable) prediction is created (docs/replicate.md, checkInput's TSDoc: values
 * "JSON carries as they are"). NaN, Infinity and -Infinity are numbers JSON cannot carry:
 * JSON.stringify writes them as `null`, so `{ seed: NaN }` (a failed parseInt of a config value)
 * silently ran the model with `seed: null`, i.e. a different input than the caller gave.
 */
import { describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { createPrediction, run } from '../../src/replicate/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('replicate: non-finite numbers in input are refused before sending', () => {
  it('refuses NaN, naming where it is', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { seed: Number.NaN } }), /^input\.seed$/);
  });

  it('refuses Infinity nested in an array', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { weights: [1, Infinity] } }), /^input\.weights\[1\]$/);
  });

  it('run refuses -Infinity before creating anything', async () => {
    const before = box.server.requests.length;
    const err = await run(client(), 'a/b', { input: { guidance: -Infinity }, wait: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('input.guidance');
    expect(box.server.requests.length).toBe(before);
  });

  it('finite numbers still pass', async () => {
    await createPrediction(client(), { model: 'a/b', input: { seed: 42, scale: -1.5, zero: 0 } }).catch(() => undefined);
    expect(box.server.requests.at(-1)?.json()).toMatchObject({ input: { seed: 42, scale: -1.5, zero: 0 } });
  });
});
