import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, StreamError, TimeoutError } from '../../src/index.js';
import { createPrediction, decodeReplicateEvent, streamPrediction, type ReplicateStreamEvent } from '../../src/replicate/index.js';
import { sseFrame } from '../helpers/test-server.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

async function collect(stream: AsyncIterable<ReplicateStreamEvent>): Promise<ReplicateStreamEvent[]> {
  const out: ReplicateStreamEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('streamPrediction', () => {
  it('yields typed output, logs and done events from urls.stream', async () => {
    fx.rs.setModel(() => ({ output: ['Hello', ', ', 'world'] }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: { prompt: 'hi' } });
    expect(p.urls?.stream).toBe(`${fx.rs.url}/stream/${p.id}`);
    const events = await collect(await streamPrediction(fx.client, p));
    expect(events).toEqual([
      { type: 'output', data: 'Hello', id: '1' },
      { type: 'output', data: ', ', id: '2' },
      { type: 'output', data: 'world', id: '3' },
      { type: 'logs', data: 'finished', id: undefined },
      { type: 'done', reason: undefined, data: {} },
    ]);
    const rec = fx.rs.server.requests.filter((r) => r.path === `/stream/${p.id}`).at(-1)!;
    expect(rec.headers.accept).toBe('text/event-stream');
  });

  it('keeps multi-line output and ends at done even if the server keeps the connection open', async () => {
    fx.rs.setModel(() => ({
      events: [
        sseFrame({ comment: 'keep-alive' }),
        sseFrame({ event: 'output', data: 'line one\nline two' }),
        sseFrame({ data: 'unnamed event is skipped' }),
        sseFrame({ event: 'done', data: '{"reason":"canceled"}' }),
        sseFrame({ event: 'output', data: 'never seen' }),
      ],
      eventDelayMs: 1,
    }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const events = await collect(await fx.replicate.stream(p));
    expect(events).toEqual([
      { type: 'output', data: 'line one\nline two', id: undefined },
      { type: 'done', reason: 'canceled', data: { reason: 'canceled' } },
    ]);
  });

  it('turns an error event into a StreamError carrying the payload', async () => {
    fx.rs.setModel(() => ({
      events: [sseFrame({ event: 'output', data: 'partial' }), sseFrame({ event: 'error', data: '{"detail":"model crashed"}' })],
    }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of await streamPrediction(fx.client, p)) if (e.type === 'output') seen.push(e.data);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['partial']);
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).message).toContain('model crashed');
    expect((err as StreamError).event).toEqual({ type: 'error', detail: 'model crashed' });
  });

  it('an error event without detail or message leaks no piece of a key its data echoes where a 500-character cut would fall', async () => {
    const token = fx.rs.token;
    // '{"code":"' (9) + 485 + the key: a cut of the data at 500 before scrubbing keeps its first 6 characters
    fx.rs.setModel(() => ({
      events: [sseFrame({ event: 'output', data: 'partial' }), sseFrame({ event: 'error', data: JSON.stringify({ code: `${'w'.repeat(485)}${token}` }) })],
    }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const err = (await collect(await streamPrediction(fx.client, p)).catch((e: unknown) => e)) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.message).toContain(`prediction ${p.id} reported an error: {"code":"www`);
    expect(err.event).toEqual({ type: 'error', code: `${'w'.repeat(485)}[redacted]` });
    const piece = token.slice(0, 6);
    for (const text of [err.message, String(err), err.stack, JSON.stringify(err), inspect(err, { depth: Infinity })]) expect(text).not.toContain(piece);
  });

  it('resumes with Last-Event-ID after a mid-stream drop', async () => {
    fx.rs.setModel(() => ({ output: ['a', 'b', 'c'] }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    fx.rs.server.faults.push({
      match: `/stream/${p.id}`,
      fault: { kind: 'truncated-sse', events: [sseFrame({ event: 'output', id: '1', data: 'a' })] },
    });
    const events = await collect(await streamPrediction(fx.client, p));
    expect(events.filter((e) => e.type === 'output').map((e) => (e as { data: string }).data)).toEqual(['a', 'b', 'c']);
    const attempts = fx.rs.server.requests.filter((r) => r.path === `/stream/${p.id}`);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.headers['last-event-id']).toBe('1');
  });

  it('breaking out early releases the stream', async () => {
    fx.rs.setModel(() => ({ output: Array.from({ length: 50 }, (_, i) => `t${i}`), eventDelayMs: 5 }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const got: string[] = [];
    for await (const e of await streamPrediction(fx.client, p)) {
      if (e.type === 'output') got.push(e.data);
      if (got.length === 2) break;
    }
    expect(got).toEqual(['t0', 't1']);
  });

  it('applies the idle timeout between events', async () => {
    fx.rs.setModel(() => ({ output: ['x'] }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    fx.rs.server.faults.push({
      match: `/stream/${p.id}`,
      fault: { kind: 'stall-body', headers: { 'content-type': 'text/event-stream' }, body: 'event: output\ndata: first\n\n' },
    });
    const stream = await streamPrediction(fx.client, p, { idleTimeoutMs: 100 });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toMatchObject({ type: 'output', data: 'first' });
    await expect(it.next()).rejects.toBeInstanceOf(TimeoutError);
  });

  it('refuses a prediction without a stream URL, and a foreign stream host', async () => {
    fx.rs.setModel(() => ({ noStream: true }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    await expect(streamPrediction(fx.client, p)).rejects.toMatchObject({ path: 'urls.stream' });
    const before = fx.rs.server.requests.length;
    const err = await streamPrediction(fx.client, 'https://evil.example.com/steal').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as Error).message).toContain('refusing to send credentials');
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('refusing a stream URL never quotes its user info (the echoed token), only scheme and host', async () => {
    const token = fx.rs.token;
    const before = fx.rs.server.requests.length;
    const cases: [string, string | undefined][] = [
      [`https://api:${token}@stream.evil.example/v1/streams/p2`, 'https://stream.evil.example:'],
      [`https://u:${token}@x@evil.example:8443?q=1`, 'https://evil.example:8443:'],
      [`https://${token}@evil.example/a\nb`, 'https://evil.example:'], // a newline after the host
      [`wss://u:${token}@evil.example/`, undefined],
    ];
    for (const [url, quoted] of cases) {
      const err = (await streamPrediction(fx.client, { urls: { stream: url } } as never).catch((e: unknown) => e)) as InvalidRequestError;
      expect(err, url).toBeInstanceOf(InvalidRequestError);
      expect(err.path).toBe('urls.stream');
      if (quoted) expect(err.message).toContain(`refusing to send credentials to ${quoted}`);
      for (const text of [err.message, String(err), err.stack, JSON.stringify(err), inspect(err)]) {
        expect(text, url).not.toContain(token);
        expect(text, url).not.toContain('u:');
      }
    }
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('decodes events per Replicate SSE', () => {
    expect(decodeReplicateEvent({ event: 'logs', data: 'step 1', id: undefined })).toEqual({ type: 'logs', data: 'step 1', id: undefined });
    expect(decodeReplicateEvent({ event: 'done', data: '', id: undefined })).toEqual({ type: 'done', reason: undefined, data: {} });
    expect(() => decodeReplicateEvent({ event: 'error', data: 'plain text failure', id: undefined })).toThrow(/plain text failure/);
    expect(typeof decodeReplicateEvent({ event: 'ping', data: '', id: undefined })).toBe('symbol');
  });
});

describe('credential scope of server-given URLs', () => {
  it('trusts only the API origin and https on replicate.com', async () => {
    const { isTrustedUrl, nextPageUrl } = await import('../../src/replicate/shared.js');
    const { createClient } = await import('../../src/index.js');
    const c = createClient({ baseURL: 'https://api.replicate.com/v1' });
    expect(isTrustedUrl(c, 'https://api.replicate.com/v1/models?cursor=x')).toBe(true);
    expect(isTrustedUrl(c, 'https://stream.replicate.com/v1/files/abc')).toBe(true);
    expect(isTrustedUrl(c, 'https://REPLICATE.com/x')).toBe(true);
    expect(isTrustedUrl(c, 'http://stream.replicate.com/v1/files/abc')).toBe(false); // no token over plain http
    expect(isTrustedUrl(c, 'https://evilreplicate.com/x')).toBe(false);
    expect(isTrustedUrl(c, 'https://replicate.com.evil.io/x')).toBe(false);
    expect(isTrustedUrl(c, 'https://user@evil.io/?replicate.com')).toBe(false);
    expect(isTrustedUrl(c, '/relative')).toBe(false);
    expect(nextPageUrl(c, 'https://api.replicate.com/v1/models?cursor=abc', '/models')).toBe('https://api.replicate.com/v1/models?cursor=abc');
    expect(nextPageUrl(c, 'https://evil.io/v1/models?cursor=abc', '/models')).toBe('/models?cursor=abc');
    expect(nextPageUrl(c, 'https://evil.io/nothing', '/models')).toBe('/models');
  });
});
