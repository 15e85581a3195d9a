// Two copies of modelwire in one process (the ESM and the CJS build, which Node loads side by side
// when an app requires 'modelwire' in one place and imports it in another): a Stream that one
// copy's requestStream returned (its first event already in) and the other copy's withFallback
// answers with hands out every event, read with forEach, toReadableStream or for await.
// Regression: the other copy did not know the stream had its first event and read it ahead through
// the stream's iterator, replaying it only to for await / next(): forEach and toReadableStream,
// which read the stream itself, threw 'This stream was already consumed'. Likewise a lazy stream
// (Stream.fromIterable), which withFallback does read ahead: the other copy did not know it for a
// Stream and handed it out as it was. Real HTTP on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, requestStream, Stream, withFallback } from '../../src/index.js';
import { sse, startTestServer, type TestServer } from '../helpers/test-server.js';
import { secondCopy } from './_support.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("a Stream of one copy of modelwire answered through another copy's withFallback", () => {
  it.each([
    ['this copy stream, the other copy withFallback', true],
    ['the other copy stream, this copy withFallback', false],
  ])('%s: forEach, toReadableStream and for await each get every event', async (_name, oursMakes) => {
    server = await startTestServer((_req, res) => sse(res, [{ n: 1 }, { n: 2 }, { n: 3 }, '[DONE]']));
    const copy = await secondCopy();
    const [make, open, wrap] = oursMakes ? [createClient, requestStream, copy.withFallback] : [copy.createClient, copy.requestStream, withFallback];
    const client = make({ baseURL: server.url });
    const source = { events: () => open<{ n: number }>(client, { method: 'GET', path: '/events', operation: 'test.events' }) };
    const target = wrap(source, { events: async () => { throw new Error('the fallback is not asked'); } });

    const viaForEach: number[] = [];
    await (await target.events()).forEach((e) => void viaForEach.push(e.n));
    expect(viaForEach).toEqual([1, 2, 3]);

    const text = await new Response((await target.events()).toReadableStream()).text();
    expect([...text.matchAll(/"n":(\d)/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3]);

    const viaLoop: number[] = [];
    for await (const e of await target.events()) viaLoop.push(e.n);
    expect(viaLoop).toEqual([1, 2, 3]);
  });
});

describe("a lazy Stream (Stream.fromIterable) of one copy of modelwire answered through another copy's withFallback", () => {
  const numbers = async function* (): AsyncGenerator<number> {
    yield 1;
    yield 2;
    yield 3;
  };
  it.each([
    ['this copy stream, the other copy withFallback', true],
    ['the other copy stream, this copy withFallback', false],
  ])('%s: forEach, toReadableStream, tee and for await each get every item', async (_name, oursMakes) => {
    const copy = await secondCopy();
    const [Made, wrap] = oursMakes ? [Stream, copy.withFallback] : [copy.Stream, withFallback];
    const target = wrap({ items: async () => Made.fromIterable(numbers()) }, { items: async (): Promise<Stream<number>> => { throw new Error('the fallback is not asked'); } });

    const viaForEach: number[] = [];
    await (await target.items()).forEach((n) => void viaForEach.push(n));
    expect(viaForEach).toEqual([1, 2, 3]);

    const text = await new Response((await target.items()).toReadableStream()).text();
    expect(text).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\ndata: [DONE]\n\n');

    const [a, b] = (await target.items()).tee();
    const viaTee: number[][] = [[], []];
    await Promise.all([a.forEach((n) => void viaTee[0]!.push(n)), b.forEach((n) => void viaTee[1]!.push(n))]);
    expect(viaTee).toEqual([[1, 2, 3], [1, 2, 3]]);

    const viaLoop: number[] = [];
    for await (const n of await target.items()) viaLoop.push(n);
    expect(viaLoop).toEqual([1, 2, 3]);

    expect((await target.items()).sourceName).toBe('primary');
  });
});
