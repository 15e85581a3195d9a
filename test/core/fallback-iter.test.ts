/** withFallback (src/core/fallback.ts): a primed async generator read first with next() and then with for await keeps every item. */
import { describe, expect, it } from 'vitest';
import { withFallback } from '../../src/core/fallback.js';

async function* gen(tag: string): AsyncGenerator<string> {
  yield `${tag}1`;
  yield `${tag}2`;
  yield `${tag}3`;
}

describe('primed async generator read with next() and then for-await', () => {
  it('reading the first item with next() and the rest with for-await works like the generator itself', async () => {
    // the plain generator allows it: its [Symbol.asyncIterator]() is itself
    const plain = gen('p');
    const plainFirst = await plain.next();
    const plainRest: string[] = [];
    for await (const v of plain) plainRest.push(v);
    expect([plainFirst.value, ...plainRest]).toEqual(['p1', 'p2', 'p3']);

    const target = withFallback({ run: async () => gen('p') }, { run: async () => gen('f') });
    const r = (await target.run()) as unknown as AsyncGenerator<string>;
    const first = await r.next();
    const rest: string[] = [];
    for await (const v of r) rest.push(v);
    expect([first.value, ...rest]).toEqual(['p1', 'p2', 'p3']);
  });
});
