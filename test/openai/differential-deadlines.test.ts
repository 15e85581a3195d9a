/**
 * Differential: a server that never answers, and the caller's abort. The official client's
 * `timeout` bounds each attempt and is retried; modelwire's `timeoutMs` is one deadline for the whole
 * call. Only request counts and error classes are compared, never times.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '../../src/index.js';
import { createChatCompletion, listModels } from '../../src/openai/index.js';
import { json } from '../helpers/test-server.js';
import { capture, errorOf, pairs, startDiffServer, type DiffServer, type Pair } from './_differential.js';

let diff: DiffServer;
let all: Pair[];
beforeAll(async () => {
  diff = await startDiffServer();
  diff.answer((_req, res) => json(res, 200, { object: 'list', data: [] }));
  // long enough for each attempt to reach the server on a loaded machine (Deno's fetch transport
  // opens a connection of its own for a POST): a request the deadline ends before it arrives is
  // counted by no one, and the counts below are the point
  all = pairs(diff, { maxRetries: 2, timeoutMs: 500 });
});
afterEach(() => diff.server.faults.clear());
afterAll(() => diff.close());

const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };

describe.each(['fetch', 'undici'] as const)('modelwire (%s transport) vs the official client', (transport) => {
  const pair = (): Pair => all.find((p) => p.transport === transport)!;

  it('no answer to a GET: the official client times out each attempt and retries; modelwire stops at its one deadline', async () => {
    diff.server.faults.push({ match: '/v1/models', fault: { kind: 'no-headers' }, times: Infinity });
    const o = await capture(diff.server, () => pair().official.models.list());
    const m = await capture(diff.server, () => listModels(pair().mw));
    expect(errorOf(o.outcome)).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(o.requests).toHaveLength(3);
    expect(errorOf(m.outcome)).toBeInstanceOf(TimeoutError);
    expect(m.requests).toHaveLength(1);
  });

  it('no answer to a chat POST: the official client sends it three times; modelwire once', async () => {
    diff.server.faults.push({ match: '/v1/chat/completions', fault: { kind: 'no-headers' }, times: Infinity });
    const o = await capture(diff.server, () => pair().official.chat.completions.create(params));
    const m = await capture(diff.server, () => createChatCompletion(pair().mw, params));
    expect(o.requests).toHaveLength(3);
    expect(m.requests).toHaveLength(1);
    expect(errorOf(m.outcome)).toBeInstanceOf(TimeoutError);
  });

  it('the caller aborts while the server holds the request: APIUserAbortError and AbortError, neither retried', async () => {
    diff.server.faults.push({ match: '/v1/models', fault: { kind: 'no-headers' }, times: Infinity });
    const abortWhenReceived = async (call: (signal: AbortSignal) => Promise<unknown>) => {
      const controller = new AbortController();
      const seen = diff.server.requests.length;
      const pending = capture(diff.server, () => call(controller.signal));
      await diff.server.waitForRequests(seen + 1);
      controller.abort();
      return pending;
    };
    const o = await abortWhenReceived((signal) => pair().official.models.list({ signal, timeout: 10_000 }));
    const m = await abortWhenReceived((signal) => listModels(pair().mw, { signal, timeoutMs: 10_000 }));
    expect(errorOf(o.outcome)).toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(errorOf(m.outcome)).toBeInstanceOf(AbortError);
    expect([o.requests.length, m.requests.length]).toEqual([1, 1]);
  });
});
