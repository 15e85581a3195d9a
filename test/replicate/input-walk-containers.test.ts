/**
 * How a create's `input` check walks containers (src/replicate/shared.ts checkInput): one list of
 * the containers above a value per container, shared by its values, so that a cycle at any depth is
 * refused, one object reached twice through siblings is no cycle, and a large array of numbers
 * goes through whole, with the path of a bad value deep inside it.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createPrediction } from '../../src/replicate/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('replicate: the input walk', () => {
  it('refuses a cycle three containers down, naming where it closes', async () => {
    const inner: Record<string, unknown> = { v: 1 };
    const input = { a: [{ b: inner }] };
    inner.back = input.a;
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input }), /^input\.a\[0\]\.b\.back$/);
  });

  it('sends one object reached through two siblings, and through two array elements', async () => {
    const shared = { k: 'v', n: [1, 2] };
    const input = { left: shared, right: shared, list: [shared, shared] };
    await createPrediction(client(), { model: 'a/b', input }).catch(() => undefined);
    expect(box.server.requests.at(-1)?.json()).toMatchObject({ input: { left: shared, right: shared, list: [shared, shared] } });
  });

  it('sends a million numbers, and refuses one NaN among them by its index', async () => {
    const samples = Array.from({ length: 1_000_000 }, (_, i) => i / 7);
    await createPrediction(client(), { model: 'a/b', input: { samples } }).catch(() => undefined);
    expect((box.server.requests.at(-1)?.json() as { input: { samples: number[] } }).input.samples).toHaveLength(1_000_000);
    samples[765_432] = Number.NaN;
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { nested: [{ samples }] } }), /^input\.nested\[0\]\.samples\[765432\]$/);
  });
});
