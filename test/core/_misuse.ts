/**
 * Misuse checks: a loopback server that answers every request with a plausible success (so a bad
 * input that slips through is accepted, not masked by an error), and an assertion that a call was
 * refused with an InvalidRequestError naming the input before any request.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { InvalidRequestError, type CallOptions } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

export const PREDICTION = {
  id: 'p1',
  model: 'a/b',
  version: 'v1',
  input: {},
  status: 'succeeded',
  output: 'ok',
  created_at: '2026-01-01T00:00:00Z',
  urls: { get: 'x', cancel: 'y' },
};

/** A server that answers 200/201 with a body fitting whichever API was called. */
export function useServer(): { server: TestServer } {
  const box = {} as { server: TestServer };
  beforeAll(async () => {
    box.server = await startTestServer(async (req, res) => {
      const p = req.path;
      if (p.includes('/predictions') || p.includes('/trainings')) return json(res, 201, PREDICTION);
      if (p.endsWith('/infer')) return json(res, 200, { model_name: 'm', outputs: [{ name: 'y', datatype: 'FP32', shape: [1], data: [1] }] });
      if (p.endsWith('/generate')) return json(res, 200, { model_name: 'm', text_output: 'x' });
      if (p.includes('/chat/completions')) {
        return json(res, 200, {
          id: 'c', object: 'chat.completion', created: 1, model: 'm',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '{}', refusal: null } }],
        });
      }
      if (p.endsWith('/completions')) return json(res, 200, { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'x', finish_reason: 'stop', logprobs: null }] });
      if (p.endsWith('/embeddings')) return json(res, 200, { object: 'list', model: 'm', data: [{ object: 'embedding', index: 0, embedding: [1] }] });
      if (p.includes('/repository/')) return json(res, 200, {});
      json(res, 200, {});
    });
  });
  afterAll(() => box.server.close());
  return box;
}

/** Asserts `call` is refused with an InvalidRequestError whose `path` matches, and that nothing reached the server. */
export async function expectRefused(server: TestServer, call: () => unknown, path: RegExp): Promise<InvalidRequestError> {
  const before = server.requests.length;
  const err: unknown = await Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  const sent = server.requests.slice(before).map((r) => `${r.method} ${r.url} ${r.text().slice(0, 200)}`);
  expect({ error: err instanceof Error ? `${err.constructor.name}: ${err.message}` : err, sent }).toMatchObject({ sent: [] });
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect((err as InvalidRequestError).path).toMatch(path);
  return err as InvalidRequestError;
}

/** JavaScript callers are not type-checked. */
export const bad = (value: unknown): never => value as never;

/**
 * Every core per-call option (CallOptions), each set: what a "takes every documented option" test
 * spreads into its call (with the operation's own options); `idempotencyKey` is `'k'`, the header the
 * test server sees, and `validation` `'passthrough'`.
 */
export const everyCallOption = (): CallOptions => ({
  signal: new AbortController().signal,
  timeoutMs: 5000,
  headers: { 'x-a': '1' },
  idempotencyKey: 'k',
  validation: 'passthrough',
  retry: false,
});

/** The error `make` throws synchronously, which must be an InvalidRequestError whose `path` is `path`, named in its message. */
export function refusedAt(path: string, make: () => unknown): InvalidRequestError {
  let err: unknown;
  try {
    make();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect((err as InvalidRequestError).path).toBe(path);
  expect((err as Error).message).toContain(path);
  return err as InvalidRequestError;
}
