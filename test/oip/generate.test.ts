import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, InternalServerError, InvalidRequestError, StreamError, UnprocessableEntityError } from '../../src/core/errors.js';
import { createOipClient, generate, generateStream, type GenerateStreamEvent, type OipClient } from '../../src/oip/index.js';
import { TOY_LLM, type OipServer } from '../helpers/oip-server.js';
import { createConformance, expectConformant, startConformantOipServer, unexpected } from './setup.js';

const conformance = createConformance();
let server: OipServer;
let oip: OipClient;

beforeAll(async () => {
  server = await startConformantOipServer(conformance, { loaded: [] });
  oip = createOipClient({ baseURL: server.url, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
});
afterAll(async () => {
  await server.close();
  expectConformant(conformance, 6);
});

describe('generate', () => {
  it('returns the whole text in one response', async () => {
    const res = await generate(oip, TOY_LLM, { id: 'g1', text_input: 'one two three', parameters: { max_tokens: 4, temperature: 0 } });
    expect(res).toMatchObject({ id: 'g1', model_name: TOY_LLM, model_version: '1', text_output: 'THREE TWO ONE THREE ' });
    expect(server.http.requests.at(-1)!.json()).toEqual({ id: 'g1', text_input: 'one two three', parameters: { max_tokens: 4, temperature: 0 } });
  });

  it('422 → UnprocessableEntityError; a model without generate → BadRequestError', async () => {
    await expect(oip.generate(TOY_LLM, { text_input: 5 as unknown as string })).rejects.toBeInstanceOf(InvalidRequestError);
    server.http.faults.push({ match: `/v2/models/${TOY_LLM}/generate`, fault: { kind: 'status', status: 422, body: { error: 'Input validation error' } } });
    const e = await oip.generate(TOY_LLM, { text_input: 'x' }).then(unexpected, (err: unknown) => err as UnprocessableEntityError);
    expect(e).toBeInstanceOf(UnprocessableEntityError);
    expect(e.message).toContain('Input validation error');
    await expect(oip.generate('mlp', { text_input: 'x' })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('is retried on 500 like infer', async () => {
    const path = `/v2/models/${TOY_LLM}/generate`;
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'status', status: 500, body: { error: 'Incomplete generation' } } });
    expect((await oip.generate(TOY_LLM, { text_input: 'a', parameters: { max_tokens: 1 } })).text_output).toBe('A ');
    expect(server.http.count(path) - before).toBe(2);
  });
});

describe('generate_stream', () => {
  it('streams each token as a typed event; the last carries details', async () => {
    const stream = await generateStream(oip, TOY_LLM, { text_input: 'alpha beta', parameters: { max_tokens: 3 } }, { version: '1' });
    const events: GenerateStreamEvent[] = [];
    for await (const ev of stream) events.push(ev);
    expect(events.map((e) => e.text_output)).toEqual(['BETA ', 'ALPHA ', 'BETA ']);
    expect(events.at(-1)!.details?.finish_reason).toBe('length');
    expect(events.at(-1)!.details?.token?.id).toBe(2);
    const sent = server.http.requests.at(-1)!;
    expect(sent.path).toBe(`/v2/models/${TOY_LLM}/versions/1/generate_stream`);
    expect(sent.headers.accept).toBe('text/event-stream');
  });

  it('an error object inside a 200 stream throws StreamError after the good events', async () => {
    const stream = await oip.generateStream(TOY_LLM, { text_input: 'a b c d', parameters: { max_tokens: 10, fail_after: 2 } });
    const got: string[] = [];
    const err = await (async () => {
      for await (const ev of stream) got.push(ev.text_output);
    })().then(unexpected, (e: unknown) => e as StreamError);
    expect(got).toEqual(['D ', 'C ']);
    expect(err).toBeInstanceOf(StreamError);
    expect(err.message).toContain('Request failed during generation');
  });

  it('is retried before the first event (503), and a failing status before the stream is a typed error', async () => {
    const path = `/v2/models/${TOY_LLM}/generate_stream`;
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'status', status: 503 } });
    const stream = await oip.generateStream(TOY_LLM, { text_input: 'z', parameters: { max_tokens: 1 } });
    const all: string[] = [];
    for await (const ev of stream) all.push(ev.text_output);
    expect(all).toEqual(['Z ']);
    expect(server.http.count(path) - before).toBe(2);
    server.http.faults.push({ match: path, fault: { kind: 'status', status: 500, body: { error: 'Incomplete generation' } }, times: 3 });
    await expect(oip.generateStream(TOY_LLM, { text_input: 'z' })).rejects.toBeInstanceOf(InternalServerError);
  });

  it('breaking out early cancels the response', async () => {
    const stream = await oip.generateStream(TOY_LLM, { text_input: 'w', parameters: { max_tokens: 500 } });
    let n = 0;
    for await (const _ of stream) if (++n === 2) break;
    expect(n).toBe(2);
    // The server noticed the client went away (its writes stop) — the connection was closed by the client.
    await new Promise((r) => setTimeout(r, 50));
    expect(server.http.handlerErrors).toEqual([]);
  });
});
