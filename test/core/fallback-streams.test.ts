/**
 * withFallback over clients whose methods return a Stream (docs/fallback.md, "Streams"), on real
 * loopback servers: an OpenAI-compatible chat stream and an OIP generate_stream.
 * - A stream that fails before its first chunk fails over; one that fails after it does not (its
 *   chunks cannot be replayed from another source): the error reaches the loop.
 * - The breaker is told the outcome once: success when the first chunk arrived. A later error, a
 *   consumer that stops early or never reads say nothing more, so a half-open probe never stays
 *   taken: the circuit is closed as soon as the probe's first chunk arrived.
 * - The caller's abort, during the primary's attempt, during the next source's or during a stream,
 *   ends the call with an AbortError; no further source is asked, no breaker counts it, and a
 *   probe's slot is freed.
 * - An error the server sends as a stream's first event is past that point (the stream has resolved).
 * - onFallback names the method, the source left behind, the one asked next and the error, and
 *   holds no credential.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitBreaker } from '../../src/core/circuit-breaker.js';
import { AbortError, ConnectionError, InternalServerError, StreamError } from '../../src/core/errors.js';
import { withFallback, type FallbackEvent } from '../../src/core/fallback.js';
import { createOipClient, type OipClient } from '../../src/oip/index.js';
import { createOpenAIClient, type ChatCompletionChunk, type OpenAIClient } from '../../src/openai/index.js';
import { startOipServer, TOY_LLM, type OipServer } from '../helpers/oip-server.js';
import { useOpenAIServers, type OpenAIServer } from '../helpers/openai-server.js';
import type { Fault } from '../helpers/faults.js';
import { closedServerUrl } from '../helpers/test-server.js';

const KEY = 'sk-fallback-streams-7c1e-SECRET';
const CHAT = '/v1/chat/completions';
const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'one two three' }], stream: true as const };
const chunk = (content: string): ChatCompletionChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: { content }, finish_reason: null }],
});

let primary: OpenAIServer;
let replica: OpenAIServer;
let last: OpenAIServer;
useOpenAIServers(3, { apiKey: KEY }, (s) => ([primary, replica, last] = s as [OpenAIServer, OpenAIServer, OpenAIServer]));

const openai = (s: OpenAIServer): OpenAIClient => createOpenAIClient({ baseURL: s.baseURL, apiKey: KEY, retry: false });
const chats = (s: OpenAIServer): number => s.server.count(CHAT);

/** Reads a stream to its end or its error: the chunks' contents, and the error if any. */
async function drain(stream: AsyncIterable<ChatCompletionChunk>): Promise<{ got: string[]; error?: unknown }> {
  const got: string[] = [];
  try {
    for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
    return { got };
  } catch (error) {
    return { got, error };
  }
}

/**
 * Starts a chat call with a signal of its own while `at` holds the request (`fault`: no answer, or
 * one that stalls), aborts once the request arrived, and expects the call to end with AbortError.
 */
async function abortWhileHeld(at: OpenAIServer, target: OpenAIClient, fault: Fault = { kind: 'no-headers' }): Promise<void> {
  at.server.faults.push({ match: CHAT, fault });
  const ac = new AbortController();
  const call = target.chat.completions.create(params, { signal: ac.signal });
  await at.server.waitForRequests(1);
  ac.abort();
  await expect(call).rejects.toBeInstanceOf(AbortError);
}

describe('an OpenAI chat stream behind withFallback', () => {
  it('fails over when the stream breaks before its first chunk, and the event names both sources and the error', async () => {
    const events: FallbackEvent[] = [];
    const breaker = createCircuitBreaker();
    const target = withFallback<OpenAIClient>(openai(primary), openai(replica), { breaker, primaryName: 'vllm', fallbackName: 'openai', fallbackSource: 'remote', onFallback: (e) => events.push(e) });
    primary.server.faults.push({ match: CHAT, fault: { kind: 'truncated-sse', events: [] } });
    const stream = await target.chat.completions.create(params);
    expect([stream.source, stream.sourceName]).toEqual(['remote', 'openai']);
    const { got, error } = await drain(stream);
    expect(error).toBeUndefined();
    expect(got.join('')).not.toBe('');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ method: 'chat.completions.create', reason: 'error', from: 'vllm', to: 'openai' });
    expect(events[0]!.error).toBeInstanceOf(ConnectionError);
    expect(breaker.consecutiveFailures).toBe(1);
  });

  it('does not fail over once a chunk has arrived: the break reaches the loop, and the first chunk counted as the success', async () => {
    const events: FallbackEvent[] = [];
    const breaker = createCircuitBreaker({ failureThreshold: 1 });
    const target = withFallback<OpenAIClient>(openai(primary), openai(replica), { breaker, onFallback: (e) => events.push(e) });
    primary.server.faults.push({ match: CHAT, fault: { kind: 'truncated-sse', events: [chunk('first')] } });
    const stream = await target.chat.completions.create(params);
    expect(stream.sourceName).toBe('primary');
    const { got, error } = await drain(stream);
    expect(got).toEqual(['first']);
    expect(error).toBeInstanceOf(StreamError);
    expect(chats(replica)).toBe(0);
    expect(events).toEqual([]);
    expect(breaker.state).toBe('closed');
  });

  describe('a half-open probe that streams', () => {
    /** A primary on a breaker with an injected clock; `open()` opens it with one 503 (the fallback answers) and ends its cool-down: the next call is the probe. */
    const setup = () => {
      let now = 0;
      const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => now });
      const target = withFallback<OpenAIClient>(openai(primary), openai(replica), { breaker });
      const open = async (): Promise<CircuitBreaker> => {
        primary.server.faults.push({ match: CHAT, fault: { kind: 'status', status: 503 } });
        (await target.chat.completions.create(params)).abort();
        expect(breaker.state).toBe('open');
        now += 1_000;
        primary.server.reset();
        replica.server.reset();
        return breaker;
      };
      return { target, open };
    };

    it('closes the circuit at its first chunk when the consumer breaks out of the loop at once', async () => {
      const { target, open } = setup();
      const breaker = await open();
      const stream = await target.chat.completions.create(params);
      expect(stream.sourceName).toBe('primary');
      for await (const _ of stream) break;
      expect(breaker.state).toBe('closed');
    });

    it('closes the circuit at its first chunk when the consumer never reads the stream', async () => {
      const { target, open } = setup();
      const breaker = await open();
      const stream = await target.chat.completions.create(params);
      expect(breaker.state).toBe('closed');
      expect(breaker.tryAcquire()).toBe(true);
      stream.abort();
    });

    it('closes the circuit at its first chunk although the stream then breaks (the break is the consumer\'s, not a failover)', async () => {
      const { target, open } = setup();
      const breaker = await open();
      primary.server.faults.push({ match: CHAT, fault: { kind: 'truncated-sse', events: [chunk('a')] } });
      const { got, error } = await drain(await target.chat.completions.create(params));
      expect(got).toEqual(['a']);
      expect(error).toBeInstanceOf(StreamError);
      expect(breaker.state).toBe('closed');
    });

    it('reopens the circuit when the stream breaks before its first chunk, and the fallback answers', async () => {
      const { target, open } = setup();
      const breaker = await open();
      primary.server.faults.push({ match: CHAT, fault: { kind: 'truncated-sse', events: [] } });
      const stream = await target.chat.completions.create(params);
      expect(stream.sourceName).toBe('fallback');
      expect(breaker.state).toBe('open');
      stream.abort();
    });

    it('an abort while the probe waits for its first chunk ends the call with an AbortError and frees the slot for the next call', async () => {
      const { target, open } = setup();
      const breaker = await open();
      await abortWhileHeld(primary, target, { kind: 'stall-body', headers: { 'content-type': 'text/event-stream' }, body: ': waiting\n\n' });
      expect(chats(replica)).toBe(0);
      expect(breaker.state).toBe('half-open');
      // the slot is free: the next call is the probe, reaches the primary and closes the circuit
      const next = await target.chat.completions.create(params);
      expect(next.sourceName).toBe('primary');
      expect(breaker.state).toBe('closed');
      next.abort();
    });
  });

  describe("the caller's abort", () => {
    it("during the primary's attempt: an AbortError, the fallback never asked, the breaker untouched", async () => {
      const events: FallbackEvent[] = [];
      const breaker = createCircuitBreaker({ failureThreshold: 1 });
      const target = withFallback<OpenAIClient>(openai(primary), openai(replica), { breaker, onFallback: (e) => events.push(e) });
      await abortWhileHeld(primary, target);
      expect(chats(replica)).toBe(0);
      expect(events).toEqual([]);
      expect([breaker.state, breaker.consecutiveFailures]).toEqual(['closed', 0]);
    });

    it("during the next source's attempt in a chain: an AbortError, the last source never asked, the replica's breaker untouched", async () => {
      const events: FallbackEvent[] = [];
      const replicaBreaker = createCircuitBreaker({ failureThreshold: 1 });
      const dead = createOpenAIClient({ baseURL: `${await closedServerUrl()}/v1`, apiKey: KEY, retry: false });
      const target = withFallback<OpenAIClient>(dead, openai(replica), openai(last), {
        fallbacks: [{ name: 'replica', breaker: replicaBreaker }, { name: 'last' }],
        onFallback: (e) => events.push(e),
      });
      await abortWhileHeld(replica, target);
      expect(chats(last)).toBe(0);
      expect(events.map((e) => [e.from, e.to])).toEqual([['primary', 'replica']]);
      expect([replicaBreaker.state, replicaBreaker.consecutiveFailures]).toEqual(['closed', 0]);
    });

    it('during the stream: the loop ends with an AbortError and no other source is asked', async () => {
      const target = withFallback<OpenAIClient>(openai(primary), openai(replica));
      const ac = new AbortController();
      const stream = await target.chat.completions.create(params, { signal: ac.signal });
      const got: string[] = [];
      const ended = await (async () => {
        for await (const c of stream) {
          got.push(c.choices[0]?.delta.content ?? '');
          ac.abort();
        }
      })().then(
        () => 'ended',
        (e: unknown) => e,
      );
      expect(ended).toBeInstanceOf(AbortError);
      expect(got).toHaveLength(1);
      expect(chats(replica)).toBe(0);
    });
  });

  it('onFallback events hold no credential, though the failed answer echoed it', async () => {
    const events: FallbackEvent[] = [];
    const target = withFallback<OpenAIClient>(openai(primary), openai(replica), { onFallback: (e) => events.push(e) });
    primary.server.faults.push({ match: CHAT, fault: { kind: 'status', status: 503, body: { error: { message: `overloaded for key ${KEY} (Bearer ${KEY})` } } } });
    (await target.chat.completions.create(params)).abort();
    expect(events).toHaveLength(1);
    expect(events[0]!.error).toBeInstanceOf(InternalServerError);
    const text = [inspect(events, { depth: 8 }), JSON.stringify(events), String(events[0]!.error), (events[0]!.error as Error).stack].join('\n');
    expect(text).toContain('overloaded for key');
    expect(text).not.toContain(KEY);
  });
});

describe('an OIP generate_stream behind withFallback', () => {
  let oipPrimary: OipServer;
  let oipReplica: OipServer;
  beforeAll(async () => {
    [oipPrimary, oipReplica] = await Promise.all([startOipServer({ streamDelayMs: 0 }), startOipServer({ streamDelayMs: 0 })]);
  });
  afterAll(async () => {
    await Promise.all([oipPrimary.close(), oipReplica.close()]);
  });
  const STREAM = `/v2/models/${TOY_LLM}/generate_stream`;
  const target = () => withFallback<OipClient>(createOipClient({ baseURL: oipPrimary.url, retry: false }), createOipClient({ baseURL: oipReplica.url, retry: false }), { fallbackName: 'replica' });
  const texts = async (stream: AsyncIterable<{ text_output?: string }>): Promise<{ got: string[]; error?: unknown }> => {
    const got: string[] = [];
    try {
      for await (const e of stream) got.push(e.text_output ?? '');
      return { got };
    } catch (error) {
      return { got, error };
    }
  };

  it('fails over when the stream breaks before its first event', async () => {
    oipPrimary.http.faults.push({ match: STREAM, fault: { kind: 'truncated-sse', events: [] } });
    const stream = await target().generateStream(TOY_LLM, { text_input: 'a b c', parameters: { max_tokens: 3 } });
    expect(stream.sourceName).toBe('replica');
    expect((await texts(stream)).got).toEqual(['C ', 'B ', 'A ']);
  });

  it('does not fail over after its first event', async () => {
    oipPrimary.http.faults.push({ match: STREAM, fault: { kind: 'truncated-sse', events: [{ model_name: TOY_LLM, model_version: '1', text_output: 'C ' }] } });
    const before = oipReplica.http.count(STREAM);
    const stream = await target().generateStream(TOY_LLM, { text_input: 'a b c', parameters: { max_tokens: 3 } });
    expect(stream.sourceName).toBe('primary');
    const { got, error } = await texts(stream);
    expect(got).toEqual(['C ']);
    expect(error).toBeInstanceOf(StreamError);
    expect(oipReplica.http.count(STREAM)).toBe(before);
  });

  it('an error the server sends as its first event is past that point: the call answers with the stream, its first read throws, the breaker counted a success', async () => {
    // docs/fallback.md, Streams: a core Stream resolves at its first event, an error event too
    const breaker = createCircuitBreaker({ failureThreshold: 1 });
    const before = oipReplica.http.count(STREAM);
    const wrapped = withFallback<OipClient>(createOipClient({ baseURL: oipPrimary.url, retry: false }), createOipClient({ baseURL: oipReplica.url, retry: false }), { breaker });
    const stream = await wrapped.generateStream(TOY_LLM, { text_input: 'a b c', parameters: { max_tokens: 3, fail_after: 0 } });
    expect(stream.sourceName).toBe('primary');
    const { got, error } = await texts(stream);
    expect(got).toEqual([]);
    expect(error).toBeInstanceOf(StreamError);
    expect(String(error)).toContain('Request failed during generation');
    expect(oipReplica.http.count(STREAM)).toBe(before);
    expect([breaker.state, breaker.consecutiveFailures]).toEqual(['closed', 0]);
  });
});
